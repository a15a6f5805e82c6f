package store_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"hotline/store"
	"hotline/store/storetest"
)

// TestPagesByBucket: the pages storetest.PagesByBucket finds new after a
// commit are the pages bbolt says the commit wrote, and they belong to
// the buckets the commit changed.
func TestPagesByBucket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := store.Open(path, &store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	mark := func(from, to int) {
		t.Helper()
		if err := st.Update(func(tx *store.Tx) error {
			for i := from; i < to; i++ {
				k := store.DedupeKey{ID: fmt.Sprintf("wechat:%d", i), At: at.Add(time.Duration(i) * time.Second)}
				if err := tx.MarkSeen(k, at.Add(48*time.Hour)); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	mark(0, 3000)
	before, err := storetest.PagesByBucket(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(before["dedupe"]) < 10 {
		t.Fatalf("3,000 dedupe keys on %d pages", len(before["dedupe"]))
	}
	w0 := st.WriteStats()
	mark(3000, 3050)
	w1 := st.WriteStats()
	after, err := storetest.PagesByBucket(path)
	if err != nil {
		t.Fatal(err)
	}
	written := map[string]int{}
	total := 0
	for name, ids := range after {
		for id := range ids {
			if !before[name][id] {
				written[name]++
				total++
			}
		}
	}
	if int64(total) != w1.Pages-w0.Pages {
		t.Errorf("%d new pages found (%v), bbolt wrote %d", total, written, w1.Pages-w0.Pages)
	}
	for name, n := range written {
		if name != "dedupe" && name != "(root)" && name != "(freelist)" {
			t.Errorf("a commit of dedupe keys wrote %d pages of %s", n, name)
		}
	}
	if written["dedupe"] == 0 || written["(root)"] == 0 {
		t.Errorf("pages written: %v", written)
	}
	for name, ids := range before {
		if name != "dedupe" && name != "(root)" && name != "(freelist)" && len(after[name]) != len(ids) {
			t.Errorf("%s: %d pages, then %d", name, len(ids), len(after[name]))
		}
	}
}
