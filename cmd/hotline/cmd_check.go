package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"hotline/store"
)

// cmdCheck runs the full consistency check of the database (or of a
// backup file): exit 0 and a summary when it is sound, exit 1 and one line
// naming the file and the first problem when not.
func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", stderr)
	var cf commonFlags
	cf.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	var path string
	switch fs.NArg() {
	case 0:
		cfg, err := cf.load()
		if err != nil {
			return err
		}
		path = cf.dbPath(cfg)
	case 1:
		if cf.data != "" {
			return errUsage
		}
		path = fs.Arg(0)
	default:
		return errUsage
	}
	rep, err := store.Check(path)
	if err != nil {
		return err
	}
	if len(rep.Files) > 0 {
		fmt.Fprintf(stdout, "%s is a sound backup of %s: schema %d, %d buckets, %d records, %d bytes\n",
			rep.Path, strings.Join(rep.Files, ", "), rep.Schema, rep.Buckets, rep.Records, rep.Bytes)
		return nil
	}
	fmt.Fprintf(stdout, "%s is sound: schema %d, %d buckets, %d records, %d bytes\n", rep.Path, rep.Schema, rep.Buckets, rep.Records, rep.Bytes)
	return nil
}
