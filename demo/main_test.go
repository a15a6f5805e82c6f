package demo

import (
	"os"
	"testing"

	"hotline/internal/browsertest"
)

// TestMain closes the browser tests' shared Chromium after the last test.
func TestMain(m *testing.M) {
	code := m.Run()
	browsertest.Close()
	os.Exit(code)
}
