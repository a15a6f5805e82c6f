package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"hotline/ticket"
)

// Rollups are counters per day × department × category, kept in the same
// transaction as each work order they count, so that a report reads days ×
// departments instead of every order. What an order counts is decided by
// a Rollup (the report package's); the store only keeps the sums.
//
// PutTicket derives the counters of the order before and after the write
// and adds the difference. The sums are therefore always the sum of
// Facts over the stored orders, whatever order the writes came in and
// however often bbolt re-runs a batch (a re-run starts again from the
// rolled-back state). A store opened without a Rollup keeps no counters
// and forgets its rollup version on the first order it writes, so the
// next Open with a Rollup rebuilds them.

var (
	bRollups = []byte("rollups")         // day \0 dept \0 category → counters
	bFlagged = []byte("rollups_flagged") // order numbers of leader items and 批示件
)

const metaRollup = "rollup_version"

// Rollup says what a work order contributes to the rollups.
type Rollup struct {
	// Version names the meaning of Facts (and the time zone its days are
	// counted in); rollups built under another version are rebuilt at Open.
	Version string
	// Facts calls add for every counter the order contributes; the same
	// key may come more than once and adds up.
	Facts func(tk *ticket.Ticket, add func(k RollupKey, counter string, n int64))
	// Flagged reports whether the order belongs to the small index of
	// flagged orders (leader items, 批示件) that reports list one by one.
	Flagged func(tk *ticket.Ticket) bool
}

// RollupKey is one row of the rollups.
type RollupKey struct {
	Day        string // YYYYMMDD, city time
	Department string
	Category   string
}

func (k RollupKey) bytes() []byte {
	return []byte(k.Day + "\x00" + k.Department + "\x00" + k.Category)
}

func parseRollupKey(b []byte) RollupKey {
	parts := bytes.SplitN(b, []byte{0}, 3)
	for len(parts) < 3 {
		parts = append(parts, nil)
	}
	return RollupKey{Day: string(parts[0]), Department: string(parts[1]), Category: string(parts[2])}
}

// Counters maps a counter's name to its value.
type Counters map[string]int64

// encodeCounters writes name length, name, value (varints), names sorted so
// that equal counters give equal bytes.
func encodeCounters(c Counters) []byte {
	names := make([]string, 0, len(c))
	for n, v := range c {
		if v != 0 {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	var out []byte
	for _, n := range names {
		out = binary.AppendUvarint(out, uint64(len(n)))
		out = append(out, n...)
		out = binary.AppendVarint(out, c[n])
	}
	return out
}

// decodeCounters adds the counters in b to c.
func decodeCounters(b []byte, c Counters) error {
	for len(b) > 0 {
		l, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < l {
			return fmt.Errorf("store: corrupt rollup row")
		}
		name := string(b[k : k+int(l)])
		b = b[k+int(l):]
		v, k := binary.Varint(b)
		if k <= 0 {
			return fmt.Errorf("store: corrupt rollup row")
		}
		b = b[k:]
		c[name] += v
	}
	return nil
}

// facts collects what rl says tk contributes, by row.
func (rl *Rollup) facts(tk *ticket.Ticket, sign int64, into map[RollupKey]Counters) {
	if tk == nil {
		return
	}
	rl.Facts(tk, func(k RollupKey, counter string, n int64) {
		c := into[k]
		if c == nil {
			c = Counters{}
			into[k] = c
		}
		c[counter] += sign * n
	})
}

// rollupTicket moves the rollups from what the order contributed as
// stored before (old, nil for a new order) to what it contributes now.
func (t *boltTx) rollupTicket(old, now *storedTicket) error {
	if t.rollup == nil {
		// Counters are not kept by this writer: make the next Open with a
		// Rollup rebuild them.
		if meta := t.b(bMeta); meta != nil && meta.Get([]byte(metaRollup)) != nil {
			return meta.Delete([]byte(metaRollup))
		}
		return nil
	}
	delta := map[RollupKey]Counters{}
	add := func(facts map[RollupKey]Counters, sign int64) {
		for k, c := range facts {
			d := delta[k]
			if d == nil {
				d = Counters{}
				delta[k] = d
			}
			for name, n := range c {
				d[name] += sign * n
			}
		}
	}
	if old != nil {
		add(old.facts, -1)
	}
	add(now.facts, +1)
	b := t.b(bRollups)
	for k, d := range delta {
		if err := addRow(b, k.bytes(), d); err != nil {
			return err
		}
	}
	if t.rollup.Flagged != nil {
		fb := t.b(bFlagged)
		if now.flagged {
			if old != nil && old.flagged && hasKey(fb, []byte(now.number)) {
				return nil // listed already
			}
			return fb.Put([]byte(now.number), nil)
		}
		if old != nil && old.flagged {
			return fb.Delete([]byte(now.number))
		}
	}
	return nil
}

// addRow adds d to the row under key, deleting a row that comes to zero.
func addRow(b *bolt.Bucket, key []byte, d Counters) error {
	zero := true
	for _, v := range d {
		if v != 0 {
			zero = false
			break
		}
	}
	if zero {
		return nil
	}
	c := Counters{}
	if v := b.Get(key); v != nil {
		if err := decodeCounters(v, c); err != nil {
			return fmt.Errorf("%w %q", err, key)
		}
	}
	for n, v := range d {
		c[n] += v
		if c[n] == 0 {
			delete(c, n)
		}
	}
	if len(c) == 0 {
		return b.Delete(key)
	}
	return b.Put(key, encodeCounters(c))
}

// Rollups calls fn for every row whose day lies in [fromDay, toDay]
// (YYYYMMDD, inclusive), in key order. The Counters passed to fn are fresh
// for each row.
func (t *boltTx) Rollups(fromDay, toDay string, fn func(RollupKey, Counters) error) error {
	b := t.b(bRollups)
	if b == nil {
		return nil
	}
	c := b.Cursor()
	for k, v := c.Seek([]byte(fromDay)); k != nil; k, v = c.Next() {
		key := parseRollupKey(k)
		if key.Day > toDay {
			break
		}
		cs := Counters{}
		if err := decodeCounters(v, cs); err != nil {
			return fmt.Errorf("%w %q", err, k)
		}
		if err := fn(key, cs); err != nil {
			return err
		}
	}
	return nil
}

// FlaggedTickets returns the orders in the flagged index (leader items,
// 批示件), by number.
func (t *boltTx) FlaggedTickets() ([]*ticket.Ticket, error) {
	b := t.b(bFlagged)
	if b == nil {
		return nil, nil
	}
	var out []*ticket.Ticket
	err := b.ForEach(func(k, _ []byte) error {
		tk, err := t.Ticket(string(k))
		if err == ErrNotFound {
			// Archived: reports of its period list it still.
			tk, err = t.archivedTicket(string(k))
		}
		if err == ErrNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		out = append(out, tk)
		return nil
	})
	return out, err
}

// ScanFlagged walks the flagged index's numbers.
func (t *boltTx) ScanFlagged(fn func(number string) bool) {
	b := t.b(bFlagged)
	if b == nil {
		return
	}
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if !fn(string(k)) {
			return
		}
	}
}

// ForEachTicket calls fn for every stored work order, the archived ones
// first (they count in the reports of their periods still), then the live
// ones by number; it is the full scan that reports avoid.
func (t *boltTx) ForEachTicket(fn func(*ticket.Ticket) error) error {
	if t.arch != nil {
		live := t.b(bTickets)
		err := t.arch.EachTicket(func(tk *ticket.Ticket) error {
			if live.Get([]byte(tk.Number)) != nil {
				return nil // an interrupted run's copy: the live one counts
			}
			return fn(tk)
		})
		if err != nil {
			return err
		}
	}
	return t.b(bTickets).ForEach(func(k, v []byte) error {
		var tk ticket.Ticket
		if err := unmarshalRecord(v, &tk); err != nil {
			return fmt.Errorf("store: corrupt work order %s: %w", k, err)
		}
		return fn(&tk)
	})
}

// RollupsCurrent reports whether the rollups were built by the store's
// Rollup (false when the store has none).
func (s *boltBackend) RollupsCurrent(ctx context.Context) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if s.rollup == nil {
		return false, nil
	}
	ok := false
	err := s.db.View(func(tx *bolt.Tx) error {
		ok = string(tx.Bucket(bMeta).Get([]byte(metaRollup))) == s.rollup.Version && tx.Bucket(bRollups) != nil
		return nil
	})
	return ok, err
}

