package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"
)

// dedupeKey is the stored form of a dedupe key (schema version 5): the
// first 16 bytes of its SHA-256, whatever the platform's id looks like.
// Version 4 stored the key itself; such keys are still seen until they
// expire and are purged, looked up only while one may be unexpired
// (rawDedupeUntil).
func dedupeKey(key string) []byte {
	h := sha256.Sum256([]byte(key))
	return h[:16]
}

// metaRawDedupe is the meta key under which a file keeps until when a
// dedupe key stored as it came (schema version 4) may be unexpired: the
// latest expiry in the dedupe bucket when the file first met a build
// that keeps it (0 for a new file). Only builds of version 4 stored such
// keys, and they cannot open a file of version 5 or later, so it never
// moves.
var metaRawDedupe = []byte("dedupe_raw_until")

// rawDedupeUntil returns the file's metaRawDedupe in Unix nanoseconds,
// storing it first when the file has none and tx is writable; fresh: the
// file was just created, so its dedupe bucket is empty. Without it (a
// read-only transaction of a file that has none) it returns the greatest
// time: every lookup looks for a version 4 key too.
func rawDedupeUntil(tx *bolt.Tx, fresh bool) (int64, error) {
	meta := tx.Bucket(bMeta)
	if meta == nil {
		return math.MaxInt64, nil
	}
	if v := meta.Get(metaRawDedupe); len(v) == 8 {
		return int64(binary.BigEndian.Uint64(v)), nil
	}
	if !tx.Writable() {
		return math.MaxInt64, nil
	}
	var until int64
	if b := tx.Bucket(bDedupe); b != nil && !fresh {
		// A version 4 key cannot be told from a hashed one by its looks:
		// the latest expiry of all of them bounds it (one pass over at
		// most a TTL's keys, once per file).
		if err := b.ForEach(func(_, v []byte) error {
			if len(v) == 8 {
				until = max(until, int64(binary.BigEndian.Uint64(v)))
			}
			return nil
		}); err != nil {
			return 0, err
		}
	}
	return until, meta.Put(metaRawDedupe, u64(uint64(until)))
}

// Seen reports whether key (channel + platform message id) was recorded and
// has not expired.
func (t *boltTx) Seen(key string, now time.Time) bool {
	b := t.b(bDedupe)
	v := b.Get(dedupeKey(key))
	if v == nil && now.UnixNano() < t.rawDedupe {
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
