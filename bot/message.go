package bot

import (
	"time"

	"hotline/ticket"
)

// Message is one inbound message from any channel, in the engine's terms.
// Channel adapters build it from their platform's payload.
type Message struct {
	Channel    string // "webchat", "wechat", "sms", "telegram"
	UserID     string // the sender on that channel: browser id, openid, phone (+86…), chat id
	ExternalID string // the platform's message id: the dedupe key with Channel
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
