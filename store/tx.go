package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"hotline/ticket"
)

// Tx is a transaction with hotline's domain methods. Values returned by its
// getters are decoded copies and stay valid after the transaction ends.
type Tx struct {
	tx *bolt.Tx
	// convIdx remembers the index-relevant state of conversations read in
	// this transaction, so PutConversation need not decode them again.
	convIdx map[string]convIndex
}

// convIndex is what a conversation's index entries are derived from.
type convIndex struct {
	queued    bool
	emergency bool
	queuedAt  time.Time
	drafting  bool
	citizen   string
}

func indexOf(c *Conversation) convIndex {
	return convIndex{queued: waiting(c), emergency: c.Emergency, queuedAt: c.QueuedAt, drafting: drafting(c), citizen: c.CitizenID}
}

func (t *Tx) b(name []byte) *bolt.Bucket { return t.tx.Bucket(name) }

// --- dedupe -----------------------------------------------------------------

// Seen reports whether key (channel + platform message id) was recorded and
// has not expired.
func (t *Tx) Seen(key string, now time.Time) bool {
	v := t.b(bDedupe).Get([]byte(key))
	return len(v) == 8 && int64(binary.BigEndian.Uint64(v)) > now.UnixNano()
}

// MarkSeen records key until expires.
func (t *Tx) MarkSeen(key string, expires time.Time) error {
	return t.b(bDedupe).Put([]byte(key), tsKey(expires))
}

// PurgeDedupe deletes dedupe keys that expired before now, looking at no
// more than limit keys from where the previous call stopped (after, ""
// for the start); it returns how many it removed and where to go on ("" at
// the end).
func (t *Tx) PurgeDedupe(now time.Time, after string, limit int) (removed int, next string, err error) {
	c := t.b(bDedupe).Cursor()
	end := tsKey(now)
	var dels [][]byte
	k, v := c.Seek([]byte(after))
	if after != "" && k != nil && string(k) == after {
		k, v = c.Next()
	}
	n := 0
	for ; k != nil && n < limit; k, v = c.Next() {
		n++
		if len(v) != 8 || bytes.Compare(v, end) < 0 {
			dels = append(dels, append([]byte(nil), k...))
		}
		next = string(k)
	}
	if k == nil {
		next = ""
	}
	for _, k := range dels {
		if err := t.b(bDedupe).Delete(k); err != nil {
			return 0, "", err
		}
	}
	return len(dels), next, nil
}

// --- citizens ---------------------------------------------------------------

func identityKey(channel, userID string) []byte { return []byte(channel + "\x00" + userID) }

// CitizenByIdentity returns the citizen with that channel identity.
func (t *Tx) CitizenByIdentity(channel, userID string) (*Citizen, error) {
	id := t.b(bIdentities).Get(identityKey(channel, userID))
	if id == nil {
		return nil, ErrNotFound
	}
	return t.Citizen(string(id))
}

// CitizenByPhone returns the citizen with that normalised phone number.
func (t *Tx) CitizenByPhone(phone string) (*Citizen, error) {
	id := t.b(bPhones).Get([]byte(phone))
	if id == nil {
		return nil, ErrNotFound
	}
	return t.Citizen(string(id))
}

// Citizen returns a citizen by id.
func (t *Tx) Citizen(id string) (*Citizen, error) {
	var c Citizen
	ok, err := getJSON(t.b(bCitizens), []byte(id), &c)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}
	return &c, nil
}

// NewCitizenID allocates a citizen id.
func (t *Tx) NewCitizenID() (string, error) {
	seq, err := t.b(bCitizens).NextSequence()
	if err != nil {
		return "", err
	}
	return "c" + strconv.FormatUint(seq, 10), nil
}

