package workflow

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"hotline/duty"
	"hotline/store"
	"hotline/ticket"
)

// TestLeaderToldOfInstructionResult: the leaders who gave an order an
// instruction (批示) find its result in their own inbox when the
// department replies (the order, the department and the reply's first
// words) and again when the order is closed (办结), once each; so too for
// an order the office answered directly and one whose return visit closed
// without a rating. An instruction a supervisor recorded names no
// leader's account, and an order without an instruction tells nobody.
func TestLeaderToldOfInstructionResult(t *testing.T) {
	e := newEnv(t)
	mayor := Actor{Name: "zhang", Role: RoleLeader, DisplayName: "张明"}
	deputy := Actor{Name: "liu", Role: RoleLeader, DisplayName: "刘强"}
	e.set(at(2026, 11, 2, 9, 0)) // a Monday
	n := e.orderIn(ticket.Signed)
	plain := e.orderIn(ticket.Signed)
	e.must(e.svc.Supervise(mayor, n, "请尽快修复并回复市民", true))
	e.must(e.svc.Supervise(deputy, n, "同意张明同志意见", true))
	e.must(e.svc.Supervise(mayor, n, "再催一次", true)) // the same leader once
	e.must(e.svc.Supervise(supervisor, n, "市领导电话批示：限期解决", true))

	reply := "已更换古槐路全线故障灯泡\n并对沿线路灯线路进行了全面排查，共修复故障路灯十二盏，今后将加强日常巡查。"
	e.set(at(2026, 11, 3, 10, 0))
	e.must(e.svc.Reply(cityMgmt, n, reply, ""))
	e.must(e.svc.Reply(cityMgmt, plain, "已修复", ""))
	// Its first words, on one line.
	first := string([]rune(strings.Join(strings.Fields(reply), " "))[:replyExcerptRunes])
	if !strings.HasPrefix(first, "已更换古槐路全线故障灯泡 并对") {
		t.Fatalf("first words %q", first)
	}
	for _, leader := range []string{"zhang", "liu"} {
		kinds, texts := e.inbox(LeaderInbox(leader), n)
		if !slices.Equal(kinds, []string{ReminderInstructionReplied}) {
			t.Fatalf("%s's inbox %q %q after the reply", leader, kinds, texts)
		}
		want := "您批示的工单" + n + "（路灯不亮）已由" + mainDept + "答复：" + first + "…"
		if texts[0] != want {
			t.Errorf("%s's entry %q, want %q", leader, texts[0], want)
		}
	}
	for _, inbox := range []string{LeaderInbox("li"), "supervisor:li"} {
		if list, _ := e.svc.Reminders(inbox, 0); len(list) != 0 {
			t.Errorf("inbox %s has %d entries: a supervisor's instruction names no leader's account", inbox, len(list))
		}
	}
	if kinds, _ := e.inbox(LeaderInbox("zhang"), plain); len(kinds) != 0 {
		t.Errorf("an order without an instruction told the leader: %q", kinds)
	}

	// The office approves, the citizen is satisfied: the order is closed,
	// and the leaders read it in the configured words.
	closed := e.cfg.ReminderTexts.InstructionClosed
	e.cfg.ReminderTexts.InstructionClosed = "办结{{.Number}}/{{.Department}}/{{.Comment}}"
	e.must(e.svc.Review(supervisor, n, true, ""))
	e.must(e.svc.Rate(agent, n, ticket.Satisfied, true))
	if tk := e.get(n); tk.Status != ticket.Closed {
		t.Fatalf("order %s is %s, want closed", n, tk.Status)
	}
	kinds, texts := e.inbox(LeaderInbox("zhang"), n)
	if !slices.Equal(kinds, []string{ReminderInstructionReplied, ReminderInstructionClosed}) ||
		texts[1] != "办结"+n+"/"+mainDept+"/"+first+"…" {
		t.Errorf("the mayor's inbox after the close %q %q", kinds, texts)
	}
	// A late rating of the closed order closes nothing again.
	e.must(e.svc.Rate(agent, n, ticket.BasicSatisfied, true))
	if kinds, _ := e.inbox(LeaderInbox("liu"), n); !slices.Equal(kinds, []string{ReminderInstructionReplied, ReminderInstructionClosed}) {
		t.Errorf("the deputy's inbox after a late rating %q", kinds)
	}
	e.cfg.ReminderTexts.InstructionClosed = closed

	// The office answers an instruction directly (直接答复); nobody rates
	// it, and the scheduler closes its return visit: the leader is told
	// of both, the office named as who answered.
	held := e.orderIn(ticket.Accepted)
	e.must(e.svc.Supervise(mayor, held, "请办公室直接答复", true))
	e.must(e.svc.Answer(agent, held, "该路段路灯已列入改造计划，预计下月完工。"))
	e.tick(at(2026, 11, 7, 10, 0))
	e.tick(at(2026, 11, 7, 11, 0)) // nothing twice
	if tk := e.get(held); tk.Status != ticket.Closed || !tk.Flags.NotVisited {
		t.Fatalf("order %s is %s (not visited %v), want closed unvisited", held, tk.Status, tk.Flags.NotVisited)
	}
	kinds, texts = e.inbox(LeaderInbox("zhang"), held)
	office := e.cfg.City.Office
	if !slices.Equal(kinds, []string{ReminderInstructionReplied, ReminderInstructionClosed}) ||
		texts[0] != "您批示的工单"+held+"（路灯不亮）已由"+office+"答复：该路段路灯已列入改造计划，预计下月完工。" ||
		texts[1] != "您批示的工单"+held+"（路灯不亮）已办结（"+office+"办理）：该路段路灯已列入改造计划，预计下月完工。" {
		t.Errorf("the mayor's inbox for the answered order %q %q", kinds, texts)
	}
	if list, _ := e.svc.Reminders(LeaderInbox("liu"), 0); len(list) != 2 {
		t.Errorf("the deputy's inbox has %d entries, want 2 (the order he instructed)", len(list))
	}
}

