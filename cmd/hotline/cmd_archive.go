package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"hotline/calls"
	"hotline/config"
	"hotline/report"
	"hotline/store"
)

// cmdArchive runs the retention job (retention.*) now: finished orders
// past retention.archive_after_days move to the yearly archive, personal
// data past retention.mask_personal_after_days is masked. With the server
// stopped it works on the database itself; while the server holds it, it
// asks the server (like backup and report).
func cmdArchive(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("archive", stderr)
	var cf commonFlags
	cf.register(fs)
	dry := fs.Bool("dry-run", false, "count what would move and be masked, change nothing")
	compact := fs.Bool("compact", false, "compact the database afterwards (hotline compact), so the masked and moved records' old bytes leave its free pages; the previous file, which still holds them, is deleted once the new one is checked and open")
	keepOld := fs.Bool("keep-old", false, "with --compact, keep the previous file (it still holds the masked values)")
	srvURL := fs.String("server", "", "run it in the running server at `URL`")
	token := fs.String("token", "", "desk `TOKEN` for --server (default desk.token / HOTLINE_DESK_TOKEN)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errUsage
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	t := cfg.ReportTexts.CommandLine.Archive
	r := cfg.Retention
	if r.ArchiveAfterDays == 0 && r.MaskPersonalAfterDays == 0 {
		return errors.New(config.Render(t.NothingToDo, config.ArchiveData{}))
	}
	tok := *token
	if tok == "" {
		tok = cfg.Desk.Token
	}
	var res *store.ArchiveResult
	where := ""
	if *srvURL != "" {
		where = strings.TrimSuffix(*srvURL, "/")
		if res, err = remoteArchive(ctx, where, tok, *dry); err != nil {
			return &remoteError{url: where, err: err}
		}
	} else {
		path := cf.dbPath(cfg)
		if _, err := os.Stat(path); err != nil {
			return errors.New(config.Render(t.NoDatabase, config.ArchiveData{Path: path}))
		}
		st, err := store.Open(path, &store.Options{Rollup: report.Rollup(cfg.Location()), Timeout: 500 * time.Millisecond})
		if err != nil {
			if tok == "" {
				return serverHolds(err, config.Render(t.ServerRunning, config.ArchiveData{}))
			}
			where = localURL(cfg.Server.Addr)
			var rerr error
			if res, rerr = remoteArchive(ctx, where, tok, *dry); rerr != nil {
				return &alsoError{first: err, then: &remoteError{url: where, err: rerr}}
			}
		} else {
			now := time.Now()
			res, err = st.RunArchive(ctx, store.ArchiveOptions{Before: r.ArchiveBefore(now), MaskBefore: r.MaskBefore(now), DryRun: *dry,
				Others: []store.Masker{calls.Masker(st)}})
			if cerr := st.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return errors.New(config.Render(t.Failed, config.ArchiveData{Path: path, Error: failureText(cfg.ReportTexts.CommandLine, err)}))
			}
		}
	}
	d := config.ArchiveData{Orders: res.Orders, Conversations: res.Conversations, Messages: res.Messages,
		Years: strings.Join(res.Years, "、"), Masked: res.Masked, MaskedLive: res.MaskedLive, RemovedUploads: res.RemovedUploads,
		Settled: res.Settled, Through: where}
	if res.DryRun {
		fmt.Fprintln(stdout, config.Render(t.DryRun, d))
	} else {
		fmt.Fprintln(stdout, config.Render(t.Done, d))
	}
	if res.DryRun || res.Masked+res.MaskedLive+res.Orders == 0 {
		return nil
	}
	// bbolt keeps a changed record's old bytes in free pages: only a
	// compaction takes the masked values out of the live file's bytes.
	if !*compact {
		fmt.Fprintln(stdout, config.Render(t.FreePages, d))
		return nil
	}
	if where != "" {
		return remoteCompact(ctx, t, where, tok, !*keepOld, stdout)
	}
	cres, err := compactFile(t, cf.dbPath(cfg), !*keepOld)
	if cres != nil {
		printCompacted(stdout, t, cf.dbPath(cfg), cres, "")
	}
	return err
}

// remoteArchive runs the archive in the server at base.
func remoteArchive(ctx context.Context, base, token string, dry bool) (*store.ArchiveResult, error) {
	u := base + "/api/admin/archive"
	if dry {
		u += "?dry_run=1"
	}
	body, err := adminRequest(ctx, http.MethodPost, u, token, 1<<20)
	if err != nil {
		return nil, err
	}
	var res store.ArchiveResult
	if err := json.Unmarshal(body, &res); err != nil {
		return nil, fmt.Errorf("%s: %w", base, err)
	}
	return &res, nil
}
