package desk

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// TestPasswordsHashedAtTheDefaultCost: HashPassword, before TestMain
// lowered the cost (LowerPasswordCostForTests), hashed as production does,
// at bcrypt's default cost.
func TestPasswordsHashedAtTheDefaultCost(t *testing.T) {
	t.Parallel()
	h, err := defaultCost.hash, defaultCost.err
	if err != nil {
		t.Fatal(err)
	}
	if cost, err := bcrypt.Cost([]byte(h)); err != nil || cost != bcrypt.DefaultCost {
		t.Fatalf("hash cost %d (%v), want bcrypt's default %d", cost, err, bcrypt.DefaultCost)
	}
}
