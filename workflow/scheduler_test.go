package workflow

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/config"
	"hotline/events/eventstest"
	"hotline/store"
	"hotline/ticket"
)

// tick runs one scheduler pass at t and returns how many things fired.
func (e *env) tick(t time.Time) int {
	e.t.Helper()
	e.set(t)
	n, err := e.svc.Tick(e.t.Context())
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// An order dispatched on Tuesday 2026-09-29 10:00 must be signed by
// Wednesday 09-30 18:00 and finished by Monday 10-12 18:00, the National
// Day holiday in between and the make-up Saturday 10-10 a working day.
func TestSchedulerRemindersAndEscalation(t *testing.T) {
	e := newEnv(t)
	e.set(at(2026, 9, 29, 10, 0))
	n := e.orderIn(ticket.Dispatched)
	tk := e.get(n)
	if !tk.SignDue.Equal(at(2026, 9, 30, 18, 0)) || !tk.Due.Equal(at(2026, 10, 12, 18, 0)) {
		t.Fatalf("sign due %v, due %v", tk.SignDue, tk.Due)
	}
	steps := []struct {
		name    string
		at      time.Time
		restart bool
		do      func()
		want    int
	}{
		{"dispatch day: nothing yet", at(2026, 9, 29, 11, 0), false, nil, 0},
		// The day turns: no reminder at midnight nor before the office
		// opens (calls.workday_start 08:30), nor before half the working
		// time to sign (17.5 h from Tuesday 10:00) has gone: Wednesday 09:15.
		{"sign deadline's day at midnight: nothing", at(2026, 9, 30, 0, 0), false, nil, 0},
		{"before the working day: nothing", at(2026, 9, 30, 8, 0), false, nil, 0},
		{"before half the working time: nothing", at(2026, 9, 30, 9, 0), false, nil, 0},
		{"sign deadline's day, half the working time gone: reminder", at(2026, 9, 30, 9, 15), false, nil, 1},
		{"a minute later: not again", at(2026, 9, 30, 9, 16), false, nil, 0},
		{"after a restart: not again", at(2026, 9, 30, 9, 17), true, nil, 0},
		{"signed, holiday: nothing", at(2026, 10, 5, 10, 0), false, func() { e.must(e.svc.Sign(cityMgmt, n)) }, 0},
		{"two working days before: nothing", at(2026, 10, 9, 10, 0), false, nil, 0},
		// The deadline turns yellow when the make-up Saturday begins: its
		// reminder waits for the office to open (08:30), not 00:00.
		{"yellow at midnight: nothing yet", at(2026, 10, 10, 0, 0), false, nil, 0},
		{"before the office opens: nothing yet", at(2026, 10, 10, 8, 29), false, nil, 0},
		{"make-up Saturday, one working day before: reminder", at(2026, 10, 10, 10, 0), false, nil, 1},
		{"same day: not again", at(2026, 10, 10, 15, 0), false, nil, 0},
		{"restart: not again", at(2026, 10, 12, 9, 0), true, nil, 0},
		{"deadline passed: escalation", at(2026, 10, 12, 18, 1), false, nil, 1},
		{"next day: not again", at(2026, 10, 13, 9, 0), false, nil, 0},
		{"restart: not again", at(2026, 10, 13, 9, 1), true, nil, 0},
	}
	for _, st := range steps {
		if st.restart {
			e.restart()
		}
		e.set(st.at)
		if st.do != nil {
			st.do()
		}
		if got := e.tick(st.at); got != st.want {
			t.Errorf("%s: fired %d, want %d", st.name, got, st.want)
		}
	}

	tk = e.get(n)
	var sys []string
	for _, ev := range tk.Events {
		if ev.Actor == "system" {
			sys = append(sys, ev.Action)
		}
	}
	if !slices.Equal(sys, []string{config.ReminderAction("remind_sign"), config.ReminderAction("remind_finish"), config.ReminderAction("escalate")}) {
		t.Errorf("system events %v", sys)
	}
	// The console shows each note after its action's label: the default
	// texts do not repeat it (催办：催办：工单…).
	labels := config.LabelMap(e.cfg.ConsoleLabels.Actions)
	for _, ev := range tk.Events {
		if l := labels[ev.Action]; ev.Actor == "system" && (l == "" || ev.Note == "" || strings.HasPrefix(ev.Note, l)) {
			t.Errorf("history %s：%s", l, ev.Note)
		}
	}
	rem, err := orderNotices(e.svc.Reminders(mainDept, 0))
	if err != nil {
		t.Fatal(err)
	}
	var rk []string
	for _, r := range rem {
		if r.Number != n {
			t.Errorf("reminder about %s", r.Number)
		}
		rk = append(rk, r.Kind)
		if r.Kind == ReminderSign && !r.At.Equal(at(2026, 9, 30, 9, 15)) {
			t.Errorf("the sign reminder's inbox entry is timed %v, not when it was raised", r.At)
		}
		if r.Kind == ReminderFinish && !r.At.Equal(at(2026, 10, 10, 10, 0)) {
			t.Errorf("the finish reminder's inbox entry is timed %v", r.At)
		}
	}
	if !slices.Equal(rk, []string{ReminderEscalate, ReminderFinish, ReminderSign}) {
		t.Errorf("inbox kinds %v", rk)
	}
	// The office's supervision desk, which the department was told the
	// order was reported to (已报督办), is told too, once.
	kinds, texts := e.inbox(e.cfg.City.Office, n)
	if !slices.Equal(kinds, []string{ReminderEscalate}) || !strings.Contains(texts[0], "（"+mainDept+"办理）已超过办理期限2026年10月12日 18:00，请督办") {
		t.Errorf("the office's inbox %q %q", kinds, texts)
	}
	for _, action := range []string{"ticket.remind_sign", "ticket.remind_finish", "ticket.escalate"} {
		a, ok := e.lastAudit(n, action)
		if !ok || a.Actor != "system" || a.Before == "" || a.After == "" {
			t.Errorf("audit %s: %+v", action, a)
		}
	}
	sl, err := e.svc.SupervisorList()
	esc := sl.Late
	if err != nil || len(esc) != 1 || esc[0].Number != n || !esc[0].Escalated || esc[0].Warning != ticket.WarnRed {
		t.Errorf("escalated = %+v, %v", esc, err)
	}

	// An extension gives a new deadline: its reminder fires once more, and
	// the escalation mark no longer applies.
	e.must(e.svc.RequestExtension(cityMgmt, n, "需更换电缆", at(2026, 10, 20, 18, 0)))
	e.must(e.svc.DecideExtension(supervisor, n, true, ""))
	if items, _ := e.svc.Orders(store.TicketFilter{Department: mainDept}); len(items) != 1 || items[0].Escalated || items[0].Warning != ticket.WarnNone {
		t.Errorf("after the extension: %+v", items)
	}
	if got := e.tick(at(2026, 10, 19, 9, 0)); got != 1 {
		t.Errorf("reminder before the new deadline: fired %d", got)
	}
	if got := e.tick(at(2026, 10, 19, 9, 1)); got != 0 {
		t.Errorf("fired %d again", got)
	}
}

// Concurrent passes fire each thing once: each overdue order's escalation
// and its sign deadline's mark (超时未签收).
func TestSchedulerConcurrentTicks(t *testing.T) {
	e := newEnv(t)
	e.set(at(2026, 9, 29, 10, 0))
	var numbers []string
	for range 3 {
		numbers = append(numbers, e.orderIn(ticket.Dispatched))
	}
	e.set(at(2026, 10, 13, 9, 0))
	other := New(e.cfg, e.st, e.cal, e.n, nil, e.clock)
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for _, s := range []*Service{e.svc, other, e.svc, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := s.Tick(context.Background())
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	if total != 6 {
		t.Errorf("fired %d escalations and sign marks for 3 overdue orders, want 6", total)
	}
	for _, n := range numbers {
		marks, escalations := 0, 0
		for _, ev := range e.get(n).Events {
			switch ev.Action {
			case "sign_overdue":
				marks++
			case "escalate":
				escalations++
			}
		}
		if marks != 1 || escalations != 1 {
			t.Errorf("%s: %d sign marks and %d escalations, want one each", n, marks, escalations)
		}
	}
}

// An urgent order whose sign deadline is its finish deadline gets one
// reminder, not two.
func TestSchedulerSameDeadline(t *testing.T) {
	e := newEnv(t)
	e.set(at(2026, 9, 29, 10, 0))
	n := e.order()
	e.must(e.svc.Edit(agent, n, "urgency", ticket.UrgencyEmergency, false))
	tk := e.must(e.svc.Dispatch(agent, n, mainDept, nil, ""))
	if !tk.SignDue.Equal(tk.Due) || !tk.Due.Equal(at(2026, 9, 29, 12, 0)) {
		t.Fatalf("sign due %v, due %v", tk.SignDue, tk.Due)
	}
	// Reminded when a quarter of its two hours is left
	// (time_limits.remind_share), not at once.
	if got := e.tick(at(2026, 9, 29, 11, 29)); got != 0 {
		t.Errorf("fired %d with 31 minutes left", got)
	}
	if got := e.tick(at(2026, 9, 29, 11, 30)); got != 1 {
		t.Errorf("fired %d", got)
	}
	if rem, _ := orderNotices(e.svc.Reminders(mainDept, 0)); len(rem) != 1 || rem[0].Kind != ReminderFinish {
		t.Errorf("inbox %+v", rem)
	}
}

func TestVisitTimeout(t *testing.T) {
	tests := []struct {
		name string
		from ticket.Status
	}{
		{"answered directly", ticket.Answered},
		{"reviewed", ticket.Reviewed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			asked := at(2026, 9, 29, 10, 0)
			e.set(asked)
			n := e.orderIn(tt.from)
			if got := e.tick(asked.Add(72*time.Hour - time.Minute)); got != 0 {
				t.Errorf("before 3 days: fired %d", got)
			}
			if got := e.get(n).Status; got != tt.from {
				t.Fatalf("status %s", got)
			}
			if got := e.tick(asked.Add(72 * time.Hour)); got != 1 {
				t.Errorf("after 3 days: fired %d", got)
			}
			tk := e.get(n)
			if tk.Status != ticket.Closed || !tk.Flags.NotVisited || !tk.ClosedAt.Equal(asked.Add(72*time.Hour)) {
				t.Errorf("status %s not visited %v closed %v", tk.Status, tk.Flags.NotVisited, tk.ClosedAt)
			}
			if ev := tk.Events[len(tk.Events)-1]; ev.Action != "visit_timeout" || ev.From != tt.from || ev.To != ticket.Closed {
				t.Errorf("last event %+v", ev)
			}
			if a, ok := e.lastAudit(n, "ticket.visit_timeout"); !ok || a.Before != string(tt.from) || a.After != string(ticket.Closed) {
				t.Errorf("audit %+v", a)
			}
			if got := e.tick(asked.Add(96 * time.Hour)); got != 0 {
				t.Errorf("fired %d again", got)
			}
			told := 0
			for _, c := range e.n.take() {
				if c.Number == n && c.Kind == KindClosed {
					told++
				}
			}
			if told != 1 {
				t.Errorf("citizen told %d times that the order is closed, want once", told)
			}
			e.restart()
			if got := e.tick(asked.Add(97 * time.Hour)); got != 0 {
				t.Errorf("fired %d after a restart", got)
			}
			// A rating taken by phone later still counts as a visit.
			tk = e.must(e.svc.Rate(agent, n, ticket.Satisfied, true))
			if tk.Status != ticket.Closed || tk.Flags.NotVisited || tk.Satisfaction != ticket.Satisfied {
				t.Errorf("late rating: %s not visited %v %q", tk.Status, tk.Flags.NotVisited, tk.Satisfaction)
			}
		})
	}
}

// A citizen who rates in the chat (the engine's path) before the timeout
// keeps the order from being closed as not visited.
func TestVisitAnsweredInChat(t *testing.T) {
	e := newEnv(t)
	asked := at(2026, 9, 29, 10, 0)
	e.set(asked)
	n := e.orderIn(ticket.Reviewed)
	if err := e.st.Update(func(tx *store.Tx) error {
		_, err := RateTx(tx, e.cfg, e.cal, n, ticket.Satisfied, true, "", asked.Add(time.Hour), "citizen")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := e.tick(asked.Add(100 * time.Hour)); got != 0 {
		t.Errorf("fired %d", got)
	}
	var watched bool
	e.st.View(func(tx *store.Tx) error { _, watched = tx.VisitWatches()[n]; return nil })
	if watched {
		t.Error("the watch of a rated order was kept")
	}
	if tk := e.get(n); tk.Status != ticket.Closed || tk.Flags.NotVisited {
		t.Errorf("status %s not visited %v", tk.Status, tk.Flags.NotVisited)
	}
}

// An order the citizen reopened in the chat after its deadline gets its
// fresh deadline and the department's reminder at once, from the same
// rule as a rating by phone (RateTx): the scheduler has nothing to catch
// up and does not escalate it. The fresh deadline is the system's, not
// the citizen's, in the history.
func TestReopenedInChatGetsFreshDeadline(t *testing.T) {
	e := newEnv(t)
	e.set(at(2026, 9, 29, 10, 0))
	n := e.orderIn(ticket.Reviewed)
	reopened := at(2026, 10, 20, 9, 0)
	if err := e.st.Update(func(tx *store.Tx) error {
		_, err := RateTx(tx, e.cfg, e.cal, n, ticket.Unsatisfied, false, "", reopened, "citizen")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	tk := e.get(n)
	if want := at(2026, 10, 27, 18, 0); tk.Status != ticket.Reopened || !tk.Due.Equal(want) {
		t.Errorf("status %s due %v, want reopened due %v", tk.Status, tk.Due, want)
	}
	if i := slices.IndexFunc(tk.Events, func(ev ticket.Event) bool { return ev.Action == "redo_due" }); i < 0 || tk.Events[i].Actor != RoleSystem {
		t.Errorf("the fresh deadline's event %d of %+v: want one by %q", i, tk.Events, RoleSystem)
	}
	rem, _ := e.svc.Reminders(mainDept, 1)
	if len(rem) != 1 || rem[0].Kind != ReminderReopen {
		t.Errorf("inbox %+v", rem)
	}
	if got := e.tick(reopened.Add(time.Minute)); got != 0 {
		t.Errorf("the scheduler fired %d for a rated order", got)
	}
	sl, _ := e.svc.SupervisorList()
	if esc := escalated(sl.Late); len(esc) != 0 {
		t.Errorf("escalated: %v", esc)
	}
}

// An order waiting for the office's answer to its extension request is
// not escalated at its old deadline; the supervisor sees the request.
func TestSchedulerWaitsForExtensionDecision(t *testing.T) {
	e := newEnv(t)
	e.set(at(2026, 9, 29, 10, 0))
	n := e.orderIn(ticket.ExtensionRequested)
	if got := e.tick(at(2026, 10, 13, 9, 0)); got != 0 {
		t.Errorf("fired %d", got)
	}
	sl, err := e.svc.SupervisorList()
	esc, ext := escalated(sl.Late), sl.PendingExtension
	if err != nil || len(esc) != 0 || len(ext) != 1 || ext[0].Number != n {
		t.Errorf("escalated %v, extension %v, %v", esc, ext, err)
	}
}

// escalated are the items of list the scheduler escalated.
func escalated(list []Item) []Item {
	var out []Item
	for _, it := range list {
		if it.Escalated {
			out = append(out, it)
		}
	}
	return out
}

// cancelNotifier ends the context when it is first called.
type cancelNotifier struct {
	cancel context.CancelFunc
	calls  int
}

func (c *cancelNotifier) Notify(number, kind string) error {
	c.calls++
	c.cancel()
	return nil
}

// Run passes at once (here: hands over a kept notice) and returns when the
// context ends.
func TestRun(t *testing.T) {
	e := newEnv(t)
	n := e.orderIn(ticket.Accepted)
	e.n.fail = context.DeadlineExceeded
	e.must(e.svc.Dispatch(agent, n, mainDept, nil, ""))
	ctx, cancel := context.WithCancel(t.Context())
	cn := &cancelNotifier{cancel: cancel}
	s := New(e.cfg, e.st, e.cal, cn, nil, e.clock)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(eventstest.Hang):
		t.Fatal("Run did not return after the context ended")
	}
	if cn.calls != 1 {
		t.Errorf("notifier called %d times", cn.calls)
	}
}

// TestNothingFiresForAnArchivedOrder: once the retention job moved an order
// to the archive, its scheduler marks are gone with it and no pass of the
// scheduler reminds, escalates or closes it, after a restart too.
func TestNothingFiresForAnArchivedOrder(t *testing.T) {
	e := newEnv(t)
	start := at(2026, 9, 29, 10, 0)
	e.set(start)
	answered := e.orderIn(ticket.Answered) // its rating watched: closed unvisited after 3 days
	closed := e.orderIn(ticket.Dispatched)
	signDue := e.get(closed).SignDue
	if got := e.tick(at(2026, 9, 30, 9, 30)); got != 1 {
		t.Fatalf("sign reminder: fired %d, want 1", got)
	}
	e.must(e.svc.Sign(cityMgmt, closed))
	e.must(e.svc.Reply(cityMgmt, closed, "已更换灯泡", ""))
	e.must(e.svc.Review(supervisor, closed, true, ""))
	e.must(e.svc.Rate(agent, closed, ticket.Satisfied, true))
	e.n.take()
	signKey := key(jobSign, closed, signDue)
	watched := func() (fired, watch bool) {
		e.st.View(func(tx *store.Tx) error {
			_, fired = tx.Fired(signKey)
			_, watch = tx.VisitWatches()[answered]
			return nil
		})
		return fired, watch
	}
	if fired, watch := watched(); !fired || !watch {
		t.Fatalf("before the archive run: sign mark %v, visit watch %v", fired, watch)
	}
	res, err := e.st.RunArchive(t.Context(), store.ArchiveOptions{Before: e.clock().Add(time.Minute)})
	if err != nil || res.Orders != 2 {
		t.Fatalf("archive: %+v %v", res, err)
	}
	if fired, watch := watched(); fired || watch {
		t.Fatalf("after the archive run: sign mark %v, visit watch %v", fired, watch)
	}
	for i, when := range []time.Time{start.Add(72 * time.Hour), at(2026, 10, 13, 9, 0), at(2026, 12, 1, 9, 0)} {
		if i == 2 {
			e.restart()
		}
		if got := e.tick(when); got != 0 {
			t.Errorf("%s: fired %d for archived orders", when, got)
		}
	}
	if rem, _ := orderNotices(e.svc.Reminders(mainDept, 0)); len(rem) != 1 || rem[0].Kind != ReminderSign {
		t.Errorf("inbox %+v, want only the sign reminder of before", rem)
	}
	if calls := e.n.take(); len(calls) != 0 {
		t.Errorf("citizens told %+v", calls)
	}
}

// shortOrder registers an order accepted at the clock of the given type,
// urgency and category and dispatches it to 市城市管理局, which gives it
// the deadline the rules give it (a 24-hour outage, a same-day
// consultation).
func (e *env) shortOrder(reqType, urgency, category string) string {
	e.t.Helper()
	n := e.order()
	if err := e.st.Update(func(tx *store.Tx) error {
		tk, err := tx.Ticket(n)
		if err != nil {
			return err
		}
		tk.Type, tk.Urgency, tk.Category = reqType, urgency, category
		return tx.PutTicket(tk)
	}); err != nil {
		e.t.Fatal(err)
	}
	e.must(e.svc.Dispatch(agent, n, mainDept, nil, ""))
	return n
}

// mark returns the order's warning in the department's list and in the
// work queues, and whether it is in the 即将超期/已超期 queue.
func (e *env) mark(number string) (list, queue string, inDue bool) {
	e.t.Helper()
	items, err := e.svc.Orders(store.TicketFilter{Department: mainDept})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, it := range items {
		if it.Number == number {
			list = it.Warning
		}
	}
	qs, err := e.svc.Queues()
	if err != nil {
		e.t.Fatal(err)
	}
	for name, l := range qs {
		for _, it := range l {
			if it.Number != number {
				continue
			}
			queue = it.Mark
			if name == QueueDue {
				inDue = true
			}
		}
	}
	return list, queue, inDue
}

// A deadline shorter than the warning window (time_limits.warn_days) does
// not turn yellow, nor remind its department, the minute the order is
// dispatched, but once time_limits.remind_share (a quarter) of its working
// time is left (08:30 to 18:00 on working days, as the deadlines count
// them): a 24-hour outage dispatched on Friday 2026-10-16 at 16:00 is due
// on Saturday at 16:00; its working time is Friday's last two hours, so it
// is reminded on Friday at 17:30, while the department is at work, not on
// Saturday at 10:00 by the clock. A consultation accepted on Friday after
// hours is due on Monday 10-19 at 18:00; its working time is Monday's 9.5
// hours, so it is reminded on Monday at 15:37:30, not at 00:15 on Monday
// night by the clock.
func TestSchedulerShortDeadlineRemindsWhenNear(t *testing.T) {
	e := newEnv(t)
	if e.cfg.TimeLimits.RemindShare != 0.25 || e.cfg.TimeLimits.WarnDays != 1 || e.cfg.TimeLimits.UrgentHours.D() != 24*time.Hour {
		t.Fatalf("the default's time limits changed: %+v", e.cfg.TimeLimits)
	}
	e.set(at(2026, 10, 16, 16, 0))
	outage := e.shortOrder(ticket.TypeHelp, ticket.UrgencyUrgent, "GS")
	if tk := e.get(outage); !tk.Due.Equal(at(2026, 10, 17, 16, 0)) || !tk.DispatchedAt.Equal(at(2026, 10, 16, 16, 0)) {
		t.Fatalf("outage due %v, dispatched %v", tk.Due, tk.DispatchedAt)
	}
	// The day rule alone finds it yellow at once: that was the defect.
	if w := ticket.Warning(e.cal, e.cfg.TimeLimits, at(2026, 10, 17, 16, 0), at(2026, 10, 16, 16, 1)); w != ticket.WarnYellow {
		t.Fatalf("ticket.Warning at dispatch = %q", w)
	}
	e.set(at(2026, 10, 16, 19, 0))
	consult := e.shortOrder(ticket.TypeConsult, ticket.UrgencyNormal, "SZSS")
	if tk := e.get(consult); !tk.Due.Equal(at(2026, 10, 19, 18, 0)) {
		t.Fatalf("consultation due %v", tk.Due)
	}
	steps := []struct {
		name     string
		at       time.Time
		restart  bool
		want     int
		yellow   []string // orders yellow in lists and queues after the pass
		reminded []string // orders with a finish reminder in the inbox
	}{
		{"a minute after the dispatch: nothing", at(2026, 10, 16, 16, 1), false, 0, nil, nil},
		{"Friday 17:29, more than a quarter of its working time left: nothing", at(2026, 10, 16, 17, 29), false, 0, nil, nil},
		{"Friday 17:30, half an hour of work left: the outage's reminder", at(2026, 10, 16, 17, 30), false, 1, []string{outage}, []string{outage}},
		{"after a restart: not again", at(2026, 10, 16, 17, 35), true, 0, []string{outage}, []string{outage}},
		{"Saturday 10:00: still yellow, nothing again", at(2026, 10, 17, 10, 0), false, 0, []string{outage}, []string{outage}},
		{"Saturday 16:01: the outage is overdue and escalated, and its sign deadline (the same) marked passed", at(2026, 10, 17, 16, 1), false, 2, nil, []string{outage}},
		{"Monday 00:15, a quarter of the clock time left: nothing", at(2026, 10, 19, 0, 15), false, 0, nil, []string{outage}},
		{"Monday 15:37: nothing for the consultation yet", at(2026, 10, 19, 15, 37), false, 0, nil, []string{outage}},
		{"Monday 15:37:30: the consultation's reminder", at(2026, 10, 19, 15, 37).Add(30 * time.Second), false, 1, []string{consult}, []string{outage, consult}},
	}
	for _, st := range steps {
		if st.restart {
			e.restart()
		}
		if got := e.tick(st.at); got != st.want {
			t.Errorf("%s: fired %d, want %d", st.name, got, st.want)
		}
		for _, n := range []string{outage, consult} {
			want := ticket.WarnNone
			if slices.Contains(st.yellow, n) {
				want = ticket.WarnYellow
			}
			if n == outage && st.at.After(at(2026, 10, 17, 16, 0)) {
				want = ticket.WarnRed
			}
			list, queue, inDue := e.mark(n)
			if list != want || queue != want || inDue != (want != ticket.WarnNone) {
				t.Errorf("%s: %s is %q in the list, %q in the queues (in 即将超期: %v), want %q", st.name, n, list, queue, inDue, want)
			}
		}
		rem, err := e.svc.Reminders(mainDept, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rem {
			if r.Kind == ReminderFinish {
				got = append(got, r.Number)
			}
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(st.reminded))
		if !slices.Equal(got, want) {
			t.Errorf("%s: finish reminders for %v, want %v", st.name, got, want)
		}
	}
}

// Short deadlines over a holiday and in the evening: a 24-hour outage
// dispatched on the eve of the National Day holiday (Wednesday 2026-09-30
// 17:00, due on the holiday's first day at 17:00) has one working hour,
// and is reminded at 17:45 on the eve, not on the holiday at 11:00; a
// 2-hour emergency dispatched at 17:30 on a working day has half an hour
// of work in it and is reminded at 17:52:30, not at 19:00 by the clock; one
// dispatched on a holiday morning has no working time at all and is
// reminded by the clock, when half an hour of its two is left.
func TestSchedulerShortDeadlineWorkingTime(t *testing.T) {
	e := newEnv(t)
	e.set(at(2026, 9, 30, 17, 0))
	eve := e.shortOrder(ticket.TypeHelp, ticket.UrgencyUrgent, "GS")
	if tk := e.get(eve); !tk.Due.Equal(at(2026, 10, 1, 17, 0)) || e.cal.IsWorkday(tk.Due) {
		t.Fatalf("outage due %v (a working day: %v)", tk.Due, e.cal.IsWorkday(tk.Due))
	}
	e.set(at(2026, 10, 2, 9, 0))
	holiday := e.shortOrder(ticket.TypeHelp, ticket.UrgencyEmergency, "SZSS")
	e.set(at(2026, 10, 12, 17, 30))
	evening := e.shortOrder(ticket.TypeHelp, ticket.UrgencyEmergency, "SZSS")
	if tk := e.get(evening); !tk.Due.Equal(at(2026, 10, 12, 19, 30)) {
		t.Fatalf("emergency due %v", tk.Due)
	}
	steps := []struct {
		name     string
		at       time.Time
		reminded []string // orders with a finish reminder in the inbox after the pass
	}{
		{"the eve, 17:44", at(2026, 9, 30, 17, 44), nil},
		{"the eve, 17:45: the outage's reminder", at(2026, 9, 30, 17, 45), []string{eve}},
		{"the holiday, 11:00", at(2026, 10, 1, 11, 0), []string{eve}},
		{"a holiday morning, 10:29", at(2026, 10, 2, 10, 29), []string{eve}},
		{"a holiday morning, 10:30: by the clock", at(2026, 10, 2, 10, 30), []string{eve, holiday}},
		{"Monday 17:52", at(2026, 10, 12, 17, 52), []string{eve, holiday}},
		{"Monday 17:52:30: the evening emergency's reminder", at(2026, 10, 12, 17, 52).Add(30 * time.Second), []string{eve, holiday, evening}},
	}
	for _, st := range steps {
		e.tick(st.at)
		rem, err := e.svc.Reminders(mainDept, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rem {
			if r.Kind == ReminderFinish {
				got = append(got, r.Number)
			}
		}
		slices.Sort(got)
		if want := slices.Sorted(slices.Values(st.reminded)); !slices.Equal(got, want) {
			t.Errorf("%s: finish reminders for %v, want %v", st.name, got, want)
		}
	}
}
