package workflow

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeRolesFollowPermissions: README's table of roles says who may
// review replies and decide extensions as the permission table does (it
// gave both to supervisors only, while agents may do them too, from the
// same work queues, as in many 12345 centres).
func TestReadmeRolesFollowPermissions(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := func(role string) string {
		for line := range strings.SplitSeq(string(b), "\n") {
			if strings.HasPrefix(line, "| `"+role+"` (") {
				return line
			}
		}
		t.Fatalf("README has no row for the role %s", role)
		return ""
	}
	says := map[Op]string{OpReview: "review replies", OpDecideExtension: "decide extensions"}
	for _, role := range []string{RoleAgent, RoleSupervisor, RoleDepartment, RoleLeader} {
		r := row(role)
		for op, words := range says {
			if got, want := strings.Contains(r, words), Allowed(role, op); got != want {
				t.Errorf("README's %s row says %q: %v; the permission table allows %s: %v", role, words, got, op, want)
			}
		}
	}
}
