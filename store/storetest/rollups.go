package storetest

import (
	"errors"
	"maps"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"hotline/store"
	"hotline/ticket"
)

// testRollup counts each order as received on its day, department and
// category, and as closed once closed; it flags leader items and 批示件.
var testRollup = &store.Rollup{
	Version: "storetest-1",
	Facts: func(tk *ticket.Ticket, add func(k store.RollupKey, counter string, n int64)) {
		k := store.RollupKey{Day: tk.ReceivedAt.UTC().Format("20060102"), Department: tk.Department, Category: tk.Category}
		add(k, "received", 1)
		if tk.Status == ticket.Closed {
			add(k, "closed", 1)
		}
	},
	Flagged: func(tk *ticket.Ticket) bool { return tk.Flags.LeaderItem || tk.Flags.Instruction },
}

// otherRollupDone, when set, makes otherRollup count the closed orders
// too and flag the leader items: the same Version with other facts, for
// a rebuild that must recompute what the counters hold.
var otherRollupDone atomic.Bool

// otherRollup is another release's Rollup: another Version, other
// counters (each order by its day and department, no category), other
// flags (the closed orders).
var otherRollup = &store.Rollup{
	Version: "storetest-2",
	Facts: func(tk *ticket.Ticket, add func(k store.RollupKey, counter string, n int64)) {
		k := store.RollupKey{Day: tk.ReceivedAt.UTC().Format("20060102"), Department: tk.Department}
		add(k, "orders", 1)
		if otherRollupDone.Load() && tk.Status == ticket.Closed {
			add(k, "done", 1)
		}
	},
	Flagged: func(tk *ticket.Ticket) bool {
		return tk.Status == ticket.Closed || (otherRollupDone.Load() && tk.Flags.LeaderItem)
	},
}

// rows are the rollups of a period as "day/department/category" →
// counters, rows whose counters are all zero left out.
func rows(t *testing.T, b store.Backend, from, to string) (map[string]store.Counters, []string) {
	t.Helper()
	out := map[string]store.Counters{}
	var order []string
	view(t, b, func(o store.Ops) error {
		return o.Rollups(from, to, func(k store.RollupKey, c store.Counters) error {
			kept := store.Counters{}
			for name, n := range c {
				if n != 0 {
					kept[name] = n
				}
			}
			key := k.Day + "/" + k.Department + "/" + k.Category
			order = append(order, key)
			if len(kept) > 0 {
				out[key] = kept
			}
			return nil
		})
	})
	return out, order
}

func flagged(t *testing.T, b store.Backend) (tickets, scanned []string) {
	t.Helper()
	view(t, b, func(o store.Ops) error {
		list, err := o.FlaggedTickets()
		if err != nil {
			return err
		}
		for _, tk := range list {
			tickets = append(tickets, tk.Number)
		}
		slices.Sort(tickets)
		o.ScanFlagged(func(n string) bool { scanned = append(scanned, n); return true })
		slices.Sort(scanned)
		return nil
	})
	return tickets, scanned
}

