package domain

import (
	"time"

	"hotline/ticket"
)

// Message directions.
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
	Status string `json:"status,omitempty"`
	// StatusReason says in zh-CN why a delivery is being retried or
	// failed, for staff.
	StatusReason string `json:"status_reason,omitempty"`
	OutboxID     uint64 `json:"outbox_id,omitempty"`
}

// MediaRef is an attachment kept by reference.
type MediaRef struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	URL  string `json:"url,omitempty"`
}
