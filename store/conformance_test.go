package store_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	// Without fsync (NoSync, as store's openTest): the suite checks what a
	// backend does, not the disk.
	b, err := store.OpenBolt(path, &store.Options{MaxBatchDelay: time.Millisecond, Rollup: r, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBoltConformance(t *testing.T) {
	storetest.Run(t, boltHarness(func(b store.Backend) store.Backend { return b }))
}

// boltHarness makes bbolt backends for the suite, each passed through
// wrap (a test's faulty backend).
func boltHarness(wrap func(store.Backend) store.Backend) storetest.Harness {
	return storetest.Harness{
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
			return wrap(openBoltRollup(t, filepath.Join(t.TempDir(), "hotline.db"), r))
		},
		ReopenRollup: func(t *testing.T, b store.Backend, r *store.Rollup) store.Backend {
			path := b.(interface{ Path() string }).Path()
			if err := b.Close(); err != nil {
				t.Fatal(err)
			}
			return wrap(openBoltRollup(t, path, r))
		},
	}
}

// noopRebuild is a backend whose RebuildRollups does nothing.
type noopRebuild struct{ store.Backend }

func (noopRebuild) RebuildRollups(context.Context) error { return nil }

// Path is the wrapped backend's, for ReopenRollup.
func (n noopRebuild) Path() string { return n.Backend.(interface{ Path() string }).Path() }

// TestConformanceCatchesNoopRebuild: the suite fails a backend whose
// RebuildRollups returns nil and does nothing. The suite runs in a child
// test process (a failing subtest would fail this test too), which must
// fail in the Rollups case.
func TestConformanceCatchesNoopRebuild(t *testing.T) {
	if os.Getenv("HOTLINE_STORETEST_NOOP_REBUILD") == "1" {
		storetest.Run(t, boltHarness(func(b store.Backend) store.Backend { return noopRebuild{b} }))
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestConformanceCatchesNoopRebuild$/^Rollups$", "-test.count=1")
	cmd.Env = append(os.Environ(), "HOTLINE_STORETEST_NOOP_REBUILD=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("the suite passed a backend whose rebuild does nothing (%v):\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- FAIL: TestConformanceCatchesNoopRebuild/Rollups") || !strings.Contains(string(out), "after a rebuild with the facts changed") {
		t.Errorf("the suite failed, but not in the rollups' rebuild:\n%s", out)
	}
}