// testRollups: a backend opened with a Rollup keeps its counters with
// every order put: a period's rows in key order, moved when an order
// changes, once however often an order is put or a shared commit is run
// again, none of a failed transaction; the flagged orders; a rebuild
// gives the same rows; RollupsCurrent says the rows are the Rollup's.
func testRollups(t *testing.T, b store.Backend) {
	if ok, err := b.RollupsCurrent(ctx); err != nil || !ok {
		t.Fatalf("RollupsCurrent of a new backend opened with a Rollup: %v %v", ok, err)
	}
	if got, _ := rows(t, b, "20000101", "29991231"); len(got) != 0 {
		t.Fatalf("rollups of an empty backend: %v", got)
	}
	next := day.Add(24 * time.Hour)
	mk := func(at time.Time, n int, dept, cat string, st ticket.Status) *ticket.Ticket {
		return &ticket.Ticket{Number: ticket.FormatNumber(at, n), Status: st, Department: dept, Category: cat, ReceivedAt: at}
	}
	putOrders(t, b,
		mk(day, 1, "水务", "GS", ticket.Dispatched),
		mk(day, 2, "水务", "GS", ticket.Closed),
		mk(day, 3, "城管", "SR", ticket.Accepted),
		mk(next, 1, "水务", "GS", ticket.Dispatched),
	)
	d1, d2 := day.Format("20060102"), next.Format("20060102")
	want := map[string]store.Counters{
		d1 + "/水务/GS": {"received": 2, "closed": 1},
		d1 + "/城管/SR": {"received": 1},
		d2 + "/水务/GS": {"received": 1},
	}
	got, order := rows(t, b, d1, d2)
	if !maps.EqualFunc(got, want, maps.Equal) {
		t.Errorf("rollups: %v, want %v", got, want)
	}
	if !slices.IsSorted(order) {
		t.Errorf("rows not in key order: %v", order)
	}
	if got, _ := rows(t, b, d1, d1); len(got) != 2 || got[d2+"/水务/GS"] != nil {
		t.Errorf("rollups of the first day: %v", got)
	}
	if got, _ := rows(t, b, "20300101", "20301231"); len(got) != 0 {
		t.Errorf("rollups of a period without orders: %v", got)
	}
	// fn's error stops the walk and is returned.
	calls := 0
	err := b.View(ctx, func(o store.Ops) error {
		return o.Rollups(d1, d2, func(store.RollupKey, store.Counters) error { calls++; return errBoom })
	})
	if !errors.Is(err, errBoom) || calls != 1 {
		t.Errorf("Rollups with fn failing: %v after %d calls", err, calls)
	}
	// An order that changes moves its counters; put twice in one
	// transaction it counts once; a failed transaction counts nothing.
	must(t, b, func(o store.Ops) error {
		tk, err := o.Ticket(ticket.FormatNumber(day, 1))
		if err != nil {
			return err
		}
		tk.Department, tk.Status = "城管", ticket.Closed
		tk.Flags.Instruction = true
		if err := o.PutTicket(tk); err != nil {
			return err
		}
		return o.PutTicket(tk)
	})
	if err := b.Update(ctx, func(o store.Ops) error {
		if err := o.PutTicket(mk(day, 9, "水务", "GS", ticket.Closed)); err != nil {
			return err
		}
		return errBoom
	}); !errors.Is(err, errBoom) {
		t.Fatalf("the failed transaction: %v", err)
	}
	want = map[string]store.Counters{
		d1 + "/水务/GS": {"received": 1, "closed": 1},
		d1 + "/城管/GS": {"received": 1, "closed": 1},
		d1 + "/城管/SR": {"received": 1},
		d2 + "/水务/GS": {"received": 1},
	}
	if got, _ := rows(t, b, d1, d2); !maps.EqualFunc(got, want, maps.Equal) {
		t.Errorf("rollups after a change: %v, want %v", got, want)
	}
	// Shared commits, one member failing: the others count once each.
	var tks []*ticket.Ticket
	for i := range 6 {
		tks = append(tks, mk(next, 10+i, "公安", "ZA", ticket.Accepted))
	}
	tks[2].Flags.LeaderItem = true
	tks[4].Flags.LeaderItem = true
	batchPuts(t, b, tks, 4)
	want[d2+"/公安/ZA"] = store.Counters{"received": 5}
	if got, _ := rows(t, b, d1, d2); !maps.EqualFunc(got, want, maps.Equal) {
		t.Errorf("rollups after shared commits: %v, want %v", got, want)
	}
	wantFlagged := []string{ticket.FormatNumber(day, 1), ticket.FormatNumber(next, 12)}
	if list, scan := flagged(t, b); !slices.Equal(list, wantFlagged) || !slices.Equal(scan, wantFlagged) {
		t.Errorf("flagged: FlaggedTickets %v, ScanFlagged %v, want %v", list, scan, wantFlagged)
	}
	view(t, b, func(o store.Ops) error {
		n := 0
		o.ScanFlagged(func(string) bool { n++; return false })
		if n != 1 {
			t.Errorf("ScanFlagged went on after fn said stop: %d calls", n)
		}
		return nil
	})
	// An order no longer flagged leaves the index.
	must(t, b, func(o store.Ops) error {
		tk, err := o.Ticket(ticket.FormatNumber(day, 1))
		if err != nil {
			return err
		}
		tk.Flags.Instruction = false
		return o.PutTicket(tk)
	})
	wantFlagged = wantFlagged[1:]
	if list, scan := flagged(t, b); !slices.Equal(list, wantFlagged) || !slices.Equal(scan, wantFlagged) {
		t.Errorf("flagged after one unflagged: %v, %v, want %v", list, scan, wantFlagged)
	}
	// A rebuild from the orders gives the same rows and flags.
	if err := b.RebuildRollups(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := rows(t, b, d1, d2); !maps.EqualFunc(got, want, maps.Equal) {
		t.Errorf("rollups after a rebuild: %v, want %v", got, want)
	}
	if list, scan := flagged(t, b); !slices.Equal(list, wantFlagged) || !slices.Equal(scan, wantFlagged) {
		t.Errorf("flagged after a rebuild: %v, %v, want %v", list, scan, wantFlagged)
	}
	if ok, err := b.RollupsCurrent(ctx); err != nil || !ok {
		t.Errorf("RollupsCurrent after a rebuild: %v %v", ok, err)
	}
}

// testNoRollup: a backend opened without a Rollup keeps no counters and
// says so.
func testNoRollup(t *testing.T, b store.Backend) {
	if ok, err := b.RollupsCurrent(ctx); err != nil || ok {
		t.Errorf("RollupsCurrent without a Rollup: %v %v, want false", ok, err)
	}
	putOrders(t, b, &ticket.Ticket{Number: num(1), Status: ticket.Accepted, Department: "水务", ReceivedAt: day})
	if got, _ := rows(t, b, "20000101", "29991231"); len(got) != 0 {
		t.Errorf("rollups kept without a Rollup: %v", got)
	}
}

// testRollupChanged: the backend testRollups filled, opened again with
// otherRollup (another Version, other facts), holds otherRollup's rows
// and flags once RollupsCurrent says so: either it rebuilt them at open
// (RollupsCurrent true at once) or RollupsCurrent is false until
// RebuildRollups. Then the facts change under the same Version and
// RebuildRollups must recompute the rows and flags from the orders: a
// rebuild that does nothing fails here.
func testRollupChanged(t *testing.T, b store.Backend) {
	otherRollupDone.Store(false)
	t.Cleanup(func() { otherRollupDone.Store(false) })
	next := day.Add(24 * time.Hour)
	d1, d2 := day.Format("20060102"), next.Format("20060102")
	want := map[string]store.Counters{
		d1 + "/城管/": {"orders": 2},
		d1 + "/水务/": {"orders": 1},
		d2 + "/水务/": {"orders": 1},
		d2 + "/公安/": {"orders": 5},
	}
	wantFlagged := []string{ticket.FormatNumber(day, 1), ticket.FormatNumber(day, 2)}
	check := func(when string) {
		t.Helper()
		if got, _ := rows(t, b, d1, d2); !maps.EqualFunc(got, want, maps.Equal) {
			t.Errorf("rollups %s: %v, want %v", when, got, want)
		}
		if list, scan := flagged(t, b); !slices.Equal(list, wantFlagged) || !slices.Equal(scan, wantFlagged) {
			t.Errorf("flagged %s: FlaggedTickets %v, ScanFlagged %v, want %v", when, list, scan, wantFlagged)
		}
	}
	current, err := b.RollupsCurrent(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if current {
		// Rebuilt at open: the rows must be the new Rollup's already.
		check("opened with another Rollup, RollupsCurrent true")
	}
	if err := b.RebuildRollups(ctx); err != nil {
		t.Fatal(err)
	}
	check("after a rebuild with another Rollup")
	if ok, err := b.RollupsCurrent(ctx); err != nil || !ok {
		t.Errorf("RollupsCurrent after a rebuild with another Rollup: %v %v, want true", ok, err)
	}
	// The same Version, other facts: only a rebuild that reads the
	// orders again gives these rows.
	otherRollupDone.Store(true)
	want[d1+"/城管/"] = store.Counters{"orders": 2, "done": 1}
	want[d1+"/水务/"] = store.Counters{"orders": 1, "done": 1}
	wantFlagged = []string{ticket.FormatNumber(day, 1), ticket.FormatNumber(day, 2), ticket.FormatNumber(next, 12)}
	if err := b.RebuildRollups(ctx); err != nil {
		t.Fatal(err)
	}
	check("after a rebuild with the facts changed")
}
