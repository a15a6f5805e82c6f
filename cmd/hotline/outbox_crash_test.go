package main

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"hotline/store"
)

// fakeKannel is smsbox's sendsms: it counts the sends of each outbox key
// (read from the dlr-url) and, once hold is set, keeps new sends hanging.
type fakeKannel struct {
	mu       sync.Mutex
	count    map[string]int
	parts    map[string]map[string]int
	hold     bool
	held     chan string // keys of sends left hanging
	accepted chan string
	release  chan struct{}
}

func (f *fakeKannel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The dlr-url names the outbox entry (base64url of its key) and the
	// part of a long SMS.
	key, part := "", ""
	if dlr, err := url.Parse(r.URL.Query().Get("dlr-url")); err == nil {
		b, _ := base64.RawURLEncoding.DecodeString(dlr.Query().Get("key"))
		key, part = string(b), dlr.Query().Get("part")
	}
	f.mu.Lock()
	if f.parts[key] == nil {
		f.parts[key] = map[string]int{}
	}
	f.parts[key][part]++
	f.count[key] = max(f.count[key], f.parts[key][part]) // sends of the entry: of its most-sent part
	hold := f.hold
	f.mu.Unlock()
	if hold {
		f.held <- key
		select {
		case <-f.release:
		case <-r.Context().Done():
			return
		}
	}
	w.WriteHeader(http.StatusAccepted)
	fmt.Fprint(w, "0: Accepted for delivery")
	f.accepted <- key
}

func (f *fakeKannel) counts() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for k, v := range f.count {
		out[k] = v
	}
	return out
}

// TestOutboxSIGKILLRepeatsOnlyInFlight: WeChat's API hangs while SMS
// replies go out; the server is killed with SIGKILL while SMS sends are in
// flight. After the restart no SMS whose acceptance was recorded is sent
// again; the ones in flight are (at least once).
func TestOutboxSIGKILLRepeatsOnlyInFlight(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	kannel := &fakeKannel{count: map[string]int{}, parts: map[string]map[string]int{}, held: make(chan string, 100), accepted: make(chan string, 1000), release: make(chan struct{})}
	ks := httptest.NewServer(kannel)
	defer ks.Close()
	wxHang := make(chan struct{})
	wx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "token") {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"access_token":"tok","expires_in":7200}`)
			return
		}
		select { // the customer-service API hangs
		case <-wxHang:
		case <-r.Context().Done():
		}
	}))
	defer wx.Close()
	defer close(wxHang)

	dataDir := t.TempDir()
	addr := freePort(t)
	const secret = "kannel-secret-0123456789"
	env := []string{
		"HOTLINE_KANNEL_SEND_URL=" + ks.URL + "/cgi-bin/sendsms", "HOTLINE_KANNEL_USERNAME=gw", "HOTLINE_KANNEL_PASSWORD=pw",
		"HOTLINE_KANNEL_SECRET=" + secret, "HOTLINE_SERVER_BASE_URL=http://" + addr,
		"HOTLINE_WECHAT_APP_ID=wx0123456789", "HOTLINE_WECHAT_APP_SECRET=appsecret", "HOTLINE_WECHAT_TOKEN=wxtoken",
		"HOTLINE_WECHAT_API_BASE_URL=" + wx.URL, "HOTLINE_WECHAT_REPLY_BUDGET=1ms",
		"HOTLINE_OUTBOX_CALL_TIMEOUT=2s",
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	cmd := startServer(t, dataDir, addr)

	sms := func(i int) {
		q := url.Values{"secret": {secret}, "from": {fmt.Sprintf("+86139%08d", i)}, "to": {"12345"},
			"id": {fmt.Sprintf("mo-%d", i)}, "ts": {strconv.FormatInt(time.Now().Unix(), 10)}}
		resp, err := http.Post("http://"+addr+"/channels/sms/kannel?"+q.Encode(), "text/plain; charset=utf-8", strings.NewReader("你好"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			t.Fatalf("SMS %d: %d", i, resp.StatusCode)
		}
	}
	wechat := func(i int) {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		nonce := strconv.Itoa(i)
		parts := []string{"wxtoken", ts, nonce}
		sort.Strings(parts)
		sum := sha1.Sum([]byte(strings.Join(parts, "")))
		q := url.Values{"signature": {hex.EncodeToString(sum[:])}, "timestamp": {ts}, "nonce": {nonce}}
		body := fmt.Sprintf(`<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser%d]]></FromUserName><CreateTime>%s</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content><MsgId>%d</MsgId></xml>`, i, ts, 1000+i)
		resp, err := http.Post("http://"+addr+"/channels/wechat?"+q.Encode(), "text/xml", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("WeChat %d: %d", i, resp.StatusCode)
		}
	}
	for i := range 10 {
		wechat(i)
	}
	for i := range 20 {
		sms(i)
	}
	for range 20 { // every SMS citizen got a reply accepted by Kannel
		<-kannel.accepted
	}
	kannel.mu.Lock()
	kannel.hold = true
	kannel.mu.Unlock()
	for i := 20; i < 23; i++ {
		sms(i)
	}
	<-kannel.held // a send is in flight
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	close(kannel.release)
	before := kannel.counts()

	// What the store recorded as accepted before the kill, and what it
	// had not (in flight, or accepted by Kannel with the record lost).
	st, err := store.Open(filepath.Join(dataDir, "hotline.db"), &store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	recorded, pending := map[string]bool{}, map[string]bool{}
	_ = st.View(func(tx *store.Tx) error {
		for id := uint64(1); ; id++ {
			e, err := tx.OutboxEntry(id)
			if err != nil {
				return nil
			}
			if e.Channel != "sms" {
				continue
			}
			if e.Status == store.OutSent {
				recorded[e.Key] = true
			} else if e.Status == store.OutPending && before[e.Key] > 0 {
				pending[e.Key] = true
			}
		}
	})
	st.Close()
	if len(recorded) < 10 || len(pending) == 0 {
		t.Fatalf("%d SMS recorded as sent and %d in flight at the kill; the test needs both", len(recorded), len(pending))
	}
	for k := range recorded {
		if before[k] != 1 {
			t.Fatalf("SMS %s recorded as sent was sent %d times before the kill", k, before[k])
		}
	}

	// Restart: the sends in flight are repeated after their lease (2 s
	// call deadline + 1 s); none of the recorded ones is.
	startServer(t, dataDir, addr)
	for k := range pending {
		for kannel.counts()[k] < 2 {
			<-kannel.accepted
		}
	}
	after := kannel.counts()
	for k := range recorded {
		if after[k] != 1 {
			t.Errorf("SMS %s, recorded as accepted before the kill, was sent %d times", k, after[k])
		}
	}
	t.Logf("%d SMS recorded as accepted before SIGKILL were not sent again; %d in flight at the kill were sent again after the restart", len(recorded), len(pending))
}
