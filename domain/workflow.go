package domain

import "time"

// Reminder is one entry of a department's inbox in the console: a
// reminder (催办), an escalation, a supervision mark, a reopened order.
type Reminder struct {
	At     time.Time `json:"at"`
	Number string    `json:"number"`
	Kind   string    `json:"kind"`
	Text   string    `json:"text"`
}

// Notice is a message to a citizen about an order that a committed
// workflow operation owes them, kept until the conversation engine has
// queued it, so that a crash between the two loses nothing.
type Notice struct {
	ID     uint64            `json:"id"`
	Number string            `json:"number"`
	Kind   string            `json:"kind"` // reply template: dispatched, reply_ready, ask_rating
	Data   map[string]string `json:"data,omitempty"`
	At     time.Time         `json:"at"`
	// Attempts counts the failed hand-overs.
	Attempts int `json:"attempts,omitempty"`
}
