package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/events/eventstest"
	"hotline/store"
	"hotline/ticket"
)

type testServer struct {
	*Server
	url string
	now time.Time
	mu  sync.Mutex
}

func (ts *testServer) clock() time.Time {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.now
}

// newTestServer starts a server on a store without fsync (NoSync; Close
// still syncs), as do this package's other tests that pass StoreOptions:
// they check what the gateway does and stores, not that a commit outlives
// a power cut (store's tests own durability), and a server's fsyncs made
// this test binary wait on the disk. The daily check's tests
// (check_test.go) and the full disk's (fulldisk_test.go) keep the
// production options: they are about the file and its writes failing.
func newTestServer(t *testing.T, now time.Time) *testServer {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	cfg.Desk.Token = "test-token"
	ts := &testServer{now: now}
	srv, err := New(cfg, Options{Now: ts.clock, StoreOptions: &store.Options{MaxBatchDelay: time.Nanosecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	ts.Server = srv
	hs := httptest.NewServer(srv.Handler)
	ts.url = hs.URL
	t.Cleanup(func() {
		hs.Close()
		srv.Close()
	})
	return ts
}

type reply struct {
	MessageID uint64 `json:"message_id"`
	Duplicate bool   `json:"duplicate"`
	Replies   []struct {
		Text string `json:"text"`
	} `json:"replies"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func (ts *testServer) do(t *testing.T, method, path string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.url+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func (ts *testServer) open(t *testing.T) string {
	t.Helper()
	code, body := ts.do(t, "POST", "/chat/api/conversations", nil)
	if code != http.StatusCreated {
		t.Fatalf("open conversation: %d %s", code, body)
	}
	var out struct {
		ID       string `json:"conversation_id"`
		Messages []struct {
			Text string `json:"text"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Messages) == 0 || !strings.Contains(out.Messages[0].Text, "12345") {
		t.Fatalf("no welcome message: %s", body)
	}
	return out.ID
}

func (ts *testServer) say(t *testing.T, conv, text, clientID string) reply {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"conversation_id": conv, "text": text, "client_id": clientID})
	code, b := ts.do(t, "POST", "/chat/api/messages", body)
	var r reply
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%q: %d %s", text, code, b)
	}
	if code != http.StatusOK {
		t.Fatalf("%q: %d %s", text, code, b)
	}
	return r
}

func lastText(r reply) string {
	if len(r.Replies) == 0 {
		return ""
	}
	return r.Replies[len(r.Replies)-1].Text
}

