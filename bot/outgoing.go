package bot

// Replies: rendered from the configured templates, queued in the outbox
// in the same transaction, or carried in the channel's own answer.

import (
	"strconv"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/store"
)

// reply renders the named reply template and queues it. The welcome is
// the channel's own where it has one.
func (t *turn) reply(name config.ReplyName, data config.ReplyData) error {
	if w, ok := t.e.welcome[t.conv.Channel]; ok && name == config.ReplyWelcome {
		return t.enqueueText(w, "reply")
	}
	text, err := t.e.render(name, data)
	if err != nil {
		return err
	}
	return t.enqueueText(text, "reply")
}

// enqueueText records an outbound bot message and queues it for delivery.
func (t *turn) enqueueText(text, kind string) error {
	key := "" // derived from the reply's own message id
	if t.in.ID != 0 {
		key = t.conv.ID + ":" + strconv.FormatUint(t.in.ID, 10) + ":" + strconv.Itoa(t.n)
	}
	t.n++
	e, err := t.e.queueOut(t.tx, t.conv, "bot", text, kind, "", key, t.now, t.passive)
	if err != nil {
		return err
	}
	*t.queued = append(*t.queued, e)
	return nil
}

// settlePassive hands the turn's replies back to the outbox when they are
// too long for the channel's in-request answer; otherwise the result says
// the channel sends them.
func (t *turn) settlePassive() error {
	size := 0
	for _, e := range *t.queued {
		size += len(e.Text) + 2
	}
	if t.m.PassiveMax <= 0 || size <= t.m.PassiveMax {
		t.res.Passive = true
		return nil
	}
	for _, e := range *t.queued {
		e.Status = store.OutPending
		e.SentAt = time.Time{}
		e.Kind = "reply"
		if err := t.tx.PutOutboxEntry(e); err != nil {
			return err
		}
		if m, err := t.tx.Message(e.ConversationID, e.MessageID); err == nil {
			m.Status = "queued"
			if err := t.tx.PutMessage(m); err != nil {
				return err
			}
		}
	}
	return nil
}

// queueOut writes an outbound message and its outbox entry. key is the
// idempotency key; empty means one derived from the new message's id.
func (e *Engine) queueOut(tx *store.Tx, conv *domain.Conversation, sender, text, kind, number, key string, now time.Time, passive bool) (*store.OutboxEntry, error) {
	direct := e.direct[conv.Channel]
	msg := &domain.Message{ConversationID: conv.ID, Direction: domain.Out, Sender: sender, Channel: conv.Channel,
		Text: text, At: now, Status: "queued"}
	if direct || passive {
		msg.Status = "sent"
	}
	if err := tx.AddMessage(msg); err != nil {
		return nil, err
	}
	if key == "" {
		key = conv.ID + ":m:" + strconv.FormatUint(msg.ID, 10)
	}
	ent := &store.OutboxEntry{Key: key, Channel: conv.Channel, To: conv.UserID, ConversationID: conv.ID,
		MessageID: msg.ID, Text: text, Kind: kind, Ticket: number, CreatedAt: now, NextAt: now}
	if direct {
		// The client reads its replies from the store: nothing to deliver.
		ent.Status = store.OutSent
		ent.SentAt = now
		return ent, nil
	}
	if passive {
		// Sent by the channel's answer to this request; kept in the
		// outbox (with its key) only as a record.
		ent.Status = store.OutSent
		ent.SentAt = now
		ent.Kind = "passive"
	}
	if err := tx.Enqueue(ent); err != nil {
		return nil, err
	}
	return ent, nil
}
