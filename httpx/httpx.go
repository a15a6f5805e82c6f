// Package httpx holds the few HTTP helpers every handler shares: one JSON
// error shape, body limits, and JSON decoding that rejects what Go's
// decoder would silently accept (invalid UTF-8, trailing data).
package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hotline/config"
)

// Error is an error with an HTTP status, a machine-readable code and a
// message for people, written in the city's words (Message) when it is
// answered.
type Error struct {
	Status int
	Code   string
	msg    Text   // the catalogue's message, or the whole one Say gave
	detail Text   // what follows the message, after "："
	parent *Error // the catalogue value this error was derived from
}

// Error returns the message in the embedded default's words.
func (e *Error) Error() string { return e.Message(nil) }

// Errorf builds an *Error outside the catalogue (errors.go) whose message
// the caller wrote, in the city's words; prefer a catalogue value.
func Errorf(status int, code, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Status: status, Code: code, msg: func(*config.HTTPErrors) string { return msg }}
}

// WriteJSON writes v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// WriteError writes err as {"error": {"code", "message"}}, the message in
// the words the request's context carries (NewContext). An error that
// says the service cannot write for now (an Unavailable method, as the
// store's *UnavailableError has) becomes ErrUnavailable, a 503 with
// Retry-After; other errors that are not *Error become a 500 whose details
// are not shown.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var he *Error
	var un unavailable
	switch {
	case errors.As(err, &he):
	case errors.As(err, &un):
		he = ErrUnavailable
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(un.Unavailable().Seconds()))))
	default:
		he = ErrInternal
	}
	m := defaultMessages()
	if r != nil {
		m = FromContext(r.Context())
	}
	WriteJSON(w, he.Status, map[string]errorJSON{"error": {Code: he.Code, Message: he.Message(m)}})
}

type errorJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// unavailable is an error that says to try again after a while.
type unavailable interface {
	error
	Unavailable() time.Duration
}

// ReadBody reads at most max bytes of r's body; a longer body is a 413.
func ReadBody(r *http.Request, max int64) ([]byte, error) {
	// A declared length over the limit is refused before reading: with
	// Expect: 100-continue the client then never sends the body and reads
	// the 413 instead of a reset connection.
	if r.ContentLength > max {
		return nil, tooLarge(max)
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, max))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge(max)
		}
		return nil, ErrBadBody
	}
	return body, nil
}

// DecodeJSON reads a JSON object of at most max bytes into v. Invalid
// UTF-8, malformed JSON, unknown fields and trailing data are 400s.
func DecodeJSON(r *http.Request, max int64, v any) error {
	body, err := ReadBody(r, max)
	if err != nil {
		return err
	}
	if !utf8.Valid(body) {
		return ErrInvalidUTF8
	}
	dec := json.NewDecoder(bytesReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return ErrBadJSON.with(jsonDetail(err))
	}
	if dec.More() {
		return ErrBadJSON.WithText(func(m *config.HTTPErrors) string { return m.Details.JSONTrailing }, config.HTTPErrorData{})
	}
	return nil
}

// tooLarge is ErrTooLarge for a body over max bytes.
func tooLarge(max int64) *Error {
	return ErrTooLarge.WithText(func(m *config.HTTPErrors) string { return m.Details.BodyLimit }, config.HTTPErrorData{Max: max})
}

type byteReader struct {
	b []byte
	i int
}

func (r *byteReader) Read(p []byte) (int, error) {
	if r.i >= len(r.b) {
		return 0, io.EOF
	}
	n := copy(p, r.b[r.i:])
	r.i += n
	return n, nil
}

func bytesReader(b []byte) io.Reader { return &byteReader{b: b} }

// HandlerFunc is an http.HandlerFunc that returns an error; Handle turns
// it into one that writes the error with WriteError.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle adapts h to http.Handler.
func Handle(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			WriteError(w, r, err)
		}
	})
}

// jsonDetail says in the city's words what was wrong with a JSON body.
func jsonDetail(err error) Text {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return render(func(m *config.HTTPErrors) string { return m.Details.JSONSyntax }, config.HTTPErrorData{Offset: se.Offset})
	case errors.As(err, &te):
		if te.Field != "" {
			return render(func(m *config.HTTPErrors) string { return m.Details.JSONFieldType }, config.HTTPErrorData{Field: te.Field})
		}
		return render(func(m *config.HTTPErrors) string { return m.Details.JSONType }, config.HTTPErrorData{})
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return render(func(m *config.HTTPErrors) string { return m.Details.JSONIncomplete }, config.HTTPErrorData{})
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return render(func(m *config.HTTPErrors) string { return m.Details.JSONUnknownField }, config.HTTPErrorData{Field: f})
	}
	return func(*config.HTTPErrors) string { return "" }
}
