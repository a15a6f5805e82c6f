package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestInputNits: the small inputs issue 12 found accepted or answered
// badly.
func TestInputNits(t *testing.T) {
	ts := newTestServer(t, time.Now())
	big := bytes.Repeat([]byte("a"), 10<<20)

	// A 10 MB body to open a conversation: 413, not ignored.
	code, body := ts.do(t, "POST", "/chat/api/conversations", big)
	if code != http.StatusRequestEntityTooLarge {
		t.Errorf("10 MB body to POST /chat/api/conversations: %d %s", code, body)
	}
	if code, body := ts.do(t, "POST", "/chat/api/conversations", []byte("{}")); code != http.StatusCreated {
		t.Errorf("an empty JSON object is still fine: %d %s", code, body)
	}

	// A 10 MB message sent with Expect: 100-continue: the client gets the
	// 413 and never sends the body.
	tr := &http.Transport{ExpectContinueTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest("POST", ts.url+"/chat/api/messages", bytes.NewReader(big))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Expect", "100-continue")
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatalf("Expect: 100-continue: %v (a reset instead of 413)", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("Expect: 100-continue with 10 MB: %d", resp.StatusCode)
	}

	// A message of only NUL characters: refused with a clear error,
	// nothing stored.
	conv := ts.open(t)
	b, _ := json.Marshal(map[string]string{"conversation_id": conv, "text": "\x00\x00\x00", "client_id": "nul"})
	code, body = ts.do(t, "POST", "/chat/api/messages", b)
	if code < 400 || code >= 500 || !strings.Contains(string(body), "控制字符") {
		t.Errorf("NUL-only message: %d %s", code, body)
	}
	_, msgs, err := ts.Engine.Conversation(conv, 0)
	if err == nil && len(msgs) > 1 {
		t.Errorf("the NUL-only message was stored: %d messages", len(msgs))
	}
}
