package outbox

import "time"

// Outbound is one message to deliver to a citizen on a channel. ID is the
// idempotency key: a channel that can dedupe on it should.
type Outbound struct {
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
