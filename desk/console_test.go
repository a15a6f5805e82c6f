package desk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"hotline/bot"
	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/inbound"
	"hotline/nlp"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// lowClassifier is never sure, so every problem goes to the agents.
type lowClassifier struct{}

// A van in a ditch is its one emergency: 122, and 120 for the driver.
func (lowClassifier) Classify(ctx context.Context, text string) (nlp.Result, error) {
	r := nlp.Result{Type: ticket.TypeHelp, Category: "QT", Urgency: ticket.UrgencyNormal,
		Confidence: map[string]float64{nlp.FieldCategory: 0.05}}
	if strings.Contains(text, "翻到沟里") {
		r.Emergency = &nlp.Emergency{Number: "122", Reply: "请立即拨打122！", Cue: "面包车翻到沟里", Rule: nlp.RuleRoadCollision,
			Also: []nlp.AlsoCall{{Number: "120", Cue: "满脸是血", Rule: "bleeding"}}}
	}
	if strings.Contains(text, "吃错了药") { // a flag the veto sets aside, as the embedded classifier does
		r.Urgency = ticket.UrgencyUrgent
		r.SetAside = &nlp.Emergency{Number: "120", Reply: "请立即拨打120！", Cue: "吃错了药", Rule: "poisoning"}
	}
	return r, nil
}

// fakeWorkflow keeps orders in a map and records the calls; it does no
// scoping of its own, so that the console's own checks are what is tested.
type fakeWorkflow struct {
	mu     sync.Mutex
	orders map[string]*ticket.Ticket
	calls  []string
	// fail makes an operation (the first word of op) return an error.
	fail map[string]error
	// supLists is what SupervisorList returns.
	supLists workflow.SupervisorLists
	// reminders, when set, is what Reminders returns.
	reminders []domain.Reminder
}

func (f *fakeWorkflow) get(number, op string) (*ticket.Ticket, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, op+" "+number)
	if err := f.fail[strings.Fields(op)[0]]; err != nil {
		return nil, err
	}
	t, ok := f.orders[number]
	if !ok {
		return nil, ErrNotFound
	}
	c := *t
	return &c, nil
}

func (f *fakeWorkflow) Offered(a Actor, tk *ticket.Ticket) []workflow.Op {
	return workflow.Offers(a, tk, true)
}

func (f *fakeWorkflow) Countdown(tk *ticket.Ticket) (*int, string) { return nil, "" }

