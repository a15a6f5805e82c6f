package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Online compaction (`hotline compact` while the server runs). A read
// transaction of the live file (a snapshot) is copied into a new file
// with full pages while writers go on, and the copy is checked; the copy
// then catches up with what changed since the snapshot
// (online_compact_catchup.go: only the changed pages are read), a few
// times while writers go on, and a last time with writes paused; the old
// file is kept beside it under another name, the new one is renamed into
// place and opened, and later transactions run on it; the old file is
// closed once the reads still running on it end. Writes wait only for the
// last catch-up, the rename and the open, which do not grow with the
// file. Until the rename the live file is untouched; if the new file
// cannot be opened, the old one is put back and stays in use.

// catchUpRounds is how many catch-ups run while writers go on; they stop
// earlier once one read fewer than catchUpQuiet changed pages.
const (
	catchUpRounds = 4
	catchUpQuiet  = 64
)

// handle is one open backend and the operations running on it.
type handle struct {
	be Backend
	mu sync.RWMutex // held shared by each operation on be; exclusively to close it
}

// acquire returns the current backend's handle, held shared. A handle
// being closed after a swap is skipped: the store already points to its
// successor.
func (s *Store) acquire() *handle {
	for {
		h := s.h.Load()
		if h.mu.TryRLock() {
			if s.h.Load() == h {
				return h
			}
			h.mu.RUnlock()
		}
		runtime.Gosched()
	}
}

