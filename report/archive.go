package report

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"

	"hotline/config"
	"hotline/store"
)

// Generated reports are kept in the store's key-value area under
// "report:KIND:PERIOD", as JSON; XLSX and HTML are made from it on demand.
const archivePrefix = "report:"

// Entry describes an archived report.
type Entry struct {
	Kind        string    `json:"kind"`
	Period      string    `json:"period"`
	Label       string    `json:"label"`
	From        string    `json:"from"`
	To          string    `json:"to"`
	Received    int64     `json:"received"`
	GeneratedAt time.Time `json:"generated_at"`
}

func archiveKey(kind, period string) string { return archivePrefix + kind + ":" + period }

// Archive stores r (replacing an earlier one of the same period).
func Archive(st *store.Store, r *Report) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return st.UpdateNow(func(tx *store.Tx) error { return tx.Put(archiveKey(r.Kind, r.Period), b) })
}

// ErrNotArchived is returned for a report that was not generated.
var ErrNotArchived = errors.New("report: not generated")

// Load returns an archived report.
func Load(st *store.Store, kind, period string) (*Report, error) {
	var r *Report
	err := st.View(func(tx *store.Tx) error {
		b := tx.Get(archiveKey(kind, period))
		if b == nil {
			return ErrNotArchived
		}
		r = &Report{}
		return json.Unmarshal(b, r)
	})
	if err == nil {
		r.upgrade()
	}
	return r, err
}

// upgrade reads a report archived before 按时签收率 counted the orders not
// signed for by their deadline: its rates were over the orders signed, so
// that is what their denominators are.
func (r *Report) upgrade() {
	if r.SignLateKept {
		return
	}
	fix := func(x *Row) { x.ToSign = x.Signed }
	fix(&r.Totals)
	for i := range r.Leagues {
		for j := range r.Leagues[i].Rows {
			fix(&r.Leagues[i].Rows[j])
		}
	}
}

// List returns the archived reports, newest period first.
func List(st *store.Store) ([]Entry, error) {
	var out []Entry
	err := st.View(func(tx *store.Tx) error {
		return tx.ScanKV(archivePrefix, func(_ string, v []byte) error {
			var r Report
			if err := json.Unmarshal(v, &r); err != nil {
				return nil // not ours to judge: skip
			}
			out = append(out, Entry{Kind: r.Kind, Period: r.Period, Label: r.Label, From: r.From, To: r.To,
				Received: r.Received, GeneratedAt: r.GeneratedAt})
			return nil
		})
	})
	slices.SortFunc(out, func(a, b Entry) int {
		if c := strings.Compare(b.To, a.To); c != 0 {
			return c
		}
		return strings.Compare(a.Kind, b.Kind)
	})
	return out, err
}

// ForDepartment keeps what a department may see of r: its own rows of
// the ranking and its own leader items and 批示件; the city's totals stay.
func ForDepartment(r *Report, dept string) *Report {
	cp := *r
	keep := func(rows []Row) []Row {
		var out []Row
		for _, x := range rows {
			if x.Department == dept {
				out = append(out, x)
			}
		}
		return out
	}
	cp.Ranking = keep(r.Ranking)
	cp.Leagues = nil
	for _, lg := range r.Leagues {
		if rows := keep(lg.Rows); len(rows) > 0 {
			cp.Leagues = append(cp.Leagues, League{Name: lg.Name, Label: lg.Label, Rows: rows})
		}
	}
	flagged := func(in []FlaggedOrder) []FlaggedOrder {
		var out []FlaggedOrder
		for _, o := range in {
			if o.Department == dept {
				out = append(out, o)
			}
		}
		return out
	}
	cp.Leader = flagged(r.Leader)
	cp.Instructions = flagged(r.Instructions)
	return &cp
}

