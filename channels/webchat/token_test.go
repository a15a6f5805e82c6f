package webchat

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"hotline/domain"
	"hotline/httpx"
	"hotline/inbound"
)

func TestTokensSortByCreationAndVerify(t *testing.T) {
	c := New(nil, nil, "", []byte("test key of the web chat tokens"))
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	var tokens []string
	for i := range 200 {
		tok, err := c.newToken(t0.Add(time.Duration(i) * time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		if len(tok) != tokenLen {
			t.Fatalf("token %q has %d characters, want %d", tok, len(tok), tokenLen)
		}
		if err := c.checkToken(tok); err != nil {
			t.Fatalf("own token %q rejected: %v", tok, err)
		}
		tokens = append(tokens, tok)
	}
	// Conversations opened a millisecond apart are neighbours in the
	// store's key order (what keeps a busy commit's pages few).
	if !slices.IsSorted(tokens) {
		t.Errorf("tokens are not in creation order: %q", tokens[:5])
	}
	if a, b := tokens[0], tokens[1]; a == b {
		t.Errorf("two tokens are equal: %q", a)
	}
}

func TestCheckTokenTellsMalformedFromForged(t *testing.T) {
	c := New(nil, nil, "", []byte("key A"))
	other := New(nil, nil, "", []byte("key B"))
	forged, err := other.newToken(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	own, err := c.newToken(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	flipped := []byte(own)
	if flipped[3] == '0' { // another hex digit: well formed, wrong MAC
		flipped[3] = '1'
	} else {
		flipped[3] = '0'
	}
	cases := []struct {
		tok    string
		status int
	}{
		{"", http.StatusBadRequest},
		{"xyz", http.StatusBadRequest},
		{own[:tokenLen-2], http.StatusBadRequest},
		{forged, http.StatusNotFound},
		{string(flipped), http.StatusNotFound},
	}
	for _, tc := range cases {
		err := c.checkToken(tc.tok)
		var he *httpx.Error
		if !errors.As(err, &he) || he.Status != tc.status {
			t.Errorf("checkToken(%q) = %v, want HTTP %d", tc.tok, err, tc.status)
		}
	}
}

// greeter is an Engine that only greets.
type greeter struct{ Engine }

func (greeter) Greeting() (string, error) { return "您好", nil }

// TestStartUsesInjectedClock: a new conversation's token and welcome
// carry the channel's clock, not the machine's.
func TestStartUsesInjectedClock(t *testing.T) {
	c := New(greeter{}, nil, "", []byte("test key of the web chat tokens"))
	at := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
	c.Now = func() time.Time { return at }
	mux := http.NewServeMux()
	c.Routes(mux)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/chat/api/conversations", nil))
	if rec.Code != http.StatusCreated {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var resp struct {
		ID       string `json:"conversation_id"`
		Messages []struct {
			At time.Time `json:"at"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Messages) != 1 || !resp.Messages[0].At.Equal(at) {
		t.Errorf("welcome %+v, want at %v", resp.Messages, at)
	}
	want, err := c.newToken(at)
	if err != nil {
		t.Fatal(err)
	}
	if resp.ID[:12] != want[:12] {
		t.Errorf("token %s does not start with the time of %v (%s)", resp.ID, at, want[:12])
	}
}

// recordingEngine keeps the messages the chat hands the engine.
type recordingEngine struct{ got []inbound.Message }

func (e *recordingEngine) Handle(_ context.Context, m inbound.Message) (*inbound.Result, error) {
	e.got = append(e.got, m)
	return &inbound.Result{MessageID: uint64(len(e.got))}, nil
}

func (e *recordingEngine) Conversation(string, uint64) (*domain.Conversation, []*domain.Message, error) {
	return nil, nil, inbound.ErrNotFound
}

func (e *recordingEngine) Greeting() (string, error) { return "您好", nil }

// TestMessagesCarryTheTokenTime: every message of a conversation, and a
// retried POST alike, carries the time its token was issued, which
// orders the dedupe keys in the store.
func TestMessagesCarryTheTokenTime(t *testing.T) {
	eng := &recordingEngine{}
	c := New(eng, nil, "", []byte("test key of the web chat tokens"))
	opened := time.Date(2026, 11, 27, 9, 0, 0, 123e6, time.UTC)
	tok, err := c.newToken(opened)
	if err != nil {
		t.Fatal(err)
	}
	if got := tokenTime(tok); !got.Equal(opened) {
		t.Fatalf("token time %v, want %v", got, opened)
	}
	mux := http.NewServeMux()
	c.Routes(mux)
	for _, client := range []string{"m1", "m2", "m2"} {
		body := `{"conversation_id":"` + tok + `","text":"路灯坏了","client_id":"` + client + `"}`
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/chat/api/messages", strings.NewReader(body)))
		if rec.Code != http.StatusOK {
			t.Fatalf("POST: %d %s", rec.Code, rec.Body)
		}
	}
	if len(eng.got) != 3 {
		t.Fatalf("engine got %d messages", len(eng.got))
	}
	for i, m := range eng.got {
		if !m.ExternalTime.Equal(opened) || m.ExternalID != tok+":"+[]string{"m1", "m2", "m2"}[i] {
			t.Errorf("message %d: external id %q, time %v; want the token's time %v", i, m.ExternalID, m.ExternalTime, opened)
		}
	}
}
