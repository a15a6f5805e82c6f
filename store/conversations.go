package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	"hotline/domain"
	"hotline/ticket"
)

// bConvDrafts (schema version 5) holds a conversation's Draft apart from
// the conversation: the draft is big and changes with every answer while
// the conversation stays small, and a record that grows and shrinks again
// leaves its pages a quarter full. Version 4 kept the draft inside the
// conversation's JSON, which Conversation still reads; PutConversation
// moves it out.
var bConvDrafts = []byte("conv_drafts")

// convListed (schema version 8) starts a conversation's stored value that
// carries the ids of its messages: the marker, the list's length
// (uvarint), the list (messageIDs' form), then the record as before. The
// list used to be a record of its own in bConvMessages (versions 5–7), so
// a message wrote a page of that bucket besides the conversation's: kept
// in the conversation's value, it is on the page the conversation's
// change writes anyway. A value without the marker (a conversation with
// no message yet, any version's record) is the record alone; the marker
// is no byte JSON text or the compact form starts with.
const convListed = 0xFC

// convParts splits a conversation's stored value into its list of message
// ids (nil when it carries none) and its record.
func convParts(v []byte) (list, rec []byte, err error) {
	if len(v) == 0 || v[0] != convListed {
		return nil, v, nil
	}
	n, k := binary.Uvarint(v[1:])
	if k <= 0 || uint64(len(v)-1-k) < n {
		return nil, nil, errCorruptRecord
	}
	return v[1+k : 1+k+int(n)], v[1+k+int(n):], nil
}

// convValue is the stored value of a conversation's record rec with the
// list of message ids list (convParts' inverse).
func convValue(list, rec []byte) []byte {
	if len(list) == 0 {
		return rec
	}
	v := make([]byte, 0, 1+binary.MaxVarintLen64+len(list)+len(rec))
	v = append(v, convListed)
	v = binary.AppendUvarint(v, uint64(len(list)))
	return append(append(v, list...), rec...)
}

// unmarshalConversation decodes a conversation's stored value, with or
// without its list of message ids.
func unmarshalConversation(v []byte, c *domain.Conversation) error {
	list, rec, err := convParts(v)
	if err != nil {
		return err
	}
	if _, err := messageIDs(list); err != nil {
		return err
	}
	return unmarshalRecord(rec, c)
}

// convIndex is what a conversation's index entries are derived from.
type convIndex struct {
	queued    bool
	emergency bool
	queuedAt  time.Time
	drafting  bool
	citizen   string
}

func indexOf(c *domain.Conversation) convIndex {
	return convIndex{queued: c.State.Waiting(), emergency: c.Emergency, queuedAt: c.QueuedAt, drafting: c.State.Drafting(), citizen: c.CitizenID}
}

// Conversation returns a conversation by id.
func (t *boltTx) Conversation(id string) (*domain.Conversation, error) {
	var c domain.Conversation
	v := t.b(bConversations).Get([]byte(id))
	if v == nil {
		return nil, ErrNotFound
	}
	_, rec, err := convParts(v)
	if err == nil {
		err = unmarshalRecord(rec, &c)
	}
	if err != nil {
		return nil, fmt.Errorf("store: corrupt conversation %q: %w", id, err)
	}
	if c.Draft == nil {
		if v := t.b(bConvDrafts).Get([]byte(id)); v != nil {
			var d ticket.Ticket
			if err := unmarshalRecord(v, &d); err != nil {
				return nil, fmt.Errorf("store: corrupt draft of %s: %w", id, err)
			}
			c.Draft = &d
		}
	}
	if t.convIdx == nil {
		t.convIdx = map[string]convIndex{}
	}
	t.convIdx[id] = indexOf(&c)
	return &c, nil
}

