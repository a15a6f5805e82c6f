package sms

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"hotline/config"
	"hotline/outbound"
)

// The seed corpora live in testdata/fuzz/<FuzzName>; `go test` runs them
// as regression cases, `go test -fuzz=FuzzX` explores from them.

func FuzzParseKannelMO(f *testing.F) {
	f.Add("from=8613953706688&to=12345&id=60ba7b8d&ts=1795759950&coding=0&charset=UTF-8", `text/plain; charset="UTF-8"`, "0", []byte("你好，路灯坏了"))
	f.Add("from=8613953706688&coding=2&charset=UTF-16BE", `text/plain; charset="UTF-16BE"`, "2", []byte{0x4F, 0x60, 0x59, 0x7D})
	f.Add("from=%2B8613953706688&text=O%60Y%7D&coding=2", "", "", []byte(nil))
	f.Add("from=0537-7212345&ts=abc", "text/plain", "", []byte("x"))
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, query, contentType, coding string, body []byte) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		h := http.Header{}
		h.Set("Content-Type", contentType)
		h.Set("X-Kannel-Coding", coding)
		h.Set("X-Kannel-Time", "2026-11-27 06:12:30")
		mo, err := ParseKannelMO(q, h, body, time.UTC, now)
		if err != nil {
			return
		}
		if !utf8.ValidString(mo.Text) {
			t.Errorf("text is not UTF-8: %q", mo.Text)
		}
		if again, err := e164(mo.From); err != nil || again != mo.From {
			t.Errorf("sender %q is not normalised", mo.From)
		}
		if mo.ID == "" || len(mo.ID) > 128 || mo.At.IsZero() {
			t.Errorf("id %q, at %v", mo.ID, mo.At)
		}
	})
}

func FuzzTwilioSignature(f *testing.F) {
	f.Add("12345", vectorURL, vectorParams.Encode())
	f.Add("tok", "https://h.example:443/channels/sms/twilio", "Body=%E4%BD%A0%E5%A5%BD&From=%2B8613953706688&NumMedia=1&MediaUrl0=x")
	f.Add("t", "http://[::1]/x?a=b", "Digits=1&Digits=1&Digits=0")
	f.Fuzz(func(t *testing.T, token, rawURL, body string) {
		form, err := url.ParseQuery(body)
		if err != nil || token == "" {
			return
		}
		sig := TwilioSignature(token, rawURL, form)
		if !ValidTwilioSignature(token, sig, form, portVariants(rawURL)...) {
			t.Fatalf("own signature rejected")
		}
		forged := []byte(sig)
		forged[0] ^= 1
		if ValidTwilioSignature(token, string(forged), form, rawURL) {
			t.Fatalf("forged signature accepted")
		}
		if ValidTwilioSignature(token+"x", sig, form, rawURL) {
			t.Fatalf("signature valid under another token")
		}
		if mo, err := ParseTwilioMO(form); err == nil {
			if !utf8.ValidString(mo.Text) && utf8.ValidString(form.Get("Body")) {
				t.Errorf("text %q", mo.Text)
			}
			if len(mo.Media) > 10 {
				t.Errorf("%d media", len(mo.Media))
			}
		}
	})
}

func FuzzSplit(f *testing.F) {
	f.Add("您好！\n\n【工单编号】20261127-0042\n请保存。😊", uint8(3))
	f.Add(strings.Repeat("您反映的问题已转交市城市管理局办理。", 12), uint8(3))
	f.Add(strings.Repeat("𠀀a", 80), uint8(2))
	f.Add("<b>x</b> **y**\r\n\t\x00", uint8(1))
	f.Add(strings.Repeat("路", 1000), uint8(10))
	f.Fuzz(func(t *testing.T, text string, max uint8) {
		maxParts := int(max%10) + 1
		parts := Split(text, maxParts)
		if len(parts) > maxParts {
			t.Fatalf("%d parts, max %d", len(parts), maxParts)
		}
		for _, p := range parts {
			if p == "" || !utf8.ValidString(p) || strings.Contains(p, "\n\n") {
				t.Fatalf("bad part %q", p)
			}
			limit := PartUnits
			if len(parts) == 1 {
				limit = SingleUnits
			}
			if u := Units(p); u > limit {
				t.Fatalf("part of %d units (limit %d): %q", u, limit, p)
			}
		}
	})
}

// since returns what f recorded after its first before reports.
func (f *fakeEngine) since(before int) []delivery { return f.deliveries()[before:] }

