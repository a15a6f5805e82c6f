package desk

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"hotline/inbound"
	"hotline/store"
	"hotline/ticket"
)

// tryLogin posts a login from ip straight to the handler and returns the
// status code and the Retry-After header.
func (e *env) tryLogin(ip, name, pw string) (int, string) {
	b, _ := json.Marshal(map[string]string{"name": name, "password": pw})
	req := httptest.NewRequest("POST", "/desk/api/login", bytes.NewReader(b))
	req.RemoteAddr = ip + ":40000"
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec.Code, rec.Header().Get("Retry-After")
}

// TestLoginRateLimitConcurrent: parallel wrong passwords are counted
// while bcrypt runs, so no more than the limit get to compare a password.
// The user's hash has a cost 8 times the lowest (a comparison takes about
// 10 ms, a tenth of a second or more under the race detector), so that
// the 20 requests, released together, are all in flight while the first
// comparisons run: counting failures only after bcrypt would let all 20
// compare.
func TestLoginRateLimitConcurrent(t *testing.T) {
	e := newEnv(t, nil)
	hash, err := bcrypt.GenerateFromPassword([]byte(testPass), bcrypt.MinCost+3)
	if err != nil {
		t.Fatal(err)
	}
	if err := AddUser(e.st, &store.User{Name: "slow1", Role: RoleAgent, PasswordHash: string(hash), CreatedAt: e.clk.now()}, "test"); err != nil {
		t.Fatal(err)
	}
	const n = 20
	codes := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			codes[i], _ = e.tryLogin("10.0.0.7", "slow1", "wrong guess")
		}()
	}
	close(start)
	wg.Wait()
	count := map[int]int{}
	for _, c := range codes {
		count[c]++
	}
	// Every reservation becomes a failure, and a request is turned away
	// only while 5 are reserved or failed: exactly 5 compare a password.
	if count[401] != 5 || count[429] != n-5 {
		t.Fatalf("%d parallel wrong logins: %v, want 5×401 and %d×429", n, count, n-5)
	}
	code, retry := e.tryLogin("10.0.0.7", "slow1", testPass)
	if code != 429 || retry == "" {
		t.Fatalf("right password after the burst: %d (Retry-After %q), want 429 with Retry-After", code, retry)
	}
	if code, _ := e.tryLogin("10.0.0.8", "slow1", testPass); code != 200 {
		t.Fatalf("the same user from another address: %d, want 200", code)
	}
}

// TestLoginSuccessReleases: a successful login releases its reservation,
// so a user who logs in again and again is never turned away.
func TestLoginSuccessReleases(t *testing.T) {
	e := newEnv(t, nil)
	for i := range 3 * DefaultLoginLimit {
		if code, _ := e.tryLogin("10.0.0.9", "agent1", testPass); code != 200 {
			t.Fatalf("login %d: %d, want 200", i+1, code)
		}
	}
	// Failures of the pair are forgotten at a successful login.
	for range DefaultLoginLimit - 1 {
		e.tryLogin("10.0.0.9", "agent1", "wrong")
	}
	if code, _ := e.tryLogin("10.0.0.9", "agent1", testPass); code != 200 {
		t.Fatalf("after 4 failures: %d, want 200", code)
	}
	for range DefaultLoginLimit - 1 {
		if code, _ := e.tryLogin("10.0.0.9", "agent1", "wrong"); code != 401 {
			t.Fatalf("failure after a reset: %d, want 401", code)
		}
	}
}

