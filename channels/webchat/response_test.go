package webchat

import (
	"bytes"
	"net/http/httptest"
	"testing"
	"time"

	"hotline/httpx"
)

// TestResponsesAsMaps checks that the response structs write the bytes
// the maps they replaced wrote (keys sorted, HTML not escaped), with
// texts that JSON escapes and a zero and a non-zero limit.
func TestResponsesAsMaps(t *testing.T) {
	at := time.Date(2026, 12, 2, 9, 30, 0, 123000000, time.FixedZone("CST", 8*3600))
	msgs := []view{{ID: 7, From: "bot", Text: "您的诉求已登记<b>&\"\n", At: at}, {ID: 9, From: "bot", Text: "请核对", At: at, Status: "sent"}}
	cases := []struct {
		name      string
		got, want any
	}{
		{"start", startResponse{ConversationID: "0a1b", MaxTextLen: 4000, Messages: msgs[:1]},
			map[string]any{"conversation_id": "0a1b", "max_text_len": 4000, "messages": msgs[:1]}},
		{"start without a limit", startResponse{ConversationID: "0a1b", Messages: msgs[:1]},
			map[string]any{"conversation_id": "0a1b", "max_text_len": 0, "messages": msgs[:1]}},
		{"send", sendResponse{MessageID: 12, Replies: msgs},
			map[string]any{"message_id": uint64(12), "duplicate": false, "replies": msgs}},
		{"duplicate", sendResponse{Duplicate: true, Replies: []view{}},
			map[string]any{"message_id": uint64(0), "duplicate": true, "replies": []view{}}},
	}
	for _, c := range cases {
		got, want := httptest.NewRecorder(), httptest.NewRecorder()
		httpx.WriteJSON(got, 200, c.got)
		httpx.WriteJSON(want, 200, c.want)
		if !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
			t.Errorf("%s: %s\nwant %s", c.name, got.Body, want.Body)
		}
	}
}