// TestLeaderToldOnceWhenTheCommitRunsAgain: a reply and a rating whose
// shared commit fails and runs again (the store's group commit rolls the
// transaction back and runs the write once more alone) leave one entry
// each in the leader's inbox, written with the reply and the close.
func TestLeaderToldOnceWhenTheCommitRunsAgain(t *testing.T) {
	e := newEnv(t)
	var armed atomic.Bool
	var runs atomic.Int32
	if err := e.st.Close(); err != nil {
		t.Fatal(err)
	}
	opts := testStoreOptions(e.cfg)
	opts.WriteFault = func() error {
		runs.Add(1)
		if armed.CompareAndSwap(true, false) {
			return errors.New("injected: the shared commit fails once")
		}
		return nil
	}
	st, err := store.Open(e.path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e.st, e.svc = st, New(e.cfg, st, e.cal, e.n, nil, e.clock)

	mayor := Actor{Name: "zhang", Role: RoleLeader, DisplayName: "张明"}
	n := e.orderIn(ticket.Signed)
	e.must(e.svc.Supervise(mayor, n, "请尽快修复", true))
	for _, step := range []struct {
		name string
		do   func() (*ticket.Ticket, error)
		want []string
	}{
		{"reply", func() (*ticket.Ticket, error) { return e.svc.Reply(cityMgmt, n, "已修复", "") },
			[]string{ReminderInstructionReplied}},
		{"rating", func() (*ticket.Ticket, error) {
			// The review (not run again) hands the citizen's notices over
			// after its commit, which writes too.
			armed.Store(false)
			e.must(e.svc.Review(supervisor, n, true, ""))
			runs.Store(0)
			armed.Store(true)
			return e.svc.Rate(agent, n, ticket.Satisfied, true)
		},
			[]string{ReminderInstructionReplied, ReminderInstructionClosed}},
	} {
		runs.Store(0)
		armed.Store(true)
		e.must(step.do())
		if r := runs.Load(); r != 2 {
			t.Fatalf("%s: the write ran %d times, want 2 (once rolled back, once committed)", step.name, r)
		}
		if kinds, _ := e.inbox(LeaderInbox("zhang"), n); !slices.Equal(kinds, step.want) {
			t.Errorf("after the %s the leader's inbox %q, want %q", step.name, kinds, step.want)
		}
	}
	tk := e.get(n)
	closes := slices.IndexFunc(tk.Events, func(ev ticket.Event) bool { return ev.Action == "close" })
	if tk.Status != ticket.Closed || closes < 0 || slices.ContainsFunc(tk.Events[closes+1:], func(ev ticket.Event) bool { return ev.Action == "close" }) {
		t.Errorf("order %s is %s, want closed once: %+v", n, tk.Status, tk.Events)
	}
}

// TestLeaderToldOfLeaderItemReply: the leader whose duty session took an
// order (领导接听件) finds the department's reply in their own inbox, once,
// in reminder_texts.leader_item_replied's words; the leader of a session
// named by display name only is found by it; an order that is also the
// same leader's 批示件 tells them once, as the instruction's; a leader
// item whose leader has no console account tells nobody.
func TestLeaderToldOfLeaderItemReply(t *testing.T) {
	e := newEnv(t)
	e.set(at(2026, 11, 4, 9, 0)) // a Wednesday
	if err := e.st.Update(func(tx *store.Tx) error {
		for _, u := range []*store.User{{Name: "zhang", Role: RoleLeader, DisplayName: "张明"}, {Name: "liu", Role: RoleLeader, DisplayName: "刘强"}} {
			if err := tx.PutUser(u); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	byAccount := &duty.Session{Date: "2026-11-04", Start: "09:00", End: "11:00", Leader: "张明", Title: "副市长", Account: "zhang"}
	byName := &duty.Session{Date: "2026-11-04", Start: "09:00", End: "11:00", Leader: "刘强", Title: "市城市管理局局长"}
	nobody := &duty.Session{Date: "2026-11-04", Start: "09:00", End: "11:00", Leader: "王五", Title: "副市长"}
	mark := func(sess *duty.Session) string {
		n := e.orderIn(ticket.Signed)
		if err := e.st.Update(func(tx *store.Tx) error {
			_, err := duty.MarkTx(tx, n, "agent:wang", "", sess, e.clock(), "领导接听")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	taken, named, orphan, both := mark(byAccount), mark(byName), mark(nobody), mark(byAccount)
	mayor := Actor{Name: "zhang", Role: RoleLeader, DisplayName: "张明"}
	e.must(e.svc.Supervise(mayor, both, "请尽快办理", true))
	e.set(at(2026, 11, 5, 10, 0))
	for _, n := range []string{taken, named, orphan, both} {
		e.must(e.svc.Reply(cityMgmt, n, "已修复路灯", ""))
	}
	kinds, texts := e.inbox(LeaderInbox("zhang"), taken)
	if want := "您接听的工单" + taken + "（路灯不亮）已由" + mainDept + "答复：已修复路灯"; !slices.Equal(kinds, []string{ReminderLeaderItemReplied}) || texts[0] != want {
		t.Errorf("the mayor's inbox for the order of the session: %q %q, want %q", kinds, texts, want)
	}
	if kinds, _ := e.inbox(LeaderInbox("liu"), named); !slices.Equal(kinds, []string{ReminderLeaderItemReplied}) {
		t.Errorf("the inbox of the leader named by display name: %q", kinds)
	}
	if kinds, _ := e.inbox(LeaderInbox("zhang"), both); !slices.Equal(kinds, []string{ReminderInstructionReplied}) {
		t.Errorf("the mayor's inbox for their own 批示件 taken in the session: %q, want the instruction's entry once", kinds)
	}
	for _, login := range []string{"zhang", "liu"} {
		if kinds, _ := e.inbox(LeaderInbox(login), orphan); len(kinds) != 0 {
			t.Errorf("%s told of another leader's item: %q", login, kinds)
		}
	}
}

// TestRecordedInstructionKeepsTheLeaderAccount: an instruction the office
// records for a leader (Actor.ForLeader) goes to the leader account it
// was recorded for, by its login: renamed since, or with another account
// given the name it had, that leader alone reads the result. A name two
// leader accounts bear is refused with their logins, and the office types
// the login instead, which the history names by its display name. An
// instruction recorded before logins were kept (a record in the old form:
// no entry under store.InstructionLeaderKey) still reaches the one leader
// account of the name it records.
func TestRecordedInstructionKeepsTheLeaderAccount(t *testing.T) {
	e := newEnv(t)
	e.set(at(2026, 11, 2, 9, 0)) // a Monday
	putUsers := func(users ...*store.User) {
		t.Helper()
		if err := e.st.Update(func(tx *store.Tx) error {
			for _, u := range users {
				if err := tx.PutUser(u); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	putUsers(&store.User{Name: "zhang", Role: RoleLeader, DisplayName: "张明"}, &store.User{Name: "liu", Role: RoleLeader, DisplayName: "刘强"})
	byName, old := e.orderIn(ticket.Signed), e.orderIn(ticket.Signed)
	office := supervisor
	office.ForLeader = "张明"
	e.must(e.svc.Supervise(office, byName, "市领导电话批示：限期修复", true))

	// The old form: the instruction's event names 张明, nothing kept.
	if err := e.st.Update(func(tx *store.Tx) error {
		tk, err := tx.Ticket(old)
		if err != nil {
			return err
		}
		tk.Flags.Instruction = true
		tk.Record(ticket.Event{At: e.clock(), Actor: supervisor.String(), Action: "instruct", Note: "电话批示",
			Fields: map[string][2]string{FieldLeader: {"", "张明"}}})
		return tx.PutTicket(tk)
	}); err != nil {
		t.Fatal(err)
	}
	e.must(e.svc.Reply(cityMgmt, old, "已修复", ""))
	if kinds, _ := e.inbox(LeaderInbox("zhang"), old); !slices.Equal(kinds, []string{ReminderInstructionReplied}) {
		t.Errorf("the instruction recorded in the old form: zhang's inbox %q", kinds)
	}

	// zhang is renamed and liu takes the name 张明: the result of the
	// instruction recorded for zhang is zhang's alone.
	putUsers(&store.User{Name: "zhang", Role: RoleLeader, DisplayName: "张明远"}, &store.User{Name: "liu", Role: RoleLeader, DisplayName: "张明"})
	e.must(e.svc.Reply(cityMgmt, byName, "已修复", ""))
	if kinds, _ := e.inbox(LeaderInbox("zhang"), byName); !slices.Equal(kinds, []string{ReminderInstructionReplied}) {
		t.Errorf("the renamed leader's inbox %q, want the result of the instruction recorded for him", kinds)
	}
	if kinds, _ := e.inbox(LeaderInbox("liu"), byName); len(kinds) != 0 {
		t.Errorf("the leader who took the name since was told: %q", kinds)
	}

	// Two accounts named 张明: the name is refused, the login is not.
	putUsers(&store.User{Name: "zhang", Role: RoleLeader, DisplayName: "张明"})
	two := e.orderIn(ticket.Signed)
	_, err := e.svc.Supervise(office, two, "市领导电话批示", true)
	var re *RuleError
	if !errors.As(err, &re) || re.Error() != "有多个接听领导账号的显示名都是“张明”，请在批示领导中填写其中一位的账号：zhang、liu" && re.Error() != "有多个接听领导账号的显示名都是“张明”，请在批示领导中填写其中一位的账号：liu、zhang" {
		t.Fatalf("an instruction for a name two leaders bear: %v", err)
	}
	office.ForLeader = "liu"
	tk := e.must(e.svc.Supervise(office, two, "市领导电话批示", true))
	if ev := tk.Events[len(tk.Events)-1]; ev.Fields[FieldLeader][1] != "张明" || ev.Actor != supervisor.String() {
		t.Errorf("the instruction recorded by login names %q, by %s; want 张明 by the supervisor", ev.Fields[FieldLeader][1], ev.Actor)
	}
	e.must(e.svc.Reply(cityMgmt, two, "已修复", ""))
	if kinds, _ := e.inbox(LeaderInbox("liu"), two); !slices.Equal(kinds, []string{ReminderInstructionReplied}) {
		t.Errorf("liu's inbox %q", kinds)
	}
	if kinds, _ := e.inbox(LeaderInbox("zhang"), two); len(kinds) != 0 {
		t.Errorf("the other 张明 was told: %q", kinds)
	}

	// Recorded for 王芳, who has no account yet: the account made for her
	// before the reply reads the result, found by her name.
	later := e.orderIn(ticket.Signed)
	office.ForLeader = "王芳"
	e.must(e.svc.Supervise(office, later, "市领导电话批示", true))
	putUsers(&store.User{Name: "wang", Role: RoleLeader, DisplayName: "王芳"})
	e.must(e.svc.Reply(cityMgmt, later, "已修复", ""))
	if kinds, _ := e.inbox(LeaderInbox("wang"), later); !slices.Equal(kinds, []string{ReminderInstructionReplied}) {
		t.Errorf("the leader whose account came after the instruction: inbox %q", kinds)
	}

	// The office's own instruction names no leader: a leader account that
	// bears the recorder's display name is told nothing.
	putUsers(&store.User{Name: "namesake", Role: RoleLeader, DisplayName: cmp.Or(supervisor.DisplayName, supervisor.Name)})
	own := e.orderIn(ticket.Signed)
	office.ForLeader = ""
	e.must(e.svc.Supervise(office, own, "督办并列为批示件", true))
	e.must(e.svc.Reply(cityMgmt, own, "已修复", ""))
	if kinds, _ := e.inbox(LeaderInbox("namesake"), own); len(kinds) != 0 {
		t.Errorf("a leader bearing the supervisor's name was told of the office's own instruction: %q", kinds)
	}
}
