//go:build unix

package desk

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used (user and system), what
// a benchmark costs on a machine where it waits for its share.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
