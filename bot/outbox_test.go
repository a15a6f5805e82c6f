package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hotline/config"
	"hotline/domain"
	"hotline/inbound"
	"hotline/outbound"
	"hotline/outbox"
	"hotline/ticket"
)

// counterValue reads the counter name{channel, result} from reg (0 when
// it was never counted).
func counterValue(t *testing.T, reg *prometheus.Registry, name, channel, result string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["channel"] == channel && labels["result"] == result {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

// flakySender fails the first n sends of each message, then succeeds.
type flakySender struct {
	mu    sync.Mutex
	fails map[string]int
	n     int
	sent  []outbound.Message
	perm  bool
}

func (f *flakySender) Send(ctx context.Context, o outbound.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.perm {
		return outbound.Permanent(errors.New("blocked by user"))
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
	reg := prometheus.NewRegistry()
	met := NewMetrics(reg)
	ob := outbox.New(env.st, map[string]outbound.Sender{"webchat": snd}, cfg, nil, nil, met.MessagesOut)
	now := env.clock()
	ob.SetClock(func() time.Time { return now })
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
	ob2 := outbox.New(env.st, map[string]outbound.Sender{"webchat": snd}, cfg, nil, nil, met.MessagesOut)
	now = now.Add(2 * time.Second)
	ob2.SetClock(func() time.Time { return now })
	if n, _ := ob2.Step(ctx); n != 1 {
		t.Fatalf("restarted worker did not deliver")
	}
	if len(snd.sent) != 1 {
		t.Fatalf("sent %d messages, want 1", len(snd.sent))
	}
	_, msgs, _ := env.eng.Conversation(inbound.ConversationID("webchat", "u1"), 0)
	if msgs[len(msgs)-1].Status != "sent" {
		t.Fatalf("message status = %q", msgs[len(msgs)-1].Status)
	}
	now = now.Add(time.Hour)
	if n, _ := ob2.Step(ctx); n != 0 {
		t.Fatalf("delivered entry sent again")
	}
	for result, want := range map[string]float64{"retry": 2, "sent": 1, "failed": 0} {
		if got := counterValue(t, reg, "hotline_messages_out_total", "webchat", result); got != want {
			t.Errorf("messages out %s = %v, want %v", result, got, want)
		}
	}
}

func TestOutboxGivesUpOnPermanentError(t *testing.T) {
	env := newEnv(t)
	env.send(t, "u1", "你好")
	snd := &flakySender{perm: true}
	ob := outbox.New(env.st, map[string]outbound.Sender{"webchat": snd}, config.Outbox{}, nil, nil, nil)
	ob.SetClock(env.clock)
	if n, _ := ob.Step(context.Background()); n != 1 {
		t.Fatal("nothing delivered")
	}
	_, msgs, _ := env.eng.Conversation(inbound.ConversationID("webchat", "u1"), 0)
	if msgs[len(msgs)-1].Status != "failed" {
		t.Fatalf("status = %q, want failed", msgs[len(msgs)-1].Status)
	}
}

func TestBackoffDoublesUpToCap(t *testing.T) {
	ob := outbox.New(nil, nil, config.Outbox{MinBackoff: config.Duration(time.Second), MaxBackoff: config.Duration(10 * time.Second)}, nil, nil, nil)
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
	ob := outbox.New(env.st, map[string]outbound.Sender{"wechat": snd}, config.Outbox{}, nil, nil, nil)
	ob.SetClock(env.clock)
	ctx := context.Background()
	// Within the budget: the channel answers in-request, the outbox never sends.
	res, err := env.eng.Handle(ctx, inbound.Message{Channel: "wechat", UserID: "o1", ExternalID: "1", Text: "你好",
		PassiveBy: env.clock().Add(4 * time.Second), PassiveMax: 2048})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Passive || len(res.Replies) != 1 {
		t.Fatalf("passive = %v, %d replies", res.Passive, len(res.Replies))
	}
	// Past the budget, or too long for one passive reply: the outbox sends.
	late, err := env.eng.Handle(ctx, inbound.Message{Channel: "wechat", UserID: "o2", ExternalID: "2", Text: "你好",
		PassiveBy: env.clock().Add(-time.Second), PassiveMax: 2048})
	if err != nil {
		t.Fatal(err)
	}
	long, err := env.eng.Handle(ctx, inbound.Message{Channel: "wechat", UserID: "o3", ExternalID: "3", Text: "你好",
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
	_, msgs, _ := env.eng.Conversation(inbound.ConversationID("wechat", "o1"), 0)
	if msgs[len(msgs)-1].Status != "sent" {
		t.Fatalf("passive reply status %q", msgs[len(msgs)-1].Status)
	}
}

// closedWindow refuses every message as WeChat does once its 48-hour
// window has closed, naming the SMS number to use instead.
type closedWindow struct{ to string }

func (c closedWindow) Send(ctx context.Context, o outbound.Message) error {
	return &outbound.RerouteError{Channel: "sms", To: c.to, Reason: "wechat: 45015 response out of time limit"}
}

// TestRatingAnsweredOnTheChannelItWentTo: a WeChat order's rating question
// goes by SMS (the window had closed); the citizen's SMS answer from that
// number rates the order and ends the WeChat conversation's wait. Other
// numbers, and a second answer, rate nothing.
func TestRatingAnsweredOnTheChannelItWentTo(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	say := func(channel, user, phone, text string) *inbound.Result {
		t.Helper()
		r, err := env.eng.Handle(ctx, inbound.Message{Channel: channel, UserID: user, Phone: phone, Text: text, ReceivedAt: env.clock()})
		if err != nil {
			t.Fatalf("Handle(%q): %v", text, err)
		}
		return r
	}
	say("wechat", "openid-1", "", "任城区古槐路烧烤占道 13953706688")
	say("wechat", "openid-1", "", "确认")
	const number = "20261127-0001"
	walkTo(t, env, number, ticket.Dispatched, ticket.Signed, ticket.Replied, ticket.Reviewed)
	if err := env.eng.Notify(number, "ask_rating"); err != nil {
		t.Fatal(err)
	}
	sms := &flakySender{fails: map[string]int{}}
	cfg := config.Outbox{MaxAttempts: 5, MinBackoff: config.Duration(time.Second), MaxBackoff: config.Duration(time.Minute), Workers: 1}
	ob := outbox.New(env.st, map[string]outbound.Sender{"wechat": closedWindow{to: "139 5370 6688"}, "sms": sms}, cfg, nil, nil, nil)
	ob.SetClock(env.clock)
	for range 3 {
		if _, err := ob.Step(ctx); err != nil {
			t.Fatal(err)
		}
	}
	asked := false
	for _, o := range sms.sent {
		asked = asked || o.Kind == "ask_rating" && o.To == "139 5370 6688"
	}
	if !asked {
		t.Fatalf("the rating question did not go by SMS: %+v", sms.sent)
	}
	status := func() ticket.Status {
		tk, err := env.eng.Ticket(number)
		if err != nil {
			t.Fatal(err)
		}
		return tk.Status
	}

	// Another number's "1" is no answer to a question it was not asked.
	if r := say("sms", "+8613800000000", "13800000000", "1"); strings.Contains(lastReply(r), "感谢") || status() != ticket.Reviewed {
		t.Fatalf("a stranger rated the order: %q, %s", lastReply(r), status())
	}
	// The citizen asks something else by SMS first and gets an answer from
	// the knowledge base; the rating still counts after it.
	if r := say("sms", "+8613953706688", "13953706688", "请问怎么提取公积金"); !strings.Contains(lastReply(r), "公积金中心") {
		t.Fatalf("knowledge-base reply = %q", lastReply(r))
	}
	// A digit, a space and a new matter is that matter, not a rating: its
	// draft opens, and the citizen drops it.
	say("sms", "+8613953706688", "13953706688", "2 我家楼下有人烧垃圾")
	smsConv, _, err := env.eng.Conversation(inbound.ConversationID("sms", "+8613953706688"), 0)
	if err != nil || status() != ticket.Reviewed || smsConv.Draft == nil || !strings.Contains(smsConv.Draft.Description, "烧垃圾") {
		t.Fatalf("a new matter after a digit was taken as a rating: %s, %+v %v", status(), smsConv, err)
	}
	say("sms", "+8613953706688", "13953706688", "取消")
	r := say("sms", "+8613953706688", "13953706688", "1 已解决")
	if !strings.Contains(lastReply(r), "感谢") || status() != ticket.Closed {
		t.Fatalf("the SMS answer did not rate the order: %q, %s", lastReply(r), status())
	}
	conv, _, err := env.eng.Conversation(inbound.ConversationID("wechat", "openid-1"), 0)
	if err != nil || conv.State != domain.ConvIdle || conv.RatingFor != "" {
		t.Fatalf("the WeChat conversation still waits: %+v %v", conv, err)
	}
	if r := say("sms", "+8613953706688", "13953706688", "3"); strings.Contains(lastReply(r), "感谢") || status() != ticket.Closed {
		t.Fatalf("a second answer rated again: %q, %s", lastReply(r), status())
	}
}
