package demo

import (
	"os"
	"testing"
)

// TestMain closes the browser tests' shared Chromium after the last test.
func TestMain(m *testing.M) {
	code := m.Run()
	closeBrowser()
	os.Exit(code)
}