func (f *fakeWorkflow) Edit(a Actor, n, field, value string, corr bool) (*ticket.Ticket, error) {
	return f.get(n, "edit")
}
func (f *fakeWorkflow) Answer(a Actor, n, text string) (*ticket.Ticket, error) {
	return f.get(n, "answer")
}
func (f *fakeWorkflow) Dispatch(a Actor, n, dept string, co []string, note string) (*ticket.Ticket, error) {
	return f.get(n, "dispatch")
}
func (f *fakeWorkflow) Merge(a Actor, n, into, note string) (*ticket.Ticket, error) {
	return f.get(n, "merge")
}
func (f *fakeWorkflow) Sign(a Actor, n string) (*ticket.Ticket, error) { return f.get(n, "sign") }
func (f *fakeWorkflow) Reply(a Actor, n, text, att string) (*ticket.Ticket, error) {
	return f.get(n, "reply "+att)
}
func (f *fakeWorkflow) CoReply(a Actor, n, text string) (*ticket.Ticket, error) {
	return f.get(n, "co_reply")
}
func (f *fakeWorkflow) RequestExtension(a Actor, n, reason string, due time.Time) (*ticket.Ticket, error) {
	return f.get(n, "extension")
}
func (f *fakeWorkflow) DecideExtension(a Actor, n string, ok bool, c string) (*ticket.Ticket, error) {
	return f.get(n, "decide")
}
func (f *fakeWorkflow) Return(a Actor, n, reason string) (*ticket.Ticket, error) {
	return f.get(n, "return")
}
func (f *fakeWorkflow) Review(a Actor, n string, ok bool, c string) (*ticket.Ticket, error) {
	return f.get(n, "review")
}
func (f *fakeWorkflow) Supervise(a Actor, n, note string, instr bool) (*ticket.Ticket, error) {
	return f.get(n, "supervise")
}
func (f *fakeWorkflow) Rate(a Actor, n, sat string, solved bool) (*ticket.Ticket, error) {
	return f.get(n, "rate")
}
func (f *fakeWorkflow) Ticket(a Actor, n string) (*ticket.Ticket, error) { return f.get(n, "view") }
func (f *fakeWorkflow) DepartmentOrders(dept string) (n, d, o, sup []Item, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, t := range f.orders {
		if t.Department == dept && (t.Status == ticket.Dispatched || t.Status == ticket.Reopened) {
			n = append(n, Item{Ticket: t})
		}
		if t.Department == dept && t.Status.AtDepartment() && (t.Flags.Supervised || t.Flags.Instruction) {
			sup = append(sup, Item{Ticket: t})
		}
	}
	return n, nil, nil, sup, nil
}
func (f *fakeWorkflow) Orders(fl store.TicketFilter) ([]Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Item
	for _, t := range f.orders {
		out = append(out, Item{Ticket: t})
	}
	return out, nil
}
func (f *fakeWorkflow) SupervisorList() (workflow.SupervisorLists, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.supLists, nil
}
func (f *fakeWorkflow) QueueList() []QueueInfo {
	return []QueueInfo{{Name: "dispatch", Label: "待派单"}, {Name: "due", Label: "即将超期/已超期"}}
}
func (f *fakeWorkflow) Queues() (map[string][]QueueItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := *f.orders[ownOrder]
	return map[string][]QueueItem{"dispatch": {{Item: Item{Ticket: &t}, Remaining: -60, Mark: "red"}}, "due": {}}, nil
}
func (f *fakeWorkflow) Reminders(dept string, limit int) ([]domain.Reminder, error) {
	if f.reminders != nil {
		return f.reminders, nil
	}
	return []domain.Reminder{{Number: "20261127-0001", Kind: "remind_sign", Text: "请尽快签收，联系 13953706688"}}, nil
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type env struct {
	cfg  *config.Config
	st   *store.Store
	eng  *bot.Engine
	hub  *events.Hub
	wf   *fakeWorkflow
	con  *Console
	srv  *httptest.Server
	clk  *clock
	h    http.Handler
	opts Options
}

const (
	ownOrder   = "20261127-0001" // 市公安局
	otherOrder = "20261127-0002" // 市城市管理局
	testPass   = "correct horse 1"
)

func newEnv(t testing.TB, mod func(*Options)) *env {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// Without fsync (NoSync): these tests check the console, not
	// durability, and the fsync of each commit took a fifth of desk's
	// test time on a disk (24.9 s against 19.4 s on tmpfs).
	st, err := store.Open(filepath.Join(dir, "h.db"), &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cal, err := ticket.NewCalendar(cfg.Calendar, cfg.Location())
	if err != nil {
		t.Fatal(err)
	}
	hub := events.NewHub()
	eng, err := bot.New(bot.Options{Config: cfg, Store: st, Classifier: lowClassifier{}, Calendar: cal, Hub: hub})
	if err != nil {
		t.Fatal(err)
	}
	wf := &fakeWorkflow{orders: map[string]*ticket.Ticket{
		ownOrder:   {Number: ownOrder, Department: "市公安局", Status: ticket.Dispatched, Title: "噪声扰民", Phone: "13953706688", ConversationID: "webchat:x"},
		otherOrder: {Number: otherOrder, Department: "市城市管理局", Status: ticket.Dispatched, Title: "路灯不亮", Phone: "13953706699"},
	}}
	clk := &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, cfg.Location())}
	o := Options{Config: cfg, Store: st, Engine: eng, Workflow: wf, Hub: hub, Calendar: cal, Now: clk.now, DataDir: dir,
		ChannelLabels: map[string]string{"webchat": "网页", "wechat": "微信", "sms": "短信", "telegram": "Telegram", "phone": "电话"}}
	if mod != nil {
		mod(&o)
	}
	con, err := NewConsole(o)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	con.Routes(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	e := &env{cfg: cfg, st: st, eng: eng, hub: hub, wf: wf, con: con, srv: srv, clk: clk, h: mux, opts: o}
	for _, u := range []struct{ name, role, dept string }{
		{"admin1", RoleAdmin, ""}, {"agent1", RoleAgent, ""}, {"agent2", RoleAgent, ""},
		{"police", RoleDepartment, "市公安局"}, {"city", RoleDepartment, "市城市管理局"},
		{"super1", RoleSupervisor, ""}, {"leader1", RoleLeader, ""},
	} {
		// The lowest bcrypt cost keeps the tests fast; logins check any cost.
		hash, err := bcrypt.GenerateFromPassword([]byte(testPass), bcrypt.MinCost)
		if err != nil {
			t.Fatal(err)
		}
		nu := &store.User{Name: u.name, Role: u.role, Department: u.dept, PasswordHash: string(hash), CreatedAt: clk.now()}
		if err := AddUser(st, nu, "test"); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// do sends a request to the console as a same-origin browser would.
func (e *env) do(t testing.TB, cookie *http.Cookie, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if cookie != nil {
		req.AddCookie(cookie)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

func (e *env) login(t testing.TB, name string) *http.Cookie {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"name": name, "password": testPass})
	req, _ := http.NewRequest("POST", e.srv.URL+"/desk/api/login", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("login %s: %d", name, resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.Name == SessionCookie {
			return c
		}
	}
	t.Fatalf("login %s: no session cookie", name)
	return nil
}

// queueConversation makes a web-chat citizen ask for a person and returns
// the conversation id.
func (e *env) queueConversation(t *testing.T, user, text string) string {
	t.Helper()
	if _, err := e.eng.Handle(context.Background(), inbound.Message{Channel: "webchat", UserID: user, Text: text}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.eng.Handle(context.Background(), inbound.Message{Channel: "webchat", UserID: user, Text: "人工"}); err != nil {
		t.Fatal(err)
	}
	return inbound.ConversationID("webchat", user)
}

// TestPermissions checks every console operation for every role: allowed
// roles get past the role gate (any answer but 401/403), the others get
// 403. Department users act on their own department's order.
func TestPermissions(t *testing.T) {
	e := newEnv(t, nil)
	conv := e.queueConversation(t, "perm", "我家门口的路灯坏了")
	ord := "/desk/api/orders/" + ownOrder
	cv := "/desk/api/conversations/" + conv
	all := Roles()
	agents := []string{RoleAgent, RoleLeader, RoleAdmin}
	office := []string{RoleAgent, RoleSupervisor, RoleAdmin}
	readers := []string{RoleAgent, RoleSupervisor, RoleLeader, RoleAdmin}
	dept := []string{RoleDepartment}
	ops := []struct {
		name, method, path string
		body               any
		allowed            []string
	}{
		{"me", "GET", "/desk/api/me", nil, all},
		{"queue", "GET", "/desk/api/queue", nil, agents},
		{"conversation", "GET", cv, nil, agents},
		// A leader takes, hands back or ends no chat from the queue, only
		// holds one handed to them (TestHandedChatAlertsInBrowser).
		{"take", "POST", cv + "/take", nil, []string{RoleAgent, RoleAdmin}},
		{"reply", "POST", cv + "/reply", map[string]string{"text": "您好"}, agents},
		{"transfer", "POST", cv + "/transfer", map[string]string{"to": "agent2"}, agents},
		{"register", "POST", cv + "/register", map[string]string{}, agents},
		{"release", "POST", cv + "/release", nil, []string{RoleAgent, RoleAdmin}},
		{"close", "POST", cv + "/close", nil, []string{RoleAgent, RoleAdmin}},
		{"orders", "GET", "/desk/api/orders", nil, all}, // a department: its own (TestDepartmentSearch)
		{"order", "GET", ord, nil, all},
		{"edit", "POST", ord + "/edit", map[string]any{"field": "title", "value": "新标题", "correction": true}, office},
		{"answer", "POST", ord + "/answer", map[string]string{"text": "已答复"}, office},
		{"dispatch", "POST", ord + "/dispatch", map[string]any{"department": "市公安局", "co": []string{"市城市管理局"}}, office},
		{"merge", "POST", ord + "/merge", map[string]string{"into": otherOrder}, office},
		{"sign", "POST", ord + "/sign", nil, dept},
		{"reply order", "POST", ord + "/reply", map[string]string{"text": "已处理"}, dept},
		{"extension", "POST", ord + "/extension", map[string]string{"reason": "需协调", "new_due": "2026-12-10"}, dept},
		{"return", "POST", ord + "/return", map[string]string{"reason": "不属于本单位"}, dept},
		{"decide extension", "POST", ord + "/extension/decision", map[string]any{"approve": true}, office},
		{"review", "POST", ord + "/review", map[string]any{"approve": true}, office},
		{"supervise", "POST", ord + "/supervise", map[string]any{"note": "请加快办理", "instruction": true}, []string{RoleSupervisor, RoleLeader, RoleAdmin}},
		{"rate", "POST", ord + "/rate", map[string]any{"satisfaction": "满意", "solved": true}, office},
		{"department lists", "GET", "/desk/api/department", nil, dept},
		{"supervisor lists", "GET", "/desk/api/supervisor", nil, readers},
		{"queue counts", "GET", "/desk/api/queues", nil, readers},
		{"work queue", "GET", "/desk/api/queues/dispatch", nil, office}, // a leader's: TestWorkQueuesByRole
		{"leader's work queue", "GET", "/desk/api/queues/due", nil, readers},
		{"reminders", "GET", "/desk/api/reminders", nil, all},
		{"users", "GET", "/desk/api/users", nil, []string{RoleAdmin}},
		{"add user", "POST", "/desk/api/users", map[string]string{"name": "new1", "role": "agent", "password": "abcdefgh1"}, []string{RoleAdmin}},
		{"audit", "GET", "/desk/api/audit", nil, []string{RoleAdmin}},
	}
	users := map[string]string{RoleAdmin: "admin1", RoleAgent: "agent1", RoleDepartment: "police", RoleSupervisor: "super1", RoleLeader: "leader1"}
	for _, role := range all {
		cookie := e.login(t, users[role])
		for _, op := range ops {
			t.Run(role+"/"+op.name, func(t *testing.T) {
				code, body := e.do(t, cookie, op.method, op.path, op.body)
				allowed := false
				for _, r := range op.allowed {
					allowed = allowed || r == role
				}
				if allowed && (code == 401 || code == 403) {
					t.Fatalf("%s %s as %s: %d %v, want allowed", op.method, op.path, role, code, body)
				}
				if !allowed && code != 403 {
					t.Fatalf("%s %s as %s: %d %v, want 403", op.method, op.path, role, code, body)
				}
			})
		}
		// Hand the conversation back to the queue for the next role.
		if _, err := e.eng.Handle(context.Background(), inbound.Message{Channel: "webchat", UserID: "perm", Text: "人工"}); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("no session", func(t *testing.T) {
		for _, op := range ops {
			if code, _ := e.do(t, nil, op.method, op.path, op.body); code != 401 {
				t.Errorf("%s %s without a session: %d, want 401", op.method, op.path, code)
			}
		}
	})
}

// TestDepartmentScoping: a department sees its own orders; another
// department's order is 404 in the API, for every action and as a page.
func TestDepartmentScoping(t *testing.T) {
	e := newEnv(t, nil)
	police := e.login(t, "police")
	code, body := e.do(t, police, "GET", "/desk/api/orders/"+ownOrder, nil)
	if code != 200 {
		t.Fatalf("own order: %d %v", code, body)
	}
	// What the page may offer comes from the workflow: a dispatched
	// order is signed or returned by its department, nothing else.
	if ops := fmt.Sprint(body["ops"]); ops != "[view sign return]" {
		t.Errorf("own dispatched order offers %s, want [view sign return]", ops)
	}
	for _, p := range []struct{ method, path string }{
		{"GET", "/desk/api/orders/" + otherOrder},
		{"POST", "/desk/api/orders/" + otherOrder + "/sign"},
		{"POST", "/desk/api/orders/" + otherOrder + "/reply"},
		{"POST", "/desk/api/orders/" + otherOrder + "/return"},
		{"POST", "/desk/api/orders/" + otherOrder + "/extension"},
		{"GET", "/desk/api/orders/20261127-0999"},
		{"GET", "/desk/api/orders/not-a-number"},
	} {
		body := map[string]string{"text": "x", "reason": "x", "new_due": "2026-12-10"}
		if p.method == "GET" {
			body = nil
		}
		var b any
		if body != nil {
			b = body
		}
		code, resp := e.do(t, police, p.method, p.path, b)
		if code != 404 {
			t.Errorf("%s %s: %d %v, want 404", p.method, p.path, code, resp)
		}
	}
	for _, call := range e.wf.calls {
		if strings.HasPrefix(call, "sign") || strings.HasPrefix(call, "reply") || strings.HasPrefix(call, "return") {
			t.Errorf("workflow was called for another department's order: %s", call)
		}
	}
	// The deep link is a 404 page, not the app.
	req, _ := http.NewRequest("GET", e.srv.URL+"/desk/orders/"+otherOrder, nil)
	req.AddCookie(police)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || !strings.Contains(string(page), "404") {
		t.Fatalf("other department's order page: %d", resp.StatusCode)
	}
	// The department's list holds only its own orders, with phones masked.
	code, lists := e.do(t, police, "GET", "/desk/api/orders", nil)
	if code != 200 {
		t.Fatal(code)
	}
	all := lists["orders"].([]any)
	if len(all) != 1 || all[0].(map[string]any)["number"] != ownOrder {
		t.Fatalf("department list: %v", all)
	}
	if ph := all[0].(map[string]any)["phone"]; ph != "139****6688" {
		t.Fatalf("phone in the department list: %v, want masked", ph)
	}
}

func TestLoginLogoutAndExpiry(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.SessionIdle = time.Hour })
	if code, _ := e.do(t, nil, "POST", "/desk/api/login", map[string]string{"name": "agent1", "password": "wrong password"}); code != 401 {
		t.Fatalf("wrong password: %d", code)
	}
	if code, _ := e.do(t, nil, "POST", "/desk/api/login", map[string]string{"name": "nobody", "password": testPass}); code != 401 {
		t.Fatalf("unknown user: %d", code)
	}
	c := e.login(t, "agent1")
	if !c.HttpOnly || c.Path != "/desk/" {
		t.Fatalf("cookie flags: %+v", c)
	}
	if code, me := e.do(t, c, "GET", "/desk/api/me", nil); code != 200 || me["role"] != RoleAgent {
		t.Fatalf("me: %d %v", code, me)
	}
	// The store keeps a hash of the id, never the id.
	if v, _ := e.st.GetKV(sessionPrefix + c.Value); v != nil {
		t.Fatal("the session id is stored in clear")
	}
	if code, _ := e.do(t, c, "POST", "/desk/api/logout", nil); code != 200 {
		t.Fatal("logout")
	}
	if code, _ := e.do(t, c, "GET", "/desk/api/me", nil); code != 401 {
		t.Fatalf("after logout: %d, want 401", code)
	}
	// Idle expiry: used within the hour stays, idle for longer ends.
	c = e.login(t, "agent1")
	e.clk.advance(50 * time.Minute)
	if code, _ := e.do(t, c, "GET", "/desk/api/me", nil); code != 200 {
		t.Fatalf("after 50 min: %d", code)
	}
	e.clk.advance(50 * time.Minute)
	if code, _ := e.do(t, c, "GET", "/desk/api/me", nil); code != 200 {
		t.Fatalf("50 min after the last use: %d", code)
	}
	e.clk.advance(61 * time.Minute)
	if code, _ := e.do(t, c, "GET", "/desk/api/me", nil); code != 401 {
		t.Fatalf("idle for 61 min: %d, want 401", code)
	}
	// A disabled user's session ends at once.
	c = e.login(t, "agent2")
	if err := e.st.UpdateNow(func(tx *store.Tx) error {
		u, _ := tx.User("agent2")
		u.Disabled = true
		return tx.PutUser(u)
	}); err != nil {
		t.Fatal(err)
	}
	if code, _ := e.do(t, c, "GET", "/desk/api/me", nil); code != 401 {
		t.Fatalf("disabled user: %d, want 401", code)
	}
}

func TestSecureCookie(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Config.Server.BaseURL = "https://12345.example.gov.cn" })
	b, _ := json.Marshal(map[string]string{"name": "agent1", "password": testPass})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/desk/api/login", bytes.NewReader(b))
	e.h.ServeHTTP(rec, req)
	ck := rec.Result().Cookies()
	if len(ck) != 1 || !ck[0].Secure || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("cookie: %+v", ck)
	}
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t, nil)
	try := func(ip, name, pw string) int {
		b, _ := json.Marshal(map[string]string{"name": name, "password": pw})
		req := httptest.NewRequest("POST", "/desk/api/login", bytes.NewReader(b))
		req.RemoteAddr = ip + ":40000"
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, req)
		return rec.Code
	}
	for i := 0; i < 5; i++ {
		if code := try("10.0.0.1", "agent1", "guess"+string(rune('a'+i))); code != 401 {
			t.Fatalf("failure %d: %d", i+1, code)
		}
	}
	if code := try("10.0.0.1", "agent1", testPass); code != 429 {
		t.Fatalf("sixth attempt with the right password: %d, want 429", code)
	}
	if code := try("10.0.0.2", "agent1", testPass); code != 200 {
		t.Fatalf("another IP: %d, want 200", code)
	}
	if code := try("10.0.0.1", "agent2", testPass); code != 200 {
		t.Fatalf("another user from the same IP: %d, want 200", code)
	}
	e.clk.advance(16 * time.Minute)
	if code := try("10.0.0.1", "agent1", testPass); code != 200 {
		t.Fatalf("after the window: %d, want 200", code)
	}
}

