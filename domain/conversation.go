package domain

import (
	"time"

	"hotline/ticket"
)

// ConvState is where a conversation's dialog stands.
type ConvState string

// Conversation states.
const (
	ConvIdle       ConvState = "idle"       // nothing in progress
	ConvCollecting ConvState = "collecting" // the bot asks for what is missing
	ConvConfirming ConvState = "confirming" // the bot showed the summary and waits for 确认
	ConvQueued     ConvState = "queued"     // waiting for an agent
	ConvAgent      ConvState = "agent"      // an agent holds it; the bot is silent
	ConvRating     ConvState = "rating"     // waiting for a satisfaction rating
	ConvKB         ConvState = "kb"         // the bot answered from the knowledge base; 没解决 reaches a person
)

// Idle reports whether nothing is in progress.
func (s ConvState) Idle() bool { return s == ConvIdle }

// Drafting reports whether the bot is collecting or confirming a work
// order.
func (s ConvState) Drafting() bool { return s == ConvCollecting || s == ConvConfirming }

// Waiting reports whether the conversation waits in the agents' queue.
func (s ConvState) Waiting() bool { return s == ConvQueued }

// Held reports whether an agent holds the conversation (the bot is silent).
func (s ConvState) Held() bool { return s == ConvAgent }

// Human reports whether the conversation is with people: waiting for an
// agent or held by one.
func (s ConvState) Human() bool { return s == ConvQueued || s == ConvAgent }

// Rating reports whether a satisfaction rating is awaited.
func (s ConvState) Rating() bool { return s == ConvRating }

// Valid reports whether s is one of the states above.
func (s ConvState) Valid() bool {
	switch s {
	case ConvIdle, ConvCollecting, ConvConfirming, ConvQueued, ConvAgent, ConvRating, ConvKB:
		return true
	}
	return false
}

// Conversation is one chat between a citizen on one channel and the
// hotline, with its dialog state.
type Conversation struct {
	ID        string    `json:"id"`
	Channel   string    `json:"channel"`
	UserID    string    `json:"user_id"`
	CitizenID string    `json:"citizen_id"`
	State     ConvState `json:"state"`
	Asking    string    `json:"asking,omitempty"` // slot the bot asked for: problem, place, phone
	// Draft is the work order being collected (status draft) or the order
	// the conversation is about.
	Draft     *ticket.Ticket `json:"draft,omitempty"`
	Agent     string         `json:"agent,omitempty"` // who holds it
	Emergency bool           `json:"emergency,omitempty"`
	// EmergencyReason is why Emergency is set: the number, the citizen's
	// words and the classifier's rule (nil when it is not set, and for
	// conversations flagged before reasons were kept).
	EmergencyReason *ticket.EmergencyReason `json:"emergency_reason,omitempty"`
	QueuedAt        time.Time               `json:"queued_at,omitzero"`
	FirstText       string                  `json:"first_text,omitempty"`
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
	// Offered are the category codes the bot offered in its clarifying
	// question (Asking "category"), in the order offered.
	Offered []string `json:"offered,omitempty"`
}

// Waiting reports whether the conversation waits in the agents' queue.
func (c *Conversation) Waiting() bool { return c.State.Waiting() }

// Drafting reports whether the bot is collecting or confirming an order.
func (c *Conversation) Drafting() bool { return c.State.Drafting() }

// HeldBy reports whether agent holds the conversation.
func (c *Conversation) HeldBy(agent string) bool { return c.State == ConvAgent && c.Agent == agent }
