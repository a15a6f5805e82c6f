package report

import (
	"slices"
	"testing"
	"time"

	"hotline/store"
	"hotline/ticket"
)

// putOrder stores an order accepted at at (its rollups with it).
func putOrder(t *testing.T, st *store.Store, number string, at time.Time) {
	t.Helper()
	err := st.UpdateNow(func(tx *store.Tx) error {
		tk := &ticket.Ticket{Number: number, Channel: "webchat", Type: ticket.TypeComplaint, Category: "SRHW",
			Urgency: ticket.UrgencyNormal, Status: ticket.Draft, ReceivedAt: at, Title: "测试"}
		if err := tk.Transition(ticket.Accepted, ticket.Event{At: at, Actor: "bot"}); err != nil {
			return err
		}
		return tx.PutTicket(tk)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSchedulerGeneratesOnTime(t *testing.T) {
	cfg, st := rollupStore(t)
	loc := cfg.Location()
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, loc) // a Monday
	putOrder(t, st, "20260601-0001", time.Date(2026, 6, 1, 9, 0, 0, 0, loc))
	var told []string
	s := &Scheduler{St: st, Cfg: cfg, Now: func() time.Time { return now }, After: func(e Entry) { told = append(told, e.Kind+" "+e.Period) }}
	names := func(es []Entry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Kind+" "+e.Period)
		}
		return out
	}
	step := func(at time.Time, want ...string) {
		t.Helper()
		now = at
		made, err := s.Tick()
		if err != nil {
			t.Fatal(err)
		}
		if got := names(made); !slices.Equal(got, want) {
			t.Errorf("at %s: made %v, want %v", at.Format(time.DateTime), got, want)
		}
	}
	// First start: the latest report of each kind.
	step(now, "weekly 2026-W48", "monthly 2026-10", "quarterly 2026-Q3")
	step(now.Add(time.Hour))
	step(time.Date(2026, 12, 1, 7, 59, 0, 0, loc))
	step(time.Date(2026, 12, 1, 8, 0, 0, 0, loc), "monthly 2026-11")
	step(time.Date(2026, 12, 7, 8, 0, 0, 0, loc), "weekly 2026-W49")
	// Down for three weeks: only the latest week is made.
	step(time.Date(2027, 1, 1, 8, 30, 0, 0, loc), "weekly 2026-W52", "monthly 2026-12", "quarterly 2026-Q4")
	if len(told) != 8 {
		t.Errorf("told %v", told)
	}
	list, err := List(st)
	if err != nil || len(list) != 8 || list[0].To != "2026-12-31" {
		t.Fatalf("list %v %v", list, err)
	}
	r, err := Load(st, Monthly, "2026-11")
	if err != nil || r.Period != "2026-11" || r.From != "2026-11-01" {
		t.Fatalf("load %+v %v", r, err)
	}
	if _, err := Load(st, Monthly, "2025-01"); err != ErrNotArchived {
		t.Fatalf("load of a report never made: %v", err)
	}
	cfg.Report.Weekly = ""
	step(time.Date(2027, 1, 4, 9, 0, 0, 0, loc))
}

// TestSchedulerNotBeforeFirstOrder: the first start of an office whose
// first order came in October makes the last week's and October's
// reports, not the third quarter's (0 orders); a start before any order
// makes none, and the quarter is made once it holds orders.
func TestSchedulerNotBeforeFirstOrder(t *testing.T) {
	cfg, st := rollupStore(t)
	loc := cfg.Location()
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, loc)
	s := &Scheduler{St: st, Cfg: cfg, Now: func() time.Time { return now }}
	tick := func(want ...string) {
		t.Helper()
		made, err := s.Tick()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range made {
			got = append(got, e.Kind+" "+e.Period)
		}
		if !slices.Equal(got, want) {
			t.Errorf("made %v, want %v", got, want)
		}
	}
	tick()
	putOrder(t, st, "20261005-0001", time.Date(2026, 10, 5, 9, 0, 0, 0, loc))
	tick("weekly 2026-W48", "monthly 2026-10")
	now = time.Date(2027, 1, 1, 8, 30, 0, 0, loc)
	tick("weekly 2026-W52", "monthly 2026-12", "quarterly 2026-Q4")
	if r, err := Load(st, Quarterly, "2026-Q4"); err != nil || r.Received != 1 {
		t.Errorf("the fourth quarter: %+v %v; want its one order", r, err)
	}
}

func TestForDepartment(t *testing.T) {
	r := &Report{Received: 9,
		Ranking: []Row{{Department: "甲", League: LeagueMunicipal}, {Department: "乙", League: LeagueMunicipal}},
		Leagues: []League{{Name: LeagueMunicipal, Rows: []Row{{Department: "甲"}, {Department: "乙"}}}},
		Leader:  []FlaggedOrder{{Number: "1", Department: "乙"}}, Instructions: []FlaggedOrder{{Number: "2", Department: "甲"}}}
	d := ForDepartment(r, "甲")
	if len(d.Ranking) != 1 || d.Ranking[0].Department != "甲" || len(d.Leagues) != 1 || len(d.Leagues[0].Rows) != 1 ||
		len(d.Leader) != 0 || len(d.Instructions) != 1 || d.Received != 9 {
		t.Fatalf("%+v", d)
	}
	if len(r.Ranking) != 2 {
		t.Fatal("the original report changed")
	}
}
