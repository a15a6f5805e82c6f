package desk

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// SSEConfig configures MeasureSSE.
type SSEConfig struct {
	// BaseURL is the gateway, e.g. http://127.0.0.1:8080.
	BaseURL string
	// Cookie is the value of a console session cookie (see Login); an
	// agent's session receives every event.
	Cookie string
	// Streams is how many event streams to open (one per agent).
	Streams int
	// Triggers is how many times Trigger is called; each call should make
	// the server publish at least one event (a web-chat message does).
	Triggers int
	Trigger  func(ctx context.Context, i int) error
	// Interval between triggers (default 20 ms); Wait is how long to
	// collect late events after the last one (default 2 s).
	Interval, Wait time.Duration
	// Expect, when positive, is how many events (over all streams) end
	// the measurement as soon as they have arrived; Wait then only bounds
	// how long to wait for them. A test waits for its events this way
	// rather than for a time.
	Expect int
	// Client is the HTTP client (default: one without timeout, which
	// streams need).
	Client *http.Client
}

// SSEResult is what MeasureSSE measured: the delay from an event's server
// timestamp (StreamEvent.TS) to its arrival at a stream.
type SSEResult struct {
	Streams  int
	Triggers int
	Received int // events received over all streams
	P50, P99 time.Duration
	Max      time.Duration
}

func (r SSEResult) String() string {
	return fmt.Sprintf("%d streams, %d triggers, %d events received: p50 %v, p99 %v, max %v",
		r.Streams, r.Triggers, r.Received, r.P50, r.P99, r.Max)
}

// MeasureSSE opens cfg.Streams console event streams against a running
// gateway, calls cfg.Trigger cfg.Triggers times, and measures for every
// event that arrives the delay between the server's timestamp in the
// payload and its arrival. Client and server must share a clock (the same
// host, or NTP-synchronised hosts).
func MeasureSSE(ctx context.Context, cfg SSEConfig) (SSEResult, error) {
	res := SSEResult{Streams: cfg.Streams, Triggers: cfg.Triggers}
	if cfg.Streams <= 0 || cfg.Trigger == nil || cfg.BaseURL == "" || cfg.Cookie == "" {
		return res, errors.New("desk: MeasureSSE needs a base URL, a session cookie, streams and a trigger")
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 20 * time.Millisecond
	}
	if cfg.Wait <= 0 {
		cfg.Wait = 2 * time.Second
	}
	client := cfg.Client
	if client == nil {
		client = &http.Client{}
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	var mu sync.Mutex
	var delays []time.Duration
	all := make(chan struct{}) // closed when cfg.Expect events arrived
	ready := make(chan error, cfg.Streams)
	var wg sync.WaitGroup
	for i := 0; i < cfg.Streams; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, err := http.NewRequestWithContext(sctx, http.MethodGet, strings.TrimSuffix(cfg.BaseURL, "/")+"/desk/api/events", nil)
			if err != nil {
				ready <- err
				return
			}
			req.AddCookie(&http.Cookie{Name: SessionCookie, Value: cfg.Cookie})
			resp, err := client.Do(req)
			if err != nil {
				ready <- err
				return
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				ready <- fmt.Errorf("desk: event stream answered %s", resp.Status)
				return
			}
			sc := bufio.NewScanner(resp.Body)
			sc.Buffer(make([]byte, 64<<10), 1<<20)
			event := ""
			for sc.Scan() {
				line := sc.Bytes()
				switch {
				case bytes.HasPrefix(line, []byte("event: ")):
					event = string(line[len("event: "):])
				case bytes.HasPrefix(line, []byte("data: ")):
					if event == "hello" {
						ready <- nil
						continue
					}
					var ev struct {
						TS float64 `json:"ts"`
					}
					if json.Unmarshal(line[len("data: "):], &ev) != nil || ev.TS == 0 {
						continue
					}
					d := time.Duration((float64(time.Now().UnixMicro())/1000 - ev.TS) * float64(time.Millisecond))
					mu.Lock()
					delays = append(delays, d)
					if len(delays) == cfg.Expect {
						close(all)
					}
					mu.Unlock()
				case len(line) == 0:
					event = ""
				}
			}
		}()
	}
	for i := 0; i < cfg.Streams; i++ {
		select {
		case err := <-ready:
			if err != nil {
				return res, err
			}
		case <-ctx.Done():
			return res, ctx.Err()
		}
	}
	for i := 0; i < cfg.Triggers; i++ {
		if err := cfg.Trigger(ctx, i); err != nil {
			return res, fmt.Errorf("desk: trigger %d: %w", i, err)
		}
		select {
		case <-time.After(cfg.Interval):
		case <-ctx.Done():
			return res, ctx.Err()
		}
	}
	select {
	case <-time.After(cfg.Wait):
	case <-all:
	case <-ctx.Done():
	}
	stop()
	wg.Wait()
	slices.Sort(delays)
	res.Received = len(delays)
	if n := len(delays); n > 0 {
		res.P50 = delays[n/2]
		res.P99 = delays[min(n-1, n*99/100)]
		res.Max = delays[n-1]
	}
	return res, nil
}

// Login signs in to the console at baseURL and returns the session
// cookie's value (for MeasureSSE and other tools).
func Login(ctx context.Context, client *http.Client, baseURL, name, password string) (string, error) {
	if client == nil {
		client = http.DefaultClient
	}
	body, _ := json.Marshal(map[string]string{"name": name, "password": password})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(baseURL, "/")+"/desk/api/login", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("desk: login: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("desk: login as %s: %s", name, resp.Status)
	}
	for _, c := range resp.Cookies() {
		if c.Name == SessionCookie {
			return c.Value, nil
		}
	}
	return "", errors.New("desk: login answered without a session cookie")
}
