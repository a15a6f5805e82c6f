package server_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"

	"hotline/channels/wechat"
	"hotline/config"
	"hotline/events/eventstest"
	"hotline/server"
	"hotline/store"
)

// The WeChat account of TestWeChatThroughTheGateway: channels/wechat's
// tests use the same one (aesKey is the example key of WeChat's
// documentation, 43 characters), and its testdata holds the pushes.
const (
	wxAppID     = "wx8f3c2a1b0d9e7f65"
	wxAppSecret = "3b1f9c2d7e6a5b4c8d0e1f2a3b4c5d6e"
	wxToken     = "hotline12345token"
	wxAESKey    = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	wxOpenID    = "oQm3C5Xk1Jb7Yv9Tz2Wn4Ld8Hs0E"
	wxPath      = "/channels/wechat"
)

// wxAPI is the part of the WeChat API the gateway uses here: the stable
// access token and customer-service messages.
type wxAPI struct {
	*httptest.Server
	mu        sync.Mutex
	tokenHits int
	sent      []wxCustom
}

// wxCustom is one POST /cgi-bin/message/custom/send as the fake got it.
type wxCustom struct {
	Token   string
	ToUser  string `json:"touser"`
	MsgType string `json:"msgtype"`
	Text    struct {
		Content string `json:"content"`
	} `json:"text"`
}

