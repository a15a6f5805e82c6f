package outbox

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/outbound"
	"hotline/store"
)

// hangingSender's calls hang until release is closed or their deadline.
type hangingSender struct {
	started   chan string // each call's entry key as it starts
	release   chan struct{}
	mu        sync.Mutex
	returned  int
	ends      map[string][]time.Time
	starts    map[string][]time.Time
	deadlines map[string][]time.Time // each call's context deadline
}

func newHangingSender() *hangingSender {
	return &hangingSender{started: make(chan string, 1000), release: make(chan struct{}),
		ends: map[string][]time.Time{}, starts: map[string][]time.Time{}, deadlines: map[string][]time.Time{}}
}

func (h *hangingSender) Send(ctx context.Context, o outbound.Message) error {
	h.mu.Lock()
	h.starts[o.ID] = append(h.starts[o.ID], time.Now())
	dl, _ := ctx.Deadline()
	h.deadlines[o.ID] = append(h.deadlines[o.ID], dl)
	h.mu.Unlock()
	h.started <- o.ID
	var err error
	select {
	case <-h.release:
		err = fmt.Errorf("wechat: the API answered late")
	case <-ctx.Done():
		err = ctx.Err()
	}
	h.mu.Lock()
	h.returned++
	h.ends[o.ID] = append(h.ends[o.ID], time.Now())
	h.mu.Unlock()
	return err
}

// recordingSender accepts at once and tells when.
type recordingSender struct{ sent chan outbound.Message }

func (r *recordingSender) Send(ctx context.Context, o outbound.Message) error {
	r.sent <- o
	return nil
}

func openLaneStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"), &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func enqueue(t *testing.T, st *store.Store, channel, key string) {
	t.Helper()
	now := time.Now()
	if err := st.Update(func(tx *store.Tx) error {
		return tx.Enqueue(&store.OutboxEntry{Key: key, Channel: channel, To: "u-" + key, ConversationID: channel + ":c",
			Text: "您好", CreatedAt: now, NextAt: now})
	}); err != nil {
		t.Fatal(err)
	}
}

// TestHangingChannelDoesNotStallAnother queues 240 WeChat messages whose
// API calls hang, then one SMS: the SMS goes out while every WeChat
// worker is still hanging.
func TestHangingChannelDoesNotStallAnother(t *testing.T) {
	st := openLaneStore(t)
	wx := newHangingSender()
	sms := &recordingSender{sent: make(chan outbound.Message, 10)}
	cfg := config.Outbox{Workers: 4, CallTimeout: config.Duration(time.Hour), MinBackoff: config.Duration(time.Second)}
	hub := events.NewHub()
	delivered, unsubscribe := hub.SubscribeConversation("sms:c")
	defer unsubscribe()
	ob := New(st, map[string]outbound.Sender{"wechat": wx, "sms": sms}, cfg, nil, hub, nil)
	for i := range 240 {
		enqueue(t, st, "wechat", fmt.Sprintf("wx-%03d", i))
	}
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- ob.Run(ctx) }()
	defer func() {
		close(wx.release)
		stop()
		<-ran
	}()
	for range cfg.Workers { // every WeChat worker is hanging
		<-wx.started
	}
	queued := time.Now()
	enqueue(t, st, "sms", "sms-1")
	ob.Wake()
	o := <-sms.sent
	took := time.Since(queued)
	wx.mu.Lock()
	returned := wx.returned
	wx.mu.Unlock()
	if o.ID != "sms-1" || returned != 0 {
		t.Fatalf("sent %q with %d WeChat calls returned; want sms-1 while all hang", o.ID, returned)
	}
	t.Logf("the SMS went out %v after it was queued, with %d WeChat calls hanging and 236 WeChat entries waiting", took, cfg.Workers)
	// Its success is recorded at once, not with the hanging batch.
	if ev := <-delivered; ev.State != "sent" {
		t.Fatalf("the SMS was recorded as %q", ev.State)
	}
	_ = st.View(func(tx *store.Tx) error {
		e, err := tx.OutboxByKey("sms-1")
		if err != nil || e.Status != store.OutSent {
			t.Errorf("the SMS entry: %v %+v", err, e)
		}
		return nil
	})
}

