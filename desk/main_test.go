package desk

import (
	"os"
	"testing"

	"hotline/internal/raceexit"
)

// defaultCost is what HashPassword made before TestMain lowered the cost:
// TestPasswordsHashedAtTheDefaultCost checks it, so production's cost is
// still tested while the other tests hash at bcrypt's lowest cost (the
// default cost takes about a second of CPU a hash or a login under the
// race detector, and this package makes dozens).
var defaultCost struct {
	hash string
	err  error
}

func TestMain(m *testing.M) {
	raceexit.NoSleep()
	defaultCost.hash, defaultCost.err = HashPassword("secret-pass-1")
	LowerPasswordCostForTests()
	os.Exit(m.Run())
}
