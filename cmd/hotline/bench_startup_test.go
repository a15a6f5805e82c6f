package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"hotline/config"
	"hotline/report"
	"hotline/store"
	"hotline/ticket"
)

// TestGrowDatabase: the database bench --startup builds is sound (the
// full check decodes every record), its rollups are the server's, and it
// holds closed orders and a few open ones.
func TestGrowDatabase(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "hotline.db")
	if err := growDatabase(context.Background(), io.Discard, config.ToolTexts{}, path, 1<<20, 20); err != nil {
		t.Fatal(err)
	}
	rep, err := store.Check(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(path, &store.Options{Rollup: report.Rollup(cfg.Location())})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, err := st.Backend().RollupsCurrent(context.Background()); err != nil || !ok {
		t.Fatalf("rollups current %v, %v: the server would rebuild them at start", ok, err)
	}
	var counts map[ticket.Status]int
	if err := st.View(func(tx *store.Tx) error { counts = tx.CountByStatus(); return nil }); err != nil {
		t.Fatal(err)
	}
	if counts[ticket.Closed] == 0 || counts[ticket.Dispatched] == 0 {
		t.Fatalf("orders by state: %v", counts)
	}
	t.Logf("%d records, %d bytes, orders %v", rep.Records, rep.Bytes, counts)
}
