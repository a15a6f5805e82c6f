//go:build !race

package raceexit

const raceEnabled = false
