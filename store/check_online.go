package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// CheckOnline runs the full check (Check) of the database while it is in
// use: a snapshot is written, as by Backup, into a temporary file in dir
// and the copy is checked, then removed. bbolt writes a snapshot by
// reading the file, not its memory map, so the check leaves nothing of
// the file resident in the server, and writers go on meanwhile. It needs
// as much free space in dir as the database takes. Damage is a
// *DamageError naming the database's own path.
func (s *Store) CheckOnline(ctx context.Context, dir string) (*CheckReport, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, ".hotline-check-*.db")
	if err != nil {
		return nil, fmt.Errorf("store: unable to make the check's copy: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = s.Backup(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to make the check's copy in %s: %w", dir, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep, err := check(tmp, false)
	var de *DamageError
	if errors.As(err, &de) {
		de.Path = s.Path()
		return nil, de
	}
	if err != nil {
		return nil, err
	}
	rep.Path = s.Path()
	return rep, nil
}
