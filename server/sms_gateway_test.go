package server_test

import (
	"context"
	"encoding/xml"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/channels/sms"
	"hotline/config"
	"hotline/domain"
	"hotline/events/eventstest"
	"hotline/server"
	"hotline/store"
)

const smsSecret = "e2e-secret-0123456789"

// smsGateway is a hotline running in-process with the SMS channel.
type smsGateway struct {
	srv *server.Server
	url string
}

func startSMSGateway(t *testing.T, edit func(cfg *config.Config, base string)) *smsGateway {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	// The handler is built before the listener knows its address, so
	// the base URL is fixed by wrapping the test server's handler.
	var h http.Handler
	var mu sync.RWMutex
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.RLock()
		defer mu.RUnlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	cfg.Server.BaseURL = ts.URL
	edit(cfg, ts.URL)
	srv, err := server.New(cfg, server.Options{StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	mu.Lock()
	h = srv.Handler
	mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); srv.Outbox.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return &smsGateway{srv: srv, url: ts.URL}
}

// conversation returns the SMS conversation of e164 and its messages,
// whether the engine named it sms:+86… or the channel gave it an opaque
// id (sms.Options.Key): then it is found through the citizen.
func (g *smsGateway) conversation(e164 string) (*domain.Conversation, []*domain.Message, error) {
	var conv *domain.Conversation
	var msgs []*domain.Message
	err := g.srv.Store.View(func(tx *store.Tx) error {
		var err error
		conv, err = tx.Conversation("sms:" + e164)
		if errors.Is(err, store.ErrNotFound) {
			conv, err = smsConversationOf(tx, e164)
		}
		if err != nil {
			return err
		}
		msgs, err = tx.Messages(conv.ID, 0, 0)
		return err
	})
	return conv, msgs, err
}

func smsConversationOf(tx *store.Tx, e164 string) (*domain.Conversation, error) {
	c, err := tx.CitizenByIdentity("sms", e164)
	if err != nil {
		return nil, err
	}
	convs, err := tx.ConversationsOf(c.ID)
	if err != nil {
		return nil, err
	}
	for _, conv := range convs {
		if conv.Channel == "sms" && conv.UserID == e164 {
			return conv, nil
		}
	}
	return nil, store.ErrNotFound
}

// waitFor waits until cond holds, checking it again at each event the
// gateway publishes (messages stored, deliveries and their reports
// recorded).
func (g *smsGateway) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	eventstest.Until(t, g.srv.Hub, what, cond)
}

func outgoing(msgs []*domain.Message) []*domain.Message {
	var out []*domain.Message
	for _, m := range msgs {
		if m.Direction == domain.Out {
			out = append(out, m)
		}
	}
	return out
}

// fakeKannel is smsbox's sendsms interface that, like the fake SMSC,
// reports "SMSC ack" and then "delivered" to the dlr-url.
type fakeKannel struct {
	mu   sync.Mutex
	sent []url.Values
}

func (f *fakeKannel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f.mu.Lock()
	f.sent = append(f.sent, q)
	f.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
	w.Write([]byte("0: Accepted for delivery"))
	if dlr := q.Get("dlr-url"); dlr != "" {
		go func() {
			for _, typ := range []string{"8", "1"} {
				u := strings.NewReplacer("%d", typ, "%T", "1795760000").Replace(dlr)
				if resp, err := http.Get(u); err == nil {
					resp.Body.Close()
				}
			}
		}()
	}
}

func (f *fakeKannel) texts() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, q := range f.sent {
		out = append(out, q.Get("text"))
	}
	return out
}

