package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"hotline/config"
	"hotline/desk"
	"hotline/server"
	"hotline/store"
)

// benchProblems are the citizens' first messages, one per dialog, with a
// place so the bot asks only for the phone.
var benchProblems = []string{
	"任城区古槐路有烧烤摊占道经营，油烟很大",
	"兖州区建设路的路灯坏了好几天了，晚上很黑",
	"曲阜市静轩路小区楼下垃圾好几天没人清运，臭味很大",
	"邹城市千泉街道的工地晚上十二点还在施工，吵得睡不着",
	"嘉祥县嘉祥街道建设路停水两天了，什么时候来水",
	"济宁高新区黄屯街道有人在小区里乱搭乱建",
}

type benchStats struct {
	mu    sync.Mutex
	lat   []time.Duration
	first error // the first request that failed
	errs  atomic.Int64
	msgs  atomic.Int64
	ords  atomic.Int64
}

// fail counts a failed request and keeps the first failure.
func (s *benchStats) fail(err error) {
	s.errs.Add(1)
	s.mu.Lock()
	if s.first == nil {
		s.first = err
	}
	s.mu.Unlock()
}

func (s *benchStats) add(d time.Duration) {
	s.mu.Lock()
	s.lat = append(s.lat, d)
	s.mu.Unlock()
	s.msgs.Add(1)
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p)
	return sorted[i]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// ratioVerdict says what a bench ratio means: 0.5 or more is good (the
// disk is the limit), 0.2 to 0.5 fair, below 0.2 the gateway's own work
// (classifier, HTTP, JSON) and not the disk is the bottleneck.
func ratioVerdict(t config.ToolTexts, r float64) string {
	d := config.ToolData{Ratio: fmt.Sprintf("%.2f", r)}
	switch {
	case r >= 0.5:
		return config.Render(t.BenchGood, d)
	case r >= 0.2:
		return config.Render(t.BenchFair, d)
	}
	return config.Render(t.BenchLow, d)
}

// ms1 formats d as milliseconds with one decimal, as bench's lines give
// every time.
func ms1(d time.Duration) string { return fmt.Sprintf("%.1f", ms(d)) }

