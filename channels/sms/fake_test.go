package sms

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"hotline/config"
	"hotline/inbound"
	"hotline/outbound"
)

// fakeEngine records what the channel hands it and answers every message
// with the configured replies.
type fakeEngine struct {
	mu        sync.Mutex
	msgs      []inbound.Message
	replies   []string
	seen      map[string]bool
	optedOut  map[string]bool
	delivered []delivery
	claimAll  bool // replies count as ready before Message.PassiveBy
	// keepOptOut makes the fake an engine that keeps an opt-out when the
	// citizen writes again; by default, like the engine, any message but
	// an opt-out clears it.
	keepOptOut bool
	nextID     uint64
}

type delivery struct {
	key, status string
	at          time.Time
}

func newFakeEngine(replies ...string) *fakeEngine {
	return &fakeEngine{replies: replies, seen: map[string]bool{}, optedOut: map[string]bool{}, claimAll: true}
}

func (f *fakeEngine) Handle(ctx context.Context, m inbound.Message) (*inbound.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m.ExternalID != "" && f.seen[m.ExternalID] {
		return &inbound.Result{Duplicate: true}, nil
	}
	f.seen[m.ExternalID] = true
	f.msgs = append(f.msgs, m)
	res := &inbound.Result{ConversationID: m.ConversationID}
	if res.ConversationID == "" {
		res.ConversationID = inbound.ConversationID(m.Channel, m.UserID)
	}
	if m.Event == "unsubscribe" {
		f.optedOut[m.UserID] = true
		return res, nil
	}
	if !f.keepOptOut {
		delete(f.optedOut, m.UserID)
	}
	for _, r := range f.replies {
		f.nextID++
		res.Replies = append(res.Replies, inbound.Reply{MessageID: f.nextID, Key: "k" + strconv.FormatUint(f.nextID, 10), Text: r})
	}
	// Like the engine: replies ready before PassiveBy are the channel's to send.
	res.Passive = f.claimAll && !m.PassiveBy.IsZero() && len(res.Replies) > 0
	return res, nil
}

func (f *fakeEngine) RecordDelivery(key, status string, at time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if key == "unknown" {
		return outbound.ErrUnknownMessage
	}
	f.delivered = append(f.delivered, delivery{key, status, at})
	return nil
}

func (f *fakeEngine) OptedOut(channel, userID string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return channel == Name && f.optedOut[userID]
}

func (f *fakeEngine) messages() []inbound.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.msgs)
}

func (f *fakeEngine) deliveries() []delivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.delivered)
}

// fakeSendsms is Kannel's sendsms interface: it records the queries and
// answers with status (202 by default).
type fakeSendsms struct {
	mu      sync.Mutex
	queries []url.Values
	status  []int // answers in turn; the last one repeats
	srv     *httptest.Server
}

func newFakeSendsms(t testing.TB, status ...int) *fakeSendsms {
	t.Helper()
	f := &fakeSendsms{status: status}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.queries = append(f.queries, r.URL.Query())
		code := http.StatusAccepted
		if len(f.status) > 0 {
			code = f.status[0]
			if len(f.status) > 1 {
				f.status = f.status[1:]
			}
		}
		f.mu.Unlock()
		w.WriteHeader(code)
		switch code {
		case http.StatusAccepted:
			w.Write([]byte("0: Accepted for delivery"))
		case http.StatusForbidden:
			w.Write([]byte("Authorization failed for sendsms"))
		case http.StatusBadRequest:
			w.Write([]byte("Missing receiver number, rejected"))
		}
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSendsms) got() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.queries)
}

const testSecret = "s3cret-s3cret-s3cret"

// testReplies are the default city's replies (the opt-out confirmation).
func testReplies() config.Replies {
	cfg, err := config.Default()
	if err != nil {
		panic(err)
	}
	return cfg.Replies
}

func testSMSConfig() config.SMS {
	return config.SMS{MaxParts: 3, OptOutWords: []string{"退订", "TD", "T"}, RatePerHour: 10, ReplyBudget: config.Duration(3 * time.Second)}
}

func newTestKannel(t testing.TB, eng *fakeEngine, sendURL string, edit func(*config.Kannel, *Options)) (*Channel, http.Handler) {
	t.Helper()
	k := config.Kannel{SendURL: sendURL, Username: "gw", Password: "gwpass", Sender: "12345", Secret: testSecret}
	o := Options{Engine: eng, SMS: testSMSConfig(), Replies: testReplies(), BaseURL: "http://gw.example:8080", City: "济宁市", Hotline: "12345"}
	if edit != nil {
		edit(&k, &o)
	}
	ch, err := NewKannel(k, o)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	ch.Routes(mux)
	return ch, mux
}
