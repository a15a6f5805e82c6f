package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"hotline/config"
	"hotline/logx"
	"hotline/store"
)

// TestFullDiskIsVisible fails the database's commits with "no space left
// on device" (an injected write fault) and a free-space reading of 10 MB,
// then frees the space: /healthz says degraded with the reason, citizens
// get the zh-CN 503 with Retry-After, a metric counts the failures, one
// log line tells of them, and writes resume by themselves.
func TestFullDiskIsVisible(t *testing.T) {
	var full atomic.Bool
	dir := t.TempDir()
	fault := func() error {
		if full.Load() {
			return &os.PathError{Op: "write", Path: dir + "/hotline.db", Err: syscall.ENOSPC}
		}
		return nil
	}
	free := func(string) (uint64, error) {
		if full.Load() {
			return 10 << 20, nil
		}
		return 10 << 30, nil
	}
	var clockMu sync.Mutex
	now := time.Now()
	clock := func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return now }
	advance := func(d time.Duration) { clockMu.Lock(); now = now.Add(d); clockMu.Unlock() }

	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = dir
	var logs syncBuffer
	log, _ := logx.New(&logs, "text", "info")
	srv, err := New(cfg, Options{Logger: log, Now: clock, FreeSpace: free,
		StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, WriteFault: fault}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv.Handler)
	defer hs.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(hs.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	post := func(path string, v any) (*http.Response, []byte) {
		body, _ := json.Marshal(v)
		resp, err := http.Post(hs.URL+path, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	if code, body := get("/healthz"); code != 200 {
		t.Fatalf("healthz before: %d %s", code, body)
	}
	resp, body := post("/chat/api/conversations", nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("open: %d %s", resp.StatusCode, body)
	}
	var conv struct {
		ID string `json:"conversation_id"`
	}
	json.Unmarshal(body, &conv)

	full.Store(true)
	for i := range 20 {
		resp, body := post("/chat/api/messages", map[string]string{"conversation_id": conv.ID, "text": "路灯不亮了", "client_id": "m" + string(rune('a'+i))})
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
			!strings.Contains(string(body), "暂时无法保存，请稍后再试") {
			t.Fatalf("message while the disk is full: %d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
	}
	code, hz := get("/healthz")
	if code != http.StatusServiceUnavailable || !strings.Contains(hz, "no_space") || !strings.Contains(hz, "no space left on device") {
		t.Fatalf("healthz while writes fail: %d %s", code, hz)
	}
	_, metrics := get("/metrics")
	m := regexp.MustCompile(`hotline_store_write_failures_total\{kind="no_space"\} (\d+)`).FindStringSubmatch(metrics)
	if m == nil || m[1] == "0" {
		t.Fatalf("no write-failure metric: %v", m)
	}
	if n := strings.Count(logs.String(), "database writes are failing"); n != 1 {
		t.Fatalf("%d log lines for the failures, want one a minute: %s", n, logs.String())
	}
	if strings.Contains(logs.String(), "requests answered with a server error") {
		t.Fatalf("a full disk gave 500s: %s", logs.String())
	}

	// Space returns: the health check's probe write finds it out, with no
	// other writer.
	full.Store(false)
	advance(2 * time.Second)
	if code, body := get("/healthz"); code != 200 {
		t.Fatalf("healthz after space returned: %d %s", code, body)
	}
	resp, body = post("/chat/api/messages", map[string]string{"conversation_id": conv.ID, "text": "路灯不亮了", "client_id": "after"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("message after space returned: %d %s", resp.StatusCode, body)
	}
	t.Logf("healthz while full: %s", strings.TrimSpace(hz))
}

// TestLowFreeSpaceIsDegraded: writes still work, but less space is free
// than server.min_free_mb.
func TestLowFreeSpaceIsDegraded(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	cfg.Server.MinFreeMB = 100
	srv, err := New(cfg, Options{FreeSpace: func(string) (uint64, error) { return 50 << 20, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	rec := httptest.NewRecorder()
	srv.Handler.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "50 MB free") {
		t.Fatalf("healthz with 50 MB free: %d %s", rec.Code, rec.Body.String())
	}
}