// perSecond formats a rate as a whole number.
func perSecond(r float64) string { return fmt.Sprintf("%.0f", r) }

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", stderr)
	duration := fs.Duration("duration", 10*time.Second, "how long each phase drives load")
	clients := fs.Int("clients", 32, "concurrent simulated citizens at peak load")
	half := fs.Bool("half-load", true, "after the peak phase, drive half the peak rate and report its latency")
	agents := fs.Int("agents", 50, "console event streams (agents) open during the half-load phase; 0 = none")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the peak phase to `FILE`")
	delay := fs.Duration("batch-delay", store.DefaultMaxBatchDelay, "how long a write waits for others to share its commit (bbolt MaxBatchDelay), for the gateway and the ceiling alike")
	keep := fs.String("data", "", "data `DIR` for the bench database (default: a fresh temporary directory, removed after)")
	soakFor := fs.Duration("soak", 0, "after the peak phase, drive half the peak rate for `DURATION` and print a line a minute (RSS, heap, goroutines, database size, bytes per order, p99); the other phases are skipped")
	soakEvery := fs.Duration("soak-every", time.Minute, "how often --soak prints a line")
	startupMB := fs.Int("startup", 0, "instead of the load test, start `serve` three times on a database of about `MB` megabytes (built first, in --data if given, and kept there) and print the time to /healthz 200 and the resident memory")
	startupExe := fs.String("startup-exe", "", "the hotline `BINARY` --startup starts (default: this one; give an older build to compare)")
	cfgFile := fs.String("config", "", "config `FILE` whose report_texts.command_line.tools and mistakes word the output (default: the embedded default); the gateway runs on the default city all the same")
	if err := parse(fs, args); err != nil {
		return err
	}
	// The words come from --config (and HOTLINE_* variables). The gateway
	// runs on the default city whatever the file: its figures compare
	// from build to build and city to city, and a city's notifications
	// and channels are never driven by simulated citizens.
	words, err := config.Load(*cfgFile)
	if err != nil {
		return err
	}
	t := words.ReportTexts.CommandLine.Tools
	if *startupMB > 0 {
		return benchStartup(ctx, stdout, t, *startupMB, *keep, *startupExe)
	}
	if *clients < 1 || *duration < time.Second {
		m := words.ReportTexts.CommandLine.Mistakes
		if *clients < 1 {
			return usageError{config.Render(m.AtLeast, config.MistakeData{Flag: "--clients", Value: strconv.Itoa(*clients), Least: "1"})}
		}
		return usageError{config.Render(m.AtLeast, config.MistakeData{Flag: "--duration", Value: duration.String(), Least: "1s"})}
	}
	cfg, err := config.Load("")
	if err != nil {
		return err
	}
	dir := *keep
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "hotline-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	cfg.Server.DataDir = filepath.Join(dir, "gateway")
	cfg.Bot.MaxTextLen = 4000
	srv, err := server.New(cfg, server.Options{Logger: slog.New(slog.DiscardHandler), StoreOptions: &store.Options{MaxBatchDelay: *delay}})
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Run(runCtx, ln) }()
	defer func() { stop(); <-done }()
	base := "http://" + ln.Addr().String() + chatPath(cfg)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *clients * 2, MaxConnsPerHost: 0}, Timeout: 30 * time.Second}

	fmt.Fprintln(stdout, config.Render(t.BenchStart, config.ToolData{Clients: *clients, Seconds: fmt.Sprintf("%.0f", duration.Seconds()), Path: cfg.Server.DataDir}))
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	peak := driveLoad(ctx, client, base, *clients, *duration, 0)
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if peak.errs.Load() > 0 && peak.msgs.Load() == 0 {
		return errors.New(config.Render(t.BenchFailed, config.ToolData{Detail: failureText(words.ReportTexts.CommandLine, peak.first)}))
	}
	slices.Sort(peak.lat)
	gateway := float64(peak.msgs.Load()) / duration.Seconds()
	fmt.Fprintln(stdout, config.Render(t.BenchPeak, config.ToolData{Rate: perSecond(gateway), Orders: peak.ords.Load(),
		P50: ms1(percentile(peak.lat, .5)), P99: ms1(percentile(peak.lat, .99)), Errors: peak.errs.Load()}))
	if *soakFor > 0 {
		return soak(ctx, stdout, t, client, base, *clients, gateway/2, *soakFor, *soakEvery,
			filepath.Join(cfg.Server.DataDir, server.DBFile), peak.ords.Load())
	}
	p99 := percentile(peak.lat, .99)
	if *half {
		// Half the peak rate: the latency the target is about.
		rate := gateway / 2
		hl := driveLoad(ctx, client, base, *clients, *duration, rate)
		slices.Sort(hl.lat)
		p99 = percentile(hl.lat, .99)
		fmt.Fprintln(stdout, config.Render(t.BenchHalf, config.ToolData{Offered: perSecond(rate), Rate: perSecond(float64(hl.msgs.Load()) / duration.Seconds()),
			P50: ms1(percentile(hl.lat, .5)), P99: ms1(p99), Errors: hl.errs.Load()}))
		if *agents > 0 {
			// The same load again with the agents' console streams open:
			// how fast events reach them, and what they cost the citizens.
			sse := make(chan sseOutcome, 1)
			go func() { sse <- measureAgents(ctx, srv, "http://"+ln.Addr().String(), base, *agents, *duration) }()
			ag := driveLoad(ctx, client, base, *clients, *duration, rate)
			o := <-sse
			if o.err != nil {
				return &toolError{kind: toolAgentsFailed, err: o.err}
			}
			slices.Sort(ag.lat)
			fmt.Fprintln(stdout, config.Render(t.BenchAgents, config.ToolData{Agents: *agents, Rate: perSecond(float64(ag.msgs.Load()) / duration.Seconds()),
				P50: ms1(percentile(ag.lat, .5)), P99: ms1(percentile(ag.lat, .99)), Streams: o.res.Streams, Triggers: o.res.Triggers,
				Received: o.res.Received, EventP50: ms1(o.res.P50), EventP99: ms1(o.res.P99), EventMax: ms1(o.res.Max)}))
		}
	}
	ceiling, err := store.BoltCeiling(filepath.Join(dir, "ceiling.db"), *clients, *duration, *delay)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, config.Render(t.BenchCeiling, config.ToolData{Ceiling: perSecond(ceiling), Clients: *clients, Delay: ms1(*delay)}))
	// What the last line means; the last line itself is for scripts and
	// README, in the same words in every city.
	fmt.Fprintln(stdout, ratioVerdict(t, gateway/ceiling))
	fmt.Fprintf(stdout, "ratio %.2f (gateway %.0f msg/s, bbolt ceiling %.0f writes/s, p99 %.1f ms)\n", gateway/ceiling, gateway, ceiling, ms(p99))
	return nil
}

