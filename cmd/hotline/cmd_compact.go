package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"hotline/store"
)

// cmdCompact rewrites the database without its free pages; the previous
// file is kept beside it. With the server stopped it works on the file;
// while the server holds it, the server compacts it online (its writes
// wait during the copy).
func cmdCompact(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("compact", stderr)
	var cf commonFlags
	cf.register(fs)
	srvURL := fs.String("server", "", "compact through the running server at `URL` (online)")
	token := fs.String("token", "", "desk `TOKEN` for --server (default desk.token / HOTLINE_DESK_TOKEN)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError{"usage: hotline compact [--data DIR] [--server URL --token T]"}
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	tok := *token
	if tok == "" {
		tok = cfg.Desk.Token
	}
	if *srvURL != "" {
		return remoteCompact(ctx, strings.TrimSuffix(*srvURL, "/"), tok, stdout)
	}
	res, err := store.Compact(cf.dbPath(cfg))
	if err != nil {
		if tok == "" {
			return fmt.Errorf("%w (stop the server first, or set HOTLINE_DESK_TOKEN / pass --server URL --token T to compact through it)", err)
		}
		if rerr := remoteCompact(ctx, localURL(cfg.Server.Addr), tok, stdout); rerr != nil {
			return fmt.Errorf("%w; compact through %s: %v", err, localURL(cfg.Server.Addr), rerr)
		}
		return nil
	}
	fmt.Fprintf(stdout, "compacted %s: %d → %d bytes\nthe previous file is kept as %s (delete it once the server runs well)\n",
		cf.dbPath(cfg), res.Before, res.After, res.Kept)
	return nil
}

// remoteCompact has the server at base compact its database online.
func remoteCompact(ctx context.Context, base, token string, stdout io.Writer) error {
	body, err := adminRequest(ctx, http.MethodPost, base+"/api/admin/compact", token, 1<<20)
	if err != nil {
		return err
	}
	var res struct {
		Before, After int64
		Kept          string
		PauseMS       int64 `json:"pause_ms"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return fmt.Errorf("compact through %s: %w", base, err)
	}
	fmt.Fprintf(stdout, "compacted online through %s: %d → %d bytes, writes paused %v\nthe previous file is kept as %s (delete it once the server runs well)\n",
		base, res.Before, res.After, time.Duration(res.PauseMS)*time.Millisecond, res.Kept)
	return nil
}
