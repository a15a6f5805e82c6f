// Package logx builds hotline's slog logger. Every string it writes passes
// through Mask, so phone numbers and ID-card numbers never reach a log in
// full.
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
