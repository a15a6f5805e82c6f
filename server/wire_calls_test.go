package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"hotline/calls"
	"hotline/config"
	"hotline/events/eventstest"
	"hotline/store"
	"hotline/ticket"
)

const callsTestSecret = "calls-secret-0123456789abcdef"

// fakeKannel is Kannel's sendsms interface: it records what would go to
// handsets.
type fakeKannel struct {
	mu   sync.Mutex
	sent []url.Values
}

func (k *fakeKannel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	k.mu.Lock()
	k.sent = append(k.sent, r.URL.Query())
	k.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
	fmt.Fprint(w, "0: Accepted for delivery")
}

// textTo returns the texts sent to number (E.164) so far.
func (k *fakeKannel) textTo(number string) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	var b strings.Builder
	for _, q := range k.sent {
		if q.Get("to") == number {
			b.WriteString(q.Get("text") + "\n")
		}
	}
	return b.String()
}

func newCallServer(t *testing.T) (*deskServer, *fakeKannel) {
	t.Helper()
	k := &fakeKannel{}
	ks := httptest.NewServer(k)
	t.Cleanup(ks.Close)
	d := newDeskServer(t, func(cfg *config.Config) {
		cfg.Dispatch.Auto = true
		cfg.Calls.Secret = callsTestSecret
		cfg.Channels.Kannel.SendURL = ks.URL + "/cgi-bin/sendsms"
		cfg.Channels.Kannel.Username = "gw"
		cfg.Channels.Kannel.Password = "gwpass"
		cfg.Channels.Kannel.Secret = "kannel-secret-0123456789"
	})
	return d, k
}

// switchEvent posts a signed call event as the switch does.
func switchEvent(t *testing.T, base string, ts int64, secret, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/api/calls", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(calls.HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(calls.HeaderSignature, calls.Sign(secret, ts, []byte(body)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// stream opens c's console event stream and returns the events' kinds and
// data as they come.
func (c *client) stream(t *testing.T) <-chan [2]string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", c.url+"/desk/api/events", nil)
	hc := &http.Client{Jar: c.c.Jar}
	resp, err := hc.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("event stream: %v %v", resp, err)
	}
	out := make(chan [2]string, 64)
	go func() {
		defer resp.Body.Close()
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		var kind string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				kind = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				select {
				case out <- [2]string{kind, strings.TrimPrefix(line, "data: ")}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	// The stream says hello once it is subscribed.
	if ev := <-out; ev[0] != "hello" {
		t.Fatalf("first event %v, want hello", ev)
	}
	return out
}

// waitEvent waits for an event of kind whose data passes match.
func waitEvent(t *testing.T, ch <-chan [2]string, kind string, match func(map[string]any) bool) {
	t.Helper()
	timeout := time.After(eventstest.Hang)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("stream closed before a %s event", kind)
			}
			var data map[string]any
			_ = json.Unmarshal([]byte(ev[1]), &data)
			if ev[0] == kind && match(data) {
				return
			}
		case <-timeout:
			t.Fatalf("no %s event", kind)
		}
	}
}

