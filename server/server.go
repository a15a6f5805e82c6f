// Package server assembles a running hotline from its configuration: the
// store, the classifier and knowledge base, the engine and its outbox
// worker, the channels, the agents' API, metrics and health checks. The
// `hotline serve` and `hotline bench` commands both run it.
package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"hotline/bot"
	"hotline/calls"
	"hotline/channels"
	"hotline/config"
	"hotline/desk"
	"hotline/events"
	"hotline/httpx"
	"hotline/nlp"
	"hotline/nlp/defaultmodel"
	"hotline/nlp/textclf"
	"hotline/notify"
	"hotline/outbound"
	"hotline/outbox"
	"hotline/report"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// Options are what the command line adds to the config.
type Options struct {
	Logger *slog.Logger
	// StoreOptions tune the database (tests shorten the batch delay).
	StoreOptions *store.Options
	// Now is the clock (tests set dates before holidays); nil = time.Now.
	Now func() time.Time
	// FreeSpace returns the bytes free under a directory (tests fake a
	// full disk); nil = statfs.
	FreeSpace func(dir string) (uint64, error)
	// Channels replaces the list of channels (Channels) the gateway
	// builds from (tests add one of their own).
	Channels []channels.Descriptor
}

// Server is an assembled hotline.
type Server struct {
	Config   *config.Config
	Store    *store.Store
	Engine   *bot.Engine
	Outbox   *outbox.Outbox
	Hub      *events.Hub
	Handler  http.Handler
	Channels []channels.Channel
	// Workflow is the department workflow and its scheduler.
	Workflow *workflow.Service
	// Calls is the telephone side: the switch's events, screen pops,
	// call registration and the callback list.
	Calls *calls.Service
	// Notify tells departments' liaison officers and groups (SMS, WeCom,
	// webhook) what their console inbox shows.
	Notify *notify.Service
	// DeskToken is the agents' API token (generated when the config has none).
	DeskToken string

	log         *slog.Logger
	now         func() time.Time
	channelList []channels.Descriptor
	registry    *prometheus.Registry
	streams     *streams
	// health (health.go)
	freeSpace func(dir string) (uint64, error)
	logLimit  *everyMinute
	probeMu   sync.Mutex
	lastProbe time.Time
	httpDur   *prometheus.HistogramVec
	archive   archiveRun // the retention job (archive.go)
	check     checkRun   // the daily consistency check (check.go)
}

// StartPart is the part of the gateway a StartError names.
type StartPart int

const (
	PartModel StartPart = iota + 1 // the category model (nlp.model, or the embedded one)
	PartKB                         // the knowledge base (nlp.kb.file, or DATA/kb.jsonl)
)

// StartError says which part of the gateway New could not build, and
// from which file: the command line words it by Part in the staff's
// language (report_texts.command_line.usage.failures). Its Error is the
// cause's, for logs.
type StartError struct {
	Part StartPart
	Path string // the file read ("" for the embedded model)
	Err  error
}

func (e *StartError) Error() string { return e.Err.Error() }
func (e *StartError) Unwrap() error { return e.Err }

// DBFile is the database file name inside the data directory.
const DBFile = "hotline.db"

