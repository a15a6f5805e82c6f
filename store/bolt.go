package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// DefaultMaxBatchDelay is how long Update waits for other writers to join
// a batch. bbolt's default is 10ms; a shorter wait keeps a lone request's
// latency low while concurrent requests still share one fsync.
const DefaultMaxBatchDelay = 2 * time.Millisecond

// boltOptions are the bbolt settings the store opens its file with: the
// hashmap freelist, written at each commit. A stored freelist is what lets
// Open read a few pages of a large file instead of all of them: without it
// (NoFreelistSync) bbolt rebuilds the freelist at open by walking every
// page, so startup time and resident memory grow with the file (issue 12:
// 2.3–8 s and 1.59 GB resident on a 1.6 GB file). A file written without
// it (by an older hotline) is walked once and gets its freelist at that
// open. bench's raw ceiling uses the same settings.
func boltOptions(timeout time.Duration, readOnly bool) *bolt.Options {
	return &bolt.Options{Timeout: timeout, FreelistType: bolt.FreelistMapType, ReadOnly: readOnly}
}

// boltBackend is the embedded backend: one bbolt file.
type boltBackend struct {
	db     *bolt.DB
	path   string
	rollup *Rollup
	// warning is a problem found at open that bbolt survives (open_check.go).
	warning string
	// arch is the yearly archive beside the file (archive.go).
	arch *Archive
	// archMoved: an online compaction gave arch to the new backend.
	archMoved bool
	// opts are the options it was opened with (an online compaction
	// opens the new file with them).
	opts Options
	// rawDedupe and hashedDedupe are the file's dedupe_raw_until and
	// dedupe_hashed_until (dedupe.go), read at open.
	rawDedupe, hashedDedupe int64
	// writes counts write transactions, for tidyRoot (tx.go): each
	// caller of a batch counts.
	writes atomic.Uint64
	// commits counts the write transactions themselves (a batch's callers
	// share one), lastTx is the id of the latest: WriteStats.
	commits, lastTx atomic.Int64
	// rehearsed counts the records written in a form a rehearsal packed
	// (prepare_record.go): WriteStats.
	rehearsed atomic.Int64
	// group coalesces Batch's callers into shared commits
	// (group_commit.go).
	group *groupCommit
	// key is the mask key of the archive (archive.go), once read.
	keyOnce sync.Mutex
	key     []byte
}

// OpenBolt opens or creates the bbolt database at path and brings its
// schema to this build's version (a read-only open refuses any other
// version). A file that is empty, cut short, foreign or damaged gives a
// *DamageError, never a panic (open_check.go).
func OpenBolt(path string, opts *Options) (Backend, error) {
	b, err := openBolt(path, opts)
	if err != nil {
		return nil, err
	}
	return b, nil
}

func openBolt(path string, opts *Options) (_ *boltBackend, err error) {
	if opts == nil {
		opts = &Options{}
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = 2 * time.Second
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, &OpenError{Problem: OpenCreate, Path: filepath.Dir(path), Err: err}
		}
	}
	if !opts.ReadOnly {
		// A restore a crash interrupted is finished first (backup.go).
		if err := finishRestore(path); err != nil {
			return nil, err
		}
	}
	warning, err := prepare(path, opts.ReadOnly, timeout)
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
	bopts := boltOptions(timeout, opts.ReadOnly)
	if st, err := os.Stat(path); err == nil && !opts.ReadOnly && runtime.GOOS != "windows" {
		// Room to grow to twice the size before bbolt maps the file
		// again: a write that needs a larger map waits for every read
		// transaction, among them an online compaction's snapshot
		// (online_compact.go). Only address space: nothing is read.
		bopts.InitialMmapSize = int(2 * st.Size())
	}
	db, err = bolt.Open(path, 0o600, bopts)
	if err != nil {
		db = nil
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, &OpenError{Problem: OpenInUse, Path: path}
		}
		return nil, &OpenError{Problem: OpenFailed, Path: path, Err: err}
	}
	db.MaxBatchDelay = DefaultMaxBatchDelay
	if opts.MaxBatchDelay > 0 {
		db.MaxBatchDelay = opts.MaxBatchDelay
	}
	db.NoSync = opts.NoSync
	b := &boltBackend{db: db, path: path, rollup: opts.Rollup, warning: warning, opts: *opts, group: newGroupCommit(db)}
	b.arch = newArchive(filepath.Join(filepath.Dir(path), ArchiveDir), b.maskKey)
	if !opts.ReadOnly {
		if err := b.migrate(); err != nil {
			return nil, err
		}
		if b.rollup != nil {
			if err := b.openRollups(); err != nil {
				return nil, err
			}
		}
	} else if v, err := b.Version(context.Background()); err != nil || v != SchemaVersion {
		if err != nil {
			return nil, &OpenError{Problem: OpenFailed, Path: path, Err: err}
		}
		if v > SchemaVersion {
			return nil, &OpenError{Problem: OpenNewerSchema, Path: path, Version: v}
		}
		return nil, &OpenError{Problem: OpenOtherSchema, Path: path, Version: v}
	} else if err := db.View(func(tx *bolt.Tx) (err error) {
		b.rawDedupe, b.hashedDedupe, err = dedupeBounds(tx, false)
		return err
	}); err != nil {
		return nil, err
	}
	return b, nil
}

// Path is the database file.
func (b *boltBackend) Path() string { return b.path }

// Warning is a problem found at open that bbolt survives, or "".
func (b *boltBackend) Warning() string { return b.warning }

func (b *boltBackend) Close() error {
	if b.arch != nil && !b.archMoved {
		b.arch.close()
	}
	if b.db.NoSync && !b.db.IsReadOnly() {
		if err := b.db.Sync(); err != nil {
			b.db.Close()
			return err
		}
	}
	return b.db.Close()
}

func (b *boltBackend) newTx(btx *bolt.Tx) *boltTx {
	return &boltTx{tx: btx, rollup: b.rollup, arch: b.arch, rawDedupe: b.rawDedupe, hashedDedupe: b.hashedDedupe, taken: &b.rehearsed}
}

// bbolt cannot stop a transaction half way: a context is checked before
// one starts.

func (b *boltBackend) Batch(ctx context.Context, fn func(Ops) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return b.group.do(func(btx *bolt.Tx) error {
		if err := b.tidyRoot(btx); err != nil {
			return err
		}
		return b.write(btx, fn)
	})
}

func (b *boltBackend) Update(ctx context.Context, fn func(Ops) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return b.db.Update(func(btx *bolt.Tx) error {
		if err := b.tidyRoot(btx); err != nil {
			return err
		}
		return b.write(btx, fn)
	})
}

// write runs fn in write transaction btx, then stores the lists of
// message ids it left to the end (messages.go).
func (b *boltBackend) write(btx *bolt.Tx, fn func(Ops) error) error {
	if id := int64(btx.ID()); b.lastTx.Swap(id) != id {
		b.commits.Add(1)
	}
	t := b.newTx(btx)
	t.deferLists = true
	if err := fn(t); err != nil {
		return err
	}
	return t.flushLists()
}

func (b *boltBackend) View(ctx context.Context, fn func(Ops) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return b.db.View(func(btx *bolt.Tx) error { return fn(b.newTx(btx)) })
}

func (b *boltBackend) Backup(ctx context.Context, w io.Writer) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var n int64
	err := b.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

func (b *boltBackend) Version(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	v := 0
	err := b.db.View(func(tx *bolt.Tx) error {
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
