package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"hotline/ticket"
)

// NextTicketNumber allocates the next order number of day (YYYYMMDD). The
// counter is part of the transaction, so numbers are gap-free: a rolled
// back transaction gives its number back.
func (t *boltTx) NextTicketNumber(day time.Time) (string, error) {
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
	num := ticket.FormatNumber(day, int(n))
	t.fresh = num
	// No order has this number yet: PutTicket need not look for the one
	// it would replace.
	if t.written == nil {
		t.written = map[string]*storedTicket{}
	}
	t.written[num] = nil
	return num, nil
}

// Ticket returns a work order by number.
func (t *boltTx) Ticket(number string) (*ticket.Ticket, error) {
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

// bIdxSign lists the orders waiting to be signed (dispatched) by their
// sign deadline: sign deadline (8 bytes) | number. It is not part of a
// schema version: a file without it gets it when opened for writing
// (ensureSignIndex), built from the dispatched orders alone.
var bIdxSign = []byte("idx_ticket_sign")

func signKey(tk *ticket.Ticket) []byte { return join(tsKey(tk.SignDue), []byte(tk.Number)) }

// bIdxClosed lists the closed orders by the time they closed: closed at
// (8 bytes) | number, so that a period's closed orders (质检's sample) are
// read without the others. Like bIdxSign it is not part of a schema
// version: a file without it gets it when opened for writing
// (ensureClosedIndex), built from the closed orders alone.
var bIdxClosed = []byte("idx_ticket_closed")

func closedKey(tk *ticket.Ticket) []byte { return join(tsKey(tk.ClosedAt), []byte(tk.Number)) }

// optionalIndex reports whether b is an index a file opened read-only may
// lack (made when a file is opened for writing).
func optionalIndex(b []byte) bool { return bytes.Equal(b, bIdxSign) || bytes.Equal(b, bIdxClosed) }

// PutTicket saves a work order and maintains its indexes (status,
// department, due date, citizen).
func (t *boltTx) PutTicket(tk *ticket.Ticket) error {
	if tk.Number == "" {
		return fmt.Errorf("store: work order without number")
	}
	prev, known := t.written[tk.Number]
	if !known {
		old, err := t.Ticket(tk.Number)
		if err != nil && err != ErrNotFound {
			return err
		}
		if old != nil {
			prev = t.stored(old)
		}
	}
	puts := []bucketKey{
		{bIdxStatus, idx(string(tk.Status), tk.Number)},
		{bIdxCitizen, idx(tk.CitizenID, tk.Number)},
	}
	if tk.Department != "" {
		puts = append(puts, bucketKey{bIdxDept, idx(tk.Department, tk.Number)})
	}
	if !tk.Due.IsZero() && tk.Status.Open() {
		puts = append(puts, bucketKey{bIdxDue, dueKey(tk)})
	}
	if tk.Status == ticket.Dispatched && !tk.SignDue.IsZero() {
		puts = append(puts, bucketKey{bIdxSign, signKey(tk)})
	}
	if tk.Status == ticket.Closed {
		puts = append(puts, bucketKey{bIdxClosed, closedKey(tk)})
	}
	if prev != nil {
		for _, d := range prev.keys {
			b := t.b(d.b)
			if b == nil {
				continue // bIdxSign or bIdxClosed in a file opened read-only, without it
			}
			// A key the order keeps (its department, citizen, deadline
			// when only its state changes) stays: deleting and putting it
			// again would rewrite its page for nothing.
			if i := slices.IndexFunc(puts, func(p bucketKey) bool {
				return bytes.Equal(p.b, d.b) && bytes.Equal(p.k, d.k)
			}); i >= 0 && hasKey(b, d.k) {
				puts[i].k = nil
				continue
			}
			if err := b.Delete(d.k); err != nil {
				return err
			}
		}
	}
	for _, p := range puts {
		if p.k == nil {
			continue // kept
		}
		b := t.b(p.b)
		if b == nil && optionalIndex(p.b) {
			continue // a file opened read-only, without it
		}
		if err := b.Put(p.k, nil); err != nil {
			return err
		}
	}
	now := t.stored(tk)
	if err := t.rollupTicket(prev, now); err != nil {
		return err
	}
	if t.written == nil {
		t.written = map[string]*storedTicket{}
	}
	t.written[tk.Number] = now
	if err := t.markFinished(tk); err != nil { // pipl_due.go
		return err
	}
	return t.putFresh(t.b(bTickets), []byte(tk.Number), tk)
}

// hasKey reports whether b holds key k (Get may give nil for an index
// entry, whose value is empty).
func hasKey(b *bolt.Bucket, k []byte) bool {
	got, _ := b.Cursor().Seek(k)
	return bytes.Equal(got, k)
}

// bucketKey is a key in a bucket.
type bucketKey struct{ b, k []byte }

// storedTicket is what PutTicket needs of an order's stored version: the
// index keys to delete when it changes and what it added to the rollups.
type storedTicket struct {
	number  string
	keys    []bucketKey
	facts   map[RollupKey]Counters // nil when this writer keeps no rollups
	flagged bool
}

// stored returns what PutTicket needs of tk as stored.
func (t *boltTx) stored(tk *ticket.Ticket) *storedTicket {
	s := &storedTicket{number: tk.Number, keys: []bucketKey{
		{bIdxStatus, idx(string(tk.Status), tk.Number)},
		{bIdxDept, idx(tk.Department, tk.Number)},
		{bIdxCitizen, idx(tk.CitizenID, tk.Number)},
		{bIdxDue, dueKey(tk)},
	}}
	if tk.Status == ticket.Dispatched {
		s.keys = append(s.keys, bucketKey{bIdxSign, signKey(tk)})
	}
	if tk.Status == ticket.Closed {
		s.keys = append(s.keys, bucketKey{bIdxClosed, closedKey(tk)})
	}
	if t.rollup != nil {
		s.facts = map[RollupKey]Counters{}
		t.rollup.facts(tk, +1, s.facts)
		s.flagged = t.rollup.Flagged != nil && t.rollup.Flagged(tk)
	}
	return s
}

func (t *boltTx) scanIndex(bucket []byte, field string, limit int) ([]*ticket.Ticket, error) {
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
func (t *boltTx) Tickets(f TicketFilter) ([]*ticket.Ticket, error) {
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
			if err := unmarshalRecord(v, &tk); err != nil {
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
func (t *boltTx) CountByStatus() map[ticket.Status]int {
	out := map[ticket.Status]int{}
	c := t.b(bIdxStatus).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if i := bytes.IndexByte(k, 0); i > 0 {
			out[ticket.Status(k[:i])]++
		}
	}
	return out
}

// SetCoDepartments updates the co-department (协办) index of order number
// from the departments in old to those in now.
func (t *boltTx) SetCoDepartments(number string, old, now []string) error {
	b := t.b(bIdxCoDept)
	for _, d := range old {
		if !slices.Contains(now, d) {
			if err := b.Delete(idx(d, number)); err != nil {
				return err
			}
		}
	}
	for _, d := range now {
		if err := b.Put(idx(d, number), nil); err != nil {
			return err
		}
	}
	return nil
}

// CoTickets returns the orders in which dept is a co-department (协办).
func (t *boltTx) CoTickets(dept string) ([]*ticket.Ticket, error) {
	return t.scanIndex(bIdxCoDept, dept, 0)
}

// ScanDue walks the deadline index (open orders only) up to before.
func (t *boltTx) ScanDue(before time.Time, fn func(number string, due time.Time) bool) {
	var end []byte
	if !before.IsZero() {
		end = tsKey(before)
	}
	c := t.b(bIdxDue).Cursor()
	for k, _ := c.First(); len(k) > 8; k, _ = c.Next() {
		if end != nil && bytes.Compare(k[:8], end) >= 0 {
			return
		}
		if !fn(string(k[8:]), time.Unix(0, int64(binary.BigEndian.Uint64(k[:8])))) {
			return
		}
	}
}

// HasStatus looks order number up in the status index (by its key: the
// entries' values are empty, which a Get does not tell from absent).
func (t *boltTx) HasStatus(number string, st ticket.Status) bool {
	key := idx(string(st), number)
	k, _ := t.b(bIdxStatus).Cursor().Seek(key)
	return bytes.Equal(k, key)
}

// ScanSignDue walks the sign-deadline index (dispatched orders) from from
// up to before.
func (t *boltTx) ScanSignDue(from, before time.Time, fn func(number string, signDue time.Time) bool) {
	b := t.b(bIdxSign)
	if b == nil {
		return
	}
	end := tsKey(sinceEpoch(before))
	c := b.Cursor()
	for k, _ := c.Seek(tsKey(sinceEpoch(from))); len(k) > 8 && bytes.Compare(k[:8], end) < 0; k, _ = c.Next() {
		if !fn(string(k[8:]), time.Unix(0, int64(binary.BigEndian.Uint64(k[:8])))) {
			return
		}
	}
}

// sinceEpoch is t, or the Unix epoch for a time before it: the indexes'
// keys are nanoseconds since the epoch, unsigned, and the zero time has
// none (its UnixNano is undefined), so a scan from the zero time starts
// at the first key, as the interface says, and one before it finds none.
func sinceEpoch(t time.Time) time.Time {
	if epoch := time.Unix(0, 0); t.Before(epoch) {
		return epoch
	}
	return t
}

// ScanClosed walks the closed-order index from from up to before.
func (t *boltTx) ScanClosed(from, before time.Time, fn func(number string, closedAt time.Time) bool) {
	b := t.b(bIdxClosed)
	if b == nil {
		return
	}
	end := tsKey(sinceEpoch(before))
	c := b.Cursor()
	for k, _ := c.Seek(tsKey(sinceEpoch(from))); len(k) > 8 && bytes.Compare(k[:8], end) < 0; k, _ = c.Next() {
		if !fn(string(k[8:]), time.Unix(0, int64(binary.BigEndian.Uint64(k[:8])))) {
			return
		}
	}
}

// ensureClosedIndex makes bIdxClosed in a file written before it existed,
// from the closed orders (the status index says which): each is read
// once, the first time such a file is opened for writing. The keys are
// sorted before they are put: bbolt keeps a new bucket's keys in one
// in-memory node until the commit, and a key put before the others moves
// all of them (50,000 orders in the status index's order, the reverse of
// their closing, took seconds); put in order, each is an append, and the
// pages are filled (closedIndexFill) since nothing will be put between
// them but corrected closing times.
func (t *boltTx) ensureClosedIndex() error {
	if t.tx.Bucket(bIdxClosed) != nil {
		return nil
	}
	idxb, err := t.tx.CreateBucket(bIdxClosed)
	if err != nil {
		return err
	}
	var keys [][]byte
	if err := t.eachInStatus(ticket.Closed, func(tk *ticket.Ticket) error {
		keys = append(keys, closedKey(tk))
		return nil
	}); err != nil {
		return err
	}
	slices.SortFunc(keys, bytes.Compare)
	idxb.FillPercent = closedIndexFill
	for _, k := range keys {
		if err := idxb.Put(k, nil); err != nil {
			return err
		}
	}
	return nil
}

// closedIndexFill is how full ensureClosedIndex fills the index's pages.
const closedIndexFill = 0.95

// ensureSignIndex makes bIdxSign in a file written before it existed,
// from the dispatched orders (the status index says which): a few pages
// per order waiting to be signed, never the whole file. It runs in the
// transaction of the schema check at each open for writing (migrate).
func (t *boltTx) ensureSignIndex() error {
	if t.tx.Bucket(bIdxSign) != nil {
		return nil
	}
	idxb, err := t.tx.CreateBucket(bIdxSign)
	if err != nil {
		return err
	}
	return t.eachInStatus(ticket.Dispatched, func(tk *ticket.Ticket) error {
		if tk.SignDue.IsZero() {
			return nil
		}
		return idxb.Put(signKey(tk), nil)
	})
}

// eachInStatus calls fn with each order the status index lists under s,
// in the index's order; an order it lists that is gone is skipped.
func (t *boltTx) eachInStatus(s ticket.Status, fn func(*ticket.Ticket) error) error {
	st := t.b(bIdxStatus)
	if st == nil {
		return nil
	}
	pfx := []byte(string(s) + "\x00")
	c := st.Cursor()
	for k, _ := c.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, _ = c.Next() {
		tk, err := t.Ticket(string(k[len(pfx):]))
		if err == ErrNotFound {
			continue
		}
		if err != nil {
			return err
		}
		if err := fn(tk); err != nil {
			return err
		}
	}
	return nil
}