// New opens the store and builds everything; Close releases it.
func New(cfg *config.Config, opts Options) (*Server, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{Config: cfg, log: log, Hub: events.NewHub(), registry: prometheus.NewRegistry(), now: opts.Now,
		channelList: opts.Channels}
	if s.channelList == nil {
		s.channelList = Channels
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.freeSpace, s.logLimit = opts.FreeSpace, newEveryMinute()
	if s.freeSpace == nil {
		s.freeSpace = freeSpace
	}
	so := store.Options{}
	if opts.StoreOptions != nil {
		so = *opts.StoreOptions
	}
	if so.OnWriteError == nil {
		so.OnWriteError = s.onWriteError
	}
	if so.Rollup == nil && !so.ReadOnly {
		so.Rollup = report.Rollup(cfg.Location()) // the report counters, kept with every order
	}
	st, err := store.Open(filepath.Join(cfg.Server.DataDir, DBFile), &so)
	if err != nil {
		return nil, err
	}
	s.Store = st
	s.loadCheckMark()
	if err := s.build(); err != nil {
		st.Close()
		return nil, err
	}
	return s, nil
}

func (s *Server) build() error {
	cfg := s.Config
	cal, err := ticket.NewCalendar(cfg.Calendar, cfg.Location())
	if err != nil {
		return err
	}
	cal = cal.WithWorkdayEnd(cfg.TimeLimits.WorkdayEndHour)
	clf, err := Classifier(cfg, s.log)
	if err != nil {
		return &StartError{Part: PartModel, Path: cfg.NLP.Model, Err: err}
	}
	kb, err := KnowledgeBase(cfg)
	if err != nil {
		return &StartError{Part: PartKB, Path: kbFile(cfg), Err: err}
	}
	s.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	met := bot.NewMetrics(s.registry)
	s.registry.MustRegister(&storeCollector{st: s.Store}, healthCollector{s})
	s.httpDur = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "hotline_http_request_seconds", Help: "HTTP request latency by route.",
		Buckets: prometheus.DefBuckets}, []string{"route", "code"})
	s.registry.MustRegister(s.httpDur)

	var ob *outbox.Outbox
	wake := func() {
		if ob != nil {
			ob.Wake()
		}
	}
	s.Engine, err = bot.New(bot.Options{
		Config: cfg, Store: s.Store, Classifier: clf, KB: kb, Calendar: cal, Logger: s.log,
		Hub: s.Hub, Metrics: met, Wake: wake, Now: s.now, Welcome: Welcomes(cfg, s.channelList),
	})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	senders := map[string]outbound.Sender{}
	if err := s.wireChannels(s.channelList); err != nil {
		return err
	}
	for _, ch := range s.Channels {
		ch.Routes(mux)
		senders[ch.Name()] = ch
	}
	_, haveSMS := senders["sms"]
	senders[calls.Channel] = phoneSender{sms: haveSMS}
	if err := s.wireNotify(senders, wake); err != nil {
		return err
	}
	if err := s.wireCalls(mux, clf, kb, cal); err != nil {
		return err
	}
	ob = outbox.New(s.Store, senders, cfg.Outbox, s.log, s.Hub, met.MessagesOut)
	ob.SetTexts(cfg.DeliveryTexts, ChannelLabels(cfg, s.channelList))
	s.Outbox = ob

	s.DeskToken = cfg.Desk.Token
	if s.DeskToken == "" {
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return err
		}
		s.DeskToken = hex.EncodeToString(b[:])
	}
	api, err := desk.New(s.Engine, s.DeskToken, desk.APIOptions{Store: s.Store, RevealToken: cfg.Desk.RevealToken})
	if err != nil {
		return err
	}
	api.Routes(mux)
	if s.Workflow, err = s.wireDesk(mux); err != nil {
		return err
	}
	// Orders are dispatched at registration by the workflow's own rule (直派).
	s.Engine.SetDispatcher(s.Workflow)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /api/admin/backup", s.backup)
	mux.HandleFunc("GET /api/admin/report", s.report)
	mux.HandleFunc("POST /api/admin/archive", s.archiveNow)
	mux.HandleFunc("POST /api/admin/compact", s.compactNow)
	mux.HandleFunc("GET /public/duty", s.duty)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	chatPath := cfg.Channels.Webchat.Path
	if chatPath == "" {
		chatPath = "/chat"
	}
	mux.Handle("GET /{$}", http.RedirectHandler(chatPath+"/", http.StatusFound))
	s.streams = newStreams("GET " + chatPath + "/api/messages") // the web chat's long poll
	s.Handler = s.instrument(mux)
	return nil
}

// backup streams a backup of the database and its archive files (online
// backup, store.BackupAll: a tar file); the desk token protects it.
func (s *Server) backup(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(tok), []byte(s.DeskToken)) != 1 {
		httpx.WriteError(w, r, httpx.ErrBadToken)
		return
	}
	w.Header().Set("Content-Type", "application/x-tar")
	w.Header().Set("Content-Disposition", `attachment; filename="hotline-backup.tar"`)
	if _, err := s.Store.BackupAll(w); err != nil {
		s.log.Error("online backup failed", "err", err)
	}
}