// TestPhoneOrderEndToEnd: a signed answered event pops on the agent's live
// stream; the agent's notes are classified; the order registered from
// them is dispatched automatically; the department handles it; the return
// visit goes by SMS to the caller's number and the caller's SMS "1" rates
// the order. A wrong signature, a stale timestamp and a replayed event
// change nothing.
func TestPhoneOrderEndToEnd(t *testing.T) {
	d, kannel := newCallServer(t)
	wang, li := d.client(t, "wang"), d.client(t, "li")
	wangEvents, liEvents := wang.stream(t), li.stream(t)

	now := time.Now().Unix()
	answered := fmt.Sprintf(`{"call_id":"1764640790.42","event":"answered","caller":"13953706688","agent":"wang","time":"%d","recording_url":"https://pbx.example/rec/1764640790.42.wav"}`, now)
	if code, _ := switchEvent(t, d.url, now, "wrong-secret-0123456789abc", answered); code != 403 {
		t.Fatalf("wrong signature: %d, want 403", code)
	}
	if code, _ := switchEvent(t, d.url, now-6*60, callsTestSecret, answered); code != 403 {
		t.Fatalf("stale timestamp: %d, want 403", code)
	}
	wang.must("GET", "/desk/api/calls/current", nil, 404) // nothing was stored
	if code, out := switchEvent(t, d.url, now, callsTestSecret, answered); code != 200 || out["duplicate"] != false {
		t.Fatalf("answered: %d %v", code, out)
	}
	waitEvent(t, wangEvents, "call", func(ev map[string]any) bool { return ev["agent"] == "wang" })
	if code, out := switchEvent(t, d.url, now+1, callsTestSecret, answered); code != 200 || out["duplicate"] != true {
		t.Fatalf("replayed event: %d %v", code, out)
	}

	pop := wang.must("GET", "/desk/api/calls/current", nil, 200)
	if dr := pop["draft"].(map[string]any); dr["phone"] != "13953706688" || dr["call_id"] != "1764640790.42" {
		t.Fatalf("pop: %v", pop)
	}
	li.must("GET", "/desk/api/calls/current", nil, 404)

	notes := "市民反映任城区古槐路有烧烤摊占道经营，晚上油烟很大，影响居民休息，希望尽快处理"
	cls := wang.must("POST", "/desk/api/calls/classify", map[string]string{"text": notes}, 200)
	if cls["category"] != "SRHW" || cls["district"] != "任城区" || cls["department"] != "任城区人民政府" || cls["title"] == "" {
		t.Fatalf("classification: %v", cls)
	}
	reg := wang.must("POST", "/desk/api/calls/1764640790.42/register", map[string]any{"description": notes}, 200)
	tk := reg["ticket"].(map[string]any)
	number := tk["number"].(string)
	if tk["status"] != string(ticket.Dispatched) || tk["department"] != "任城区人民政府" || tk["call_id"] != "1764640790.42" ||
		tk["recording_url"] != "https://pbx.example/rec/1764640790.42.wav" || tk["channel"] != "phone" {
		t.Fatalf("registered order: %v", tk)
	}
	waitEvent(t, liEvents, "ticket", func(ev map[string]any) bool { return ev["ticket"] == number })
	wang.must("POST", "/desk/api/calls/1764640790.42/register", map[string]any{"description": notes}, 409)

	// The call ends with an order: no callback.
	switchEvent(t, d.url, now+60, callsTestSecret, `{"call_id":"1764640790.42","event":"ended","caller":"13953706688","agent":"wang"}`)
	if cbs := wang.must("GET", "/desk/api/callbacks", nil, 200)["callbacks"].([]any); len(cbs) != 0 {
		t.Fatalf("callbacks: %v", cbs)
	}

	// The district government handles it; the office approves.
	d.addUser(t, "rencheng", "department", "任城区人民政府")
	dept := d.client(t, "rencheng")
	dept.must("POST", "/desk/api/orders/"+number+"/sign", nil, 200)
	dept.must("POST", "/desk/api/orders/"+number+"/reply", map[string]string{"text": "已联合执法取缔占道烧烤摊。"}, 200)
	d.client(t, "office").must("POST", "/desk/api/orders/"+number+"/review", map[string]any{"approve": true, "comment": "同意"}, 200)

	// The return visit goes by SMS to the caller.
	d.waitFor(t, "the return visit by SMS", func() bool { return strings.Contains(kannel.textTo("+8613953706688"), "评价") })

	// The caller answers 1 by SMS.
	q := url.Values{"secret": {"kannel-secret-0123456789"}, "from": {"+8613953706688"}, "to": {"12345"}, "id": {"mo-1"}}
	resp, err := http.Post(d.url+"/channels/sms/kannel?"+q.Encode(), "text/plain; charset=utf-8", bytes.NewBufferString("1"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("SMS reply: %d", resp.StatusCode)
	}
	got := d.client(t, "office").must("GET", "/desk/api/orders/"+number, nil, 200)["ticket"].(map[string]any)
	if got["satisfaction"] != ticket.Satisfied {
		t.Fatalf("after the SMS rating: %v %v", got["status"], got["satisfaction"])
	}
}

// addUser creates a console account with the test password.
func (d *deskServer) addUser(t *testing.T, name, role, dept string) {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(deskTestPass), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		return tx.PutUser(&store.User{Name: name, Role: role, Department: dept, PasswordHash: string(hash), CreatedAt: time.Now()})
	}); err != nil {
		t.Fatal(err)
	}
}
