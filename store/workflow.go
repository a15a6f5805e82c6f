package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"hotline/domain"
	"hotline/ticket"
)

// Buckets of the department workflow (schema version 2).
var (
	bWfFired   = []byte("wf_fired")          // scheduler key → time it fired
	bWfInbox   = []byte("wf_inbox")          // department \x00 time seq → Reminder
	bWfVisits  = []byte("wf_visits")         // order number → time the rating was asked for
	bWfNotices = []byte("wf_notices")        // seq → Notice waiting to be handed to the engine
	bIdxCoDept = []byte("idx_ticket_codept") // co-department \x00 number
	// bWfFiredBy lists each order's scheduler marks (number \x00 key), so
	// that they go with the order when it moves to the archive. Made by
	// the first mark written (older files have none until then; their
	// marks are listed once by sweepFired).
	bWfFiredBy = []byte("wf_fired_order")
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
	if n := firedOrder(key); n != "" {
		by, err := t.tx.CreateBucketIfNotExists(bWfFiredBy)
		if err != nil {
			return err
		}
		if err := by.Put(idx(n, key), nil); err != nil {
			return err
		}
	}
	return t.b(bWfFired).Put([]byte(key), tsKey(at))
}

// firedOrder is the order a scheduler key of the form KIND:NUMBER:SUFFIX
// names ("" for a key of another form).
func firedOrder(key string) string {
	i := strings.LastIndexByte(key, ':')
	if i < 0 {
		return ""
	}
	j := strings.LastIndexByte(key[:i], ':')
	if _, _, err := ticket.ParseNumber(key[j+1 : i]); err != nil {
		return ""
	}
	return key[j+1 : i]
}

// forgetFired deletes the scheduler marks of order number (it moves to
// the archive: nothing may fire for it any more).
func (t *boltTx) forgetFired(number string) error {
	by := t.b(bWfFiredBy)
	if by == nil {
		return nil
	}
	pfx := idx(number, "")
	var keys [][]byte
	c := by.Cursor()
	for k, _ := c.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, _ = c.Next() {
		keys = append(keys, clone(k))
	}
	for _, k := range keys {
		if err := t.b(bWfFired).Delete(k[len(pfx):]); err != nil {
			return err
		}
		if err := by.Delete(k); err != nil {
			return err
		}
	}
	return nil
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
	return t.putFresh(b, join(inboxPrefix(dept), tsKey(r.At), u64(seq)), r)
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

// metaFiredListed says that every scheduler mark of the file is listed in
// bWfFiredBy (sweepFired ran to its end).
var metaFiredListed = []byte("wf_fired_listed")

// sweepFired runs once per file, in an archive run: it lists in
// bWfFiredBy the scheduler marks written before that index existed and
// deletes those of orders no longer live (moved to the archive by an
// earlier run). It goes through the marks in transactions of a few
// thousand, so writers wait little, and an interrupted sweep starts again
// (listing a mark twice changes nothing). It returns how many marks it
// deleted.
func (s *Store) sweepFired(ctx context.Context) (int, error) {
	done := false
	err := s.View(func(tx *Tx) error {
		done = tx.Ops.(*boltTx).b(bMeta).Get(metaFiredListed) != nil
		return nil
	})
	if err != nil || done {
		return 0, err
	}
	const chunk = 5000
	var after []byte
	deleted := 0
	for {
		if err := ctx.Err(); err != nil {
			return deleted, err
		}
		end := false
		err := s.UpdateNow(func(tx *Tx) error {
			t := tx.Ops.(*boltTx)
			by, err := t.tx.CreateBucketIfNotExists(bWfFiredBy)
			if err != nil {
				return err
			}
			fired, live := t.b(bWfFired), t.b(bTickets)
			c := fired.Cursor()
			k, _ := c.First()
			if after != nil {
				if k, _ = c.Seek(after); bytes.Equal(k, after) {
					k, _ = c.Next()
				}
			}
			var gone [][]byte
			for n := 0; k != nil && n < chunk; k, _ = c.Next() {
				n++
				after = clone(k)
				number := firedOrder(string(k))
				switch {
				case number == "":
				case live.Get([]byte(number)) == nil:
					gone = append(gone, clone(k))
				default:
					if err := by.Put(idx(number, string(k)), nil); err != nil {
						return err
					}
				}
			}
			for _, g := range gone {
				if err := fired.Delete(g); err != nil {
					return err
				}
			}
			deleted += len(gone)
			if k == nil {
				end = true
				return t.b(bMeta).Put(metaFiredListed, []byte{1})
			}
			return nil
		})
		if err != nil || end {
			return deleted, err
		}
	}
}