// PutCitizen saves a citizen and indexes its identities and phones.
func (t *Tx) PutCitizen(c *Citizen) error {
	if c.ID == "" {
		return fmt.Errorf("store: citizen without id")
	}
	for _, id := range c.Identities {
		k := identityKey(id.Channel, id.UserID)
		if bytes.Equal(t.b(bIdentities).Get(k), []byte(c.ID)) {
			continue
		}
		if err := t.b(bIdentities).Put(k, []byte(c.ID)); err != nil {
			return err
		}
	}
	for _, p := range c.Phones {
		if bytes.Equal(t.b(bPhones).Get([]byte(p)), []byte(c.ID)) {
			continue
		}
		if err := t.b(bPhones).Put([]byte(p), []byte(c.ID)); err != nil {
			return err
		}
	}
	return putJSON(t.b(bCitizens), []byte(c.ID), c)
}

// --- conversations ----------------------------------------------------------

// Conversation returns a conversation by id.
func (t *Tx) Conversation(id string) (*Conversation, error) {
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

func waiting(c *Conversation) bool { return c.State == ConvQueued }

func drafting(c *Conversation) bool {
	return c.State == ConvCollecting || c.State == ConvConfirming
}

// ConversationSince returns the conversation id as stored, like
// Conversation, but when the stored record is byte for byte raw (read
// earlier, outside this transaction) it returns cached instead of decoding
// it again. cached must not be reused afterwards: the caller changes it.
func (t *Tx) ConversationSince(id string, cached *Conversation, raw []byte) (*Conversation, error) {
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
func (t *Tx) ConversationRaw(id string) (*Conversation, []byte, error) {
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
func (t *Tx) PutConversation(c *Conversation) error {
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
func (t *Tx) Queue(limit int) ([]*Conversation, error) {
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
func (t *Tx) StaleDrafts(before time.Time, limit int) []string {
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
func (t *Tx) ConversationsOf(citizenID string) ([]*Conversation, error) {
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

// --- messages ---------------------------------------------------------------

func messageKey(convID string, id uint64) []byte {
	return join([]byte(convID), []byte{0}, u64(id))
}

// AddMessage appends m to its conversation, assigning m.ID.
func (t *Tx) AddMessage(m *Message) error {
	b := t.b(bMessages)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	m.ID = seq
	return putJSON(b, messageKey(m.ConversationID, seq), m)
}

// PutMessage rewrites an existing message (delivery status).
func (t *Tx) PutMessage(m *Message) error {
	return putJSON(t.b(bMessages), messageKey(m.ConversationID, m.ID), m)
}

// Message returns one message.
func (t *Tx) Message(convID string, id uint64) (*Message, error) {
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
func (t *Tx) Messages(convID string, after uint64, limit int) ([]*Message, error) {
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

// --- tickets ----------------------------------------------------------------

// NextTicketNumber allocates the next order number of day (YYYYMMDD). The
// counter is part of the transaction, so numbers are gap-free: a rolled
// back transaction gives its number back.
func (t *Tx) NextTicketNumber(day time.Time) (string, error) {
	b := t.b(bTicketSeq)
	key := []byte(day.Format("20060102"))
	var n uint64
	if v := b.Get(key); len(v) == 8 {
		n = binary.BigEndian.Uint64(v)
	}
	n++
	if err := b.Put(key, u64(n)); err != nil {
		return "", err
	}
	return ticket.FormatNumber(day, int(n)), nil
}

// Ticket returns a work order by number.
func (t *Tx) Ticket(number string) (*ticket.Ticket, error) {
	var tk ticket.Ticket
	ok, err := getJSON(t.b(bTickets), []byte(number), &tk)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}
	return &tk, nil
}

func idx(field, number string) []byte { return []byte(field + "\x00" + number) }

func dueKey(tk *ticket.Ticket) []byte { return join(tsKey(tk.Due), []byte(tk.Number)) }

// PutTicket saves a work order and maintains its indexes (status,
// department, due date, citizen).
func (t *Tx) PutTicket(tk *ticket.Ticket) error {
	if tk.Number == "" {
		return fmt.Errorf("store: work order without number")
	}
	old, err := t.Ticket(tk.Number)
	if err != nil && err != ErrNotFound {
		return err
	}
	if old != nil {
		for _, d := range []struct {
			b []byte
			k []byte
		}{
			{bIdxStatus, idx(string(old.Status), old.Number)},
			{bIdxDept, idx(old.Department, old.Number)},
			{bIdxCitizen, idx(old.CitizenID, old.Number)},
			{bIdxDue, dueKey(old)},
		} {
			if err := t.b(d.b).Delete(d.k); err != nil {
				return err
			}
		}
	}
	puts := []struct {
		b []byte
		k []byte
	}{
		{bIdxStatus, idx(string(tk.Status), tk.Number)},
		{bIdxCitizen, idx(tk.CitizenID, tk.Number)},
	}
	if tk.Department != "" {
		puts = append(puts, struct {
			b []byte
			k []byte
		}{bIdxDept, idx(tk.Department, tk.Number)})
	}
	if !tk.Due.IsZero() && tk.Status.Open() {
		puts = append(puts, struct {
			b []byte
			k []byte
		}{bIdxDue, dueKey(tk)})
	}
	for _, p := range puts {
		if err := t.b(p.b).Put(p.k, nil); err != nil {
			return err
		}
	}
	return putJSON(t.b(bTickets), []byte(tk.Number), tk)
}

func (t *Tx) scanIndex(bucket []byte, field string, limit int) ([]*ticket.Ticket, error) {
	pfx := []byte(field + "\x00")
	c := t.b(bucket).Cursor()
	var out []*ticket.Ticket
	for k, _ := c.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, _ = c.Next() {
		tk, err := t.Ticket(string(k[len(pfx):]))
		if err != nil {
			return nil, err
		}
		out = append(out, tk)
		if limit > 0 && len(out) >= limit {
			break
		}
	}
	return out, nil
}

// Tickets returns the work orders that match f, newest number last.
func (t *Tx) Tickets(f TicketFilter) ([]*ticket.Ticket, error) {
	var list []*ticket.Ticket
	var err error
	switch {
	case f.CitizenID != "":
		list, err = t.scanIndex(bIdxCitizen, f.CitizenID, 0)
	case f.Department != "":
		list, err = t.scanIndex(bIdxDept, f.Department, 0)
	case f.Status != "":
		list, err = t.scanIndex(bIdxStatus, string(f.Status), 0)
	case !f.DueBefore.IsZero():
		end := tsKey(f.DueBefore)
		c := t.b(bIdxDue).Cursor()
		for k, _ := c.First(); k != nil && bytes.Compare(k[:8], end) < 0; k, _ = c.Next() {
			tk, err := t.Ticket(string(k[8:]))
			if err != nil {
				return nil, err
			}
			list = append(list, tk)
		}
	default:
		err = t.b(bTickets).ForEach(func(k, v []byte) error {
			var tk ticket.Ticket
			if err := json.Unmarshal(v, &tk); err != nil {
				return fmt.Errorf("store: corrupt work order %s: %w", k, err)
			}
			list = append(list, &tk)
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, tk := range list {
		if f.Status != "" && tk.Status != f.Status ||
			f.Department != "" && tk.Department != f.Department ||
			f.CitizenID != "" && tk.CitizenID != f.CitizenID ||
			!f.DueBefore.IsZero() && (tk.Due.IsZero() || !tk.Due.Before(f.DueBefore) || !tk.Status.Open()) {
			continue
		}
		out = append(out, tk)
	}
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[len(out)-f.Limit:]
	}
	return out, nil
}

// CountByStatus returns the number of work orders in each state.
func (t *Tx) CountByStatus() map[ticket.Status]int {
	out := map[ticket.Status]int{}
	c := t.b(bIdxStatus).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if i := bytes.IndexByte(k, 0); i > 0 {
			out[ticket.Status(k[:i])]++
		}
	}
	return out
}

// --- outbox -----------------------------------------------------------------

func outboxDueKey(e *OutboxEntry) []byte { return join(tsKey(e.NextAt), u64(e.ID)) }

// Enqueue adds e to the outbox unless an entry with the same Key exists
// (then it returns ErrDuplicate and e is untouched). It assigns e.ID.
func (t *Tx) Enqueue(e *OutboxEntry) error {
	if e.Key == "" {
		return fmt.Errorf("store: outbox entry without idempotency key")
	}
	if t.b(bOutboxKeys).Get([]byte(e.Key)) != nil {
		return ErrDuplicate
	}
	seq, err := t.b(bOutbox).NextSequence()
	if err != nil {
		return err
	}
	e.ID = seq
	if e.Status == "" {
		e.Status = OutPending
	}
	if err := t.b(bOutboxKeys).Put([]byte(e.Key), u64(seq)); err != nil {
		return err
	}
	if e.Status == OutPending {
		if err := t.b(bOutboxDue).Put(outboxDueKey(e), nil); err != nil {
			return err
		}
	}
	return putJSON(t.b(bOutbox), u64(seq), e)
}

// OutboxEntry returns an entry by id.
func (t *Tx) OutboxEntry(id uint64) (*OutboxEntry, error) {
	var e OutboxEntry
	ok, err := getJSON(t.b(bOutbox), u64(id), &e)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}
	return &e, nil
}

// PutOutboxEntry saves a changed entry and its due index.
func (t *Tx) PutOutboxEntry(e *OutboxEntry) error {
	old, err := t.OutboxEntry(e.ID)
	if err != nil {
		return err
	}
	if old.Status == OutPending {
		if err := t.b(bOutboxDue).Delete(outboxDueKey(old)); err != nil {
			return err
		}
	}
	if e.Status == OutPending {
		if err := t.b(bOutboxDue).Put(outboxDueKey(e), nil); err != nil {
			return err
		}
	}
	return putJSON(t.b(bOutbox), u64(e.ID), e)
}

// DueOutbox returns pending entries whose NextAt is not after now, oldest first.
func (t *Tx) DueOutbox(now time.Time, limit int) ([]*OutboxEntry, error) {
	var out []*OutboxEntry
	end := tsKey(now)
	c := t.b(bOutboxDue).Cursor()
	for k, _ := c.First(); k != nil && bytes.Compare(k[:8], end) <= 0 && len(out) < limit; k, _ = c.Next() {
		e, err := t.OutboxEntry(binary.BigEndian.Uint64(k[8:]))
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// OutboxStats returns the number of pending entries and the creation time
// of the oldest (zero when empty).
func (t *Tx) OutboxStats() (pending int, oldest time.Time) {
	c := t.b(bOutboxDue).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		pending++
		if e, err := t.OutboxEntry(binary.BigEndian.Uint64(k[8:])); err == nil {
			if oldest.IsZero() || e.CreatedAt.Before(oldest) {
				oldest = e.CreatedAt
			}
		}
	}
	return pending, oldest
}

// --- users and audit --------------------------------------------------------

// User returns a console user.
func (t *Tx) User(name string) (*User, error) {
	var u User
	ok, err := getJSON(t.b(bUsers), []byte(name), &u)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}
	return &u, nil
}

// PutUser saves a console user.
func (t *Tx) PutUser(u *User) error { return putJSON(t.b(bUsers), []byte(u.Name), u) }

// Users lists console users by name.
func (t *Tx) Users() ([]*User, error) {
	var out []*User
	err := t.b(bUsers).ForEach(func(k, v []byte) error {
		var u User
		if err := json.Unmarshal(v, &u); err != nil {
			return err
		}
		out = append(out, &u)
		return nil
	})
	return out, err
}

// Audit appends an entry to the audit log.
func (t *Tx) Audit(e AuditEntry) error {
	b := t.b(bAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(b, join(tsKey(e.At), u64(seq)), e)
}

// AuditLog returns the newest entries first, at most limit.
func (t *Tx) AuditLog(limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	c := t.b(bAudit).Cursor()
	for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
		var e AuditEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// --- key-value --------------------------------------------------------------

// Get returns a copy of the value stored under key in the key-value area.
func (t *Tx) Get(key string) []byte {
	v := t.b(bKV).Get([]byte(key))
	if v == nil {
		return nil
	}
	return append([]byte(nil), v...)
}

// Put stores value under key in the key-value area.
func (t *Tx) Put(key string, value []byte) error { return t.b(bKV).Put([]byte(key), value) }

// Delete removes key from the key-value area.
func (t *Tx) Delete(key string) error { return t.b(bKV).Delete([]byte(key)) }
