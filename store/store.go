// Package store keeps hotline's state in one bbolt file: citizens,
// conversations, messages, work orders and their indexes, dedupe keys, the
// outbox, users, the audit log and a key-value area for caches.
//
// # Basics
//
// Everything one inbound message changes is written in one transaction:
// callers pass a closure to Update, which receives a *Tx with domain
// methods. Update coalesces concurrent callers with bbolt's DB.Batch, so
// many requests share one fsync; it returns only after the commit is
// durable.
//
// # Caveats
//
// A function passed to Update may run more than once (bbolt re-runs the
// members of a failed batch one by one), so it must be idempotent: it may
// read and write through the Tx, but must not have effects outside it
// other than assigning results that a re-run overwrites.
package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the version of the bucket layout this code writes.
const SchemaVersion = 4

// Errors.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("duplicate")
	ErrConflict  = errors.New("conflict")
)

var (
	bMeta          = []byte("meta")
	bCitizens      = []byte("citizens")
	bIdentities    = []byte("identities")
	bPhones        = []byte("phones")
	bConversations = []byte("conversations")
	bQueue         = []byte("idx_queue")
	bDrafts        = []byte("idx_drafts")
	bMessages      = []byte("messages")
	bTickets       = []byte("tickets")
	bTicketSeq     = []byte("ticket_seq")
	bIdxStatus     = []byte("idx_ticket_status")
	bIdxDept       = []byte("idx_ticket_dept")
	bIdxDue        = []byte("idx_ticket_due")
	bIdxCitizen    = []byte("idx_ticket_citizen")
	bDedupe        = []byte("dedupe")
	bOutbox        = []byte("outbox")
	bOutboxDue     = []byte("outbox_due")
	bOutboxKeys    = []byte("outbox_keys")
	bUsers         = []byte("users")
	bAudit         = []byte("audit")
	bKV            = []byte("kv")
	bConvCitizen   = []byte("idx_conv_citizen")
)

// migrations bring a database from version i to i+1 (index = target version).
var migrations = map[int]func(tx *bolt.Tx) error{
	1: func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bMeta, bCitizens, bIdentities, bPhones, bConversations, bQueue, bDrafts,
			bMessages, bTickets, bTicketSeq, bIdxStatus, bIdxDept, bIdxDue, bIdxCitizen, bDedupe,
			bOutbox, bOutboxDue, bOutboxKeys, bUsers, bAudit, bKV} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 2: the workflow's scheduler marks, department inboxes, return-visit
	// watches, pending citizen notices and the co-department index
	// (workflow.go).
	2: func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bWfFired, bWfInbox, bWfVisits, bWfNotices, bIdxCoDept} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 3: conversations by citizen (conversation ids need not be
	// channel:user any more), built from the stored conversations.
	3: func(tx *bolt.Tx) error {
		idx, err := tx.CreateBucketIfNotExists(bConvCitizen)
		if err != nil {
			return err
		}
		return tx.Bucket(bConversations).ForEach(func(k, v []byte) error {
			var c struct {
				CitizenID string `json:"citizen_id"`
			}
			if json.Unmarshal(v, &c) != nil || c.CitizenID == "" {
				return nil
			}
			return idx.Put(idx2(c.CitizenID, string(k)), nil)
		})
	},
	// 4: rating questions that went out on another channel than their
	// conversation's (ratings.go).
	4: func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bRatingsAway)
		return err
	},
}

// idx2 is an index key: field, a zero byte, id.
func idx2(field, id string) []byte { return []byte(field + "\x00" + id) }

// DefaultMaxBatchDelay is how long Update waits for other writers to join
// a batch. bbolt's default is 10ms; a shorter wait keeps a lone request's
// latency low while concurrent requests still share one fsync.
const DefaultMaxBatchDelay = 2 * time.Millisecond

// Options tune Open. A nil *Options means defaults.
type Options struct {
	// Timeout to wait for the file lock (another hotline holds it).
	Timeout time.Duration
	// MaxBatchDelay is how long Update waits to coalesce writers (bbolt
	// default 10ms).
	MaxBatchDelay time.Duration
	// ReadOnly opens the file for reading only (CLI inspection).
	ReadOnly bool
}

// BoltOptions are the bbolt settings the store opens its file with: the
// hashmap freelist, and no freelist written at each commit (it is rebuilt
// by a scan when the file is opened), which saves a page write per
// commit without weakening durability. bench's raw ceiling uses them too.
func BoltOptions(timeout time.Duration, readOnly bool) *bolt.Options {
	return &bolt.Options{Timeout: timeout, FreelistType: bolt.FreelistMapType, NoFreelistSync: true, ReadOnly: readOnly}
}

// Store is an open database.
type Store struct {
	db   *bolt.DB
	path string
}

// Open opens or creates the database at path and runs migrations.
func Open(path string, opts *Options) (*Store, error) {
	if opts == nil {
		opts = &Options{}
	}
	if opts.Timeout == 0 {
		opts.Timeout = 2 * time.Second
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("store: unable to create %s: %w", filepath.Dir(path), err)
		}
	}
	db, err := bolt.Open(path, 0o600, BoltOptions(opts.Timeout, opts.ReadOnly))
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("store: %s is in use by another process", path)
		}
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	db.MaxBatchDelay = DefaultMaxBatchDelay
	if opts.MaxBatchDelay > 0 {
		db.MaxBatchDelay = opts.MaxBatchDelay
	}
	s := &Store{db: db, path: path}
	if !opts.ReadOnly {
		if err := s.migrate(); err != nil {
			db.Close()
			return nil, err
		}
	} else if v, err := s.Version(); err != nil || v != SchemaVersion {
		db.Close()
		return nil, fmt.Errorf("store: %s has schema version %d, this build reads %d", path, v, SchemaVersion)
	}
	return s, nil
}

