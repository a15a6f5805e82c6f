package server

import (
	"fmt"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hotline/store"
)

// DefaultMinFreeMB is the free space under which /healthz reports the
// server degraded when server.min_free_mb is not set.
const DefaultMinFreeMB = 256

// freeSpace returns the bytes available to unprivileged users on the
// file system holding dir.
func freeSpace(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// minFree is the configured free-space threshold in bytes.
func (s *Server) minFree() uint64 {
	mb := s.Config.Server.MinFreeMB
	if mb == 0 {
		mb = DefaultMinFreeMB
	}
	if mb < 0 {
		return 0
	}
	return uint64(mb) << 20
}

// healthz answers 200 "ok", or 503 "degraded: REASON" while the store
// cannot be read, the daily check found it damaged (check.go), its writes
// fail (a full disk), or the free space under
// the data directory is below server.min_free_mb. While writes fail it
// probes with a small write at most once a second, so the state clears by
// itself once space returns even when nobody writes.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	reason := s.degraded()
	if reason == "" {
		fmt.Fprintln(w, "ok")
		return
	}
	w.Header().Set("Retry-After", fmt.Sprint(int(store.RetryAfter.Seconds())))
	w.WriteHeader(http.StatusServiceUnavailable)
	fmt.Fprintln(w, "degraded: "+reason)
}

// degraded returns why the server is degraded, or "".
func (s *Server) degraded() string {
	if _, err := s.Store.Version(); err != nil {
		return "the database cannot be read: " + err.Error()
	}
	if damage, at := s.checkDamage(); damage != "" {
		return fmt.Sprintf("the database check of %s found damage: %s; restore the last good backup (hotline restore FILE)", at.UTC().Format(time.RFC3339), damage)
	}
	if h := s.Store.WriteHealth(); h.Failing {
		if s.probeDue() && s.Store.Probe() == nil {
			return s.degradedSpace()
		}
		h = s.Store.WriteHealth()
		if h.Failing {
			return fmt.Sprintf("database writes are failing (%s) since %s: %s", h.Kind, h.Since.UTC().Format(time.RFC3339), h.LastErr)
		}
	}
	return s.degradedSpace()
}

func (s *Server) degradedSpace() string {
	free, err := s.freeSpace(s.Config.Server.DataDir)
	if err != nil {
		return ""
	}
	if min := s.minFree(); free < min {
		return fmt.Sprintf("%d MB free under %s, less than server.min_free_mb (%d MB)", free>>20, s.Config.Server.DataDir, min>>20)
	}
	return ""
}

// probeDue says whether a probe write may be made now (one a second).
func (s *Server) probeDue() bool {
	s.probeMu.Lock()
	defer s.probeMu.Unlock()
	now := s.now()
	if now.Sub(s.lastProbe) < time.Second {
		return false
	}
	s.lastProbe = now
	return true
}

// everyMinute lets one log line through per key and minute, counting the
// ones it held back.
type everyMinute struct {
	mu   sync.Mutex
	last map[string]time.Time
	held map[string]int
	now  func() time.Time
}

func newEveryMinute() *everyMinute {
	return &everyMinute{last: map[string]time.Time{}, held: map[string]int{}, now: time.Now}
}

// allow reports whether a line for key may be written now and how many
// were held back since the last one.
func (l *everyMinute) allow(key string) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if t, ok := l.last[key]; ok && now.Sub(t) < time.Minute {
		l.held[key]++
		return false, 0
	}
	l.last[key] = now
	n := l.held[key]
	l.held[key] = 0
	return true, n
}

// onWriteError logs a storage failure of a write, once per kind a minute.
func (s *Server) onWriteError(kind string, err error) {
	if ok, held := s.logLimit.allow("store:" + kind); ok {
		s.log.Error("database writes are failing; requests get 503 until they work again", "kind", kind, "err", err, "more_since_last_line", held)
	}
}

// logServerError logs an answer of 500 or more, once per route and status
// a minute.
func (s *Server) logServerError(route string, code int) {
	if ok, held := s.logLimit.allow(fmt.Sprint("http:", route, code)); ok {
		s.log.Error("requests answered with a server error", "route", route, "status", code, "more_since_last_line", held)
	}
}

var (
	descWriteFailures = prometheus.NewDesc("hotline_store_write_failures_total", "Database writes that failed for a storage reason (no_space, quota, io, read_only).", []string{"kind"}, nil)
	descFree          = prometheus.NewDesc("hotline_store_free_bytes", "Bytes free on the file system of the data directory (at the last health check).", nil, nil)
)

// healthCollector exports the write failures and the free space.
type healthCollector struct{ s *Server }

func (c healthCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descWriteFailures
	ch <- descFree
	ch <- descCheckOK
	ch <- descCheckAt
}

func (c healthCollector) Collect(ch chan<- prometheus.Metric) {
	f := c.s.Store.WriteHealth().Failures
	for _, k := range []string{"no_space", "quota", "io", "read_only"} {
		ch <- prometheus.MustNewConstMetric(descWriteFailures, prometheus.CounterValue, float64(f[k]), k)
	}
	if free, err := c.s.freeSpace(c.s.Config.Server.DataDir); err == nil {
		ch <- prometheus.MustNewConstMetric(descFree, prometheus.GaugeValue, float64(free))
	}
	c.s.collectCheck(ch)
}
