package report

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"hotline/config"
	"hotline/store"
	"hotline/ticket"
)

var testDepts = []string{"任城区人民政府", "兖州区人民政府", "市城市管理局", "市公安局", "山东聚源热力有限责任公司", "中山水务公司", "市长公开电话办公室"}
var testCats = []string{"SRHW", "GR", "JT", "QT"}

// randomStep advances tk by one random step of its life, as the bot and
// the workflow would (transitions, edits, marks, ratings), at time at. It
// draws from r only, so the same r gives the same step.
func randomStep(r *rand.Rand, tk *ticket.Ticket, at time.Time) {
	due := func(d time.Duration) string { return at.Add(d).Format(time.RFC3339) }
	switch r.IntN(10) {
	case 0: // an edit of the department or category
		if r.IntN(2) == 0 {
			_ = tk.Edit(at, "agent:a", "department", testDepts[r.IntN(len(testDepts))], r.IntN(2) == 0)
		} else {
			_ = tk.Edit(at, "agent:a", "category", testCats[r.IntN(len(testCats))], true)
		}
		return
	case 1: // marks
		switch r.IntN(5) {
		case 0:
			tk.Flags.Instruction = true
			tk.Record(ticket.Event{At: at, Actor: "leader:li", Action: "instruct", Note: "请尽快办理"})
		case 1:
			tk.Flags.Supervised = true
			tk.Record(ticket.Event{At: at, Actor: "supervisor:s", Action: "supervise"})
		case 2:
			tk.Record(ticket.Event{At: at, Actor: "system", Action: "escalate"})
		case 3:
			tk.Flags.LeaderItem = !tk.Flags.LeaderItem
		case 4: // the scheduler's mark of a sign deadline passed unsigned
			if tk.Status == ticket.Dispatched {
				tk.Record(ticket.Event{At: at, Actor: "system", Action: "sign_overdue"})
			}
		}
		return
	}
	next := tk.Status.Next()
	if len(next) == 0 {
		if tk.Status == ticket.Closed || tk.Status == ticket.Answered {
			// a late rating
			sat := []string{ticket.Satisfied, ticket.BasicSatisfied, ticket.Unsatisfied}[r.IntN(3)]
			tk.Satisfaction = sat
			tk.Record(ticket.Event{At: at, Actor: "citizen", Action: "rate", Note: "评价：" + sat})
		}
		return
	}
	to := next[r.IntN(len(next))]
	ev := ticket.Event{At: at, Actor: "agent:a"}
	switch to {
	case ticket.Dispatched:
		d := testDepts[r.IntN(len(testDepts))]
		if r.IntN(2) == 0 {
			ev.Actor = "system"
		}
		ev.Fields = map[string][2]string{"sign_due": {"", due(24 * time.Hour)}, "due": {"", due(5 * 24 * time.Hour)}}
		if d != tk.Department {
			ev.Fields["department"] = [2]string{tk.Department, d}
		}
		if err := tk.Transition(to, ev); err == nil {
			tk.Department = d
			tk.SignDue, tk.Due = at.Add(time.Duration(r.IntN(48))*time.Hour), at.Add(time.Duration(r.IntN(240))*time.Hour)
		}
		return
	case ticket.Signed:
		if tk.Status == ticket.ExtensionRequested {
			if r.IntN(2) == 0 {
				ev.Action = "extension_granted"
				ev.Fields = map[string][2]string{"due": {tk.Due.Format(time.RFC3339), due(200 * time.Hour)}}
				tk.Due = at.Add(200 * time.Hour).Truncate(time.Second)
			} else {
				ev.Action = "extension_refused"
			}
		}
	case ticket.Visited:
		sat := []string{ticket.Satisfied, ticket.BasicSatisfied, ticket.Unsatisfied}[r.IntN(3)]
		solved := r.IntN(4) > 0
		tk.Satisfaction, tk.Solved = sat, &solved
		ev.Action, ev.Note = "visit", "回访："+sat
	case ticket.Closed:
		if tk.Status == ticket.Reviewed {
			ev.Action = "visit_timeout"
		}
	case ticket.Answered:
		ev.Action = []string{"answer", "merge"}[r.IntN(2)]
	}
	_ = tk.Transition(to, ev)
}