func (s *Store) migrate() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bMeta)
		if err != nil {
			return err
		}
		v := 0
		if b := meta.Get([]byte("schema_version")); len(b) == 8 {
			v = int(binary.BigEndian.Uint64(b))
		}
		if v > SchemaVersion {
			return fmt.Errorf("store: %s has schema version %d, newer than this build (%d)", s.path, v, SchemaVersion)
		}
		for next := v + 1; next <= SchemaVersion; next++ {
			if err := migrations[next](tx); err != nil {
				return fmt.Errorf("store: migration to version %d: %w", next, err)
			}
			if err := meta.Put([]byte("schema_version"), u64(uint64(next))); err != nil {
				return err
			}
		}
		return nil
	})
}

// Version returns the schema version of the open database.
func (s *Store) Version() (int, error) {
	v := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil {
			return nil
		}
		if b := meta.Get([]byte("schema_version")); len(b) == 8 {
			v = int(binary.BigEndian.Uint64(b))
		}
		return nil
	})
	return v, err
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// GetKV returns a copy of the value under key in the key-value area (nil
// when absent). Channels keep caches here (the WeChat access token).
func (s *Store) GetKV(key string) ([]byte, error) {
	var v []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bKV).Get([]byte(key)); b != nil {
			v = append([]byte(nil), b...)
		}
		return nil
	})
	return v, err
}

// PutKV stores value under key; a nil value deletes the key.
func (s *Store) PutKV(key string, value []byte) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if value == nil {
			return tx.Bucket(bKV).Delete([]byte(key))
		}
		return tx.Bucket(bKV).Put([]byte(key), value)
	})
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Update runs fn in a read-write transaction coalesced with concurrent
// callers (bbolt Batch). It returns after the commit is durable. fn may run
// more than once and must be idempotent.
func (s *Store) Update(fn func(*Tx) error) error {
	return s.db.Batch(func(btx *bolt.Tx) error {
		return fn(&Tx{tx: btx})
	})
}

// UpdateNow is Update without coalescing: for rare, latency-insensitive
// writers (CLI, scheduler) that want their own transaction.
func (s *Store) UpdateNow(fn func(*Tx) error) error {
	return s.db.Update(func(btx *bolt.Tx) error {
		return fn(&Tx{tx: btx})
	})
}

// View runs fn in a read-only transaction.
func (s *Store) View(fn func(*Tx) error) error {
	return s.db.View(func(btx *bolt.Tx) error {
		return fn(&Tx{tx: btx})
	})
}

// Backup writes a consistent snapshot of the database to w while writers
// go on; it returns the number of bytes written.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// BackupFile writes a snapshot to path atomically (temp file + rename).
func (s *Store) BackupFile(path string) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hotline-backup-*")
	if err != nil {
		return 0, fmt.Errorf("store: unable to create backup in %s: %w", filepath.Dir(path), err)
	}
	defer os.Remove(tmp.Name())
	n, err := s.Backup(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return n, nil
}

// Restore replaces the database file at dbPath with the backup at src,
// after checking that src is a hotline database this build can read (an
// older schema is migrated when the server next opens it). The database
// must not be in use: Restore holds its lock throughout. The backup is
// copied next to the database and synced before anything is replaced, so
// a failed copy leaves the database as it was; the previous file is kept
// as dbPath.before-restore-<time>, whose name Restore returns ("" when
// there was no database).
func Restore(src, dbPath string) (kept string, err error) {
	chk, err := bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return "", fmt.Errorf("store: %s is not a usable backup: %w", src, err)
	}
	err = chk.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil {
			return errors.New("no schema version")
		}
		v := 0
		if b := meta.Get([]byte("schema_version")); len(b) == 8 {
			v = int(binary.BigEndian.Uint64(b))
		}
		if v < 1 || v > SchemaVersion {
			return fmt.Errorf("schema version %d, this build reads 1 to %d", v, SchemaVersion)
		}
		for _, b := range [][]byte{bTickets, bConversations, bOutbox} {
			if tx.Bucket(b) == nil {
				return fmt.Errorf("bucket %s missing", b)
			}
		}
		return nil
	})
	chk.Close()
	if err != nil {
		return "", fmt.Errorf("store: %s is not a hotline backup: %w", src, err)
	}
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		return "", err
	}
	// Hold the live database's lock (creating it if absent) so that a
	// running server makes Restore fail instead of the other way round.
	_, statErr := os.Stat(dbPath)
	existed := statErr == nil
	live, err := bolt.Open(dbPath, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return "", fmt.Errorf("store: unable to lock %s (is the server running?): %w", dbPath, err)
	}
	defer live.Close()
	tmp := dbPath + ".restoring"
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("store: copy %s: %w", src, err)
	}
	if existed {
		kept = dbPath + ".before-restore-" + time.Now().Format("20060102-150405")
		if err := os.Link(dbPath, kept); err != nil {
			os.Remove(tmp)
			return "", fmt.Errorf("store: unable to keep the old database as %s: %w", kept, err)
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("store: unable to put the backup in place: %w", err)
	}
	return kept, nil
}

// copyFile copies src to dst and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func tsKey(t time.Time) []byte { return u64(uint64(t.UnixNano())) }

func join(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("store: corrupt record %s/%q: %w", "bucket", key, err)
	}
	return true, nil
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}
