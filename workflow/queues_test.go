package workflow

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"hotline/ticket"
)

func TestQueues(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	// Tue 29 Sep 09:00: orders in every state the queues list.
	e.set(at(2026, 9, 29, 9, 0))
	held := e.order()
	late := e.orderIn(ticket.Signed) // due Mon 12 Oct (5 working days over the holiday)
	reopened := e.orderIn(ticket.Reopened)
	replied := e.orderIn(ticket.Replied)
	ext := e.orderIn(ticket.ExtensionRequested)
	returned := e.orderIn(ticket.Returned)
	e.set(at(2026, 9, 30, 9, 0))
	soon := e.orderIn(ticket.Signed)
	e.must(s.Supervise(supervisor, soon, "市民多次反映", false))
	closed := e.orderIn(ticket.Closed)

	// Tue 13 Oct 10:00: late is past its deadline, soon is due within a
	// working day.
	e.set(at(2026, 10, 13, 10, 0))
	qs, err := s.Queues()
	if err != nil {
		t.Fatal(err)
	}
	nums := func(name string) []string {
		var out []string
		for _, it := range qs[name] {
			out = append(out, it.Number)
		}
		return out
	}
	for name, want := range map[string][]string{
		QueueDispatch:   {held},
		QueueRedo:       {reopened},
		QueueReview:     {replied},
		QueueExtension:  {ext},
		QueueReturn:     {returned},
		QueueSupervised: {soon},
	} {
		if got := nums(name); !slices.Equal(got, want) {
			t.Errorf("queue %s = %v, want %v", name, got, want)
		}
	}
	due := qs[QueueDue]
	var red, yellow []string
	for i, it := range due {
		if i > 0 && it.Deadline.Before(due[i-1].Deadline) {
			t.Errorf("due queue not sorted by deadline: %v", nums(QueueDue))
		}
		if it.Number == closed {
			t.Errorf("a closed order is in the due queue")
		}
		switch it.Mark {
		case ticket.WarnRed:
			red = append(red, it.Number)
			if it.Remaining >= 0 {
				t.Errorf("%s is red with %d seconds left", it.Number, it.Remaining)
			}
		case ticket.WarnYellow:
			yellow = append(yellow, it.Number)
			if it.Remaining <= 0 {
				t.Errorf("%s is yellow with %d seconds left", it.Number, it.Remaining)
			}
		default:
			t.Errorf("%s in the due queue without a mark", it.Number)
		}
	}
	if !slices.Contains(red, late) || !slices.Contains(yellow, soon) {
		t.Errorf("red %v (want %s), yellow %v (want %s)", red, late, yellow, soon)
	}
	counts, err := s.QueueCounts()
	if err != nil {
		t.Fatal(err)
	}
	if counts[QueueDispatch] != 1 || counts[QueueDue] != len(due) || len(counts) != len(s.QueueList()) {
		t.Errorf("counts %v", counts)
	}
	// Dispatching the held order empties 待派单.
	e.must(s.Dispatch(agent, held, mainDept, nil, ""))
	if counts, _ := s.QueueCounts(); counts[QueueDispatch] != 0 {
		t.Errorf("待派单 still counts %d after the dispatch", counts[QueueDispatch])
	}
}

// TestQueueLabels: the queues' names come from console_labels.queues, in
// the console's order.
func TestQueueLabels(t *testing.T) {
	e := newEnv(t)
	e.svc.cfg.ConsoleLabels.Queues.Review = "待审核反馈"
	got := e.svc.QueueList()
	if len(got) != 8 || got[0] != (QueueInfo{QueueDispatch, "待派单", false}) || got[2] != (QueueInfo{QueueReview, "待审核反馈", true}) ||
		got[3] != (QueueInfo{QueueVisit, "待回访", true}) {
		t.Errorf("queues %v", got)
	}
	if !KnownQueue(QueueSupervised) || KnownQueue("nope") {
		t.Error("KnownQueue")
	}
}

