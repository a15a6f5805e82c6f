package desk

import (
	"path/filepath"
	"testing"
	"time"

	"hotline/config"
	"hotline/store"
)

// TestEnsureAdminBesideDisabledAccounts: HOTLINE_ADMIN_PASSWORD makes the
// first administrator on a store whose only accounts are disabled (the
// people `hotline demo` adds to name its history), so README's first steps
// (demo, then serve with the password) end with an administrator who can
// sign in; once an enabled account exists it makes none, and an empty
// password never makes one.
func TestEnsureAdminBesideDisabledAccounts(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

	demo, err := NewUser(cfg, "demo-agent", RoleAgent, "", "demo-pass-1", now)
	if err != nil {
		t.Fatal(err)
	}
	demo.Disabled = true
	if err := AddUser(st, demo, "system"); err != nil {
		t.Fatal(err)
	}
	if created, err := EnsureAdmin(cfg, st, "", "", now); err != nil || created {
		t.Fatalf("an empty password made an administrator (%v, %v)", created, err)
	}
	if created, err := EnsureAdmin(cfg, st, "", "first-admin-pass", now); err != nil || !created {
		t.Fatalf("beside the demo's disabled account: created %v, %v; want an administrator", created, err)
	}
	if _, ok := checkPassword(st, nil, "admin", "first-admin-pass"); !ok {
		t.Fatal("the administrator made cannot sign in")
	}
	if created, err := EnsureAdmin(cfg, st, "second", "second-admin-pass", now); err != nil || created {
		t.Fatalf("with an enabled account: created %v, %v; want none", created, err)
	}
	if _, ok := checkPassword(st, nil, "second", "second-admin-pass"); ok {
		t.Fatal("a second administrator was made while an enabled account exists")
	}
}

// TestEnsureAdminNotAfterLockdown: an office that disabled every account,
// its administrator's too, does not get an administrator back at the next
// start from a password left in the service's environment.
func TestEnsureAdminNotAfterLockdown(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	for _, a := range []struct{ name, role string }{{"chief", RoleAdmin}, {"agent1", RoleAgent}} {
		u, err := NewUser(cfg, a.name, a.role, "", "old-pass-123", now)
		if err != nil {
			t.Fatal(err)
		}
		u.Disabled = true
		if err := AddUser(st, u, "system"); err != nil {
			t.Fatal(err)
		}
	}
	if created, err := EnsureAdmin(cfg, st, "ops", "old-env-pass", now); err != nil || created {
		t.Fatalf("after every account was disabled: created %v, %v; want none", created, err)
	}
	if _, ok := checkPassword(st, nil, "ops", "old-env-pass"); ok {
		t.Fatal("the environment's password signs in after a lockdown")
	}
}
