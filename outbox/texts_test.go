package outbox

import (
	"context"
	"errors"
	"testing"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/outbound"
	"hotline/store"
	"hotline/ticket"
)

// flakySender fails its first fails calls (for good when perm is set),
// then accepts.
type flakySender struct {
	fails int
	perm  bool
}

func (f *flakySender) Send(ctx context.Context, o outbound.Message) error {
	if f.fails == 0 {
		return nil
	}
	f.fails--
	if f.perm {
		return outbound.Permanent(errors.New("blocked by user"))
	}
	return errors.New("gateway timeout")
}

// orderMessage stores order number (dispatched) and a bot message of its
// conversation queued on channel sms, and returns the message's id.
func orderMessage(t *testing.T, st *store.Store, number, text string) uint64 {
	t.Helper()
	var id uint64
	now := time.Now()
	if err := st.Update(func(tx *store.Tx) error {
		tk := &ticket.Ticket{Number: number, Channel: "sms", ConversationID: "sms:c", Title: "路灯不亮",
			Status: ticket.Dispatched, Department: "市城市管理局", ReceivedAt: now}
		if err := tx.PutTicket(tk); err != nil {
			return err
		}
		m := &domain.Message{ConversationID: "sms:c", Direction: domain.Out, Sender: "bot", Channel: "sms", Text: text, At: now}
		if err := tx.AddMessage(m); err != nil {
			return err
		}
		id = m.ID
		return tx.Enqueue(&store.OutboxEntry{Key: "k-" + number, Channel: "sms", To: "+8613953706688", ConversationID: "sms:c",
			MessageID: m.ID, Text: text, Kind: "dispatched", Ticket: number, CreatedAt: now, NextAt: now})
	}); err != nil {
		t.Fatal(err)
	}
	return id
}