// driveLoad runs citizens through full dialogs for d. With rate > 0 the
// messages are paced to rate a second over all citizens (message n is sent
// at start + n/rate, by whichever citizen is free: an open loop);
// otherwise each citizen sends as fast as it gets answers (closed loop).
func driveLoad(ctx context.Context, client *http.Client, base string, clients int, d time.Duration, rate float64) *benchStats {
	st := &benchStats{}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var pace func() bool
	if rate > 0 {
		start := time.Now()
		var n atomic.Int64
		interval := time.Duration(float64(time.Second) / rate)
		pace = func() bool {
			due := start.Add(time.Duration(n.Add(1)-1) * interval)
			t := time.NewTimer(time.Until(due))
			defer t.Stop()
			select {
			case <-t.C:
				return true
			case <-ctx.Done():
				return false
			}
		}
	}
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ctx.Err() == nil; n++ {
				citizen(ctx, client, base, c, n, st, pace)
			}
		}()
	}
	wg.Wait()
	return st
}

// citizen runs one dialog: problem → phone → confirm.
func citizen(ctx context.Context, client *http.Client, base string, c, n int, st *benchStats, pace func() bool) {
	var conv struct {
		ID string `json:"conversation_id"`
	}
	if err := post(ctx, client, base+"/api/conversations", nil, &conv); err != nil {
		if ctx.Err() == nil {
			st.fail(err)
		}
		return
	}
	phone := fmt.Sprintf("139%08d", c*100000+n%100000)
	steps := []string{benchProblems[(c+n)%len(benchProblems)], "我的电话 " + phone, "确认"}
	for i, text := range steps {
		if pace != nil && !pace() {
			return
		}
		var res struct {
			Replies []struct {
				Text string `json:"text"`
			} `json:"replies"`
		}
		start := time.Now()
		err := post(ctx, client, base+"/api/messages", map[string]string{
			"conversation_id": conv.ID, "text": text, "client_id": strconv.Itoa(i),
		}, &res)
		if err != nil {
			if ctx.Err() == nil {
				st.fail(err)
			}
			return
		}
		st.add(time.Since(start))
		if i == len(steps)-1 && len(res.Replies) > 0 && bytes.Contains([]byte(res.Replies[0].Text), []byte("工单号")) {
			st.ords.Add(1)
		}
	}
}

// post sends body as JSON to url and decodes the answer into out; its
// failure is a toolError (toolRequestFailed).
func post(ctx context.Context, client *http.Client, url string, body any, out any) error {
	if err := sendJSON(ctx, client, url, body, out); err != nil {
		return &toolError{kind: toolRequestFailed, path: url, err: err}
	}
	return nil
}

