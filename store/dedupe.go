package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DedupeKey names one platform message, so that a webhook delivered twice
// is handled once.
type DedupeKey struct {
	// ID is the channel and the platform's message id.
	ID string
	// At is a time the platform sends alike with every delivery of the
	// message (WeChat's CreateTime, Telegram's date, Kannel's %T, the web
	// chat token's own time), zero when it sends none. The stored key
	// starts with it, so that new keys land on the last pages of the
	// dedupe bucket instead of random ones (a commit of many messages
	// then writes one or two of its pages, not one a message).
	At time.Time
}

// dedupeTimeLen is how many bytes of a stored dedupe key are its time:
// Unix milliseconds, big-endian (until the year 10889).
const dedupeTimeLen = 6

// storedDedupeKey is the stored form of a dedupe key (schema version 7),
// 16 bytes whatever the platform's id looks like, which it never shows:
// with a time, the time's Unix milliseconds in 6 bytes and the first 10
// bytes of the id's SHA-256 (80 bits: two messages of the same
// millisecond that share them are beyond any hotline's volume); without
// one, the first 16 bytes of the SHA-256 as schema version 5 stored every
// key (hashedDedupeKey).
func storedDedupeKey(k DedupeKey) []byte {
	ms := dedupeMillis(k.At)
	if ms == 0 {
		return hashedDedupeKey(k.ID)
	}
	h := sha256.Sum256([]byte(k.ID))
	var out [16]byte
	binary.BigEndian.PutUint16(out[:2], uint16(ms>>32))
	binary.BigEndian.PutUint32(out[2:dedupeTimeLen], uint32(ms))
	copy(out[dedupeTimeLen:], h[:16-dedupeTimeLen])
	return out[:]
}

// dedupeMillis is at in Unix milliseconds, 0 for the zero time and times
// a stored key cannot hold (before 1970, after 10889).
func dedupeMillis(at time.Time) int64 {
	if at.IsZero() {
		return 0
	}
	ms := at.UnixMilli()
	if ms <= 0 || ms >= 1<<(8*dedupeTimeLen) {
		return 0
	}
	return ms
}

// hashedDedupeKey is a key's stored form in schema versions 5 and 6, and
// in version 7 for a key without a time: the first 16 bytes of its
// SHA-256. A version 7 lookup of a key with a time also looks for this
// form while one stored by an earlier build may be unexpired
// (hashedDedupeUntil).
func hashedDedupeKey(id string) []byte {
	h := sha256.Sum256([]byte(id))
	return h[:16]
}

// metaRawDedupe is the meta key under which a file keeps until when a
// dedupe key stored as it came (schema version 4) may be unexpired: the
// latest expiry in the dedupe bucket when the file first met a build
// that keeps it (0 for a new file). Only builds of version 4 stored such
// keys, and they cannot open a file of version 5 or later, so it never
// moves.
var metaRawDedupe = []byte("dedupe_raw_until")

// metaHashedDedupe is the same for keys with a time that versions 5 and 6
// stored hashed alone (hashedDedupeKey): the latest expiry in the dedupe
// bucket when the file first met a build of version 7 or later. Builds of
// version 6 or earlier cannot open a file of version 7, so it never moves
// either.
var metaHashedDedupe = []byte("dedupe_hashed_until")

// dedupeUntil returns the file's meta value name (metaRawDedupe,
// metaHashedDedupe) in Unix nanoseconds, storing it first when the file
// has none and tx is writable; fresh: the file was just created, so its
// dedupe bucket is empty. Without it (a read-only transaction of a file
// that has none) it returns the greatest time: every lookup looks for
// the earlier form too.
func dedupeUntil(tx *bolt.Tx, name []byte, fresh bool) (int64, error) {
	meta := tx.Bucket(bMeta)
	if meta == nil {
		return math.MaxInt64, nil
	}
	if v := meta.Get(name); len(v) == 8 {
		return int64(binary.BigEndian.Uint64(v)), nil
	}
	if !tx.Writable() {
		return math.MaxInt64, nil
	}
	var until int64
	if b := tx.Bucket(bDedupe); b != nil && !fresh {
		// A key of an earlier form cannot be told from a later one by
		// its looks: the latest expiry of all of them bounds it (one
		// pass over at most a TTL's keys, once per file).
		if err := b.ForEach(func(_, v []byte) error {
			if len(v) == 8 {
				until = max(until, int64(binary.BigEndian.Uint64(v)))
			}
			return nil
		}); err != nil {
			return 0, err
		}
	}
	return until, meta.Put(name, u64(uint64(until)))
}

// dedupeBounds reads (and on a writable tx first stores) both of the
// file's bounds.
func dedupeBounds(tx *bolt.Tx, fresh bool) (raw, hashed int64, err error) {
	if raw, err = dedupeUntil(tx, metaRawDedupe, fresh); err != nil {
		return 0, 0, err
	}
	hashed, err = dedupeUntil(tx, metaHashedDedupe, fresh)
	return raw, hashed, err
}

// Seen reports whether the message k names was recorded and has not
// expired.
func (t *boltTx) Seen(k DedupeKey, now time.Time) bool {
	b := t.b(bDedupe)
	n := now.UnixNano()
	v := b.Get(storedDedupeKey(k))
	if v == nil && n < t.hashedDedupe && dedupeMillis(k.At) != 0 {
		v = b.Get(hashedDedupeKey(k.ID))
	}
	if v == nil && n < t.rawDedupe {
		v = b.Get([]byte(k.ID))
	}
	return len(v) == 8 && int64(binary.BigEndian.Uint64(v)) > n
}

// MarkSeen records k until expires.
func (t *boltTx) MarkSeen(k DedupeKey, expires time.Time) error {
	return t.b(bDedupe).Put(storedDedupeKey(k), tsKey(expires))
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
