package telegram_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"hotline/channels/telegram"
	"hotline/config"
	"hotline/domain"
	"hotline/inbound"
	"hotline/outbound"
	"hotline/store"
	"hotline/ticket"
)

const citizenConv = "telegram:5001"

func TestWebhookSecret(t *testing.T) {
	body := privateText(1, 5001, 11, "路灯不亮了")
	tests := []struct {
		name     string
		secret   string
		wantCode int
		stored   int
	}{
		{"right secret", testSecret, http.StatusOK, 1},
		{"wrong secret", "s3cret-Token_2", http.StatusForbidden, 0},
		{"secret with a prefix of the right one", testSecret[:5], http.StatusForbidden, 0},
		{"missing secret", "", http.StatusForbidden, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			if code := e.post(body, tt.secret); code != tt.wantCode {
				t.Fatalf("status %d, want %d", code, tt.wantCode)
			}
			if n := len(citizenMessages(e.messages(citizenConv))); n != tt.stored {
				t.Fatalf("%d messages stored, want %d", n, tt.stored)
			}
		})
	}
}

func TestWebhookRefusesEverythingWithoutSecret(t *testing.T) {
	e := newEnv(t, func(tc *config.Telegram) { tc.Secret = "" })
	for _, s := range []string{"", "anything"} {
		if code := e.post(privateText(1, 5001, 11, "路灯不亮了"), s); code != http.StatusForbidden {
			t.Fatalf("secret %q: status %d, want 403", s, code)
		}
	}
	if len(e.messages(citizenConv)) != 0 {
		t.Fatal("a message was stored")
	}
}

func TestWebhookRejectsBadBodies(t *testing.T) {
	big := privateText(1, 5001, 11, strings.Repeat("路", telegram.MaxBody/3+10))
	tests := []struct {
		name string
		body string
		want int
	}{
		{"over 1 MB", big, http.StatusRequestEntityTooLarge},
		{"not JSON", `{"update_id":1,"message":`, http.StatusBadRequest},
		{"no update_id", `{"message":{"message_id":1,"chat":{"id":5001,"type":"private"},"text":"hi"}}`, http.StatusBadRequest},
		{"wrong type", `{"update_id":"one"}`, http.StatusBadRequest},
		{"invalid UTF-8", "{\"update_id\":1,\"message\":{\"text\":\"\xff\"}}", http.StatusBadRequest},
		{"trailing data", `{"update_id":1}{"update_id":2}`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			if code := e.post(tt.body, testSecret); code != tt.want {
				t.Fatalf("status %d, want %d", code, tt.want)
			}
			if len(e.messages(citizenConv)) != 0 {
				t.Fatal("a message was stored")
			}
		})
	}
}