// CompactOnline compacts the open database in place while it is in use.
func (s *Store) CompactOnline(ctx context.Context) (*CompactResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	old := s.h.Load()
	bb, ok := old.be.(*boltBackend)
	if !ok {
		return nil, fmt.Errorf("store: this backend cannot be compacted")
	}
	path := bb.path
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	res := &CompactResult{Before: st.Size()}
	f, err := os.Open(path) // the live file's pages, read by the catch-up
	if err != nil {
		return nil, err
	}
	defer f.Close()
	snap, err := beginState(bb.db, f, true)
	if errors.Is(err, errNoFreelist) {
		// A file written before the freelist was stored gets one at its
		// next commit.
		if err = s.UpdateNow(func(*Tx) error { return nil }); err == nil {
			snap, err = beginState(bb.db, f, true)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: compact %s: %w", path, err)
	}
	defer func() { snap.end() }()

	tmp := path + ".compacting"
	_ = os.Remove(tmp)
	var dst *bolt.DB
	defer func() {
		if dst != nil {
			dst.Close()
		}
		if res.Kept == "" {
			os.Remove(tmp)
		}
	}()
	fail := func(err error) (*CompactResult, error) {
		return nil, fmt.Errorf("store: compact %s: %w", path, err)
	}
	// The copy of the snapshot, checked.
	if dst, err = openCopy(tmp); err != nil {
		return fail(err)
	}
	err = copySnapshot(snap.tx, dst, compactTxSize)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	dst = nil
	if err == nil {
		_, err = check(tmp, false)
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		dst, err = openCopy(tmp)
	}
	if err != nil {
		return fail(err)
	}
	if compactHooks.copied != nil {
		compactHooks.copied()
	}

	// Catch-ups while writers go on: each begins its state of the live
	// file with writes paused for a moment (a read transaction begun while
	// a write waits to map the grown file would wait for the snapshot,
	// which waits for it).
	ps := bb.db.Info().PageSize
	var start time.Time
	paused := false
	defer func() {
		if paused {
			s.writes.Unlock()
		}
	}()
	catchUp := func(last bool) (int, error) {
		start = time.Now()
		if !s.pauseWrites(snap) {
			paused = true
			return 0, errStalled
		}
		paused = true
		cur, err := beginState(bb.db, f, false)
		if !last {
			s.writes.Unlock()
			paused = false
			if err == nil {
				// The next catch-up compares with this state.
				if err = cur.readFree(f, int64(ps)); err != nil {
					cur.end()
				}
			}
		}
		if err != nil {
			return 0, err
		}
		d := newCatchUp(snap, cur, f, ps)
		err = dst.Update(func(tx *bolt.Tx) error { return d.apply(tx) })
		snap.end()
		snap = cur
		return d.Pages, err
	}
	for round := 0; ; round++ {
		last := round == catchUpRounds
		n, err := catchUp(last)
		res.CatchUpPages += n
		if err == nil && !last {
			err = ctx.Err()
		}
		if errors.Is(err, errStalled) {
			// The snapshot has ended: the file is copied again, with
			// writes paused (as before the catch-up existed).
			dst.Close()
			dst = nil
			res.Stalled = true
			if err = compactSwapTo(res, path, bb.db); err != nil {
				return fail(err)
			}
			break
		}
		if err != nil {
			return fail(err)
		}
		if last {
			// Writes stay paused until the new file is open.
			snap.end()
			err := dst.Sync()
			if cerr := dst.Close(); err == nil {
				err = cerr
			}
			dst = nil
			if err == nil && compactHooks.paused != nil {
				err = compactHooks.paused(bb.db, tmp)
			}
			if err != nil {
				return fail(err)
			}
			if st, err := os.Stat(tmp); err == nil {
				res.After = st.Size()
			}
			if res.Kept, err = putInPlace(path, tmp); err != nil {
				return nil, err
			}
			break
		}
		if n < catchUpQuiet {
			round = catchUpRounds - 1 // the next one is the last
		}
	}
	if err := syncDir(dirOf(path)); err != nil {
		return nil, s.putBack(res.Kept, path, fmt.Errorf("store: sync %s: %w", dirOf(path), err))
	}
	opts := bb.opts
	nb, err := openBolt(path, &opts)
	if err != nil {
		return nil, s.putBack(res.Kept, path, err)
	}
	// The archive and its open files go over to the new backend.
	// (Reads still running on the old backend keep using it: its field
	// stays, and only its Close leaves the archive open.)
	nb.arch.close()
	nb.arch = bb.arch
	bb.archMoved = true
	nb.arch.setKey(nb.maskKey)
	s.h.Store(&handle{be: nb})
	res.Pause = time.Since(start)
	// Writes go on, on the new file; the old file closes once the reads
	// still on it end (a read that waits for a write finishes first).
	paused = false
	s.writes.Unlock()
	old.mu.Lock()
	cerr := old.be.Close()
	old.mu.Unlock()
	if cerr != nil {
		return res, fmt.Errorf("store: close the old file %s: %w", res.Kept, cerr)
	}
	return res, nil
}

// errStalled: a write waited for the snapshot to end.
var errStalled = errors.New("store: a write waits for the compaction's snapshot")

// writesLockWait is how long pauseWrites waits for the writes in flight.
var writesLockWait = 3 * time.Second

// pauseWrites pauses the store's writes (and returns true). While the
// compaction holds its snapshot, a write that grew the file past bbolt's
// memory map waits for every read transaction to end before bbolt maps it
// again (Options.InitialMmapSize leaves room for growth, so this is rare):
// when the writes in flight have not ended after writesLockWait, it ends
// held, so that they can, and returns false once writes are paused.
func (s *Store) pauseWrites(held *liveState) bool {
	locked := make(chan struct{})
	go func() {
		s.writes.Lock()
		close(locked)
	}()
	t := time.NewTimer(writesLockWait)
	defer t.Stop()
	select {
	case <-locked:
		return true
	case <-t.C:
	}
	held.end()
	<-locked
	return false
}

// compactSwapTo compacts db, the open database at path, into a new file
// and puts it in place (compactSwap), filling res.
func compactSwapTo(res *CompactResult, path string, db *bolt.DB) error {
	r, err := compactSwap(path, db)
	if err != nil {
		return err
	}
	res.After, res.Kept = r.After, r.Kept
	return nil
}

// compactHooks are set by tests: copied is called once the copy is made
// and checked, before the catch-up; paused with writes paused, once the
// copy has caught up and is closed, before it is renamed into place.
var compactHooks struct {
	copied func()
	paused func(live *bolt.DB, copyPath string) error
}

// openCopy opens the compacted copy at tmp. It is synced when it is
// complete, not at each commit: until it is renamed into place, a crash
// only leaves a file the next compaction removes.
func openCopy(tmp string) (*bolt.DB, error) {
	db, err := bolt.Open(tmp, 0o600, boltOptions(time.Second, false))
	if err != nil {
		return nil, fmt.Errorf("unable to create %s: %w", tmp, err)
	}
	db.NoSync = true
	return db, nil
}

// putBack makes the kept old file the database again after a failed swap
// (it is still the one open) and returns cause.
func (s *Store) putBack(kept, path string, cause error) error {
	if err := os.Rename(kept, path); err != nil {
		return fmt.Errorf("%w; and the old file could not be put back: %v (it is %s)", cause, err, kept)
	}
	_ = syncDir(dirOf(path))
	return fmt.Errorf("%w; the old file is in use again", cause)
}
