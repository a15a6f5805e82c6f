// Package raceexit spares a test binary built with the race detector the
// second it sleeps at a clean exit.
//
// The race runtime sleeps GORACE's atexit_sleep_ms (1000 by default) at a
// clean exit while other goroutines live, which in a Go process is always
// (the runtime's own), before it checks whether it reported a race: a
// second of one of `go test`'s slots for every package. The option is read
// from the environment when the process starts, so NoSleep starts the test
// binary again, in the same process (exec), with atexit_sleep_ms=0 added
// to the caller's GORACE. The check itself still runs: a race reported
// anywhere, in a test or outside any (TestMain, a goroutine between
// tests), still prints its report and fails the binary (exit 66 when no
// test failed). What the sleep gave, a second more for a goroutine left
// running after the last test to meet a race, is what is given up.
package raceexit

import (
	"os"
	"strings"
	"syscall"
)

// NoSleep is the first statement of every package's TestMain. Built with
// the race detector and started without atexit_sleep_ms in GORACE, it
// replaces the process with the same binary, the same arguments and that
// option added to the caller's GORACE (whatever else they set is kept);
// otherwise, or should the exec fail, it returns and the tests run as
// they are.
func NoSleep() {
	if !raceEnabled {
		return
	}
	env, ok := withoutSleep(os.Environ())
	if !ok {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	_ = syscall.Exec(exe, os.Args, env)
}

// withoutSleep is env with atexit_sleep_ms=0 added to GORACE, and false
// when GORACE already sets atexit_sleep_ms (the caller's choice, or this
// binary after its exec).
func withoutSleep(env []string) ([]string, bool) {
	out := make([]string, 0, len(env)+1)
	gorace := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GORACE="); ok {
			gorace = v
			continue
		}
		out = append(out, kv)
	}
	if strings.Contains(gorace, "atexit_sleep_ms") {
		return env, false
	}
	return append(out, "GORACE="+strings.TrimSpace(gorace+" atexit_sleep_ms=0")), true
}
