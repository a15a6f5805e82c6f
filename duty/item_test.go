package duty_test

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"hotline/duty"
	"hotline/store"
	"hotline/ticket"
)

// TestMarkTxKeepsTheKnownLogin: MarkTx keeps the leader login its caller
// knows (the leader's own console, the account a chat was handed to) even
// when the session's display name fits two leader accounts (two 张明), and
// works one out from the session only when the caller knows none: the
// session's Account, else the one leader account of that name, else
// nothing.
func TestMarkTxKeepsTheKnownLogin(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "hotline.db"), &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC)
	if err := st.UpdateNow(func(tx *store.Tx) error {
		for _, u := range []*store.User{
			{Name: "mayor", Role: duty.RoleLeader, DisplayName: "张明"},
			{Name: "zhangming2", Role: duty.RoleLeader, DisplayName: "张明"},
			{Name: "deputy", Role: duty.RoleLeader, DisplayName: "李强"},
		} {
			if err := tx.PutUser(u); err != nil {
				return err
			}
		}
		for i := 1; i <= 5; i++ {
			if err := tx.PutTicket(&ticket.Ticket{Number: ticket.FormatNumber(at, i), Status: ticket.Accepted, ReceivedAt: at}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	zhang := &duty.Session{Date: "2026-12-02", Start: "09:00", End: "11:00", Leader: "张明", Title: "副市长"}
	li := &duty.Session{Date: "2026-12-02", Start: "09:00", End: "11:00", Leader: "李强", Title: "副市长"}
	withAccount := &duty.Session{Date: "2026-12-02", Start: "09:00", End: "11:00", Leader: "张明", Title: "副市长", Account: "mayor"}
	for i, c := range []struct {
		sess   *duty.Session
		leader string // what the caller knows
		want   string
	}{
		{zhang, "mayor", "mayor"},           // known: kept, though two accounts are 张明
		{zhang, "", ""},                     // unknown and two 张明: none
		{li, "", "deputy"},                  // unknown, one 李强
		{withAccount, "", "mayor"},          // unknown, the session's account
		{zhang, "zhangming2", "zhangming2"}, // the other 张明, as the caller knows
	} {
		n := ticket.FormatNumber(at, i+1)
		var got string
		if err := st.UpdateNow(func(tx *store.Tx) error {
			changed, err := duty.MarkTx(tx, n, "agent:ag", c.leader, c.sess, at, "领导接听")
			if err != nil || !changed {
				t.Errorf("MarkTx %s: changed %v, %v", n, changed, err)
			}
			got = duty.ItemLeader(tx, n)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("order %s (%s, caller knows %q): ItemLeader %q, want %q", n, c.sess.Leader, c.leader, got, c.want)
		}
	}
}

// TestSessionTakenByItsAccount: a session is its Account's only; one
// stored without an account (a record in the old form, as sessions were
// planned before the console filled it in) is the one enabled leader
// account of its leader's display name, and nobody's when two bear it.
func TestSessionTakenByItsAccount(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "hotline.db"), &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.UpdateNow(func(tx *store.Tx) error {
		for _, u := range []*store.User{
			{Name: "mayor", Role: duty.RoleLeader, DisplayName: "张明"},
			{Name: "zhangming2", Role: duty.RoleLeader, DisplayName: "张明"},
			{Name: "deputy", Role: duty.RoleLeader, DisplayName: "李强"},
			{Name: "gone", Role: duty.RoleLeader, DisplayName: "王五", Disabled: true},
			{Name: "agent", Role: "agent", DisplayName: "李强"},
		} {
			if err := tx.PutUser(u); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	old := func(leader string) *duty.Session {
		var s duty.Session
		if err := json.Unmarshal([]byte(`{"id":"a1","date":"2026-12-02","start":"09:00","end":"11:00","leader":"`+leader+`","title":"副市长","created_at":"2026-11-30T08:00:00Z"}`), &s); err != nil {
			t.Fatal(err)
		}
		return &s
	}
	withAccount := old("张明")
	withAccount.Account = "zhangming2"
	for _, c := range []struct {
		sess  *duty.Session
		takes []string // of mayor, zhangming2, deputy, gone, agent
	}{
		{withAccount, []string{"zhangming2"}},
		{old("张明"), nil},                // two leaders named 张明: neither
		{old("李强"), []string{"deputy"}}, // the one leader named 李强, not the agent
		{old("王五"), nil},                // a disabled account
	} {
		var got []string
		if err := st.View(func(tx *store.Tx) error {
			for _, login := range []string{"mayor", "zhangming2", "deputy", "gone", "agent", ""} {
				ok, err := c.sess.Takes(tx, login)
				if err != nil {
					return err
				}
				if ok {
					got = append(got, login)
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, c.takes) {
			t.Errorf("session of %s (account %q) taken by %q, want %q", c.sess.Leader, c.sess.Account, got, c.takes)
		}
	}
}
