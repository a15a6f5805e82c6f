package store

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

// Online compaction (`hotline compact` while the server runs): writers
// pause while bbolt's compaction copies the live records into a new file
// (readers go on, on the old file), the new file is checked, the old one
// is kept beside it under another name, the new one is renamed into place
// and opened, and later transactions run on it; the old file is closed
// once the reads still running on it end. Until the rename the live file
// is untouched; if the new file cannot be opened, the old one is put back
// and stays in use. Writes wait for the whole copy: a few seconds for a
// file of a few hundred megabytes (TestCompactOnline prints the pause).

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
	s.writes.Lock()
	swapped := false
	defer func() {
		if !swapped {
			s.writes.Unlock()
		}
	}()
	start := time.Now()
	res, err := compactSwap(path, bb.db)
	if err != nil {
		return nil, err
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
	swapped = true
	s.writes.Unlock()
	old.mu.Lock()
	cerr := old.be.Close()
	old.mu.Unlock()
	if cerr != nil {
		return res, fmt.Errorf("store: close the old file %s: %w", res.Kept, cerr)
	}
	return res, nil
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
