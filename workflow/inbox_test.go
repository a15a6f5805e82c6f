package workflow

import (
	"strings"
	"testing"

	"hotline/domain"
	"hotline/store"
)

// orderNotices leaves out of a department's inbox the "new order" entries
// every dispatch adds, for the tests about the other entries.
func orderNotices(list []domain.Reminder, err error) ([]domain.Reminder, error) {
	out := list[:0:0]
	for _, r := range list {
		if r.Kind != ReminderDispatch && r.Kind != ReminderCoDispatch {
			out = append(out, r)
		}
	}
	return out, err
}

// TestDispatchAndReturnReachTheInbox: a dispatch by hand tells the
// department (its inbox, read by package notify for SMS and WeCom), and a
// department that returned an order hears the office's decision.
func TestDispatchAndReturnReachTheInbox(t *testing.T) {
	e := newEnv(t)
	e.set(at(2026, 9, 29, 9, 0))
	n := e.order()
	e.must(e.svc.Dispatch(agent, n, mainDept, nil, ""))
	rem, _ := e.svc.Reminders(mainDept, 0)
	if len(rem) != 1 || rem[0].Kind != ReminderDispatch || !strings.Contains(rem[0].Text, "新派工单"+n) {
		t.Fatalf("inbox after dispatch: %+v", rem)
	}
	e.must(e.svc.Return(cityMgmt, n, "不属于本单位职责"))
	e.must(e.svc.Dispatch(agent, n, "市公安局", nil, ""))
	rem, _ = e.svc.Reminders(mainDept, 0)
	if len(rem) != 2 || rem[0].Kind != ReminderReturn || !strings.Contains(rem[0].Text, "退回已同意") {
		t.Fatalf("the returning department's inbox: %+v", rem)
	}
	if rem, _ := e.svc.Reminders("市公安局", 0); len(rem) != 1 || rem[0].Kind != ReminderDispatch {
		t.Fatalf("the new department's inbox: %+v", rem)
	}
}

// TestReturnSettledWithoutDispatchReachesTheInbox: a returned order the
// office settles without dispatching it again, by answering it itself
// (直接答复) or merging it into another order as a repeat (并单), tells
// the department that returned it that it need not handle it; an order
// answered or merged before any dispatch tells no department.
func TestReturnSettledWithoutDispatchReachesTheInbox(t *testing.T) {
	e := newEnv(t)
	e.set(at(2026, 9, 29, 9, 0))
	answered, merged, into, fresh := e.order(), e.order(), e.order(), e.order()
	for _, n := range []string{answered, merged, into} {
		e.must(e.svc.Dispatch(agent, n, mainDept, nil, ""))
	}
	e.must(e.svc.Return(cityMgmt, answered, "市民咨询政策，无需现场处置"))
	e.must(e.svc.Return(cityMgmt, merged, "与另一工单为同一诉求"))
	e.must(e.svc.Answer(agent, answered, "已电话告知市民相关政策。"))
	e.must(e.svc.Merge(agent, merged, into, ""))
	e.must(e.svc.Answer(agent, fresh, "已答复。"))
	rem, _ := orderNotices(e.svc.Reminders(mainDept, 0))
	want := map[string]string{
		answered: "退回已处理：工单" + answered + "已由" + e.cfg.City.Office + "直接答复，你单位无需办理",
		merged:   "退回已处理：工单" + merged + "与工单" + into + "为同一诉求，已并入该工单，你单位无需再办理本工单",
	}
	if len(rem) != 2 {
		t.Fatalf("the returning department's inbox: %+v, want the two settled returns", rem)
	}
	for _, r := range rem {
		if r.Kind != ReminderReturn || r.Text != want[r.Number] {
			t.Errorf("entry %+v, want kind %s: %q", r, ReminderReturn, want[r.Number])
		}
	}
}

// TestUnreachableCitizenNotQueued: a caller's order when the gateway has
// no SMS channel (SetUnreachable): its notices (dispatched, the result,
// the rating request) are not handed to the Notifier, whose messages
// would only fail in the outbox, and the history says once that the
// citizen must be called; an order on a channel the gateway has is told
// as before.
func TestUnreachableCitizenNotQueued(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	s.SetUnreachable(func(channel string) bool { return channel == "phone" })
	caller := e.order()
	if err := e.st.Update(func(tx *store.Tx) error {
		tk, err := tx.Ticket(caller)
		if err != nil {
			return err
		}
		tk.Channel, tk.ConversationID = "phone", "phone:+8613953706688"
		return tx.PutTicket(tk)
	}); err != nil {
		t.Fatal(err)
	}
	chat := e.order()
	for _, n := range []string{caller, chat} {
		e.must(s.Dispatch(agent, n, mainDept, nil, ""))
		e.must(s.Sign(cityMgmt, n))
		e.must(s.Reply(cityMgmt, n, "已更换灯泡", ""))
		e.must(s.Review(supervisor, n, true, ""))
	}
	told := 0
	for _, c := range e.n.take() {
		if c.Number == caller {
			t.Errorf("the caller was sent %s", c.Kind)
		}
		if c.Number == chat {
			told++
		}
	}
	if told != 3 {
		t.Errorf("the chat's citizen was told %d times, want 3 (dispatched, the result, the rating request)", told)
	}
	var notes []string
	for _, ev := range e.get(caller).Events {
		if ev.Action == actionNotNotified {
			notes = append(notes, ev.Note)
		}
	}
	if len(notes) != 1 || notes[0] != e.cfg.HistoryTexts.NotNotified {
		t.Errorf("history of the caller's order: %q", notes)
	}
	for _, ev := range e.get(chat).Events {
		if ev.Action == actionNotNotified {
			t.Errorf("the chat's order: %+v", ev)
		}
	}
	// Nothing is left to retry.
	if err := e.st.View(func(tx *store.Tx) error {
		list, err := tx.Notices(0)
		if len(list) != 0 {
			t.Errorf("notices left: %+v", list)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Tick(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := e.n.take(); len(got) != 0 {
		t.Errorf("the next pass sent %v", got)
	}
}