// deliveryEvents returns the delivery events of order number's history.
func deliveryEvents(t *testing.T, st *store.Store, number string) []ticket.Event {
	t.Helper()
	var out []ticket.Event
	if err := st.View(func(tx *store.Tx) error {
		tk, err := tx.Ticket(number)
		if err != nil {
			return err
		}
		for _, ev := range tk.Events {
			switch ev.Action {
			case ActionDeliveryRetrying, ActionDeliveryFailed, ActionDeliverySent, ActionDeliveryRerouted, ActionDeliveryUndelivered:
				out = append(out, ev)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func messageStatus(t *testing.T, st *store.Store, id uint64) (string, string) {
	t.Helper()
	var m *domain.Message
	if err := st.View(func(tx *store.Tx) error {
		var err error
		m, err = tx.Message("sms:c", id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return m.Status, m.StatusReason
}

func step(t *testing.T, ob *Outbox) {
	t.Helper()
	if n, err := ob.Step(context.Background()); err != nil || n != 1 {
		t.Fatalf("Step = %d, %v; want one entry handled", n, err)
	}
}

// TestDeliveryTextsFromConfig: the configured delivery_texts reach staff
// on the message (conversation view) and in the order's history: the
// first failed attempt, not every retry, and the give-up with its reason.
func TestDeliveryTextsFromConfig(t *testing.T) {
	st := openLaneStore(t)
	id := orderMessage(t, st, "20261127-0001", "您的诉求已派至市城市管理局办理，请耐心等待处理结果。")
	fail := &flakySender{fails: 100}
	ob := New(st, map[string]outbound.Sender{"sms": fail}, config.Outbox{MinBackoff: config.Duration(1)}, nil, nil, nil)
	ob.SetTexts(config.DeliveryTexts{
		Retrying: "重试#{{.Attempts}}/{{.Reason}}", Failed: "放弃#{{.Attempts}}/{{.Reason}}", SentAfterRetry: "补发#{{.Attempts}}",
		ToCitizen: "[{{.Channel}}]{{.Excerpt}}={{.State}}", ToDepartment: "部门={{.State}}",
		Timeout: "超时", NotConfigured: "未配", Refused: "拒收", Unavailable: "暂不可用",
	}, map[string]string{"sms": "短信"})

	step(t, ob)
	if s, r := messageStatus(t, st, id); s != "retrying" || r != "重试#1/暂不可用" {
		t.Errorf("after a failed attempt: %q %q", s, r)
	}
	step(t, ob) // a second failure: the history already says it is retried
	fail.perm = true
	step(t, ob)
	if s, r := messageStatus(t, st, id); s != "failed" || r != "放弃#3/拒收" {
		t.Errorf("after the give-up: %q %q", s, r)
	}
	evs := deliveryEvents(t, st, "20261127-0001")
	want := []struct{ action, note string }{
		{ActionDeliveryRetrying, "[短信]您的诉求已派至市城市管理局办理，请耐心等…=重试#1/暂不可用"},
		{ActionDeliveryFailed, "[短信]您的诉求已派至市城市管理局办理，请耐心等…=放弃#3/拒收"},
	}
	if len(evs) != len(want) {
		t.Fatalf("history has %d delivery events, want %d: %+v", len(evs), len(want), evs)
	}
	for i, w := range want {
		if evs[i].Action != w.action || evs[i].Note != w.note || evs[i].Actor != "system" {
			t.Errorf("event %d = %s %q by %s, want %s %q by system", i, evs[i].Action, evs[i].Note, evs[i].Actor, w.action, w.note)
		}
	}
}

// TestDeliverySentAfterRetry: a message that goes out after failed
// attempts says so in the order's history; one that goes out at once
// leaves the history alone.
func TestDeliverySentAfterRetry(t *testing.T) {
	st := openLaneStore(t)
	id := orderMessage(t, st, "20261127-0002", "已受理")
	ob := New(st, map[string]outbound.Sender{"sms": &flakySender{fails: 1}}, config.Outbox{MinBackoff: config.Duration(1)}, nil, nil, nil)
	step(t, ob)
	step(t, ob)
	if s, r := messageStatus(t, st, id); s != "sent" || r != "" {
		t.Errorf("message %q %q, want sent without a reason", s, r)
	}
	evs := deliveryEvents(t, st, "20261127-0002")
	// The embedded default's texts, as before they moved to config.
	if len(evs) != 2 || evs[0].Note != "致市民的消息“已受理”：第 1 次发送失败：渠道暂时无法发送，稍后自动重试" ||
		evs[1].Action != ActionDeliverySent || evs[1].Note != "致市民的消息“已受理”：第 2 次尝试已发出" {
		t.Errorf("history %+v", evs)
	}

	orderMessage(t, st, "20261127-0003", "已派单")
	ob = New(st, map[string]outbound.Sender{"sms": &flakySender{}}, config.Outbox{}, nil, nil, nil)
	step(t, ob)
	if evs := deliveryEvents(t, st, "20261127-0003"); len(evs) != 0 {
		t.Errorf("a message out at once wrote %+v", evs)
	}
}

// TestDeliveryToDepartment: a notice to a department (no conversation
// message) that cannot be sent shows in its order's history too.
func TestDeliveryToDepartment(t *testing.T) {
	st := openLaneStore(t)
	now := time.Now()
	if err := st.Update(func(tx *store.Tx) error {
		if err := tx.PutTicket(&ticket.Ticket{Number: "20261127-0004", Status: ticket.Dispatched, ReceivedAt: now}); err != nil {
			return err
		}
		return tx.Enqueue(&store.OutboxEntry{Key: "n1", Channel: "wecom", To: "zhangwei", Text: "新派工单20261127-0004",
			Kind: "notify:dispatch", Ticket: "20261127-0004", CreatedAt: now, NextAt: now})
	}); err != nil {
		t.Fatal(err)
	}
	ob := New(st, map[string]outbound.Sender{}, config.Outbox{}, nil, nil, nil)
	step(t, ob)
	evs := deliveryEvents(t, st, "20261127-0004")
	if len(evs) != 1 || evs[0].Action != ActionDeliveryFailed ||
		evs[0].Note != "致承办单位的通知“新派工单20261127-0004”：已尝试 1 次仍未发出：该渠道未配置" {
		t.Errorf("history %+v", evs)
	}
}

// rerouter sends nothing itself: it hands every message to SMS, as WeChat
// does outside its reply window (or, routinely, the phone channel).
type rerouter struct{ routine bool }

func (r rerouter) Send(ctx context.Context, o outbound.Message) error {
	return &outbound.RerouteError{Channel: "sms", To: "+8613953706688", Reason: "wechat: 45015 response out of time limit", Routine: r.routine}
}

// TestDeliveryRerouted: a message WeChat could not deliver and handed to
// SMS says so, in zh-CN, on the message and in the order's history; a
// routine hand-over (a phone caller's notices go by SMS) tells nobody.
func TestDeliveryRerouted(t *testing.T) {
	st := openLaneStore(t)
	labels := map[string]string{"sms": "短信", "wechat": "微信", "phone": "电话"}
	for _, tc := range []struct {
		name, number, channel string
		routine               bool
	}{
		{"fallback", "20261127-0005", "wechat", false},
		{"routine", "20261127-0006", "phone", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := orderMessage(t, st, tc.number, "请对本次办理结果进行评价")
			// orderMessage queues on sms: move the entry to the channel
			// under test.
			if err := st.Update(func(tx *store.Tx) error {
				e, err := tx.OutboxByKey("k-" + tc.number)
				if err != nil {
					return err
				}
				e.Channel = tc.channel
				return tx.PutOutboxEntry(e)
			}); err != nil {
				t.Fatal(err)
			}
			ob := New(st, map[string]outbound.Sender{tc.channel: rerouter{tc.routine}, "sms": &flakySender{}}, config.Outbox{}, nil, nil, nil)
			texts := defaultTexts()
			ob.SetTexts(texts, labels)
			step(t, ob)
			evs := deliveryEvents(t, st, tc.number)
			s, r := messageStatus(t, st, id)
			if tc.routine {
				if len(evs) != 0 || r != "" {
					t.Errorf("a routine hand-over wrote %+v, reason %q", evs, r)
				}
			} else {
				want := "微信未能送达（超出平台的回复时限或对方无法接收），已改用短信发送"
				if s != "rerouted" || r != want {
					t.Errorf("message %q %q, want rerouted %q", s, r, want)
				}
				if len(evs) != 1 || evs[0].Action != ActionDeliveryRerouted || evs[0].Note != "致市民的微信消息“请对本次办理结果进行评价”："+want {
					t.Errorf("history %+v", evs)
				}
			}
			step(t, ob) // the SMS entry goes out
			if s, _ := messageStatus(t, st, id); s != "sent" {
				t.Errorf("after the SMS went out the message is %q", s)
			}
			if got := deliveryEvents(t, st, tc.number); len(got) != len(evs) {
				t.Errorf("the SMS going out added history: %+v", got[len(evs):])
			}
		})
	}
}

// TestDeliveryReportUndelivered: an SMS the gateway accepted and then
// reported refused by the SMSC shows the reason on the message and, once
// (a split SMS reports every part), in the order's history; a notice to a
// department that was not delivered shows in its order's history.
func TestDeliveryReportUndelivered(t *testing.T) {
	st := openLaneStore(t)
	id := orderMessage(t, st, "20261127-0007", "您的诉求已办结")
	ob := New(st, map[string]outbound.Sender{"sms": &flakySender{}}, config.Outbox{}, nil, nil, nil)
	step(t, ob)
	rep := NewReports(st, nil, nil)
	texts := defaultTexts()
	texts.SMSCReject = "拒收了"
	rep.SetTexts(texts, map[string]string{"sms": "短信"})
	for _, status := range []string{outbound.DeliverySMSCAck, outbound.DeliverySMSCReject, outbound.DeliverySMSCReject, outbound.DeliveryFailed} {
		if err := rep.RecordDelivery("k-20261127-0007", status, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	want := "已发出但未送达：运营商回执未送达（如号码停机、关机过久或拒收短信）"
	if s, r := messageStatus(t, st, id); s != outbound.DeliveryFailed || r != want {
		t.Errorf("message %q %q, want failed %q", s, r, want)
	}
	evs := deliveryEvents(t, st, "20261127-0007")
	if len(evs) != 1 || evs[0].Action != ActionDeliveryUndelivered || evs[0].Note != "致市民的短信消息“您的诉求已办结”：已发出但未送达：拒收了" {
		t.Errorf("history %+v", evs)
	}

	now := time.Now()
	if err := st.Update(func(tx *store.Tx) error {
		if err := tx.PutTicket(&ticket.Ticket{Number: "20261127-0008", Status: ticket.Dispatched, ReceivedAt: now}); err != nil {
			return err
		}
		return tx.Enqueue(&store.OutboxEntry{Key: "n2", Channel: "sms", To: "+8613800000000", Text: "新派工单20261127-0008",
			Kind: "notify:dispatch", Ticket: "20261127-0008", CreatedAt: now, NextAt: now})
	}); err != nil {
		t.Fatal(err)
	}
	step(t, ob)
	for range 2 {
		if err := rep.RecordDelivery("n2", outbound.DeliveryFailed, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	evs = deliveryEvents(t, st, "20261127-0008")
	if len(evs) != 1 || evs[0].Note != "致承办单位的通知“新派工单20261127-0008”：已发出但未送达：运营商回执未送达（如号码停机、关机过久或拒收短信）" {
		t.Errorf("department notice history %+v", evs)
	}
}
