package main

import (
	"context"
	"fmt"
	"io"

	"hotline/store"
)

// cmdCompact rewrites the database without its free pages (server
// stopped); the previous file is kept beside it.
func cmdCompact(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("compact", stderr)
	var cf commonFlags
	cf.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError{"usage: hotline compact [--data DIR]"}
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	res, err := store.Compact(cf.dbPath(cfg))
	if err != nil {
		return fmt.Errorf("%w (stop the server first)", err)
	}
	fmt.Fprintf(stdout, "compacted %s: %d → %d bytes\nthe previous file is kept as %s (delete it once the server runs well)\n",
		cf.dbPath(cfg), res.Before, res.After, res.Kept)
	return nil
}
