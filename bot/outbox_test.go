package bot

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"hotline/config"
)

// flakySender fails the first n sends of each message, then succeeds.
type flakySender struct {
	mu    sync.Mutex
	fails map[string]int
	n     int
	sent  []Outbound
	perm  bool
}

func (f *flakySender) Send(ctx context.Context, o Outbound) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.perm {
		return Permanent(errors.New("blocked by user"))
	}
	if f.fails[o.ID] < f.n {
		f.fails[o.ID]++
		return errors.New("gateway timeout")
	}
	f.sent = append(f.sent, o)
	return nil
}

func TestOutboxRetriesWithBackoffAndSurvivesRestart(t *testing.T) {
	env := newEnv(t)
	env.send(t, "u1", "你好")
	snd := &flakySender{fails: map[string]int{}, n: 2}
	cfg := config.Outbox{MaxAttempts: 5, MinBackoff: config.Duration(time.Second), MaxBackoff: config.Duration(time.Minute), Workers: 2}
	ob := NewOutbox(env.st, map[string]Sender{"webchat": snd}, cfg, nil, nil, nil)
	now := env.clock()
	ob.now = func() time.Time { return now }
	ctx := context.Background()
	if n, err := ob.Step(ctx); err != nil || n != 1 {
		t.Fatalf("first step handled %d (%v)", n, err)
	}
	// Not due again before the backoff.
	if n, _ := ob.Step(ctx); n != 0 {
		t.Fatalf("retried before backoff")
	}
	now = now.Add(time.Second)
	if n, _ := ob.Step(ctx); n != 1 {
		t.Fatalf("second attempt not made")
	}
	// A new worker (a restart) picks up the entry after the next backoff (2s).
	ob2 := NewOutbox(env.st, map[string]Sender{"webchat": snd}, cfg, nil, nil, nil)
	now = now.Add(2 * time.Second)
	ob2.now = func() time.Time { return now }
	if n, _ := ob2.Step(ctx); n != 1 {
		t.Fatalf("restarted worker did not deliver")
	}
	if len(snd.sent) != 1 {
		t.Fatalf("sent %d messages, want 1", len(snd.sent))
	}
	_, msgs, _ := env.eng.Conversation(ConversationID("webchat", "u1"), 0)
	if msgs[len(msgs)-1].Status != "sent" {
		t.Fatalf("message status = %q", msgs[len(msgs)-1].Status)
	}
	now = now.Add(time.Hour)
	if n, _ := ob2.Step(ctx); n != 0 {
		t.Fatalf("delivered entry sent again")
	}
}

func TestOutboxGivesUpOnPermanentError(t *testing.T) {
	env := newEnv(t)
	env.send(t, "u1", "你好")
	snd := &flakySender{perm: true}
	ob := NewOutbox(env.st, map[string]Sender{"webchat": snd}, config.Outbox{}, nil, nil, nil)
	ob.now = env.clock
	if n, _ := ob.Step(context.Background()); n != 1 {
		t.Fatal("nothing delivered")
	}
	_, msgs, _ := env.eng.Conversation(ConversationID("webchat", "u1"), 0)
	if msgs[len(msgs)-1].Status != "failed" {
		t.Fatalf("status = %q, want failed", msgs[len(msgs)-1].Status)
	}
}

func TestBackoffDoublesUpToCap(t *testing.T) {
	ob := NewOutbox(nil, nil, config.Outbox{MinBackoff: config.Duration(time.Second), MaxBackoff: config.Duration(10 * time.Second)}, nil, nil, nil)
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}
	for i, w := range want {
		if got := ob.Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
}

func TestPassiveRepliesSkipTheOutbox(t *testing.T) {
	env := newEnv(t)
	snd := &flakySender{fails: map[string]int{}}
	ob := NewOutbox(env.st, map[string]Sender{"wechat": snd}, config.Outbox{}, nil, nil, nil)
	ob.now = env.clock
	ctx := context.Background()
	// Within the budget: the channel answers in-request, the outbox never sends.
	res, err := env.eng.Handle(ctx, Message{Channel: "wechat", UserID: "o1", ExternalID: "1", Text: "你好",
		PassiveBy: env.clock().Add(4 * time.Second), PassiveMax: 2048})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passive || len(res.Replies) != 1 {
		t.Fatalf("passive = %v, %d replies", res.Passive, len(res.Replies))
	}
	// Past the budget, or too long for one passive reply: the outbox sends.
	late, err := env.eng.Handle(ctx, Message{Channel: "wechat", UserID: "o2", ExternalID: "2", Text: "你好",
		PassiveBy: env.clock().Add(-time.Second), PassiveMax: 2048})
	if err != nil {
		t.Fatal(err)
	}
	long, err := env.eng.Handle(ctx, Message{Channel: "wechat", UserID: "o3", ExternalID: "3", Text: "你好",
		PassiveBy: env.clock().Add(4 * time.Second), PassiveMax: 10})
	if err != nil {
		t.Fatal(err)
	}
	if late.Passive || long.Passive {
		t.Fatalf("late passive = %v, long passive = %v", late.Passive, long.Passive)
	}
	if n, _ := ob.Step(ctx); n != 2 {
		t.Fatalf("outbox handled %d entries, want the 2 non-passive ones", n)
	}
	for _, o := range snd.sent {
		if o.To == "o1" {
			t.Fatal("a passively answered reply was sent again")
		}
	}
	_, msgs, _ := env.eng.Conversation(ConversationID("wechat", "o1"), 0)
	if msgs[len(msgs)-1].Status != "sent" {
		t.Fatalf("passive reply status %q", msgs[len(msgs)-1].Status)
	}
}
