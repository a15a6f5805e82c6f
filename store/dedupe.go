package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"time"
)

// dedupeKey is the stored form of a dedupe key (schema version 5): the
// first 16 bytes of its SHA-256, whatever the platform's id looks like.
// Version 4 stored the key itself; such keys are still seen until they
// expire and are purged.
func dedupeKey(key string) []byte {
	h := sha256.Sum256([]byte(key))
	return h[:16]
}

// Seen reports whether key (channel + platform message id) was recorded and
// has not expired.
func (t *boltTx) Seen(key string, now time.Time) bool {
	b := t.b(bDedupe)
	v := b.Get(dedupeKey(key))
	if v == nil {
		v = b.Get([]byte(key))
	}
	return len(v) == 8 && int64(binary.BigEndian.Uint64(v)) > now.UnixNano()
}

// MarkSeen records key until expires.
func (t *boltTx) MarkSeen(key string, expires time.Time) error {
	return t.b(bDedupe).Put(dedupeKey(key), tsKey(expires))
}

// PurgeDedupe deletes dedupe keys that expired before now, looking at no
// more than limit keys from where the previous call stopped (after, ""
// for the start); it returns how many it removed and where to go on ("" at
// the end).
func (t *boltTx) PurgeDedupe(now time.Time, after string, limit int) (removed int, next string, err error) {
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
