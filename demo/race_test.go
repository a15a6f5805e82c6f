//go:build race

package demo

// raceEnabled tells whether the test binary was built with the race
// detector (go test -race), as the standard library's internal/race.Enabled:
// some tests then build a smaller history that their assertions hold on
// as well (each says why).
const raceEnabled = true