// FuzzKannelDLR sends smsbox delivery reports with any query to the dlr
// handler: it answers 202 or 400 (413 for an oversized query), never
// fails otherwise; a report it takes is recorded once with its decoded
// key and mapped status, and only when it settles the message.
func FuzzKannelDLR(f *testing.F) {
	k := encodeKey("sms:0f3a9c2e71b4d5a6e8c1:12:0")
	for _, q := range []string{
		"key=" + k + "&part=1/1&status=1&ts=1795760000",
		"key=" + k + "&part=1/2&status=8&ts=1795760000",
		"key=" + k + "&part=2/3&status=16",
		"key=" + k + "&status=2&ts=abc",
		"key=" + encodeKey("unknown") + "&status=1",
		"key=%%%&status=1",
		"key=" + k + "&part=3/2&status=1",
		"key=" + k + "&part=1/101&status=4",
		"key=" + k + "&status=%d&ts=%T",
		"key=&status=1",
	} {
		f.Add(q)
	}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	eng := newFakeEngine()
	_, h := newTestKannel(f, eng, "http://127.0.0.1:9", func(_ *config.Kannel, o *Options) { o.Now = func() time.Time { return now } })
	statuses := slices.Collect(maps.Values(dlrStatus))
	f.Fuzz(func(t *testing.T, query string) {
		req := httptest.NewRequest(http.MethodGet, "/channels/sms/kannel/dlr", nil)
		req.URL.RawQuery = "secret=" + testSecret + "&" + query
		req.RemoteAddr = "127.0.0.1:1"
		before := len(eng.deliveries())
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		got := eng.since(before)
		if len(req.URL.RawQuery) > maxQuery {
			if rec.Code != http.StatusRequestEntityTooLarge || len(got) != 0 {
				t.Fatalf("oversized query: %d, %d recorded", rec.Code, len(got))
			}
			return
		}
		d, err := ParseKannelDLR(req.URL.Query())
		if err != nil {
			if rec.Code != http.StatusBadRequest || len(got) != 0 {
				t.Fatalf("malformed report (%v): status %d, recorded %+v", err, rec.Code, got)
			}
			return
		}
		if rec.Code != http.StatusAccepted {
			t.Fatalf("status %d for %+v: %s", rec.Code, d, rec.Body)
		}
		if d.Key == "" || !utf8.ValidString(d.Key) {
			t.Fatalf("key %q", d.Key)
		}
		if !slices.Contains(statuses, d.Status) || d.Status != dlrStatus[req.URL.Query().Get("status")] {
			t.Fatalf("status %q", d.Status)
		}
		if d.Part < 1 || d.Part > d.Parts || d.Parts > 100 {
			t.Fatalf("part %d/%d", d.Part, d.Parts)
		}
		earlyNews := d.Part < d.Parts && d.Status != outbound.DeliveryFailed && d.Status != outbound.DeliverySMSCReject
		want := 1
		if earlyNews || d.Key == "unknown" {
			want = 0
		}
		if len(got) != want {
			t.Fatalf("recorded %+v for %+v, want %d", got, d, want)
		}
		if want == 1 {
			at := d.At
			if at.IsZero() {
				at = now
			}
			if got[0].key != d.Key || got[0].status != d.Status || !got[0].at.Equal(at) {
				t.Fatalf("recorded %+v for %+v", got[0], d)
			}
		}
	})
}

// FuzzKannelDLRRoundTrip: whatever the outbox key, the dlr-url of a part
// carries nothing smsbox would expand but %d and %T, and the report
// smsbox then makes of it records that key and part.
func FuzzKannelDLRRoundTrip(f *testing.F) {
	f.Add("sms:0f3a9c2e71b4d5a6e8c1:12:0", 0, 0, 0)
	f.Add("sms:+8613953706688:3:1", 1, 2, 3)
	f.Add("webchat:路灯/%d?&=#", 2, 99, 4)
	f.Add("%T%d%%", -5, 7, -1)
	eng := newFakeEngine()
	ch, h := newTestKannel(f, eng, "http://127.0.0.1:9", nil)
	g := ch.gw.(*kannel)
	types := slices.Sorted(maps.Keys(dlrStatus))
	f.Fuzz(func(t *testing.T, key string, part, parts, typ int) {
		if key == "" || !utf8.ValidString(key) || key == "unknown" {
			return // outbox keys are non-empty UTF-8
		}
		n := int(uint(parts)%100) + 1
		i := int(uint(part)%uint(n)) + 1
		dlrType := types[uint(typ)%uint(len(types))]
		raw := g.dlrURL(key, i, n)
		if strings.Count(raw, "%") != 2 || !strings.HasSuffix(raw, "&status=%d&ts=%T") {
			t.Fatalf("dlr-url %q has escapes smsbox would expand", raw)
		}
		u, err := url.Parse(strings.NewReplacer("%d", dlrType, "%T", "1795760000").Replace(raw))
		if err != nil {
			t.Fatalf("dlr-url %q: %v", raw, err)
		}
		req := httptest.NewRequest(http.MethodGet, u.RequestURI(), nil)
		req.RemoteAddr = "127.0.0.1:1"
		before := len(eng.deliveries())
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusAccepted {
			t.Fatalf("status %d for %s: %s", rec.Code, u.RequestURI(), rec.Body)
		}
		got := eng.since(before)
		status := dlrStatus[dlrType]
		if !settles(status, i, n) {
			if len(got) != 0 {
				t.Fatalf("part %d/%d %s recorded %+v", i, n, status, got)
			}
			return
		}
		if len(got) != 1 || got[0].key != key || got[0].status != status || !got[0].at.Equal(time.Unix(1795760000, 0)) {
			t.Fatalf("recorded %+v, want key %q status %s", got, key, status)
		}
	})
}

