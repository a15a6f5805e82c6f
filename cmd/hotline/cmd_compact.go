package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"hotline/config"
	"hotline/store"
)

// cmdCompact rewrites the database without its free pages; the previous
// file is kept beside it (--remove-old deletes it once the new one is
// checked and open). With the server stopped it works on the file; while
// the server holds it, the server compacts it online (its writes wait only
// for the end: store.CompactOnline).
func cmdCompact(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("compact", stderr)
	var cf commonFlags
	cf.register(fs)
	removeOld := fs.Bool("remove-old", false, "delete the previous file once the new one is checked and open (hotline archive --compact does it unless --keep-old)")
	srvURL := fs.String("server", "", "compact through the running server at `URL` (online)")
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
	tok := *token
	if tok == "" {
		tok = cfg.Desk.Token
	}
	if *srvURL != "" {
		return remoteCompact(ctx, t, strings.TrimSuffix(*srvURL, "/"), tok, *removeOld, stdout)
	}
	res, err := compactFile(t, cf.dbPath(cfg), *removeOld)
	if res != nil {
		printCompacted(stdout, t, cf.dbPath(cfg), res, "")
	}
	if err != nil && res == nil {
		if tok == "" {
			return serverHolds(err, cfg.ReportTexts.CommandLine.ServerHolds.Compact)
		}
		if rerr := remoteCompact(ctx, t, localURL(cfg.Server.Addr), tok, *removeOld, stdout); rerr != nil {
			return &alsoError{first: err, then: &remoteError{url: localURL(cfg.Server.Addr), err: rerr}}
		}
		return nil
	}
	return err
}

// compactFile compacts the database at path (no server on it) and, with
// removeOld, deletes the previous file once the new one opens (Compact
// has checked it whole). A result with an error: compacted, the previous
// file kept.
func compactFile(t config.ArchiveTexts, path string, removeOld bool) (*store.CompactResult, error) {
	res, err := store.Compact(path)
	if err != nil || !removeOld {
		return res, err
	}
	st, err := store.Open(path, &store.Options{Timeout: 500 * time.Millisecond})
	if err == nil {
		err = st.Close()
	}
	if err == nil {
		err = store.RemoveKept(res)
	}
	if err != nil {
		return res, withAdvice(err, config.Render(t.OldKept, config.ArchiveData{Kept: res.Kept}))
	}
	return res, nil
}

// printCompacted says what a compaction did (through: the server's URL).
func printCompacted(stdout io.Writer, t config.ArchiveTexts, what string, res *store.CompactResult, through string) {
	d := config.ArchiveData{Path: what, Before: res.Before, After: res.After, Through: through,
		Pause: res.Pause.Round(time.Millisecond).String(), Kept: res.Kept}
	if through != "" {
		fmt.Fprintln(stdout, config.Render(t.CompactedOnline, d))
	} else {
		fmt.Fprintln(stdout, config.Render(t.Compacted, d))
	}
	if res.KeptRemoved {
		fmt.Fprintln(stdout, config.Render(t.OldDeleted, d))
	} else {
		fmt.Fprintln(stdout, config.Render(t.OldKept, d))
	}
}

// remoteCompact has the server at base compact its database online
// (and, with removeOld, delete the previous file).
func remoteCompact(ctx context.Context, t config.ArchiveTexts, base, token string, removeOld bool, stdout io.Writer) error {
	u := base + "/api/admin/compact"
	if removeOld {
		u += "?remove_old=1"
	}
	body, err := adminRequest(ctx, http.MethodPost, u, token, 1<<20)
	if err != nil {
		return err
	}
	var res struct {
		Before, After int64
		Kept          string
		KeptRemoved   bool  `json:"kept_removed"`
		PauseMS       int64 `json:"pause_ms"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return fmt.Errorf("%s: %w", base, err)
	}
	printCompacted(stdout, t, "", &store.CompactResult{Before: res.Before, After: res.After, Kept: res.Kept, KeptRemoved: res.KeptRemoved,
		Pause: time.Duration(res.PauseMS) * time.Millisecond}, base)
	if removeOld && !res.KeptRemoved {
		return errors.New(config.Render(t.OldNotDeleted, config.ArchiveData{Kept: res.Kept, Through: base}))
	}
	return nil
}
