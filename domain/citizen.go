package domain

import "time"

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
