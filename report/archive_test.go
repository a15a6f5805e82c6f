package report

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"hotline/config"
	"hotline/store"
)

func TestSchedulerGeneratesOnTime(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	loc := cfg.Location()
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"), &store.Options{Rollup: Rollup(loc)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, loc) // a Monday
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
