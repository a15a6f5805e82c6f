package store

import (
	"bytes"
	"encoding/binary"
	"time"
)

// ScanDueOutbox calls fn with the id of every pending outbox entry due at
// now, oldest first, reading only the due index (no entry is decoded),
// until fn returns false. The outbox's channel lanes pick their entries
// this way, so that a backlog on one channel costs a key scan, not a
// decode of every entry, when another channel's entry is due behind it.
func (t *boltTx) ScanDueOutbox(now time.Time, fn func(id uint64) bool) {
	end := tsKey(now)
	c := t.b(bOutboxDue).Cursor()
	for k, _ := c.First(); len(k) == 16 && bytes.Compare(k[:8], end) <= 0; k, _ = c.Next() {
		if !fn(binary.BigEndian.Uint64(k[8:])) {
			return
		}
	}
}

// NextOutboxDue returns when the earliest pending entry is due (zero when
// there is none).
func (t *boltTx) NextOutboxDue() time.Time {
	k, _ := t.b(bOutboxDue).Cursor().First()
	if len(k) != 16 {
		return time.Time{}
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(k[:8])))
}
