package store

import (
	"bytes"
	"time"
)

// convIndex is what a conversation's index entries are derived from.
type convIndex struct {
	queued    bool
	emergency bool
	queuedAt  time.Time
	drafting  bool
	citizen   string
}

func indexOf(c *Conversation) convIndex {
	return convIndex{queued: c.State.Waiting(), emergency: c.Emergency, queuedAt: c.QueuedAt, drafting: c.State.Drafting(), citizen: c.CitizenID}
}

// Conversation returns a conversation by id.
func (t *boltTx) Conversation(id string) (*Conversation, error) {
	var c Conversation
	ok, err := getJSON(t.b(bConversations), []byte(id), &c)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}
	if t.convIdx == nil {
		t.convIdx = map[string]convIndex{}
	}
	t.convIdx[id] = indexOf(&c)
	return &c, nil
}

func queueKey(emergency bool, queuedAt time.Time, id string) []byte {
	prio := byte(1)
	if emergency {
		prio = 0
	}
	return join([]byte{prio}, tsKey(queuedAt), []byte(id))
}

// ConversationSince returns the conversation id as stored, like
// Conversation, but when the stored record is byte for byte raw (read
// earlier, outside this transaction) it returns cached instead of decoding
// it again. cached must not be reused afterwards: the caller changes it.
func (t *boltTx) ConversationSince(id string, cached *Conversation, raw []byte) (*Conversation, error) {
	if cached == nil || raw == nil || !bytes.Equal(t.b(bConversations).Get([]byte(id)), raw) {
		return t.Conversation(id)
	}
	if t.convIdx == nil {
		t.convIdx = map[string]convIndex{}
	}
	t.convIdx[id] = indexOf(cached)
	return cached, nil
}

// ConversationRaw returns the conversation and a copy of its stored bytes
// (for ConversationSince).
func (t *boltTx) ConversationRaw(id string) (*Conversation, []byte, error) {
	raw := t.b(bConversations).Get([]byte(id))
	if raw == nil {
		return nil, nil, ErrNotFound
	}
	c, err := t.Conversation(id)
	if err != nil {
		return nil, nil, err
	}
	return c, append([]byte(nil), raw...), nil
}

// PutConversation saves a conversation and keeps the agents' queue and the
// draft-expiry index in step with its state.
func (t *boltTx) PutConversation(c *Conversation) error {
	old, known := t.convIdx[c.ID]
	if !known {
		prev, err := t.Conversation(c.ID)
		switch {
		case err == nil:
			old = indexOf(prev)
		case err != ErrNotFound:
			return err
		}
	}
	now := indexOf(c)
	if old.queued && (!now.queued || old.emergency != now.emergency || !old.queuedAt.Equal(now.queuedAt)) {
		if err := t.b(bQueue).Delete(queueKey(old.emergency, old.queuedAt, c.ID)); err != nil {
			return err
		}
	}
	if now.queued {
		if err := t.b(bQueue).Put(queueKey(now.emergency, now.queuedAt, c.ID), nil); err != nil {
			return err
		}
	}
	switch {
	case now.drafting:
		if err := t.b(bDrafts).Put([]byte(c.ID), tsKey(c.UpdatedAt)); err != nil {
			return err
		}
	case old.drafting:
		if err := t.b(bDrafts).Delete([]byte(c.ID)); err != nil {
			return err
		}
	}
	if old.citizen != now.citizen {
		if old.citizen != "" {
			if err := t.b(bConvCitizen).Delete(idx2(old.citizen, c.ID)); err != nil {
				return err
			}
		}
		if now.citizen != "" {
			if err := t.b(bConvCitizen).Put(idx2(now.citizen, c.ID), nil); err != nil {
				return err
			}
		}
	}
	if t.convIdx == nil {
		t.convIdx = map[string]convIndex{}
	}
	t.convIdx[c.ID] = now
	return putJSON(t.b(bConversations), []byte(c.ID), c)
}

// Queue returns the conversations waiting for an agent: emergencies first,
// then by waiting time.
func (t *boltTx) Queue(limit int) ([]*Conversation, error) {
	var out []*Conversation
	c := t.b(bQueue).Cursor()
	for k, _ := c.First(); k != nil && (limit <= 0 || len(out) < limit); k, _ = c.Next() {
		conv, err := t.Conversation(string(k[9:]))
		if err != nil {
			return nil, err
		}
		out = append(out, conv)
	}
	return out, nil
}

// StaleDrafts returns the ids of conversations collecting a draft whose
// last update is before before (at most limit).
func (t *boltTx) StaleDrafts(before time.Time, limit int) []string {
	var out []string
	end := tsKey(before)
	c := t.b(bDrafts).Cursor()
	for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
		if bytes.Compare(v, end) < 0 {
			out = append(out, string(k))
		}
	}
	return out
}

// ConversationsOf returns the conversations of citizen citizenID and of
// the citizens folded into it, on every channel.
func (t *boltTx) ConversationsOf(citizenID string) ([]*Conversation, error) {
	c, err := t.Citizen(citizenID)
	if err != nil {
		return nil, err
	}
	var out []*Conversation
	for _, id := range append([]string{c.ID}, c.Merged...) {
		pfx := idx2(id, "")
		cur := t.b(bConvCitizen).Cursor()
		for k, _ := cur.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, _ = cur.Next() {
			conv, err := t.Conversation(string(k[len(pfx):]))
			if err == nil {
				out = append(out, conv)
			}
		}
	}
	return out, nil
}
