package outbox

import (
	"errors"
	"fmt"
	"time"

	"hotline/events"
	"hotline/store"
)

// ErrUnknownMessage is returned for a delivery report about a message the
// outbox does not know (a report for another installation, or one older
// than the data).
var ErrUnknownMessage = errors.New("outbox: delivery report for an unknown message")

// Delivery statuses that gateways report for an outbound message after it
// left the gateway (Kannel DLR types, Twilio MessageStatus mapped onto them).
const (
	DeliveryBuffered   = "buffered"    // queued at the SMSC
	DeliverySMSCAck    = "smsc_ack"    // the SMSC accepted it
	DeliveryDelivered  = "delivered"   // it reached the handset
	DeliverySMSCReject = "smsc_reject" // the SMSC refused it
	DeliveryFailed     = "failed"      // it could not be delivered
)

// deliveryRank orders delivery statuses: a report never replaces a later
// stage (reports arrive out of order over HTTP), and a failure of one part
// of a split SMS outranks the delivery of another.
var deliveryRank = map[string]int{
	DeliveryBuffered:   1,
	DeliverySMSCAck:    2,
	DeliveryDelivered:  3,
	DeliverySMSCReject: 4,
	DeliveryFailed:     5,
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
// Outbound.ID the channel was given) and tells live views. A report for an
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
			return fmt.Errorf("%w: %q", ErrUnknownMessage, outboxKey)
		}
		return fmt.Errorf("outbox: unable to record delivery: %w", err)
	}
	if ev != nil && r.hub != nil {
		r.hub.Publish(*ev)
	}
	return nil
}
