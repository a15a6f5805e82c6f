package store

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// compactTxSize is how many bytes Compact copies per transaction.
const compactTxSize = 64 << 20

// CompactResult says what Compact did.
type CompactResult struct {
	Before, After int64  // file sizes in bytes
	Kept          string // the previous file, kept next to the new one
	// Pause is how long writes waited (online compaction only).
	Pause time.Duration
	// CatchUpPages is how many changed pages of the live file the online
	// compaction read to catch up with the writes made during its copy.
	CatchUpPages int
	// KeptRemoved: RemoveKept deleted the previous file.
	KeptRemoved bool
	// Stalled: a write waited for bbolt to map the grown live file, which
	// waits for the compaction's snapshot to end, so the snapshot was
	// given up and the file copied with writes paused.
	Stalled bool
}

// Compact rewrites the database at path into a new file with full pages
// and no free space (bbolt's Compact), checks the new file, and puts it in
// place; the previous file is kept as path.before-compact-<time>. The
// server must be stopped: Compact holds the database's lock throughout.
func Compact(path string) (*CompactResult, error) {
	// Compaction reads every page, so the file is checked whole first
	// (Open checks only the pages it reads itself).
	if _, err := check(path, false); err != nil {
		return nil, err
	}
	src, err := openBolt(path, &Options{Timeout: time.Second})
	if err != nil {
		return nil, err
	}
	defer src.Close()
	res, err := compactSwap(path, src.db)
	if err != nil {
		return nil, err
	}
	return res, syncDir(dirOf(path))
}

// compactSwap compacts src, the open database at path, into a new file,
// checks it, keeps the current file as path.before-compact-<time> and
// renames the new one into place. Until the rename the file at path is
// untouched; the caller syncs the directory.
func compactSwap(path string, src *bolt.DB) (*CompactResult, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	res := &CompactResult{Before: st.Size()}
	tmp := path + ".compacting"
	_ = os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, boltOptions(time.Second, false))
	if err != nil {
		return nil, fmt.Errorf("store: unable to create %s: %w", tmp, err)
	}
	err = bolt.Compact(dst, src, compactTxSize)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		_, err = check(tmp, false)
	}
	if err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("store: compact %s: %w", path, err)
	}
	if st, err := os.Stat(tmp); err == nil {
		res.After = st.Size()
	}
	if res.Kept, err = putInPlace(path, tmp); err != nil {
		return nil, err
	}
	return res, nil
}

// putInPlace keeps the file at path as path.before-compact-<time> (a hard
// link) and renames tmp, the compacted file, into place; it returns the
// kept file. On failure tmp is removed and path is what it was. The
// caller syncs the directory.
func putInPlace(path, tmp string) (string, error) {
	kept := path + ".before-compact-" + time.Now().Format("20060102-150405")
	if err := os.Link(path, kept); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("store: unable to keep the old database as %s: %w", kept, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		os.Remove(kept)
		return "", fmt.Errorf("store: unable to put the compacted database in place: %w", err)
	}
	return kept, nil
}

func dirOf(path string) string { return filepath.Dir(path) }

// RemoveKept deletes the previous file a compaction kept (res.Kept) and
// makes that durable. Call it once the new file is checked and open:
// Compact and CompactOnline check the new file whole before they put it
// in place, CompactOnline opens it; after Compact, open it first. After a
// masking run the kept file still holds the masked values (PIPL: what the
// retention period ended must not stay in a copy beside the database);
// the backups are what a damaged new file is restored from.
func RemoveKept(res *CompactResult) error {
	if res.Kept == "" || res.KeptRemoved {
		return nil
	}
	if err := os.Remove(res.Kept); err != nil {
		return fmt.Errorf("store: unable to delete the previous file %s: %w", res.Kept, err)
	}
	res.KeptRemoved = true
	return syncDir(dirOf(res.Kept))
}
