package sms

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/config"
	"hotline/inbound"
	"hotline/outbound"
)

var shanghai = time.FixedZone("CST", 8*3600)

// readRequest loads a captured smsbox request from testdata/kannel.
func readRequest(t *testing.T, name string) *http.Request {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "kannel", name))
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(b)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	req.RemoteAddr = "127.0.0.1:40000"
	return req
}

func TestParseKannelMO(t *testing.T) {
	now := time.Date(2026, 11, 27, 14, 0, 0, 0, shanghai)
	cases := []struct {
		file   string
		from   string
		text   string
		id     string
		at     time.Time
		wantID bool
	}{
		{"post_mo_recode_ucs2.http", "+8613953706688", "你好，路灯坏了", "60ba7b8d-8e94-4e7e-b488-406b43486909", time.Unix(1795759950, 0), true},
		{"post_raw_ucs2.http", "+8613953706688", "你好，路灯坏了", "1ba4a0c2-57e5-4d90-bab2-20105343d26d", time.Unix(1795759959, 0), true},
		{"post_text.http", "+8613953706688", "hello+world", "14871fc3-abc5-41b2-9b8e-0c8509def1b7", time.Unix(1795759937, 0), true},
		{"get_raw_ucs2.http", "+8613953706688", "你好，路灯坏了", "0b4f6f1e-2b7e-4c55-9d0f-5d2b8f0e9a11", time.Unix(1795759959, 0), true},
		// Headers only: the sender from X-Kannel-From, the time from
		// X-Kannel-Time in the city's zone, a digest as the id.
		{"post_headers_only.http", "+8613953706688", "你好，路灯坏了", "", time.Date(2026, 11, 27, 6, 12, 30, 0, shanghai), true},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			req := readRequest(t, c.file)
			var body []byte
			if req.Method == http.MethodPost {
				body, _ = readAll(req)
			}
			mo, err := ParseKannelMO(req.URL.Query(), req.Header, body, shanghai, now)
			if err != nil {
				t.Fatal(err)
			}
			if mo.From != c.from || mo.Text != c.text || mo.To != "12345" && req.Method == http.MethodPost {
				t.Errorf("got from %q to %q text %q", mo.From, mo.To, mo.Text)
			}
			if c.id != "" && mo.ID != c.id {
				t.Errorf("id = %q, want %q", mo.ID, c.id)
			}
			if c.id == "" && !strings.HasPrefix(mo.ID, "h:") {
				t.Errorf("id = %q, want a digest", mo.ID)
			}
			if !mo.At.Equal(c.at) || !mo.Stamped.Equal(c.at) {
				t.Errorf("at = %v, stamped %v, want %v", mo.At, mo.Stamped, c.at)
			}
		})
	}
	// Without ts=%T or X-Kannel-Time the message is dated when it came,
	// and carries no time of smsbox's for its dedupe key.
	q := url.Values{"from": {"13953706688"}, "id": {"60ba7b8d-8e94-4e7e-b488-406b43486909"}}
	mo, err := ParseKannelMO(q, http.Header{}, []byte("路灯坏了"), shanghai, now)
	if err != nil {
		t.Fatal(err)
	}
	if !mo.At.Equal(now) || !mo.Stamped.IsZero() {
		t.Errorf("no time sent: at %v, stamped %v; want %v and none", mo.At, mo.Stamped, now)
	}
}

func readAll(r *http.Request) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(r.Body)
	return b.Bytes(), err
}

func TestParseKannelMORejects(t *testing.T) {
	now := time.Now()
	cases := []struct {
		name  string
		query string
		body  string
		hdr   http.Header
	}{
		{"no sender", "to=12345", "hi", nil},
		{"bad sender", "from=abc", "hi", nil},
		{"bad ts", "from=13953706688&ts=yesterday", "hi", nil},
		{"odd ucs2", "from=13953706688&coding=2", "abc", nil},
		{"invalid utf8", "from=13953706688&charset=UTF-8", "\xff\xfe\xfd", nil},
		{"long id", "from=13953706688&id=" + strings.Repeat("x", 200), "hi", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, _ := url.ParseQuery(c.query)
			h := c.hdr
			if h == nil {
				h = http.Header{}
			}
			if _, err := ParseKannelMO(q, h, []byte(c.body), shanghai, now); err == nil {
				t.Error("accepted")
			}
		})
	}
}

