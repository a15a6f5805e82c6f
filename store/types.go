package store

import (
	"time"

	"hotline/ticket"
)

// Citizen is one person across channels. A phone number given on one
// channel links that channel's identity to the others with the same number.
type Citizen struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Phones are numbers a channel vouched for (the SMS sender, a shared
	// Telegram contact): indexed, they link the citizen across channels.
	Phones []string `json:"phones,omitempty"`
	// Contact is the last number the citizen typed as a contact: used to
	// reach them, never to link identities.
	Contact    string     `json:"contact,omitempty"`
	Identities []Identity `json:"identities"`
	OptOut     []string   `json:"opt_out,omitempty"` // channels the citizen opted out of (SMS 退订, WeChat unsubscribe)
	CreatedAt  time.Time  `json:"created_at"`
	// Merged lists the ids of citizens folded into this one when a phone
	// number showed they are the same person.
	Merged []string `json:"merged,omitempty"`
	// MergedInto is set on a citizen folded into another.
	MergedInto string `json:"merged_into,omitempty"`
	// LastInbound is the time of the citizen's last message per channel
	// (WeChat allows customer-service messages for 48 hours after it).
	LastInbound map[string]time.Time `json:"last_inbound,omitempty"`
}

// Identity is a citizen's address on one channel.
type Identity struct {
	Channel string `json:"channel"`
	UserID  string `json:"user_id"`
}

// Conversation states.
const (
	ConvIdle       = "idle"       // nothing in progress
	ConvCollecting = "collecting" // the bot asks for what is missing
	ConvConfirming = "confirming" // the bot showed the summary and waits for 确认
	ConvQueued     = "queued"     // waiting for an agent
	ConvAgent      = "agent"      // an agent holds it; the bot is silent
	ConvRating     = "rating"     // waiting for a satisfaction rating
	ConvKB         = "kb"         // the bot answered from the knowledge base; 没解决 reaches a person
)

// Conversation is one chat between a citizen on one channel and the
// hotline, with its dialog state.
type Conversation struct {
	ID        string `json:"id"`
	Channel   string `json:"channel"`
	UserID    string `json:"user_id"`
	CitizenID string `json:"citizen_id"`
	State     string `json:"state"`
	Asking    string `json:"asking,omitempty"` // slot the bot asked for: problem, place, phone
	// Draft is the work order being collected (status draft) or the order
	// the conversation is about.
	Draft     *ticket.Ticket `json:"draft,omitempty"`
	Agent     string         `json:"agent,omitempty"` // who holds it
	Emergency bool           `json:"emergency,omitempty"`
	QueuedAt  time.Time      `json:"queued_at,omitzero"`
	FirstText string         `json:"first_text,omitempty"`
	// Pending holds attachments and a location the citizen sent before
	// there was a draft to put them on (a photo first, then the words).
	Pending         []string         `json:"pending,omitempty"`
	PendingLocation *ticket.Location `json:"pending_location,omitempty"`
	// RatingFor is the order whose return-visit rating is awaited.
	RatingFor string    `json:"rating_for,omitempty"`
	KBEntry   string    `json:"kb_entry,omitempty"` // last knowledge-base entry answered
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// LastInbound is the citizen's last message time.
	LastInbound time.Time `json:"last_inbound,omitzero"`
	Orders      []string  `json:"orders,omitempty"` // order numbers registered in this conversation
	// Asked counts how often the bot asked for each slot, so that it asks
	// at most twice and then goes on (or hands over).
	Asked map[string]int `json:"asked,omitempty"`
}

// Message directions and senders.
const (
	In  = "in"
	Out = "out"
)

// Message is one message of a conversation, inbound or outbound.
type Message struct {
	ID             uint64           `json:"id"`
	ConversationID string           `json:"conversation_id"`
	Direction      string           `json:"direction"` // in, out
	Sender         string           `json:"sender"`    // citizen, bot, agent:NAME, system
	Channel        string           `json:"channel"`
	Text           string           `json:"text"`
	Media          []MediaRef       `json:"media,omitempty"`
	Location       *ticket.Location `json:"location,omitempty"`
	ExternalID     string           `json:"external_id,omitempty"`
	At             time.Time        `json:"at"`
	// Delivery of outbound messages: queued, sent, delivered, failed.
	Status   string `json:"status,omitempty"`
	OutboxID uint64 `json:"outbox_id,omitempty"`
}

// MediaRef is an attachment kept by reference.
type MediaRef struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	URL  string `json:"url,omitempty"`
}

// Outbox entry states.
const (
	OutPending = "pending"
	OutSent    = "sent"
	OutFailed  = "failed" // gave up after the maximum number of attempts
)

// OutboxEntry is one message waiting to be delivered.
type OutboxEntry struct {
	ID             uint64    `json:"id"`
	Key            string    `json:"key"` // idempotency key, unique
	Channel        string    `json:"channel"`
	To             string    `json:"to"`
	ConversationID string    `json:"conversation_id"`
	MessageID      uint64    `json:"message_id,omitempty"`
	Text           string    `json:"text"`
	Kind           string    `json:"kind,omitempty"`
	Ticket         string    `json:"ticket,omitempty"`
	Status         string    `json:"status"`
	Attempts       int       `json:"attempts"`
	NextAt         time.Time `json:"next_at"`
	LastError      string    `json:"last_error,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	SentAt         time.Time `json:"sent_at,omitzero"`
}

// User is a console account.
type User struct {
	Name         string    `json:"name"`
	Role         string    `json:"role"` // admin, agent, department, supervisor, leader
	Department   string    `json:"department,omitempty"`
	PasswordHash string    `json:"password_hash"`
	Disabled     bool      `json:"disabled,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Object string    `json:"object,omitempty"`
	Before string    `json:"before,omitempty"`
	After  string    `json:"after,omitempty"`
}

// TicketFilter selects work orders; empty fields match everything.
type TicketFilter struct {
	Status     ticket.Status
	Department string
	CitizenID  string
	DueBefore  time.Time // orders due before this time (open ones)
	Limit      int
}