// TestHangingChannelIsRetriedOnSchedule: a call that hangs ends at its
// deadline, and the entry is tried again after its backoff, not before.
func TestHangingChannelIsRetriedOnSchedule(t *testing.T) {
	st := openLaneStore(t)
	wx := newHangingSender()
	backoff := 200 * time.Millisecond
	cfg := config.Outbox{Workers: 2, CallTimeout: config.Duration(100 * time.Millisecond), MinBackoff: config.Duration(backoff), MaxAttempts: 10}
	ob := New(st, map[string]outbound.Sender{"wechat": wx}, cfg, nil, nil, nil)
	enqueue(t, st, "wechat", "wx-1")
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- ob.Run(ctx) }()
	defer func() {
		close(wx.release)
		stop()
		<-ran
	}()
	for range 3 {
		if k := <-wx.started; k != "wx-1" {
			t.Fatalf("attempt for %q", k)
		}
	}
	wx.mu.Lock()
	defer wx.mu.Unlock()
	s, e := wx.starts["wx-1"], wx.ends["wx-1"]
	if len(e) < 2 {
		t.Fatalf("%d attempts ended", len(e))
	}
	for i := 1; i < 3; i++ {
		if gap := s[i].Sub(e[i-1]); gap < backoff*time.Duration(1<<(i-1))*9/10 {
			t.Errorf("attempt %d began %v after the previous ended, before its backoff", i+1, gap)
		}
		if dl := wx.deadlines["wx-1"][i-1]; dl.IsZero() || e[i-1].Before(dl) {
			t.Errorf("attempt %d ended at %v, before its deadline %v", i, e[i-1], dl)
		}
	}
}

// TestDeliveryReasonsInChinese: staff read why a message is being retried
// or failed, in zh-CN, on the message.
func TestDeliveryReasonsInChinese(t *testing.T) {
	st := openLaneStore(t)
	var msgID uint64
	now := time.Now()
	if err := st.Update(func(tx *store.Tx) error {
		m := &domain.Message{ConversationID: "sms:c", Direction: domain.Out, Sender: "bot", Channel: "sms", Text: "您好", At: now}
		if err := tx.AddMessage(m); err != nil {
			return err
		}
		msgID = m.ID
		return tx.Enqueue(&store.OutboxEntry{Key: "k1", Channel: "sms", To: "+8613953706688", ConversationID: "sms:c",
			MessageID: m.ID, Text: "您好", CreatedAt: now, NextAt: now})
	}); err != nil {
		t.Fatal(err)
	}
	reason := func() (string, string) {
		var m *domain.Message
		_ = st.View(func(tx *store.Tx) error {
			var err error
			m, err = tx.Message("sms:c", msgID)
			return err
		})
		return m.Status, m.StatusReason
	}
	fail := &failingSender{}
	ob := New(st, map[string]outbound.Sender{"sms": fail}, config.Outbox{MinBackoff: config.Duration(1)}, nil, nil, nil)
	if _, err := ob.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s, r := reason(); s != "retrying" || r != "第 1 次发送失败：渠道暂时无法发送，稍后自动重试" {
		t.Fatalf("after a failed attempt: %q %q", s, r)
	}
	fail.perm = true
	if _, err := ob.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s, r := reason(); s != "failed" || !strings.HasPrefix(r, "已尝试 2 次仍未发出：渠道拒绝发送") {
		t.Fatalf("after a permanent failure: %q %q", s, r)
	}
}

// failingSender fails every call: retryably, or for good once perm is set.
type failingSender struct{ perm bool }

func (f *failingSender) Send(ctx context.Context, o outbound.Message) error {
	if f.perm {
		return outbound.Permanent(errors.New("blocked by user"))
	}
	return errors.New("gateway timeout")
}