func TestDecodeText(t *testing.T) {
	utf16be := func(s string) []byte {
		var b []byte
		for _, r := range s { // BMP only in these cases
			b = append(b, byte(r>>8), byte(r))
		}
		return b
	}
	cases := []struct {
		name, charset, coding string
		raw                   []byte
		want                  string
	}{
		{"utf-8", "UTF-8", "0", []byte("路灯坏了"), "路灯坏了"},
		{"no hints", "", "", []byte("路灯坏了"), "路灯坏了"},
		{"utf-16be", "UTF-16BE", "2", utf16be("路灯坏了"), "路灯坏了"},
		// 你 is 0x4F60: as bytes "O`", valid ASCII; the hint decides.
		{"ucs2 looks like ascii", "", "2", utf16be("你"), "你"},
		{"ucs-2 name", "ucs-2", "", utf16be("好"), "好"},
		{"bom", "UTF-16", "", append([]byte{0xFE, 0xFF}, utf16be("好")...), "好"},
		{"little endian bom", "UTF-16", "", []byte{0xFF, 0xFE, 0x7D, 0x59}, "好"},
		{"surrogates", "UTF-16BE", "", []byte{0xD8, 0x40, 0xDC, 0x00}, "\U00020000"},
		{"latin1", "ISO-8859-1", "1", []byte{'c', 'a', 'f', 0xE9}, "café"},
		{"nul padding", "UTF-16BE", "2", append(utf16be("好"), 0, 0), "好"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := DecodeText(c.raw, c.charset, c.coding)
			if err != nil || got != c.want {
				t.Errorf("DecodeText = %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func TestKannelMOHandler(t *testing.T) {
	eng := newFakeEngine("您好，已收到。")
	sendsms := newFakeSendsms(t)
	_, h := newTestKannel(t, eng, sendsms.srv.URL+"/cgi-bin/sendsms", nil)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, readRequest(t, "post_mo_recode_ucs2.http"))
	if rec.Code != http.StatusAccepted || rec.Body.Len() != 0 {
		t.Fatalf("answer %d %q, want 202 with an empty body", rec.Code, rec.Body.String())
	}
	msgs := eng.messages()
	if len(msgs) != 1 {
		t.Fatalf("engine got %d messages", len(msgs))
	}
	want := inbound.Message{Channel: "sms", UserID: "+8613953706688", ExternalID: "60ba7b8d-8e94-4e7e-b488-406b43486909",
		Text: "你好，路灯坏了", Phone: "13953706688"}
	got := msgs[0]
	if got.Channel != want.Channel || got.UserID != want.UserID || got.ExternalID != want.ExternalID ||
		got.Text != want.Text || got.Phone != want.Phone || !got.ReceivedAt.Equal(time.Unix(1795759950, 0)) ||
		!got.ExternalTime.Equal(time.Unix(1795759950, 0)) {
		t.Errorf("message = %+v", got)
	}
	// Kannel retrying the same push is a duplicate; still a 202.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, readRequest(t, "post_mo_recode_ucs2.http"))
	if rec.Code != http.StatusAccepted || len(eng.messages()) != 1 {
		t.Errorf("retry: %d, %d messages", rec.Code, len(eng.messages()))
	}
	if n := len(sendsms.got()); n != 0 {
		t.Errorf("the MO handler itself sent %d SMS; replies belong to the outbox", n)
	}
}

func TestKannelEndpointsRefuseStrangers(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(*config.Kannel, *Options)
		target string
		remote string
	}{
		{"no secret", nil, "/channels/sms/kannel?from=13953706688&id=1", "127.0.0.1:1"},
		{"wrong secret", nil, "/channels/sms/kannel?secret=guess-guess-guess&from=13953706688&id=1", "127.0.0.1:1"},
		{"dlr without secret", nil, "/channels/sms/kannel/dlr?key=eA&status=1", "127.0.0.1:1"},
		{"address not allowed", func(k *config.Kannel, _ *Options) { k.Secret = ""; k.AllowIPs = []string{"10.0.0.0/24"} },
			"/channels/sms/kannel?from=13953706688&id=1", "10.0.1.9:5000"},
		{"secret right, address wrong", func(k *config.Kannel, _ *Options) { k.AllowIPs = []string{"10.0.0.5"} },
			"/channels/sms/kannel?secret=" + testSecret + "&from=13953706688&id=1", "127.0.0.1:1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eng := newFakeEngine("好")
			_, h := newTestKannel(t, eng, "http://127.0.0.1:9/cgi-bin/sendsms", c.edit)
			req := httptest.NewRequest(http.MethodPost, c.target, strings.NewReader("路灯坏了"))
			req.RemoteAddr = c.remote
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusForbidden {
				t.Errorf("status %d, want 403", rec.Code)
			}
			if len(eng.messages()) != 0 || len(eng.deliveries()) != 0 {
				t.Error("something reached the engine")
			}
		})
	}
	t.Run("allowed address without secret", func(t *testing.T) {
		eng := newFakeEngine()
		_, h := newTestKannel(t, eng, "http://127.0.0.1:9/cgi-bin/sendsms", func(k *config.Kannel, _ *Options) {
			k.Secret = ""
			k.AllowIPs = []string{"10.0.0.0/24", "::1"}
		})
		req := httptest.NewRequest(http.MethodPost, "/channels/sms/kannel?from=13953706688&id=7", strings.NewReader("路灯坏了"))
		req.RemoteAddr = "10.0.0.7:5000"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusAccepted || len(eng.messages()) != 1 {
			t.Errorf("status %d, %d messages", rec.Code, len(eng.messages()))
		}
	})
}

func TestKannelOptOut(t *testing.T) {
	eng := newFakeEngine("您好，已收到。")
	sendsms := newFakeSendsms(t)
	ch, h := newTestKannel(t, eng, sendsms.srv.URL+"/cgi-bin/sendsms", nil)
	post := func(id, text string) int {
		req := httptest.NewRequest(http.MethodPost, "/channels/sms/kannel?secret="+testSecret+"&from=8613953706688&to=12345&id="+id, strings.NewReader(text))
		req.Header.Set("Content-Type", "text/plain; charset=UTF-8")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	for _, step := range []struct{ id, text string }{{"a1", " 退订。"}, {"a1", "退订"}, {"a2", "td"}} {
		if code := post(step.id, step.text); code != http.StatusAccepted {
			t.Fatalf("%s: status %d", step.text, code)
		}
	}
	msgs := eng.messages()
	if len(msgs) != 2 || msgs[0].Event != "unsubscribe" || msgs[1].Event != "unsubscribe" {
		t.Fatalf("engine got %+v", msgs)
	}
	got := sendsms.got()
	if len(got) != 1 {
		t.Fatalf("sent %d confirmations, want exactly 1", len(got))
	}
	if c := got[0]; c.Get("to") != "+8613953706688" || !strings.Contains(c.Get("text"), "退订") || c.Get("dlr-url") != "" {
		t.Errorf("confirmation = %v", c)
	}
	err := ch.Send(context.Background(), outbound.Message{ID: "x1", To: "+8613953706688", Text: "您的工单已办结"})
	var perm *outbound.PermanentError
	if !errors.As(err, &perm) || !errors.Is(err, ErrOptedOut) {
		t.Errorf("Send to an opted-out number = %v, want a permanent ErrOptedOut", err)
	}
	if len(sendsms.got()) != 1 {
		t.Error("a message went to an opted-out number")
	}

	// Writing again re-subscribes: the engine clears the opt-out, and its
	// reply (sent by the outbox through Send) reaches the citizen.
	if code := post("a3", "路灯又坏了"); code != http.StatusAccepted {
		t.Fatalf("later SMS: status %d", code)
	}
	msgs = eng.messages()
	if len(msgs) != 3 || msgs[2].Event != "" || msgs[2].Text != "路灯又坏了" {
		t.Fatalf("engine got %+v", msgs)
	}
	if eng.OptedOut(Name, "+8613953706688") {
		t.Fatal("still opted out after writing again")
	}
	if err := ch.Send(context.Background(), outbound.Message{ID: "x2", To: "+8613953706688", Text: "您好，已收到。"}); err != nil {
		t.Fatalf("Send after re-subscribing = %v", err)
	}
	got = sendsms.got()
	if len(got) != 2 || got[1].Get("text") != "您好，已收到。" || got[1].Get("to") != "+8613953706688" {
		t.Fatalf("sendsms got %v, want the confirmation and the reply", got)
	}
	// A new opt-out is confirmed again.
	if code := post("a4", "T"); code != http.StatusAccepted {
		t.Fatalf("second opt-out: status %d", code)
	}
	if got = sendsms.got(); len(got) != 3 || !strings.Contains(got[2].Get("text"), "退订") {
		t.Errorf("second opt-out: sendsms got %v, want a second confirmation", got)
	}
}

func TestKannelSend(t *testing.T) {
	sendsms := newFakeSendsms(t)
	eng := newFakeEngine()
	ch, _ := newTestKannel(t, eng, sendsms.srv.URL+"/cgi-bin/sendsms?smsc=FAKE", nil)
	key := "sms:+8613953706688:3:0"
	if err := ch.Send(context.Background(), outbound.Message{ID: key, To: "13953706688", Text: "您好！\n\n已受理 👍"}); err != nil {
		t.Fatal(err)
	}
	got := sendsms.got()
	if len(got) != 1 {
		t.Fatalf("%d requests", len(got))
	}
	q := got[0]
	want := map[string]string{
		"username": "gw", "password": "gwpass", "from": "12345", "to": "+8613953706688",
		"text": "您好！\n已受理", "charset": "UTF-8", "coding": "2", "dlr-mask": "31", "smsc": "FAKE",
		"dlr-url": "http://gw.example:8080/channels/sms/kannel/dlr?secret=" + testSecret + "&key=" + encodeKey(key) + "&part=1/1&status=%d&ts=%T",
	}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, q.Get(k), v)
		}
	}
	if dk, err := decodeKey(encodeKey(key)); err != nil || dk != key {
		t.Errorf("key round trip = %q, %v", dk, err)
	}
	if strings.Contains(q.Get("dlr-url"), "%3A") || strings.Count(q.Get("dlr-url"), "%") != 2 {
		t.Errorf("dlr-url has escapes smsbox would expand: %s", q.Get("dlr-url"))
	}
}

