package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"hotline/store"
	"hotline/ticket"
)

// scanned is what a scan of an order index gave: number@offset from day.
type scanned []string

func (s *scanned) add(number string, at time.Time) bool {
	*s = append(*s, number+"@"+at.Sub(day).String())
	return true
}

// num is order n of day's number.
func num(n int) string { return ticket.FormatNumber(day, n) }

// putOrders saves tks in one transaction.
func putOrders(t *testing.T, b store.Backend, tks ...*ticket.Ticket) {
	t.Helper()
	must(t, b, func(o store.Ops) error {
		for _, tk := range tks {
			if err := o.PutTicket(tk); err != nil {
				return err
			}
		}
		return nil
	})
}

// batchPuts saves order i of tks from n concurrent Batch callers, one
// each; the caller of failing fails after its put. It returns once all
// are done: a shared commit that one member fails is run again without
// it, so an index a put writes must hold every other order once and the
// failed one's not at all.
func batchPuts(t *testing.T, b store.Backend, tks []*ticket.Ticket, failing int) {
	t.Helper()
	var wg sync.WaitGroup
	for i, tk := range tks {
		wg.Go(func() {
			err := b.Batch(ctx, func(o store.Ops) error {
				cp := *tk
				if err := o.PutTicket(&cp); err != nil {
					return err
				}
				if i == failing {
					return errBoom
				}
				return nil
			})
			if i == failing && !errors.Is(err, errBoom) {
				t.Errorf("the failing caller got %v", err)
			} else if i != failing && err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

// testScanSignDue: the sign-deadline index holds the dispatched orders
// with a sign deadline, earliest first (then by number), within [from,
// before); it follows a sign and a new deadline, stops when fn says so,
// and holds an order once however often it is put, and a failed
// transaction's not at all.
func testScanSignDue(t *testing.T, b store.Backend) {
	mk := func(n int, st ticket.Status, signDue time.Time) *ticket.Ticket {
		return &ticket.Ticket{Number: num(n), Status: st, Department: "水务", SignDue: signDue, ReceivedAt: day}
	}
	putOrders(t, b,
		mk(1, ticket.Dispatched, day.Add(3*time.Hour)),
		mk(3, ticket.Dispatched, day.Add(time.Hour)),
		mk(2, ticket.Dispatched, day.Add(time.Hour)),
		mk(4, ticket.Accepted, day.Add(30*time.Minute)), // not dispatched
		mk(5, ticket.Dispatched, time.Time{}),           // no sign deadline
		mk(6, ticket.Signed, day.Add(2*time.Hour)),      // signed already
	)
	scan := func(name string, from, before time.Time, want ...string) {
		t.Helper()
		view(t, b, func(o store.Ops) error {
			var got scanned
			o.ScanSignDue(from, before, got.add)
			if !slices.Equal(got, want) {
				t.Errorf("ScanSignDue %s: %v, want %v", name, got, want)
			}
			return nil
		})
	}
	far := day.Add(365 * 24 * time.Hour)
	scan("all", time.Time{}, far, num(2)+"@1h0m0s", num(3)+"@1h0m0s", num(1)+"@3h0m0s")
	scan("from is in, before is out", day.Add(time.Hour), day.Add(3*time.Hour), num(2)+"@1h0m0s", num(3)+"@1h0m0s")
	scan("just after", day.Add(time.Hour+time.Nanosecond), day.Add(3*time.Hour+time.Nanosecond), num(1)+"@3h0m0s")
	scan("an empty period", day.Add(4*time.Hour), day.Add(5*time.Hour))
	scan("from equal to before", day.Add(time.Hour), day.Add(time.Hour))
	scan("before the zero time", time.Time{}, time.Time{})
	view(t, b, func(o store.Ops) error {
		var got scanned
		o.ScanSignDue(time.Time{}, far, func(n string, at time.Time) bool { got.add(n, at); return false })
		if !slices.Equal(got, scanned{num(2) + "@1h0m0s"}) {
			t.Errorf("ScanSignDue stopped by fn: %v", got)
		}
		return nil
	})
	// A sign takes the order out; a new deadline moves it; a second put
	// in the same transaction and another transaction leave one entry.
	must(t, b, func(o store.Ops) error {
		tk, err := o.Ticket(num(2))
		if err != nil {
			return err
		}
		tk.Status = ticket.Signed
		if err := o.PutTicket(tk); err != nil {
			return err
		}
		tk, err = o.Ticket(num(1))
		if err != nil {
			return err
		}
		tk.SignDue = day.Add(30 * time.Minute)
		if err := o.PutTicket(tk); err != nil {
			return err
		}
		return o.PutTicket(tk)
	})
	putOrders(t, b, mk(3, ticket.Dispatched, day.Add(time.Hour)))
	scan("after a sign and a new deadline", time.Time{}, far, num(1)+"@30m0s", num(3)+"@1h0m0s")
	var tks []*ticket.Ticket
	for i := range 8 {
		tks = append(tks, mk(10+i, ticket.Dispatched, day.Add(time.Duration(10+i)*time.Hour)))
	}
	batchPuts(t, b, tks, 3)
	var want []string
	for i := range 8 {
		if i != 3 {
			want = append(want, fmt.Sprintf("%s@%dh0m0s", num(10+i), 10+i))
		}
	}
	scan("after shared commits", day.Add(10*time.Hour), far, want...)
}

// testScanClosed: the closed-order index holds the closed orders by
// their closing time (then by number), within [from, before); a reopened
// order leaves it, a corrected closing time moves it, fn stops it, an
// order is in it once however often it is put, and a failed
// transaction's not at all.
func testScanClosed(t *testing.T, b store.Backend) {
	mk := func(n int, st ticket.Status, closed time.Time) *ticket.Ticket {
		return &ticket.Ticket{Number: num(n), Status: st, Department: "水务", ClosedAt: closed, ReceivedAt: day}
	}
	putOrders(t, b,
		mk(1, ticket.Closed, day.Add(48*time.Hour)),
		mk(3, ticket.Closed, day.Add(24*time.Hour)),
		mk(2, ticket.Closed, day.Add(24*time.Hour)),
		mk(4, ticket.Replied, time.Time{}),            // open
		mk(5, ticket.Reopened, day.Add(12*time.Hour)), // closed once, reopened
	)
	scan := func(name string, from, before time.Time, want ...string) {
		t.Helper()
		view(t, b, func(o store.Ops) error {
			var got scanned
			o.ScanClosed(from, before, got.add)
			if !slices.Equal(got, want) {
				t.Errorf("ScanClosed %s: %v, want %v", name, got, want)
			}
			return nil
		})
	}
	far := day.Add(365 * 24 * time.Hour)
	scan("all", time.Time{}, far, num(2)+"@24h0m0s", num(3)+"@24h0m0s", num(1)+"@48h0m0s")
	scan("from is in, before is out", day.Add(24*time.Hour), day.Add(48*time.Hour), num(2)+"@24h0m0s", num(3)+"@24h0m0s")
	scan("a week with none", day.Add(72*time.Hour), day.Add(240*time.Hour))
	scan("before the first", time.Time{}, day.Add(24*time.Hour))
	scan("before the zero time", time.Time{}, time.Time{})
	view(t, b, func(o store.Ops) error {
		var got scanned
		o.ScanClosed(time.Time{}, far, func(n string, at time.Time) bool { got.add(n, at); return len(got) < 2 })
		if !slices.Equal(got, scanned{num(2) + "@24h0m0s", num(3) + "@24h0m0s"}) {
			t.Errorf("ScanClosed stopped by fn: %v", got)
		}
		return nil
	})
	// A reopened order leaves the index; a corrected closing time moves
	// it; putting it twice leaves one entry.
	must(t, b, func(o store.Ops) error {
		tk, err := o.Ticket(num(2))
		if err != nil {
			return err
		}
		tk.Status = ticket.Reopened
		if err := o.PutTicket(tk); err != nil {
			return err
		}
		tk, err = o.Ticket(num(1))
		if err != nil {
			return err
		}
		tk.ClosedAt = day.Add(6 * time.Hour)
		if err := o.PutTicket(tk); err != nil {
			return err
		}
		return o.PutTicket(tk)
	})
	scan("after a reopening and a correction", time.Time{}, far, num(1)+"@6h0m0s", num(3)+"@24h0m0s")
	var tks []*ticket.Ticket
	for i := range 8 {
		tks = append(tks, mk(10+i, ticket.Closed, day.Add(time.Duration(100+i)*time.Hour)))
	}
	batchPuts(t, b, tks, 5)
	var want []string
	for i := range 8 {
		if i != 5 {
			want = append(want, fmt.Sprintf("%s@%dh0m0s", num(10+i), 100+i))
		}
	}
	scan("after shared commits", day.Add(100*time.Hour), far, want...)
}

// testOrdersByNumber: TicketsNumbered gives the orders whose number
// starts with a prefix, in number order, and ForEachTicket every order
// once; both stop at fn's error and return it.
func testOrdersByNumber(t *testing.T, b store.Backend) {
	next := day.Add(24 * time.Hour)
	var tks []*ticket.Ticket
	for _, n := range []int{3, 1, 12, 2} {
		tks = append(tks, &ticket.Ticket{Number: num(n), Status: ticket.Accepted, ReceivedAt: day, Title: fmt.Sprint("order ", n)})
	}
	tks = append(tks, &ticket.Ticket{Number: ticket.FormatNumber(next, 1), Status: ticket.Accepted, ReceivedAt: next})
	putOrders(t, b, tks...)
	numbered := func(prefix string) ([]string, error) {
		var out []string
		err := b.View(ctx, func(o store.Ops) error {
			return o.TicketsNumbered(prefix, func(tk *ticket.Ticket) error {
				out = append(out, tk.Number)
				return nil
			})
		})
		return out, err
	}
	dayPrefix := day.Format("20060102") + "-"
	for _, tt := range []struct {
		prefix string
		want   []string
	}{
		{dayPrefix, []string{num(1), num(2), num(3), num(12)}},
		{next.Format("20060102") + "-", []string{ticket.FormatNumber(next, 1)}},
		{dayPrefix + "000", []string{num(1), num(2), num(3)}},
		{"2025", nil},
		{"", []string{num(1), num(2), num(3), num(12), ticket.FormatNumber(next, 1)}},
	} {
		got, err := numbered(tt.prefix)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("TicketsNumbered(%q): %v %v, want %v", tt.prefix, got, err, tt.want)
		}
	}
	view(t, b, func(o store.Ops) error {
		tk := 0
		err := o.TicketsNumbered(dayPrefix, func(*ticket.Ticket) error {
			tk++
			if tk == 2 {
				return errBoom
			}
			return nil
		})
		if !errors.Is(err, errBoom) || tk != 2 {
			t.Errorf("TicketsNumbered with fn failing at the 2nd: %v after %d", err, tk)
		}
		seen := map[string]int{}
		if err := o.ForEachTicket(func(tk *ticket.Ticket) error { seen[tk.Number]++; return nil }); err != nil {
			return err
		}
		if len(seen) != len(tks) {
			t.Errorf("ForEachTicket saw %v, want the %d orders", seen, len(tks))
		}
		for n, c := range seen {
			if c != 1 {
				t.Errorf("ForEachTicket saw %s %d times", n, c)
			}
		}
		calls := 0
		err = o.ForEachTicket(func(*ticket.Ticket) error { calls++; return errBoom })
		if !errors.Is(err, errBoom) || calls != 1 {
			t.Errorf("ForEachTicket with fn failing: %v after %d calls", err, calls)
		}
		return nil
	})
	empty := 0
	b2err := b.View(ctx, func(o store.Ops) error {
		return o.TicketsNumbered("19990101-", func(*ticket.Ticket) error { empty++; return nil })
	})
	if b2err != nil || empty != 0 {
		t.Errorf("TicketsNumbered of a day without orders: %d calls, %v", empty, b2err)
	}
}

// testOutboxRewrite: PutOutboxEntry moves an entry in the due order when
// its NextAt changes, takes it out of the due entries and the pending
// count when it is no longer pending and puts it back when it is again;
// an entry never enqueued is refused.
func testOutboxRewrite(t *testing.T, b store.Backend) {
	ids := make([]uint64, 3)
	must(t, b, func(o store.Ops) error {
		for i := range ids {
			e := &store.OutboxEntry{Key: fmt.Sprint("rewrite-", i), Channel: "sms", To: "+8613900000001", Text: fmt.Sprint(i),
				CreatedAt: day, NextAt: day.Add(time.Duration(i) * time.Minute)}
			if err := o.Enqueue(e); err != nil {
				return err
			}
			ids[i] = e.ID
		}
		return nil
	})
	due := func(name string, at time.Time, want ...uint64) {
		t.Helper()
		view(t, b, func(o store.Ops) error {
			es, err := o.DueOutbox(at, 10)
			if err != nil {
				return err
			}
			var got []uint64
			for _, e := range es {
				got = append(got, e.ID)
			}
			var scan []uint64
			o.ScanDueOutbox(at, func(id uint64) bool { scan = append(scan, id); return true })
			if !slices.Equal(got, want) || !slices.Equal(scan, want) {
				t.Errorf("%s: DueOutbox %v, ScanDueOutbox %v, want %v", name, got, scan, want)
			}
			return nil
		})
	}
	rewrite := func(i int, change func(e *store.OutboxEntry)) {
		t.Helper()
		must(t, b, func(o store.Ops) error {
			e, err := o.OutboxEntry(ids[i])
			if err != nil {
				return err
			}
			change(e)
			return o.PutOutboxEntry(e)
		})
	}
	later := day.Add(10 * time.Minute)
	due("as enqueued", later, ids[0], ids[1], ids[2])
	rewrite(0, func(e *store.OutboxEntry) {
		e.NextAt = day.Add(3 * time.Minute)
		e.Attempts = 1
		e.LastError = "timeout"
	})
	due("the first put back", later, ids[1], ids[2], ids[0])
	due("before the first put back is due", day.Add(2*time.Minute), ids[1], ids[2])
	rewrite(1, func(e *store.OutboxEntry) { e.Status = store.OutFailed })
	due("one given up", later, ids[2], ids[0])
	view(t, b, func(o store.Ops) error {
		if n, oldest := o.OutboxStats(); n != 2 || !oldest.Equal(day) {
			t.Errorf("OutboxStats with one given up: %d, %s", n, oldest)
		}
		if next := o.NextOutboxDue(); !next.Equal(day.Add(2 * time.Minute)) {
			t.Errorf("NextOutboxDue %s, want the third's", next)
		}
		e, err := o.OutboxEntry(ids[0])
		if err != nil || e.Attempts != 1 || e.LastError != "timeout" || e.Key != "rewrite-0" {
			t.Errorf("the rewritten entry: %+v %v", e, err)
		}
		return nil
	})
	rewrite(1, func(e *store.OutboxEntry) { e.Status = store.OutPending; e.NextAt = day })
	due("the given-up one pending again", later, ids[1], ids[2], ids[0])
	// Rewriting with nothing changed, twice, leaves one due entry.
	rewrite(2, func(*store.OutboxEntry) {})
	rewrite(2, func(*store.OutboxEntry) {})
	due("after rewrites that change nothing", later, ids[1], ids[2], ids[0])
	err := b.Update(ctx, func(o store.Ops) error {
		return o.PutOutboxEntry(&store.OutboxEntry{ID: ids[2] + 100, Key: "never", Status: store.OutPending, NextAt: day})
	})
	if err == nil {
		t.Error("PutOutboxEntry saved an entry that was never enqueued")
	}
	due("after the refused rewrite", later, ids[1], ids[2], ids[0])
}