func TestCitizenMessage(t *testing.T) {
	tests := []struct {
		file string
		ok   bool
		want inbound.Message
	}{
		{"text.json", true, inbound.Message{Channel: "telegram", UserID: "5001", ExternalID: "5001:11", ExternalTime: time.Unix(1795750800, 0), Text: "任城区古槐路的路灯不亮了"}},
		{"photo.json", true, inbound.Message{Channel: "telegram", UserID: "5001", ExternalID: "5001:12", ExternalTime: time.Unix(1795750810, 0), Text: "井盖丢了，很危险",
			Media: []inbound.Media{{Kind: "image", ID: "AgACAgUAAxkBAAIBlarge"}}}},
		{"location.json", true, inbound.Message{Channel: "telegram", UserID: "5001", ExternalID: "5001:13", ExternalTime: time.Unix(1795750820, 0),
			Location: &ticket.Location{Lat: 35.414921, Lng: 116.587245}}},
		{"venue.json", true, inbound.Message{Channel: "telegram", UserID: "5001", ExternalID: "5001:14", ExternalTime: time.Unix(1795750830, 0),
			Location: &ticket.Location{Lat: 35.5571, Lng: 116.8281, Label: "兖州区人民政府 兖州区建设东路"}}},
		{"voice.json", true, inbound.Message{Channel: "telegram", UserID: "5001", ExternalID: "5001:19", ExternalTime: time.Unix(1795750880, 0),
			Media: []inbound.Media{{Kind: "voice", ID: "AwACAgUAAxkBAAIBvoice"}}}},
		{"contact_own.json", true, inbound.Message{Channel: "telegram", UserID: "5001", ExternalID: "5001:15", ExternalTime: time.Unix(1795750840, 0), Phone: "13953706688", Name: "明 王"}},
		{"contact_other.json", false, inbound.Message{}},
		{"start.json", true, inbound.Message{Channel: "telegram", UserID: "5001", ExternalID: "5001:1", ExternalTime: time.Unix(1795750700, 0), Event: "start"}},
		{"group_text.json", false, inbound.Message{}},
		{"edited.json", false, inbound.Message{}},
		{"sticker.json", false, inbound.Message{}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			upd, err := telegram.ParseUpdate([]byte(readUpdate(t, tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			got, ok := telegram.CitizenMessage(upd)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestWebhookStoresEveryMessageType sends each kind of update through the
// webhook and checks what the conversation recorded.
func TestWebhookStoresEveryMessageType(t *testing.T) {
	e := newEnv(t, nil)
	for _, f := range []string{"start.json", "text.json", "photo.json", "location.json", "venue.json", "voice.json",
		"contact_own.json", "contact_other.json", "group_text.json", "edited.json", "sticker.json"} {
		e.update(readUpdate(t, f))
	}
	in := citizenMessages(e.messages(citizenConv))
	// /start is an event, not a message: only its welcome is recorded.
	if len(in) != 6 {
		t.Fatalf("%d inbound messages stored, want 6 (text, photo, location, venue, voice, own contact)", len(in))
	}
	if in[0].Text != "任城区古槐路的路灯不亮了" || in[0].ExternalID != "5001:11" {
		t.Errorf("text message stored as %+v", in[0])
	}
	if len(in[1].Media) != 1 || in[1].Media[0] != (domain.MediaRef{Kind: "image", ID: "AgACAgUAAxkBAAIBlarge"}) || in[1].Text != "井盖丢了，很危险" {
		t.Errorf("photo stored as %+v", in[1])
	}
	if l := in[2].Location; l == nil || l.Lat != 35.414921 || l.Lng != 116.587245 {
		t.Errorf("location stored as %+v", in[2].Location)
	}
	if l := in[3].Location; l == nil || l.Label != "兖州区人民政府 兖州区建设东路" {
		t.Errorf("venue stored as %+v", in[3].Location)
	}
	if len(in[4].Media) != 1 || in[4].Media[0].Kind != "voice" {
		t.Errorf("voice stored as %+v", in[4])
	}
	if in[5].ExternalID != "5001:15" {
		t.Errorf("contact stored as %+v", in[5])
	}
	var cit *domain.Citizen
	err := e.st.View(func(tx *store.Tx) error {
		var err error
		cit, err = tx.CitizenByIdentity("telegram", "5001")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cit.Phones, []string{"13953706688"}) {
		t.Errorf("citizen phones %v, want only the own contact's number", cit.Phones)
	}
	if len(e.messages(inbound.ConversationID("telegram", "-1009876543210"))) != 0 {
		t.Error("a group's message was stored")
	}
}

func TestStartSendsTheTelegramWelcome(t *testing.T) {
	tests := []struct {
		name    string
		welcome string
		want    func(cfg *config.Config) string
	}{
		{"channel welcome", "欢迎使用12345 Telegram 服务！", func(cfg *config.Config) string { return "欢迎使用12345 Telegram 服务！" }},
		{"engine welcome", "", func(cfg *config.Config) string { return cfg.Replies.Welcome }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(tc *config.Telegram) { tc.Welcome = tt.welcome })
			e.update(readUpdate(t, "start.json"))
			e.deliver()
			sent := e.api.callsOf("sendMessage")
			if len(sent) != 1 {
				t.Fatalf("%d sendMessage calls, want 1: %s", len(sent), describe(sent))
			}
			want := map[string]string{"chat_id": "5001", "text": tt.want(e.cfg)}
			if !reflect.DeepEqual(sent[0].Params, want) {
				t.Fatalf("sendMessage params %v, want %v", sent[0].Params, want)
			}
		})
	}
}

func TestContactLinksCitizenAcrossChannels(t *testing.T) {
	e := newEnv(t, nil)
	// The same person wrote by SMS before.
	if _, err := e.eng.Handle(context.Background(), inbound.Message{Channel: "sms", UserID: "+8613953706688",
		Phone: "13953706688", Text: "任城区古槐路路灯不亮"}); err != nil {
		t.Fatal(err)
	}
	e.update(readUpdate(t, "contact_own.json"))
	err := e.st.View(func(tx *store.Tx) error {
		tg, err := tx.CitizenByIdentity("telegram", "5001")
		if err != nil {
			return err
		}
		sms, err := tx.CitizenByIdentity("sms", "+8613953706688")
		if err != nil {
			return err
		}
		for _, c := range []**domain.Citizen{&tg, &sms} {
			if (*c).MergedInto != "" {
				if *c, err = tx.Citizen((*c).MergedInto); err != nil {
					return err
				}
			}
		}
		if tg.ID != sms.ID {
			t.Errorf("telegram citizen %s and SMS citizen %s are not linked", tg.ID, sms.ID)
		}
		if !reflect.DeepEqual(tg.Phones, []string{"13953706688"}) {
			t.Errorf("phones %v", tg.Phones)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Someone else's contact card links nothing.
	e2 := newEnv(t, nil)
	if _, err := e2.eng.Handle(context.Background(), inbound.Message{Channel: "sms", UserID: "+8613953709999",
		Phone: "13953709999", Text: "路灯不亮"}); err != nil {
		t.Fatal(err)
	}
	e2.update(readUpdate(t, "contact_other.json"))
	err = e2.st.View(func(tx *store.Tx) error {
		if _, err := tx.CitizenByIdentity("telegram", "5001"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a citizen was recorded for someone else's contact (err %v)", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestContactPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"8613953706688", "13953706688"},
		{"+8613953706688", "13953706688"},
		{"+86 139-5370-6688", "13953706688"},
		{"008613953706688", "13953706688"},
		{"13105551234", "+13105551234"}, // Telegram numbers carry their country code: a US number
		{"+1 (310) 555-1234", "+13105551234"},
		{"85291234567", "+85291234567"},
		{"86053772123456", "0537-72123456"}, // a mainland landline in its national form, as SMS and the extractor write it
		{"", ""},
		{"12", ""},
		{"tel:13953706688", ""},
		{"1234567890123456", ""},
	}
	for _, tt := range tests {
		if got := telegram.ContactPhone(tt.in); got != tt.want {
			t.Errorf("ContactPhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDuplicateUpdateIsHandledOnce(t *testing.T) {
	e := newEnv(t, nil)
	body := readUpdate(t, "text.json")
	for range 3 {
		e.update(body)
	}
	if n := len(citizenMessages(e.messages(citizenConv))); n != 1 {
		t.Fatalf("%d inbound messages after 3 deliveries of one update, want 1", n)
	}
	e.deliver()
	if n := len(e.api.callsOf("sendMessage")); n != 1 {
		t.Fatalf("%d replies sent, want 1", n)
	}
}

func TestSendParams(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	if err := e.ch.Send(ctx, outbound.Message{ID: "k1", Channel: "telegram", To: "5001", Text: "您的工单已登记。"}); err != nil {
		t.Fatal(err)
	}
	if err := e.ch.Send(ctx, outbound.Message{ID: "k2", Channel: "telegram", To: "5001", Text: e.cfg.Replies.AskPhone}); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("长", 4000) + "\n" + strings.Repeat("文", 100)
	if err := e.ch.Send(ctx, outbound.Message{ID: "k3", Channel: "telegram", To: "5001", Text: long}); err != nil {
		t.Fatal(err)
	}
	sent := e.api.callsOf("sendMessage")
	if len(sent) != 4 {
		t.Fatalf("%d sendMessage calls, want 4: %s", len(sent), describe(sent))
	}
	if want := map[string]string{"chat_id": "5001", "text": "您的工单已登记。"}; !reflect.DeepEqual(sent[0].Params, want) {
		t.Errorf("plain reply params %v, want %v", sent[0].Params, want)
	}
	var kb models.ReplyKeyboardMarkup
	if err := json.Unmarshal([]byte(sent[1].Params["reply_markup"]), &kb); err != nil {
		t.Fatalf("reply_markup %q: %v", sent[1].Params["reply_markup"], err)
	}
	if sent[1].Params["text"] != e.cfg.Replies.AskPhone || len(kb.Keyboard) != 1 || !kb.Keyboard[0][0].RequestContact || !kb.OneTimeKeyboard {
		t.Errorf("phone question sent as %v", sent[1].Params)
	}
	if sent[2].Params["text"] != strings.Repeat("长", 4000) || sent[3].Params["text"] != "\n"+strings.Repeat("文", 100) {
		t.Errorf("a long reply was split as %d + %d characters", len([]rune(sent[2].Params["text"])), len([]rune(sent[3].Params["text"])))
	}
}

func TestSendErrors(t *testing.T) {
	tests := []struct {
		name      string
		err       apiErr
		permanent bool
		contains  string
	}{
		{"blocked by the user", apiErr{Code: 403, Desc: "Forbidden: bot was blocked by the user"}, true, "blocked"},
		{"chat not found", apiErr{Code: 400, Desc: "Bad Request: chat not found"}, true, "chat not found"},
		{"flood control", apiErr{Code: 429, Desc: "Too Many Requests: retry after 7", RetryAfter: 7}, false, "retry after 7"},
		{"server error", apiErr{Code: 500, Desc: "Internal Server Error"}, false, "500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.api.fail("5001", tt.err)
			err := e.ch.Send(context.Background(), outbound.Message{ID: "k", Channel: "telegram", To: "5001", Text: "您好"})
			if err == nil {
				t.Fatal("Send succeeded")
			}
			var perm *outbound.PermanentError
			if errors.As(err, &perm) != tt.permanent {
				t.Fatalf("permanent = %v, want %v (%v)", !tt.permanent, tt.permanent, err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Fatalf("error %q does not mention %q", err, tt.contains)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Fatalf("error %q shows the token", err)
			}
		})
	}
	t.Run("not a chat id", func(t *testing.T) {
		e := newEnv(t, nil)
		err := e.ch.Send(context.Background(), outbound.Message{ID: "k", Channel: "telegram", To: "wx-openid", Text: "您好"})
		var perm *outbound.PermanentError
		if !errors.As(err, &perm) {
			t.Fatalf("err %v, want permanent", err)
		}
	})
}

// TestBlockedCitizenFailsOnce checks the outbox gives up at once on a
// citizen who blocked the bot, and retries flood control.
func TestBlockedCitizenFailsOnce(t *testing.T) {
	e := newEnv(t, nil)
	e.api.fail("5001", apiErr{Code: 403, Desc: "Forbidden: bot was blocked by the user"})
	e.api.fail("5002", apiErr{Code: 429, Desc: "Too Many Requests: retry after 5", RetryAfter: 5})
	e.update(privateText(1, 5001, 11, "路灯不亮了"))
	e.update(privateText(2, 5002, 11, "路灯不亮了"))
	e.deliver()
	status := func(conv string) string {
		msgs := e.messages(conv)
		return msgs[len(msgs)-1].Status
	}
	if s := status(citizenConv); s != "failed" {
		t.Errorf("reply to the blocked citizen is %q, want failed", s)
	}
	if s := status("telegram:5002"); s != "retrying" {
		t.Errorf("reply under flood control is %q, want retrying", s)
	}
	if n := len(e.api.callsOf("sendMessage")); n != 2 {
		t.Errorf("%d sendMessage calls, want 2", n)
	}
}

func TestConfigChecks(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*config.Telegram)
		path string
	}{
		{"group id is positive", func(tc *config.Telegram) { tc.AgentGroupID = 1234567890; tc.AgentIDs = []int64{42} }, "channels.telegram.agent_group_id"},
		{"group without agents", func(tc *config.Telegram) { tc.AgentGroupID = groupID }, "channels.telegram.agent_group_id"},
		{"agent id not a user", func(tc *config.Telegram) { tc.AgentGroupID = groupID; tc.AgentIDs = []int64{42, -5} }, "channels.telegram.agent_ids[1]"},
		{"webhook without secret", func(tc *config.Telegram) { tc.Secret = "" }, "channels.telegram.token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Default()
			if err != nil {
				t.Fatal(err)
			}
			cfg.Channels.Telegram.Token, cfg.Channels.Telegram.Secret = testToken, testSecret
			if err := cfg.Validate(telegram.Descriptor.Check); err != nil {
				t.Fatalf("valid config refused: %v", err)
			}
			tt.mod(&cfg.Channels.Telegram)
			err = cfg.Validate(telegram.Descriptor.Check)
			if err == nil || !strings.Contains(err.Error(), tt.path) {
				t.Fatalf("Validate(Descriptor.Check) = %v, want a problem at %s", err, tt.path)
			}
		})
	}
}

func TestTooLongMessageIsExplained(t *testing.T) {
	e := newEnv(t, nil)
	e.update(privateText(1, 5001, 11, strings.Repeat("路", e.cfg.Bot.MaxTextLen+1)))
	if len(e.messages(citizenConv)) != 0 {
		t.Fatal("an over-long message was stored")
	}
	p := e.api.waitSent("5001", "", "过长")
	if p["chat_id"] != "5001" {
		t.Fatalf("notice sent as %v", p)
	}
}
