package workflow

import (
	"slices"
	"testing"
	"time"

	"hotline/store"
	"hotline/ticket"
)

// TestWaitingForTheOffice: a reply to review, an extension asked for and
// a return each show how long they have waited for the office, in working
// time (calls.workday_start 08:30 to 18:00 on working days), and the
// supervision desk's lists and the work queues list the longest waiting
// first, not by number or deadline.
func TestWaitingForTheOffice(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	e.set(at(2026, 9, 29, 10, 0)) // Tuesday
	later := e.orderIn(ticket.Signed)
	e.set(at(2026, 9, 29, 11, 0))
	first := e.orderIn(ticket.Replied)
	e.set(at(2026, 9, 29, 14, 0))
	e.must(s.Reply(cityMgmt, later, "已更换灯泡", ""))
	ext := e.orderIn(ticket.ExtensionRequested)
	e.set(at(2026, 9, 29, 17, 30))
	ret := e.orderIn(ticket.Returned)
	e.set(at(2026, 9, 30, 9, 0)) // Wednesday

	sl, err := s.SupervisorList()
	if err != nil {
		t.Fatal(err)
	}
	if got := numbers(sl.PendingReview); !slices.Equal(got, []string{first, later}) {
		t.Errorf("review = %v, want the longest waiting first %v", got, []string{first, later})
	}
	want := map[string]struct {
		since  time.Time
		waited time.Duration
	}{
		first: {at(2026, 9, 29, 11, 0), 7*time.Hour + 30*time.Minute}, // 11:00–18:00, 08:30–09:00
		later: {at(2026, 9, 29, 14, 0), 4*time.Hour + 30*time.Minute},
		ext:   {at(2026, 9, 29, 14, 0), 4*time.Hour + 30*time.Minute},
		ret:   {at(2026, 9, 29, 17, 30), time.Hour},
	}
	for _, it := range slices.Concat(sl.PendingReview, sl.PendingExtension, sl.PendingReturn) {
		w := want[it.Number]
		if !it.WaitingSince.Equal(w.since) || it.WaitedSeconds != int64(w.waited/time.Second) {
			t.Errorf("%s (%s): waiting since %v, %d s; want %v, %v", it.Number, it.Status, it.WaitingSince, it.WaitedSeconds, w.since, w.waited)
		}
	}
	if len(sl.PendingExtension) != 1 || len(sl.PendingReturn) != 1 {
		t.Errorf("extension %v, return %v", numbers(sl.PendingExtension), numbers(sl.PendingReturn))
	}
	qs, err := s.Queues()
	if err != nil {
		t.Fatal(err)
	}
	var q []string
	for _, it := range qs[QueueReview] {
		q = append(q, it.Number)
		if it.WaitingSince.IsZero() {
			t.Errorf("queue item %s without its wait", it.Number)
		}
	}
	if !slices.Equal(q, []string{first, later}) {
		t.Errorf("review queue = %v", q)
	}
	// Once decided, the order waits for its department again: no wait.
	e.must(s.DecideExtension(supervisor, ext, true, ""))
	items, err := s.Orders(store.TicketFilter{Status: ticket.Signed})
	if err != nil || len(items) != 1 || items[0].Number != ext || !items[0].WaitingSince.IsZero() || items[0].WaitedSeconds != 0 {
		t.Errorf("after the decision: %+v, %v", items, err)
	}
}

// TestDaysLeft: while an order's deadline runs, its items and Countdown
// say how many working days are left, counted as departments count their
// time limit (the National Day holiday skipped, the make-up Saturday
// counted): 5 at dispatch, 0 on its last day (red once 18:00 has passed),
// -1 the working day after; a closed order has no countdown.
func TestDaysLeft(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	e.set(at(2026, 9, 29, 9, 0)) // Tuesday
	n := e.orderIn(ticket.Dispatched)
	due := e.get(n).Due
	if want := at(2026, 10, 12, 18, 0); !due.Equal(want) {
		t.Fatalf("due %v, want %v", due, want)
	}
	for _, c := range []struct {
		now     time.Time
		left    int
		warning string
	}{
		{at(2026, 9, 29, 10, 0), 5, ""},
		{at(2026, 10, 3, 10, 0), 4, ""}, // a holiday: 10-08, 10-09, 10-10 (make-up Saturday) and 10-12 are left
		{at(2026, 10, 12, 10, 0), 0, ticket.WarnYellow},
		{at(2026, 10, 12, 19, 0), 0, ticket.WarnRed},
		{at(2026, 10, 13, 10, 0), -1, ticket.WarnRed},
	} {
		e.set(c.now)
		newOnes, _, _, _, err := s.DepartmentOrders(mainDept)
		if err != nil {
			t.Fatal(err)
		}
		if len(newOnes) != 1 || newOnes[0].DaysLeft == nil || *newOnes[0].DaysLeft != c.left || newOnes[0].Warning != c.warning {
			t.Errorf("%v: new orders %+v; want %s with %d working days left, warning %q", c.now, newOnes, n, c.left, c.warning)
		}
		if left, warning := s.Countdown(e.get(n)); left == nil || *left != c.left || warning != c.warning {
			t.Errorf("%v: Countdown %v %q; want %d %q", c.now, *left, warning, c.left, c.warning)
		}
	}
	// A deadline past on an earlier day with no working day since is past
	// (-1), not "today" (0): a Friday's on the weekend, 09-30's during the
	// National Day week (the reviewer's finding; 0 read 今日已超期).
	for _, c := range []struct {
		due, now time.Time
		left     int
	}{
		{at(2026, 11, 27, 18, 0), at(2026, 11, 28, 10, 0), -1},
		{at(2026, 11, 27, 18, 0), at(2026, 11, 29, 23, 0), -1},
		{at(2026, 11, 27, 18, 0), at(2026, 11, 30, 10, 0), -1},
		{at(2026, 11, 27, 18, 0), at(2026, 12, 1, 10, 0), -2},
		{at(2026, 9, 30, 18, 0), at(2026, 10, 5, 10, 0), -1},
		{at(2026, 11, 27, 18, 0), at(2026, 11, 27, 19, 0), 0},
	} {
		if got := s.workingDaysLeft(c.due, c.now); got == nil || *got != c.left {
			t.Errorf("due %v, now %v: %v working days left, want %d", c.due, c.now, got, c.left)
		}
	}
	closed := e.orderIn(ticket.Closed)
	if left, warning := s.Countdown(e.get(closed)); left != nil || warning != "" {
		t.Errorf("a closed order's countdown %v %q; want none", *left, warning)
	}
}
