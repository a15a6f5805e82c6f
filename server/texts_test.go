package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"hotline/config"
	"hotline/store"
)

// newTextsServer is newTestServer with the city's texts changed by edit.
func newTextsServer(t *testing.T, edit func(*config.Config)) *testServer {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	cfg.Desk.Token = "test-token"
	edit(cfg)
	if err := cfg.Validate(); err != nil {
		t.Fatalf("the edited config: %v", err)
	}
	ts := &testServer{now: time.Now()}
	srv, err := New(cfg, Options{Now: ts.clock, StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
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

// textCase is a request and the error it must be answered with.
type textCase struct {
	name, method, path, body string
	header                   map[string]string
	status                   int
	code, msg                string
}

// checkErrors sends each request and checks the JSON error's status, code
// and message.
func (ts *testServer) checkErrors(t *testing.T, cases []textCase) {
	t.Helper()
	ts.checkErrorsAs(t, http.DefaultClient, cases)
}

// checkErrorsAs is checkErrors with the client c (a console login).
func (ts *testServer) checkErrorsAs(t *testing.T, c *http.Client, cases []textCase) {
	t.Helper()
	for _, tc := range cases {
		req, err := http.NewRequest(tc.method, ts.url+tc.path, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		for k, v := range tc.header {
			req.Header.Set(k, v)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var out struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(b, &out); err != nil || resp.StatusCode != tc.status || out.Error.Code != tc.code || out.Error.Message != tc.msg {
			t.Errorf("%s: %d %s, want %d %s %q", tc.name, resp.StatusCode, b, tc.status, tc.code, tc.msg)
		}
	}
}

var agentAPI = map[string]string{"Authorization": "Bearer test-token", "X-Agent": "wang"}

// TestHTTPErrorsFromConfig: the messages of the API's errors are the
// config's http_errors, details included, on every route of the server.
func TestHTTPErrorsFromConfig(t *testing.T) {
	ts := newTextsServer(t, func(c *config.Config) {
		c.HTTPErrors.OrderNotFound = "查无此单"
		c.HTTPErrors.BadToken = "令牌不对"
		c.HTTPErrors.BadJSON = "JSON 有误"
		c.HTTPErrors.Details.JSONUnknownField = "多出字段 {{.Field}}"
		c.HTTPErrors.NoEndpoint = "无此接口"
	})
	ts.checkErrors(t, []textCase{
		{name: "unknown order", method: "GET", path: "/api/tickets/20260101-9999", header: agentAPI,
			status: 404, code: "not_found", msg: "查无此单：20260101-9999"},
		{name: "no token", method: "GET", path: "/api/tickets/20260101-9999",
			status: 401, code: "unauthorized", msg: "令牌不对"},
		{name: "unknown field", method: "POST", path: "/chat/api/messages", body: `{"bogus": 1}`,
			status: 400, code: "bad_json", msg: `JSON 有误：多出字段 "bogus"`},
		{name: "unknown console API", method: "GET", path: "/desk/api/nope",
			status: 404, code: "not_found", msg: "无此接口"},
		{name: "backup without token", method: "GET", path: "/api/admin/backup",
			status: 401, code: "unauthorized", msg: "令牌不对"},
	})
}

// login stores a console account of role and returns a client logged in
// as it.
func (ts *testServer) login(t *testing.T, name, role string) *http.Client {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte("test-pass-1234"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Store.UpdateNow(func(tx *store.Tx) error {
		return tx.PutUser(&store.User{Name: name, Role: role, PasswordHash: string(hash), CreatedAt: time.Now()})
	}); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Post(ts.url+"/desk/api/login", "application/json", strings.NewReader(`{"name": "`+name+`", "password": "test-pass-1234"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login %s: %s", name, resp.Status)
	}
	return c
}

// TestDeskErrorsFromConfig: the console's own refusals (http_errors.desk
// and inputs) are the config's, filled in, after the catalogue's message.
func TestDeskErrorsFromConfig(t *testing.T) {
	ts := newTextsServer(t, func(c *config.Config) {
		c.HTTPErrors.Desk.PhoneDigits = "号码至少要 {{.Min}} 位"
		c.HTTPErrors.Inputs.DateFrom = "开始日"
		c.HTTPErrors.Desk.RoleForbidden = "{{.Role}}不可"
		c.HTTPErrors.Desk.DutyNotFound = "无此安排"
		c.HTTPErrors.Desk.QueueNotFound = "无此队列"
		c.HTTPErrors.Desk.QueueForbidden = "{{.Role}}看不到{{.Value}}"
		c.HTTPErrors.Desk.PasswordShort = "密码须 {{.Min}} 位以上"
		c.HTTPErrors.Desk.ReportFormat = "只有 json、xlsx、html"
		c.ReportTexts.PeriodErrors.BadPeriod = "{{.Name}}期间应写作 {{.Want}}（收到 {{.Value}}）"
	})
	agent, office, admin := ts.login(t, "wang", "agent"), ts.login(t, "office", "supervisor"), ts.login(t, "root", "admin")
	ts.checkErrorsAs(t, agent, []textCase{
		{name: "short phone", method: "GET", path: "/desk/api/orders?phone=12", status: 400, code: "bad_query", msg: "查询条件有误：号码至少要 4 位"},
		{name: "bad date", method: "GET", path: "/desk/api/orders?from=2026-13-01", status: 422, code: "bad_date",
			msg: "日期格式错误，请填写如 2026-12-01 的日期：开始日"},
		{name: "role", method: "POST", path: "/desk/api/orders/20260101-0001/sign", body: "{}", status: 403, code: "forbidden",
			msg: "您无权进行此操作：话务员不可"},
	})
	ts.checkErrorsAs(t, office, []textCase{
		{name: "duty session", method: "POST", path: "/desk/api/duty/nope/delete", status: 404, code: "not_found", msg: "无此安排"},
		{name: "work queue", method: "GET", path: "/desk/api/queues/nope", status: 404, code: "not_found", msg: "无此队列"},
	})
	ts.checkErrorsAs(t, ts.login(t, "zhang", "leader"), []textCase{
		{name: "a leader and the office's queue", method: "GET", path: "/desk/api/queues/dispatch", status: 403, code: "forbidden", msg: "您无权进行此操作：接听领导看不到待派单"},
	})
	ts.checkErrorsAs(t, admin, []textCase{
		{name: "password", method: "POST", path: "/desk/api/users", body: `{"name": "li", "role": "agent", "password": "1"}`,
			status: 422, code: "bad_user", msg: "密码须 8 位以上"},
	})
	ts.checkErrors(t, []textCase{
		{name: "report format", method: "GET", path: "/api/admin/report?format=pdf", header: agentAPI,
			status: 400, code: "bad_query", msg: "查询条件有误：只有 json、xlsx、html"},
		{name: "report period", method: "GET", path: "/api/admin/report?kind=weekly&period=2026-48", header: agentAPI,
			status: 400, code: "bad_query", msg: "查询条件有误：统计期间有误：周报期间应写作 2026-W48（收到 2026-48）"},
		{name: "report dates", method: "GET", path: "/api/admin/report?kind=range&from=2026-11-05&to=2026-11-01", header: agentAPI,
			status: 400, code: "bad_query", msg: "查询条件有误：统计期间有误：结束日期 2026-11-01 早于开始日期 2026-11-05"},
	})
}

// TestCallAndDutyErrorsFromConfig: the phone desk's, the switch
// endpoint's and the duty sessions' refusals are the config's
// http_errors.calls and http_errors.duty.
func TestCallAndDutyErrorsFromConfig(t *testing.T) {
	ts := newTextsServer(t, func(c *config.Config) {
		c.HTTPErrors.Calls.Off = "话务接口未开"
		c.HTTPErrors.Calls.ManualNumber = "号码不对"
		c.HTTPErrors.Calls.NoCall = "没有来电"
		c.HTTPErrors.Calls.RecordRequired = "写一下通话记录"
		c.HTTPErrors.Duty.TooLong = "每项不超过 {{.Max}} 字"
	})
	agent, office := ts.login(t, "wang", "agent"), ts.login(t, "office", "supervisor")
	ts.checkErrors(t, []textCase{
		{name: "switch off", method: "POST", path: "/api/calls", body: "{}", status: 404, code: "calls_off", msg: "话务接口未开"},
	})
	ts.checkErrorsAs(t, agent, []textCase{
		{name: "manual call", method: "POST", path: "/desk/api/calls", body: `{"caller": "abc"}`, status: 400, code: "bad_caller", msg: "号码不对"},
		{name: "no call", method: "GET", path: "/desk/api/calls/current", status: 404, code: "no_call", msg: "没有来电"},
		{name: "empty note", method: "POST", path: "/desk/api/calls/c1/note", body: `{"text": ""}`, status: 422, code: "required", msg: "写一下通话记录"},
	})
	long := strings.Repeat("长", 201)
	ts.checkErrorsAs(t, office, []textCase{
		{name: "duty session", method: "POST", path: "/desk/api/duty",
			body:   `{"date": "2026-12-09", "start": "09:00", "end": "11:00", "leader": "张明", "title": "副市长", "topic": "` + long + `"}`,
			status: 422, code: "rule", msg: "不符合办理规则：每项不超过 200 字"},
	})
}

// TestWebhookErrorsFromConfig: the channels' endpoints refuse in the
// words of http_errors.webhooks.
func TestWebhookErrorsFromConfig(t *testing.T) {
	ts := newTextsServer(t, func(c *config.Config) {
		c.HTTPErrors.Webhooks.WebchatConversation = "会话编号不对"
		c.HTTPErrors.Webhooks.WebchatAfter = "after 须为消息编号"
		c.HTTPErrors.Webhooks.KannelSecret = "Kannel 密钥不对"
		c.Channels.Kannel.SendURL = "http://127.0.0.1:9/cgi-bin/sendsms"
		c.Channels.Kannel.Username, c.Channels.Kannel.Password = "u", "p"
		c.Channels.Kannel.Secret = "kannel-secret-0123456789"
	})
	conv := ts.open(t)
	ts.checkErrors(t, []textCase{
		{name: "web chat id", method: "POST", path: "/chat/api/messages", body: `{"conversation_id": "xyz", "text": "你好"}`,
			status: 400, code: "bad_conversation", msg: "会话编号不对"},
		{name: "web chat after", method: "GET", path: "/chat/api/messages?conversation_id=" + conv + "&after=x",
			status: 400, code: "bad_after", msg: "after 须为消息编号"},
		{name: "kannel secret", method: "GET", path: "/channels/sms/kannel?secret=wrong&from=%2B8613953706688&text=hi",
			status: 403, code: "bad_secret", msg: "Kannel 密钥不对"},
	})
}
