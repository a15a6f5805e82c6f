package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/store"
	"hotline/ticket"
)

func TestArchiveJobRunsDailyAndThroughTheAPI(t *testing.T) {
	t.Parallel()
	loc := time.FixedZone("CST", 8*3600)
	ts := newTestServer(t, time.Date(2026, 12, 2, 3, 0, 0, 0, loc))
	old := time.Date(2024, 3, 1, 9, 0, 0, 0, loc)
	for _, n := range []string{"20240301-0001", "20240301-0002"} {
		tk := &ticket.Ticket{Number: n, Status: ticket.Closed, Department: "市公安局", Category: "QT", Title: "旧工单",
			ReceivedAt: old, ClosedAt: old.Add(48 * time.Hour), Channel: "webchat"}
		if err := ts.Store.UpdateNow(func(tx *store.Tx) error { return tx.PutTicket(tk) }); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	// 03:00: before retention.run_at (03:30), nothing runs.
	if ts.archiveDue(ctx) {
		t.Fatal("ran before run_at")
	}
	// Through the API first, dry: counts only.
	req, _ := http.NewRequest("POST", ts.url+"/api/admin/archive?dry_run=1", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("without the token: %s", resp.Status)
	}
	req.Header.Set("Authorization", "Bearer test-token")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var res store.ArchiveResult
	err = json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || !res.DryRun || res.Orders != 2 {
		t.Fatalf("dry run through the API: %s %+v %v", resp.Status, res, err)
	}
	ts.mu.Lock()
	ts.now = time.Date(2026, 12, 2, 3, 31, 0, 0, loc)
	ts.mu.Unlock()
	if !ts.archiveDue(ctx) {
		t.Fatal("did not run at run_at")
	}
	if ts.archiveDue(ctx) {
		t.Fatal("ran twice the same day")
	}
	// A restart later that day (the in-memory day forgotten) does not
	// run it again: the day of the last run is in the store.
	ts.archive.lastDay = ""
	if ts.archiveDue(ctx) {
		t.Fatal("ran again after a restart the same day")
	}
	if _, err := ts.Store.Archive().Ticket("20240301-0001"); err != nil {
		t.Fatalf("not archived: %v", err)
	}
	ts.mu.Lock()
	ts.now = ts.now.Add(24 * time.Hour)
	ts.mu.Unlock()
	if !ts.archiveDue(ctx) {
		t.Fatal("did not run the next day")
	}
}

func TestCompactThroughTheRunningServer(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, time.Date(2026, 11, 27, 10, 0, 0, 0, time.FixedZone("CST", 8*3600)))
	conv := ts.open(t)
	ts.say(t, conv, "任城区古槐路有烧烤摊占道经营，油烟很大", "1")
	post := func(token string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", ts.url+"/api/admin/compact", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	if code, _ := post(""); code != http.StatusUnauthorized {
		t.Fatalf("without the token: %d", code)
	}
	code, out := post("test-token")
	if code != 200 || out["kept"] == "" || out["after"].(float64) <= 0 {
		t.Fatalf("compact: %d %v", code, out)
	}
	// The gateway goes on, on the new file, with everything it had.
	r := ts.say(t, conv, "13953706688", "2")
	if r.Error != nil || len(r.Replies) == 0 {
		t.Fatalf("after compaction: %+v", r)
	}
	err := ts.Store.View(func(tx *store.Tx) error {
		msgs, err := tx.Messages("webchat:"+conv, 0, 0)
		if err == nil && len(msgs) < 4 {
			err = fmt.Errorf("%d messages", len(msgs))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := ts.do(t, "GET", "/healthz", nil); code != 200 {
		t.Fatalf("healthz %d", code)
	}
}

// TestAgentAPIFindsArchivedOrders: the agents' bearer-token API finds an
// order and its conversation moved to the yearly archive, read-only
// ("archived": true, a change of the conversation 409), masked unless the
// call uses desk.reveal_token, like live ones.
func TestAgentAPIFindsArchivedOrders(t *testing.T) {
	t.Parallel()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	loc := cfg.Location()
	cfg.Server.DataDir = t.TempDir()
	cfg.Desk.Token, cfg.Desk.RevealToken = "plain-token", "reveal-token-0123"
	ts := &testServer{now: time.Date(2026, 12, 2, 10, 0, 0, 0, loc)}
	srv, err := New(cfg, Options{Now: ts.clock, StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	ts.Server = srv
	web := httptest.NewServer(srv.Handler)
	t.Cleanup(func() { web.Close(); srv.Close() })

	const n, convID = "20240301-0001", "webchat:old-token"
	at := time.Date(2024, 3, 1, 9, 0, 0, 0, loc)
	err = ts.Store.UpdateNow(func(tx *store.Tx) error {
		if err := tx.AddMessage(&domain.Message{ConversationID: convID, Direction: domain.In, Sender: "citizen", Channel: "webchat",
			Text: "古槐路路灯不亮，我的电话 13953706688", At: at}); err != nil {
			return err
		}
		if err := tx.PutConversation(&domain.Conversation{ID: convID, Channel: "webchat", UserID: "old-token", State: domain.ConvIdle,
			CreatedAt: at, UpdatedAt: at, LastInbound: at, Orders: []string{n}}); err != nil {
			return err
		}
		return tx.PutTicket(&ticket.Ticket{Number: n, Status: ticket.Closed, Department: "市城市管理局", Category: "QT", Title: "路灯不亮",
			Phone: "13953706688", ConversationID: convID, ReceivedAt: at, ClosedAt: at.Add(48 * time.Hour), Channel: "webchat"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := ts.Archive(context.Background(), false); err != nil || res.Orders != 1 || res.Conversations != 1 {
		t.Fatalf("archive: %+v %v", res, err)
	}

	call := func(token, method, path string) (int, map[string]any) {
		req, _ := http.NewRequest(method, web.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Agent", "小王")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	code, body := call("plain-token", "GET", "/api/tickets/"+n)
	tk, _ := body["ticket"].(map[string]any)
	if code != 200 || body["archived"] != true || tk["phone"] != "139****6688" {
		t.Fatalf("archived order without reveal: %d %v", code, body)
	}
	handle, _ := tk["conversation_id"].(string)
	if handle == "" || strings.Contains(handle, "old-token") {
		t.Fatalf("conversation id shown as %q, want a handle", handle)
	}
	code, body = call("reveal-token-0123", "GET", "/api/tickets/"+n)
	if tk, _ := body["ticket"].(map[string]any); code != 200 || body["archived"] != true || tk["phone"] != "13953706688" || tk["conversation_id"] != convID {
		t.Fatalf("archived order with the reveal token: %d %v", code, body)
	}
	if code, _ := call("plain-token", "GET", "/api/tickets/20240301-0002"); code != http.StatusNotFound {
		t.Fatalf("an order that never was: %d", code)
	}

	code, body = call("plain-token", "GET", "/api/conversations/"+handle)
	conv, _ := body["conversation"].(map[string]any)
	msgs, _ := body["messages"].([]any)
	if code != 200 || body["archived"] != true || conv["id"] != handle || conv["user_id"] != "" || len(msgs) != 1 ||
		msgs[0].(map[string]any)["text"] != "古槐路路灯不亮，我的电话 139****6688" {
		t.Fatalf("archived conversation without reveal: %d %v", code, body)
	}
	code, body = call("reveal-token-0123", "GET", "/api/conversations/"+handle)
	conv, _ = body["conversation"].(map[string]any)
	msgs, _ = body["messages"].([]any)
	if code != 200 || body["archived"] != true || conv["id"] != convID || len(msgs) != 1 ||
		msgs[0].(map[string]any)["text"] != "古槐路路灯不亮，我的电话 13953706688" {
		t.Fatalf("archived conversation with the reveal token: %d %v", code, body)
	}
	for _, op := range []string{"/take", "/close", "/release"} {
		code, body := call("plain-token", "POST", "/api/conversations/"+handle+op)
		if errObj, _ := body["error"].(map[string]any); code != http.StatusConflict || errObj["code"] != "archived" {
			t.Fatalf("POST %s on an archived conversation: %d %v", op, code, body)
		}
	}
	if code, _ := call("plain-token", "POST", "/api/conversations/webchat:never/take"); code != http.StatusNotFound {
		t.Fatalf("take a conversation that never was: %d", code)
	}
}
