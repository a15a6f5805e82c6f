package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"hotline/config"
	"hotline/desk"
	"hotline/events/eventstest"
	"hotline/store"
	"hotline/workflow"
)

// deskServer is a whole gateway in-process with the console wired in.
type deskServer struct {
	srv *Server
	wf  *workflow.Service
	url string
	ts  *httptest.Server // to cut the browsers' connections (a phone losing its signal)
}

const deskTestPass = "test-pass-1234"

// newDeskServer runs server.New plus wireDesk (on a mux in front of the
// server's own handler) with the outbox and the workflow scheduler, and
// creates one account per role.
func newDeskServer(t testing.TB, tweak ...func(*config.Config)) *deskServer {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	// The office dispatches by hand here (the console's workflow);
	// automatic dispatch has its own tests.
	cfg.Dispatch.Auto = false
	for _, fn := range tweak {
		fn(cfg)
	}
	s, err := New(cfg, Options{StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	wf, err := s.wireDesk(mux)
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/", s.Handler)
	ts := httptest.NewServer(mux)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	go func() { _ = s.Outbox.Run(ctx); done <- struct{}{} }()
	go func() { _ = wf.Run(ctx); done <- struct{}{} }()
	t.Cleanup(func() {
		ts.CloseClientConnections()
		ts.Close()
		cancel()
		<-done
		<-done
		s.Close()
	})
	hash, err := bcrypt.GenerateFromPassword([]byte(deskTestPass), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Store.UpdateNow(func(tx *store.Tx) error {
		for _, u := range []store.User{
			{Name: "wang", Role: "agent"}, {Name: "li", Role: "agent"},
			{Name: "city", Role: "department", Department: "市城市管理局"},
			{Name: "police", Role: "department", Department: "市公安局"},
			{Name: "office", Role: "supervisor"}, {Name: "mayor", Role: "leader"},
		} {
			u.PasswordHash, u.CreatedAt = string(hash), time.Now()
			if err := tx.PutUser(&u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return &deskServer{srv: s, wf: wf, url: ts.URL, ts: ts}
}

// client is one logged-in console user (or a citizen when name is "").
type client struct {
	t   *testing.T
	c   *http.Client
	url string
}

func (d *deskServer) client(t *testing.T, name string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{t: t, c: &http.Client{Jar: jar, Timeout: eventstest.Hang}, url: d.url}
	if name != "" {
		if code, body := c.call("POST", "/desk/api/login", map[string]string{"name": name, "password": deskTestPass}); code != 200 {
			t.Fatalf("login %s: %d %v", name, code, body)
		}
	}
	return c
}

func (c *client) call(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.url+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

func (c *client) must(method, path string, body any, want int) map[string]any {
	c.t.Helper()
	code, out := c.call(method, path, body)
	if code != want {
		c.t.Fatalf("%s %s: %d %v, want %d", method, path, code, out, want)
	}
	return out
}

// citizenTexts returns what the web-chat citizen has been sent so far.
func (c *client) citizenTexts(conv string) string {
	out := c.must("GET", "/chat/api/messages?conversation_id="+conv+"&after=0", nil, 200)
	var b strings.Builder
	for _, m := range out["messages"].([]any) {
		b.WriteString(m.(map[string]any)["text"].(string))
		b.WriteString("\n")
	}
	return b.String()
}

// waitFor waits until cond holds, checking it again at each event the
// gateway publishes (messages stored, orders changed, deliveries recorded).
func (d *deskServer) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	eventstest.Until(t, d.srv.Hub, what, cond)
}

// TestDeskWorkflowEndToEnd walks one order through the console with the
// real engine and workflow: web chat → queue → take → reply → register →
// dispatch (主办 + 协办) → department signs and replies → the office
// approves → the citizen gets the result and the rating question. It also
// checks department scoping and the first-run administrator.
func TestDeskWorkflowEndToEnd(t *testing.T) {
	t.Setenv(EnvAdminPassword, "first-admin-pass")
	d := newDeskServer(t)
	// The first administrator is created only because the store was empty
	// when wireDesk ran.
	if code, _ := d.client(t, "").call("POST", "/desk/api/login", map[string]string{"name": "admin", "password": "first-admin-pass"}); code != 200 {
		t.Fatalf("first-run admin login: %d", code)
	}

	citizen := d.client(t, "")
	start := citizen.must("POST", "/chat/api/conversations", nil, 201)
	tok := start["conversation_id"].(string)
	conv := "webchat:" + tok
	citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": "任城区古槐路的垃圾箱好几天没人清运了，臭味很大", "client_id": "m1"}, 200)
	citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": "人工", "client_id": "m2"}, 200)

	wang, li := d.client(t, "wang"), d.client(t, "li")
	q := wang.must("GET", "/desk/api/queue", nil, 200)
	if n := len(q["queue"].([]any)); n != 1 {
		t.Fatalf("queue has %d conversations, want 1", n)
	}
	wang.must("POST", "/desk/api/conversations/"+conv+"/take", nil, 200)
	li.must("POST", "/desk/api/conversations/"+conv+"/take", nil, 409)
	wang.must("POST", "/desk/api/conversations/"+conv+"/reply", map[string]string{"text": "您好，我是话务员小王，马上为您登记。"}, 200)
	d.waitFor(t, "the agent's reply on the citizen's page", func() bool { return strings.Contains(citizen.citizenTexts(tok), "话务员小王") })

	reg := wang.must("POST", "/desk/api/conversations/"+conv+"/register", map[string]string{"title": "垃圾清运不及时"}, 201)
	number := reg["ticket"].(map[string]any)["number"].(string)
	wang.must("POST", "/desk/api/orders/"+number+"/edit", map[string]any{"field": "category", "value": "SRHW", "correction": true}, 200)
	wang.must("POST", "/desk/api/orders/"+number+"/dispatch", map[string]any{"department": "市城市管理局", "co": []string{"市公安局"}, "note": "请尽快清运"}, 200)

	// Scoping with the real workflow: the lead department and the
	// co-department see it; others do not.
	city, police := d.client(t, "city"), d.client(t, "police")
	city.must("GET", "/desk/api/orders/"+number, nil, 200)
	police.must("GET", "/desk/api/orders/"+number, nil, 200)
	police.must("POST", "/desk/api/orders/"+number+"/sign", nil, 403) // co-department may not sign
	lists := city.must("GET", "/desk/api/department", nil, 200)
	if len(lists["new"].([]any)) != 1 {
		t.Fatalf("department's new orders: %v", lists["new"])
	}
	city.must("POST", "/desk/api/orders/"+number+"/sign", nil, 200)
	city.must("POST", "/desk/api/orders/"+number+"/reply", map[string]string{"text": "已安排环卫车辆清运，并增加清运频次。"}, 200)

	// A department of neither side gets 404 from the API.
	other := d.client(t, "")
	if err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		hash, _ := bcrypt.GenerateFromPassword([]byte(deskTestPass), bcrypt.MinCost)
		return tx.PutUser(&store.User{Name: "water", Role: "department", Department: "中山水务公司", PasswordHash: string(hash)})
	}); err != nil {
		t.Fatal(err)
	}
	other.must("POST", "/desk/api/login", map[string]string{"name": "water", "password": deskTestPass}, 200)
	other.must("GET", "/desk/api/orders/"+number, nil, 404)
	other.must("POST", "/desk/api/orders/"+number+"/reply", map[string]string{"text": "x"}, 404)

	office := d.client(t, "office")
	sup := office.must("GET", "/desk/api/supervisor", nil, 200)
	if len(sup["pending_review"].([]any)) != 1 {
		t.Fatalf("pending review: %v", sup["pending_review"])
	}
	office.must("POST", "/desk/api/orders/"+number+"/review", map[string]any{"approve": true, "comment": "同意"}, 200)
	d.waitFor(t, "the result and the rating question on the citizen's page", func() bool {
		txt := citizen.citizenTexts(tok)
		return strings.Contains(txt, "已安排环卫车辆清运") && strings.Contains(txt, "评价")
	})
	got := office.must("GET", "/desk/api/orders/"+number, nil, 200)["ticket"].(map[string]any)
	if got["status"] != "reviewed" {
		t.Fatalf("status after review: %v", got["status"])
	}
	// The audit log has the console's and the workflow's entries.
	var log []store.AuditEntry
	_ = d.srv.Store.View(func(tx *store.Tx) error { log, _ = tx.AuditLog(500); return nil })
	seen := map[string]bool{}
	for _, e := range log {
		seen[e.Action] = true
	}
	for _, a := range []string{"login", "conversation.take", "order.register", "ticket.dispatch", "ticket.sign", "ticket.reply", "ticket.review", "ticket.edit"} {
		if !seen[a] {
			t.Errorf("no audit entry %q", a)
		}
	}
}

// TestConsoleEventsReachEveryConsole opens 50 agents' event streams and
// makes 40 web chats ask for an agent; it waits until every console has
// every chat's event (a lost event hangs it, and eventstest.Hang fails it).
// How fast they arrive is BenchmarkConsoleEventLatency's figure, not a
// test's: a busy machine makes it anything.
func TestConsoleEventsReachEveryConsole(t *testing.T) {
	d := newDeskServer(t)
	res, err := measureConsoleEvents(t, d, 50, 40)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("console events: %v", res)
	if want := chatEvents * res.Streams * res.Triggers; res.Received != want {
		t.Errorf("received %d events, want %d (%d a chat on each stream)", res.Received, want, chatEvents)
	}
}

// BenchmarkConsoleEventLatency reports the delay from an event's server
// timestamp to its arrival on 50 agents' event streams while 40 web chats
// ask for an agent: p50 and p99 in milliseconds (issue 9 asks for at most
// 1 s at p99).
//
//	go test -run '^$' -bench ConsoleEventLatency -benchtime 3x ./server
func BenchmarkConsoleEventLatency(b *testing.B) {
	d := newDeskServer(b)
	var p50, p99 []time.Duration
	for b.Loop() {
		res, err := measureConsoleEvents(b, d, 50, 40)
		if err != nil {
			b.Fatal(err)
		}
		if want := chatEvents * res.Streams * res.Triggers; res.Received != want {
			b.Fatalf("received %d events, want %d", res.Received, want)
		}
		p50, p99 = append(p50, res.P50), append(p99, res.P99)
	}
	ms := func(ds []time.Duration) float64 {
		slices.Sort(ds)
		return float64(ds[len(ds)/2]) / float64(time.Millisecond)
	}
	b.ReportMetric(ms(p50), "p50-ms")
	b.ReportMetric(ms(p99), "p99-ms")
}

// chatEvents is how many events a web chat that asks for an agent sends
// every agent's console: the queue's change and the citizen's message
// (a message event reaches the desk once its conversation is queued).
const chatEvents = 2

// measureConsoleEvents runs desk.MeasureSSE with streams agents' streams
// (the agent wang's session) and triggers web chats that each ask for an
// agent; it returns once every stream has every chat's events (or after
// eventstest.Hang).
func measureConsoleEvents(tb testing.TB, d *deskServer, streams, triggers int) (desk.SSEResult, error) {
	tb.Helper()
	ctx := context.Background()
	cookie, err := desk.Login(ctx, nil, d.url, "wang", deskTestPass)
	if err != nil {
		tb.Fatal(err)
	}
	chat := &http.Client{Timeout: eventstest.Hang}
	return desk.MeasureSSE(ctx, desk.SSEConfig{
		BaseURL: d.url, Cookie: cookie, Streams: streams, Triggers: triggers,
		Expect: chatEvents * streams * triggers, Wait: eventstest.Hang,
		Trigger: func(ctx context.Context, i int) error {
			resp, err := chat.Post(d.url+"/chat/api/conversations", "application/json", nil)
			if err != nil {
				return err
			}
			var conv struct {
				ID string `json:"conversation_id"`
			}
			err = json.NewDecoder(resp.Body).Decode(&conv)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusCreated {
				return fmt.Errorf("start chat: %s %v", resp.Status, err)
			}
			// Opening a chat stores nothing; its first message does, and
			// asking for an agent is what the desk hears of.
			body := strings.NewReader(`{"conversation_id":"` + conv.ID + `","text":"人工"}`)
			resp, err = chat.Post(d.url+"/chat/api/messages", "application/json", body)
			if err != nil {
				return err
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("chat message: %s", resp.Status)
			}
			return nil
		},
	})
}
