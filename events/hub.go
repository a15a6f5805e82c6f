// Package events tells live views (the web chat, the agents' console, the
// Telegram agents' group) that something changed: the engine, the outbox
// and the workflow publish, views subscribe and re-read the store.
package events

import (
	"context"
	"sync"
	"time"
)

// Event kinds.
const (
	Message   = "message"   // a message was added to a conversation
	Queue     = "queue"     // a conversation joined or left the agents' queue
	Ticket    = "ticket"    // a work order changed
	Delivered = "delivered" // an outbound message changed delivery status
	Agent     = "agent"     // an agent took, released or closed a conversation
)

// Event tells live views (the web chat, the agents' console) that
// something changed; they re-read the store for the details.
type Event struct {
	Kind           string `json:"kind"`
	ConversationID string `json:"conversation_id,omitempty"`
	MessageID      uint64 `json:"message_id,omitempty"`
	Ticket         string `json:"ticket,omitempty"`
	State          string `json:"state,omitempty"`
	Agent          string `json:"agent,omitempty"`
	// By is the staff member whose action it is (an agent's take, reply,
	// transfer or release), so that a console tells a chat handed to its
	// user by someone else from one its user took or answered.
	By        string `json:"by,omitempty"`
	Emergency bool   `json:"emergency,omitempty"`
	// At is when the event was published (set by Publish).
	At time.Time `json:"-"`
}

// Hub fans events out to subscribers. A subscriber that does not keep up
// loses events (never blocks the engine) and is told so by a closed
// channel's absence: it re-syncs from the store on every event anyway.
//
// A web-chat page follows one conversation: SubscribeConversation files it
// under that id, so that publishing an event costs the subscribers of its
// conversation plus those with a filter, not one call per open page.
type Hub struct {
	mu   sync.Mutex
	next int
	subs map[int]*sub
	conv map[string]map[int]*sub
	// changed is closed (and forgotten) when a subscription opens or
	// closes; WaitSubscribers waits on it.
	changed chan struct{}
}

type sub struct {
	ch     chan Event
	filter func(Event) bool
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[int]*sub{}, conv: map[string]map[int]*sub{}} }

// Subscribe returns a channel of events that pass filter (nil = all) and a
// function to unsubscribe.
func (h *Hub) Subscribe(filter func(Event) bool) (<-chan Event, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := h.next
	h.next++
	s := &sub{ch: make(chan Event, 64), filter: filter}
	h.subs[id] = s
	h.signal()
	return s.ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if _, ok := h.subs[id]; ok {
			delete(h.subs, id)
			close(s.ch)
			h.signal()
		}
	}
}

// SubscribeConversation returns a channel of the events of conversation
// convID and a function to unsubscribe.
func (h *Hub) SubscribeConversation(convID string) (<-chan Event, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := h.next
	h.next++
	s := &sub{ch: make(chan Event, 64)}
	if h.conv[convID] == nil {
		h.conv[convID] = map[int]*sub{}
	}
	h.conv[convID][id] = s
	h.signal()
	return s.ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		subs := h.conv[convID]
		if _, ok := subs[id]; ok {
			delete(subs, id)
			close(s.ch)
			if len(subs) == 0 {
				delete(h.conv, convID)
			}
			h.signal()
		}
	}
}

// Publish sends ev to every interested subscriber without blocking.
func (h *Hub) Publish(ev Event) {
	if ev.At.IsZero() {
		ev.At = time.Now()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.subs {
		if s.filter != nil && !s.filter(ev) {
			continue
		}
		offer(s.ch, ev)
	}
	if ev.ConversationID != "" {
		for _, s := range h.conv[ev.ConversationID] {
			offer(s.ch, ev)
		}
	}
}

func offer(ch chan Event, ev Event) {
	select {
	case ch <- ev:
	default:
	}
}

// signal wakes WaitSubscribers; h.mu is held.
func (h *Hub) signal() {
	if h.changed != nil {
		close(h.changed)
		h.changed = nil
	}
}

// WaitSubscribers waits until at least n subscriptions are open or ctx
// ends, so that a test knows a channel or a view follows the hub before it
// publishes.
func (h *Hub) WaitSubscribers(ctx context.Context, n int) error {
	for {
		h.mu.Lock()
		open := h.count()
		if h.changed == nil {
			h.changed = make(chan struct{})
		}
		changed := h.changed
		h.mu.Unlock()
		if open >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Subscribers returns the number of open subscriptions.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.count()
}

// count is Subscribers with h.mu held.
func (h *Hub) count() int {
	n := len(h.subs)
	for _, subs := range h.conv {
		n += len(subs)
	}
	return n
}