func TestKannelSendOutcomes(t *testing.T) {
	cases := []struct {
		name      string
		status    int
		permanent bool
		ok        bool
	}{
		{"accepted", http.StatusAccepted, false, true},
		{"ok", http.StatusOK, false, true},
		{"bad credentials", http.StatusForbidden, true, false},
		{"bad number", http.StatusBadRequest, true, false},
		{"unavailable", http.StatusServiceUnavailable, false, false},
		{"internal", http.StatusInternalServerError, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sendsms := newFakeSendsms(t, c.status)
			ch, _ := newTestKannel(t, newFakeEngine(), sendsms.srv.URL, nil)
			err := ch.Send(context.Background(), outbound.Message{ID: "k", To: "+8613953706688", Text: "您好"})
			var perm *outbound.PermanentError
			if (err == nil) != c.ok || errors.As(err, &perm) != c.permanent {
				t.Errorf("Send = %v; want ok %v, permanent %v", err, c.ok, c.permanent)
			}
			if err != nil && strings.Contains(err.Error(), "gwpass") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		dead := srv.URL
		srv.Close()
		ch, _ := newTestKannel(t, newFakeEngine(), dead+"/cgi-bin/sendsms", nil)
		err := ch.Send(context.Background(), outbound.Message{ID: "k", To: "+8613953706688", Text: "您好"})
		var perm *outbound.PermanentError
		if err == nil || errors.As(err, &perm) || strings.Contains(err.Error(), "gwpass") {
			t.Errorf("Send = %v, want a retryable error without the password", err)
		}
	})
	t.Run("not a number", func(t *testing.T) {
		ch, _ := newTestKannel(t, newFakeEngine(), "http://127.0.0.1:9", nil)
		var perm *outbound.PermanentError
		if err := ch.Send(context.Background(), outbound.Message{ID: "k", To: "wx:openid", Text: "您好"}); !errors.As(err, &perm) {
			t.Errorf("Send = %v, want permanent", err)
		}
	})
}