func TestCSRFRejected(t *testing.T) {
	e := newEnv(t, nil)
	c := e.login(t, "agent1")
	conv := e.queueConversation(t, "csrf", "有事找人")
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "http://evil.example"},
	} {
		req, _ := http.NewRequest("POST", e.srv.URL+"/desk/api/conversations/"+conv+"/take", nil)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		req.AddCookie(c)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Fatalf("cross-origin take with %v: %d, want 403", h, resp.StatusCode)
		}
	}
	// The login form itself is protected too.
	req, _ := http.NewRequest("POST", e.srv.URL+"/desk/api/login", strings.NewReader(`{"name":"agent1","password":"`+testPass+`"}`))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("cross-site login: %d, want 403", resp.StatusCode)
	}
	// Nothing happened: still queued.
	if code, q := e.do(t, c, "GET", "/desk/api/queue", nil); code != 200 || len(q["queue"].([]any)) != 1 {
		t.Fatalf("queue after rejected requests: %v", q)
	}
}

// TestAgentConversation: one holder at a time, others see who holds it,
// phones are shown in full only to the holder, registration creates an
// order, and every action is in the audit log.
func TestAgentConversation(t *testing.T) {
	e := newEnv(t, nil)
	a1, a2 := e.login(t, "agent1"), e.login(t, "agent2")
	conv := e.queueConversation(t, "c1", "我的电话13953706688，小区门口垃圾没人清运")
	code, q := e.do(t, a1, "GET", "/desk/api/queue", nil)
	if code != 200 || len(q["queue"].([]any)) != 1 {
		t.Fatalf("queue: %d %v", code, q)
	}
	first := q["queue"].([]any)[0].(map[string]any)
	if strings.Contains(first["first_text"].(string), "13953706688") {
		t.Fatalf("queue shows the phone: %v", first["first_text"])
	}
	if code, _ := e.do(t, a1, "POST", "/desk/api/conversations/"+conv+"/take", nil); code != 200 {
		t.Fatalf("take: %d", code)
	}
	if code, body := e.do(t, a2, "POST", "/desk/api/conversations/"+conv+"/take", nil); code != 409 {
		t.Fatalf("second take: %d %v, want 409", code, body)
	}
	_, q = e.do(t, a2, "GET", "/desk/api/queue", nil)
	held := q["held"].([]any)
	if len(held) != 1 || held[0].(map[string]any)["agent"] != "agent1" {
		t.Fatalf("held list: %v", held)
	}
	// The holder sees the number; the other agent does not.
	_, v1 := e.do(t, a1, "GET", "/desk/api/conversations/"+conv, nil)
	_, v2 := e.do(t, a2, "GET", "/desk/api/conversations/"+conv, nil)
	j1, _ := json.Marshal(v1)
	j2, _ := json.Marshal(v2)
	if !strings.Contains(string(j1), "13953706688") || v1["masked"] != false {
		t.Fatalf("holder's view is masked: %s", j1)
	}
	if strings.Contains(string(j2), "13953706688") || !strings.Contains(string(j2), "139****6688") {
		t.Fatalf("other agent's view shows the phone: %s", j2)
	}
	if code, _ := e.do(t, a2, "POST", "/desk/api/conversations/"+conv+"/reply", map[string]string{"text": "插话"}); code != 409 {
		t.Fatalf("non-holder reply: %d, want 409", code)
	}
	if code, _ := e.do(t, a1, "POST", "/desk/api/conversations/"+conv+"/reply", map[string]string{"text": "您好，马上为您登记"}); code != 200 {
		t.Fatalf("reply: %d", code)
	}
	// A contact phone that reaches nobody is refused in the city's words,
	// and nothing is registered: the agent corrects it and registers.
	for _, bad := range []string{"123", "12345", "请回电"} {
		code, body := e.do(t, a1, "POST", "/desk/api/conversations/"+conv+"/register", map[string]string{"title": "垃圾清运不及时", "phone": bad})
		msg, _ := body["error"].(map[string]any)["message"].(string)
		if code != 422 || !strings.Contains(msg, "“"+bad+"”") || !strings.Contains(msg, "0537-2345678") {
			t.Fatalf("register with phone %q: %d %v; want 422 naming it", bad, code, body)
		}
	}
	code, reg := e.do(t, a1, "POST", "/desk/api/conversations/"+conv+"/register", map[string]string{"title": "垃圾清运不及时"})
	if code != 201 {
		t.Fatalf("register: %d %v", code, reg)
	}
	tk := reg["ticket"].(map[string]any)
	if tk["status"] != "accepted" || tk["title"] != "垃圾清运不及时" || tk["number"] == "" {
		t.Fatalf("registered order: %v", tk)
	}
	_, msgs, err := e.eng.Conversation(conv, 0)
	if err != nil {
		t.Fatal(err)
	}
	last := msgs[len(msgs)-1]
	if !strings.Contains(last.Text, tk["number"].(string)) {
		t.Fatalf("the citizen was not told the number: %q", last.Text)
	}
	e.openStream(t, a2) // agent2 is on duty
	if code, _ := e.do(t, a1, "POST", "/desk/api/conversations/"+conv+"/transfer", map[string]string{"to": "agent2"}); code != 200 {
		t.Fatalf("transfer: %d", code)
	}
	if code, _ := e.do(t, a2, "POST", "/desk/api/conversations/"+conv+"/release", nil); code != 200 {
		t.Fatalf("release by the new holder: %d", code)
	}
	_, q = e.do(t, a2, "GET", "/desk/api/queue", nil)
	if len(q["held"].([]any)) != 0 {
		t.Fatalf("held after release: %v", q["held"])
	}
	var log []store.AuditEntry
	_ = e.st.View(func(tx *store.Tx) error { log, _ = tx.AuditLog(100); return nil })
	// Each action once, all by desk:NAME: the console's own (login,
	// register) and the conversation's, which the engine writes under the
	// actor the console names (inbound.WithActor), not the bare name that
	// holds the conversation (an agents' API caller's X-Agent would give
	// the same line).
	want := map[string]int{"conversation.take": 0, "conversation.reply": 0, "order.register": 0, "conversation.transfer": 0, "conversation.release": 0, "login": 0}
	for _, en := range log {
		if _, ok := want[en.Action]; ok && (en.Object == conv || !strings.HasPrefix(en.Action, "conversation.")) {
			want[en.Action]++
			if !strings.HasPrefix(en.Actor, "desk:agent") {
				t.Errorf("%s audited by %q, want the console's desk:NAME", en.Action, en.Actor)
			}
			if en.Action == "conversation.take" && (!strings.Contains(en.Before, "queued") || !strings.Contains(en.After, "agent1") || en.Actor != "desk:agent1") {
				t.Errorf("take audit: %+v", en)
			}
		}
	}
	for k, n := range want {
		if n == 0 || n > 1 && k != "login" {
			t.Errorf("%d audit entries %s, want one", n, k)
		}
	}
}

