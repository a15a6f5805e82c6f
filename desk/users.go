package desk

import (
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"hotline/config"
	"hotline/httpx"
	"hotline/store"
)

// Console roles.
const (
	RoleAdmin      = "admin"
	RoleAgent      = "agent"
	RoleDepartment = "department"
	RoleSupervisor = "supervisor"
	RoleLeader     = "leader"
)

// Roles lists every console role.
func Roles() []string {
	return []string{RoleAdmin, RoleAgent, RoleDepartment, RoleSupervisor, RoleLeader}
}

// MinPasswordLen is the shortest password accepted (in characters).
const MinPasswordLen = 8

// ErrUserExists is returned by AddUser for a name already taken.
var ErrUserExists = errors.New("desk: user exists")

// UserError is an account rule a request broke: Error is for the command
// line (English, like the other CLI errors); Zh picks the console's words
// from http_errors.desk, filled with Data.
type UserError struct {
	En   string
	Zh   httpx.Text
	Data config.HTTPErrorData
}

func (e *UserError) Error() string { return "desk: " + e.En }

func userErr(zh httpx.Text, data config.HTTPErrorData, format string, args ...any) error {
	return &UserError{En: fmt.Sprintf(format, args...), Zh: zh, Data: data}
}

// NewUser checks a new account's name, role, department and password and
// returns it with the password hashed (bcrypt). A department user must name
// a department of the config; other roles must not.
func NewUser(cfg *config.Config, name, role, department, password string, now time.Time) (*store.User, error) {
	name, department, err := checkAccount(cfg, name, role, department)
	if err != nil {
		return nil, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	return &store.User{Name: name, Role: role, Department: department, PasswordHash: hash, CreatedAt: now}, nil
}

// checkAccount checks an account's name, role and department and returns
// the name trimmed and the department as the config spells it.
func checkAccount(cfg *config.Config, name, role, department string) (string, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 32 || strings.ContainsAny(name, " \t\r\n/:\x00") {
		return "", "", userErr(txtUserName, noData, "user name %q must be 1 to 32 characters without spaces, '/' or ':'", name)
	}
	if !slices.Contains(Roles(), role) {
		return "", "", userErr(txtChooseRole, noData, "unknown role %q (one of %s)", role, strings.Join(Roles(), ", "))
	}
	if role == RoleDepartment {
		if strings.TrimSpace(department) == "" {
			return "", "", userErr(txtChooseDept, noData, "a department account needs its department (--department)")
		}
		d, ok := cfg.Department(department)
		if !ok {
			return "", "", userErr(txtUnknownDept, config.HTTPErrorData{Value: department}, "department %q is not in the config's departments", department)
		}
		department = d.Name
	} else if department != "" {
		return "", "", userErr(txtDeptOnly, noData, "only the department role is bound to a department (got --department with role %s)", role)
	}
	return name, department, nil
}

// passwordCost is bcrypt's cost for new hashes and the dummy one:
// bcrypt.DefaultCost in every binary but a test binary that called
// LowerPasswordCostForTests.
var passwordCost = bcrypt.DefaultCost

// LowerPasswordCostForTests makes the hashes of this process bcrypt's
// lowest cost, for tests that add accounts through the real commands and
// handlers (a hash at the default cost takes a few tenths of a second of
// CPU under the race detector). Call it from TestMain before any test
// runs. It panics outside a test binary (testing.Testing), so no program
// can lower the cost of its passwords.
func LowerPasswordCostForTests() {
	if !testing.Testing() {
		panic("desk: LowerPasswordCostForTests called outside a test binary")
	}
	passwordCost = bcrypt.MinCost
}

// maxPassword is bcrypt's limit, in bytes.
const maxPassword = 72

// HashPassword checks the password's length and hashes it with bcrypt.
func HashPassword(password string) (string, error) {
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return "", userErr(txtPasswordShort, config.HTTPErrorData{Min: MinPasswordLen}, "the password must have at least %d characters", MinPasswordLen)
	}
	if len(password) > maxPassword {
		return "", userErr(txtPasswordLong, config.HTTPErrorData{Max: maxPassword}, "the password must have at most %d bytes (bcrypt's limit)", maxPassword)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), passwordCost)
	if err != nil {
		return "", fmt.Errorf("desk: unable to hash password: %w", err)
	}
	return string(h), nil
}

