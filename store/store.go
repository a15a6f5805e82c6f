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
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Errors.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("duplicate")
	ErrConflict  = errors.New("conflict")
)

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
	// WriteFault, when set, is asked before each write transaction
	// commits; an error it returns fails the commit as failing storage
	// would (tests inject syscall.ENOSPC, health.go).
	WriteFault func() error
	// OnWriteError hears every write that failed for a storage reason
	// (kind: no_space, quota, io, read_only), e.g. to log it.
	OnWriteError func(kind string, err error)
	// Rollup keeps the report counters with every work order (rollups.go);
	// nil keeps none.
	Rollup *Rollup
	// NoSync skips the fsync of each commit, for bulk loads (hotline
	// demo): a crash may lose recent commits. Close syncs.
	NoSync bool
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
	db     *bolt.DB
	path   string
	rollup *Rollup
	// warning is a problem found at open that bbolt survives (open_check.go).
	warning string
	// health tracks storage failures of writes (health.go).
	health health
}

// Open opens or creates the database at path and runs migrations. A file
// that is empty, cut short, foreign or damaged gives a *DamageError, never
// a panic (open_check.go).
func Open(path string, opts *Options) (_ *Store, err error) {
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
	warning, err := prepare(path, opts.ReadOnly, opts.Timeout)
	if err != nil {
		return nil, err
	}
	var db *bolt.DB
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &DamageError{Path: path, Problem: fmt.Sprint(r)}
		}
		if err != nil && db != nil {
			db.Close()
		}
	}()
	db, err = bolt.Open(path, 0o600, BoltOptions(opts.Timeout, opts.ReadOnly))
	if err != nil {
		db = nil
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("store: %s is in use by another process", path)
		}
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	db.MaxBatchDelay = DefaultMaxBatchDelay
	if opts.MaxBatchDelay > 0 {
		db.MaxBatchDelay = opts.MaxBatchDelay
	}
	db.NoSync = opts.NoSync
	s := &Store{db: db, path: path, rollup: opts.Rollup, warning: warning}
	s.health.fault, s.health.onError = opts.WriteFault, opts.OnWriteError
	if !opts.ReadOnly {
		if err := s.migrate(); err != nil {
			return nil, err
		}
		if s.rollup != nil {
			if err := s.openRollups(); err != nil {
				return nil, err
			}
		}
	} else if v, err := s.Version(); err != nil || v != SchemaVersion {
		return nil, fmt.Errorf("store: %s has schema version %d, this build reads %d", path, v, SchemaVersion)
	}
	return s, nil
}

// Warning returns a problem found when the file was opened that bbolt
// survives (one of the two meta pages damaged), or "".
func (s *Store) Warning() string { return s.warning }

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	if s.db.NoSync && !s.db.IsReadOnly() {
		if err := s.db.Sync(); err != nil {
			s.db.Close()
			return err
		}
	}
	return s.db.Close()
}

// Update runs fn in a read-write transaction coalesced with concurrent
// callers (bbolt Batch). It returns after the commit is durable. fn may run
// more than once and must be idempotent.
func (s *Store) Update(fn func(*Tx) error) error {
	return s.health.observe(s.db.Batch(func(btx *bolt.Tx) error {
		if err := fn(s.newTx(btx)); err != nil {
			return err
		}
		return s.health.commitFault()
	}))
}

// UpdateNow is Update without coalescing: for rare, latency-insensitive
// writers (CLI, scheduler) that want their own transaction.
func (s *Store) UpdateNow(fn func(*Tx) error) error {
	return s.health.observe(s.db.Update(func(btx *bolt.Tx) error {
		if err := fn(s.newTx(btx)); err != nil {
			return err
		}
		return s.health.commitFault()
	}))
}

func (s *Store) newTx(btx *bolt.Tx) *Tx { return &Tx{tx: btx, rollup: s.rollup} }

// View runs fn in a read-only transaction.
func (s *Store) View(fn func(*Tx) error) error {
	return s.db.View(func(btx *bolt.Tx) error {
		return fn(s.newTx(btx))
	})
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
