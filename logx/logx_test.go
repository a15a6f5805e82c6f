package logx

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"电话13953706688", "电话139****6688"},
		{"call +86 139-5370-6688 now", "call 139****6688 now"},
		{"座机0537-7212345", "座机0537-****45"},
		{"身份证370802199001011234", "身份证370802********1234"},
		{"工单20261127-0042", "工单20261127-0042"},
		{"没有数字", "没有数字"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Mask(tt.in); got != tt.want {
				t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLoggerMasksAttributesAndErrors(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var buf bytes.Buffer
		log, err := New(&buf, format, "info")
		if err != nil {
			t.Fatal(err)
		}
		log.Info("sms in", "from", "13953706688", "err", errors.New("send to 13800001111 failed"))
		out := buf.String()
		if strings.Contains(out, "13953706688") || strings.Contains(out, "13800001111") {
			t.Errorf("%s log leaks a phone number: %s", format, out)
		}
		if !strings.Contains(out, "139****6688") {
			t.Errorf("%s log lost the masked number: %s", format, out)
		}
	}
	if _, err := New(&bytes.Buffer{}, "xml", "info"); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Post "https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token=84_AbC-dEf": context deadline exceeded`,
			`Post "https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token=REDACTED": context deadline exceeded`},
		{`Get "http://127.0.0.1:13013/cgi-bin/sendsms?username=gw&password=s3cr%21t&to=%2B86"`,
			`Get "http://127.0.0.1:13013/cgi-bin/sendsms?username=gw&password=REDACTED&to=%2B86"`},
		{`POST /cgi-bin/webhook/send?key=693a91f6-7xxx`, `POST /cgi-bin/webhook/send?key=REDACTED`},
		{`https://api.telegram.org/bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage`, `https://api.telegram.org/botREDACTED/sendMessage`},
		{`Authorization: Bearer 0123456789abcdef`, `Authorization: Bearer REDACTED`},
		{`?signature=abc&timestamp=1&nonce=2&msg_signature=def`, `?signature=REDACTED&timestamp=1&nonce=2&msg_signature=REDACTED`},
		{`errcode=45015 , errmsg=response out of time limit`, `errcode=45015 , errmsg=response out of time limit`},
		{`工单 20261127-0042 已派单`, `工单 20261127-0042 已派单`},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q)\n = %q\nwant %q", tt.in, got, tt.want)
		}
	}
	base := errors.New("send?access_token=XYZ failed")
	wrapped := RedactError(base)
	if strings.Contains(wrapped.Error(), "XYZ") || !errors.Is(wrapped, base) {
		t.Errorf("RedactError: %v (is base: %v)", wrapped, errors.Is(wrapped, base))
	}
}

func TestLoggerRemovesConfiguredSecrets(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var buf bytes.Buffer
		log, err := New(&buf, format, "debug", "wx-app-secret-123", "p@ss word", "")
		if err != nil {
			t.Fatal(err)
		}
		log.Info("fetch token with wx-app-secret-123", "url", "https://x/?pw=p%40ss+word", "err", errors.New("bad p@ss word"))
		out := buf.String()
		for _, s := range []string{"wx-app-secret-123", "p@ss word", "p%40ss+word"} {
			if strings.Contains(out, s) {
				t.Errorf("%s log leaks %q: %s", format, s, out)
			}
		}
	}
}
