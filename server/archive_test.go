package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"hotline/store"
	"hotline/ticket"
)

func TestArchiveJobRunsDailyAndThroughTheAPI(t *testing.T) {
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
