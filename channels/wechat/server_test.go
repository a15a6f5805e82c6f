package wechat_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"hotline/channels/wechat"
	"hotline/config"
	"hotline/events/eventstest"
	"hotline/server"
	"hotline/store"
)

// TestGatewayInProcess runs the whole gateway as `hotline serve` builds it,
// with the WeChat section configured: the URL check, a safe-mode push
// answered passively, and an agent's reply delivered through the
// customer-service API of the fake WeChat.
func TestGatewayInProcess(t *testing.T) {
	api := newFakeAPI(t, appID, appSecret)
	cfg := baseConfig(t, api.URL)
	cfg.Server.DataDir = t.TempDir()
	// server.New checks the channel's settings as serve does, and a budget
	// outside WeChat's 5-second window is refused: this test runs with the
	// default budget, which one classification meets with seconds to spare.
	cfg.Channels.WeChat.ReplyBudget = config.Duration(wechat.DefaultReplyBudget)
	srv, err := server.New(cfg, server.Options{StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond}})
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
	resp, err := http.Get(web.URL + path + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(b) != "hello" {
		t.Fatalf("URL check = %d %q", resp.StatusCode, b)
	}

	e := &env{web: web}
	p := newPush(t, readFile(t, "text.xml"), safe, time.Now())
	if reply := e.send(t, p); !strings.Contains(reply, "联系电话") {
		t.Errorf("passive reply = %q", reply)
	}
	forged := newPush(t, readFile(t, "link.xml"), safe, time.Now())
	forged.query.Set("signature", strings.Repeat("f", 40))
	if status, _ := e.do(t, forged); status != http.StatusForbidden {
		t.Errorf("forged push answered %d", status)
	}

	// An agent takes the chat and answers: the outbox sends it as a
	// customer-service message (the citizen wrote seconds ago).
	if _, err := srv.Engine.Take(ctx, convID, "wang"); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Engine.Reply(ctx, convID, "wang", "您好，我是话务员小王，已为您登记。"); err != nil {
		t.Fatal(err)
	}
	eventstest.Until(t, srv.Hub, "the agent's message", func() bool {
		for _, c := range api.customCalls() {
			if c.ToUser == openID && strings.Contains(c.Text.Content, "话务员小王") {
				return true
			}
		}
		return false
	})
	if h := api.hits(); h != 1 {
		t.Errorf("token fetched %d times", h)
	}
}
