package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/calls"
	"hotline/channels/sms"
	"hotline/config"
	"hotline/domain"
	"hotline/outbound"
	"hotline/outbox"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

const (
	robotKey      = "robot-key-0123456789abcdef"
	corpSecret    = "corp-secret-0123456789"
	webhookSecret = "webhook-secret-0123456789"
)

// fakeWeCom is WeCom's API on loopback: gettoken, message/send and the
// group robot's webhook/send, checking the real paths and JSON.
type fakeWeCom struct {
	t  *testing.T
	mu sync.Mutex
	// tokens handed out; expired ones answer 42001.
	tokens   []string
	expired  map[string]bool
	gettoken int
	messages []map[string]any
	robot    []map[string]any
	failMsg  int // answer 500 to this many message/send calls
	failBot  int
}

func (f *fakeWeCom) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := r.URL.Query()
	reply := func(v any) { w.Header().Set("Content-Type", "application/json"); _ = json.NewEncoder(w).Encode(v) }
	decode := func() map[string]any {
		var m map[string]any
		dec := json.NewDecoder(r.Body)
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			f.t.Errorf("%s: body is not JSON: %v", r.URL.Path, err)
		}
		return m
	}
	switch {
	case r.Method == "GET" && r.URL.Path == "/cgi-bin/gettoken":
		if q.Get("corpid") != "ww-corp" || q.Get("corpsecret") != corpSecret {
			reply(map[string]any{"errcode": 40013, "errmsg": "invalid corpid"})
			return
		}
		f.gettoken++
		tok := "tok" + strconv.Itoa(f.gettoken)
		f.tokens = append(f.tokens, tok)
		reply(map[string]any{"errcode": 0, "errmsg": "ok", "access_token": tok, "expires_in": 7200})
	case r.Method == "POST" && r.URL.Path == "/cgi-bin/message/send":
		if f.failMsg > 0 {
			f.failMsg--
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		tok := q.Get("access_token")
		if f.expired[tok] {
			reply(map[string]any{"errcode": 42001, "errmsg": "access_token expired"})
			return
		}
		if tok == "" || !contains(f.tokens, tok) {
			reply(map[string]any{"errcode": 40014, "errmsg": "invalid access_token"})
			return
		}
		m := decode()
		if _, err := m["agentid"].(json.Number).Int64(); err != nil || m["msgtype"] != "text" || m["touser"] == "" || m["enable_duplicate_check"] != json.Number("1") {
			f.t.Errorf("message/send body: %v", m)
		}
		text, _ := m["text"].(map[string]any)
		if text == nil || text["content"] == "" {
			f.t.Errorf("message/send without text.content: %v", m)
		}
		f.messages = append(f.messages, m)
		invalid := ""
		if strings.Contains(m["touser"].(string), "nobody") {
			invalid = "nobody"
		}
		reply(map[string]any{"errcode": 0, "errmsg": "ok", "invaliduser": invalid, "msgid": "m" + strconv.Itoa(len(f.messages))})
	case r.Method == "POST" && r.URL.Path == "/cgi-bin/webhook/send":
		if f.failBot > 0 {
			f.failBot--
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		if q.Get("key") != robotKey {
			reply(map[string]any{"errcode": 93000, "errmsg": "invalid webhook url"})
			return
		}
		m := decode()
		text, _ := m["text"].(map[string]any)
		if m["msgtype"] != "text" || text == nil || text["content"] == "" {
			f.t.Errorf("webhook/send body: %v", m)
		}
		f.robot = append(f.robot, m)
		reply(map[string]any{"errcode": 0, "errmsg": "ok"})
	default:
		f.t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		w.WriteHeader(http.StatusNotFound)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (f *fakeWeCom) counts() (gettoken, messages, robot int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gettoken, len(f.messages), len(f.robot)
}

// fakeReceiver is another system behind the webhook; it checks the
// signature.
type fakeReceiver struct {
	t   *testing.T
	mu  sync.Mutex
	got []WebhookNotice
}

func (f *fakeReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	ts, _ := strconv.ParseInt(r.Header.Get(HeaderTimestamp), 10, 64)
	if r.Header.Get(HeaderSignature) != Sign(webhookSecret, ts, body) || r.Header.Get(HeaderID) == "" {
		f.t.Errorf("webhook: bad signature or id")
		w.WriteHeader(http.StatusForbidden)
		return
	}
	var n WebhookNotice
	if err := json.Unmarshal(body, &n); err != nil {
		f.t.Errorf("webhook body: %v", err)
	}
	f.mu.Lock()
	f.got = append(f.got, n)
	f.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// smsRecorder stands in for the SMS channel.
type smsRecorder struct {
	mu   sync.Mutex
	sent []outbound.Message
}

func (s *smsRecorder) Send(ctx context.Context, o outbound.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, o)
	return nil
}

type env struct {
	svc    *Service
	st     *store.Store
	ob     *outbox.Outbox
	wecom  *fakeWeCom
	recv   *fakeReceiver
	sms    *smsRecorder
	logs   *bytes.Buffer
	now    time.Time
	mu     sync.Mutex
	number string
	// obAhead is how far the outbox's clock runs ahead of now: deliver
	// moves it past each retry's backoff instead of sleeping.
	obAhead time.Duration
}

func (e *env) clock() time.Time { e.mu.Lock(); defer e.mu.Unlock(); return e.now }

func (e *env) outboxClock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now.Add(e.obAhead)
}

// Wednesday 2026-12-02 10:00 in the city.
var cst = time.FixedZone("CST", 8*3600)

func newEnv(t *testing.T) *env {
	e := &env{now: time.Date(2026, 12, 2, 10, 0, 0, 0, cst), logs: &bytes.Buffer{}}
	e.wecom = &fakeWeCom{t: t, expired: map[string]bool{}}
	e.recv = &fakeReceiver{t: t}
	e.sms = &smsRecorder{}
	api := httptest.NewServer(e.wecom)
	t.Cleanup(api.Close)
	hook := httptest.NewServer(e.recv)
	t.Cleanup(hook.Close)
	InstallURIModifier("", api.URL)
	t.Cleanup(func() { InstallURIModifier("", "") })

	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Notify.WeCom = config.WeCom{CorpID: "ww-corp", CorpSecret: corpSecret, AgentID: 1000002}
	cfg.Notify.Webhook = config.NotifyWebhook{URL: hook.URL + "/hotline", Secret: webhookSecret}
	for i := range cfg.Departments {
		if cfg.Departments[i].Name == "市城市管理局" {
			cfg.Departments[i].Liaisons = []config.Liaison{{Name: "张三", Mobile: "13900000001", WeCom: "zhangsan"}, {Name: "李四", WeCom: "lisi"}}
			cfg.Departments[i].RobotKey = robotKey
		}
	}
	cfg.Notify.Leaders = config.Leaders{Name: "市领导", Liaisons: []config.Liaison{{Name: "王秘书", Mobile: "13900000009", WeCom: "wangms"}}, RobotKey: robotKey}
	st, err := store.Open(t.TempDir()+"/h.db", &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e.st = st
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.svc, err = New(Options{Config: cfg, Store: st, Logger: log, Now: e.clock, SMS: true})
	if err != nil {
		t.Fatal(err)
	}
	senders := map[string]outbound.Sender{
		ChannelSMS: e.sms, ChannelWeCom: NewWeComSender(cfg.Notify.WeCom),
		ChannelRobot: NewRobotSender(append(cfg.Departments, cfg.Notify.LeadersDepartment())), ChannelWebhook: NewWebhookSender(cfg.Notify.Webhook),
	}
	e.ob = outbox.New(st, senders, config.Outbox{MaxAttempts: 10, MinBackoff: config.Duration(time.Millisecond), MaxBackoff: config.Duration(5 * time.Millisecond), Workers: 4}, log, nil, nil)
	e.ob.SetClock(e.outboxClock)
	// An order of the department.
	e.number = "20261202-0001"
	tk := &ticket.Ticket{Number: e.number, Channel: "webchat", Title: "古槐路垃圾清运不及时", Description: "垃圾", Category: "SRHW",
		Department: "市城市管理局", Urgency: ticket.UrgencyNormal, Status: ticket.Dispatched, ReceivedAt: e.now}
	if err := st.UpdateNow(func(tx *store.Tx) error { return tx.PutTicket(tk) }); err != nil {
		t.Fatal(err)
	}
	return e
}

// remind adds an inbox entry as the workflow does.
func (e *env) remind(t *testing.T, kind, text string) {
	t.Helper()
	e.mu.Lock()
	e.now = e.now.Add(time.Second)
	at := e.now
	e.mu.Unlock()
	if err := e.st.UpdateNow(func(tx *store.Tx) error {
		return tx.AddReminder("市城市管理局", domain.Reminder{At: at, Number: e.number, Kind: kind, Text: text})
	}); err != nil {
		t.Fatal(err)
	}
}

// deliver runs the outbox until nothing is pending, moving the outbox's
// clock past the retries' backoff (at most 5 ms) between steps.
func (e *env) deliver(t *testing.T) {
	t.Helper()
	for range 1000 {
		if _, err := e.ob.Step(context.Background()); err != nil {
			t.Fatal(err)
		}
		var pending int
		_ = e.st.View(func(tx *store.Tx) error { pending, _ = tx.OutboxStats(); return nil })
		if pending == 0 {
			return
		}
		e.mu.Lock()
		e.obAhead += 10 * time.Millisecond
		e.mu.Unlock()
	}
	t.Fatal("notices still pending after 1000 outbox steps")
}

func (e *env) entries(t *testing.T) []*store.OutboxEntry {
	var out []*store.OutboxEntry
	_ = e.st.View(func(tx *store.Tx) error {
		for id := uint64(1); ; id++ {
			en, err := tx.OutboxEntry(id)
			if err != nil {
				return nil
			}
			out = append(out, en)
		}
	})
	return out
}

func TestNoticesReachEveryChannelOnce(t *testing.T) {
	e := newEnv(t)
	e.remind(t, "dispatch", "新派工单20261202-0001（古槐路垃圾清运不及时），请于12月3日 18:00前签收")
	n, err := e.svc.Step(context.Background())
	if err != nil || n != 4 {
		t.Fatalf("step: %d %v, want 4 notices (SMS, WeCom app, robot, webhook)", n, err)
	}
	if n, _ := e.svc.Step(context.Background()); n != 0 {
		t.Fatalf("second step queued %d again", n)
	}
	e.deliver(t)
	gt, msgs, robots := e.wecom.counts()
	if gt != 1 || msgs != 1 || robots != 1 || len(e.sms.sent) != 1 || len(e.recv.got) != 1 {
		t.Fatalf("gettoken %d, messages %d, robot %d, sms %d, webhook %d", gt, msgs, robots, len(e.sms.sent), len(e.recv.got))
	}
	m := e.wecom.messages[0]
	if m["touser"] != "zhangsan|lisi" || !strings.Contains(m["text"].(map[string]any)["content"].(string), "【12345】新派工单20261202-0001") {
		t.Fatalf("message: %v", m)
	}
	if e.sms.sent[0].To != "+8613900000001" || e.recv.got[0].Kind != "dispatch" || e.recv.got[0].Number != e.number || e.recv.got[0].Department != "市城市管理局" {
		t.Fatalf("sms %+v, webhook %+v", e.sms.sent[0], e.recv.got[0])
	}
	var tk *ticket.Ticket
	_ = e.st.View(func(tx *store.Tx) error { tk, _ = tx.Ticket(e.number); return nil })
	last := tk.Events[len(tk.Events)-1]
	if last.Action != "notify" || !strings.Contains(last.Note, "联络员张三（短信）") || !strings.Contains(last.Note, "企业微信工作群") {
		t.Fatalf("history: %+v", last)
	}
	// A kind the config leaves out is not sent.
	e.svc.kinds = map[string]bool{"dispatch": true}
	e.remind(t, "remind_finish", "催办")
	if n, _ := e.svc.Step(context.Background()); n != 0 {
		t.Fatalf("unlisted kind queued %d", n)
	}
}

// TestNoticeLinksTheOrder: with server.base_url a liaison's notice ends
// with the order's page in the console, so that the clerk who reads it in
// WeCom or an SMS opens the order in one tap; a department that no longer
// holds the order (a return approved) and a city without base_url get no
// link.
func TestNoticeLinksTheOrder(t *testing.T) {
	e := newEnv(t)
	e.svc.o.Config.Server.BaseURL = "https://12345.example.gov.cn/"
	e.remind(t, "dispatch", "新派工单20261202-0001（古槐路垃圾清运不及时），请于12月3日 18:00前签收")
	if n, err := e.svc.Step(context.Background()); err != nil || n != 4 {
		t.Fatalf("step: %d %v", n, err)
	}
	e.deliver(t)
	want := "【12345】新派工单20261202-0001（古槐路垃圾清运不及时），请于12月3日 18:00前签收 办理：https://12345.example.gov.cn/desk/orders/20261202-0001"
	if got := e.sms.sent[0].Text; got != want {
		t.Errorf("SMS %q, want %q", got, want)
	}
	if got := e.wecom.messages[0]["text"].(map[string]any)["content"]; got != want {
		t.Errorf("WeCom %q", got)
	}
	if got := e.recv.got[0].Text; got != want {
		t.Errorf("webhook %q", got)
	}
	// Returned and sent to another department: no link to a page that
	// would answer 404.
	if err := e.st.UpdateNow(func(tx *store.Tx) error {
		tk, err := tx.Ticket(e.number)
		if err != nil {
			return err
		}
		tk.Department = "市住房和城乡建设局"
		return tx.PutTicket(tk)
	}); err != nil {
		t.Fatal(err)
	}
	e.remind(t, "return", "退回已同意：工单20261202-0001已改派市住房和城乡建设局")
	if _, err := e.svc.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.deliver(t)
	if got := e.sms.sent[len(e.sms.sent)-1].Text; got != "【12345】退回已同意：工单20261202-0001已改派市住房和城乡建设局" {
		t.Errorf("after the return: %q", got)
	}
	// Without base_url, no link.
	e.svc.o.Config.Server.BaseURL = ""
	tk := &ticket.Ticket{Number: e.number, Department: "市城市管理局", Status: ticket.Signed}
	if got, err := e.svc.text(config.Department{Name: "市城市管理局"}, tk, domain.Reminder{Number: e.number, Kind: "supervise", Text: "督办"}); err != nil || got != "【12345】督办" {
		t.Errorf("without base_url: %q %v", got, err)
	}
}

// TestWithdrawalTold: a citizen who withdraws an order before the
// department signed it (the bot's inbox entry, workflow.ReminderCancel)
// is told to the liaisons as well, or a clerk who works from WeCom or SMS
// goes out to handle an order nobody wants handled any more.
func TestWithdrawalTold(t *testing.T) {
	e := newEnv(t)
	cfg := e.svc.o.Config
	if !slices.Contains(cfg.Notify.Kinds, workflow.ReminderCancel) || cfg.Notify.KindLabels.Label(workflow.ReminderCancel) == "" {
		t.Fatalf("notify.kinds %v or its labels lack %s", cfg.Notify.Kinds, workflow.ReminderCancel)
	}
	e.svc.kinds = map[string]bool{}
	for _, k := range cfg.Notify.Kinds {
		e.svc.kinds[k] = true
	}
	e.remind(t, workflow.ReminderCancel, config.Render(cfg.ReminderTexts.Cancelled, config.ReminderData{Number: e.number}))
	if n, err := e.svc.Step(context.Background()); err != nil || n != 4 {
		t.Fatalf("step: %d %v, want 4 notices (SMS, WeCom app, robot, webhook)", n, err)
	}
	e.deliver(t)
	want := "【12345】市民已撤销工单20261202-0001，无需办理"
	if got := e.sms.sent[0].Text; got != want {
		t.Errorf("SMS %q, want %q", got, want)
	}
	if w := e.recv.got[0]; w.Kind != workflow.ReminderCancel || w.Text != want {
		t.Errorf("webhook %+v", w)
	}
}

// TestExpiredTokenAndFailingAPI: WeCom answers 42001 for an expired token
// (a fresh one is fetched once and the message sent), and message/send
// and the robot fail a few times and recover: each notice arrives once.
func TestExpiredTokenAndFailingAPI(t *testing.T) {
	e := newEnv(t)
	e.remind(t, "dispatch", "新派工单")
	e.svc.Step(context.Background())
	e.deliver(t)
	e.wecom.mu.Lock()
	e.wecom.expired["tok1"] = true
	e.wecom.failMsg, e.wecom.failBot = 2, 3
	e.wecom.mu.Unlock()
	e.remind(t, "remind_sign", "催办：工单20261202-0001尚未签收")
	e.remind(t, "escalate", "超期：工单20261202-0001已超过办理期限")
	if n, _ := e.svc.Step(context.Background()); n != 8 {
		t.Fatalf("queued %d, want 8", n)
	}
	e.deliver(t)
	gt, msgs, robots := e.wecom.counts()
	if gt != 2 || msgs != 3 || robots != 3 {
		t.Fatalf("gettoken %d (want 2), messages %d (want 3), robot %d (want 3)", gt, msgs, robots)
	}
	seen := map[string]int{}
	for _, m := range append(append([]map[string]any{}, e.wecom.messages...), e.wecom.robot...) {
		seen[m["text"].(map[string]any)["content"].(string)]++
	}
	for text, n := range seen {
		if n != 2 { // once by application message, once by the robot
			t.Errorf("%q arrived %d times", text, n)
		}
	}
	// No key, token or secret in the stored errors or the log.
	for _, en := range e.entries(t) {
		if en.Status != store.OutSent {
			t.Errorf("entry %s: %s %s", en.Key, en.Status, en.LastError)
		}
		for _, secret := range []string{robotKey, corpSecret, "tok1", "tok2"} {
			if strings.Contains(en.LastError, secret) {
				t.Errorf("entry %d's error shows a secret: %s", en.ID, en.LastError)
			}
		}
	}
	for _, secret := range []string{robotKey, corpSecret, "access_token=tok"} {
		if strings.Contains(e.logs.String(), secret) {
			t.Errorf("the log shows %q", secret)
		}
	}
	if !strings.Contains(e.logs.String(), "key=***") {
		t.Errorf("the robot's failures were not logged redacted:\n%s", e.logs.String())
	}
}

func TestUnknownWeComUserFailsVisibly(t *testing.T) {
	e := newEnv(t)
	w := NewWeComSender(e.svc.cfg.WeCom)
	err := w.Send(context.Background(), outbound.Message{ID: "x", To: "nobody", Text: "测试"})
	if err == nil || !strings.Contains(err.Error(), "nobody") {
		t.Fatalf("unknown user: %v", err)
	}
}

// TestQuietHours: at 23:00 a normal order's notices wait until 07:00; an
// urgent order's go at once.
func TestQuietHours(t *testing.T) {
	e := newEnv(t)
	e.mu.Lock()
	e.now = time.Date(2026, 12, 2, 23, 0, 0, 0, cst)
	e.mu.Unlock()
	e.remind(t, "remind_sign", "催办")
	e.svc.Step(context.Background())
	want := time.Date(2026, 12, 3, 7, 0, 0, 0, cst)
	for _, en := range e.entries(t) {
		if !en.NextAt.Equal(want) {
			t.Fatalf("quiet notice due %s, want %s", en.NextAt, want)
		}
	}
	if err := e.st.UpdateNow(func(tx *store.Tx) error {
		tk, _ := tx.Ticket(e.number)
		tk.Urgency = ticket.UrgencyUrgent
		return tx.PutTicket(tk)
	}); err != nil {
		t.Fatal(err)
	}
	e.remind(t, "escalate", "超期")
	e.svc.Step(context.Background())
	urgentDue := 0
	for _, en := range e.entries(t) {
		if en.Kind == KindPrefix+"escalate" && !en.NextAt.After(e.clock()) {
			urgentDue++
		}
	}
	if urgentDue != 4 {
		t.Fatalf("urgent notices due now: %d, want 4", urgentDue)
	}
	var tk *ticket.Ticket
	_ = e.st.View(func(tx *store.Tx) error { tk, _ = tx.Ticket(e.number); return nil })
	found := false
	for _, ev := range tk.Events {
		// the time it goes out, in the city's time_format
		if ev.Action == "notify" && strings.Contains(ev.Note, "免打扰") && strings.Contains(ev.Note, "2026年12月3日 07:00") {
			found = true
		}
	}
	if !found {
		t.Fatalf("the history does not say the notice waits: %+v", tk.Events)
	}
}

func TestSignMatchesCalls(t *testing.T) {
	body := []byte(`{"id":"x","kind":"dispatch"}`)
	if got, want := Sign(webhookSecret, 1700000000, body), calls.Sign(webhookSecret, 1700000000, body); got != want {
		t.Fatalf("notify.Sign %s, calls.Sign %s: the webhook must use the switch's scheme", got, want)
	}
}

// TestLateCommittedEntry: an inbox entry stamped before the newest one
// handled, but committed after it (two transactions racing), is still
// sent, once.
func TestLateCommittedEntry(t *testing.T) {
	e := newEnv(t)
	e.remind(t, "dispatch", "新派工单")
	if n, _ := e.svc.Step(context.Background()); n != 4 {
		t.Fatalf("first: %d", n)
	}
	early := e.clock().Add(-30 * time.Second)
	if err := e.st.UpdateNow(func(tx *store.Tx) error {
		return tx.AddReminder("市城市管理局", domain.Reminder{At: early, Number: e.number, Kind: "supervise", Text: "督办"})
	}); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.svc.Step(context.Background()); n != 4 {
		t.Fatalf("late entry: %d notices, want 4", n)
	}
	if n, _ := e.svc.Step(context.Background()); n != 0 {
		t.Fatalf("again: %d", n)
	}
}

// TestReportToLeaders: a new report reaches the leaders (notify.leaders)
// on every channel they have, the same fakes as the departments' notices,
// once however often it is announced; without kind report, nothing.
func TestReportToLeaders(t *testing.T) {
	e := newEnv(t)
	e.svc.o.Config.Server.BaseURL = "https://12345.example.gov.cn"
	out := config.ReportNoticeData{Kind: "monthly", Period: "2026-11", Label: "2026年11月", From: "2026-11-01", To: "2026-11-30", Received: 298}
	n, err := e.svc.ReportOut(out)
	if err != nil || n != 4 {
		t.Fatalf("report out: %d %v, want 4 notices (SMS, WeCom app, robot, webhook)", n, err)
	}
	if n, err := e.svc.ReportOut(out); n != 0 || err != nil {
		t.Fatalf("announced again: %d %v", n, err)
	}
	e.deliver(t)
	want := "【12345】月报已生成：2026年11月（2026-11-01至2026-11-30）受理298件，请在工作台“统计报表”查看：https://12345.example.gov.cn/desk/reports"
	_, msgs, robots := e.wecom.counts()
	if msgs != 1 || robots != 1 || len(e.sms.sent) != 1 || len(e.recv.got) != 1 {
		t.Fatalf("messages %d, robot %d, sms %d, webhook %d; want one each", msgs, robots, len(e.sms.sent), len(e.recv.got))
	}
	if m := e.wecom.messages[0]; m["touser"] != "wangms" || m["text"].(map[string]any)["content"] != want {
		t.Errorf("WeCom message %v, want to wangms: %s", m, want)
	}
	if got := e.wecom.robot[0]["text"].(map[string]any)["content"]; got != want {
		t.Errorf("robot %q", got)
	}
	if sms := e.sms.sent[0]; sms.To != "+8613900000009" || sms.Text != want || sms.Kind != KindPrefix+KindReport {
		t.Errorf("sms %+v", sms)
	}
	if w := e.recv.got[0]; w.Kind != KindReport || w.Department != "市领导" || w.Number != "" || w.Text != want {
		t.Errorf("webhook %+v", w)
	}
	// The report's name comes from report_texts.names.
	e.svc.o.Config.ReportTexts.Names.Quarterly = "季度报告"
	if _, err := e.svc.ReportOut(config.ReportNoticeData{Kind: "quarterly", Period: "2026-Q4", Label: "2026年第四季度", From: "2026-10-01", To: "2026-12-31"}); err != nil {
		t.Fatal(err)
	}
	e.deliver(t)
	if len(e.sms.sent) != 2 || !strings.HasPrefix(e.sms.sent[1].Text, "【12345】季度报告已生成：2026年第四季度") {
		t.Errorf("quarterly notice: %+v", e.sms.sent)
	}
	e.svc.kinds = map[string]bool{"dispatch": true}
	if n, err := e.svc.ReportOut(config.ReportNoticeData{Kind: "weekly", Period: "2026-W49"}); n != 0 || err != nil {
		t.Errorf("without kind report: %d %v", n, err)
	}
}

// TestSMSNoticeKeepsTheLink: a notice whose long title would push the
// order's link past channels.sms.max_parts (the SMS channel cuts the
// rest, sms.Split) goes by SMS with the title shortened, so that the link
// stays whole in one part; WeCom and the webhook, which cut nothing, get
// the whole text.
func TestSMSNoticeKeepsTheLink(t *testing.T) {
	e := newEnv(t)
	e.svc.o.Config.Server.BaseURL = "https://12345.example.gov.cn/"
	title := "任城区古槐路与建设路交叉口东北角小区门口的生活垃圾桶已经连续五天无人清运，垃圾堆满溢出到人行道上，夏天气味刺鼻，蚊蝇滋生，居民出行十分不便，多次向物业反映无果"
	if err := e.st.UpdateNow(func(tx *store.Tx) error {
		tk, err := tx.Ticket(e.number)
		if err != nil {
			return err
		}
		tk.Title = title
		return tx.PutTicket(tk)
	}); err != nil {
		t.Fatal(err)
	}
	text := "新派工单" + e.number + "（" + title + "），请于2026年12月3日 18:00前签收，2026年12月9日 18:00前办结"
	e.remind(t, "dispatch", text)
	if _, err := e.svc.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.deliver(t)
	link := "https://12345.example.gov.cn/desk/orders/" + e.number
	full := "【12345】" + text + " 办理：" + link
	if parts := sms.Split(full, 3); slices.ContainsFunc(parts, func(p string) bool { return strings.Contains(p, link) }) {
		t.Fatalf("the test's title is not long enough: the whole text keeps the link in %q", parts)
	}
	got := e.sms.sent[0].Text
	parts := sms.Split(got, e.svc.o.Config.Channels.SMS.MaxParts)
	if len(parts) > 3 || !strings.Contains(parts[len(parts)-1], link) {
		t.Errorf("the SMS %q goes out as %q: the link is not whole in its last part", got, parts)
	}
	// The title is what gave way: the order's number, the deadlines and
	// the link are all there.
	for _, want := range []string{"【12345】新派工单" + e.number + "（任城区古槐路", "…），请于2026年12月3日 18:00前签收，2026年12月9日 18:00前办结 办理：" + link} {
		if !strings.Contains(got, want) {
			t.Errorf("the SMS %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, title) {
		t.Errorf("the SMS kept the whole title: %q", got)
	}
	if got := e.wecom.messages[0]["text"].(map[string]any)["content"]; got != full {
		t.Errorf("WeCom %q, want the whole text", got)
	}
	if got := e.recv.got[0].Text; got != full {
		t.Errorf("webhook %q, want the whole text", got)
	}
}

// TestLeaderToldOnTheirPhone: what a leader's console inbox gets (the
// result of their 批示件, workflow.LeaderInbox) also goes to the leader's
// own contact (notify.leaders.contacts) by SMS and WeCom application
// message, once, with the order's link, in the departments' quiet hours;
// a leader without a contact is told in the console only, and their
// inbox keeps the entry.
func TestLeaderToldOnTheirPhone(t *testing.T) {
	e := newEnv(t)
	cfg := e.svc.o.Config
	cfg.Server.BaseURL = "https://12345.example.gov.cn"
	cfg.Notify.Leaders.Contacts = []config.LeaderContact{{Account: "mayor", Name: "张明", Mobile: "13900000008", WeCom: "zhangming"}}
	add := func(login, kind, text string) {
		t.Helper()
		e.mu.Lock()
		e.now = e.now.Add(time.Second)
		at := e.now
		e.mu.Unlock()
		if err := e.st.UpdateNow(func(tx *store.Tx) error {
			return tx.AddReminder(workflow.LeaderInbox(login), domain.Reminder{At: at, Number: e.number, Kind: kind, Text: text})
		}); err != nil {
			t.Fatal(err)
		}
	}
	replied := config.Render(cfg.ReminderTexts.InstructionReplied, config.ReminderData{Number: e.number, Title: "古槐路垃圾清运不及时", Department: "市城市管理局", Comment: "已安排每日两次清运"})
	add("mayor", workflow.ReminderInstructionReplied, replied)
	add("deputy", workflow.ReminderInstructionReplied, replied)
	n, err := e.svc.Step(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("step: %d %v, want 2 notices (the leader's SMS and WeCom)", n, err)
	}
	if n, _ := e.svc.Step(context.Background()); n != 0 {
		t.Fatalf("second step queued %d again", n)
	}
	e.deliver(t)
	link := "https://12345.example.gov.cn/desk/orders/" + e.number
	_, msgs, robots := e.wecom.counts()
	if msgs != 1 || robots != 0 || len(e.sms.sent) != 1 || len(e.recv.got) != 0 {
		t.Fatalf("messages %d, robot %d, sms %d, webhook %d: want one WeCom message and one SMS to the leader", msgs, robots, len(e.sms.sent), len(e.recv.got))
	}
	m := e.wecom.messages[0]
	content := m["text"].(map[string]any)["content"].(string)
	if m["touser"] != "zhangming" || !strings.HasPrefix(content, "【12345】"+replied) || !strings.Contains(content, link) {
		t.Errorf("the leader's WeCom message: %v", m)
	}
	if s := e.sms.sent[0]; s.To != "+8613900000008" || !strings.Contains(s.Text, replied) || !strings.Contains(s.Text, link) {
		t.Errorf("the leader's SMS: %+v", s)
	}
	var tk *ticket.Ticket
	var deputy []domain.Reminder
	_ = e.st.View(func(tx *store.Tx) error {
		tk, _ = tx.Ticket(e.number)
		deputy, _ = tx.Reminders(workflow.LeaderInbox("deputy"), 0)
		return nil
	})
	if len(deputy) != 1 || deputy[0].Text != replied {
		t.Errorf("the inbox of a leader without a contact: %v", deputy)
	}
	told := false
	for _, ev := range tk.Events {
		if ev.Action == "notify" && ev.Note == "已通知张明：短信、企业微信（批示件已答复）" {
			told = true
		}
	}
	if !told {
		t.Errorf("the history does not say the leader was told: %+v", tk.Events)
	}
	// The close at night waits for the quiet hours' end, as a
	// department's notice of a non-urgent order does.
	e.mu.Lock()
	e.now = time.Date(2026, 12, 2, 23, 0, 0, 0, cst)
	e.mu.Unlock()
	add("mayor", workflow.ReminderInstructionClosed, config.Render(cfg.ReminderTexts.InstructionClosed, config.ReminderData{Number: e.number, Title: "古槐路垃圾清运不及时", Department: "市城市管理局", Comment: "已安排每日两次清运"}))
	if n, err := e.svc.Step(context.Background()); err != nil || n != 2 {
		t.Fatalf("step after the close: %d %v", n, err)
	}
	want := time.Date(2026, 12, 3, 7, 0, 0, 0, cst)
	for _, en := range e.entries(t) {
		if en.Kind == KindPrefix+workflow.ReminderInstructionClosed && !en.NextAt.Equal(want) {
			t.Errorf("the close's notice to %s due %s, want %s", en.To, en.NextAt, want)
		}
	}
}

// TestLeaderInboxKindsSent: every kind the workflow writes to a leader's
// own inbox is one notify sends by default, with its label for the
// history, and config check requires of a city that lists leaders'
// contacts (config.LeaderKinds).
func TestLeaderInboxKindsSent(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	kinds := []string{workflow.ReminderInstructionReplied, workflow.ReminderInstructionClosed, workflow.ReminderLeaderItemReplied}
	if !slices.Equal(config.LeaderKinds(), kinds) {
		t.Errorf("config.LeaderKinds() = %v, the workflow writes %v", config.LeaderKinds(), kinds)
	}
	for _, kind := range kinds {
		if !slices.Contains(cfg.Notify.Kinds, kind) || cfg.Notify.KindLabels.Label(kind) == "" {
			t.Errorf("kind %s: in notify.kinds %v, label %q", kind, slices.Contains(cfg.Notify.Kinds, kind), cfg.Notify.KindLabels.Label(kind))
		}
	}
}
