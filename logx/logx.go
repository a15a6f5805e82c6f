// Package logx builds hotline's slog logger. Every string it writes passes
// through Mask, so phone numbers and ID-card numbers never reach a log in
// full.
package logx

import (
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"
)

var (
	idCard = regexp.MustCompile(`\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]`)
	mobile = regexp.MustCompile(`(\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}`)
	land   = regexp.MustCompile(`0\d{2,3}-\d{7,8}`)
)

// Mask hides the middle of phone numbers (138****1234) and ID-card numbers
// (370802********1234) in s.
func Mask(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	s = idCard.ReplaceAllStringFunc(s, func(m string) string { return m[:6] + "********" + m[14:] })
	s = mobile.ReplaceAllStringFunc(s, func(m string) string {
		d := digits(m)
		d = d[len(d)-11:]
		return d[:3] + "****" + d[7:]
	})
	s = land.ReplaceAllStringFunc(s, func(m string) string {
		i := strings.IndexByte(m, '-')
		return m[:i+1] + "****" + m[len(m)-2:]
	})
	return s
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// New returns a logger writing text or JSON to w at level, masking phone
// and ID numbers in the message and in every string attribute.
func New(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil && level != "" {
		return nil, fmt.Errorf("logx: unknown log level %q (debug, info, warn, error)", level)
	}
	opts := &slog.HandlerOptions{Level: lv, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		switch a.Value.Kind() {
		case slog.KindString:
			return slog.String(a.Key, Mask(a.Value.String()))
		case slog.KindAny:
			if err, ok := a.Value.Any().(error); ok {
				return slog.String(a.Key, Mask(err.Error()))
			}
			return slog.String(a.Key, Mask(fmt.Sprint(a.Value.Any())))
		}
		return a
	}}
	var h slog.Handler
	switch format {
	case "", "text":
		h = slog.NewTextHandler(w, opts)
	case "json":
		h = slog.NewJSONHandler(w, opts)
	default:
		return nil, fmt.Errorf("logx: unknown log format %q (text or json)", format)
	}
	return slog.New(h), nil
}
