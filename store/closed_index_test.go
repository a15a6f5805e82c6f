package store

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"hotline/ticket"
)

// TestClosedIndex: ScanClosed lists the orders closed in a period, by
// closing time, and nothing else: an order enters when it closes, moves
// when its closing time changes and leaves when it is archived; a file
// written before the index gets it, from its closed orders, when it is
// next opened for writing.
func TestClosedIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := Open(path, &Options{MaxBatchDelay: time.Millisecond})
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
	if st, err = Open(path, &Options{MaxBatchDelay: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if got, want := scan(time.Unix(0, 0), day), []string{"20261101-0001 11-24T09", "20261121-0001 11-26T09"}; !slices.Equal(got, want) {
		t.Fatalf("the index built on opening %v, want %v", got, want)
	}
}