// TestWebChatDialogRegistersOrder is the end-to-end case: a
// citizen reports a barbecue stall over the web chat the day before the
// National Day holiday; the order is routed territorially and due five
// working days later on the holiday calendar (with the 10 October make-up
// Saturday counted).
func TestWebChatDialogRegistersOrder(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	ts := newTestServer(t, time.Date(2026, 9, 29, 10, 0, 0, 0, loc))
	conv := ts.open(t)
	r := ts.say(t, conv, "任城区古槐路有烧烤摊占道经营，油烟很大", "m1")
	if !strings.Contains(lastText(r), "联系电话") {
		t.Fatalf("bot did not ask for a phone: %q", lastText(r))
	}
	r = ts.say(t, conv, "电话是139 5370 6688", "m2")
	if !strings.Contains(lastText(r), "请核对") {
		t.Fatalf("bot did not show the summary: %q", lastText(r))
	}
	r = ts.say(t, conv, "确认", "m3")
	if !strings.Contains(lastText(r), "20260929-0001") {
		t.Fatalf("no order number in %q", lastText(r))
	}
	var tk *ticket.Ticket
	err := ts.Store.View(func(tx *store.Tx) error {
		var err error
		tk, err = tx.Ticket("20260929-0001")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Category != "SRHW" || tk.Department != "任城区人民政府" || tk.District != "任城区" || tk.Status != ticket.Dispatched {
		t.Errorf("order fields: category %s, department %s, district %s, status %s", tk.Category, tk.Department, tk.District, tk.Status)
	}
	if tk.Phone != "13953706688" {
		t.Errorf("phone = %q", tk.Phone)
	}
	// Working days after Tue 29 Sep: 30 Sep, 8 Oct, 9 Oct, Sat 10 Oct
	// (make-up day), 12 Oct.
	want := time.Date(2026, 10, 12, 18, 0, 0, 0, loc)
	if !tk.Due.Equal(want) {
		t.Errorf("due %v, want %v", tk.Due.In(loc), want)
	}
	if !strings.Contains(lastText(r), "2026年10月12日") {
		t.Errorf("reply does not give the deadline date: %q", lastText(r))
	}
	// The same order is visible through the agents' API.
	req, _ := http.NewRequest("GET", ts.url+"/api/tickets/20260929-0001", nil)
	req.Header.Set("Authorization", "Bearer test-token")
	req.Header.Set("X-Agent", "wang")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("agent API: %s", resp.Status)
	}
}

func TestSamePlatformMessageThreeTimes(t *testing.T) {
	ts := newTestServer(t, time.Now())
	conv := ts.open(t)
	var replies int
	for i := 0; i < 3; i++ {
		r := ts.say(t, conv, "任城区古槐路有烧烤摊占道经营", "same-id")
		if (i > 0) != r.Duplicate {
			t.Fatalf("delivery %d: duplicate = %v", i+1, r.Duplicate)
		}
		replies += len(r.Replies)
	}
	_, msgs, err := ts.Engine.Conversation("webchat:"+conv, 0)
	if err != nil {
		t.Fatal(err)
	}
	in := 0
	for _, m := range msgs {
		if m.Direction == domain.In {
			in++
		}
	}
	// The first delivery stores the welcome, the message and one reply.
	if in != 1 || replies != 2 || len(msgs) != 3 {
		t.Fatalf("3 deliveries: %d inbound, %d replies, %d messages", in, replies, len(msgs))
	}
}

func TestBadInputGetsClearErrorAndStoresNothing(t *testing.T) {
	ts := newTestServer(t, time.Now())
	conv := ts.open(t)
	_, before, _ := ts.Engine.Conversation("webchat:"+conv, 0)
	cases := []struct {
		name string
		body string
		code int
		err  string
	}{
		{"empty text", `{"conversation_id":"` + conv + `","text":"  "}`, 400, "empty_text"},
		{"too long", `{"conversation_id":"` + conv + `","text":"` + strings.Repeat("长", 4001) + `"}`, 400, "too_long"},
		{"invalid utf-8", "{\"conversation_id\":\"" + conv + "\",\"text\":\"\xff\xfe\"}", 400, "invalid_utf8"},
		{"malformed json", `{"conversation_id":`, 400, "bad_json"},
		{"unknown field", `{"conversation_id":"` + conv + `","txt":"hi"}`, 400, "bad_json"},
		{"unknown conversation", `{"conversation_id":"0123456789abcdef0123456789abcdef0123456789abcdef","text":"你好"}`, 404, "unknown_conversation"},
		{"old-style id", `{"conversation_id":"0123456789abcdef0123456789abcdef","text":"你好"}`, 400, "bad_conversation"},
		{"malformed conversation", `{"conversation_id":"../../etc","text":"你好"}`, 400, "bad_conversation"},
		{"huge body", `{"conversation_id":"` + conv + `","text":"` + strings.Repeat("a", 70<<10) + `"}`, 413, "too_large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, b := ts.do(t, "POST", "/chat/api/messages", []byte(tc.body))
			var r reply
			_ = json.Unmarshal(b, &r)
			if code != tc.code || r.Error == nil || r.Error.Code != tc.err || r.Error.Message == "" {
				t.Fatalf("got %d %s, want %d %s", code, b, tc.code, tc.err)
			}
		})
	}
	_, after, _ := ts.Engine.Conversation("webchat:"+conv, 0)
	if len(after) != len(before) {
		t.Fatalf("rejected input left %d messages behind", len(after)-len(before))
	}
	code, _ := ts.do(t, "GET", "/chat/api/messages?conversation_id=zz", nil)
	if code != 400 {
		t.Errorf("bad poll id: %d", code)
	}
}

