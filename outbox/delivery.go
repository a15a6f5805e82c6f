package outbox

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"hotline/config"
	"hotline/events"
	"hotline/outbound"
	"hotline/store"
)

// deliveryRank orders delivery statuses: a report never replaces a later
// stage (reports arrive out of order over HTTP), and a failure of one part
// of a split SMS outranks the delivery of another.
var deliveryRank = map[string]int{
	outbound.DeliveryBuffered:   1,
	outbound.DeliverySMSCAck:    2,
	outbound.DeliveryDelivered:  3,
	outbound.DeliverySMSCReject: 4,
	outbound.DeliveryFailed:     5,
}

// reportError starts an entry's LastError once a gateway reported it
// undelivered.
const reportError = "delivery report: "

// Reports records gateway delivery reports (Kannel DLRs, Twilio status
// callbacks) on outbound messages. It needs only the store, so channels
// get it before the outbox worker exists.
type Reports struct {
	st     *store.Store
	hub    *events.Hub
	now    func() time.Time
	texts  config.DeliveryTexts
	labels map[string]string
}

// NewReports returns the recorder; hub may be nil, now nil means
// time.Now.
func NewReports(st *store.Store, hub *events.Hub, now func() time.Time) *Reports {
	if now == nil {
		now = time.Now
	}
	return &Reports{st: st, hub: hub, now: now, texts: defaultTexts()}
}

// SetTexts sets what staff read about undelivered messages
// (delivery_texts) and the channels' zh-CN labels by name; call it before
// reports arrive.
func (r *Reports) SetTexts(t config.DeliveryTexts, labels map[string]string) {
	r.texts, r.labels = t, labels
}

// undelivered says, for staff, why a gateway reported status ("" when it
// is not a failure).
func (r *Reports) undelivered(status string) string {
	reason := ""
	switch status {
	case outbound.DeliverySMSCReject:
		reason = r.texts.SMSCReject
	case outbound.DeliveryFailed:
		reason = r.texts.ReportFailed
	default:
		return ""
	}
	return config.Render(r.texts.Undelivered, config.DeliveryData{Reason: config.Render(reason, config.DeliveryData{})})
}

// RecordDelivery records a gateway's delivery report on the outbound
// message of the outbox entry with idempotency key outboxKey (the
// outbound.Message.ID the channel was given) and tells live views. A report for an
// entry the worker has not settled yet also marks the entry sent: the
// gateway had accepted it, and the worker's later settlement must not
// overwrite the report. An unknown key is an error wrapping
// ErrUnknownMessage.
func (r *Reports) RecordDelivery(outboxKey, status string, at time.Time) error {
	rank, ok := deliveryRank[status]
	if !ok {
		return fmt.Errorf("outbox: unable to record delivery: unknown status %q", status)
	}
	if at.IsZero() {
		at = r.now()
	}
	var ev *events.Event
	err := r.st.Update(func(tx *store.Tx) error {
		ev = nil
		ent, err := tx.OutboxByKey(outboxKey)
		if err != nil {
			return err
		}
		if ent.Status == store.OutPending {
			ent.Status = store.OutSent
			ent.SentAt = at
			ent.LastError = ""
			if err := tx.PutOutboxEntry(ent); err != nil {
				return err
			}
		}
		state := r.undelivered(status)
		if ent.MessageID == 0 {
			// A notice to a department: its order's history is where
			// staff see it, at the entry's first failure report.
			if state == "" || strings.HasPrefix(ent.LastError, reportError) {
				return nil
			}
			ent.LastError = reportError + status
			if err := tx.PutOutboxEntry(ent); err != nil {
				return err
			}
			return recordDelivery(tx, r.texts, r.labels, ent, ActionDeliveryUndelivered, state, at)
		}
		m, err := tx.Message(ent.ConversationID, ent.MessageID)
		if err != nil {
			return err
		}
		prev := deliveryRank[m.Status]
		if prev > rank {
			return nil
		}
		m.Status = status
		if state != "" {
			m.StatusReason = state
		}
		if err := tx.PutMessage(m); err != nil {
			return err
		}
		// The first failure report of a message goes into its order's
		// history (a split SMS reports every part).
		if state != "" && prev < deliveryRank[outbound.DeliverySMSCReject] {
			if err := recordDelivery(tx, r.texts, r.labels, ent, ActionDeliveryUndelivered, state, at); err != nil {
				return err
			}
		}
		ev = &events.Event{Kind: events.Delivered, ConversationID: m.ConversationID, MessageID: m.ID, State: status}
		return nil
	})
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("%w: %q", outbound.ErrUnknownMessage, outboxKey)
		}
		return fmt.Errorf("outbox: unable to record delivery: %w", err)
	}
	if ev != nil && r.hub != nil {
		r.hub.Publish(*ev)
	}
	return nil
}