// TestQueueClockStopsOnceReplied: an order the department replied to in
// time waits for the office's review; once its deadline has passed it is
// not shown as late (no time left, no mark) in 待审核 or 督办/批示, while
// an order still at the department is.
func TestQueueClockStopsOnceReplied(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	e.set(at(2026, 9, 29, 9, 0))
	replied := e.orderIn(ticket.Replied) // due Mon 12 Oct
	signed := e.orderIn(ticket.Signed)
	e.must(s.Supervise(supervisor, replied, "市民多次反映", false))
	e.must(s.Supervise(supervisor, signed, "市民多次反映", false))
	e.set(at(2026, 10, 13, 10, 0))
	qs, err := s.Queues()
	if err != nil {
		t.Fatal(err)
	}
	find := func(queue, number string) QueueItem {
		t.Helper()
		for _, it := range qs[queue] {
			if it.Number == number {
				return it
			}
		}
		t.Fatalf("%s not in queue %s", number, queue)
		return QueueItem{}
	}
	for _, q := range []string{QueueReview, QueueSupervised} {
		it := find(q, replied)
		if it.Running || it.Mark != "" || it.Remaining != 0 || it.Deadline.IsZero() {
			t.Errorf("%s: replied order running %v, mark %q, %d s left, deadline %v; want stopped, no mark, the deadline kept",
				q, it.Running, it.Mark, it.Remaining, it.Deadline)
		}
	}
	if it := find(QueueSupervised, signed); !it.Running || it.Mark != ticket.WarnRed || it.Remaining >= 0 {
		t.Errorf("signed order past its deadline: running %v, mark %q, %d s left", it.Running, it.Mark, it.Remaining)
	}
	for _, it := range qs[QueueDue] {
		if it.Number == replied {
			t.Errorf("the replied order is in 即将超期/已超期")
		}
	}
}

// TestVisitQueue: 待回访 lists the orders whose citizen was asked for a
// rating and has not given one (a reviewed reply, a direct answer), the
// longest waiting first, with the working time waited and the time left
// until the order closes as not visited; a rating or that closing takes
// it off the list.
func TestVisitQueue(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	e.set(at(2026, 9, 28, 9, 0)) // Monday
	reviewed := e.orderIn(ticket.Reviewed)
	rated := e.orderIn(ticket.Reviewed)
	e.orderIn(ticket.Replied) // waits for review, not for a rating
	e.set(at(2026, 9, 29, 10, 0))
	answered := e.orderIn(ticket.Answered)
	e.must(s.Rate(agent, rated, ticket.Satisfied, true))

	now := at(2026, 9, 29, 15, 0)
	e.set(now)
	qs, err := s.Queues()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range qs[QueueVisit] {
		got = append(got, it.Number)
	}
	if !slices.Equal(got, []string{reviewed, answered}) {
		t.Fatalf("待回访 = %v, want %v (longest waiting first)", got, []string{reviewed, answered})
	}
	first := qs[QueueVisit][0]
	asked := at(2026, 9, 28, 9, 0)
	if !first.WaitingSince.Equal(asked) || first.WaitedSeconds != int64(s.workingTime(asked, now)/time.Second) || first.WaitedSeconds <= 0 {
		t.Errorf("waiting since %v, %d s; want %v, %v", first.WaitingSince, first.WaitedSeconds, asked, s.workingTime(asked, now))
	}
	closes := asked.AddDate(0, 0, s.cfg.TimeLimits.VisitDays)
	if !first.Running || !first.Deadline.Equal(closes) || first.Remaining != int64(closes.Sub(now)/time.Second) || first.Mark != "" {
		t.Errorf("deadline %v running %v, %d s left, mark %q; want %v, %d s, no mark",
			first.Deadline, first.Running, first.Remaining, first.Mark, closes, int64(closes.Sub(now)/time.Second))
	}
	if counts, _ := s.QueueCounts(); counts[QueueVisit] != 2 {
		t.Errorf("待回访 counts %d, want 2", counts[QueueVisit])
	}
	// The supervision desk's page lists them too, the longest waiting first.
	sl, err := s.SupervisorList()
	if err != nil {
		t.Fatal(err)
	}
	if len(sl.PendingVisit) != 2 || sl.PendingVisit[0].Number != reviewed || sl.PendingVisit[1].Number != answered ||
		!sl.PendingVisit[0].WaitingSince.Equal(asked) {
		t.Errorf("supervisor's 待回访 %+v", sl.PendingVisit)
	}

	// The office calls the first citizen back and records the rating; the
	// other order closes as not visited when its days are over.
	e.must(s.Rate(supervisor, reviewed, ticket.BasicSatisfied, true))
	if counts, _ := s.QueueCounts(); counts[QueueVisit] != 1 {
		t.Errorf("待回访 counts %d after a return visit, want 1", counts[QueueVisit])
	}
	e.tick(at(2026, 10, 2, 10, 1))
	if tk := e.get(answered); tk.Status != ticket.Closed || !tk.Flags.NotVisited {
		t.Fatalf("answered order %s, not visited %v", tk.Status, tk.Flags.NotVisited)
	}
	if counts, _ := s.QueueCounts(); counts[QueueVisit] != 0 {
		t.Errorf("待回访 counts %d after the visit time ran out, want 0", counts[QueueVisit])
	}
}