// convVersion is the stored form of conversation id with its draft
// (ConversationRaw's version): the conversation's length, the
// conversation, the draft. It is nil when there is no conversation.
func (t *boltTx) convVersion(id string) []byte {
	conv := t.b(bConversations).Get([]byte(id))
	if conv == nil {
		return nil
	}
	draft := t.b(bConvDrafts).Get([]byte(id))
	v := make([]byte, 0, 4+len(conv)+len(draft))
	v = binary.BigEndian.AppendUint32(v, uint32(len(conv)))
	return append(append(v, conv...), draft...)
}

// sameVersion reports whether version is the stored form of conversation
// id, without copying it.
func (t *boltTx) sameVersion(id string, version []byte) bool {
	conv := t.b(bConversations).Get([]byte(id))
	if conv == nil || len(version) < 4 || int(binary.BigEndian.Uint32(version)) != len(conv) || len(version) < 4+len(conv) {
		return false
	}
	return bytes.Equal(version[4:4+len(conv)], conv) && bytes.Equal(version[4+len(conv):], t.b(bConvDrafts).Get([]byte(id)))
}

func queueKey(emergency bool, queuedAt time.Time, id string) []byte {
	prio := byte(1)
	if emergency {
		prio = 0
	}
	return join([]byte{prio}, tsKey(queuedAt), []byte(id))
}

// ConversationSince returns the conversation id as stored, like
// Conversation, but when the stored records are byte for byte version
// (read earlier, outside this transaction) it returns cached instead of
// decoding it again. cached must not be reused afterwards: the caller
// changes it.
func (t *boltTx) ConversationSince(id string, cached *domain.Conversation, version []byte) (*domain.Conversation, error) {
	if cached == nil || version == nil || !t.sameVersion(id, version) {
		return t.Conversation(id)
	}
	if t.convIdx == nil {
		t.convIdx = map[string]convIndex{}
	}
	t.convIdx[id] = indexOf(cached)
	return cached, nil
}

// ConversationRaw returns the conversation and a copy of its stored form
// (for ConversationSince).
func (t *boltTx) ConversationRaw(id string) (*domain.Conversation, []byte, error) {
	v := t.convVersion(id)
	if v == nil {
		return nil, nil, ErrNotFound
	}
	c, err := t.Conversation(id)
	if err != nil {
		return nil, nil, err
	}
	return c, v, nil
}

// PutConversation saves a conversation and keeps the agents' queue and the
// draft-expiry index in step with its state.
func (t *boltTx) PutConversation(c *domain.Conversation) error {
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
	stored := *c
	stored.Draft = nil
	if c.Draft != nil {
		if err := putJSON(t.b(bConvDrafts), []byte(c.ID), c.Draft); err != nil {
			return err
		}
	} else if err := t.b(bConvDrafts).Delete([]byte(c.ID)); err != nil {
		return err
	}
	if err := t.markDue(dueConv, c.UpdatedAt, c.ID); err != nil { // pipl_due.go
		return err
	}
	rec, err := marshalRecord(&stored)
	if err != nil {
		return err
	}
	// The list of its messages: the one this transaction changed, else
	// the one stored with it.
	var list []byte
	if p, ok := t.lists[c.ID]; ok {
		delete(t.lists, c.ID)
		if p.legacy {
			if err := t.b(bConvMessages).Delete([]byte(c.ID)); err != nil {
				return err
			}
		}
		list = encodeIDs(p.ids)
	} else if old := t.b(bConversations).Get([]byte(c.ID)); old != nil {
		if list, _, err = convParts(old); err != nil {
			return fmt.Errorf("store: corrupt conversation %q: %w", c.ID, err)
		}
	}
	return t.b(bConversations).Put([]byte(c.ID), convValue(list, rec))
}

// Queue returns the conversations waiting for an agent: emergencies first,
// then by waiting time.
func (t *boltTx) Queue(limit int) ([]*domain.Conversation, error) {
	var out []*domain.Conversation
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
func (t *boltTx) ConversationsOf(citizenID string) ([]*domain.Conversation, error) {
	c, err := t.Citizen(citizenID)
	if err != nil {
		return nil, err
	}
	var out []*domain.Conversation
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
