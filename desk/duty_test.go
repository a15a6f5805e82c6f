package desk

import (
	"testing"

	"golang.org/x/crypto/bcrypt"

	"hotline/duty"
	"hotline/store"
)

// TestDutyListNamesTheTaker: the planners' list of duty sessions names
// the console login that really takes each session, by the rule the
// hand-over and the leader items follow (duty.Session.LeaderLogin): the
// account kept with it; else, for a session kept without one, the one
// enabled leader account of its leader's display name (taker_by_name);
// else none, for a name no account or two accounts bear. A session kept
// without an account whose leader got one later read 未关联工作台账号
// while that account took it.
func TestDutyListNamesTheTaker(t *testing.T) {
	e := newEnv(t, nil)
	hash, err := bcrypt.GenerateFromPassword([]byte(testPass), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ name, display string }{{"deputy", "李强"}, {"wang1", "王军"}, {"wang2", "王军"}, {"retired", "孙立"}} {
		if err := AddUser(e.st, &store.User{Name: u.name, DisplayName: u.display, Role: RoleLeader, PasswordHash: string(hash), CreatedAt: e.clk.now()}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	sessions := []duty.Session{
		{ID: "kept", Date: "2026-11-30", Start: "09:00", End: "11:00", Leader: "张明", Title: "副市长", Account: "leader1"},
		{ID: "byname", Date: "2026-12-01", Start: "09:00", End: "11:00", Leader: "李强", Title: "副市长"},
		{ID: "twonames", Date: "2026-12-02", Start: "09:00", End: "11:00", Leader: "王军", Title: "市城市管理局局长"},
		{ID: "nobody", Date: "2026-12-03", Start: "09:00", End: "11:00", Leader: "赵六", Title: "市水务局局长"},
		{ID: "disabled", Date: "2026-12-04", Start: "09:00", End: "11:00", Leader: "孙立", Title: "副市长", Account: "retired"},
	}
	for i := range sessions {
		if err := duty.Add(e.st, &sessions[i]); err != nil {
			t.Fatal(err)
		}
	}
	// The account a session was kept for is disabled since: nobody takes
	// the session, not another account of the name.
	if err := e.st.Update(func(tx *store.Tx) error {
		u, err := tx.User("retired")
		if err != nil {
			return err
		}
		u.Disabled = true
		return tx.PutUser(u)
	}); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		taker  string
		byName bool
	}{"kept": {"leader1", false}, "byname": {"deputy", true}, "twonames": {"", false}, "nobody": {"", false}, "disabled": {"", false}}

	code, out := e.do(t, e.login(t, "super1"), "GET", "/desk/api/duty", nil)
	if code != 200 {
		t.Fatalf("GET /desk/api/duty: %d %v", code, out)
	}
	list, _ := out["sessions"].([]any)
	if len(list) != len(sessions) {
		t.Fatalf("the list has %d sessions, want %d: %v", len(list), len(sessions), out)
	}
	for _, row := range list {
		r, _ := row.(map[string]any)
		id, _ := r["id"].(string)
		w, ok := want[id]
		if !ok {
			t.Errorf("unknown session %v", r)
			continue
		}
		if r["taker"] != w.taker || r["taker_by_name"] != w.byName {
			t.Errorf("session %s: taker %v by name %v, want %q %v", id, r["taker"], r["taker_by_name"], w.taker, w.byName)
		}
	}
	// The list says what the server does: the taker takes the session,
	// and no leader takes one the list gives nobody.
	err = e.st.View(func(tx *store.Tx) error {
		for _, s := range sessions {
			for _, login := range []string{"leader1", "deputy", "wang1", "wang2", "retired"} {
				takes, err := s.Takes(tx, login)
				if err != nil {
					return err
				}
				if takes != (login == want[s.ID].taker) {
					t.Errorf("session %s: Takes(%s) = %v, the list names %q", s.ID, login, takes, want[s.ID].taker)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