// TestLoginAccountLimit: guesses for one account spread over addresses
// lock the account after 20, whatever the address; other accounts are not
// affected, and the lock ends with the window.
func TestLoginAccountLimit(t *testing.T) {
	e := newEnv(t, nil)
	ips := []string{"10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.0.4"}
	fails := 0
	for i, ip := range ips {
		per := DefaultLoginLimit
		if i == len(ips)-1 {
			per-- // 19 in all
		}
		for range per {
			if code, _ := e.tryLogin(ip, "agent1", "guess"); code != 401 {
				t.Fatalf("failure %d from %s: %d, want 401", fails+1, ip, code)
			}
			fails++
		}
	}
	if code, _ := e.tryLogin("10.1.0.5", "agent1", testPass); code != 200 {
		t.Fatalf("after %d failures over 4 addresses: %d, want 200", fails, code)
	}
	if code, _ := e.tryLogin("10.1.0.6", "agent1", "guess"); code != 401 {
		t.Fatalf("failure 20: %d, want 401", code)
	}
	for _, ip := range []string{"10.1.0.7", "10.1.0.1"} {
		if code, _ := e.tryLogin(ip, "agent1", testPass); code != 429 {
			t.Fatalf("agent1 from %s after 20 failures: %d, want 429", ip, code)
		}
	}
	if code, _ := e.tryLogin("10.1.0.7", "agent2", testPass); code != 200 {
		t.Fatalf("another account from the same address: %d, want 200", code)
	}
	e.clk.advance(DefaultLoginWindow + time.Minute)
	if code, _ := e.tryLogin("10.1.0.7", "agent1", testPass); code != 200 {
		t.Fatalf("after the window: %d, want 200", code)
	}
}

