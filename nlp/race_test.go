//go:build race

package nlp

// raceEnabled tells whether the test binary was built with the race
// detector (go test -race): the tests that compare two ways of matching
// over every example, or check every written training message, then take a
// sample of the texts (the race runtime makes them ten times slower and
// finds nothing in code that runs on one goroutine; TestClassifyConcurrent
// is the race test of Classify). .ci/run also runs the package without the
// race detector, which checks them all.
const raceEnabled = true
