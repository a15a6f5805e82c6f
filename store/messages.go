package store

import (
	"bytes"
	"encoding/json"
	"fmt"
)

func messageKey(convID string, id uint64) []byte {
	return join([]byte(convID), []byte{0}, u64(id))
}

// AddMessage appends m to its conversation, assigning m.ID.
func (t *boltTx) AddMessage(m *Message) error {
	b := t.b(bMessages)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	m.ID = seq
	return putJSON(b, messageKey(m.ConversationID, seq), m)
}

// PutMessage rewrites an existing message (delivery status).
func (t *boltTx) PutMessage(m *Message) error {
	return putJSON(t.b(bMessages), messageKey(m.ConversationID, m.ID), m)
}

// Message returns one message.
func (t *boltTx) Message(convID string, id uint64) (*Message, error) {
	var m Message
	ok, err := getJSON(t.b(bMessages), messageKey(convID, id), &m)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}
	return &m, nil
}

// Messages returns the messages of a conversation with ID > after, oldest
// first, at most limit (0 = all).
func (t *boltTx) Messages(convID string, after uint64, limit int) ([]*Message, error) {
	pfx := join([]byte(convID), []byte{0})
	c := t.b(bMessages).Cursor()
	var out []*Message
	for k, v := c.Seek(join(pfx, u64(after+1))); k != nil && bytes.HasPrefix(k, pfx) && len(k) == len(pfx)+8; k, v = c.Next() {
		var m Message
		if err := json.Unmarshal(v, &m); err != nil {
			return nil, fmt.Errorf("store: corrupt message %q: %w", k, err)
		}
		out = append(out, &m)
		if limit > 0 && len(out) >= limit {
			break
		}
	}
	return out, nil
}
