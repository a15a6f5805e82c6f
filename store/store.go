package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Errors.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("duplicate")
	ErrConflict  = errors.New("conflict")
)

// Options tune Open. A nil *Options means defaults.
type Options struct {
	// Timeout to wait for the file lock (another hotline holds it).
	Timeout time.Duration
	// MaxBatchDelay is how long Update's first writer on an idle file
	// waits for others to share its commit (bbolt's default 10ms); those
	// that arrive while a commit runs share the next one without waiting
	// (group_commit.go).
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

// Store is an open database: a Backend with the conveniences the rest of
// hotline uses. Its methods without a context run under
// context.Background.
type Store struct {
	// h is the backend in use; an online compaction swaps it
	// (online_compact.go). Every operation holds it shared.
	h atomic.Pointer[handle]
	// writes is held shared by every write; an online compaction holds it
	// exclusively while it copies the file.
	writes sync.RWMutex
	// health tracks storage failures of writes (health.go).
	health health
}

// New wraps a backend.
func New(b Backend) *Store {
	s := &Store{}
	s.h.Store(&handle{be: b})
	return s
}

// be runs fn on the backend in use.
func (s *Store) use(fn func(Backend) error) error {
	h := s.acquire()
	defer h.mu.RUnlock()
	return fn(h.be)
}

// write runs fn on the backend in use as a write (online compaction
// holds writes off while it copies).
func (s *Store) useWrite(fn func(Backend) error) error {
	s.writes.RLock()
	defer s.writes.RUnlock()
	return s.use(fn)
}

// Open opens or creates the bbolt database at path and runs migrations
// (OpenBolt).
func Open(path string, opts *Options) (*Store, error) {
	b, err := OpenBolt(path, opts)
	if err != nil {
		return nil, err
	}
	s := New(b)
	if opts != nil {
		s.health.fault, s.health.onError = opts.WriteFault, opts.OnWriteError
	}
	return s, nil
}

// Backend returns the backend the store runs on.
func (s *Store) Backend() Backend { return s.h.Load().be }

// Path returns the database file's path ("" for a backend without a file).
func (s *Store) Path() string {
	if p, ok := s.Backend().(interface{ Path() string }); ok {
		return p.Path()
	}
	return ""
}

// Warning returns a problem found when the file was opened that the
// backend survives (one of bbolt's two meta pages damaged), or "".
func (s *Store) Warning() string {
	if w, ok := s.Backend().(interface{ Warning() string }); ok {
		return w.Warning()
	}
	return ""
}

// WriteStats is what the backend's commits wrote since it opened.
type WriteStats struct {
	Pages int64 // pages written, meta pages apart (bbolt's page allocations)
	Bytes int64 // their size
	// Commits is the write transactions of the store's Update and Batch
	// (the callers of a batch share one).
	Commits int64
	// Rehearsed is the records written in the form a rehearsal packed
	// (Rehearse).
	Rehearsed int64
}

// WriteStats returns what the backend's commits wrote since it opened
// (bbolt's own statistics), zero for a backend that keeps none: what a
// benchmark divides by its messages to tell the pages a message costs.
func (s *Store) WriteStats() WriteStats {
	b, ok := s.Backend().(*boltBackend)
	if !ok {
		return WriteStats{}
	}
	st := b.db.Stats()
	return WriteStats{Pages: st.TxStats.GetPageCount(), Bytes: st.TxStats.GetPageAlloc(), Commits: b.commits.Load(), Rehearsed: b.rehearsed.Load()}
}

// RollupsCurrent reports whether the report rollups were built by the
// store's Rollup (false when it has none).
func (s *Store) RollupsCurrent() (ok bool, err error) {
	err = s.use(func(b Backend) error {
		ok, err = b.RollupsCurrent(context.Background())
		return err
	})
	return ok, err
}

// RebuildRollups recomputes every report rollup from the stored orders in
// one transaction.
func (s *Store) RebuildRollups() error {
	return s.useWrite(func(b Backend) error { return b.RebuildRollups(context.Background()) })
}

// Close closes the database.
func (s *Store) Close() error {
	h := s.h.Load()
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.be.Close()
}

func wrap(fn func(*Tx) error) func(Ops) error {
	return func(o Ops) error { return fn(&Tx{o}) }
}

// write wraps a read-write fn: the injected fault (Options.WriteFault) is
// asked before the commit.
func (s *Store) write(fn func(*Tx) error) func(Ops) error {
	return func(o Ops) error {
		if err := fn(&Tx{o}); err != nil {
			return err
		}
		return s.health.commitFault()
	}
}

// Update runs fn in a read-write transaction coalesced with concurrent
// callers (Backend.Batch). It returns after the commit is durable. fn may
// run more than once and must be idempotent.
func (s *Store) Update(fn func(*Tx) error) error {
	return s.health.observe(s.useWrite(func(b Backend) error { return b.Batch(context.Background(), s.write(fn)) }))
}

// UpdateNow is Update without coalescing: for rare, latency-insensitive
// writers (CLI, scheduler) that want their own transaction.
func (s *Store) UpdateNow(fn func(*Tx) error) error {
	return s.health.observe(s.useWrite(func(b Backend) error { return b.Update(context.Background(), s.write(fn)) }))
}

// View runs fn in a read-only transaction.
func (s *Store) View(fn func(*Tx) error) error {
	return s.use(func(b Backend) error { return b.View(context.Background(), wrap(fn)) })
}

// BatchContext is Update with a context.
func (s *Store) BatchContext(ctx context.Context, fn func(*Tx) error) error {
	return s.health.observe(s.useWrite(func(b Backend) error { return b.Batch(ctx, s.write(fn)) }))
}

// UpdateContext is UpdateNow with a context.
func (s *Store) UpdateContext(ctx context.Context, fn func(*Tx) error) error {
	return s.health.observe(s.useWrite(func(b Backend) error { return b.Update(ctx, s.write(fn)) }))
}

// ViewContext is View with a context.
func (s *Store) ViewContext(ctx context.Context, fn func(*Tx) error) error {
	return s.use(func(b Backend) error { return b.View(ctx, wrap(fn)) })
}

// Version returns the schema version of the open database.
func (s *Store) Version() (v int, err error) {
	err = s.use(func(b Backend) error {
		v, err = b.Version(context.Background())
		return err
	})
	return v, err
}

// GetKV returns a copy of the value under key in the key-value area (nil
// when absent). Channels keep caches here (the WeChat access token).
func (s *Store) GetKV(key string) ([]byte, error) {
	var v []byte
	err := s.View(func(tx *Tx) error {
		v = tx.Get(key)
		return nil
	})
	return v, err
}

// PutKV stores value under key; a nil value deletes the key. It has its
// own transaction.
func (s *Store) PutKV(key string, value []byte) error {
	return s.UpdateNow(func(tx *Tx) error {
		if value == nil {
			return tx.Delete(key)
		}
		return tx.Put(key, value)
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
	if err := unmarshalRecord(data, v); err != nil {
		return false, fmt.Errorf("store: corrupt record %s/%q: %w", "bucket", key, err)
	}
	return true, nil
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := marshalRecord(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// putDeflated is putJSON with the record deflated (marshalDeflated).
func putDeflated(b *bolt.Bucket, key []byte, v any) error {
	data, err := marshalDeflated(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// putFresh is putDeflated for a record that may name the order number
// this transaction allocated, whose form a rehearsal may have packed
// (marshalFresh).
func (t *boltTx) putFresh(b *bolt.Bucket, key []byte, v any) error {
	data, taken, err := marshalFresh(v, t.fresh)
	if err != nil {
		return err
	}
	if taken && t.taken != nil {
		t.taken.Add(1)
	}
	return b.Put(key, data)
}