// FuzzTwilioStatus sends status callbacks with any query and form: a
// signed one is answered 204 or 400 (413 when oversized) and recorded
// only when it settles the message, with its key and mapped status; the
// same callback signed with another token is refused and records nothing.
func FuzzTwilioStatus(f *testing.F) {
	k := encodeKey("sms:0f3a9c2e71b4d5a6e8c1:7:0")
	for _, c := range [][2]string{
		{"key=" + k + "&part=1/1", "MessageSid=SM9&MessageStatus=delivered&AccountSid=" + testSID},
		{"key=" + k + "&part=1/2", "MessageStatus=delivered"},
		{"key=" + k + "&part=1/2", "MessageStatus=undelivered&ErrorCode=30003"},
		{"key=" + k, "MessageStatus=sent"},
		{"key=" + k + "&part=2/2", "MessageStatus=queued"},
		{"key=" + encodeKey("unknown") + "&part=1/1", "MessageStatus=failed&ErrorCode=30008"},
		{"key=%zz&part=1/1", "MessageStatus=read"},
		{"part=0/1", "MessageStatus=delivered"},
		{"key=" + k, "MessageStatus=delivered&MessageStatus=failed"},
		{"key=" + k, "%zz=1"},
	} {
		f.Add(c[0], c[1])
	}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	eng := newFakeEngine()
	ch, err := NewTwilio(config.Twilio{AccountSID: testSID, AuthToken: testToken, From: "+15005550006", APIBaseURL: "http://127.0.0.1:9", WebhookURL: hookURL},
		Options{Engine: eng, SMS: testSMSConfig(), Replies: testReplies(), Now: func() time.Time { return now }})
	if err != nil {
		f.Fatal(err)
	}
	h := http.NewServeMux()
	ch.Routes(h)
	const base = "https://12345.example.gov.cn"
	f.Fuzz(func(t *testing.T, query, body string) {
		serve := func(token string) (int, []delivery) {
			req := httptest.NewRequest(http.MethodPost, "/channels/sms/twilio/status", strings.NewReader(body))
			req.URL.RawQuery = query
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if form, err := url.ParseQuery(body); err == nil {
				req.Header.Set("X-Twilio-Signature", TwilioSignature(token, base+req.URL.RequestURI(), form))
			}
			before := len(eng.deliveries())
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Code, eng.since(before)
		}
		form, formErr := url.ParseQuery(body)
		code, got := serve(testToken)
		switch {
		case len(body) > MaxBody:
			if code != http.StatusRequestEntityTooLarge || len(got) != 0 {
				t.Fatalf("oversized body: %d, recorded %+v", code, got)
			}
			return
		case formErr != nil:
			if code != http.StatusBadRequest || len(got) != 0 {
				t.Fatalf("malformed form: %d, recorded %+v", code, got)
			}
			return
		}
		if forged, fgot := serve("not-" + testToken); forged != http.StatusForbidden || len(fgot) != 0 {
			t.Fatalf("callback signed with another token: %d, recorded %+v", forged, fgot)
		}
		q, _ := url.ParseQuery(query)
		s, err := ParseTwilioStatus(q, form)
		if err != nil {
			if code != http.StatusBadRequest || len(got) != 0 {
				t.Fatalf("malformed callback (%v): %d, recorded %+v", err, code, got)
			}
			return
		}
		if code != http.StatusNoContent {
			t.Fatalf("status %d for %+v", code, s)
		}
		if s.Key == "" || !utf8.ValidString(s.Key) || s.Part < 1 || s.Part > s.Parts || s.Parts > 100 {
			t.Fatalf("parsed %+v", s)
		}
		if s.Status != twilioStatus[form.Get("MessageStatus")] {
			t.Fatalf("status %q for MessageStatus %q", s.Status, form.Get("MessageStatus"))
		}
		want := 1
		if s.Status == "" || s.Key == "unknown" || s.Part < s.Parts && s.Status != outbound.DeliveryFailed {
			want = 0
		}
		if len(got) != want || want == 1 && (got[0].key != s.Key || got[0].status != s.Status || !got[0].at.Equal(now)) {
			t.Fatalf("recorded %+v for %+v, want %d", got, s, want)
		}
	})
}
