package bot

import (
	"context"
	"errors"
	"testing"
	"time"

	"hotline/config"
	"hotline/events"
	"hotline/inbound"
	"hotline/outbound"
	"hotline/outbox"
	"hotline/store"
)

// messageStatus reads the delivery status of the message behind a reply
// of conversation convID, and its outbox entry.
func messageStatus(t *testing.T, env *testEnv, convID string, e inbound.Reply) (string, *store.OutboxEntry) {
	t.Helper()
	var status string
	var ent *store.OutboxEntry
	err := env.st.View(func(tx *store.Tx) error {
		m, err := tx.Message(convID, e.MessageID)
		if err != nil {
			return err
		}
		status = m.Status
		ent, err = tx.OutboxByKey(e.Key)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return status, ent
}

func TestRecordDeliveryKeepsTheLatestStage(t *testing.T) {
	env := newEnv(t)
	res := env.send(t, "u1", "你好")
	if len(res.Replies) == 0 {
		t.Fatal("no reply queued")
	}
	rep := res.Replies[0]
	evs, cancel := env.eng.hub.Subscribe(func(ev events.Event) bool { return ev.Kind == events.Delivered })
	defer cancel()

	steps := []struct {
		status string
		want   string
	}{
		{outbound.DeliverySMSCAck, outbound.DeliverySMSCAck},
		{outbound.DeliveryDelivered, outbound.DeliveryDelivered},
		{outbound.DeliveryBuffered, outbound.DeliveryDelivered}, // late report of an earlier stage
		{outbound.DeliverySMSCAck, outbound.DeliveryDelivered},
		{outbound.DeliveryFailed, outbound.DeliveryFailed}, // a failed part outranks a delivered one
		{outbound.DeliveryDelivered, outbound.DeliveryFailed},
	}
	for _, s := range steps {
		t.Run(s.status, func(t *testing.T) {
			if err := env.reports().RecordDelivery(rep.Key, s.status, env.clock()); err != nil {
				t.Fatal(err)
			}
			got, ent := messageStatus(t, env, res.ConversationID, rep)
			if got != s.want {
				t.Errorf("message status = %q, want %q", got, s.want)
			}
			if ent.Status != store.OutSent {
				t.Errorf("outbox entry status = %q, want sent once a report arrived", ent.Status)
			}
		})
	}
	select {
	case ev := <-evs:
		if ev.ConversationID != res.ConversationID || ev.MessageID != rep.MessageID || ev.State != outbound.DeliverySMSCAck {
			t.Errorf("first event = %+v", ev)
		}
	default:
		// RecordDelivery publishes before it returns.
		t.Error("no delivered event published")
	}
}

func TestRecordDeliveryRejectsUnknownKeysAndStatuses(t *testing.T) {
	env := newEnv(t)
	res := env.send(t, "u1", "你好")
	err := env.reports().RecordDelivery("no-such-key", outbound.DeliveryDelivered, time.Time{})
	if !errors.Is(err, outbound.ErrUnknownMessage) {
		t.Errorf("unknown key: err = %v, want outbound.ErrUnknownMessage", err)
	}
	if err := env.reports().RecordDelivery(res.Replies[0].Key, "read-by-cat", time.Time{}); err == nil {
		t.Error("unknown status accepted")
	}
	if got, _ := messageStatus(t, env, res.ConversationID, res.Replies[0]); got != "queued" {
		t.Errorf("status after rejected reports = %q, want queued", got)
	}
}

// dlrSender reports delivery before Send returns, as a fast gateway does
// while the worker still holds the entry.
type dlrSender struct {
	eng *outbox.Reports
	t   *testing.T
}

func (d dlrSender) Send(ctx context.Context, o outbound.Message) error {
	if err := d.eng.RecordDelivery(o.ID, outbound.DeliveryDelivered, time.Time{}); err != nil {
		d.t.Errorf("RecordDelivery: %v", err)
	}
	return nil
}

func TestDeliveryReportBeforeSettlementSurvives(t *testing.T) {
	env := newEnv(t)
	res := env.send(t, "u1", "你好")
	ob := outbox.New(env.st, map[string]outbound.Sender{"webchat": dlrSender{env.reports(), t}}, config.Outbox{}, nil, nil, nil)
	ob.SetClock(env.clock)
	n, err := ob.Step(context.Background())
	if err != nil || n != len(res.Replies) {
		t.Fatalf("Step handled %d of %d: %v", n, len(res.Replies), err)
	}
	for _, rep := range res.Replies {
		got, ent := messageStatus(t, env, res.ConversationID, rep)
		if got != outbound.DeliveryDelivered {
			t.Errorf("status = %q, want delivered (the worker must not overwrite the report)", got)
		}
		if ent.Status != store.OutSent || ent.Attempts != 1 {
			t.Errorf("entry = %s after %d attempts, want sent after 1", ent.Status, ent.Attempts)
		}
	}
}

func TestOptedOut(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	if _, err := env.eng.Handle(ctx, inbound.Message{Channel: "sms", UserID: "+8613953706688", Text: "你好", ReceivedAt: env.clock()}); err != nil {
		t.Fatal(err)
	}
	if env.eng.OptedOut("sms", "+8613953706688") {
		t.Fatal("opted out before asking")
	}
	res, err := env.eng.Handle(ctx, inbound.Message{Channel: "sms", UserID: "+8613953706688", Text: "退订", Event: "unsubscribe", ReceivedAt: env.clock()})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Replies) != 0 {
		t.Errorf("unsubscribe queued replies: %v", res.Texts())
	}
	cases := []struct {
		channel, user string
		want          bool
	}{
		{"sms", "+8613953706688", true},
		{"sms", "+8613800000001", false},
		{"webchat", "+8613953706688", false},
	}
	for _, c := range cases {
		t.Run(c.channel+"/"+c.user, func(t *testing.T) {
			if got := env.eng.OptedOut(c.channel, c.user); got != c.want {
				t.Errorf("OptedOut = %v, want %v", got, c.want)
			}
		})
	}
}