func TestLongPollAndSSEDeliverReplies(t *testing.T) {
	ts := newTestServer(t, time.Now())
	conv := ts.open(t)
	// Long-poll waits for the next message: it is asked before the
	// message exists (it follows the conversation on the hub first).
	subs := ts.Hub.Subscribers()
	done := make(chan []byte, 1)
	go func() {
		resp, err := http.Get(ts.url + "/chat/api/messages?conversation_id=" + conv + "&after=1")
		if err != nil {
			done <- nil
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- b
	}()
	eventstest.Subscribed(t, ts.Hub, subs+1)
	ts.say(t, conv, "你好", "a")
	select {
	case b := <-done:
		if !bytes.Contains(b, []byte("你好")) {
			t.Fatalf("long-poll got %s", b)
		}
	case <-time.After(eventstest.Hang):
		t.Fatal("long-poll did not return")
	}
	// SSE replays from the start and streams.
	ctx, cancel := context.WithTimeout(context.Background(), eventstest.Hang)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.url+"/chat/api/events?conversation_id="+conv, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	buf := make([]byte, 64<<10)
	var got []byte
	for !bytes.Contains(got, []byte("请简要描述")) && !bytes.Contains(got, []byte("您好，这里是")) {
		n, err := resp.Body.Read(buf)
		if err != nil {
			t.Fatalf("stream ended: %v (%s)", err, got)
		}
		got = append(got, buf[:n]...)
	}
	if !bytes.Contains(got, []byte("event: message")) || !bytes.Contains(got, []byte("id: 1")) {
		t.Fatalf("not SSE: %s", got)
	}
}

func TestHealthMetricsAndBackup(t *testing.T) {
	ts := newTestServer(t, time.Now())
	conv := ts.open(t)
	ts.say(t, conv, "任城区古槐路有烧烤摊占道经营 13953706688", "1")
	ts.say(t, conv, "确认", "2")
	if code, _ := ts.do(t, "GET", "/healthz", nil); code != 200 {
		t.Fatalf("healthz %d", code)
	}
	code, body := ts.do(t, "GET", "/metrics", nil)
	for _, want := range []string{"hotline_messages_in_total{channel=\"webchat\"} 2", "hotline_orders{state=\"dispatched\"} 1",
		"hotline_outbox_depth", "hotline_classify_seconds", `hotline_http_request_seconds_count{code="200",route="POST /chat/api/messages"} 2`} {
		if code != 200 || !bytes.Contains(body, []byte(want)) {
			t.Errorf("metrics lack %q", want)
		}
	}
	// The web chat's replies are sent in the commit (the page reads them
	// from the store): each counts as a message out.
	replies := regexp.MustCompile(`hotline_replies_total\{channel="webchat"\} (\d+)`).FindSubmatch(body)
	out := regexp.MustCompile(`hotline_messages_out_total\{channel="webchat",result="sent"\} (\d+)`).FindSubmatch(body)
	if replies == nil || out == nil || string(replies[1]) != string(out[1]) || string(out[1]) == "0" {
		t.Errorf("web-chat replies %q, messages out %q: want the same, non-zero", replies, out)
	}
	// Online backup through the server, then open it.
	req, _ := http.NewRequest("GET", ts.url+"/api/admin/backup", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("backup without token: %s", resp.Status)
	}
	req.Header.Set("Authorization", "Bearer test-token")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	snap, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	bak := filepath.Join(t.TempDir(), "snap.tar")
	if err := writeFile(bak, snap); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "hotline.db")
	if _, err := store.Restore(bak, path); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(path, &store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = st.View(func(tx *store.Tx) error {
		_, err := tx.Ticket(ticket.FormatNumber(time.Now().In(ts.Config.Location()), 1))
		return err
	})
	if err != nil {
		t.Fatalf("order missing from the backup: %v", err)
	}
}
