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