// TestQueueDaysLeft: a queue item carries the working days left until its
// own deadline, counted as the order's page counts them (Countdown): the
// finish deadline over the National Day holiday, the sign deadline while a
// dispatched order waits to be signed, the close of a return visit; none
// once the department has replied.
func TestQueueDaysLeft(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	e.set(at(2026, 9, 29, 9, 0)) // Tuesday
	signed := e.orderIn(ticket.Signed)
	dispatched := e.orderIn(ticket.Dispatched)
	replied := e.orderIn(ticket.Replied)
	for _, n := range []string{signed, dispatched, replied} {
		e.must(s.Supervise(supervisor, n, "市民多次反映", false))
	}
	e.must(s.Review(supervisor, e.orderIn(ticket.Replied), true, "")) // waits for a return visit
	find := func(qs map[string][]QueueItem, queue, number string) QueueItem {
		t.Helper()
		for _, it := range qs[queue] {
			if it.Number == number {
				return it
			}
		}
		t.Fatalf("%s not in queue %s", number, queue)
		return QueueItem{}
	}
	left := func(p *int) string {
		if p == nil {
			return "none"
		}
		return fmt.Sprint(*p)
	}
	for _, c := range []struct {
		now                         time.Time
		signed, dispatched, replied string
	}{
		// The sign deadline (one working day) ends tomorrow; the
		// finish deadline, Mon 12 Oct, is 5 working days away.
		{at(2026, 9, 29, 10, 0), "5", "1", "none"},
		// The holiday: 10-08, 10-09, 10-10 (make-up Saturday) and
		// 10-12 are left; the sign deadline has passed, so the
		// dispatched order counts to its finish deadline.
		{at(2026, 10, 3, 10, 0), "4", "4", "none"},
		{at(2026, 10, 12, 19, 0), "0", "0", "none"},
		{at(2026, 10, 13, 10, 0), "-1", "-1", "none"},
	} {
		e.set(c.now)
		qs, err := s.Queues()
		if err != nil {
			t.Fatal(err)
		}
		for number, want := range map[string]string{signed: c.signed, dispatched: c.dispatched, replied: c.replied} {
			it := find(qs, QueueSupervised, number)
			if got := left(it.DaysLeft); got != want {
				t.Errorf("%v: %s (%s, deadline %v) has %s working days left, want %s", c.now, number, it.Status, it.Deadline, got, want)
			}
			if it.Deadline.Equal(it.Due) {
				if d, _ := s.Countdown(it.Ticket); left(d) != want {
					t.Errorf("%v: %s: queue %s, order page %s", c.now, number, want, left(d))
				}
			}
		}
		if c.now.Before(at(2026, 10, 1, 0, 0)) {
			v := qs[QueueVisit]
			if len(v) != 1 || v[0].DaysLeft == nil || *v[0].DaysLeft != s.cal.WorkingDaysBetween(c.now, v[0].Deadline) {
				t.Errorf("%v: 待回访 %+v; want one item counting the working days to its close", c.now, v)
			}
		}
	}
}
