package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/store"
)

// checkServer starts a server on data directory dir at now, its log in
// logs.
func checkServer(t *testing.T, dir string, now time.Time, logs io.Writer) *testServer {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = dir
	cfg.Desk.Token = "test-token"
	ts := &testServer{now: now}
	srv, err := New(cfg, Options{Now: ts.clock, Logger: slog.New(slog.NewTextHandler(logs, nil)),
		StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	ts.Server = srv
	hs := httptest.NewServer(srv.Handler)
	ts.url = hs.URL
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return ts
}

func (ts *testServer) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(ts.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestDailyCheckFindsDeepDamage: at retention.check_at (city time, the
// injected clock), once a day, the server checks the whole database: a
// sound file gives one log line and hotline_store_check_ok 1; a file with a
// leaf page zeroed deep inside, which opens (the open reads a few pages),
// gives /healthz degraded naming the damage, the metric 0 and one error
// line.
func TestDailyCheckFindsDeepDamage(t *testing.T) {
	t.Parallel()
	loc := time.FixedZone("CST", 8*3600)
	ctx := context.Background()
	early, due := time.Date(2026, 12, 2, 4, 0, 0, 0, loc), time.Date(2026, 12, 2, 4, 31, 0, 0, loc)

	t.Run("sound", func(t *testing.T) {
		logs := &syncBuffer{}
		dir := t.TempDir()
		// What an earlier check found is taken up at start, until a check
		// finds the file sound.
		if err := store.MarkDamaged(filepath.Join(dir, DBFile), store.DamageMark{At: early.Add(-24 * time.Hour), Problem: "page 7 is not a B+tree page"}); err != nil {
			t.Fatal(err)
		}
		ts := checkServer(t, dir, early, logs)
		if code, body := ts.get(t, "/healthz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "page 7") {
			t.Fatalf("healthz at a start after a check found damage: %d %s", code, body)
		}
		if ts.checkDue(ctx) {
			t.Fatal("checked before check_at (04:30)")
		}
		ts.mu.Lock()
		ts.now = due
		ts.mu.Unlock()
		if !ts.checkDue(ctx) {
			t.Fatal("did not check at check_at")
		}
		if ts.checkDue(ctx) {
			t.Fatal("checked twice the same day")
		}
		if code, body := ts.get(t, "/healthz"); code != 200 {
			t.Fatalf("healthz after a sound check: %d %s", code, body)
		}
		if _, body := ts.get(t, "/metrics"); !strings.Contains(body, "\nhotline_store_check_ok 1\n") ||
			!strings.Contains(body, "\nhotline_store_check_timestamp_seconds ") {
			t.Fatalf("metrics after a sound check:\n%s", grepLines(body, "hotline_store_check"))
		}
		if n := strings.Count(logs.String(), "database check: sound"); n != 1 {
			t.Fatalf("%d log lines for the check, want 1", n)
		}
		if ents, _ := os.ReadDir(ts.Config.Server.DataDir); len(ents) != 1 {
			t.Errorf("the check left files behind: %v", ents)
		}
	})

	t.Run("a start after check_at waits for tomorrow", func(t *testing.T) {
		logs := &syncBuffer{}
		ts := checkServer(t, t.TempDir(), due, logs)
		stopped, cancel := context.WithCancel(ctx)
		cancel()
		ts.runCheckSchedule(stopped) // its first look, then it stops
		if _, at := ts.checkDamage(); !at.IsZero() || strings.Contains(logs.String(), "database check") {
			t.Fatalf("a start at 04:31 checked the file: %v\n%s", at, logs.String())
		}
		ts.mu.Lock()
		ts.now = due.Add(24 * time.Hour)
		ts.mu.Unlock()
		if !ts.checkDue(ctx) {
			t.Fatal("did not check the next day")
		}
	})

	t.Run("damaged", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, DBFile)
		st, err := store.Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Citizens (stored as they are) over many leaf pages, so that one
		// of them is found by its bytes.
		err = st.UpdateNow(func(tx *store.Tx) error {
			for i := range 300 {
				c := &domain.Citizen{ID: fmt.Sprintf("c%03d", i), Name: fmt.Sprintf("MARK-%03d-", i) + strings.Repeat("x", 400), CreatedAt: early}
				if err := tx.PutCitizen(c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		at := bytes.Index(raw, []byte("MARK-150-"))
		if at < 0 {
			t.Fatal("the marker is not in the file")
		}
		ps := os.Getpagesize()
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.WriteAt(make([]byte, ps), int64(at/ps*ps))
		f.Close()
		if err != nil {
			t.Fatal(err)
		}

		logs := &syncBuffer{}
		ts := checkServer(t, dir, due, logs) // it opens: the damage is deep
		if code, body := ts.get(t, "/healthz"); code != 200 {
			t.Fatalf("healthz before the check: %d %s", code, body)
		}
		if !ts.checkDue(ctx) {
			t.Fatal("did not check at check_at")
		}
		code, body := ts.get(t, "/healthz")
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "degraded: the database check") || !strings.Contains(body, "found damage") {
			t.Fatalf("healthz after the check found damage: %d %s", code, body)
		}
		if _, body := ts.get(t, "/metrics"); !strings.Contains(body, "\nhotline_store_check_ok 0\n") {
			t.Fatalf("metrics after damage:\n%s", grepLines(body, "hotline_store_check"))
		}
		if n := strings.Count(logs.String(), "database check found damage"); n != 1 {
			t.Fatalf("%d log lines for the damage, want 1", n)
		}

		// A restart still says so.
		ts.Close()
		ts = checkServer(t, dir, due.Add(time.Hour), &syncBuffer{})
		if code, body := ts.get(t, "/healthz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "found damage") {
			t.Fatalf("healthz after a restart: %d %s", code, body)
		}
		// Until a restore replaces the file.
		ts.Close()
		good := filepath.Join(t.TempDir(), "good.db")
		st, err = store.Open(good, nil)
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		if _, err := store.RestoreBackup(good, path); err != nil {
			t.Fatal(err)
		}
		ts = checkServer(t, dir, due.Add(time.Hour), &syncBuffer{})
		if code, body := ts.get(t, "/healthz"); code != 200 {
			t.Fatalf("healthz after the restore: %d %s", code, body)
		}
	})
}

func grepLines(s, substr string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
