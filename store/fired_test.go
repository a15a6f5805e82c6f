package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"hotline/ticket"
)

// TestArchiveDeletesTheSchedulerMarksOfMovedOrders: the scheduler marks of
// an order go with it to the archive, in the same transaction: those
// written since marks are listed by order (bWfFiredBy) and, swept once,
// those of an older file (listed by nothing) whose order an earlier run
// moved. Marks of live orders and keys of another form stay.
func TestArchiveDeletesTheSchedulerMarksOfMovedOrders(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "h.db"), &Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	loc := time.FixedZone("CST", 8*3600)
	old := time.Date(2024, 3, 1, 9, 0, 0, 0, loc)
	put := func(number string, st_ ticket.Status, closed time.Time) {
		t.Helper()
		tk := &ticket.Ticket{Number: number, Status: st_, Department: "市公安局", Category: "QT", ReceivedAt: old, ClosedAt: closed}
		if err := st.UpdateNow(func(tx *Tx) error { return tx.PutTicket(tk) }); err != nil {
			t.Fatal(err)
		}
	}
	const moved, movedEarlier, live = "20240301-0001", "20240301-0002", "20261101-0001"
	put(moved, ticket.Closed, old.Add(72*time.Hour))
	put(live, ticket.Signed, time.Time{})
	marks := map[string]string{ // key → its order ("" for none)
		"remind:sign:" + moved + ":1709370000":    moved,
		"escalate:" + moved + ":1710000000":       moved,
		"visit:" + moved + ":1709500000":          moved,
		"remind:finish:" + live + ":1793000000":   live,
		"instruction:overdue:" + live + ":179300": live,
		"report:monthly:2026-11":                  "",
	}
	legacy := map[string]string{ // written before bWfFiredBy: listed by nothing
		"escalate:" + movedEarlier + ":1710000000": movedEarlier,
		"remind:finish:" + live + ":1790000000":    live,
	}
	err = st.UpdateNow(func(tx *Tx) error {
		for k := range marks {
			if err := tx.MarkFired(k, old); err != nil {
				return err
			}
		}
		b := tx.Ops.(*boltTx).b(bWfFired)
		for k := range legacy {
			if err := b.Put([]byte(k), tsKey(old)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.RunArchive(context.Background(), ArchiveOptions{Before: time.Date(2025, 1, 1, 0, 0, 0, 0, loc)})
	if err != nil || res.Orders != 1 || res.Marks != 1 {
		t.Fatalf("archive: %+v %v", res, err)
	}
	check := func(when string) {
		t.Helper()
		err := st.View(func(tx *Tx) error {
			for _, set := range []map[string]string{marks, legacy} {
				for k, n := range set {
					_, fired := tx.Fired(k)
					if want := n != moved && n != movedEarlier; fired != want {
						t.Errorf("%s: mark %s kept %v, want %v", when, k, fired, want)
					}
				}
			}
			by := tx.Ops.(*boltTx).b(bWfFiredBy)
			nBy := 0
			_ = by.ForEach(func(k, _ []byte) error { nBy++; return nil })
			if nBy != 3 { // the live order's three marks
				t.Errorf("%s: %d marks listed by order, want 3", when, nBy)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	check("after the run")
	// The sweep ran once: a second run finds nothing to sweep.
	res, err = st.RunArchive(context.Background(), ArchiveOptions{Before: time.Date(2025, 1, 1, 0, 0, 0, 0, loc)})
	if err != nil || res.Orders != 0 || res.Marks != 0 {
		t.Fatalf("second run: %+v %v", res, err)
	}
	check("after a second run")
}