// Scheduler generates the weekly, monthly and quarterly reports when their
// time comes (report.weekly, .monthly, .quarterly in the config, city
// time) and archives them. A report missed while the server was down is
// generated at the next start; earlier ones are not back-filled.
type Scheduler struct {
	St    *store.Store
	Cfg   *config.Config
	Now   func() time.Time
	Log   *slog.Logger
	After func(Entry) // optional: told of each new report
}

// lastRun is the latest time at or before now that sched names.
func lastRun(kind string, sc config.Schedule, now time.Time, loc *time.Location) time.Time {
	now = now.In(loc)
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, sc.Hour, sc.Minute, 0, 0, loc) }
	switch kind {
	case Weekly:
		t := at(now.Year(), now.Month(), now.Day())
		for t.Weekday() != sc.Weekday || t.After(now) {
			t = t.AddDate(0, 0, -1)
		}
		return t
	case Monthly:
		t := at(now.Year(), now.Month(), sc.Day)
		if t.After(now) {
			t = t.AddDate(0, -1, 0)
		}
		return t
	default: // quarterly: the first month of a quarter
		q := time.Month(3*((int(now.Month())-1)/3) + 1)
		t := at(now.Year(), q, sc.Day)
		if t.After(now) {
			t = t.AddDate(0, -3, 0)
		}
		return t
	}
}

// errFound stops a scan at its first row.
var errFound = errors.New("report: found")

// beforeFirstOrder reports whether period p ended before the office's
// first order: no rollup row on any day up to p's last day. The scheduler
// makes no report of such a period (the first start after hotline demo
// made the quarter before the demo's history, with 0 orders). A store
// whose rollups are not current answers false: its report is made from a
// scan, as before.
func beforeFirstOrder(st *store.Store, p Period, loc *time.Location) (bool, error) {
	if ok, err := st.RollupsCurrent(); err != nil || !ok {
		return false, err
	}
	found := false
	err := st.View(func(tx *store.Tx) error {
		return tx.Rollups("", Day(p.To, loc), func(store.RollupKey, store.Counters) error {
			found = true
			return errFound
		})
	})
	if errors.Is(err, errFound) {
		err = nil
	}
	return !found, err
}

// Tick generates the reports that are due and not archived yet, but of a
// period that ended before the office's first order (beforeFirstOrder);
// it returns what it made.
func (s *Scheduler) Tick() ([]Entry, error) {
	loc := s.Cfg.Location()
	now := s.Now()
	var made []Entry
	for _, k := range []struct {
		kind, spec string
	}{{Weekly, s.Cfg.Report.Weekly}, {Monthly, s.Cfg.Report.Monthly}, {Quarterly, s.Cfg.Report.Quarterly}} {
		sc, err := config.ParseSchedule(k.spec, k.kind == Weekly)
		if err != nil || sc.Off {
			continue
		}
		run := lastRun(k.kind, sc, now, loc)
		p := LastComplete(k.kind, run, loc)
		if _, err := Load(s.St, p.Kind, p.Name); err == nil {
			continue
		} else if !errors.Is(err, ErrNotArchived) {
			return made, err
		}
		if none, err := beforeFirstOrder(s.St, p, loc); err != nil {
			return made, err
		} else if none {
			continue
		}
		r, err := Make(s.St, s.Cfg, p, now)
		if err != nil {
			return made, err
		}
		if err := Archive(s.St, r); err != nil {
			return made, err
		}
		e := Entry{Kind: r.Kind, Period: r.Period, Label: r.Label, From: r.From, To: r.To, Received: r.Received, GeneratedAt: r.GeneratedAt}
		made = append(made, e)
		if s.Log != nil {
			s.Log.Info("report generated", "kind", e.Kind, "period", e.Period, "received", e.Received)
		}
		if s.After != nil {
			s.After(e)
		}
	}
	return made, nil
}

// Run calls Tick every interval until ctx ends.
func (s *Scheduler) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Tick(); err != nil && s.Log != nil && ctx.Err() == nil {
			s.Log.Error("report generation failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