func newWxAPI(t *testing.T) *wxAPI {
	f := &wxAPI{}
	reply := func(w http.ResponseWriter, v any) {
		w.Header().Set("Content-Type", "application/json; encoding=utf-8")
		_ = json.NewEncoder(w).Encode(v)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /cgi-bin/stable_token", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			GrantType string `json:"grant_type"`
			AppID     string `json:"appid"`
			Secret    string `json:"secret"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.GrantType != "client_credential" ||
			req.AppID != wxAppID || req.Secret != wxAppSecret {
			reply(w, map[string]any{"errcode": 40125, "errmsg": "invalid appsecret"})
			return
		}
		f.mu.Lock()
		f.tokenHits++
		tok := fmt.Sprintf("ACCESS_TOKEN_%d", f.tokenHits)
		f.mu.Unlock()
		reply(w, map[string]any{"access_token": tok, "expires_in": 7200})
	})
	mux.HandleFunc("POST /cgi-bin/message/custom/send", func(w http.ResponseWriter, r *http.Request) {
		var c wxCustom
		if err := json.NewDecoder(r.Body).Decode(&c); err != nil || c.ToUser == "" || c.MsgType != "text" {
			reply(w, map[string]any{"errcode": 47001, "errmsg": "data format error"})
			return
		}
		c.Token = r.URL.Query().Get("access_token")
		f.mu.Lock()
		f.sent = append(f.sent, c)
		f.mu.Unlock()
		reply(w, map[string]any{"errcode": 0, "errmsg": "ok"})
	})
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func (f *wxAPI) calls() ([]wxCustom, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]wxCustom(nil), f.sent...), f.tokenHits
}

// wxPush posts body (a file of channels/wechat/testdata) to the gateway
// as WeChat does in safe mode (安全模式: <Encrypt> only), signed (or with
// a forged signature), and returns the status and the answer.
func wxPush(t *testing.T, base, name string, forged bool) (int, []byte) {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "channels", "wechat", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	nonce := strconv.FormatInt(now.UnixNano()%1e9, 10)
	enc, err := util.EncryptMsg([]byte("0123456789abcdef"), body, wxAppID, wxAESKey)
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{"signature": {util.Signature(wxToken, ts, nonce)}, "timestamp": {ts}, "nonce": {nonce},
		"openid": {wxOpenID}, "encrypt_type": {"aes"}, "msg_signature": {util.Signature(wxToken, ts, nonce, string(enc))}}
	if forged {
		q.Set("signature", strings.Repeat("f", 40))
	}
	envelope := "<xml><ToUserName><![CDATA[gh_6f1b2c3d4e5f]]></ToUserName><Encrypt><![CDATA[" + string(enc) + "]]></Encrypt></xml>"
	resp, err := http.Post(base+wxPath+"?"+q.Encode(), "text/xml", strings.NewReader(envelope))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// wxPassiveText checks an encrypted passive reply's signature as WeChat
// would, decrypts it and returns its text.
func wxPassiveText(t *testing.T, body []byte) string {
	t.Helper()
	var env message.ResponseEncryptedXMLMsg
	if err := xml.Unmarshal(body, &env); err != nil {
		t.Fatalf("encrypted reply %q: %v", body, err)
	}
	if env.MsgSignature != util.Signature(wxToken, strconv.FormatInt(env.Timestamp, 10), env.Nonce, env.EncryptedMsg) {
		t.Fatalf("reply MsgSignature does not verify: %s", body)
	}
	_, raw, err := util.DecryptMsg(wxAppID, env.EncryptedMsg, wxAESKey)
	if err != nil {
		t.Fatalf("decrypt reply: %v", err)
	}
	var r struct {
		ToUserName   string `xml:"ToUserName"`
		FromUserName string `xml:"FromUserName"`
		MsgType      string `xml:"MsgType"`
		Content      string `xml:"Content"`
	}
	if err := xml.Unmarshal(raw, &r); err != nil {
		t.Fatalf("reply %q: %v", raw, err)
	}
	if r.MsgType != "text" || r.ToUserName != wxOpenID || r.FromUserName != "gh_6f1b2c3d4e5f" {
		t.Fatalf("reply = %+v", r)
	}
	return r.Content
}

// TestWeChatThroughTheGateway runs the whole gateway as `hotline serve`
// builds it, with the WeChat section configured: the URL check, a
// safe-mode push answered passively, a forged push refused, and an
// agent's reply delivered through the customer-service API of the fake
// WeChat. (It lives here, not in channels/wechat, so that wechat's test
// binary does not compile and link the gateway.)
func TestWeChatThroughTheGateway(t *testing.T) {
	api := newWxAPI(t)
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	w := &cfg.Channels.WeChat
	w.AppID, w.AppSecret, w.Token, w.EncodingAESKey, w.APIBaseURL = wxAppID, wxAppSecret, wxToken, wxAESKey, api.URL
	// server.New checks the channel's settings as serve does, and a budget
	// outside WeChat's 5-second window is refused: this test runs with the
	// default budget, which one classification meets with seconds to spare.
	w.ReplyBudget = config.Duration(wechat.DefaultReplyBudget)
	cfg.Outbox.MinBackoff = config.Duration(20 * time.Millisecond)
	cfg.Outbox.MaxBackoff = config.Duration(100 * time.Millisecond)
	srv, err := server.New(cfg, server.Options{StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Store.Close() })
	web := httptest.NewServer(srv.Handler)
	t.Cleanup(web.Close)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Outbox.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })

	// The console's URL check.
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	q := url.Values{"signature": {util.Signature(wxToken, ts, "42")}, "timestamp": {ts}, "nonce": {"42"}, "echostr": {"hello"}}
	resp, err := http.Get(web.URL + wxPath + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(b) != "hello" {
		t.Fatalf("URL check = %d %q", resp.StatusCode, b)
	}

	status, body := wxPush(t, web.URL, "text.xml", false)
	if status != http.StatusOK {
		t.Fatalf("push answered %d: %s", status, body)
	}
	if reply := wxPassiveText(t, body); !strings.Contains(reply, "联系电话") {
		t.Errorf("passive reply = %q", reply)
	}
	if status, _ := wxPush(t, web.URL, "link.xml", true); status != http.StatusForbidden {
		t.Errorf("forged push answered %d", status)
	}

	// An agent takes the chat and answers: the outbox sends it as a
	// customer-service message (the citizen wrote seconds ago).
	convID := wechat.Name + ":" + wxOpenID
	if _, err := srv.Engine.Take(ctx, convID, "wang"); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Engine.Reply(ctx, convID, "wang", "您好，我是话务员小王，已为您登记。"); err != nil {
		t.Fatal(err)
	}
	eventstest.Until(t, srv.Hub, "the agent's message", func() bool {
		sent, _ := api.calls()
		for _, c := range sent {
			if c.ToUser == wxOpenID && strings.Contains(c.Text.Content, "话务员小王") && c.Token == "ACCESS_TOKEN_1" {
				return true
			}
		}
		return false
	})
	if _, hits := api.calls(); hits != 1 {
		t.Errorf("token fetched %d times", hits)
	}
}
