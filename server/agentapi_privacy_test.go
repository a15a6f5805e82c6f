package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hotline/config"
	"hotline/store"
)

// TestAgentAPIMasksUnlessRevealed: the bearer-token API shows handles
// instead of conversation ids (a web-chat id is the citizen's token) and
// masks phone numbers, unless the call uses desk.reveal_token.
func TestAgentAPIMasksUnlessRevealed(t *testing.T) {
	t.Parallel()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	cfg.Desk.Token, cfg.Desk.RevealToken = "plain-token", "reveal-token-0123"
	srv, err := New(cfg, Options{StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	web := httptest.NewServer(srv.Handler)
	defer web.Close()
	hs := web.URL
	ts := &testServer{Server: srv, now: time.Now(), url: hs}
	conv := ts.open(t)
	ts.say(t, conv, "任城区古槐路的垃圾箱好几天没人清运了，我的电话13953706688", "a")
	ts.say(t, conv, "人工", "b")

	call := func(token, method, path string) (int, string) {
		req, _ := http.NewRequest(method, hs+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Agent", "小王")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := call("plain-token", "GET", "/api/queue")
	if code != 200 || strings.Contains(body, conv) || strings.Contains(body, "13953706688") || !strings.Contains(body, "139****6688") {
		t.Fatalf("queue without reveal: %d %s", code, body)
	}
	var q struct {
		Queue []struct {
			ID string `json:"id"`
		} `json:"queue"`
	}
	json.Unmarshal([]byte(body), &q)
	if len(q.Queue) != 1 {
		t.Fatalf("queue: %s", body)
	}
	handle := q.Queue[0].ID
	code, body = call("plain-token", "GET", "/api/conversations/"+handle)
	if code != 200 || strings.Contains(body, conv) || strings.Contains(body, "13953706688") {
		t.Fatalf("conversation without reveal: %d %s", code, body)
	}
	code, body = call("reveal-token-0123", "GET", "/api/queue")
	if code != 200 || !strings.Contains(body, conv) || !strings.Contains(body, "13953706688") {
		t.Fatalf("queue with the reveal token: %d %s", code, body)
	}
	if code, body := call("plain-token", "POST", "/api/conversations/"+handle+"/take"); code != 200 || strings.Contains(body, conv) {
		t.Fatalf("take by handle: %d %s", code, body)
	}
	if code, _ := call("wrong", "GET", "/api/queue"); code != http.StatusUnauthorized {
		t.Fatalf("a wrong token: %d", code)
	}
}
