package telegram_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"hotline/channels/telegram"
	"hotline/outbound"

	"github.com/go-telegram/bot/models"
)

// TestCitizenTextsFromConfig: the notice for a too-long message and the
// label of the button that shares the citizen's number are the
// configured replies.too_long and replies.share_phone.
func TestCitizenTextsFromConfig(t *testing.T) {
	e := newEnv(t, nil)
	e.cfg.Replies.TooLong = "消息太长，请分段发送"
	e.cfg.Replies.SharePhone = "☎ 共享我的号码"
	ch := e.newChannel()
	mux := http.NewServeMux()
	ch.Routes(mux)
	req := httptest.NewRequest(http.MethodPost, e.cfg.Channels.Telegram.Path, strings.NewReader(privateText(1, 5001, 1, strings.Repeat("长", 4001))))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(telegram.SecretHeader, testSecret)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("webhook answered %d", rec.Code)
	}
	if err := ch.Send(context.Background(), outbound.Message{ID: "k1", Channel: "telegram", To: "5001", Text: e.cfg.Replies.AskPhone}); err != nil {
		t.Fatal(err)
	}
	sent := e.api.callsOf("sendMessage")
	if len(sent) != 2 {
		t.Fatalf("%d sendMessage calls, want 2: %s", len(sent), describe(sent))
	}
	if sent[0].Params["text"] != "消息太长，请分段发送" {
		t.Errorf("too-long notice %q", sent[0].Params["text"])
	}
	var kb models.ReplyKeyboardMarkup
	if err := json.Unmarshal([]byte(sent[1].Params["reply_markup"]), &kb); err != nil {
		t.Fatalf("reply_markup %q: %v", sent[1].Params["reply_markup"], err)
	}
	if len(kb.Keyboard) != 1 || kb.Keyboard[0][0].Text != "☎ 共享我的号码" || !kb.Keyboard[0][0].RequestContact {
		t.Errorf("keyboard %+v", kb.Keyboard)
	}
}
