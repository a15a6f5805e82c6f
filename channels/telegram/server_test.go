package telegram_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hotline/channels/telegram"
	"hotline/config"
	"hotline/events/eventstest"
	"hotline/server"
	"hotline/store"
)

// TestGatewayInProcess runs the whole gateway as `hotline serve` builds
// it, with the real classifier: a web-chat citizen asks for a person, an
// agent takes the conversation in the Telegram group and answers, and the
// answer reaches the browser through the web chat's own API; a Telegram
// citizen is answered through sendMessage.
func TestGatewayInProcess(t *testing.T) {
	api := newFakeAPI(t)
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	tc := &cfg.Channels.Telegram
	tc.Token, tc.Secret, tc.APIBaseURL = testToken, testSecret, api.URL()
	withGroup(tc)
	if err := cfg.Validate(telegram.Descriptor.Check); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(cfg, server.Options{StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	hs := httptest.NewServer(srv.Handler)
	t.Cleanup(hs.Close)
	ctx, cancel := context.WithCancel(context.Background())
	var tg *telegram.Channel
	for _, ch := range srv.Channels {
		if ch.Name() == "telegram" {
			tg = ch.(*telegram.Channel)
		}
	}
	if tg == nil {
		t.Fatal("the server has no telegram channel")
	}
	tg.RetryEvery = 50 * time.Millisecond
	subs := srv.Hub.Subscribers()
	done := make(chan struct{}, 2)
	go func() { _ = srv.Outbox.Run(ctx); done <- struct{}{} }()
	go func() { _ = tg.Run(ctx); done <- struct{}{} }()
	t.Cleanup(func() { cancel(); <-done; <-done })
	eventstest.Subscribed(t, srv.Hub, subs+1)

	postJSON := func(path string, body any, header map[string]string) (int, map[string]any) {
		t.Helper()
		b, _ := json.Marshal(body)
		if s, ok := body.(string); ok {
			b = []byte(s)
		}
		req, _ := http.NewRequest(http.MethodPost, hs.URL+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	webhook := func(update string) {
		t.Helper()
		if code, _ := postJSON("/channels/telegram", update, map[string]string{telegram.SecretHeader: testSecret}); code != http.StatusOK {
			t.Fatalf("webhook answered %d", code)
		}
	}
	if code, _ := postJSON("/channels/telegram", privateText(1, 5001, 1, "你好"), nil); code != http.StatusForbidden {
		t.Fatalf("webhook without secret answered %d, want 403", code)
	}

	// A Telegram citizen gets the bot's answer by sendMessage.
	webhook(readUpdate(t, "start.json"))
	api.waitSent("5001", "", cfg.Channels.Telegram.Welcome)

	// A web-chat citizen asks for a person.
	code, conv := postJSON("/chat/api/conversations", map[string]any{}, nil)
	if code != http.StatusCreated {
		t.Fatalf("start conversation: %d", code)
	}
	token := conv["conversation_id"].(string)
	if code, _ := postJSON("/chat/api/messages", map[string]any{"conversation_id": token, "text": "人工", "client_id": "c1"}, nil); code != http.StatusOK {
		t.Fatalf("send: %d", code)
	}
	api.waitFor("the web chat's topic", func([]apiCall) bool { return len(api.callsOf("createForumTopic")) == 1 })
	if name := api.callsOf("createForumTopic")[0].Params["name"]; !strings.HasPrefix(name, "12345·网页·#") {
		t.Fatalf("topic name %q", name)
	}
	api.waitSent(group, "701", "👤 市民：人工")
	webhook(topicText(201, 301, 701, 42, "alice", "/take"))
	webhook(topicText(202, 302, 701, 42, "alice", "您好，我是话务员，请说说您的问题。"))

	// The browser sees the agent's answer.
	var got struct {
		Messages []struct{ From, Text string } `json:"messages"`
	}
	eventstest.Until(t, srv.Hub, "the agent's answer in the web chat", func() bool {
		resp, err := http.Get(hs.URL + "/chat/api/messages?conversation_id=" + token + "&after=0")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got.Messages = nil
		_ = json.NewDecoder(resp.Body).Decode(&got)
		for _, m := range got.Messages {
			if m.From == "agent" && m.Text == "您好，我是话务员，请说说您的问题。" {
				return true
			}
		}
		return false
	})
}
