package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hotline/config"
	"hotline/logx"
	"hotline/store"
)

// TestShutdownEndsStreamsAndFinishesRequests stops a server that has
// event streams open and a request in flight (its classifier call held by
// a fake LLM): the streams end at once with a last event, the request
// still gets its answer, and Run returns without waiting out the grace
// period.
func TestShutdownEndsStreamsAndFinishesRequests(t *testing.T) {
	llmCalled := make(chan struct{}, 1)
	release := make(chan struct{})
	llm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case llmCalled <- struct{}{}:
		default:
		}
		<-release
		http.Error(w, "unavailable", http.StatusServiceUnavailable) // the embedded model answers
	}))
	defer llm.Close()
	defer close(release)

	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	cfg.NLP.LLM.BaseURL = llm.URL + "/v1"
	cfg.NLP.LLM.Model = "test"
	cfg.NLP.LLM.Timeout = config.Duration(time.Minute)
	var logs syncBuffer
	log, _ := logx.New(&logs, "text", "info")
	srv, err := New(cfg, Options{Logger: log, StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	longPolls := make(chan string, 1)
	srv.streams.began = longPolls
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- srv.Run(ctx, ln) }()

	resp, err := http.Post(base+"/chat/api/conversations", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	var conv struct {
		ID string `json:"conversation_id"`
	}
	json.NewDecoder(resp.Body).Decode(&conv)
	resp.Body.Close()

	// Three open streams, each ready once its response headers arrived
	// (the handler writes them when it starts streaming).
	var streams []io.ReadCloser
	for range 3 {
		resp, err := http.Get(base + "/chat/api/events?conversation_id=" + conv.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
			t.Fatalf("not a stream: %d %s", resp.StatusCode, ct)
		}
		streams = append(streams, resp.Body)
	}
	// A long poll waiting for the next message.
	polled := make(chan error, 1)
	go func() {
		resp, err := http.Get(base + "/chat/api/messages?conversation_id=" + conv.ID + "&after=1000000")
		if err == nil {
			resp.Body.Close()
		}
		polled <- err
	}()
	<-longPolls
	// A message whose classification is in flight.
	answered := make(chan int, 1)
	go func() {
		body, _ := json.Marshal(map[string]string{"conversation_id": conv.ID, "text": "任城区古槐路有烧烤摊占道经营，油烟很大", "client_id": "c1"})
		resp, err := http.Post(base+"/chat/api/messages", "application/json", bytes.NewReader(body))
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	<-llmCalled

	start := time.Now()
	stop()
	for i, s := range streams {
		rest, err := io.ReadAll(s)
		if err != nil {
			t.Fatalf("stream %d: %v", i, err)
		}
		if !strings.Contains(string(rest), "event: shutdown") {
			t.Fatalf("stream %d ended without the shutdown event: %q", i, rest)
		}
	}
	streamsEnded := time.Since(start)
	if err := <-polled; err != nil {
		t.Fatalf("long poll: %v", err)
	}
	// The request in flight finishes once its classifier call returns.
	release <- struct{}{}
	if code := <-answered; code != http.StatusOK {
		t.Fatalf("the request in flight got %d, want 200", code)
	}
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	t.Logf("streams ended %v after the stop; Run returned %v after it", streamsEnded, time.Since(start))
	if strings.Contains(logs.String(), "grace period ended") {
		t.Fatalf("the shutdown waited out its grace period: %s", logs.String())
	}
	if !strings.Contains(logs.String(), "streams_ended=4") {
		t.Errorf("the log does not count the 3 streams and the long poll: %s", logs.String())
	}
}

// TestShutdownWhenIdle stops a server with nothing open: Run returns
// without waiting out the grace period.
func TestShutdownWhenIdle(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	var logs syncBuffer
	log, _ := logx.New(&logs, "text", "info")
	srv, err := New(cfg, Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- srv.Run(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz") // a kept-alive idle connection
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	start := time.Now()
	stop()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	t.Logf("Run returned %v after the stop", time.Since(start))
	if strings.Contains(logs.String(), "grace period ended") {
		t.Fatal("an idle server waited out its grace period")
	}
}
