package calls

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/config"
	"hotline/nlp"
	"hotline/store"
	"hotline/ticket"
)

const testSecret = "test-secret-0123456789abcdef"

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type published struct {
	mu   sync.Mutex
	list []string
}

func (p *published) add(kind, agent, number string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, kind+"/"+agent+"/"+number)
}

func (p *published) has(s string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, x := range p.list {
		if x == s {
			return true
		}
	}
	return false
}

type fixture struct {
	svc *Service
	st  *store.Store
	clk *clock
	pub *published
	srv *httptest.Server
}

// Wednesday 2026-12-02 10:00 in Jining: a working day.
var wed10 = time.Date(2026, 12, 2, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func newFixture(t *testing.T) *fixture {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Calls.Secret = testSecret
	st, err := store.Open(t.TempDir()+"/h.db", &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cal, err := ticket.NewCalendar(cfg.Calendar, cfg.Location())
	if err != nil {
		t.Fatal(err)
	}
	cal = cal.WithWorkdayEnd(cfg.TimeLimits.WorkdayEndHour)
	f := &fixture{st: st, clk: &clock{now: wed10}, pub: &published{}}
	f.svc, err = New(Options{Config: cfg, Store: st, Classifier: nlp.NewKeyword(cfg), Calendar: cal, Now: f.clk.Now, Publish: f.pub.add})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	f.svc.Routes(mux)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// post sends body to POST /api/calls signed at ts with secret.
func (f *fixture) post(t *testing.T, body string, ts int64, secret string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/calls", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(secret, ts, []byte(body)))
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

func (f *fixture) event(t *testing.T, id, kind, caller, agent string) map[string]any {
	t.Helper()
	body := fmt.Sprintf(`{"call_id":%q,"event":%q,"caller":%q,"agent":%q,"time":"%d"}`, id, kind, caller, agent, f.clk.Now().Unix())
	code, out := f.post(t, body, f.clk.Now().Unix(), testSecret)
	if code != 200 {
		t.Fatalf("%s %s: %d %v", id, kind, code, out)
	}
	return out
}

func (f *fixture) kvCount(t *testing.T, prefix string) int {
	t.Helper()
	n := 0
	_ = f.st.View(func(tx *store.Tx) error {
		return tx.ScanKV(prefix, func(string, []byte) error { n++; return nil })
	})
	return n
}

func TestSignature(t *testing.T) {
	body := []byte(`{"a":1}`)
	if got, want := Sign("k", 1700000000, body), "sha256="; !strings.HasPrefix(got, want) || len(got) != len(want)+64 {
		t.Fatalf("Sign = %q", got)
	}
	now := time.Unix(1700000000, 0)
	sig := Sign("k", now.Unix(), body)
	for _, tc := range []struct {
		name   string
		secret string
		ts     string
		sig    string
		body   []byte
		ok     bool
	}{
		{"good", "k", "1700000000", sig, body, true},
		{"upper-case hex", "k", "1700000000", strings.ToUpper(sig[:7]) + strings.ToUpper(sig[7:]), body, true},
		{"wrong secret", "other", "1700000000", sig, body, false},
		{"body changed", "k", "1700000000", sig, []byte(`{"a":2}`), false},
		{"4 minutes old", "k", "1699999760", Sign("k", 1699999760, body), body, true},
		{"6 minutes old", "k", "1699999640", Sign("k", 1699999640, body), body, false},
		{"6 minutes ahead", "k", "1700000360", Sign("k", 1700000360, body), body, false},
		{"no timestamp", "k", "", sig, body, false},
		{"no signature", "k", "1700000000", "", body, false},
		{"no secret configured", "", "1700000000", Sign("", 1700000000, body), body, false},
	} {
		if got := Verify(tc.secret, tc.ts, tc.sig, tc.body, now, 5*time.Minute); got != tc.ok {
			t.Errorf("%s: Verify = %v, want %v", tc.name, got, tc.ok)
		}
	}
}

// TestRefusedRequestsStoreNothing: a wrong signature, a stale timestamp
// and a signature under another secret are 403 and leave no trace; a
// replayed event is acknowledged and changes nothing.
func TestRefusedRequestsStoreNothing(t *testing.T) {
	f := newFixture(t)
	body := `{"call_id":"c1","event":"missed","caller":"13953706688"}`
	now := f.clk.Now().Unix()
	for name, send := range map[string]func() (int, map[string]any){
		"wrong signature": func() (int, map[string]any) { return f.post(t, body, now, "wrong-secret-0123456789") },
		"stale timestamp": func() (int, map[string]any) { return f.post(t, body, now-301, testSecret) },
		"future timestamp": func() (int, map[string]any) {
			return f.post(t, body, now+301, testSecret)
		},
	} {
		code, out := send()
		if code != 403 {
			t.Errorf("%s: %d %v, want 403", name, code, out)
		}
	}
	// A signature over another body (the attacker changed the caller).
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/calls", strings.NewReader(strings.Replace(body, "139", "138", 1)))
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(now, 10))
	req.Header.Set(HeaderSignature, Sign(testSecret, now, []byte(body)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("tampered body: %d, want 403", resp.StatusCode)
	}
	if n := f.kvCount(t, "calls."); n != 0 {
		t.Fatalf("refused requests stored %d records", n)
	}

	out := f.event(t, "c1", "missed", "13953706688", "")
	if out["duplicate"] != false {
		t.Fatalf("first event: %v", out)
	}
	before := f.kvCount(t, "calls.")
	f.clk.Add(time.Minute)
	out = f.event(t, "c1", "missed", "13953706688", "")
	if out["duplicate"] != true {
		t.Fatalf("replayed event: %v", out)
	}
	if after := f.kvCount(t, "calls."); after != before {
		t.Fatalf("replay changed the store: %d records, was %d", after, before)
	}
	list, _, err := f.svc.Callbacks()
	if err != nil || len(list) != 1 || !list[0].CreatedAt.Equal(wed10) {
		t.Fatalf("callbacks after replay: %+v, %v", list, err)
	}
}

func TestBadEvents(t *testing.T) {
	f := newFixture(t)
	now := f.clk.Now().Unix()
	for _, tc := range []struct{ body, code string }{
		{`{"call_id":"","event":"missed","caller":"13953706688"}`, "bad_call_id"},
		{`{"call_id":"x","event":"hangup","caller":"13953706688"}`, "bad_event"},
		{`{"call_id":"x","event":"missed","caller":"call me"}`, "bad_caller"},
		{`{"call_id":"x","event":"answered","caller":"13953706688"}`, "no_agent"},
		{`{"call_id":"x","event":"ended","caller":"13953706688","time":"yesterday"}`, "bad_time"},
		{`{"call_id":"x","event":"ended","caller":"13953706688","recording_url":"ftp://x/y"}`, "bad_recording"},
		{`{"call_id":"x",`, "bad_json"},
		{`{"call_id":"x","event":"ended","caller":"13953706688","time":1.5e3}`, "bad_time"},
	} {
		code, out := f.post(t, tc.body, now, testSecret)
		e, _ := out["error"].(map[string]any)
		if code != 400 || e == nil || e["code"] != tc.code || e["message"] == "" {
			t.Errorf("%s: %d %v, want 400 %s", tc.body, code, out, tc.code)
		}
	}
	if n := f.kvCount(t, "calls."); n != 0 {
		t.Fatalf("bad events stored %d records", n)
	}
}

func TestEndpointOffWithoutSecret(t *testing.T) {
	f := newFixture(t)
	f.svc.cfg.Secret = ""
	code, _ := f.post(t, `{"call_id":"c","event":"missed","caller":"13953706688"}`, f.clk.Now().Unix(), "")
	if code != 404 {
		t.Fatalf("no secret: %d, want 404", code)
	}
}

// TestCallbacks: a missed call and a call that ended with neither an order
// nor a note join the list due in 2 working hours; a claim, a no-answer
// retry, a claim by someone else, and the end; overdue marks.
func TestCallbacks(t *testing.T) {
	f := newFixture(t)
	// Wednesday 17:00: one working hour left today, the second on
	// Thursday from 08:30.
	f.clk.Set(time.Date(2026, 12, 2, 17, 0, 0, 0, wed10.Location()))
	f.event(t, "m1", "ringing", "0537-7212345", "")
	f.event(t, "m1", "missed", "0537-7212345", "")
	f.event(t, "a1", "ringing", "13953706688", "")
	f.event(t, "a1", "answered", "13953706688", "wang")
	f.event(t, "a1", "ended", "13953706688", "wang")
	f.event(t, "a2", "answered", "13800000001", "wang")
	if _, err := f.svc.Note("wang", "a2", "咨询公积金提取，已当场答复"); err != nil {
		t.Fatal(err)
	}
	f.event(t, "a2", "ended", "13800000001", "wang")

	list, overdue, err := f.svc.Callbacks()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || overdue != 0 {
		t.Fatalf("callbacks: %+v (overdue %d), want m1 and a1", list, overdue)
	}
	wantDue := time.Date(2026, 12, 3, 9, 30, 0, 0, wed10.Location())
	for _, it := range list {
		if !it.Due.Equal(wantDue) {
			t.Errorf("%s due %s, want %s", it.CallID, it.Due, wantDue)
		}
	}
	if list[0].Number != "0537-7212345" && list[1].Number != "0537-7212345" {
		t.Errorf("numbers: %s, %s", list[0].Number, list[1].Number)
	}
	if list[0].Reason != ReasonMissed && list[1].Reason != ReasonMissed {
		t.Errorf("reasons: %s, %s", list[0].Reason, list[1].Reason)
	}
	if !f.pub.has(LiveCallback+"//") || !f.pub.has(LiveCall+"/wang/") {
		t.Errorf("published: %v", f.pub.list)
	}

	if _, err := f.svc.Claim("wang", "m1"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Claim("li", "m1"); err != ErrClaimed {
		t.Fatalf("claim by li: %v, want ErrClaimed", err)
	}
	if _, err := f.svc.Record("li", "m1", ResultAnswered, "", ""); err != ErrClaimed {
		t.Fatalf("result by li: %v, want ErrClaimed", err)
	}
	cb, err := f.svc.Record("wang", "m1", ResultNoAnswer, "无人接听", "")
	if err != nil || cb.Status != CallbackOpen || cb.Agent != "" || len(cb.Attempts) != 1 {
		t.Fatalf("no answer: %+v %v", cb, err)
	}
	if _, err := f.svc.Record("wang", "m1", "maybe", "", ""); err == nil {
		t.Fatal("unknown result accepted")
	}
	// Thursday 09:00: yellow (less than 30 working minutes left); 09:31 red.
	f.clk.Set(time.Date(2026, 12, 3, 9, 10, 0, 0, wed10.Location()))
	list, _, _ = f.svc.Callbacks()
	if list[0].Warning != ticket.WarnYellow {
		t.Errorf("09:10 warning %q, want yellow", list[0].Warning)
	}
	f.clk.Set(time.Date(2026, 12, 3, 9, 31, 0, 0, wed10.Location()))
	list, overdue, _ = f.svc.Callbacks()
	if overdue != 2 || list[0].Warning != ticket.WarnRed {
		t.Errorf("09:31: overdue %d, warning %q", overdue, list[0].Warning)
	}
	if _, err := f.svc.Claim("li", "m1"); err != nil {
		t.Fatal(err)
	}
	if cb, err := f.svc.Record("li", "m1", ResultWrongNumber, "空号", ""); err != nil || cb.Status != CallbackDone {
		t.Fatalf("wrong number: %+v %v", cb, err)
	}
	if _, err := f.svc.Claim("wang", "m1"); err != ErrDone {
		t.Fatalf("claim done: %v", err)
	}
	list, _, _ = f.svc.Callbacks()
	if len(list) != 1 || list[0].CallID != "a1" {
		t.Fatalf("left: %+v", list)
	}
}

// TestPopAndRegister: the answered call pops on the agent's console with
// the caller's history; registering keeps the call id and the recording
// and ends the call's callback.
func TestPopAndRegister(t *testing.T) {
	f := newFixture(t)
	body := fmt.Sprintf(`{"call_id":"1701.7","event":"answered","caller":"+86 139 5370 6688","agent":"8001","time":%q,"recording_url":"https://pbx.example/rec/1701.7.wav","extra":"ignored"}`,
		f.clk.Now().Format(time.RFC3339))
	f.svc.cfg.Agents = map[string]string{"8001": "wang"}
	if code, out := f.post(t, body, f.clk.Now().Unix(), testSecret); code != 200 {
		t.Fatalf("answered: %d %v", code, out)
	}
	if !f.pub.has(LiveCall + "/wang/") {
		t.Fatalf("no pop published: %v", f.pub.list)
	}
	pop, err := f.svc.PopFor("wang")
	if err != nil {
		t.Fatal(err)
	}
	if pop.Draft.Phone != "13953706688" || pop.Call.Recording == "" || pop.Draft.CallID != "1701.7" {
		t.Fatalf("pop: %+v", pop.Draft)
	}
	if _, err := f.svc.PopFor("li"); err != ErrNotFound {
		t.Fatalf("li's pop: %v", err)
	}
	cls, err := f.svc.Classify(context.Background(), "任城区古槐路有烧烤摊占道经营，油烟很大")
	if err != nil || cls.Category != "SRHW" || cls.District != "任城区" {
		t.Fatalf("classify: %+v %v", cls, err)
	}
	tk, err := f.svc.Register(context.Background(), "wang", "1701.7", Registration{Description: "任城区古槐路有烧烤摊占道经营，油烟很大", ThreeWay: true})
	if err != nil {
		t.Fatal(err)
	}
	if tk.CallID != "1701.7" || tk.Recording != "https://pbx.example/rec/1701.7.wav" || tk.Channel != Channel || tk.Phone != "13953706688" ||
		tk.Status != ticket.Accepted || tk.Department != "任城区人民政府" || !tk.Flags.ThreeWay || tk.Due.IsZero() || tk.ConversationID != "phone:+8613953706688" {
		t.Fatalf("order: %+v", tk)
	}
	// The history names the switch's call, to find its recording.
	if ev := tk.Events[len(tk.Events)-1]; ev.Action != "accept" || ev.Note != "话务员电话受理登记（来电 1701.7），三方通话" {
		t.Errorf("history: %+v", ev)
	}
	if _, err := f.svc.Register(context.Background(), "wang", "1701.7", Registration{Description: "again"}); err != ErrRegistered {
		t.Fatalf("second registration: %v", err)
	}
	if _, err := f.svc.PopFor("wang"); err != ErrNotFound {
		t.Fatalf("pop after registration: %v", err)
	}
	// The call ends: it has an order, so no callback.
	f.event(t, "1701.7", "ended", "13953706688", "8001")
	if list, _, _ := f.svc.Callbacks(); len(list) != 0 {
		t.Fatalf("callbacks: %+v", list)
	}
	// A later call from the same number shows the order in its history
	// (its time a JSON number).
	f.clk.Add(time.Hour)
	if code, out := f.post(t, fmt.Sprintf(`{"call_id":"1702.0","event":"ringing","caller":"13953706688","time":%d}`, f.clk.Now().Unix()), f.clk.Now().Unix(), testSecret); code != 200 {
		t.Fatalf("numeric time: %d %v", code, out)
	}
	f.event(t, "1702.1", "answered", "013953706688", "wang")
	h, err := f.svc.History("139-5370-6688")
	if err != nil || len(h.Orders) != 1 || h.Orders[0].Number != tk.Number || len(h.Calls) != 3 {
		t.Fatalf("history: %+v %v", h, err)
	}
	if _, err := f.svc.Register(context.Background(), "wang", "1702.1", Registration{Description: "有问题", Category: "NOPE"}); err == nil {
		t.Fatal("unknown category accepted")
	}
}

// TestOpenSSLSignatureMatches checks the shell pipeline of README's
// Asterisk snippet: openssl's HMAC of "timestamp.body" is Sign's.
func TestOpenSSLSignatureMatches(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed")
	}
	body := `{"call_id":"1701234567.42","event":"answered","caller":"13953706688","agent":"8001","time":"1701234567"}`
	cmd := exec.Command("sh", "-c", `printf '%s' "$TS.$BODY" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1`)
	cmd.Env = append(os.Environ(), "TS=1701234567", "BODY="+body, "SECRET="+testSecret)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := "sha256="+strings.TrimSpace(string(out)), Sign(testSecret, 1701234567, []byte(body)); got != want {
		t.Fatalf("openssl gives %s, Sign %s", got, want)
	}
}

// TestManualCall: an agent starts the form with a number the switch did
// not report; the pop and the registration work as for a switch call.
func TestManualCall(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.Manual("wang", "not a number"); err == nil {
		t.Fatal("bad number accepted")
	}
	c, err := f.svc.Manual("wang", "139 5370 6688")
	if err != nil {
		t.Fatal(err)
	}
	pop, err := f.svc.PopFor("wang")
	if err != nil || pop.Call.ID != c.ID || pop.Draft.Phone != "13953706688" {
		t.Fatalf("pop: %+v %v", pop, err)
	}
	tk, err := f.svc.Register(context.Background(), "wang", c.ID, Registration{Description: "咨询公积金提取需要什么材料"})
	if err != nil || tk.CallID != c.ID || tk.Phone != "13953706688" {
		t.Fatalf("order: %+v %v", tk, err)
	}
	// hotline's own id of the call means nothing to staff: the history
	// does not show it (it showed 来电 desk-wang-20261127T…).
	if ev := tk.Events[len(tk.Events)-1]; ev.Action != "accept" || ev.Note != "话务员电话受理登记" {
		t.Errorf("history: %+v", ev)
	}
}

// TestAsteriskScript runs calls/asterisk/hotline-event, the script the
// README's dialplan calls, against the real handler: its request is
// accepted, and a spoofed caller id with shell and JSON characters is
// reduced to digits.
func TestAsteriskScript(t *testing.T) {
	for _, tool := range []string{"sh", "openssl", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	f := newFixture(t)
	f.clk.Set(time.Now())
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("asterisk/hotline-event", args...)
		cmd.Env = append(os.Environ(), "HOTLINE_URL="+f.srv.URL+"/api/calls", "HOTLINE_CALLS_SECRET="+testSecret)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("hotline-event %v: %v\n%s", args, err, out)
		}
	}
	run("event=ringing", "call=1764640790.42", `caller=139"5370;6688$(id)`, "agent=")
	run("event=answered", "call=1764640790.42", "caller=13953706688", "agent=8001")
	c, err := f.svc.Call("1764640790.42")
	if err != nil || c.Caller != "+8613953706688" || c.Agent != "8001" || c.State != StateAnswered {
		t.Fatalf("call: %+v %v", c, err)
	}
	run("event=ended", "call=1764640790.42", "caller=13953706688", "agent=")
	if list, _, _ := f.svc.Callbacks(); len(list) != 1 || list[0].Reason != ReasonNoOrder {
		t.Fatalf("callbacks: %+v", list)
	}
}
