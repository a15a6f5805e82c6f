package store

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"hotline/domain"
	"hotline/ticket"
)

// A registration writes four deflated records that name the new order's
// number: the order, its audit entry, its department's reminder and the
// reply that tells the citizen. Deflating them is most of what the
// registration's writes cost, and the write transaction holds the file's
// single writer while every other writer waits. Rehearse lets a caller make the same records before the
// transaction, in a read-only one, with a placeholder for the number,
// which is allocated only in the write transaction (gap-free): their
// deflated forms are kept with the placeholder's sequence digits as holes
// (deflateFixedHoles), and the write transaction that makes a record
// which is the same once its new number's digits are put back to the
// placeholder's takes that form and writes the number's digits into it
// (patchLiteral) instead of deflating the record again.
//
// A kept form is a function of its key alone (the record's encoding with
// the placeholder), so whatever transaction takes it stores the right
// bytes, and one that runs again (a shared commit that failed) deflates
// for itself. A record that differs in anything, or names the number
// elsewhere than where the rehearsal did (a citizen who typed it), is
// deflated in the transaction as before.

// rehearsalSeq is the sequence of the placeholder number a rehearsal's
// NextTicketNumber gives: no order has it (numbers start at 1), and its
// digits have the same code length in DEFLATE's fixed codes as any other.
const rehearsalSeq = 0

// seqDigits is how many digits end a number (ticket.FormatNumber): the
// holes of a kept form. A number of a day past 9,999 orders is longer
// than the placeholder and is deflated in its transaction.
const seqDigits = 4

// placeholderLen is the length of a placeholder number, and of every
// number of a day's first 9,999 orders.
var placeholderLen = len(ticket.FormatNumber(time.Time{}, rehearsalSeq))

// preparedRecords keeps the forms rehearsals packed until a write
// transaction takes them, by the record's encoding with the placeholder.
var preparedRecords struct {
	sync.Mutex
	m map[string]*preparedRecord
	n atomic.Int32 // len(m), read without the lock
}

// preparedRecord is a record's deflated form with holes: holes are the
// offsets in the encoding of the number's sequence digits, bits the bit
// offsets of their literals in packed.
type preparedRecord struct {
	packed []byte
	holes  []int
	bits   []int
}

// maxPreparedRecords bounds preparedRecords: forms nobody took (the
// message did not register after all, or its write failed) are dropped
// with all the others when it is full.
const maxPreparedRecords = 1024

// Rehearse runs fn in a read-only transaction in which a registration's
// writes are rehearsed, not made: NextTicketNumber gives a placeholder
// number of its day (once a rehearsal), PutTicket, AddReminder, Audit and
// AddMessage pack their records for the write transaction that makes the
// same ones (see preparedRecords above), and SetCoDepartments accepts a
// change that moves nothing. Any other write fails fn. Nothing is
// stored; an error only means that fewer records are packed beforehand.
func (s *Store) Rehearse(fn func(*Tx) error) error {
	return s.View(func(tx *Tx) error {
		return fn(&Tx{&rehearsal{Ops: tx.Ops}})
	})
}

// rehearsal is the Ops of a Rehearse transaction: reads go to the
// read-only transaction, whose writes fail.
type rehearsal struct {
	Ops
	number string // the placeholder given, "" before
}

var errRehearsed = errors.New("store: a rehearsal allocates one order number")

func (r *rehearsal) NextTicketNumber(day time.Time) (string, error) {
	if r.number != "" {
		return "", errRehearsed
	}
	r.number = ticket.FormatNumber(day, rehearsalSeq)
	return r.number, nil
}

func (r *rehearsal) PutTicket(tk *ticket.Ticket) error {
	if tk.Number == "" {
		return fmt.Errorf("store: work order without number")
	}
	r.prepare(tk)
	return nil
}

func (r *rehearsal) AddReminder(dept string, rem domain.Reminder) error {
	if dept == "" {
		return fmt.Errorf("store: reminder for order %s without department", rem.Number)
	}
	r.prepare(rem)
	return nil
}

func (r *rehearsal) Audit(e AuditEntry) error {
	r.prepare(e)
	return nil
}

