//go:build !unix

// Package cputime reads the CPU time the process has used, what a test's
// or a benchmark's work costs on a machine where it waits for its share
// (the tests of store and desk measure with it).
package cputime

import "time"

// Process is not measured here.
func Process() (time.Duration, bool) { return 0, false }
