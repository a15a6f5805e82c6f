package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"hotline/config"
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
	if fs.NArg() > 1 || fs.NArg() == 1 && cf.data != "" {
		return errUsage
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	path := cf.dbPath(cfg)
	if fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	rep, err := store.Check(path)
	if err != nil {
		return serverHolds(err, cfg.ReportTexts.CommandLine.ServerHolds.Check)
	}
	d := config.BackupData{Path: rep.Path, Files: strings.Join(rep.Files, "、"), Schema: rep.Schema, Buckets: rep.Buckets,
		Records: rep.Records, Bytes: rep.Bytes}
	if len(rep.Files) > 0 {
		fmt.Fprintln(stdout, config.Render(cfg.ReportTexts.CommandLine.Backup.SoundBackup, d))
		return nil
	}
	fmt.Fprintln(stdout, config.Render(cfg.ReportTexts.CommandLine.Backup.Sound, d))
	return nil
}