// AddMessage packs m in the form AddMessage stores (packEncoded's format
// 2); it gives m no id.
func (r *rehearsal) AddMessage(m *domain.Message) error {
	if r.number == "" {
		return nil
	}
	b, err := encodeMessage(m)
	if err != nil {
		return err
	}
	holes := seqHoles(b, r.number)
	if len(holes) == 0 || holes[0] < 9 || len(b)-9 < deflateMin {
		return nil
	}
	in := make([]int, len(holes))
	for i, h := range holes {
		in[i] = h - 9 // the conversation's hash stays as it is
	}
	dst := append(append(make([]byte, 0, len(b)/2+16), msgFormat2), b[1:9]...)
	packed, bits, ok := deflateFixedHoles(dst, b[9:], in, make([]int, 0, len(holes)))
	if !ok || len(packed) >= len(b) {
		return nil
	}
	keep(b, &preparedRecord{packed: packed, holes: holes, bits: bits})
	return nil
}

func (r *rehearsal) SetCoDepartments(number string, old, now []string) error {
	if len(old) > 0 || len(now) > 0 {
		return errors.New("store: a rehearsal moves no co-departments")
	}
	return nil
}

// prepare packs record x for the transaction that writes it with the
// number in place of the placeholder: nothing when x does not name the
// placeholder, or is not shorter deflated.
func (r *rehearsal) prepare(x any) {
	if r.number == "" {
		return
	}
	c, ok := appendRecord(nil, x)
	if !ok || len(c) < deflateMin {
		return
	}
	holes := seqHoles(c, r.number)
	if len(holes) == 0 {
		return
	}
	packed, bits, ok := deflateFixedHoles(append(make([]byte, 0, len(c)/2+16), deflatedJSON), c, holes, make([]int, 0, len(holes)))
	if !ok || len(packed) >= len(c) {
		return
	}
	keep(c, &preparedRecord{packed: packed, holes: holes, bits: bits})
}

// keep keeps p for the transaction that writes the record encoded as c.
func keep(c []byte, p *preparedRecord) {
	preparedRecords.Lock()
	defer preparedRecords.Unlock()
	if preparedRecords.m == nil || len(preparedRecords.m) >= maxPreparedRecords {
		preparedRecords.m = map[string]*preparedRecord{}
	}
	preparedRecords.m[string(c)] = p
	preparedRecords.n.Store(int32(len(preparedRecords.m)))
}

// seqHoles returns the offsets in c of the sequence digits of each
// occurrence of number.
func seqHoles(c []byte, number string) []int {
	var holes []int
	for i := 0; ; {
		j := bytes.Index(c[i:], []byte(number))
		if j < 0 {
			return holes
		}
		at := i + j + len(number) - seqDigits
		for k := range seqDigits {
			holes = append(holes, at+k)
		}
		i += j + len(number)
	}
}

// takePrepared returns the stored form of record c (its encoding, which
// it may change) when a rehearsal packed it with the placeholder where c
// names fresh, a number this transaction allocated; ok is false
// otherwise, and c is then as it was.
func takePrepared(c []byte, fresh string) ([]byte, bool) {
	if len(fresh) != placeholderLen || preparedRecords.n.Load() == 0 {
		return nil, false
	}
	holes := seqHoles(c, fresh)
	if len(holes) == 0 {
		return nil, false
	}
	digits := fresh[len(fresh)-seqDigits:]
	for _, h := range holes {
		c[h] = '0' + rehearsalSeq
	}
	preparedRecords.Lock()
	p, ok := preparedRecords.m[string(c)]
	if ok && slices.Equal(p.holes, holes) {
		delete(preparedRecords.m, string(c))
		preparedRecords.n.Store(int32(len(preparedRecords.m)))
	} else {
		ok = false
	}
	preparedRecords.Unlock()
	for i, h := range holes {
		c[h] = digits[i%seqDigits]
	}
	if !ok {
		return nil, false
	}
	for i, b := range p.bits {
		patchLiteral(p.packed, b, digits[i%seqDigits])
	}
	return p.packed, true
}
