package raceexit

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// childEnv makes the test binary a child of these tests: TestMain does
// what it names instead of running the tests.
const childEnv = "HOTLINE_RACEEXIT_CHILD"

func TestMain(m *testing.M) {
	NoSleep()
	switch os.Getenv(childEnv) {
	case "env":
		fmt.Printf("pid=%d GORACE=%s\n", os.Getpid(), os.Getenv("GORACE"))
		os.Exit(0)
	case "race":
		racy()
		os.Exit(0)
	case "exit3":
		os.Exit(3)
	}
	os.Exit(m.Run())
}

// racy writes a variable from two goroutines that nothing orders.
func racy() {
	x := 0
	done := make(chan struct{})
	go func() { x = 1; close(done) }()
	x = 2
	<-done
	fmt.Println(x > 0)
}

// child runs this test binary as a child doing mode, with GORACE as given
// (unset when gorace is nil), and returns its output and exit code.
func child(t *testing.T, mode string, gorace *string) (string, int, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "GORACE=") })
	if gorace != nil {
		env = append(env, "GORACE="+*gorace)
	}
	cmd.Env = append(env, childEnv+"="+mode)
	out, err := cmd.CombinedOutput()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code, cmd.Process.Pid
}

func TestChildGORACE(t *testing.T) {
	own := "history_size=3 halt_on_error=0"
	preset := "atexit_sleep_ms=250"
	want := func(gorace string) string {
		if raceEnabled {
			return strings.TrimSpace(gorace + " atexit_sleep_ms=0")
		}
		return gorace
	}
	for _, tc := range []struct {
		name   string
		gorace *string
		want   string
	}{
		{"unset", nil, want("")},
		{"caller's options kept", &own, want(own)},
		{"caller's atexit_sleep_ms kept", &preset, preset},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, code, pid := child(t, "env", tc.gorace)
			// The same process (exec, not a child of its own): go test
			// waits on it, its output and its exit code.
			if wantOut := "pid=" + strconv.Itoa(pid) + " GORACE=" + tc.want + "\n"; out != wantOut || code != 0 {
				t.Fatalf("child said %q (exit %d), want %q (exit 0)", out, code, wantOut)
			}
		})
	}
}

func TestExitCodeKept(t *testing.T) {
	if out, code, _ := child(t, "exit3", nil); code != 3 {
		t.Fatalf("exit %d, want 3: %s", code, out)
	}
}

func TestWithoutSleep(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		want []string
		ok   bool
	}{
		{[]string{"A=1"}, []string{"A=1", "GORACE=atexit_sleep_ms=0"}, true},
		{[]string{"GORACE=log_path=/tmp/r", "B=2"}, []string{"B=2", "GORACE=log_path=/tmp/r atexit_sleep_ms=0"}, true},
		{[]string{"GORACE="}, []string{"GORACE=atexit_sleep_ms=0"}, true},
		{[]string{"GORACE=atexit_sleep_ms=0", "B=2"}, []string{"GORACE=atexit_sleep_ms=0", "B=2"}, false},
		{[]string{"GORACE=halt_on_error=1 atexit_sleep_ms=500"}, []string{"GORACE=halt_on_error=1 atexit_sleep_ms=500"}, false},
	} {
		got, ok := withoutSleep(tc.env)
		if !slices.Equal(got, tc.want) || ok != tc.ok {
			t.Errorf("withoutSleep(%q) = %q, %v; want %q, %v", tc.env, got, ok, tc.want, tc.ok)
		}
	}
}
