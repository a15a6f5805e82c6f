package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"
)

func outboxDueKey(e *OutboxEntry) []byte { return join(tsKey(e.NextAt), u64(e.ID)) }

// Enqueue adds e to the outbox unless an entry with the same Key exists
// (then it returns ErrDuplicate and e is untouched). It assigns e.ID.
func (t *boltTx) Enqueue(e *OutboxEntry) error {
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
func (t *boltTx) OutboxEntry(id uint64) (*OutboxEntry, error) {
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
func (t *boltTx) PutOutboxEntry(e *OutboxEntry) error {
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
func (t *boltTx) DueOutbox(now time.Time, limit int) ([]*OutboxEntry, error) {
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
func (t *boltTx) OutboxStats() (pending int, oldest time.Time) {
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

// OutboxByKey returns the outbox entry with idempotency key key. Delivery
// reports (Kannel DLRs, Twilio status callbacks) name the entry by the key
// the channel was given, so that they find the message they are about.
func (t *boltTx) OutboxByKey(key string) (*OutboxEntry, error) {
	v := t.b(bOutboxKeys).Get([]byte(key))
	if len(v) != 8 {
		return nil, ErrNotFound
	}
	return t.OutboxEntry(binary.BigEndian.Uint64(v))
}

// ClaimOutbox leases the due entries (see Outbox.ClaimOutbox).
func (t *boltTx) ClaimOutbox(c OutboxClaim) ([]*OutboxEntry, error) {
	if c.Limit <= 0 {
		return nil, nil
	}
	var out []*OutboxEntry
	end := tsKey(c.Now)
	cur := t.b(bOutboxDue).Cursor()
	var due []*OutboxEntry
	for k, _ := cur.First(); k != nil && bytes.Compare(k[:8], end) <= 0 && len(due) < c.Limit; k, _ = cur.Next() {
		e, err := t.OutboxEntry(binary.BigEndian.Uint64(k[8:]))
		if err != nil {
			return nil, err
		}
		if c.Channel != "" && e.Channel != c.Channel {
			continue
		}
		due = append(due, e)
	}
	// The cursor is done before the index changes under it.
	for _, e := range due {
		e.Attempts++
		e.NextAt = c.Now.Add(c.Lease)
		if err := t.PutOutboxEntry(e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// AckOutbox marks a pending entry sent (see Outbox.AckOutbox).
func (t *boltTx) AckOutbox(id uint64, at time.Time) error {
	e, err := t.OutboxEntry(id)
	if err != nil {
		return err
	}
	if e.Status != OutPending {
		return nil
	}
	e.Status = OutSent
	e.SentAt = at
	return t.PutOutboxEntry(e)
}