func sendJSON(ctx context.Context, client *http.Client, url string, body any, out any) error {
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return &statusError{status: resp.Status, body: msg}
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

type sseOutcome struct {
	res desk.SSEResult
	err error
}

// measureAgents opens n console event streams as an agent and measures how
// long the gateway's events take to reach them while the load runs; its
// own triggers are web-chat conversations asking for a person.
func measureAgents(ctx context.Context, srv *server.Server, root, chat string, n int, d time.Duration) sseOutcome {
	var pw [12]byte
	if _, err := rand.Read(pw[:]); err != nil {
		return sseOutcome{err: err}
	}
	password := hex.EncodeToString(pw[:])
	u, err := desk.NewUser(srv.Config, "bench-agent", desk.RoleAgent, "", password, time.Now())
	if err == nil {
		err = desk.AddUser(srv.Store, u, "bench")
	}
	if err != nil && !errors.Is(err, desk.ErrUserExists) {
		return sseOutcome{err: err}
	}
	client := &http.Client{}
	cookie, err := desk.Login(ctx, client, root, "bench-agent", password)
	if err != nil {
		return sseOutcome{err: err}
	}
	interval := 50 * time.Millisecond
	res, err := desk.MeasureSSE(ctx, desk.SSEConfig{
		BaseURL: root, Cookie: cookie, Streams: n, Client: client,
		Triggers: int(d / interval), Interval: interval,
		Trigger: func(ctx context.Context, i int) error {
			var conv struct {
				ID string `json:"conversation_id"`
			}
			if err := post(ctx, client, chat+"/api/conversations", nil, &conv); err != nil {
				return err
			}
			var out struct{}
			return post(ctx, client, chat+"/api/messages", map[string]string{"conversation_id": conv.ID, "text": "人工"}, &out)
		},
	})
	return sseOutcome{res: res, err: err}
}

// soak drives rate messages a second for total and prints, every every,
// the process's resident memory, Go heap and goroutines, the database's
// size and bytes per registered order, and the interval's throughput and
// p99: a server that leaks shows growth in anything but the data.
func soak(ctx context.Context, out io.Writer, t config.ToolTexts, client *http.Client, base string, clients int, rate float64, total, every time.Duration, dbPath string, orders int64) error {
	ctx, cancel := context.WithTimeout(ctx, total)
	defer cancel()
	var cur atomic.Pointer[benchStats]
	cur.Store(&benchStats{})
	start := time.Now()
	var n atomic.Int64
	interval := time.Duration(float64(time.Second) / rate)
	pace := func() bool {
		t := time.NewTimer(time.Until(start.Add(time.Duration(n.Add(1)-1) * interval)))
		defer t.Stop()
		select {
		case <-t.C:
			return true
		case <-ctx.Done():
			return false
		}
	}
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				citizen(ctx, client, base, c, i, cur.Load(), pace)
			}
		}()
	}
	fmt.Fprintln(out, config.Render(t.SoakStart, config.ToolData{Rate: perSecond(rate), Total: total.String(), Every: every.String()}))
	fmt.Fprintf(out, "%7s %8s %8s %10s %8s %8s %11s %7s %8s %6s\n", "minute", "rss_MB", "heap_MB", "goroutines", "db_MB", "orders", "bytes/order", "msg/s", "p99_ms", "errors")
	tick := time.NewTicker(every)
	defer tick.Stop()
	last := start
	for done := false; !done; {
		select {
		case <-tick.C:
		case <-ctx.Done():
			done = true
			wg.Wait()
		}
		now := time.Now()
		if done && now.Sub(last) < every/10 {
			break // the last full interval was printed
		}
		st := cur.Swap(&benchStats{})
		st.mu.Lock()
		slices.Sort(st.lat)
		p99 := percentile(st.lat, .99)
		st.mu.Unlock()
		orders += st.ords.Load()
		var mem runtime.MemStats
		runtime.ReadMemStats(&mem)
		var size int64
		if fi, err := os.Stat(dbPath); err == nil {
			size = fi.Size()
		}
		perOrder := int64(0)
		if orders > 0 {
			perOrder = size / orders
		}
		fmt.Fprintf(out, "%7.1f %8.0f %8.0f %10d %8.0f %8d %11d %7.0f %8.1f %6d\n",
			now.Sub(start).Minutes(), float64(rssBytes())/(1<<20), float64(mem.HeapInuse)/(1<<20), runtime.NumGoroutine(),
			float64(size)/(1<<20), orders, perOrder, float64(st.msgs.Load())/now.Sub(last).Seconds(), ms(p99), st.errs.Load())
		last = now
	}
	return nil
}

// rssBytes is the process's resident set size (Linux; 0 elsewhere).
func rssBytes() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	var size, rss int64
	if _, err := fmt.Sscan(string(b), &size, &rss); err != nil {
		return 0
	}
	return rss * int64(os.Getpagesize())
}
