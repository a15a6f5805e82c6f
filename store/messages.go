package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"sync"

	"hotline/domain"
	"hotline/ticket"
)

// Messages are kept by their id alone (schema version 5): ids grow with
// every message, so the bucket only appends and its pages stay full. A
// conversation finds its messages through bConvMessages (conversation id →
// the ids of its messages as uvarint deltas, one small record a
// conversation). A message is stored in a compact form (encodeMessage)
// that leaves out its id and conversation id.
//
// Version 4 kept JSON under conversation id \x00 id in the same bucket;
// those records are read as they are (a key of 8 bytes is of version 5,
// a longer one of version 4), so the upgrade rewrites nothing.
var bConvMessages = []byte("conv_messages")

func legacyMessageKey(convID string, id uint64) []byte {
	return join([]byte(convID), []byte{0}, u64(id))
}

// msgFormat1 starts a message in the compact form; JSON starts with '{'.
// msgFormat2 (schema version 6) is the same form with everything after the
// conversation hash deflated (deflate.go).
const (
	msgFormat1 = 0x01
	msgFormat2 = 0x02
)

// convHash ties a compact message to its conversation, so that a message
// is never read under another conversation's id.
func convHash(convID string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(convID))
	return h.Sum64()
}

// messageExtra holds the rare parts of a message, as JSON.
type messageExtra struct {
	Media    []domain.MediaRef `json:"media,omitempty"`
	Location *ticket.Location  `json:"location,omitempty"`
}

