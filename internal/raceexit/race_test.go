//go:build race

package raceexit

import (
	"strings"
	"testing"
)

// TestRaceStillFailsTheBinary: a race met outside any test, after the
// exec without the exit sleep, is still reported, and the binary still
// exits with the race runtime's code (66) though every test passed.
func TestRaceStillFailsTheBinary(t *testing.T) {
	out, code, _ := child(t, "race", nil)
	if code != 66 || !strings.Contains(out, "WARNING: DATA RACE") {
		t.Fatalf("exit %d, want 66 with a race report:\n%s", code, out)
	}
}
