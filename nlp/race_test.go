//go:build race

package nlp

// raceEnabled tells whether the test binary was built with the race
// detector (go test -race): the tests that compare two ways of matching
// over every example then take a sample of the texts (the race runtime
// makes them ten times slower and finds nothing in code that runs on one
// goroutine; the run without it compares them all).
const raceEnabled = true
