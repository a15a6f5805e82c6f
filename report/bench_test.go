package report

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"hotline/config"
	"hotline/store"
	"hotline/ticket"
)

// benchOrder is an order with an ordinary life: accepted, dispatched
// (mostly automatically), signed, replied, reviewed, rated and closed,
// with some returns, extensions and reopenings on the way.
func benchOrder(r *rand.Rand, n int, at time.Time) *ticket.Ticket {
	tk := newTicket(r, n, at)
	tk.Number = fmt.Sprintf("%s-%07d", at.Format("20060102"), n)
	tk.Flags.LeaderItem = r.IntN(200) == 0
	tk.Title = "小区路灯不亮"
	tk.Description = "某小区3号楼附近路灯连续多日不亮，夜间出行不便，请尽快维修。"
	step := func(d time.Duration) time.Time { at = at.Add(d); return at }
	_ = tk.Transition(ticket.Accepted, ticket.Event{At: at, Actor: "bot"})
	dispatch := func() {
		d := testDepts[r.IntN(len(testDepts)-1)]
		ev := ticket.Event{At: step(time.Duration(r.IntN(60)) * time.Minute), Actor: "system",
			Fields: map[string][2]string{"sign_due": {"", ""}, "due": {"", ""}}}
		if r.IntN(5) == 0 {
			ev.Actor = "agent:wang"
		}
		ev.Fields["sign_due"] = [2]string{ev.Fields["sign_due"][0], at.Add(24 * time.Hour).Format(time.RFC3339)}
		ev.Fields["due"] = [2]string{"", at.Add(5 * 24 * time.Hour).Format(time.RFC3339)}
		if d != tk.Department {
			ev.Fields["department"] = [2]string{tk.Department, d}
		}
		_ = tk.Transition(ticket.Dispatched, ev)
		tk.Department = d
		tk.SignDue, tk.Due = at.Add(24*time.Hour).Truncate(time.Second), at.Add(5*24*time.Hour).Truncate(time.Second)
	}
	dispatch()
	_ = tk.Transition(ticket.Signed, ticket.Event{At: step(time.Duration(r.IntN(30)) * time.Hour), Actor: "dept:x/zhao", Action: "sign"})
	if r.IntN(20) == 0 {
		_ = tk.Transition(ticket.Returned, ticket.Event{At: step(time.Hour), Actor: "dept:x/zhao", Note: "非本单位职责"})
		dispatch()
		_ = tk.Transition(ticket.Signed, ticket.Event{At: step(2 * time.Hour), Actor: "dept:y/li", Action: "sign"})
	}
	if r.IntN(15) == 0 {
		_ = tk.Transition(ticket.ExtensionRequested, ticket.Event{At: step(24 * time.Hour), Actor: "dept:x/zhao"})
		_ = tk.Transition(ticket.Signed, ticket.Event{At: step(3 * time.Hour), Actor: "supervisor:s", Action: "extension_granted",
			Fields: map[string][2]string{"due": {tk.Due.Format(time.RFC3339), tk.Due.Add(72 * time.Hour).Format(time.RFC3339)}}})
		tk.Due = tk.Due.Add(72 * time.Hour)
	}
	_ = tk.Transition(ticket.Replied, ticket.Event{At: step(time.Duration(r.IntN(140)) * time.Hour), Actor: "dept:x/zhao", Note: "已维修"})
	_ = tk.Transition(ticket.Reviewed, ticket.Event{At: step(2 * time.Hour), Actor: "supervisor:s"})
	sat := ticket.Satisfied
	switch x := r.IntN(100); {
	case x < 8:
		sat = ticket.Unsatisfied
	case x < 25:
		sat = ticket.BasicSatisfied
	}
	solved := sat != ticket.Unsatisfied
	tk.Satisfaction, tk.Solved = sat, &solved
	_ = tk.Transition(ticket.Visited, ticket.Event{At: step(5 * time.Hour), Actor: "citizen", Action: "visit", Note: "回访：" + sat})
	if solved {
		_ = tk.Transition(ticket.Closed, ticket.Event{At: at, Actor: "citizen", Action: "close"})
	} else {
		_ = tk.Transition(ticket.Reopened, ticket.Event{At: at, Actor: "citizen", Action: "reopen"})
	}
	return tk
}

// BenchmarkQuarterlyReport builds HOTLINE_BENCH_ORDERS orders (default
// 1,000,000) over two quarters and makes the quarterly report from the
// rollups and by a full scan of the same orders, in the same run; the
// reports must be equal. Metrics: rollup-ms, scan-ms and speedup.
//
//	go test -run '^$' -bench QuarterlyReport -benchtime 1x ./report/
func BenchmarkQuarterlyReport(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("HOTLINE_BENCH_ORDERS")); err == nil && v > 0 {
		n = v
	}
	cfg, err := config.Default()
	if err != nil {
		b.Fatal(err)
	}
	loc := cfg.Location()
	st, err := store.Open(filepath.Join(b.TempDir(), "h.db"), &store.Options{Rollup: Rollup(loc)})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 7, 1, 0, 0, 0, 0, loc)
	span := int64(time.Date(2026, 12, 31, 0, 0, 0, 0, loc).Sub(start))
	const perTx = 20000
	built := time.Now()
	for i := 0; i < n; i += perTx {
		if err := st.UpdateNow(func(tx *store.Tx) error {
			for j := i; j < min(n, i+perTx); j++ {
				// In time order, as orders arrive: appends to the B+trees.
				at := start.Add(time.Duration(span / int64(n) * int64(j)))
				if err := tx.PutTicket(benchOrder(r, j+1, at)); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("built %d orders in %s", n, time.Since(built).Round(time.Second))
	p, err := ParsePeriod(Quarterly, "2026-Q4", "", "", loc)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2027, 1, 4, 8, 0, 0, 0, loc)
	var rollNs, scanNs int64
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		a, err := FromRollups(st, cfg, p, now)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		s, err := FromScan(st, cfg, p, now)
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		rollNs += t1.Sub(t0).Nanoseconds()
		scanNs += t2.Sub(t1).Nanoseconds()
		if !reflect.DeepEqual(a, s) {
			b.Fatal("the report from rollups differs from the scan")
		}
		if a.Received == 0 {
			b.Fatal("empty report")
		}
	}
	b.ReportMetric(float64(rollNs)/float64(b.N)/1e6, "rollup-ms")
	b.ReportMetric(float64(scanNs)/float64(b.N)/1e6, "scan-ms")
	b.ReportMetric(float64(scanNs)/float64(rollNs), "speedup")
}
