// Package outbox delivers what the engine and the workflow queued for
// citizens: each channel is an outbound.Sender with a lane of its own
// (lanes.go); entries survive restarts in the store and are retried with
// exponential backoff, steered by the error kinds of package outbound
// (Permanent, RerouteError). Gateways' delivery receipts are recorded by
// Reports. Channels import outbound, never this package.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"hotline/config"
	"hotline/events"
	"hotline/outbound"
	"hotline/store"

	"github.com/prometheus/client_golang/prometheus"
)

// Outbox delivers queued messages with retries and exponential backoff.
// Entries survive restarts in the store; a delivery in flight when the
// process dies is retried after its lease expires (at-least-once).
type Outbox struct {
	st      *store.Store
	senders map[string]outbound.Sender
	cfg     config.Outbox
	log     *slog.Logger
	hub     *events.Hub
	texts   config.DeliveryTexts
	labels  map[string]string // channels' zh-CN labels
	sent    *prometheus.CounterVec
	now     func() time.Time
	wake    chan struct{}
	lease   time.Duration
	// callTimeout bounds one call to a channel (outbox.call_timeout).
	callTimeout time.Duration
}

// New builds the worker. senders maps channel names to senders; hub (for
// live views) and sent (the messages-out counter by channel and result)
// may be nil.
func New(st *store.Store, senders map[string]outbound.Sender, cfg config.Outbox, log *slog.Logger, hub *events.Hub, sent *prometheus.CounterVec) *Outbox {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 10
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = config.Duration(time.Second)
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = config.Duration(10 * time.Minute)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	call := cfg.CallTimeout.D()
	if call <= 0 {
		call = DefaultCallTimeout
	}
	return &Outbox{st: st, senders: senders, cfg: cfg, log: log, hub: hub, texts: defaultTexts(), sent: sent, now: time.Now,
		wake: make(chan struct{}, 1), lease: call + leaseMargin(call), callTimeout: call}
}

// SetClock makes the worker read the time from now (tests, and a server
// with an injected clock); call it before Run.
func (o *Outbox) SetClock(now func() time.Time) { o.now = now }

// Wake tells the worker that new entries may be due.
func (o *Outbox) Wake() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Backoff returns the delay before attempt n+1 after n failed attempts.
func (o *Outbox) Backoff(n int) time.Duration {
	d := o.cfg.MinBackoff.D()
	for i := 1; i < n && d < o.cfg.MaxBackoff.D(); i++ {
		d *= 2
	}
	return min(d, o.cfg.MaxBackoff.D())
}

// Step claims the entries due now, delivers them (in parallel, up to the
// configured number of workers) and records the outcomes. It returns the
// number of entries it handled.
func (o *Outbox) Step(ctx context.Context) (int, error) {
	now := o.now()
	var claimed []*store.OutboxEntry
	err := o.st.BatchContext(ctx, func(tx *store.Tx) error {
		claimed = claimed[:0]
		due, err := tx.DueOutbox(now, 64)
		if err != nil {
			return err
		}
		for _, e := range due {
			e.Attempts++
			e.NextAt = now.Add(o.lease)
			if err := tx.PutOutboxEntry(e); err != nil {
				return err
			}
			claimed = append(claimed, e)
		}
		return nil
	})
	if err != nil || len(claimed) == 0 {
		return 0, err
	}
	results := make([]error, len(claimed))
	sem := make(chan struct{}, o.cfg.Workers)
	var wg sync.WaitGroup
	for i, e := range claimed {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			results[i] = o.deliver(ctx, e)
		}()
	}
	wg.Wait()
	if err := o.record(claimed, results); err != nil {
		return 0, err
	}
	return len(claimed), nil
}

