package webchat

import (
	"os"
	"testing"

	"hotline/internal/raceexit"
)

// TestMain runs the tests without the race runtime's second of sleep at
// the binary's exit (raceexit).
func TestMain(m *testing.M) {
	raceexit.NoSleep()
	os.Exit(m.Run())
}
