package sms

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"hotline/config"
)

var opaqueID = regexp.MustCompile(`^sms:[0-9a-f]{20}$`)

func TestConversationID(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	a := ConversationID(key, "+8613953706688")
	if !opaqueID.MatchString(a) {
		t.Fatalf("ConversationID = %q, want sms: and 20 hex digits", a)
	}
	for _, digits := range []string{"13953706688", "3953706688", "53706688", "6688"} {
		if strings.Contains(a, digits) {
			t.Errorf("%q shows the number's digits %s", a, digits)
		}
	}
	if b := ConversationID(key, "+8613953706688"); b != a {
		t.Errorf("not stable: %q, %q", a, b)
	}
	if b := ConversationID(key, "+8613953706689"); b == a {
		t.Errorf("two numbers share %q", a)
	}
	if b := ConversationID([]byte("another key"), "+8613953706688"); b == a {
		t.Errorf("two keys give the same %q", a)
	}
	if got := ConversationID(nil, "+8613953706688"); got != "" {
		t.Errorf("without a key = %q, want empty", got)
	}
}

// TestInboundConversationIDs: with Options.Key, SMS from one number (in
// whatever form the gateway writes it) map to one opaque conversation the
// engine may create; other numbers to others; the user id stays the
// number. Without a key the engine names the conversation.
func TestInboundConversationIDs(t *testing.T) {
	key := []byte("hotline-test-conversation-key")
	withKey := func(_ *config.Kannel, o *Options) { o.Key = key }
	eng := newFakeEngine()
	_, h := newTestKannel(t, eng, "http://127.0.0.1:9", withKey)
	post := func(id, from string) {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, "/channels/sms/kannel?secret="+testSecret+"&from="+from+"&id="+id, strings.NewReader("路灯坏了"))
		req.RemoteAddr = "127.0.0.1:1"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusAccepted {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
	post("k1", "8613953706688")
	post("k2", "%2B8613953706688")
	post("k3", "13953706688")
	post("k4", "13800000001")
	msgs := eng.messages()
	if len(msgs) != 4 {
		t.Fatalf("engine got %d messages", len(msgs))
	}
	id := msgs[0].ConversationID
	if !opaqueID.MatchString(id) || strings.Contains(id, "13953706688") || strings.Contains(id, "6688") {
		t.Fatalf("conversation id %q is not opaque", id)
	}
	for i, m := range msgs[:3] {
		if m.ConversationID != id || !m.Create || m.UserID != "+8613953706688" || m.Phone != "13953706688" {
			t.Errorf("message %d: conversation %q create %v user %q phone %q", i+1, m.ConversationID, m.Create, m.UserID, m.Phone)
		}
	}
	if other := msgs[3]; other.ConversationID == id || !opaqueID.MatchString(other.ConversationID) || other.UserID != "+8613800000001" {
		t.Errorf("another number: conversation %q user %q", other.ConversationID, other.UserID)
	}

	// Twilio names them the same way.
	teng := newFakeEngine("好")
	ch, err := NewTwilio(config.Twilio{AccountSID: testSID, AuthToken: testToken, From: "+15005550006", APIBaseURL: "http://127.0.0.1:9", WebhookURL: hookURL},
		Options{Engine: teng, SMS: testSMSConfig(), Replies: testReplies(), Key: key})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	ch.Routes(mux)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, twilioPost("/channels/sms/twilio", hookURL, testToken, inboundForm("SMc1", "你好")))
	if got := teng.messages(); rec.Code != http.StatusOK || len(got) != 1 || got[0].ConversationID != id || !got[0].Create {
		t.Errorf("twilio: status %d, messages %+v", rec.Code, got)
	}

	// Without a key: no conversation id, nothing created by the channel.
	plain := newFakeEngine()
	_, h = newTestKannel(t, plain, "http://127.0.0.1:9", nil)
	req := httptest.NewRequest(http.MethodPost, "/channels/sms/kannel?secret="+testSecret+"&from=8613953706688&id=p1", strings.NewReader("路灯坏了"))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if got := plain.messages(); len(got) != 1 || got[0].ConversationID != "" || got[0].Create {
		t.Errorf("without a key: %+v", got)
	}
}
