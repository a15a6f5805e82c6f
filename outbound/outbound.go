// Package outbound is what the outbox hands a channel to deliver and what
// a channel answers: the Message, the Sender every channel implements, the
// error kinds that steer a delivery (Permanent, RerouteError) and the
// delivery statuses gateways report afterwards. It sits below the outbox
// and storage, so channels import it and neither outbox nor store.
package outbound

import (
	"context"
	"errors"
	"time"
)

// Message is one message to deliver to a citizen on a channel. ID is the
// idempotency key: a channel that can dedupe on it should.
type Message struct {
	ID             string // idempotency key, stable across retries
	Channel        string
	To             string // UserID on that channel
	ConversationID string
	Text           string
	Kind           string // reply, emergency, dispatched, reply_ready, ask_rating, ... (a template can be picked by it)
	Ticket         string // order number the message is about, if any
	// Phone is the citizen's phone number when known (SMS fallback).
	Phone string
	// LastInbound is when the citizen last wrote on this channel (WeChat
	// allows customer-service messages for 48 hours after it).
	LastInbound time.Time
	// Attempt counts deliveries of this message, from 1.
	Attempt int
}

// Sender delivers outbound messages on one channel. Implementations should
// use Message.ID as an idempotency key where the platform supports one.
type Sender interface {
	Send(ctx context.Context, o Message) error
}

// PermanentError marks a delivery failure that retrying cannot fix (the
// citizen blocked the bot, the number is invalid): the entry fails at once.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err as a PermanentError.
func Permanent(err error) error { return &PermanentError{Err: err} }

// RerouteError asks the outbox to deliver the message on another channel
// instead (WeChat outside its 48-hour window → SMS to the known phone).
type RerouteError struct {
	Channel string // e.g. "sms"
	To      string // the recipient on that channel
	Reason  string
	// Routine says the channel always delivers this way (a phone caller's
	// notices go by SMS): nothing failed, so staff are not told.
	Routine bool
}

func (e *RerouteError) Error() string {
	return "reroute to " + e.Channel + ": " + e.Reason
}

// Delivery statuses that gateways report for an outbound message after it
// left the gateway (Kannel DLR types, Twilio MessageStatus mapped onto them).
const (
	DeliveryBuffered   = "buffered"    // queued at the SMSC
	DeliverySMSCAck    = "smsc_ack"    // the SMSC accepted it
	DeliveryDelivered  = "delivered"   // it reached the handset
	DeliverySMSCReject = "smsc_reject" // the SMSC refused it
	DeliveryFailed     = "failed"      // it could not be delivered
)

// Reports records gateways' delivery reports (Kannel DLRs, Twilio status
// callbacks) on the outbound message whose Message.ID is key;
// *outbox.Reports implements it.
type Reports interface {
	RecordDelivery(key, status string, at time.Time) error
}

// ErrUnknownMessage is returned for a delivery report about a message the
// outbox does not know (a report for another installation, or one older
// than the data).
var ErrUnknownMessage = errors.New("outbox: delivery report for an unknown message")
