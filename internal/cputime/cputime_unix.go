//go:build unix

// Package cputime reads the CPU time the process has used, what a test's
// or a benchmark's work costs on a machine where it waits for its share
// (the tests of store and desk measure with it).
package cputime

import (
	"syscall"
	"time"
)

// Process is the CPU time the process has used (user and system); false
// where it cannot be read.
func Process() (time.Duration, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
