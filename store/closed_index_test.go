package store

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"hotline/internal/cputime"
	"hotline/ticket"
)

// TestClosedIndex: ScanClosed lists the orders closed in a period, by
// closing time, and nothing else: an order enters when it closes, moves
// when its closing time changes and leaves when it is archived; a file
// written before the index gets it, from its closed orders, when it is
// next opened for writing.
func TestClosedIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := Open(path, &Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	put := func(tks ...*ticket.Ticket) {
		t.Helper()
		if err := st.Update(func(tx *Tx) error {
			for _, tk := range tks {
				if err := tx.PutTicket(tk); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	scan := func(from, before time.Time) (out []string) {
		t.Helper()
		_ = st.View(func(tx *Tx) error {
			tx.ScanClosed(from, before, func(n string, at time.Time) bool {
				out = append(out, n+" "+at.UTC().Format("01-02T15"))
				return true
			})
			return nil
		})
		return out
	}
	a := &ticket.Ticket{Number: "20261101-0001", Status: ticket.Closed, ClosedAt: day.AddDate(0, 0, -10)}
	b := &ticket.Ticket{Number: "20261120-0001", Status: ticket.Closed, ClosedAt: day.AddDate(0, 0, -2)}
	c := &ticket.Ticket{Number: "20261121-0001", Status: ticket.Reviewed}
	put(a, b, c)
	if got, want := scan(day.AddDate(0, 0, -7), day), []string{"20261120-0001 11-25T09"}; !slices.Equal(got, want) {
		t.Fatalf("last week's closed orders %v, want %v", got, want)
	}
	c.Status, c.ClosedAt = ticket.Closed, day.AddDate(0, 0, -1)
	a.ClosedAt = day.AddDate(0, 0, -3) // moved (a late closing time corrected)
	put(a, c)
	if got, want := scan(day.AddDate(0, 0, -7), day), []string{"20261101-0001 11-24T09", "20261120-0001 11-25T09", "20261121-0001 11-26T09"}; !slices.Equal(got, want) {
		t.Fatalf("after closing and moving %v, want %v", got, want)
	}
	if got := scan(day.AddDate(0, 0, -11), day.AddDate(0, 0, -9)); len(got) != 0 {
		t.Fatalf("a's old closing time is still listed: %v", got)
	}
	if err := st.Update(func(tx *Tx) error {
		return tx.Ops.(*boltTx).deleteBatch(&archBatch{tickets: []*ticket.Ticket{b}})
	}); err != nil {
		t.Fatal(err)
	}
	if got := scan(time.Unix(0, 0), day); slices.ContainsFunc(got, func(s string) bool { return s[:13] == b.Number }) {
		t.Fatalf("an archived order is still listed: %v", got)
	}
	// A file of a build without the index gets it when opened.
	if err := st.Update(func(tx *Tx) error { return tx.Ops.(*boltTx).tx.DeleteBucket(bIdxClosed) }); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if st, err = Open(path, &Options{MaxBatchDelay: time.Millisecond, NoSync: true}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if got, want := scan(time.Unix(0, 0), day), []string{"20261101-0001 11-24T09", "20261121-0001 11-26T09"}; !slices.Equal(got, want) {
		t.Fatalf("the index built on opening %v, want %v", got, want)
	}
}

// closedInReverse opens a store in dir with n closed orders whose numbers
// run against their closing times (the status index lists them newest
// closed first) and without the closed-order index, as a file of a build
// before it, and closes it.
func closedInReverse(tb testing.TB, path string, n int) {
	tb.Helper()
	st, err := Open(path, &Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	const chunk = 2000
	for i := 0; i < n; i += chunk {
		if err := st.UpdateNow(func(tx *Tx) error {
			for j := i; j < min(i+chunk, n); j++ {
				tk := &ticket.Ticket{Number: fmt.Sprintf("20260101-%05d", j), Status: ticket.Closed,
					ClosedAt: day.Add(-time.Duration(j) * time.Minute)}
				if err := tx.PutTicket(tk); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			tb.Fatal(err)
		}
	}
	if err := st.UpdateNow(func(tx *Tx) error {
		if err := tx.PutTicket(&ticket.Ticket{Number: "20260102-0001", Status: ticket.Dispatched}); err != nil {
			return err
		}
		return tx.Ops.(*boltTx).tx.DeleteBucket(bIdxClosed)
	}); err != nil {
		tb.Fatal(err)
	}
}

// TestClosedIndexBuiltInOrder: the index built at the first open of a
// file without it holds every closed order, by closing time, where the
// status index lists them the other way round, and its pages are filled
// (the build puts the keys in order).
func TestClosedIndexBuiltInOrder(t *testing.T) {
	const n = 3000
	path := filepath.Join(t.TempDir(), "h.db")
	closedInReverse(t, path, n)
	st, err := Open(path, &Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var got []string
	var last time.Time
	if err := st.View(func(tx *Tx) error {
		tx.ScanClosed(time.Unix(0, 0), day.Add(time.Hour), func(number string, at time.Time) bool {
			if !at.After(last) {
				t.Errorf("%s closed at %s, listed after %s", number, at, last)
			}
			last = at
			got = append(got, number)
			return true
		})
		stats := tx.Ops.(*boltTx).tx.Bucket(bIdxClosed).Stats()
		if fill := float64(stats.LeafInuse) / float64(stats.LeafAlloc); fill < 0.85 {
			t.Errorf("the index's %d leaf pages are %.0f%% full", stats.LeafPageN, 100*fill)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("the index lists %d orders, want the %d closed ones", len(got), n)
	}
	for i, number := range got {
		if want := fmt.Sprintf("20260101-%05d", n-1-i); number != want {
			t.Fatalf("the index's order %d is %s, want %s", i, number, want)
		}
	}
}

// BenchmarkClosedIndexBuild: building the closed-order index of 20,000
// and 50,000 closed orders listed newest closed first, as the first open
// after an upgrade does (decoding each order, putting its key,
// committing); cpu-ms/op is the process's CPU time an op (the machine is
// shared).
func BenchmarkClosedIndexBuild(b *testing.B) {
	for _, n := range []int{20000, 50000} {
		b.Run(fmt.Sprintf("orders=%d", n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "h.db")
			closedInReverse(b, path, n)
			st, err := Open(path, &Options{MaxBatchDelay: time.Millisecond})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			cpu0, cpuOK := cputime.Process()
			for b.Loop() {
				if err := st.UpdateNow(func(tx *Tx) error {
					t := tx.Ops.(*boltTx)
					if err := t.tx.DeleteBucket(bIdxClosed); err != nil {
						return err
					}
					return t.ensureClosedIndex()
				}); err != nil {
					b.Fatal(err)
				}
			}
			if cpu1, ok := cputime.Process(); ok && cpuOK {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
			}
		})
	}
}