func newTicket(r *rand.Rand, n int, at time.Time) *ticket.Ticket {
	tk := &ticket.Ticket{
		Number: fmt.Sprintf("20261101-%04d", n), Channel: []string{"wechat", "sms", "webchat", "telegram"}[r.IntN(4)],
		Type: ticket.RequestTypes()[r.IntN(6)], Category: testCats[r.IntN(len(testCats))],
		Department: testDepts[r.IntN(len(testDepts))], District: []string{"", "任城区", "兖州区"}[r.IntN(3)],
		Town: []string{"", "古槐街道", "小孟镇"}[r.IntN(3)], Urgency: ticket.UrgencyNormal,
		Status: ticket.Draft, ReceivedAt: at, Title: "测试",
	}
	tk.Flags.LeaderItem = r.IntN(8) == 0
	tk.Flags.Emergency = r.IntN(10) == 0
	return tk
}

// recompute sums Facts over every stored order.
func recompute(t *testing.T, st *store.Store, loc *time.Location) map[store.RollupKey]store.Counters {
	t.Helper()
	out := map[store.RollupKey]store.Counters{}
	if err := st.View(func(tx *store.Tx) error {
		return tx.ForEachTicket(func(tk *ticket.Ticket) error {
			Facts(tk, loc, func(k store.RollupKey, n string, v int64) {
				if out[k] == nil {
					out[k] = store.Counters{}
				}
				out[k][n] += v
			})
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	for k, c := range out {
		for n, v := range c {
			if v == 0 {
				delete(c, n)
			}
		}
		if len(c) == 0 {
			delete(out, k)
		}
	}
	return out
}

func rollupRows(t *testing.T, st *store.Store) map[store.RollupKey]store.Counters {
	t.Helper()
	out := map[store.RollupKey]store.Counters{}
	if err := st.View(func(tx *store.Tx) error {
		return tx.Rollups("", "99999999", func(k store.RollupKey, c store.Counters) error {
			if _, dup := out[k]; dup {
				return fmt.Errorf("row %v twice", k)
			}
			out[k] = c
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func compareRollups(t *testing.T, want, got map[store.RollupKey]store.Counters) {
	t.Helper()
	for k, w := range want {
		g := got[k]
		for n, v := range w {
			if g[n] != v {
				t.Errorf("row %v counter %s: rollup %d, recomputed %d", k, n, g[n], v)
			}
		}
	}
	for k, g := range got {
		for n, v := range g {
			if want[k][n] != v {
				t.Errorf("row %v counter %s: rollup %d, recomputed %d", k, n, v, want[k][n])
			}
		}
	}
}

// errInjected fails a batch member once, so that bbolt re-runs the others.
var errInjected = errors.New("injected")

// TestRollupsEqualRecomputation runs random histories of orders through
// the store, with concurrent batched writers, injected failures that make
// bbolt re-run batches, several orders per transaction and stores opened
// without rollups, and checks the rollups against a recomputation from the
// orders, number by number; and that reports from rollups and from a scan
// are equal.
func TestRollupsEqualRecomputation(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Report.MinSample = 2
	loc := cfg.Location()
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 99))
			path := filepath.Join(t.TempDir(), "h.db")
			st, err := store.Open(path, &store.Options{Rollup: Rollup(loc), NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { st.Close() }()
			start := time.Date(2026, 10, 20, 23, 30, 0, 0, loc)
			nOrders := 20 + r.IntN(30)
			clock := make([]time.Time, nOrders)
			for i := range nOrders {
				clock[i] = start.Add(time.Duration(r.IntN(60*24)) * time.Hour)
				tk := newTicket(r, i+1, clock[i])
				if r.IntN(5) > 0 {
					_ = tk.Transition(ticket.Accepted, ticket.Event{At: clock[i], Actor: "bot"})
				}
				if err := st.Update(func(tx *store.Tx) error { return tx.PutTicket(tk) }); err != nil {
					t.Fatal(err)
				}
			}
			for round := range 15 {
				mode := round % 5
				if mode == 4 && seed%3 != 0 {
					mode = 0
				}
				switch mode {
				case 3: // several orders in one transaction
					err := st.UpdateNow(func(tx *store.Tx) error {
						for i := range nOrders {
							if r.IntN(3) != 0 {
								continue
							}
							tk, err := tx.Ticket(fmt.Sprintf("20261101-%04d", i+1))
							if err != nil {
								return err
							}
							clock[i] = clock[i].Add(time.Duration(1+r.IntN(30)) * time.Hour)
							randomStep(r, tk, clock[i])
							if err := tx.PutTicket(tk); err != nil {
								return err
							}
							// A second write of the same order in the transaction.
							randomStep(r, tk, clock[i].Add(time.Minute))
							if err := tx.PutTicket(tk); err != nil {
								return err
							}
						}
						return nil
					})
					if err != nil {
						t.Fatal(err)
					}
				case 4: // a writer without rollups
					st.Close()
					plain, err := store.Open(path, &store.Options{NoSync: true})
					if err != nil {
						t.Fatal(err)
					}
					i := r.IntN(nOrders)
					clock[i] = clock[i].Add(time.Hour)
					if err := plain.Update(func(tx *store.Tx) error {
						tk, err := tx.Ticket(fmt.Sprintf("20261101-%04d", i+1))
						if err != nil {
							return err
						}
						randomStep(rand.New(rand.NewPCG(seed, uint64(round))), tk, clock[i])
						return tx.PutTicket(tk)
					}); err != nil {
						t.Fatal(err)
					}
					plain.Close()
					if st, err = store.Open(path, &store.Options{Rollup: Rollup(loc), NoSync: true}); err != nil {
						t.Fatal(err)
					}
				default: // concurrent batched writers, one failing once
					var wg sync.WaitGroup
					failer := r.IntN(nOrders)
					for i := range nOrders {
						stepSeed := r.Uint64()
						clock[i] = clock[i].Add(time.Duration(1+r.IntN(40)) * time.Hour)
						at := clock[i]
						wg.Add(1)
						go func() {
							defer wg.Done()
							failed := false
							for {
								err := st.Update(func(tx *store.Tx) error {
									tk, err := tx.Ticket(fmt.Sprintf("20261101-%04d", i+1))
									if err != nil {
										return err
									}
									randomStep(rand.New(rand.NewPCG(stepSeed, 7)), tk, at)
									if err := tx.PutTicket(tk); err != nil {
										return err
									}
									if i == failer && !failed {
										failed = true
										return errInjected
									}
									return nil
								})
								if errors.Is(err, errInjected) {
									continue
								}
								if err != nil {
									t.Error(err)
								}
								return
							}
						}()
					}
					wg.Wait()
				}
			}
			want := recompute(t, st, loc)
			if len(want) == 0 {
				t.Fatal("no facts at all")
			}
			compareRollups(t, want, rollupRows(t, st))
			if err := st.RebuildRollups(); err != nil {
				t.Fatal(err)
			}
			compareRollups(t, want, rollupRows(t, st))

			now := start.Add(90 * 24 * time.Hour)
			for _, p := range []Period{
				must(ParsePeriod(Monthly, "2026-11", "", "", loc)),
				must(ParsePeriod(Quarterly, "2026-Q4", "", "", loc)),
				must(ParsePeriod(Weekly, "2026-W46", "", "", loc)),
				must(ParsePeriod(Range, "", "2026-10-25", "2026-12-05", loc)),
			} {
				a, err := FromRollups(st, cfg, p, now)
				if err != nil {
					t.Fatal(err)
				}
				b, err := FromScan(st, cfg, p, now)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(a, b) {
					t.Errorf("%s: report from rollups differs from the scan:\n%+v\n%+v", p.Name, a, b)
				}
			}
		})
	}
}

func must(p Period, err error) Period {
	if err != nil {
		panic(err)
	}
	return p
}

// rollupStore opens a store in the test's directory that keeps the report
// rollups of the default config's time zone, closed at the test's end.
func rollupStore(t *testing.T) (*config.Config, *store.Store) {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"), &store.Options{Rollup: Rollup(cfg.Location()), NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return cfg, st
}
