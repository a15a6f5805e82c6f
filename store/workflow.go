package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	"hotline/domain"
)

// Buckets of the department workflow (schema version 2).
var (
	bWfFired   = []byte("wf_fired")          // scheduler key → time it fired
	bWfInbox   = []byte("wf_inbox")          // department \x00 time seq → Reminder
	bWfVisits  = []byte("wf_visits")         // order number → time the rating was asked for
	bWfNotices = []byte("wf_notices")        // seq → Notice waiting to be handed to the engine
	bIdxCoDept = []byte("idx_ticket_codept") // co-department \x00 number
)

// Fired reports whether the scheduler key was marked, and when.
func (t *boltTx) Fired(key string) (time.Time, bool) {
	v := t.b(bWfFired).Get([]byte(key))
	if len(v) != 8 {
		return time.Time{}, false
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(v))), true
}

// MarkFired records that the scheduler key fired at at; it fires never
// again, across restarts too.
func (t *boltTx) MarkFired(key string, at time.Time) error {
	if key == "" {
		return fmt.Errorf("store: empty scheduler key")
	}
	return t.b(bWfFired).Put([]byte(key), tsKey(at))
}

func inboxPrefix(dept string) []byte { return join([]byte(dept), []byte{0}) }

// AddReminder appends r to the inbox of department dept.
func (t *boltTx) AddReminder(dept string, r domain.Reminder) error {
	if dept == "" {
		return fmt.Errorf("store: reminder for order %s without department", r.Number)
	}
	b := t.b(bWfInbox)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	return putDeflated(b, join(inboxPrefix(dept), tsKey(r.At), u64(seq)), r)
}

// Reminders returns the newest entries of department dept's inbox first,
// at most limit (0 = all).
func (t *boltTx) Reminders(dept string, limit int) ([]domain.Reminder, error) {
	pfx := inboxPrefix(dept)
	// The key just past every key with this prefix: dept followed by 0x01.
	end := join([]byte(dept), []byte{1})
	c := t.b(bWfInbox).Cursor()
	var v []byte
	k, _ := c.Seek(end)
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	var out []domain.Reminder
	for ; k != nil && bytes.HasPrefix(k, pfx) && (limit <= 0 || len(out) < limit); k, v = c.Prev() {
		var r domain.Reminder
		if err := unmarshalRecord(v, &r); err != nil {
			return nil, fmt.Errorf("store: corrupt reminder %q: %w", k, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// WatchVisit records that the citizen was asked to rate order number at
// at; the scheduler closes the order as not visited when no rating came.
func (t *boltTx) WatchVisit(number string, at time.Time) error {
	return t.b(bWfVisits).Put([]byte(number), tsKey(at))
}

// UnwatchVisit forgets the return-visit watch of order number.
func (t *boltTx) UnwatchVisit(number string) error {
	return t.b(bWfVisits).Delete([]byte(number))
}

// VisitWatches returns every watched order with the time its rating was
// asked for.
func (t *boltTx) VisitWatches() map[string]time.Time {
	out := map[string]time.Time{}
	_ = t.b(bWfVisits).ForEach(func(k, v []byte) error {
		if len(v) == 8 {
			out[string(k)] = time.Unix(0, int64(binary.BigEndian.Uint64(v)))
		}
		return nil
	})
	return out
}

// AddNotice keeps n until DeleteNotice; it assigns n.ID, which orders the
// notices.
func (t *boltTx) AddNotice(n *domain.Notice) error {
	b := t.b(bWfNotices)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	n.ID = seq
	return putJSON(b, u64(seq), n)
}

// Notices returns the kept notices, oldest first, at most limit (0 = all).
func (t *boltTx) Notices(limit int) ([]domain.Notice, error) {
	var out []domain.Notice
	c := t.b(bWfNotices).Cursor()
	for k, v := c.First(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
		var n domain.Notice
		if err := unmarshalRecord(v, &n); err != nil {
			return nil, fmt.Errorf("store: corrupt notice %x: %w", k, err)
		}
		out = append(out, n)
	}
	return out, nil
}

// PutNotice rewrites a kept notice (its attempt count).
func (t *boltTx) PutNotice(n *domain.Notice) error {
	if t.b(bWfNotices).Get(u64(n.ID)) == nil {
		return ErrNotFound
	}
	return putJSON(t.b(bWfNotices), u64(n.ID), n)
}

// DeleteNotice removes a notice once it was handed over.
func (t *boltTx) DeleteNotice(id uint64) error { return t.b(bWfNotices).Delete(u64(id)) }
