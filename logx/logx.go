// Package logx builds hotline's slog logger. Every string it writes passes
// through Mask and Redact, so phone numbers and ID-card numbers never reach
// a log in full, and credentials (the configured secrets, access tokens in
// URLs, bot tokens, passwords in query strings) not at all.
package logx

import (
	"fmt"
	"io"
	"log/slog"

	"hotline/domain"
)

// Mask hides the middle of phone numbers (138****1234) and ID-card numbers
// (370802********1234) in s (domain.MaskText).
func Mask(s string) string { return domain.MaskText(s) }

// New returns a logger writing text or JSON to w at level, masking phone
// and ID numbers and removing credentials (Redact, and every one of
// secrets verbatim) in the message and in every attribute.
func New(w io.Writer, format, level string, secrets ...string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil && level != "" {
		return nil, fmt.Errorf("logx: unknown log level %q (debug, info, warn, error)", level)
	}
	ss := newSecretSet(secrets)
	clean := func(s string) string { return Mask(Redact(ss.replace(s))) }
	opts := &slog.HandlerOptions{Level: lv, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		switch a.Value.Kind() {
		case slog.KindString:
			return slog.String(a.Key, clean(a.Value.String()))
		case slog.KindAny:
			if err, ok := a.Value.Any().(error); ok {
				return slog.String(a.Key, clean(err.Error()))
			}
			return slog.String(a.Key, clean(fmt.Sprint(a.Value.Any())))
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