// RebuildRollups recomputes every counter from the stored orders in one
// transaction and records the Rollup's version.
func (s *boltBackend) RebuildRollups(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.rollup == nil {
		return fmt.Errorf("store: no rollup configured")
	}
	return s.db.Update(func(btx *bolt.Tx) error {
		for _, name := range [][]byte{bRollups, bFlagged} {
			if btx.Bucket(name) != nil {
				if err := btx.DeleteBucket(name); err != nil {
					return err
				}
			}
			if _, err := btx.CreateBucket(name); err != nil {
				return err
			}
		}
		tx := s.newTx(btx)
		sums := map[RollupKey]Counters{}
		err := tx.ForEachTicket(func(tk *ticket.Ticket) error {
			s.rollup.facts(tk, 1, sums)
			if s.rollup.Flagged != nil && s.rollup.Flagged(tk) {
				return btx.Bucket(bFlagged).Put([]byte(tk.Number), nil)
			}
			return nil
		})
		if err != nil {
			return err
		}
		keys := make([]RollupKey, 0, len(sums))
		for k := range sums {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b RollupKey) int { return bytes.Compare(a.bytes(), b.bytes()) })
		b := btx.Bucket(bRollups)
		b.FillPercent = 0.9
		for _, k := range keys {
			if err := addRow(b, k.bytes(), sums[k]); err != nil {
				return err
			}
		}
		return btx.Bucket(bMeta).Put([]byte(metaRollup), []byte(s.rollup.Version))
	})
}

// openRollups rebuilds the rollups at Open when they were built by another
// version, or not kept by the last writer.
func (s *boltBackend) openRollups() error {
	ok, err := s.RollupsCurrent(context.Background())
	if err != nil || ok {
		return err
	}
	return s.RebuildRollups(context.Background())
}

// TicketsNumbered calls fn for every order whose number starts with
// prefix, in number order: "20261127-" is the orders registered that day.
func (t *boltTx) TicketsNumbered(prefix string, fn func(*ticket.Ticket) error) error {
	pfx := []byte(prefix)
	c := t.b(bTickets).Cursor()
	for k, v := c.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, v = c.Next() {
		var tk ticket.Ticket
		if err := unmarshalRecord(v, &tk); err != nil {
			return fmt.Errorf("store: corrupt work order %s: %w", k, err)
		}
		if err := fn(&tk); err != nil {
			return err
		}
	}
	return nil
}