func TestUploadAttachment(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.MaxUpload = 1024 })
	police := e.login(t, "police")
	post := func(name string, size int) (int, string) {
		var buf bytes.Buffer
		mw := newMultipart(&buf, map[string]string{"text": "已处理完毕"}, name, bytes.Repeat([]byte("x"), size))
		req, _ := http.NewRequest("POST", e.srv.URL+"/desk/api/orders/"+ownOrder+"/reply", &buf)
		req.Header.Set("Content-Type", mw)
		req.AddCookie(police)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post("result.pdf", 100); code != 200 {
		t.Fatalf("upload: %d %s", code, body)
	}
	var ref string
	for _, c := range e.wf.calls {
		if strings.HasPrefix(c, "reply /desk/attachments/") {
			ref = strings.Fields(c)[1]
		}
	}
	if ref == "" {
		t.Fatalf("the workflow got no attachment reference: %v", e.wf.calls)
	}
	code, _ := e.do(t, police, "GET", ref, nil)
	if code != 200 {
		t.Fatalf("download %s: %d", ref, code)
	}
	if code, _ := post("big.pdf", 5000); code != 413 {
		t.Fatalf("oversized upload: %d, want 413", code)
	}
	if code, _ := post("run.exe", 10); code != 415 {
		t.Fatalf("executable upload: %d, want 415", code)
	}
}

