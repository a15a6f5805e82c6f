package wechat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hotline/bot"
	"hotline/channels/webchat"
	"hotline/channels/wechat"
	"hotline/events"
	"hotline/nlp"
	"hotline/nlp/defaultmodel"
	"hotline/outbound"
	"hotline/outbox"
	"hotline/store"
	"hotline/ticket"
)

// benchText is message i of the dialog every simulated citizen goes
// through, over and over: a complaint, their own phone number, the
// confirmation, a status query.
func benchText(i int) string {
	switch (i / benchUsers) % 4 {
	case 0:
		return "任城区古槐路有烧烤摊占道经营，油烟很大，晚上十二点还在营业"
	case 1:
		return fmt.Sprintf("我的电话是1395370%04d", i%benchUsers)
	case 2:
		return "确认"
	default:
		return "查询"
	}
}

const (
	benchUsers       = 64 // citizens; request i comes from citizen i % benchUsers
	benchParallelism = 8  // client goroutines per GOMAXPROCS
)

// gateway is the full pipeline: the embedded classifier and knowledge
// base, the engine on a bbolt store, the outbox worker, and both channels
// behind one HTTP server.
type gateway struct {
	srv    *httptest.Server
	client *http.Client
}

// newGateway builds the gateway for a WeChat account whose pushes come in
// mode m.
func newGateway(b *testing.B, m mode) *gateway {
	b.Helper()
	cfg := baseConfig(b, "http://127.0.0.1:1")
	accountFor(m)(cfg)
	st, err := store.Open(filepath.Join(b.TempDir(), "h.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	model, err := defaultmodel.Category()
	if err != nil {
		b.Fatal(err)
	}
	clf, err := nlp.NewEmbedded(cfg, model)
	if err != nil {
		b.Fatal(err)
	}
	kb, err := nlp.LoadKB(cfg.NLP.KB.File)
	if err != nil {
		b.Fatal(err)
	}
	cal, err := ticket.NewCalendar(cfg.Calendar, cfg.Location())
	if err != nil {
		b.Fatal(err)
	}
	hub := events.NewHub()
	var ob *outbox.Outbox
	eng, err := bot.New(bot.Options{Config: cfg, Store: st, Classifier: clf, KB: kb, Calendar: cal, Hub: hub,
		Welcome: map[string]string{wechat.Name: wechat.Descriptor.Welcome(cfg)},
		Wake:    func() { ob.Wake() }})
	if err != nil {
		b.Fatal(err)
	}
	wc := webchat.New(eng, hub, "/chat", []byte("wechat-bench-webchat-key-32bytes"))
	eng.SetDirect(webchat.Name) // as the server wires it
	ch, err := wechat.New(wechat.Options{Config: cfg.Channels.WeChat, Replies: cfg.Replies, Engine: eng, KV: st})
	if err != nil {
		b.Fatal(err)
	}
	ob = outbox.New(st, map[string]outbound.Sender{webchat.Name: wc, wechat.Name: ch}, cfg.Outbox, nil, nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = ob.Run(ctx) }()
	b.Cleanup(func() { cancel(); <-done })
	mux := http.NewServeMux()
	wc.Routes(mux)
	ch.Routes(mux)
	g := &gateway{srv: httptest.NewServer(mux)}
	b.Cleanup(g.srv.Close)
	g.client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	b.Cleanup(g.client.CloseIdleConnections)
	return g
}

// request is one prepared HTTP request.
type request struct {
	url  string
	body []byte
	ct   string
}

// run sends the requests with parallel clients and reports messages per
// second and latency percentiles; every answer must be a 200 with content.
func (g *gateway) run(b *testing.B, reqs []request) (perSec float64, p99 time.Duration) {
	var next atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(benchParallelism)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			r := reqs[next.Add(1)-1]
			t0 := time.Now()
			resp, err := g.client.Post(r.url, r.ct, bytes.NewReader(r.body))
			if err != nil {
				b.Error(err)
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			mine = append(mine, time.Since(t0))
			if resp.StatusCode != http.StatusOK || len(body) == 0 {
				b.Errorf("status %d: %s", resp.StatusCode, body)
				return
			}
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) == 0 {
		return 0, 0
	}
	perSec = float64(len(lat)) / elapsed.Seconds()
	p99 = lat[min(len(lat)-1, len(lat)*99/100)]
	b.ReportMetric(perSec, "msg/s")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	return perSec, p99
}

// webchatRequests prepares n web-chat messages from benchUsers browsers.
func (g *gateway) webchatRequests(b *testing.B, n int) []request {
	convs := make([]string, benchUsers)
	for u := range convs {
		resp, err := g.client.Post(g.srv.URL+"/chat/api/conversations", "application/json", nil)
		if err != nil {
			b.Fatal(err)
		}
		var out struct {
			ConversationID string `json:"conversation_id"`
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil || out.ConversationID == "" {
			b.Fatalf("start conversation: %v", err)
		}
		convs[u] = out.ConversationID
	}
	reqs := make([]request, n)
	for i := range reqs {
		body, _ := json.Marshal(map[string]string{"conversation_id": convs[i%benchUsers],
			"text": benchText(i), "client_id": "c" + strconv.Itoa(i)})
		reqs[i] = request{url: g.srv.URL + "/chat/api/messages", body: body, ct: "application/json"}
	}
	return reqs
}

// wechatRequests prepares n signed, encrypted (safe mode) text pushes from
// benchUsers citizens, as WeChat sends them.
func (g *gateway) wechatRequests(b *testing.B, n int, m mode) []request {
	reqs := make([]request, n)
	now := time.Now()
	for i := range reqs {
		msg := fmt.Sprintf("<xml><ToUserName><![CDATA[gh_6f1b2c3d4e5f]]></ToUserName>"+
			"<FromUserName><![CDATA[oBench%04d]]></FromUserName><CreateTime>%d</CreateTime>"+
			"<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>%d</MsgId></xml>",
			i%benchUsers, now.Unix(), benchText(i), 24811370000000000+i)
		p := newPush(b, []byte(msg), m, now)
		reqs[i] = request{url: g.srv.URL + path + "?" + p.query.Encode(), body: p.body, ct: "text/xml"}
	}
	return reqs
}

// BenchmarkGateway measures the same pipeline fed through the web-chat API
// and through WeChat pushes (safe mode: signature, msg_signature, AES
// decryption and an encrypted passive reply; and plaintext mode), each as
// full HTTP round trips from parallel clients to a committed store.
// The ratio wechat-aes/webchat is the throughput kept once WeChat's
// signature and AES work is added.
func BenchmarkGateway(b *testing.B) {
	results := map[string]float64{}
	b.Run("webchat", func(b *testing.B) {
		g := newGateway(b, safe)
		results["webchat"], _ = g.run(b, g.webchatRequests(b, b.N))
	})
	b.Run("wechat-plain", func(b *testing.B) {
		g := newGateway(b, plain)
		results["wechat-plain"], _ = g.run(b, g.wechatRequests(b, b.N, plain))
	})
	b.Run("wechat-aes", func(b *testing.B) {
		g := newGateway(b, safe)
		results["wechat-aes"], _ = g.run(b, g.wechatRequests(b, b.N, safe))
	})
	if results["webchat"] > 0 {
		b.Logf("msg/s: webchat %.0f, wechat-plain %.0f, wechat-aes %.0f; wechat-aes/webchat = %.2f, wechat-aes/wechat-plain = %.2f",
			results["webchat"], results["wechat-plain"], results["wechat-aes"],
			results["wechat-aes"]/results["webchat"], results["wechat-aes"]/results["wechat-plain"])
	}
}

// BenchmarkHandler is the channel's own work on one push without the
// engine (a stub answers at once): signature checks, in safe mode
// msg_signature, decryption and the encrypted passive reply, XML parsing.
// safe minus plain is the cost of the AES mode.
func BenchmarkHandler(b *testing.B) {
	for _, m := range []mode{plain, safe} {
		b.Run(m.String(), func(b *testing.B) {
			cfg := baseConfig(b, "http://127.0.0.1:1")
			accountFor(m)(cfg)
			ch, err := wechat.New(wechat.Options{Config: cfg.Channels.WeChat, Replies: cfg.Replies, Engine: &stubEngine{}, KV: &memKV{m: map[string][]byte{}}})
			if err != nil {
				b.Fatal(err)
			}
			mux := http.NewServeMux()
			ch.Routes(mux)
			p := newPush(b, readFile(b, "text.xml"), m, time.Now())
			target := path + "?" + p.query.Encode()
			for b.Loop() {
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, target, bytes.NewReader(p.body)))
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}

// round sends reqs from parallel clients and returns the wall time and the
// latencies.
func (g *gateway) round(b *testing.B, reqs []request) (time.Duration, []time.Duration) {
	clients := benchParallelism * runtime.GOMAXPROCS(0)
	lat := make([]time.Duration, len(reqs))
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(reqs) {
					return
				}
				t0 := time.Now()
				resp, err := g.client.Post(reqs[i].url, reqs[i].ct, bytes.NewReader(reqs[i].body))
				if err != nil {
					b.Error(err)
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				lat[i] = time.Since(t0)
				if resp.StatusCode != http.StatusOK || len(body) == 0 {
					b.Errorf("status %d: %s", resp.StatusCode, body)
					return
				}
			}
		}()
	}
	wg.Wait()
	return time.Since(start), lat
}

// BenchmarkGatewayInterleaved feeds one gateway (one store, one engine)
// alternately with rounds of web-chat messages and of safe-mode WeChat
// pushes, so that both see the same store size and the same background
// load; on a shared machine this gives a steadier ratio than separate
// benchmarks. One op is one web-chat message plus one WeChat push.
func BenchmarkGatewayInterleaved(b *testing.B) {
	const roundSize = 256
	g := newGateway(b, safe)
	web := g.webchatRequests(b, b.N)
	wx := g.wechatRequests(b, b.N, safe)
	var webTime, wxTime time.Duration
	var webLat, wxLat []time.Duration
	var ratios []float64
	b.ResetTimer()
	for lo := 0; lo < b.N; lo += roundSize {
		hi := min(lo+roundSize, b.N)
		dw, lw := g.round(b, web[lo:hi])
		dx, lx := g.round(b, wx[lo:hi])
		webTime, wxTime = webTime+dw, wxTime+dx
		webLat, wxLat = append(webLat, lw...), append(wxLat, lx...)
		ratios = append(ratios, dw.Seconds()/dx.Seconds())
	}
	b.StopTimer()
	p99 := func(l []time.Duration) float64 {
		slices.Sort(l)
		return float64(l[min(len(l)-1, len(l)*99/100)].Microseconds()) / 1000
	}
	slices.Sort(ratios)
	b.ReportMetric(float64(b.N)/webTime.Seconds(), "webchat-msg/s")
	b.ReportMetric(float64(b.N)/wxTime.Seconds(), "wechat-aes-msg/s")
	b.ReportMetric(p99(webLat), "webchat-p99-ms")
	b.ReportMetric(p99(wxLat), "wechat-aes-p99-ms")
	b.ReportMetric(webTime.Seconds()/wxTime.Seconds(), "aes/webchat")
	b.ReportMetric(ratios[len(ratios)/2], "median-round-ratio")
}