// TestLoginIPLimit: one address guessing many names is locked after 30
// failures, for every name, also a right password; other addresses are
// not.
func TestLoginIPLimit(t *testing.T) {
	e := newEnv(t, nil)
	// Unknown names are compared against the dummy hash: make it cheap.
	dummy, err := bcrypt.GenerateFromPassword([]byte("dummy"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	e.con.dummy = dummy
	ip := "10.2.0.1"
	for i := range DefaultIPLimit - 1 {
		if code, _ := e.tryLogin(ip, "ghost"+string(rune('a'+i%26))+string(rune('a'+i/26)), "guess"); code != 401 {
			t.Fatalf("failure %d: %d, want 401", i+1, code)
		}
	}
	if code, _ := e.tryLogin(ip, "agent1", testPass); code != 200 {
		t.Fatalf("after 29 failures: %d, want 200", code)
	}
	if code, _ := e.tryLogin(ip, "nobody", "guess"); code != 401 {
		t.Fatalf("failure 30: %d, want 401", code)
	}
	if code, _ := e.tryLogin(ip, "agent2", testPass); code != 429 {
		t.Fatalf("a right password from the address after 30 failures: %d, want 429", code)
	}
	if code, _ := e.tryLogin("10.2.0.2", "agent2", testPass); code != 200 {
		t.Fatalf("another address: %d, want 200", code)
	}
}

// postReply sends a department reply with a file as a multipart form.
func (e *env) postReply(t *testing.T, cookie *http.Cookie, number, text, filename string) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	ct := newMultipart(&buf, map[string]string{"text": text}, filename, []byte("scan of the result"))
	req, _ := http.NewRequest("POST", e.srv.URL+"/desk/api/orders/"+number+"/reply", &buf)
	req.Header.Set("Content-Type", ct)
	req.AddCookie(cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// stored lists the attachments kept: records and data in the store,
// files under DataDir/attachments.
func (e *env) stored(t *testing.T) []string {
	t.Helper()
	list, err := os.ReadDir(filepath.Join(e.opts.DataDir, attachmentsDir))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, f := range list {
		names = append(names, f.Name())
	}
	err = e.st.View(func(tx *store.Tx) error {
		return tx.ScanKV(attachmentPrefix, func(k string, _ []byte) error { names = append(names, k); return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestRejectedReplyLeavesNoFile: a reply the console or the workflow
// rejects keeps no uploaded file and no attachment record.
func TestRejectedReplyLeavesNoFile(t *testing.T) {
	e := newEnv(t, nil)
	police := e.login(t, "police")
	cases := []struct {
		name, number, text string
		fail               error
		want               int
	}{
		{"empty text", ownOrder, "  ", nil, 422},
		{"wrong state", ownOrder, "已处理", &ticket.TransitionError{Number: ownOrder, From: ticket.Closed, To: ticket.Replied}, 409},
		{"rule", ownOrder, "已处理", &RuleError{Msg: "请先签收"}, 422},
		{"order gone", ownOrder, "已处理", ErrNotFound, 404},
		{"other department", otherOrder, "已处理", nil, 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.wf.mu.Lock()
			e.wf.fail = map[string]error{"reply": tc.fail}
			e.wf.mu.Unlock()
			code, body := e.postReply(t, police, tc.number, tc.text, "result.pdf")
			if code != tc.want {
				t.Fatalf("reply: %d %s, want %d", code, body, tc.want)
			}
			if files := e.stored(t); len(files) != 0 {
				t.Fatalf("files left after a rejected reply: %v", files)
			}
			var records int
			_ = e.st.View(func(tx *store.Tx) error {
				return tx.ScanKV(attachmentPrefix, func(string, []byte) error { records++; return nil })
			})
			if records != 0 {
				t.Fatalf("%d attachment records left", records)
			}
		})
	}
	// The workflow was asked for the three cases it rejects, never for an
	// empty text or another department's order.
	replies := 0
	for _, c := range e.wf.calls {
		if strings.HasPrefix(c, "reply") {
			replies++
			if strings.HasSuffix(c, otherOrder) {
				t.Errorf("workflow called for another department's order: %s", c)
			}
		}
	}
	if replies != 3 {
		t.Errorf("workflow reply calls: %d, want 3 (%v)", replies, e.wf.calls)
	}
	e.wf.mu.Lock()
	e.wf.fail = nil
	e.wf.mu.Unlock()
	if code, body := e.postReply(t, police, ownOrder, "已处理", "result.pdf"); code != 200 {
		t.Fatalf("accepted reply: %d %s", code, body)
	}
	if files := e.stored(t); len(files) != 1 {
		t.Fatalf("files after an accepted reply: %v, want one", files)
	}
}

// TestAttachmentScope: an attachment is served to whoever may see its
// order — the department (lead or co-handling) and the office roles —
// and is "not found" for another department or without a record.
func TestAttachmentScope(t *testing.T) {
	e := newEnv(t, nil)
	police, city, agent := e.login(t, "police"), e.login(t, "city"), e.login(t, "agent1")
	if code, body := e.postReply(t, police, ownOrder, "已处理", "photo.jpg"); code != 200 {
		t.Fatalf("reply: %d %s", code, body)
	}
	var ref string
	for _, c := range e.wf.calls {
		if strings.HasPrefix(c, "reply /desk/attachments/") {
			ref = strings.Fields(c)[1]
		}
	}
	if ref == "" {
		t.Fatalf("no attachment reference: %v", e.wf.calls)
	}
	check := func(who string, ck *http.Cookie, path string, want int) {
		t.Helper()
		if code, _ := e.do(t, ck, "GET", path, nil); code != want {
			t.Errorf("%s GET %s: %d, want %d", who, path, code, want)
		}
	}
	check("police (lead department)", police, ref, 200)
	check("agent", agent, ref, 200)
	check("city (another department)", city, ref, 404)
	check("no session", nil, ref, 401)
	// Made co-handling department, city may download it.
	e.wf.mu.Lock()
	e.wf.orders[ownOrder].CoDepartments = []string{"市城市管理局"}
	e.wf.mu.Unlock()
	check("city (co-handling)", city, ref, 200)
	// A file without a record is served to no one.
	stray := strings.Repeat("ab", 16) + ".pdf"
	if err := os.MkdirAll(filepath.Join(e.opts.DataDir, attachmentsDir), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(e.opts.DataDir, attachmentsDir, stray), []byte("x"), 0o640); err != nil {
		t.Fatal(err)
	}
	check("agent, unrecorded file", agent, consolePath+"/attachments/"+stray, 404)
	// A record of an order that is gone is not found either.
	if err := e.st.PutKV(attachmentPrefix+stray, []byte("20261127-0777")); err != nil {
		t.Fatal(err)
	}
	check("agent, order gone", agent, consolePath+"/attachments/"+stray, 404)
}

// TestMaskTicket: every free text, the department's result included, and
// a conversation id with a phone number are masked for views.
func TestMaskTicket(t *testing.T) {
	e := newEnv(t, nil)
	const phone, conv = "13953706688", "sms:+8613953706688"
	tk := &ticket.Ticket{Number: ownOrder, ConversationID: conv, Phone: phone,
		Title: "来电 " + phone, Description: "请回电 " + phone, Address: "任城区 " + phone,
		Reply:  "已联系市民（" + phone + "），问题已解决",
		Events: []ticket.Event{{Action: "reply", Note: "回访电话 " + phone, Fields: map[string][2]string{"phone": {phone, "13953706699"}}}}}
	m := e.con.maskTicket(tk)
	b, _ := json.Marshal(m)
	if strings.Contains(string(b), "3953706688") || strings.Contains(string(b), "3953706699") {
		t.Fatalf("masked order shows a number: %s", b)
	}
	if m.Reply != "已联系市民（139****6688），问题已解决" {
		t.Fatalf("reply: %q", m.Reply)
	}
	if !strings.HasPrefix(m.ConversationID, "sms"+handleMark) || e.con.ids.resolve(m.ConversationID) != conv {
		t.Fatalf("conversation id %q is not a handle of %q", m.ConversationID, conv)
	}
	if tk.Reply == m.Reply || tk.Events[0].Note == m.Events[0].Note || tk.Events[0].Fields["phone"][0] != phone {
		t.Fatal("maskTicket changed the stored order")
	}
	// A web-chat id is the citizen's token, a WeChat id carries the
	// openid: staff get handles of them too.
	for _, id := range []string{"webchat:ab12cd34", "wechat:oUser123456"} {
		got := e.con.maskTicket(&ticket.Ticket{ConversationID: id}).ConversationID
		if strings.Contains(got, id[strings.Index(id, ":")+1:]) || e.con.ids.resolve(got) != id {
			t.Fatalf("id %q shown to staff as %q", id, got)
		}
	}
	// Over HTTP, to a department.
	e.wf.mu.Lock()
	o := e.wf.orders[ownOrder]
	o.ConversationID, o.Reply = conv, tk.Reply
	e.wf.mu.Unlock()
	code, body := e.do(t, e.login(t, "police"), "GET", "/desk/api/orders/"+ownOrder, nil)
	raw, _ := json.Marshal(body)
	if code != 200 || strings.Contains(string(raw), "3953706688") {
		t.Fatalf("order for a department: %d %s", code, raw)
	}
}

// TestHandles: handles are stable (across a restart too), resolve back,
// and forged ones resolve to nothing.
func TestHandles(t *testing.T) {
	e := newEnv(t, nil)
	const id = "sms:+8613953706688"
	h := e.con.ids.of(id)
	if h == id || strings.Contains(h, "3953706688") || e.con.ids.of(id) != h {
		t.Fatalf("handle %q of %q", h, id)
	}
	again, err := NewConsole(e.opts)
	if err != nil {
		t.Fatal(err)
	}
	if again.ids.of(id) != h || again.ids.resolve(h) != id {
		t.Fatal("the handle changed with a new console on the same store")
	}
	for _, s := range []string{"webchat:abc", "sms:~AAAA", "sms:~" + strings.Repeat("A", 60), "webchat" + h[3:], h + "x"} {
		if got := e.con.ids.resolve(s); got != s {
			t.Errorf("resolve(%q) = %q, want it unchanged", s, got)
		}
	}
}

// readEvent returns the next event of an SSE stream other than hello.
func readEvent(t *testing.T, sc *bufio.Scanner) map[string]any {
	t.Helper()
	for sc.Scan() {
		line := sc.Text()
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok || strings.HasPrefix(data, `{"ts"`) {
			continue
		}
		var ev map[string]any
		if err := json.Unmarshal([]byte(data), &ev); err != nil {
			t.Fatal(err)
		}
		return ev
	}
	t.Fatalf("stream ended: %v", sc.Err())
	return nil
}

// TestSMSConversationHandle: an old SMS conversation, whose id is the
// citizen's number, reaches the console only as a handle — in the queue,
// the held list, the event stream and the action answers — and the
// handle works for every action. Only the holder sees the number.
func TestSMSConversationHandle(t *testing.T) {
	e := newEnv(t, nil)
	a1, a2 := e.login(t, "agent1"), e.login(t, "agent2")
	const phone = "+8613953706688"
	ctx := context.Background()
	for _, text := range []string{"小区门口垃圾没人清运", "人工"} {
		if _, err := e.eng.Handle(ctx, inbound.Message{Channel: "sms", UserID: phone, Phone: phone, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	id := inbound.ConversationID("sms", phone)
	leaks := func(what string, v any) {
		t.Helper()
		b, _ := json.Marshal(v)
		if strings.Contains(string(b), "3953706688") {
			t.Fatalf("%s shows the number: %s", what, b)
		}
	}
	code, q := e.do(t, a2, "GET", "/desk/api/queue", nil)
	if code != 200 || len(q["queue"].([]any)) != 1 {
		t.Fatalf("queue: %d %v", code, q)
	}
	leaks("queue", q)
	h := q["queue"].([]any)[0].(map[string]any)["id"].(string)
	if e.con.ids.resolve(h) != id {
		t.Fatalf("queue id %q is not a handle of %s", h, id)
	}
	path := "/desk/api/conversations/" + url.PathEscape(h)

	// agent2 watches the event stream.
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, _ := http.NewRequestWithContext(sctx, "GET", e.srv.URL+"/desk/api/events", nil)
	req.AddCookie(a2)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)

	code, took := e.do(t, a1, "POST", path+"/take", nil)
	if code != 200 || took["conversation"].(map[string]any)["id"] != h {
		t.Fatalf("take by handle: %d %v", code, took)
	}
	ev := readEvent(t, sc)
	if ev["conversation_id"] != h {
		t.Fatalf("event %v, want conversation_id %q", ev, h)
	}
	// The raw id still names the conversation.
	if code, _ := e.do(t, a2, "POST", "/desk/api/conversations/"+url.PathEscape(id)+"/take", nil); code != 409 {
		t.Fatalf("take by raw id while held: %d, want 409", code)
	}
	code, v2 := e.do(t, a2, "GET", path, nil)
	if code != 200 || v2["masked"] != true || v2["conversation"].(map[string]any)["id"] != h {
		t.Fatalf("non-holder's view: %d %v", code, v2)
	}
	leaks("the non-holder's view", v2)
	_, q = e.do(t, a2, "GET", "/desk/api/queue", nil)
	leaks("held list", q)
	code, v1 := e.do(t, a1, "GET", path, nil)
	b1, _ := json.Marshal(v1)
	if code != 200 || v1["holder"] != true || !strings.Contains(string(b1), "13953706688") {
		t.Fatalf("holder's view: %d %s", code, b1)
	}
	if code, r := e.do(t, a1, "POST", path+"/reply", map[string]string{"text": "您好"}); code != 200 || r["conversation"].(map[string]any)["id"] != h {
		t.Fatalf("reply by handle: %d %v", code, r)
	}
	if code, _ := e.do(t, a1, "POST", path+"/release", nil); code != 200 {
		t.Fatalf("release by handle: %d", code)
	}
	if code, _ := e.do(t, a2, "GET", "/desk/api/conversations/sms:~AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil); code != 404 {
		t.Fatalf("forged handle: %d, want 404", code)
	}
}

// TestStreamSkipsBotDialogs: the agents' event stream carries the queue
// and the conversations agents hold, not every message of the bot's own
// dialogs.
func TestStreamSkipsBotDialogs(t *testing.T) {
	e := newEnv(t, nil)
	a := e.login(t, "agent1")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/desk/api/events", nil)
	req.AddCookie(a)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	say := func(user, text string) {
		t.Helper()
		if _, err := e.eng.Handle(ctx, inbound.Message{Channel: "wechat", UserID: user, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	say("openid-bot-only", "你好")
	say("openid-bot-only", "查询")
	say("openid-wants-agent", "人工")
	for i := 0; i < 2; i++ { // the message and its queue event, in either order
		ev := readEvent(t, sc)
		if id := e.con.ids.resolve(ev["conversation_id"].(string)); id != "wechat:openid-wants-agent" {
			t.Fatalf("event %d is about %s (%v), want only the conversation asking for an agent", i, id, ev)
		}
	}
	// Once queued, the conversation's messages reach the desk.
	say("openid-wants-agent", "我家楼下的路灯坏了")
	ev := readEvent(t, sc)
	if ev["kind"] != "message" || ev["state"] != "queued" {
		t.Fatalf("event %v, want the queued conversation's message", ev)
	}
	// Cancelling leaves the queue: the desk hears of it, though the
	// message itself is the bot's business again.
	say("openid-wants-agent", "取消")
	ev = readEvent(t, sc)
	if ev["kind"] != "queue" || ev["state"] != "idle" {
		t.Fatalf("event %v, want the conversation leaving the queue", ev)
	}
	if code, q := e.do(t, a, "GET", "/desk/api/queue", nil); code != 200 || len(q["queue"].([]any)) != 0 {
		t.Fatalf("queue after cancelling: %d %v", code, q)
	}
}
