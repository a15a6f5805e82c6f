package duty_test

import (
	"os"
	"testing"

	"hotline/desk"
	"hotline/internal/raceexit"
)

// TestMain lowers bcrypt's cost for the accounts these tests make through
// desk.NewUser and log in with (the default cost takes about a second of
// CPU a hash or a login under the race detector); desk's tests check that
// production keeps the default.
func TestMain(m *testing.M) {
	raceexit.NoSleep()
	desk.LowerPasswordCostForTests()
	os.Exit(m.Run())
}
