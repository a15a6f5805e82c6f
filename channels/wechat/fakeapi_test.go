package wechat_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// errmsgs are the messages the real API sends with each errcode.
var errmsgs = map[int]string{
	-1:    "system error",
	40001: "invalid credential, access_token is invalid or not latest",
	40125: "invalid appsecret",
	42001: "access_token expired",
	43004: "require subscribe",
	45015: "response out of time limit or subscription is canceled",
	45047: "out of response count limit",
}

// customCall is one POST /cgi-bin/message/custom/send as the fake got it.
type customCall struct {
	Token   string
	ToUser  string `json:"touser"`
	MsgType string `json:"msgtype"`
	Text    struct {
		Content string `json:"content"`
	} `json:"text"`
}

// templateCall is one POST /cgi-bin/message/template/send.
type templateCall struct {
	Token       string
	ToUser      string `json:"touser"`
	TemplateID  string `json:"template_id"`
	ClientMsgID string `json:"client_msg_id"`
	Data        map[string]struct {
		Value string `json:"value"`
	} `json:"data"`
}

// fakeAPI speaks the WeChat API's JSON for the endpoints the channel uses.
type fakeAPI struct {
	*httptest.Server
	appID, secret string

	mu         sync.Mutex
	tokenHits  int
	valid      map[string]bool
	custom     []customCall
	templates  []templateCall
	customErr  map[string]int // touser → errcode to answer
	tmplErr    map[string]int
	expireOnce bool // the next custom send answers 42001 and invalidates its token
}

func newFakeAPI(t testing.TB, appID, secret string) *fakeAPI {
	f := &fakeAPI{appID: appID, secret: secret, valid: map[string]bool{},
		customErr: map[string]int{}, tmplErr: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /cgi-bin/stable_token", f.stableToken)
	mux.HandleFunc("POST /cgi-bin/message/custom/send", f.customSend)
	mux.HandleFunc("POST /cgi-bin/message/template/send", f.templateSend)
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; encoding=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, code int) {
	writeJSON(w, map[string]any{"errcode": code, "errmsg": errmsgs[code]})
}

func (f *fakeAPI) stableToken(w http.ResponseWriter, r *http.Request) {
	var req struct {
		GrantType    string `json:"grant_type"`
		AppID        string `json:"appid"`
		Secret       string `json:"secret"`
		ForceRefresh bool   `json:"force_refresh"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.GrantType != "client_credential" {
		writeJSON(w, map[string]any{"errcode": 40002, "errmsg": "invalid grant_type"})
		return
	}
	if req.AppID != f.appID || req.Secret != f.secret {
		writeErr(w, 40125)
		return
	}
	f.mu.Lock()
	f.tokenHits++
	tok := fmt.Sprintf("ACCESS_TOKEN_%d", f.tokenHits)
	f.valid[tok] = true
	f.mu.Unlock()
	writeJSON(w, map[string]any{"access_token": tok, "expires_in": 7200})
}

// checkToken answers 40001 for an unknown token.
func (f *fakeAPI) checkToken(w http.ResponseWriter, r *http.Request) (string, bool) {
	tok := r.URL.Query().Get("access_token")
	f.mu.Lock()
	ok := f.valid[tok]
	f.mu.Unlock()
	if !ok {
		writeErr(w, 40001)
	}
	return tok, ok
}

func (f *fakeAPI) customSend(w http.ResponseWriter, r *http.Request) {
	tok, ok := f.checkToken(w, r)
	if !ok {
		return
	}
	var c customCall
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil || c.ToUser == "" || c.MsgType != "text" {
		writeJSON(w, map[string]any{"errcode": 47001, "errmsg": "data format error"})
		return
	}
	c.Token = tok
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.expireOnce {
		f.expireOnce = false
		delete(f.valid, tok)
		writeErr(w, 42001)
		return
	}
	if code := f.customErr[c.ToUser]; code != 0 {
		writeErr(w, code)
		return
	}
	f.custom = append(f.custom, c)
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok"})
}

func (f *fakeAPI) templateSend(w http.ResponseWriter, r *http.Request) {
	tok, ok := f.checkToken(w, r)
	if !ok {
		return
	}
	var c templateCall
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil || c.ToUser == "" || c.TemplateID == "" {
		writeJSON(w, map[string]any{"errcode": 47001, "errmsg": "data format error"})
		return
	}
	c.Token = tok
	f.mu.Lock()
	defer f.mu.Unlock()
	if code := f.tmplErr[c.ToUser]; code != 0 {
		writeErr(w, code)
		return
	}
	f.templates = append(f.templates, c)
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "msgid": 200228332 + len(f.templates)})
}

func (f *fakeAPI) customCalls() []customCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]customCall(nil), f.custom...)
}

func (f *fakeAPI) templateCalls() []templateCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]templateCall(nil), f.templates...)
}

func (f *fakeAPI) hits() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokenHits
}
