package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// DamageMark is what a full check of the database found damaged, kept in
// a file beside it (DATABASE.damaged), so that a restart still knows: the
// server's daily check writes it and removes it once a later check finds
// the file sound; a restore removes it with the file it replaces.
type DamageMark struct {
	At      time.Time `json:"at"`
	Problem string    `json:"problem"`
}

func damageMarkPath(dbPath string) string { return dbPath + ".damaged" }

// MarkDamaged records m for the database at dbPath (written whole to a
// temporary file, synced, renamed into place).
func MarkDamaged(dbPath string, m DamageMark) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	path := damageMarkPath(dbPath)
	tmp := path + ".writing"
	_ = os.Remove(tmp)
	if _, err := writeSynced(tmp, bytes.NewReader(data)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: unable to record the damage in %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: unable to record the damage in %s: %w", path, err)
	}
	return syncDir(dirOf(path))
}

// ReadDamageMark returns the damage recorded for the database at dbPath;
// ok is false when there is none.
func ReadDamageMark(dbPath string) (m DamageMark, ok bool, err error) {
	data, err := os.ReadFile(damageMarkPath(dbPath))
	if errors.Is(err, os.ErrNotExist) {
		return m, false, nil
	}
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err != nil {
		return m, false, fmt.Errorf("store: unable to read %s: %w", damageMarkPath(dbPath), err)
	}
	return m, true, nil
}

// ClearDamageMark removes the damage recorded for the database at dbPath.
func ClearDamageMark(dbPath string) error {
	err := os.Remove(damageMarkPath(dbPath))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err == nil {
		err = syncDir(dirOf(dbPath))
	}
	if err != nil {
		return fmt.Errorf("store: unable to remove %s: %w", damageMarkPath(dbPath), err)
	}
	return nil
}
