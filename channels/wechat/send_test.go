package wechat_test

import (
	"context"
	"errors"
	"regexp"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"hotline/channels/wechat"
	"hotline/config"
	"hotline/inbound"
	"hotline/outbound"
)

const (
	templateID = "TPL_status_0001"
	orderText  = "您的工单20261127-0001已派发至任城区人民政府，将于2026年12月04日前办理答复，请保持电话畅通。"
	phone      = "13953706688"
)

func withTemplate(c *config.Config) {
	c.Channels.WeChat.TemplateID = templateID
	c.Channels.WeChat.TemplateFields = map[string]string{
		"first":    "{{.Text}}",
		"keyword1": "{{.Number}}",
		"keyword2": "{{.Status}}",
		"keyword3": "{{.Time}}",
		"remark":   "{{trunc 5 .Text}}",
	}
}

func outMessage(lastInbound time.Duration, phone string) outbound.Message {
	o := outbound.Message{ID: "wechat:" + openID + ":m:7", Channel: wechat.Name, To: openID, Text: orderText,
		Kind: "dispatched", Ticket: "20261127-0001", Phone: phone, Attempt: 1}
	if lastInbound > 0 {
		o.LastInbound = time.Now().Add(-lastInbound)
	}
	return o
}

// TestSendFallbacks walks the delivery ladder: customer-service message in
// the 48-hour window, template message outside it or when WeChat refuses,
// SMS when the phone is known, else a permanent failure.
func TestSendFallbacks(t *testing.T) {
	isNil := func(err error) bool { return err == nil }
	reroute := func(err error) bool {
		var rr *outbound.RerouteError
		return errors.As(err, &rr) && rr.Channel == "sms" && rr.To == phone && rr.Reason != ""
	}
	permanent := func(err error) bool {
		var pe *outbound.PermanentError
		return errors.As(err, &pe)
	}
	retryable := func(err error) bool { return err != nil && !permanent(err) && !reroute(err) }
	tests := []struct {
		name       string
		template   bool
		ago        time.Duration // since the citizen's last message; 0 = never
		phone      string
		customErr  int
		tmplErr    int
		want       func(error) bool
		custom     int // customer-service messages accepted
		templates  int // template messages accepted
		tmplStatus string
	}{
		{name: "in window", ago: time.Hour, want: isNil, custom: 1},
		{name: "in window with template configured", template: true, ago: 47 * time.Hour, want: isNil, custom: 1},
		{name: "out of time limit falls back to template", template: true, ago: time.Hour, customErr: 45015, want: isNil, templates: 1},
		{name: "out of count limit falls back to template", template: true, ago: time.Hour, customErr: 45047, want: isNil, templates: 1},
		{name: "outside window sends template only", template: true, ago: 49 * time.Hour, want: isNil, templates: 1},
		{name: "never wrote sends template", template: true, want: isNil, templates: 1},
		{name: "out of time limit without template reroutes to SMS", ago: time.Hour, phone: phone, customErr: 45015, want: reroute},
		{name: "outside window without template reroutes to SMS", ago: 49 * time.Hour, phone: phone, want: reroute},
		{name: "template refused reroutes to SMS", template: true, ago: 49 * time.Hour, phone: phone, tmplErr: 43004, want: reroute},
		{name: "no template and no phone fails for good", ago: 49 * time.Hour, want: permanent},
		{name: "template refused and no phone fails for good", template: true, ago: time.Hour, customErr: 45015, tmplErr: 43004, want: permanent},
		{name: "system error is retried", ago: time.Hour, phone: phone, customErr: -1, want: retryable},
		{name: "template system error is retried", template: true, ago: 49 * time.Hour, phone: phone, tmplErr: -1, want: retryable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *config.Config) {
				if tt.template {
					withTemplate(c)
				}
			})
			e.api.customErr[openID] = tt.customErr
			e.api.tmplErr[openID] = tt.tmplErr
			err := e.ch.Send(context.Background(), outMessage(tt.ago, tt.phone))
			if !tt.want(err) {
				t.Fatalf("Send = %v (%T)", err, err)
			}
			custom, tmpls := e.api.customCalls(), e.api.templateCalls()
			if len(custom) != tt.custom || len(tmpls) != tt.templates {
				t.Fatalf("custom = %+v, templates = %+v", custom, tmpls)
			}
			if tt.custom == 1 && (custom[0].ToUser != openID || custom[0].Text.Content != orderText) {
				t.Errorf("custom = %+v", custom[0])
			}
			if tt.templates == 1 {
				m := tmpls[0]
				if m.ToUser != openID || m.TemplateID != templateID || len(m.ClientMsgID) != 32 {
					t.Errorf("template message = %+v", m)
				}
				want := map[string]string{"first": orderText, "keyword1": "20261127-0001", "keyword2": "已派单", "remark": "您的工单2"}
				for k, v := range want {
					if m.Data[k].Value != v {
						t.Errorf("data[%s] = %q, want %q", k, m.Data[k].Value, v)
					}
				}
				if !regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d$`).MatchString(m.Data["keyword3"].Value) {
					t.Errorf("time = %q", m.Data["keyword3"].Value)
				}
			}
		})
	}
}

// TestTemplateIdempotencyKey: a retried message carries the same
// client_msg_id, so WeChat sends the template once.
func TestTemplateIdempotencyKey(t *testing.T) {
	e := newEnv(t, withTemplate)
	o := outMessage(0, "")
	for range 2 {
		if err := e.ch.Send(context.Background(), o); err != nil {
			t.Fatal(err)
		}
	}
	o.ID += "x"
	if err := e.ch.Send(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	m := e.api.templateCalls()
	if len(m) != 3 || m[0].ClientMsgID != m[1].ClientMsgID || m[1].ClientMsgID == m[2].ClientMsgID {
		t.Errorf("client_msg_ids = %q, %q, %q", m[0].ClientMsgID, m[1].ClientMsgID, m[2].ClientMsgID)
	}
}

func TestBadTemplateFieldStopsStartup(t *testing.T) {
	cfg := baseConfig(t, "http://127.0.0.1:1")
	withTemplate(cfg)
	cfg.Channels.WeChat.TemplateFields["keyword1"] = "{{.Number"
	_, err := wechat.New(wechat.Options{Config: cfg.Channels.WeChat, Replies: cfg.Replies, Engine: nil, KV: nil})
	if err == nil {
		t.Fatal("New accepted a config without engine")
	}
	e := newEnv(t, nil)
	_, err = wechat.New(wechat.Options{Config: cfg.Channels.WeChat, Replies: cfg.Replies, Engine: e.eng, KV: e.st})
	if err == nil || !regexp.MustCompile(`template_fields\.keyword1`).MatchString(err.Error()) {
		t.Errorf("New = %v, want an error naming template_fields.keyword1", err)
	}
}

// TestAccessTokenFetchedOnce: concurrent sends share one token, a restart
// reads it from the store, and a token WeChat says expired is dropped and
// fetched again once.
func TestAccessTokenFetchedOnce(t *testing.T) {
	e := newEnv(t, nil)
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = e.ch.Send(context.Background(), outMessage(time.Minute, ""))
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if h := e.api.hits(); h != 1 {
		t.Errorf("token endpoint hit %d times, want 1", h)
	}
	calls := e.api.customCalls()
	if len(calls) != n {
		t.Fatalf("%d messages sent, want %d", len(calls), n)
	}
	for _, c := range calls {
		if c.Token != "ACCESS_TOKEN_1" {
			t.Fatalf("sent with token %q", c.Token)
		}
	}
	if b, err := e.st.GetKV("wechat:cache:gowechat_officialaccount__stable_access_token_" + appID); err != nil || b == nil {
		t.Errorf("token not in the store: %q, %v", b, err)
	}

	// A restarted gateway finds the token in the store.
	ch2, err := wechat.New(wechat.Options{Config: e.cfg.Channels.WeChat, Replies: e.cfg.Replies, Engine: e.eng, KV: e.st})
	if err != nil {
		t.Fatal(err)
	}
	if err := ch2.Send(context.Background(), outMessage(time.Minute, "")); err != nil {
		t.Fatal(err)
	}
	if h := e.api.hits(); h != 1 {
		t.Errorf("after restart the token endpoint was hit %d times, want 1", h)
	}

	// WeChat expires the token: the channel drops it, fetches a new one
	// and sends again.
	e.api.mu.Lock()
	e.api.expireOnce = true
	e.api.mu.Unlock()
	if err := e.ch.Send(context.Background(), outMessage(time.Minute, "")); err != nil {
		t.Fatalf("Send after expiry = %v", err)
	}
	calls = e.api.customCalls()
	if h := e.api.hits(); h != 2 || calls[len(calls)-1].Token != "ACCESS_TOKEN_2" {
		t.Errorf("after expiry: %d token fetches, last sent with %q", h, calls[len(calls)-1].Token)
	}
}

func TestWrongSecretIsRetryable(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Channels.WeChat.AppSecret = "wrong" })
	err := e.ch.Send(context.Background(), outMessage(time.Minute, phone))
	var pe *outbound.PermanentError
	var rr *outbound.RerouteError
	if err == nil || errors.As(err, &pe) || errors.As(err, &rr) {
		t.Fatalf("Send = %v, want a retryable error", err)
	}
	if len(e.api.customCalls()) != 0 {
		t.Error("sent without a token")
	}
}

// TestOutboxReroutesToSMS: WeChat refuses the customer-service message
// (45015), no template is configured and the citizen gave a phone number:
// the outbox hands the reply to the sms channel.
func TestOutboxReroutesToSMS(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Channels.WeChat.ReplyBudget = config.Duration(time.Nanosecond) })
	e.api.customErr[openID] = 45015
	e.runOutbox(t)
	res, err := e.eng.Handle(context.Background(), inbound.Message{Channel: wechat.Name, UserID: openID, Phone: phone,
		Text: "任城区古槐路有烧烤摊占道经营，油烟很大"})
	if err != nil || len(res.Replies) == 0 {
		t.Fatalf("Handle = %+v, %v", res, err)
	}
	e.waitFor(t, "the SMS", func() bool { return len(e.sms.messages()) == len(res.Replies) })
	sms := e.sms.messages()
	if sms[0].To != phone || sms[0].Text != res.Replies[0].Text || !utf8.ValidString(sms[0].Text) {
		t.Errorf("sms = %+v", sms[0])
	}
	if len(e.api.customCalls()) != 0 {
		t.Error("customer-service message accepted")
	}
	// The SMS delivery settles the message as sent.
	e.waitFor(t, "the delivery status", func() bool {
		out := e.outbound(t)
		return len(out) > 0 && out[0].Status == "sent"
	})
}

// TestCustomerServiceLimit: after cs_limit customer-service messages in one
// window the template message takes over, until the citizen writes again.
func TestCustomerServiceLimit(t *testing.T) {
	e := newEnv(t, func(c *config.Config) {
		withTemplate(c)
		c.Channels.WeChat.CSLimit = 2
	})
	o := outMessage(time.Hour, "")
	for i := range 3 {
		o.ID = "wechat:" + openID + ":m:" + string(rune('a'+i))
		if err := e.ch.Send(context.Background(), o); err != nil {
			t.Fatal(err)
		}
	}
	if custom, tmpls := e.api.customCalls(), e.api.templateCalls(); len(custom) != 2 || len(tmpls) != 1 {
		t.Fatalf("3 messages in a window of 2: %d custom, %d template", len(custom), len(tmpls))
	}
	// The citizen writes again: a new window, customer-service again.
	o.LastInbound = time.Now()
	o.ID = "wechat:" + openID + ":m:z"
	if err := e.ch.Send(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if custom := e.api.customCalls(); len(custom) != 3 {
		t.Fatalf("new window did not reopen customer-service messages: %d", len(custom))
	}
}
