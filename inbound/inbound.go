// Package inbound is what a channel hands the conversation engine and what
// it gets back: the Message built from a platform's payload, the Result of
// handling it, and the errors a channel turns into its own answers. It
// sits below the engine and storage, so channels import it and neither
// bot nor store; *bot.Engine implements Handler.
package inbound

import (
	"context"
	"errors"
	"time"

	"hotline/ticket"
)

// Handler is the conversation engine as a channel sees it.
type Handler interface {
	// Handle processes one inbound message and returns after everything
	// it changed has been committed.
	Handle(ctx context.Context, m Message) (*Result, error)
}

// Message is one inbound message from any channel, in the engine's terms.
// Channel adapters build it from their platform's payload.
type Message struct {
	Channel    string // "webchat", "wechat", "sms", "telegram"
	UserID     string // the sender on that channel: browser id, openid, phone (+86…), chat id
	ExternalID string // the platform's message id: the dedupe key with Channel
	// ExternalTime is a time the platform sends alike with every delivery
	// of the message (WeChat's CreateTime, Telegram's date, Kannel's %T,
	// the web-chat token's own time), zero when it sends none (Twilio).
	// The dedupe key starts with it (store.DedupeKey), so that new keys
	// are appended to the last pages of the store's index instead of
	// rewriting a random page each. Never the time the gateway received
	// the message: a retry would not carry it.
	ExternalTime time.Time
	// ConversationID is set by channels that name their conversations (the
	// web chat's token; SMS's keyed hash of the number, so that ids show
	// no phone numbers); others leave it empty and get channel:user. An id
	// that is not stored is an error unless Create is set: then the
	// conversation starts with this message.
	ConversationID string
	Create         bool
	// Welcomed says the client showed the welcome when it opened the
	// conversation (the web chat): a new conversation then stores it
	// before the citizen's first words.
	Welcomed bool
	Text     string
	Media    []Media
	Location *ticket.Location
	// Phone is a number the channel vouches for (the SMS sender, a
	// Telegram user's own shared contact): it links the citizen's
	// identities across channels. A number typed in a chat is only a
	// contact number and links nothing.
	Phone      string
	Name       string // a display name, if the platform gives one
	Event      string // platform events: "subscribe", "unsubscribe", "start"
	ReceivedAt time.Time
	// PassiveBy is set by channels that can answer inside the request
	// (WeChat's passive reply, TwiML): when the engine's transaction runs
	// before this time and the replies fit in PassiveMax bytes, they are
	// recorded as delivered by the channel's answer (Result.Passive) and
	// never reach the outbox; otherwise the outbox delivers them.
	PassiveBy  time.Time
	PassiveMax int
}

// Media is an attachment kept by reference.
type Media struct {
	Kind string `json:"kind"` // image, voice, video, file
	ID   string `json:"id"`   // platform media id
	URL  string `json:"url,omitempty"`
}

// Result is what Handle did with a message.
type Result struct {
	ConversationID string
	MessageID      uint64
	Duplicate      bool    // already handled: nothing was changed
	Replies        []Reply // the replies queued, in order
	// Passive means the replies are the channel's to send in its answer to
	// the request (Message.PassiveBy): the outbox will not send them.
	Passive bool
}

// Reply is one reply the engine recorded in the conversation and queued.
type Reply struct {
	MessageID uint64 // the reply's message in the conversation
	// Key is the reply's idempotency key in the outbox: the ID of the
	// outbound.Message a channel is given to deliver it.
	Key  string
	Text string
	At   time.Time
}

// Texts returns the reply texts.
func (r *Result) Texts() []string {
	out := make([]string, len(r.Replies))
	for i, e := range r.Replies {
		out[i] = e.Text
	}
	return out
}

// ConversationID returns the conversation id a message from channel/user
// belongs to when the channel does not name one.
func ConversationID(channel, userID string) string { return channel + ":" + userID }

// InputError is a problem with an inbound message that the sender must fix
// (HTTP 4xx). Nothing was stored.
type InputError struct {
	Code string // empty_text, too_long, invalid_utf8, unknown_conversation, ...
	Msg  string
}

func (e *InputError) Error() string { return e.Msg }

// Errors of the agent operations on a conversation.
var (
	ErrNotFound = errors.New("conversation not found")
	ErrHeld     = errors.New("conversation is held by another agent")
	ErrNotHeld  = errors.New("conversation is not held by this agent")
)

// actorKey carries the audit log's name of whoever acts (WithActor).
type actorKey struct{}

// WithActor returns ctx naming actor as the one an action taken with it is
// audited under: each surface's own name of the person, as it audits its
// other actions ("desk:"+login for the console, "api:"+X-Agent for the
// agents' API, "tg:"+username for the Telegram group), distinct from the
// bare name that holds a conversation, so that the log tells the surfaces
// apart.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorOf is the actor ctx names (WithActor), else def.
func ActorOf(ctx context.Context, def string) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return def
}