// AddUser stores u unless a user of that name exists (ErrUserExists).
func AddUser(st *store.Store, u *store.User, actor string) error {
	return st.UpdateNow(func(tx *store.Tx) error {
		if _, err := tx.User(u.Name); err == nil {
			return fmt.Errorf("%w: %s", ErrUserExists, u.Name)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := tx.PutUser(u); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{At: u.CreatedAt, Actor: actor, Action: "user.add", Object: u.Name,
			After: auditJSON(map[string]string{"role": u.Role, "department": u.Department})})
	})
}

// SetPassword replaces a user's password.
func SetPassword(st *store.Store, name, password, actor string, now time.Time) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return st.UpdateNow(func(tx *store.Tx) error {
		u, err := tx.User(name)
		if errors.Is(err, store.ErrNotFound) {
			return userErr(txtNoUser, config.HTTPErrorData{Value: name}, "no user %q", name)
		}
		if err != nil {
			return err
		}
		u.PasswordHash = hash
		if err := tx.PutUser(u); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{At: now, Actor: actor, Action: "user.passwd", Object: name})
	})
}

// SetDisabled disables or enables an account (hotline users disable and
// enable, with the server stopped): one audit entry when its state changes,
// and a disabled account's sessions end, as in the console. It reports
// whether the state changed.
func SetDisabled(st *store.Store, name string, disabled bool, actor string, now time.Time) (bool, error) {
	var changed bool
	err := st.UpdateNow(func(tx *store.Tx) error {
		changed = false // the function may run again
		u, err := tx.User(name)
		if errors.Is(err, store.ErrNotFound) {
			return userErr(txtNoUser, config.HTTPErrorData{Value: name}, "no user %q", name)
		}
		if err != nil {
			return err
		}
		if u.Disabled == disabled {
			return nil
		}
		before := *u
		u.Disabled = disabled
		if err := tx.PutUser(u); err != nil {
			return err
		}
		for _, ch := range userChanges(&before, u) {
			if err := tx.Audit(store.AuditEntry{At: now, Actor: actor, Action: ch.action, Object: name,
				Before: auditJSON(ch.before), After: auditJSON(ch.after)}); err != nil {
				return err
			}
		}
		changed = true
		if disabled {
			return endSessions(tx, name)
		}
		return nil
	})
	return changed, err
}

// Users lists the console accounts by name.
func Users(st *store.Store) ([]*store.User, error) {
	var out []*store.User
	err := st.View(func(tx *store.Tx) error {
		var err error
		out, err = tx.Users()
		return err
	})
	return out, err
}

// EnsureAdmin creates the first administrator when the store has no
// account anyone can sign in with and never had an administrator: no user
// at all, or only disabled ones none of which is an administrator (the
// people `hotline demo` adds to name its history are disabled accounts of
// the other roles, so an office that starts on the demo's data still gets
// its administrator, while an office that disabled every account, its
// administrators too, does not get one back from a password left in the
// service's environment); it reports whether it created one. With an
// empty password it creates nothing (there is never a default password).
func EnsureAdmin(cfg *config.Config, st *store.Store, name, password string, now time.Time) (bool, error) {
	users, err := Users(st)
	if err != nil || password == "" || slices.ContainsFunc(users, func(u *store.User) bool { return !u.Disabled || u.Role == RoleAdmin }) {
		return false, err
	}
	if name == "" {
		name = "admin"
	}
	u, err := NewUser(cfg, name, RoleAdmin, "", password, now)
	if err != nil {
		return false, err
	}
	if err := AddUser(st, u, "system"); err != nil {
		if errors.Is(err, ErrUserExists) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// dummyHash is a throw-away hash, at the cost of real ones
// (passwordCost), that checkPassword compares against for unknown user
// names; made once per process (a process that builds several consoles,
// as the tests do, pays bcrypt once).
var dummyHash = sync.OnceValues(func() ([]byte, error) {
	var pw [16]byte
	if _, err := rand.Read(pw[:]); err != nil {
		return nil, err
	}
	return bcrypt.GenerateFromPassword(pw[:], passwordCost)
})

// checkPassword returns the user when name and password match an enabled
// account. For an unknown name it compares against dummy, so that a login
// attempt takes as long for an unknown name as for a wrong password.
func checkPassword(st *store.Store, dummy []byte, name, password string) (*store.User, bool) {
	var u *store.User
	_ = st.View(func(tx *store.Tx) error {
		var err error
		u, err = tx.User(name)
		return err
	})
	if u == nil || u.Disabled {
		_ = bcrypt.CompareHashAndPassword(dummy, []byte(password))
		return nil, false
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return nil, false
	}
	return u, true
}
