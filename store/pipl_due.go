package store

import (
	"bytes"
	"context"
	"time"

	"hotline/domain"
	"hotline/ticket"
)

// The masking run must not read every live conversation and citizen each
// day: bDue lists, by day, what was active then, so that the run reads
// only what passed the age since the previous run. An entry is a kind
// (dueConv, dueCitizen), the day (UTC, YYYYMMDD) and an id; it is written
// (once a day and id: a lookup first) by the writes that make a record
// active:
//
//   - AddMessage: the message's conversation, on the message's day (its
//     messages pass the age that day);
//   - PutConversation: the conversation, on the day of its last update;
//   - PutCitizen: the citizen, on the day it was last heard from;
//   - PutTicket of a finished order: its conversation and its citizen, on
//     the day it finished (an open order held them back), and the order
//     itself when it has console uploads (dueUploads, pipl_uploads.go).
//
// The run takes the entries of the days before the cut's day, masks their
// records as before (maskOldConversation, maskOldCitizen) and deletes the
// entries in the same transaction; a record held back by something whose
// time is known (an order that finished after the cut, a conversation of
// the citizen's updated after it) gets an entry on that day. A record
// whose entries are all done is never read again until it is active
// again. The list is built once, by the first run on a file written
// before it (which reads every conversation, its messages and every
// citizen: dueBuilt marks it done); until then the writes add nothing.

var (
	bDue     = []byte("pipl_due")
	dueBuilt = []byte("pipl_due_built") // dueVersion once built
)

// dueVersion is what the list holds: 1 conversations and citizens, 2 the
// orders of console uploads too.
const dueVersion = 2

// Kinds of bDue entries.
const (
	dueConv    = 'c'
	dueCitizen = 'p'
)

func dueDay(at time.Time) string { return at.UTC().Format("20060102") }

func dueEntry(kind byte, day, id string) []byte {
	k := make([]byte, 0, 9+len(id))
	k = append(k, kind)
	k = append(k, day...)
	return append(k, id...)
}

// markDue lists id under kind on at's day, once.
func (t *boltTx) markDue(kind byte, at time.Time, id string) error {
	if id == "" {
		return nil
	}
	b := t.tx.Bucket(bDue)
	if b == nil {
		return nil // not built yet: the first run lists everything
	}
	k := dueEntry(kind, dueDay(at), id)
	if b.Get(k) != nil {
		return nil
	}
	return b.Put(k, []byte{})
}

// dropDue deletes id's entry of kind on at's day.
func (t *boltTx) dropDue(kind byte, at time.Time, id string) error {
	if b := t.tx.Bucket(bDue); b != nil {
		return b.Delete(dueEntry(kind, dueDay(at), id))
	}
	return nil
}

// markFinished lists a finished order's conversation and citizen on the
// day it finished.
func (t *boltTx) markFinished(tk *ticket.Ticket) error {
	at, done := archivable(tk)
	if !done || t.tx.Bucket(bDue) == nil {
		return nil
	}
	if err := t.markDue(dueConv, at, tk.ConversationID); err != nil {
		return err
	}
	if err := t.markUploads(tk, at); err != nil { // pipl_uploads.go
		return err
	}
	return t.markDue(dueCitizen, at, tk.CitizenID)
}

// dueList is the ids of one kind listed on days before the cut's day,
// with their entries.
type dueList struct {
	ids     []string
	entries map[string][][]byte
}

// due reads the entries of kind on days before cut's day.
func (s *Store) due(kind byte, cut time.Time, read *int) (*dueList, error) {
	l := &dueList{entries: map[string][][]byte{}}
	end := dueEntry(kind, dueDay(cut), "")
	err := s.View(func(tx *Tx) error {
		c := tx.Ops.(*boltTx).tx.Bucket(bDue).Cursor()
		for k, _ := c.Seek([]byte{kind}); k != nil && bytes.Compare(k, end) < 0; k, _ = c.Next() {
			*read++
			id := string(k[9:])
			if _, ok := l.entries[id]; !ok {
				l.ids = append(l.ids, id)
			}
			l.entries[id] = append(l.entries[id], clone(k))
		}
		return nil
	})
	return l, err
}

// done deletes id's entries listed in l.
func (l *dueList) done(t *boltTx, id string) error {
	for _, k := range l.entries[id] {
		if err := t.tx.Bucket(bDue).Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// buildDue lists every live conversation (on the days of its creation,
// its last update and its messages) and every citizen not masked (on the
// day it was last heard from), once per file, in transactions of
// maskBatch records; the writes list what they change from the first
// one on. It returns how many records it read.
func (s *Store) buildDue(ctx context.Context) (int, error) {
	var built byte
	err := s.UpdateNow(func(tx *Tx) error {
		t := tx.Ops.(*boltTx)
		if v := t.b(bMeta).Get(dueBuilt); len(v) == 1 {
			built = v[0]
		}
		_, err := t.tx.CreateBucketIfNotExists(bDue)
		return err
	})
	if err != nil || built >= dueVersion {
		return 0, err
	}
	read := 0
	phases := [][]byte{bConversations, bCitizens}
	if built >= 1 {
		phases = nil // listed by the version before, which had no uploads
	}
	for _, b := range phases {
		var from []byte
		for {
			if err := ctx.Err(); err != nil {
				return read, err
			}
			n := 0
			err := s.UpdateNow(func(tx *Tx) error {
				t := tx.Ops.(*boltTx)
				n = 0
				var keys []string
				c := t.b(b).Cursor()
				for k, _ := seekAfter(c, from); k != nil && len(keys) < maskBatch; k, _ = c.Next() {
					keys = append(keys, string(k))
				}
				for _, id := range keys {
					n++
					var err error
					if bytes.Equal(b, bConversations) {
						err = t.listConversation(id)
					} else {
						err = t.listCitizen(id)
					}
					if err != nil {
						return err
					}
				}
				if len(keys) > 0 {
					from = []byte(keys[len(keys)-1])
				}
				return nil
			})
			if err != nil {
				return read, err
			}
			read += n
			if n < maskBatch {
				break
			}
		}
	}
	// The orders of the console's uploads.
	var from []byte
	for {
		if err := ctx.Err(); err != nil {
			return read, err
		}
		n := 0
		err := s.UpdateNow(func(tx *Tx) error {
			var err error
			var next []byte
			next, n, err = tx.Ops.(*boltTx).listUploads(from, maskBatch)
			if err == nil && next != nil {
				from = next
			}
			return err
		})
		if err != nil {
			return read, err
		}
		read += n
		if n < maskBatch {
			break
		}
	}
	return read, s.UpdateNow(func(tx *Tx) error { return tx.Ops.(*boltTx).b(bMeta).Put(dueBuilt, []byte{dueVersion}) })
}

func (t *boltTx) listConversation(id string) error {
	c, err := t.Conversation(id)
	if err == ErrNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	days := map[string]bool{dueDay(c.CreatedAt): true, dueDay(c.UpdatedAt): true}
	msgs, err := t.Messages(id, 0, 0)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		days[dueDay(m.At)] = true
	}
	for d := range days {
		if err := t.b(bDue).Put(dueEntry(dueConv, d, id), []byte{}); err != nil {
			return err
		}
	}
	return nil
}

func (t *boltTx) listCitizen(id string) error {
	c, err := t.Citizen(id)
	if err == ErrNotFound || err == nil && domain.CitizenMasked(c) {
		return nil
	}
	if err != nil {
		return err
	}
	return t.b(bDue).Put(dueEntry(dueCitizen, dueDay(lastHeard(c)), id), []byte{})
}