// secret returns the random 32-byte key stored under name, creating it on
// first use (the web chat signs its conversation tokens with one).
func (s *Server) secret(name string) ([]byte, error) {
	key, err := s.Store.GetKV(name)
	if err != nil || len(key) == 32 {
		return key, err
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return key, s.Store.PutKV(name, key)
}

// Classifier builds the configured classifier: the embedded model (the
// config's model file, or the built-in default), wrapped by the LLM when
// one is configured.
func Classifier(cfg *config.Config, log *slog.Logger) (nlp.Classifier, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var model *textclf.Model
	var err error
	if cfg.NLP.Model != "" {
		model, err = textclf.LoadModel(cfg.NLP.Model)
	} else {
		model, err = defaultCategory()
	}
	if err != nil {
		return nil, err
	}
	emb, err := nlp.NewEmbedded(cfg, model)
	if err != nil && cfg.NLP.Model == "" {
		// A city with its own taxonomy and no model of its own yet: the
		// categories' keywords classify until `hotline train` makes one.
		log.Warn("the embedded model was trained for the default categories; classifying by keywords until nlp.model names a model trained with `hotline train`", "reason", err)
		emb, err = nlp.NewKeyword(cfg), nil
	}
	if err != nil {
		return nil, err
	}
	if cfg.NLP.LLM.BaseURL == "" {
		return emb, nil
	}
	return nlp.NewLLM(cfg, emb, log)
}

// defaultCategory is the embedded category model, decoded once per
// process (a model is safe for concurrent use and never changes): a
// process that builds several servers, as the tests do, decodes it once.
var defaultCategory = sync.OnceValues(defaultmodel.Category)

// KBFile is the knowledge base `hotline kb import` writes into the data
// directory; the server loads it when nlp.kb.file names no other.
const KBFile = "kb.jsonl"

// KnowledgeBase loads the knowledge base: the file named in the config,
// else the data directory's kb.jsonl when there is one, else the starter
// set.
func KnowledgeBase(cfg *config.Config) (*nlp.KB, error) {
	return nlp.LoadKB(kbFile(cfg))
}

// kbFile is the knowledge base file KnowledgeBase loads ("" for the
// built-in starter set).
func kbFile(cfg *config.Config) string {
	if cfg.NLP.KB.File != "" {
		return cfg.NLP.KB.File
	}
	if p := filepath.Join(cfg.Server.DataDir, KBFile); fileExists(p) {
		return p
	}
	return ""
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// statusRecorder remembers the status code for metrics.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) { r.code = code; r.ResponseWriter.WriteHeader(code) }
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (s *Server) instrument(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		// Every handler's errors speak the city's words (http_errors).
		r = r.WithContext(httpx.NewContext(r.Context(), &s.Config.HTTPErrors))
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		_, pattern := mux.Handler(r)
		if r.Method == http.MethodGet {
			s.streams.serveTracked(mux, rec, r, pattern)
		} else {
			mux.ServeHTTP(rec, r)
		}
		if pattern == "" {
			pattern = "unmatched"
		}
		if rec.code >= 500 && rec.code != http.StatusServiceUnavailable { // 503s are logged where they arise
			s.logServerError(pattern, rec.code)
		}
		s.httpDur.WithLabelValues(pattern, fmt.Sprint(rec.code)).Observe(time.Since(start).Seconds())
	})
}

