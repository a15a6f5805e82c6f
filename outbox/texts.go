package outbox

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"hotline/config"
	"hotline/outbound"
	"hotline/store"
	"hotline/ticket"
)

// The actions of an order's history that the outbox writes.
const (
	ActionDeliveryRetrying = "delivery_retrying" // a message of the order failed once and is retried
	ActionDeliveryFailed   = "delivery_failed"   // given up
	ActionDeliverySent     = "delivery_sent"     // out after failed attempts
	ActionDeliveryRerouted = "delivery_rerouted" // handed to another channel after the first could not deliver it
	// ActionDeliveryUndelivered: the gateway accepted it, then reported it
	// refused or not delivered (an SMS delivery report).
	ActionDeliveryUndelivered = "delivery_undelivered"
)

// excerptRunes is how much of a message an order's history quotes.
const excerptRunes = 20

// defaultTexts are the embedded default's delivery_texts, for an outbox
// whose texts were never set.
var defaultTexts = sync.OnceValue(func() config.DeliveryTexts {
	cfg, err := config.Default()
	if err != nil {
		return config.DeliveryTexts{}
	}
	return cfg.DeliveryTexts
})

// SetTexts sets what staff read about deliveries (delivery_texts) and the
// channels' zh-CN labels by name; call it before Run. Until then the
// embedded default's texts are used and no channel is named.
func (o *Outbox) SetTexts(t config.DeliveryTexts, labels map[string]string) {
	o.texts, o.labels = t, labels
}

// failureReason says, for staff, why a delivery failed.
func (o *Outbox) failureReason(err error) string {
	var perm *outbound.PermanentError
	t := o.texts
	tmpl := t.Unavailable
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		tmpl = t.Timeout
	case errors.As(err, &perm) && strings.Contains(err.Error(), "is not configured"):
		tmpl = t.NotConfigured
	case errors.As(err, &perm):
		tmpl = t.Refused
	}
	return config.Render(tmpl, config.DeliveryData{})
}

// statusText is what the message of entry e says about its delivery
// status ("" for none): after a failed attempt, the attempt count and the
// reason; after failed attempts, that it went out.
func (o *Outbox) statusText(e *store.OutboxEntry, status string, result error, hadFailed bool) string {
	var rr *outbound.RerouteError
	switch {
	case status == "rerouted" && errors.As(result, &rr) && !rr.Routine:
		return config.Render(o.texts.Rerouted, config.DeliveryData{Attempts: e.Attempts, From: o.labels[e.Channel],
			Channel: o.labels[rr.Channel], Reason: config.Render(o.texts.FallbackReason, config.DeliveryData{})})
	case status == "retrying":
		return config.Render(o.texts.Retrying, config.DeliveryData{Attempts: e.Attempts, Reason: o.failureReason(result)})
	case status == "failed":
		return config.Render(o.texts.Failed, config.DeliveryData{Attempts: e.Attempts, Reason: o.failureReason(result)})
	case status == "sent" && hadFailed:
		return config.Render(o.texts.SentAfterRetry, config.DeliveryData{Attempts: e.Attempts})
	}
	return ""
}

// recordOnOrder writes the delivery's state into the history of the order
// entry e belongs to: its first failed attempt, its give-up, its going out
// after failed attempts and its handing over to another channel, so that
// staff see it where they follow the order.
func (o *Outbox) recordOnOrder(tx *store.Tx, e *store.OutboxEntry, status, state string, hadFailed bool, now time.Time) error {
	var action string
	switch {
	case status == "retrying" && !hadFailed:
		action = ActionDeliveryRetrying
	case status == "failed":
		action = ActionDeliveryFailed
	case status == "sent" && hadFailed:
		action = ActionDeliverySent
	case status == "rerouted":
		action = ActionDeliveryRerouted
	default:
		return nil
	}
	return recordDelivery(tx, o.texts, o.labels, e, action, state, now)
}

// recordDelivery writes action with the delivery note for entry e into
// the history of the order e belongs to. An entry of no order, an empty
// state and an order no longer in the store (archived) are left alone.
func recordDelivery(tx *store.Tx, texts config.DeliveryTexts, labels map[string]string, e *store.OutboxEntry, action, state string, now time.Time) error {
	if e.Ticket == "" || state == "" {
		return nil
	}
	tk, err := tx.Ticket(e.Ticket)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	tmpl := texts.ToCitizen
	if e.MessageID == 0 {
		tmpl = texts.ToDepartment
	}
	note := config.Render(tmpl, config.DeliveryData{Attempts: e.Attempts, Channel: labels[e.Channel],
		Excerpt: excerpt(e.Text), State: state})
	tk.Record(ticket.Event{At: now, Actor: "system", Action: action, Note: note})
	return tx.PutTicket(tk)
}

// excerpt returns the first words of text, on one line.
func excerpt(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= excerptRunes {
		return text
	}
	return string(r[:excerptRunes]) + "…"
}
