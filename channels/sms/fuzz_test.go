package sms

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
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
		if again, err := NormalizePhone(mo.From); err != nil || again != mo.From {
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

var normalForm = regexp.MustCompile(`^(\+[1-9][0-9]{4,15}|[1-9][0-9]{2,19})$`)

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"13953706688", "+86 139-5370-6688", "008613953706688", "0537-7212345", "(0537)7212345", "+1 415 555 0100", "12345", "１３９５３７０６６８８", "+86 0537 7212345", "abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		e164, err := NormalizePhone(raw)
		if err != nil {
			return
		}
		if !normalForm.MatchString(e164) {
			t.Fatalf("NormalizePhone(%q) = %q, not a normal form", raw, e164)
		}
		if again, err := NormalizePhone(e164); err != nil || again != e164 {
			t.Fatalf("not idempotent: %q → %q → %q (%v)", raw, e164, again, err)
		}
		if n := NationalPhone(e164); n != "" {
			if back, err := NormalizePhone(n); err != nil || back != e164 {
				t.Fatalf("national %q of %q normalises to %q (%v)", n, e164, back, err)
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