// record settles the claimed entries with their results in one
// transaction, then counts them and tells live views.
func (o *Outbox) record(claimed []*store.OutboxEntry, results []error) error {
	var evs []events.Event
	var outcomes [][2]string // channel, metric result; counted after the commit
	err := o.st.Update(func(tx *store.Tx) error {
		evs, outcomes = evs[:0], outcomes[:0]
		for i, e := range claimed {
			status, result, err := o.settle(tx, e, results[i], o.now())
			if err != nil {
				return err
			}
			if result != "" {
				outcomes = append(outcomes, [2]string{e.Channel, result})
			}
			evs = append(evs, events.Event{Kind: events.Delivered, ConversationID: e.ConversationID, MessageID: e.MessageID, State: status})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if o.sent != nil {
		for _, oc := range outcomes {
			o.sent.WithLabelValues(oc[0], oc[1]).Inc()
		}
	}
	if o.hub != nil {
		for _, ev := range evs {
			o.hub.Publish(ev)
		}
	}
	return nil
}

func (o *Outbox) deliver(ctx context.Context, e *store.OutboxEntry) error {
	s, ok := o.senders[e.Channel]
	if !ok {
		return outbound.Permanent(fmt.Errorf("channel %q is not configured", e.Channel))
	}
	o2 := outbound.Message{ID: e.Key, Channel: e.Channel, To: e.To, ConversationID: e.ConversationID,
		Text: e.Text, Kind: e.Kind, Ticket: e.Ticket, Attempt: e.Attempts}
	_ = o.st.ViewContext(ctx, func(tx *store.Tx) error {
		if c, err := tx.CitizenByIdentity(e.Channel, e.To); err == nil {
			if c.MergedInto != "" {
				if m, err := tx.Citizen(c.MergedInto); err == nil {
					c = m
				}
			}
			if len(c.Phones) > 0 {
				o2.Phone = c.Phones[0]
			} else if c.Contact != "" {
				o2.Phone = c.Contact
			}
			o2.LastInbound = c.LastInbound[e.Channel]
		}
		if conv, err := tx.Conversation(e.ConversationID); err == nil && conv.LastInbound.After(o2.LastInbound) {
			o2.LastInbound = conv.LastInbound
		}
		return nil
	})
	ctx, cancel := context.WithTimeout(ctx, o.callTimeout)
	defer cancel()
	return s.Send(ctx, o2)
}

// settle records the outcome of one delivery and returns the message's
// new delivery status and the result the messages-out metric counts ("" for
// none). It runs in a transaction that bbolt may run again: the caller
// counts after the commit.
func (o *Outbox) settle(tx *store.Tx, claimed *store.OutboxEntry, result error, now time.Time) (status, counted string, err error) {
	e, err := tx.OutboxEntry(claimed.ID)
	if err != nil {
		return "", "", err
	}
	if e.Status != store.OutPending {
		return e.Status, "", nil
	}
	hadFailed := e.LastError != ""
	status = "sent"
	var perm *outbound.PermanentError
	var rr *outbound.RerouteError
	switch {
	case errors.As(result, &rr) && rr.Channel != e.Channel && o.senders[rr.Channel] != nil:
		// Hand the message to the other channel as a new entry.
		e.Status = store.OutSent
		e.SentAt = now
		e.LastError = result.Error()
		status, counted = "rerouted", "rerouted"
		alt := &store.OutboxEntry{Key: e.Key + ">" + rr.Channel, Channel: rr.Channel, To: rr.To,
			ConversationID: e.ConversationID, MessageID: e.MessageID, Text: e.Text, Kind: e.Kind,
			Ticket: e.Ticket, CreatedAt: now, NextAt: now}
		if err := tx.Enqueue(alt); err != nil && !errors.Is(err, store.ErrDuplicate) {
			return "", "", err
		}
		if e.Kind == "ask_rating" && e.Ticket != "" {
			// The answer will come on the other channel.
			if err := tx.PutRatingAway(rr.Channel, rr.To, store.RatingAway{Number: e.Ticket, ConversationID: e.ConversationID, At: now}); err != nil {
				return "", "", err
			}
		}
	case result == nil:
		e.Status = store.OutSent
		e.SentAt = now
		e.LastError = ""
		counted = "sent"
	case errors.As(result, &perm) || e.Attempts >= o.cfg.MaxAttempts:
		e.Status = store.OutFailed
		e.LastError = result.Error()
		status, counted = "failed", "failed"
		o.log.Warn("outbox delivery failed for good", "channel", e.Channel, "entry", e.ID, "attempts", e.Attempts, "err", result)
	default:
		e.NextAt = now.Add(o.Backoff(e.Attempts))
		e.LastError = result.Error()
		status, counted = "retrying", "retry"
		o.log.Info("outbox delivery will be retried", "channel", e.Channel, "entry", e.ID, "attempts", e.Attempts, "err", result)
	}
	if err := tx.PutOutboxEntry(e); err != nil {
		return "", "", err
	}
	state := o.statusText(e, status, result, hadFailed)
	if e.MessageID != 0 {
		m, err := tx.Message(e.ConversationID, e.MessageID)
		if err == nil {
			m.Status = status
			m.StatusReason = ""
			if status == "retrying" || status == "failed" || status == "rerouted" {
				m.StatusReason = state
			}
			if err := tx.PutMessage(m); err != nil {
				return "", "", err
			}
		}
	}
	if err := o.recordOnOrder(tx, e, status, state, hadFailed, now); err != nil {
		return "", "", err
	}
	return status, counted, nil
}
