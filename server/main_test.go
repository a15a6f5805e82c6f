package server

import (
	"os"
	"testing"

	"hotline/desk"
	"hotline/internal/browsertest"
	"hotline/internal/raceexit"
)

// TestMain closes the browser tests' shared Chromium after the last test.
// Accounts that tests make through the console's handlers are hashed at
// bcrypt's lowest cost (desk's tests check that production keeps the
// default).
func TestMain(m *testing.M) {
	raceexit.NoSleep()
	desk.LowerPasswordCostForTests()
	code := m.Run()
	browsertest.Close()
	os.Exit(code)
}