// Run serves on ln and runs the background workers until ctx ends, then
// shuts down in order: stop taking requests, let the outbox finish the
// deliveries in flight, stop the sweeper. The caller closes the store.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s.Handler, ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout: ReadTimeout, IdleTimeout: IdleTimeout}
	srv.BaseContext = func(net.Listener) context.Context { return context.WithoutCancel(ctx) }
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Add(4)
	go func() { defer wg.Done(); _ = s.Notify.Run(workCtx) }()
	go func() { defer wg.Done(); _ = s.Outbox.Run(workCtx) }()
	go func() { defer wg.Done(); s.sweep(workCtx) }()
	go func() { defer wg.Done(); _ = s.Workflow.Run(workCtx) }()
	wg.Add(1)
	go func() {
		defer wg.Done()
		// Scheduled reports (report.weekly, .monthly, .quarterly).
		rs := &report.Scheduler{St: s.Store, Cfg: s.Config, Now: s.now, Log: s.log, After: s.reportOut}
		rs.Run(workCtx, time.Minute)
	}()
	wg.Add(1)
	go func() { defer wg.Done(); s.runArchiveSchedule(workCtx) }()
	wg.Add(1)
	go func() { defer wg.Done(); s.runCheckSchedule(workCtx) }()
	// Channels with background work (Telegram long polling and its agents'
	// group) run until the workers stop.
	for _, ch := range s.Channels {
		if r, ok := ch.(interface{ Run(context.Context) error }); ok {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := r.Run(workCtx); err != nil {
					s.log.Error("channel stopped", "channel", ch.Name(), "err", err)
				}
			}()
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	// Streams and long polls end at once (streams with a last event);
	// requests in flight finish within the grace period.
	n := s.streams.close()
	if serr := srv.Shutdown(shutCtx); serr != nil {
		s.log.Warn("requests still running when the shutdown grace period ended; their connections are cut", "grace", ShutdownGrace, "err", serr)
	}
	s.log.Info("http server stopped", "streams_ended", n)
	stopWork()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// sweep expires idle drafts and purges old dedupe keys.
func (s *Server) sweep(ctx context.Context) {
	tick := time.NewTicker(15 * time.Second)
	defer tick.Stop()
	purge := time.Now()
	purgeFrom := ""
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if n, err := s.Engine.ExpireDrafts(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("expire drafts", "err", err)
		} else if n > 0 {
			s.log.Info("expired idle drafts", "count", n)
		}
		if time.Since(purge) > time.Minute {
			purge = time.Now()
			err := s.Store.UpdateContext(ctx, func(tx *store.Tx) error {
				var err error
				_, purgeFrom, err = tx.PurgeDedupe(s.now(), purgeFrom, 5000)
				return err
			})
			if err != nil && ctx.Err() == nil {
				s.log.Error("purge dedupe keys", "err", err)
			}
		}
	}
}

// Close closes the store.
func (s *Server) Close() error { return s.Store.Close() }

// storeCollector exports gauges read from the store at scrape time.
type storeCollector struct{ st *store.Store }

var (
	descOrders = prometheus.NewDesc("hotline_orders", "Work orders by state.", []string{"state"}, nil)
	descDepth  = prometheus.NewDesc("hotline_outbox_depth", "Outbox entries waiting for delivery.", nil, nil)
	descOldest = prometheus.NewDesc("hotline_outbox_oldest_age_seconds", "Age of the oldest undelivered outbox entry.", nil, nil)
	descQueue  = prometheus.NewDesc("hotline_agent_queue_length", "Conversations waiting for an agent.", nil, nil)
)

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descOrders
	ch <- descDepth
	ch <- descOldest
	ch <- descQueue
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	_ = c.st.View(func(tx *store.Tx) error {
		counts := tx.CountByStatus()
		for _, st := range ticket.AllStatuses() {
			ch <- prometheus.MustNewConstMetric(descOrders, prometheus.GaugeValue, float64(counts[st]), string(st))
		}
		n, oldest := tx.OutboxStats()
		ch <- prometheus.MustNewConstMetric(descDepth, prometheus.GaugeValue, float64(n))
		age := 0.0
		if !oldest.IsZero() {
			age = time.Since(oldest).Seconds()
		}
		ch <- prometheus.MustNewConstMetric(descOldest, prometheus.GaugeValue, age)
		q, _ := tx.Queue(0)
		ch <- prometheus.MustNewConstMetric(descQueue, prometheus.GaugeValue, float64(len(q)))
		return nil
	})
}
