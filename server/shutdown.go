package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Server timeouts. Read deadlines cut slow request bodies and idle
// connections; a response that turns into an event stream clears its read
// deadline (http.ResponseController), so that streams are not cut, and no
// write timeout is set for the same reason.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 2 * time.Minute // the whole request, body included (attachments up to 10 MB)
	IdleTimeout       = 2 * time.Minute
	// ShutdownGrace bounds how long a stop waits for requests in flight.
	ShutdownGrace = 10 * time.Second
)

// streamEnd is the last event a stream gets when the server stops: the
// browser's EventSource reconnects after retry milliseconds, to this
// server once it is back or to another one.
const streamEnd = "retry: 2000\nevent: shutdown\ndata: {\"reason\":\"shutdown\"}\n\n"

// streams tracks the requests that may run for long (event streams and
// long polls) so that a stop ends them at once, while ordinary requests in
// flight finish.
type streams struct {
	mu      sync.Mutex
	closing bool
	live    map[*tracked]struct{}
	// longPoll names routes that hold a request open without streaming.
	longPoll map[string]bool
	// began, when set (tests), hears the pattern of each long poll that
	// begins.
	began chan<- string
}

// tracked is one GET request that may become a stream.
type tracked struct {
	cancel context.CancelFunc
	stream atomic.Bool // the response is text/event-stream
	long   bool        // a long-poll route
	cut    atomic.Bool // ended by the stop
}

func newStreams(longPoll ...string) *streams {
	lp := map[string]bool{}
	for _, p := range longPoll {
		lp[p] = true
	}
	return &streams{live: map[*tracked]struct{}{}, longPoll: lp}
}

// begin registers a request; end must be called when it is done.
func (s *streams) begin(cancel context.CancelFunc, pattern string) *tracked {
	t := &tracked{cancel: cancel, long: s.longPoll[pattern]}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing && t.long {
		t.cut.Store(true)
		cancel()
	}
	s.live[t] = struct{}{}
	if t.long && s.began != nil {
		s.began <- pattern
	}
	return t
}

func (s *streams) end(t *tracked) {
	s.mu.Lock()
	delete(s.live, t)
	s.mu.Unlock()
}

// becameStream is called when t's response is an event stream.
func (s *streams) becameStream(t *tracked) {
	t.stream.Store(true)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		t.cut.Store(true)
		t.cancel()
	}
}

// close ends every stream and long poll, now and from now on.
func (s *streams) close() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closing = true
	n := 0
	for t := range s.live {
		if t.stream.Load() || t.long {
			t.cut.Store(true)
			t.cancel()
			n++
		}
	}
	return n
}

// streamWriter notices when a response becomes an event stream.
type streamWriter struct {
	*statusRecorder
	s     *streams
	t     *tracked
	wrote bool
}

func (w *streamWriter) WriteHeader(code int) {
	w.wrote = true
	if strings.HasPrefix(w.Header().Get("Content-Type"), "text/event-stream") && !w.t.stream.Load() {
		// Streams outlive the read timeout.
		_ = http.NewResponseController(w.statusRecorder.ResponseWriter).SetReadDeadline(time.Time{})
		w.s.becameStream(w.t)
	}
	w.statusRecorder.WriteHeader(code)
}

func (w *streamWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.statusRecorder.Write(b)
}

func (w *streamWriter) Unwrap() http.ResponseWriter { return w.statusRecorder }

// serveTracked serves a GET request so that a stop can end it if it is a
// stream or a long poll; a stream cut that way gets streamEnd as its last
// event.
func (s *streams) serveTracked(h http.Handler, rec *statusRecorder, r *http.Request, pattern string) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	t := s.begin(cancel, pattern)
	defer s.end(t)
	w := &streamWriter{statusRecorder: rec, s: s, t: t}
	h.ServeHTTP(w, r.WithContext(ctx))
	if t.cut.Load() && t.stream.Load() {
		fmt.Fprint(rec, streamEnd)
		rec.Flush()
	}
}
