package store

import (
	"time"

	"hotline/ticket"
)

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
	DisplayName  string    `json:"display_name,omitempty"` // shown to citizens and colleagues (王芳), never the login name
	Role         string    `json:"role"`                   // admin, agent, department, supervisor, leader
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