func TestKannelThroughTheGateway(t *testing.T) {
	fk := &fakeKannel{}
	smsbox := httptest.NewServer(fk)
	defer smsbox.Close()
	gw := startSMSGateway(t, func(cfg *config.Config, base string) {
		cfg.Channels.Kannel = config.Kannel{SendURL: smsbox.URL + "/cgi-bin/sendsms", Username: "gw", Password: "gwpass",
			Sender: "12345", Path: sms.DefaultKannelPath, Secret: smsSecret}
	})
	post := func(id, text string) *http.Response {
		t.Helper()
		u := gw.url + "/channels/sms/kannel?secret=" + smsSecret + "&from=8613953706688&to=12345&id=" + id + "&ts=1795759950&coding=0&charset=UTF-8"
		resp, err := http.Post(u, "text/plain; charset=UTF-8", strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post("mo-1", "任城区古槐路有烧烤摊占道经营，油烟很大"); resp.StatusCode != http.StatusAccepted || resp.ContentLength > 0 {
		t.Fatalf("MO answered %d with %d bytes", resp.StatusCode, resp.ContentLength)
	}
	var replies []*domain.Message
	gw.waitFor(t, "the reply's delivery report", func() bool {
		_, msgs, err := gw.conversation("+8613953706688")
		if err != nil {
			return false
		}
		replies = outgoing(msgs)
		return len(replies) > 0 && !slices.ContainsFunc(replies, func(m *domain.Message) bool { return m.Status != "delivered" })
	})
	// Every part of every reply went out once (workers send in parallel).
	var want []string
	for _, r := range replies {
		want = append(want, sms.Split(r.Text, 3)...)
	}
	sent := fk.texts()
	slices.Sort(want)
	slices.Sort(sent)
	if !slices.Equal(sent, want) {
		t.Errorf("sendsms got\n%q\nwant\n%q", sent, want)
	}
	// The citizen is linked by the national form of the number.
	var phones []string
	err := gw.srv.Store.View(func(tx *store.Tx) error {
		c, err := tx.CitizenByIdentity("sms", "+8613953706688")
		if err == nil {
			phones = c.Phones
		}
		return err
	})
	if err != nil || !slices.Contains(phones, "13953706688") {
		t.Errorf("citizen phones = %v (%v)", phones, err)
	}
	// Without the secret nothing is stored.
	resp, err := http.Post(gw.url+"/channels/sms/kannel?from=8613800000001&id=x", "text/plain", strings.NewReader("伪造"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("unauthenticated MO: %d", resp.StatusCode)
	}
	if _, _, err := gw.conversation("+8613800000001"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unauthenticated MO stored a conversation (%v)", err)
	}
}

func TestTwilioThroughTheGateway(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{"sid":"SM1"}`))
	}))
	defer api.Close()
	const token = "e2e-twilio-token"
	var hook string
	gw := startSMSGateway(t, func(cfg *config.Config, base string) {
		hook = base + "/channels/sms/twilio"
		cfg.Channels.Twilio = config.Twilio{AccountSID: "AC0123", AuthToken: token, From: "+15005550006",
			APIBaseURL: api.URL, Path: sms.DefaultTwilioPath, WebhookURL: hook}
	})
	form := url.Values{"MessageSid": {"SMabc"}, "From": {"+8613953706688"}, "To": {"+15005550006"},
		"Body": {"任城区古槐路有烧烤摊占道经营，油烟很大"}, "NumMedia": {"0"}}
	req, _ := http.NewRequest(http.MethodPost, hook, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", sms.TwilioSignature(token, hook, form))
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var twiml struct {
		Messages []string `xml:"Message"`
	}
	if err := xml.NewDecoder(resp.Body).Decode(&twiml); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("answer %d: %v", resp.StatusCode, err)
	}
	if len(twiml.Messages) == 0 {
		t.Fatal("no TwiML reply")
	}
	t.Logf("TwiML answer after %s: %q", time.Since(start).Round(time.Millisecond), twiml.Messages)
	_, msgs, err := gw.conversation("+8613953706688")
	if err != nil {
		t.Fatal(err)
	}
	replies := outgoing(msgs)
	if len(replies) == 0 || sms.Split(replies[0].Text, 3)[0] != twiml.Messages[0] {
		t.Errorf("TwiML %q does not carry the stored reply", twiml.Messages)
	}
	for _, m := range replies {
		if m.Status != "sent" {
			t.Errorf("reply %d status %q, want sent (answered in TwiML)", m.ID, m.Status)
		}
	}
	// A forged request is refused and not stored.
	form.Set("MessageSid", "SMforged")
	form.Set("From", "+8613800000001")
	req, _ = http.NewRequest(http.MethodPost, hook, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", sms.TwilioSignature("guess", hook, form))
	resp2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusForbidden {
		t.Errorf("forged webhook: %d", resp2.StatusCode)
	}
	if _, _, err := gw.conversation("+8613800000001"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("forged webhook stored a conversation (%v)", err)
	}
}

func TestWireRefusesTwoGateways(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	cfg.Channels.Kannel = config.Kannel{SendURL: "http://127.0.0.1:13013/cgi-bin/sendsms", Username: "gw", Password: "p", Secret: smsSecret}
	cfg.Channels.Twilio = config.Twilio{AccountSID: "AC1", AuthToken: "t", From: "+15005550006"}
	srv, err := server.New(cfg, server.Options{})
	if err == nil {
		srv.Close()
		t.Fatal("server.New accepted both kannel and twilio")
	}
	if !strings.Contains(err.Error(), "只能配置一个短信网关") {
		t.Errorf("error = %v", err)
	}
}