// encodeMessage writes m in the compact form: format byte, conversation
// hash, direction, sender, channel, text, external id, status (uvarint
// length + bytes each), time (time.MarshalBinary, length first), outbox id
// (uvarint), media and location as JSON (length first, 0 when none), then
// the fields added since, each optional at the end (status reason).
// TestMessageCodec fails when Message gains a field this does not write:
// add it at the end, so that older records still read.
func encodeMessage(m *domain.Message) ([]byte, error) {
	at, err := m.At.MarshalBinary()
	if err != nil {
		return nil, err
	}
	var extra []byte
	if len(m.Media) > 0 || m.Location != nil {
		if extra, err = json.Marshal(messageExtra{Media: m.Media, Location: m.Location}); err != nil {
			return nil, err
		}
	}
	strs := [...]string{m.Direction, m.Sender, m.Channel, m.Text, m.ExternalID, m.Status}
	n := 1 + 8 + 1 + len(at) + 3*binary.MaxVarintLen64 + len(extra) + len(m.StatusReason)
	for _, s := range strs {
		n += binary.MaxVarintLen64 + len(s)
	}
	b := make([]byte, 0, n)
	b = append(b, msgFormat1)
	b = binary.BigEndian.AppendUint64(b, convHash(m.ConversationID))
	for _, s := range strs {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = append(b, byte(len(at)))
	b = append(b, at...)
	b = binary.AppendUvarint(b, m.OutboxID)
	b = binary.AppendUvarint(b, uint64(len(extra)))
	b = append(b, extra...)
	if m.StatusReason != "" {
		b = binary.AppendUvarint(b, uint64(len(m.StatusReason)))
		b = append(b, m.StatusReason...)
	}
	return b, nil
}

// packMessage is encodeMessage in format 2 when deflating makes it
// shorter: how the live database keeps messages (an archive file keeps
// format 1, whose bytes masking rewrites in place).
func packMessage(m *domain.Message) ([]byte, error) {
	b, err := encodeMessage(m)
	if err != nil {
		return nil, err
	}
	return packEncoded(b), nil
}

// packEncoded turns b, a message in format 1 (encodeMessage), into format
// 2 when deflating makes it shorter.
func packEncoded(b []byte) []byte {
	if d, ok := deflated(msgFormat2, b[9:]); ok {
		b[0] = msgFormat2
		b = append(b[:9], d[1:]...)
	}
	return b
}

// prepared holds the stored forms PrepareMessage packed, by their format-1
// encoding, until AddMessage takes them.
var prepared struct {
	sync.Mutex
	m map[string][]byte
}

// maxPrepared bounds prepared: a form nobody takes (its write failed) is
// dropped with all the others when the map is full.
const maxPrepared = 1024

// PrepareMessage packs the stored form of m, a message about to be added,
// before the write transaction that adds it: deflating is most of what
// adding a message costs, and the transaction holds the file's single
// writer while every other writer waits. AddMessage takes the prepared
// form when m still encodes to the same bytes, and packs m itself
// otherwise, so a message changed after PrepareMessage is stored as it
// is then.
func PrepareMessage(m *domain.Message) {
	b, err := encodeMessage(m)
	if err != nil {
		return // AddMessage says what is wrong
	}
	key := string(b)
	v := packEncoded(b)
	prepared.Lock()
	defer prepared.Unlock()
	if prepared.m == nil || len(prepared.m) >= maxPrepared {
		prepared.m = map[string][]byte{}
	}
	prepared.m[key] = v
}

// packAdded is packMessage for AddMessage: the form PrepareMessage packed
// for m's encoding, when there is one, or the one a rehearsal packed when
// m names order number fresh, which this transaction allocated (taken
// says so; prepare_record.go).
func packAdded(m *domain.Message, fresh string) (v []byte, taken bool, err error) {
	b, err := encodeMessage(m)
	if err != nil {
		return nil, false, err
	}
	prepared.Lock()
	v, ok := prepared.m[string(b)]
	if ok {
		delete(prepared.m, string(b))
	}
	prepared.Unlock()
	if ok {
		return v, false, nil
	}
	if fresh != "" {
		if v, ok := takePrepared(b, fresh); ok {
			return v, true, nil
		}
	}
	return packEncoded(b), false, nil
}

// messageBody returns the part of a compact message after its
// conversation hash, inflated when it is of format 2.
func messageBody(v []byte) ([]byte, error) {
	if len(v) < 9 || (v[0] != msgFormat1 && v[0] != msgFormat2) {
		return nil, errCorruptMessage
	}
	if v[0] == msgFormat1 {
		return v[9:], nil
	}
	body, err := inflateRecord(v[9:])
	if err != nil {
		return nil, errCorruptMessage
	}
	return body, nil
}

var errCorruptMessage = errors.New("corrupt message")

// decodeMessage reads the compact form of message id; mine is false when
// it belongs to another conversation than convID (then m is nil).
func decodeMessage(v []byte, convID string, id uint64) (m *domain.Message, mine bool, err error) {
	if len(v) < 9 || (v[0] != msgFormat1 && v[0] != msgFormat2) {
		return nil, false, errCorruptMessage
	}
	if binary.BigEndian.Uint64(v[1:9]) != convHash(convID) {
		return nil, false, nil
	}
	body, err := messageBody(v)
	if err != nil {
		return nil, false, err
	}
	m = &domain.Message{ID: id, ConversationID: convID}
	if err := decodeMessageBody(body, m); err != nil {
		return nil, false, err
	}
	return m, true, nil
}

func decodeMessageBody(v []byte, m *domain.Message) error {
	bad := false
	str := func() string {
		n, k := binary.Uvarint(v)
		if k <= 0 || uint64(len(v)-k) < n {
			bad, v = true, nil
			return ""
		}
		s := string(v[k : k+int(n)])
		v = v[k+int(n):]
		return s
	}
	m.Direction, m.Sender, m.Channel, m.Text, m.ExternalID, m.Status = str(), str(), str(), str(), str(), str()
	if bad || len(v) < 1 || len(v) < 1+int(v[0]) {
		return errCorruptMessage
	}
	if err := m.At.UnmarshalBinary(v[1 : 1+int(v[0])]); err != nil {
		return errCorruptMessage
	}
	v = v[1+int(v[0]):]
	var k int
	if m.OutboxID, k = binary.Uvarint(v); k <= 0 {
		return errCorruptMessage
	}
	v = v[k:]
	extra := str()
	if len(v) > 0 {
		m.StatusReason = str()
	}
	if bad || len(v) != 0 {
		return errCorruptMessage
	}
	if extra != "" {
		var x messageExtra
		if err := json.Unmarshal([]byte(extra), &x); err != nil {
			return errCorruptMessage
		}
		m.Media, m.Location = x.Media, x.Location
	}
	return nil
}

// checkMessage is the full check's decoder: either form, any conversation.
func checkMessage(v []byte) error {
	if len(v) > 0 && v[0] == '{' {
		return jsonAs[domain.Message](v)
	}
	body, err := messageBody(v)
	if err != nil {
		return err
	}
	return decodeMessageBody(body, &domain.Message{})
}

// messageIDs decodes a conversation's list of message ids.
func messageIDs(v []byte) ([]uint64, error) {
	var out []uint64
	var last uint64
	for len(v) > 0 {
		d, k := binary.Uvarint(v)
		if k <= 0 {
			return nil, fmt.Errorf("store: corrupt message list")
		}
		last += d
		out = append(out, last)
		v = v[k:]
	}
	return out, nil
}

func checkMessageIDs(v []byte) error {
	_, err := messageIDs(v)
	return err
}

// pendingList is a conversation's list of message ids changed in a write
// transaction and not stored yet: PutConversation, which the engine calls
// after adding a turn's messages, stores it inside the conversation's
// value, and flushLists what is left at the end of the transaction, so
// that a turn rewrites the conversation's value once. legacy: part of it
// was read from bConvMessages, whose record then goes.
type pendingList struct {
	ids    []uint64
	legacy bool
}

// messageList returns the ids of conversation id's messages, oldest
// first: those an earlier version listed in bConvMessages, then those in
// the conversation's value (or changed in this transaction); legacy says
// whether bConvMessages had a record of it.
func (t *boltTx) messageList(id string) (ids []uint64, legacy bool, err error) {
	if p, ok := t.lists[id]; ok {
		return p.ids, p.legacy, nil
	}
	if v := t.b(bConvMessages).Get([]byte(id)); v != nil {
		if ids, err = messageIDs(v); err != nil {
			return nil, false, err
		}
		legacy = true
	}
	if v := t.b(bConversations).Get([]byte(id)); v != nil {
		list, _, err := convParts(v)
		if err != nil {
			return nil, false, fmt.Errorf("store: corrupt conversation %q: %w", id, err)
		}
		more, err := messageIDs(list)
		if err != nil {
			return nil, false, err
		}
		if len(ids) > 0 && len(more) > 0 {
			ids = append(ids, more...)
			slices.Sort(ids)
			ids = slices.Compact(ids)
		} else if len(more) > 0 {
			ids = more
		}
	}
	return ids, legacy, nil
}

// setMessageList makes ids the list of conversation id's messages: kept
// for PutConversation or flushLists in the transactions that call
// flushLists (the store's Update and Batch), stored at once in the others.
func (t *boltTx) setMessageList(id string, ids []uint64, legacy bool) error {
	if t.deferLists {
		if t.lists == nil {
			t.lists = map[string]*pendingList{}
		}
		t.lists[id] = &pendingList{ids: ids, legacy: legacy}
		return nil
	}
	return t.storeList(id, ids, legacy)
}

// storeList stores a conversation's list of message ids inside its value,
// or in bConvMessages when it has none (messages added to a conversation
// not stored).
func (t *boltTx) storeList(id string, ids []uint64, legacy bool) error {
	v := t.b(bConversations).Get([]byte(id))
	if v == nil {
		return t.b(bConvMessages).Put([]byte(id), encodeIDs(ids))
	}
	_, rec, err := convParts(v)
	if err != nil {
		return fmt.Errorf("store: corrupt conversation %q: %w", id, err)
	}
	if legacy {
		if err := t.b(bConvMessages).Delete([]byte(id)); err != nil {
			return err
		}
	}
	return t.b(bConversations).Put([]byte(id), convValue(encodeIDs(ids), rec))
}

// flushLists stores the lists of message ids PutConversation did not,
// at the end of a write transaction.
func (t *boltTx) flushLists() error {
	for _, id := range slices.Sorted(maps.Keys(t.lists)) {
		p := t.lists[id]
		if err := t.storeList(id, p.ids, p.legacy); err != nil {
			return err
		}
	}
	t.lists = nil
	return nil
}

// AddMessage appends m to its conversation, assigning m.ID.
func (t *boltTx) AddMessage(m *domain.Message) error {
	b := t.b(bMessages)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	m.ID = seq
	v, taken, err := packAdded(m, t.fresh)
	if err != nil {
		return err
	}
	if taken && t.taken != nil {
		t.taken.Add(1)
	}
	ids, legacy, err := t.messageList(m.ConversationID)
	if err != nil {
		return err
	}
	if err := t.setMessageList(m.ConversationID, append(slices.Clip(ids), seq), legacy); err != nil {
		return err
	}
	if err := t.markDue(dueConv, m.At, m.ConversationID); err != nil { // pipl_due.go
		return err
	}
	return b.Put(u64(seq), v)
}

// PutMessage rewrites an existing message (delivery status).
func (t *boltTx) PutMessage(m *domain.Message) error {
	b := t.b(bMessages)
	if old := b.Get(legacyMessageKey(m.ConversationID, m.ID)); old != nil {
		return putJSON(b, legacyMessageKey(m.ConversationID, m.ID), m)
	}
	v := b.Get(u64(m.ID))
	if v == nil {
		return ErrNotFound
	}
	if _, mine, err := decodeMessage(v, m.ConversationID, m.ID); err != nil || !mine {
		return ErrNotFound
	}
	nv, err := packMessage(m)
	if err != nil {
		return err
	}
	return b.Put(u64(m.ID), nv)
}

// Message returns one message.
func (t *boltTx) Message(convID string, id uint64) (*domain.Message, error) {
	b := t.b(bMessages)
	if v := b.Get(u64(id)); v != nil {
		m, mine, err := decodeMessage(v, convID, id)
		if err != nil {
			return nil, fmt.Errorf("store: message %d: %w", id, err)
		}
		if mine {
			return m, nil
		}
		return nil, ErrNotFound
	}
	var m domain.Message
	ok, err := getJSON(b, legacyMessageKey(convID, id), &m)
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
func (t *boltTx) Messages(convID string, after uint64, limit int) ([]*domain.Message, error) {
	b := t.b(bMessages)
	var out []*domain.Message
	full := func() bool { return limit > 0 && len(out) >= limit }
	// Version 4's messages, whose ids are all below version 5's.
	pfx := join([]byte(convID), []byte{0})
	c := b.Cursor()
	for k, v := c.Seek(join(pfx, u64(after+1))); k != nil && bytes.HasPrefix(k, pfx) && len(k) == len(pfx)+8 && !full(); k, v = c.Next() {
		var m domain.Message
		if err := unmarshalRecord(v, &m); err != nil {
			return nil, fmt.Errorf("store: corrupt message %q: %w", k, err)
		}
		out = append(out, &m)
	}
	ids, _, err := t.messageList(convID)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if id <= after {
			continue
		}
		if full() {
			break
		}
		v := b.Get(u64(id))
		if v == nil {
			return nil, fmt.Errorf("store: message %d of %s is missing", id, convID)
		}
		m, mine, err := decodeMessage(v, convID, id)
		if err != nil {
			return nil, fmt.Errorf("store: message %d: %w", id, err)
		}
		if mine {
			out = append(out, m)
		}
	}
	return out, nil
}
