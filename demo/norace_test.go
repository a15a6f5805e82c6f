//go:build !race

package demo

// raceEnabled: see race_test.go.
const raceEnabled = false