func TestKannelSendPartsOnceEach(t *testing.T) {
	// The second part fails once: the retry sends only parts 2 and 3.
	sendsms := newFakeSendsms(t, 202, 503, 202)
	ch, _ := newTestKannel(t, newFakeEngine(), sendsms.srv.URL, nil)
	text := strings.Repeat("您反映的问题已转交市城市管理局办理。", 9)
	o := outbound.Message{ID: "long", To: "+8613953706688", Text: text}
	if err := ch.Send(context.Background(), o); err == nil {
		t.Fatal("first attempt succeeded despite the 503")
	}
	o.Attempt = 2
	if err := ch.Send(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	got := sendsms.got()
	var texts []string
	for _, q := range got {
		texts = append(texts, q.Get("text"))
	}
	if len(got) != 4 {
		t.Fatalf("%d requests, want 4 (1, 2 failed, 2, 3): %q", len(got), texts)
	}
	for i, prefix := range []string{"(1/3)", "(2/3)", "(2/3)", "(3/3)"} {
		if !strings.HasPrefix(texts[i], prefix) {
			t.Errorf("request %d text %q, want prefix %s", i+1, texts[i], prefix)
		}
		if !strings.Contains(got[i].Get("dlr-url"), "part="+prefix[1:4]) {
			t.Errorf("request %d dlr-url %q lacks part %s", i+1, got[i].Get("dlr-url"), prefix[1:4])
		}
	}
}

func TestKannelRateLimit(t *testing.T) {
	sendsms := newFakeSendsms(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, shanghai)
	ch, _ := newTestKannel(t, newFakeEngine(), sendsms.srv.URL, func(_ *config.Kannel, o *Options) {
		o.SMS.RatePerHour = 2
		o.Now = func() time.Time { return now }
	})
	send := func(id, to string) error {
		return ch.Send(context.Background(), outbound.Message{ID: id, To: to, Text: "您好"})
	}
	for i, id := range []string{"a", "b"} {
		if err := send(id, "13953706688"); err != nil {
			t.Fatalf("send %d: %v", i+1, err)
		}
	}
	err := send("c", "+8613953706688")
	var perm *outbound.PermanentError
	if err == nil || errors.As(err, &perm) || !strings.Contains(err.Error(), "retry in") {
		t.Fatalf("third send = %v, want a retryable rate-limit error", err)
	}
	if err := send("d", "13800000001"); err != nil {
		t.Errorf("another recipient was limited: %v", err)
	}
	now = now.Add(time.Hour)
	if err := send("c", "+8613953706688"); err != nil {
		t.Errorf("an hour later: %v", err)
	}
	if n := len(sendsms.got()); n != 4 {
		t.Errorf("%d SMS sent, want 4", n)
	}
}

func TestKannelDLR(t *testing.T) {
	eng := newFakeEngine()
	_, h := newTestKannel(t, eng, "http://127.0.0.1:9", nil)
	serve := func(req *http.Request) int {
		req.RemoteAddr = "127.0.0.1:1"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	if code := serve(readRequest(t, "get_dlr_ack.http")); code != http.StatusAccepted {
		t.Fatalf("status %d", code)
	}
	if code := serve(readRequest(t, "get_dlr_delivered.http")); code != http.StatusAccepted {
		t.Fatalf("status %d", code)
	}
	k := encodeKey("sms:+8613953706688:1:0")
	dlr := func(q string) *http.Request {
		return httptest.NewRequest(http.MethodGet, "/channels/sms/kannel/dlr?secret="+testSecret+"&"+q, nil)
	}
	// An earlier part's success says nothing; its failure does.
	if code := serve(dlr("key=" + k + "&part=1/2&status=1")); code != http.StatusAccepted {
		t.Fatalf("status %d", code)
	}
	if code := serve(dlr("key=" + k + "&part=1/2&status=16")); code != http.StatusAccepted {
		t.Fatalf("status %d", code)
	}
	// A report for a message the store does not know is acknowledged.
	if code := serve(dlr("key=" + encodeKey("unknown") + "&status=1")); code != http.StatusAccepted {
		t.Errorf("unknown key: status %d", code)
	}
	for _, bad := range []string{"key=" + k + "&status=3", "key=%%%&status=1", "key=" + k + "&status=1&part=3/2", "status=1"} {
		if code := serve(dlr(bad)); code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, code)
		}
	}
	got := eng.deliveries()
	want := []delivery{
		{"sms:+8613953706688:1:0", outbound.DeliverySMSCAck, time.Unix(1795760000, 0)},
		{"sms:+8613953706688:1:0", outbound.DeliveryDelivered, time.Unix(1795760000, 0)},
		{"sms:+8613953706688:1:0", outbound.DeliverySMSCReject, time.Time{}},
	}
	if len(got) != len(want) {
		t.Fatalf("deliveries = %+v", got)
	}
	for i := range want {
		if got[i].key != want[i].key || got[i].status != want[i].status || (!want[i].at.IsZero() && !got[i].at.Equal(want[i].at)) {
			t.Errorf("delivery %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestNewKannelNeedsProtection(t *testing.T) {
	_, err := NewKannel(config.Kannel{SendURL: "http://k/cgi-bin/sendsms", Username: "u", Password: "p"}, Options{Engine: newFakeEngine(), Replies: testReplies()})
	if err == nil || !strings.Contains(err.Error(), "secret") {
		t.Errorf("NewKannel without secret or allow_ips = %v", err)
	}
}
