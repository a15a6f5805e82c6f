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
	srv, err := New(cfg, Options{Now: ts.clock, StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond}})
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
	for _, tc := range cases {
		req, err := http.NewRequest(tc.method, ts.url+tc.path, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		for k, v := range tc.header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
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
	})
}