// newMultipart writes a multipart form with fields and one file; it
// returns the Content-Type.
func newMultipart(w io.Writer, fields map[string]string, filename string, content []byte) string {
	mw := multipart.NewWriter(w)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", filename)
	_, _ = fw.Write(content)
	_ = mw.Close()
	return mw.FormDataContentType()
}

// TestDepartmentSupervisedList: a department's page lists the 督办件 and
// 批示件 it holds in a list of their own (a signed 批示件 was in none of
// its lists, only in its inbox's text).
func TestDepartmentSupervisedList(t *testing.T) {
	e := newEnv(t, nil)
	tk := e.wf.orders[ownOrder]
	tk.Status, tk.Flags.Instruction = ticket.Signed, true
	code, body := e.do(t, e.login(t, "police"), "GET", "/desk/api/department", nil)
	if code != 200 {
		t.Fatalf("%d %v", code, body)
	}
	list, _ := body["supervised"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["number"] != ownOrder {
		t.Errorf("supervised = %v", body["supervised"])
	}
}

// TestMaskedItemsKeepMarks: the lists mask the citizen's number and keep
// every mark of the workflow's items (超时未签收 was dropped on the way).
func TestMaskedItemsKeepMarks(t *testing.T) {
	e := newEnv(t, nil)
	tk := &ticket.Ticket{Number: "20261127-0042", Phone: "13953706688", Status: ticket.Dispatched}
	out := e.con.maskItems([]Item{{Ticket: tk, Warning: ticket.WarnRed, Escalated: true, SignLate: true}})
	if it := out[0]; it.Warning != ticket.WarnRed || !it.Escalated || !it.SignLate || it.Phone == tk.Phone || it.Number != tk.Number {
		t.Errorf("masked item %+v (phone %s)", it, it.Phone)
	}
}

// TestExtensionAsksForTheDate: a request for more time without a date
// says the date is missing (请填写新的办结日期), not that it is malformed;
// a malformed one says so.
func TestExtensionAsksForTheDate(t *testing.T) {
	e := newEnv(t, nil)
	police := e.login(t, "police")
	path := "/desk/api/orders/" + ownOrder + "/extension"
	for _, c := range []struct{ due, want string }{
		{"", "请填写新的办结日期"},
		{"  ", "请填写新的办结日期"},
		{"12/10/2026", "日期格式错误"},
	} {
		code, body := e.do(t, police, "POST", path, map[string]string{"reason": "需协调", "new_due": c.due})
		msg, _ := body["error"].(map[string]any)["message"].(string)
		if code < 400 || !strings.Contains(msg, c.want) {
			t.Errorf("new_due %q: %d %q; want %q", c.due, code, msg, c.want)
		}
	}
}
