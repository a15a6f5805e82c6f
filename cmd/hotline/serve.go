package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"hotline/config"
	"hotline/logx"
	"hotline/server"
	"hotline/store"
)

// commonFlags are the flags every command that opens the database takes.
type commonFlags struct {
	config string
	data   string
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "config `FILE` (default: the embedded default city)")
	fs.StringVar(&c.data, "data", "", "data `DIR` holding hotline.db (default ./data, or server.data_dir)")
}

// load reads the config (file or embedded default, then HOTLINE_* env),
// checks it with the channels' checks, and applies the --data flag.
func (c *commonFlags) load() (*config.Config, error) {
	cfg, err := config.Load(c.config, server.ConfigChecks(server.Channels)...)
	if err != nil {
		name := c.config
		if name == "" {
			name = defaultConfigName()
		}
		return nil, &configError{name: name, err: err}
	}
	if c.data != "" {
		cfg.Server.DataDir = c.data
	}
	if cfg.Server.DataDir == "" {
		cfg.Server.DataDir = "./data"
	}
	return cfg, nil
}

func (c *commonFlags) dbPath(cfg *config.Config) string {
	return filepath.Join(cfg.Server.DataDir, server.DBFile)
}

// parse turns flag errors into flagError (exit 2) or helpRequest.
// parse parses flags anywhere among the arguments ("backup FILE --token
// T" as well as "backup --token T FILE"); after "--" everything is an
// argument. fs.Args() are then the arguments without the flags.
func parse(fs *flag.FlagSet, args []string) error {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return flagErr(fs, args, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if i := len(args) - len(rest) - 1; i >= 0 && args[i] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	// Leave the arguments alone in fs.Args().
	return fs.Parse(append([]string{"--"}, pos...))
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var cf commonFlags
	cf.register(fs)
	addr := fs.String("addr", "", "listen on `HOST:PORT` (default :8080, or server.addr)")
	logFormat := fs.String("log-format", "", "log format: text or json (default server.log_format)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errUsage
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	if *addr != "" {
		cfg.Server.Addr = *addr
	}
	if cfg.Server.Addr == "" {
		cfg.Server.Addr = ":8080"
	}
	if *logFormat != "" {
		if *logFormat != "text" && *logFormat != "json" {
			return usageError{config.Render(cfg.ReportTexts.CommandLine.Mistakes.Format, config.MistakeData{Flag: "--log-format", Value: *logFormat, Choices: "text、json"})}
		}
		cfg.Server.LogFormat = *logFormat
	}
	log, err := logx.New(stderr, cfg.Server.LogFormat, cfg.Server.LogLevel, server.Secrets(cfg, server.Channels)...)
	if err != nil {
		return usageError{err.Error()}
	}
	// Listen first: a taken port should not leave a new database behind.
	ln, err := net.Listen("tcp", cfg.Server.Addr)
	if err != nil {
		return &listenError{addr: cfg.Server.Addr, err: err} // run words it (os_errors.addr_in_use, failures.listen)
	}
	srv, err := server.New(cfg, server.Options{Logger: log})
	if err != nil {
		ln.Close()
		return err
	}
	defer srv.Close()
	printBanner(stdout, cfg, ln.Addr(), srv.DeskToken, srv.Store.Path())
	if w := srv.Store.Warning(); w != "" {
		log.Warn("the database opened with a problem; run hotline check on a backup of it", "path", srv.Store.Path(), "problem", w)
	}
	for _, ch := range srv.Channels {
		log.Info("channel enabled", "channel", ch.Name())
	}
	for _, name := range config.UnknownEnv(os.Environ()) {
		log.Warn("environment variable names no setting (a typo?); see hotline config print for the settings", "variable", name)
	}
	err = srv.Run(ctx, ln)
	log.Info("stopped")
	return err
}

func chatPath(cfg *config.Config) string {
	if cfg.Channels.Webchat.Path != "" {
		return cfg.Channels.Webchat.Path
	}
	return "/chat"
}

func baseURL(cfg *config.Config, addr net.Addr) string {
	if cfg.Server.BaseURL != "" {
		return cfg.Server.BaseURL
	}
	host, port, _ := net.SplitHostPort(addr.String())
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("backup", stderr)
	var cf commonFlags
	cf.register(fs)
	srvURL := fs.String("server", "", "take the snapshot through the running server at `URL` (online backup)")
	token := fs.String("token", "", "desk `TOKEN` for --server (default desk.token / HOTLINE_DESK_TOKEN)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errUsage
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	out := fs.Arg(0)
	if err := outputFile(out); err != nil {
		return err
	}
	bt := cfg.ReportTexts.CommandLine.Backup
	if *srvURL != "" {
		tok := *token
		if tok == "" {
			tok = cfg.Desk.Token
		}
		url := strings.TrimSuffix(*srvURL, "/") + "/api/admin/backup"
		n, err := onlineBackup(ctx, url, tok, out)
		if err != nil {
			return &remoteError{url: url, err: err}
		}
		fmt.Fprintln(stdout, config.Render(bt.OnlineWritten, config.BackupData{Path: out, Bytes: n}))
		return nil
	}
	st, err := store.Open(cf.dbPath(cfg), &store.Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
	if err != nil {
		// The server holds the database, or it runs elsewhere with its own
		// data: with a desk token, take the snapshot through it at the
		// configured address (server.addr on this machine, then
		// server.base_url).
		tok := *token
		if tok == "" {
			tok = cfg.Desk.Token
		}
		if tok == "" {
			return serverHolds(err, config.Render(bt.ServerRunning, config.BackupData{}))
		}
		urls := []string{localURL(cfg.Server.Addr) + "/api/admin/backup"}
		if cfg.Server.BaseURL != "" {
			urls = append(urls, strings.TrimSuffix(cfg.Server.BaseURL, "/")+"/api/admin/backup")
		}
		for _, url := range urls {
			n, berr := onlineBackup(ctx, url, tok, out)
			if berr == nil {
				fmt.Fprintln(stdout, config.Render(bt.OnlineWritten, config.BackupData{Path: out, Bytes: n, Through: url}))
				return nil
			}
			err = &alsoError{first: err, then: &remoteError{url: url, err: berr}}
		}
		return err
	}
	defer st.Close()
	n, err := st.BackupFile(out)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, config.Render(bt.Written, config.BackupData{Path: out, Bytes: n}))
	return nil
}

// printBanner tells who starts serve where everything is: the web chat,
// the staff's console, the agents' API, health, metrics and the database.
func printBanner(w io.Writer, cfg *config.Config, addr net.Addr, deskToken, dbPath string) {
	base := baseURL(cfg, addr)
	d := config.BannerData{Version: version, Addr: addr.String(), Chat: base + chatPath(cfg) + "/", Console: base + "/desk/",
		API: base + "/api/queue", Health: base + "/healthz", Metrics: base + "/metrics", Database: dbPath}
	if cfg.Desk.Token == "" {
		d.Token = deskToken
	}
	fmt.Fprintln(w, config.Render(cfg.ReportTexts.CommandLine.ServeBanner, d))
}

// localURL is the URL of a server listening on addr on this machine.
func localURL(addr string) string {
	if addr == "" {
		addr = ":8080"
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// onlineBackup downloads a backup from a running server into path,
// atomically, and checks every file of it (store.Check).
func onlineBackup(ctx context.Context, url, token, path string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return 0, &statusError{status: resp.Status, body: msg}
	}
	tmp := path + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp)
	n, err := io.Copy(f, resp.Body)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	if _, err := store.Check(tmp); err != nil {
		return 0, err // a *store.DamageError: the backup is not sound
	}
	return n, os.Rename(tmp, path)
}

func cmdRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("restore", stderr)
	var cf commonFlags
	cf.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errUsage
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	res, err := store.RestoreBackup(fs.Arg(0), cf.dbPath(cfg))
	if err != nil {
		return serverHolds(err, cfg.ReportTexts.CommandLine.ServerHolds.Restore)
	}
	bt := cfg.ReportTexts.CommandLine.Backup
	fmt.Fprintln(stdout, config.Render(bt.Restored, config.BackupData{Path: cf.dbPath(cfg), From: fs.Arg(0)}))
	for _, p := range res.Archive {
		fmt.Fprintln(stdout, config.Render(bt.RestoredArchive, config.BackupData{Path: p, From: fs.Arg(0)}))
	}
	if res.Kept != "" {
		fmt.Fprintln(stdout, config.Render(bt.Kept, config.BackupData{Kept: res.Kept}))
	}
	for _, p := range res.KeptArchive {
		fmt.Fprintln(stdout, config.Render(bt.KeptArchive, config.BackupData{Kept: p}))
	}
	if res.Bare {
		fmt.Fprintln(stdout, config.Render(bt.Bare, config.BackupData{From: fs.Arg(0),
			Path: filepath.Join(filepath.Dir(cf.dbPath(cfg)), store.ArchiveDir)}))
	}
	return nil
}

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func cmdVersion(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errUsage
	}
	fmt.Fprintf(stdout, "hotline %s (store schema %d)\n", version, store.SchemaVersion)
	return nil
}
