package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

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
// after Check has found src sound and of a schema this build reads (an
// older schema is migrated when the server next opens it). The live file
// is never opened as a database, so a damaged one can be replaced: Restore
// only takes its lock, so that a running server makes Restore fail. The
// backup is copied next to the database and synced before anything is
// replaced, so a failed copy leaves the database as it was; the previous
// file is kept as dbPath.before-restore-<time>, whose name Restore returns
// ("" when there was no database).
func Restore(src, dbPath string) (kept string, err error) {
	if _, err := check(src, true); err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		return "", err
	}
	_, statErr := os.Stat(dbPath)
	existed := statErr == nil
	if existed {
		unlock, err := lockFile(dbPath, true, time.Second)
		if err != nil {
			return "", fmt.Errorf("%w (stop the server before restoring)", err)
		}
		defer unlock()
	}
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
	if err := syncDir(filepath.Dir(dbPath)); err != nil {
		return kept, fmt.Errorf("store: sync %s: %w", filepath.Dir(dbPath), err)
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
