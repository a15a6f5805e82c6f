package outbox

import (
	"errors"
	"fmt"
	"time"

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

// Reports records gateway delivery reports (Kannel DLRs, Twilio status
// callbacks) on outbound messages. It needs only the store, so channels
// get it before the outbox worker exists.
type Reports struct {
	st  *store.Store
	hub *events.Hub
	now func() time.Time
}

// NewReports returns the recorder; hub may be nil, now nil means
// time.Now.
func NewReports(st *store.Store, hub *events.Hub, now func() time.Time) *Reports {
	if now == nil {
		now = time.Now
	}
	return &Reports{st: st, hub: hub, now: now}
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
		if ent.MessageID == 0 {
			return nil
		}
		m, err := tx.Message(ent.ConversationID, ent.MessageID)
		if err != nil {
			return err
		}
		if deliveryRank[m.Status] > rank {
			return nil
		}
		m.Status = status
		if err := tx.PutMessage(m); err != nil {
			return err
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
