package demo

import (
	"os"
	"testing"

	"hotline/internal/browsertest"
	"hotline/internal/raceexit"
)

// TestMain closes the browser tests' shared Chromium after the last test.
func TestMain(m *testing.M) {
	raceexit.NoSleep()
	code := m.Run()
	browsertest.Close()
	os.Exit(code)
}
