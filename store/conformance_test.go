package store_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"hotline/store"
	"hotline/store/storetest"
)

func openBolt(t *testing.T, path string) store.Backend {
	t.Helper()
	return openBoltRollup(t, path, nil)
}

func openBoltRollup(t *testing.T, path string, r *store.Rollup) store.Backend {
	t.Helper()
	b, err := store.OpenBolt(path, &store.Options{MaxBatchDelay: time.Millisecond, Rollup: r})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBoltConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		Open: func(t *testing.T) store.Backend {
			return openBolt(t, filepath.Join(t.TempDir(), "hotline.db"))
		},
		Restore: func(t *testing.T, snapshot []byte) store.Backend {
			dir := t.TempDir()
			backup := filepath.Join(dir, "backup.db")
			if err := os.WriteFile(backup, snapshot, 0o600); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "data", "hotline.db")
			if _, err := store.Restore(backup, path); err != nil {
				t.Fatal(err)
			}
			return openBolt(t, path)
		},
		OpenRollup: func(t *testing.T, r *store.Rollup) store.Backend {
			return openBoltRollup(t, filepath.Join(t.TempDir(), "hotline.db"), r)
		},
	})
}
