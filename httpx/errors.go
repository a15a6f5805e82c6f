package httpx

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"hotline/config"
)

// The catalogue of HTTP errors: one named value per error a handler
// answers, each with its status, its machine-readable code and its zh-CN
// message (what staff and citizens read), a field of the config's
// http_errors. A handler returns the value, or a copy with details (With,
// Withf); errors.Is matches a copy against its catalogue value. New errors
// are added here and to config.HTTPErrors, not written inline.
var (
	// Generic request errors (also written by ReadBody and DecodeJSON).
	ErrInternal    = newErr(http.StatusInternalServerError, "internal", func(m *config.HTTPErrors) string { return m.Internal })
	ErrTooLarge    = newErr(http.StatusRequestEntityTooLarge, "too_large", func(m *config.HTTPErrors) string { return m.TooLarge })
	ErrBadBody     = newErr(http.StatusBadRequest, "bad_body", func(m *config.HTTPErrors) string { return m.BadBody })
	ErrInvalidUTF8 = newErr(http.StatusBadRequest, "invalid_utf8", func(m *config.HTTPErrors) string { return m.InvalidUTF8 })
	ErrBadJSON     = newErr(http.StatusBadRequest, "bad_json", func(m *config.HTTPErrors) string { return m.BadJSON })
	ErrBadForm     = newErr(http.StatusBadRequest, "bad_form", func(m *config.HTTPErrors) string { return m.BadForm })
	ErrBadQuery    = newErr(http.StatusBadRequest, "bad_query", func(m *config.HTTPErrors) string { return m.BadQuery })
	ErrNoEndpoint  = newErr(http.StatusNotFound, "not_found", func(m *config.HTTPErrors) string { return m.NoEndpoint })
	ErrNoStream    = newErr(http.StatusInternalServerError, "no_stream", func(m *config.HTTPErrors) string { return m.NoStream })
	// ErrUnavailable: the storage cannot write now (a full disk); nothing
	// was saved, and the same request succeeds later (Retry-After).
	ErrUnavailable = newErr(http.StatusServiceUnavailable, "unavailable", func(m *config.HTTPErrors) string { return m.Unavailable })

	// Authentication and permissions.
	ErrBadToken        = newErr(http.StatusUnauthorized, "unauthorized", func(m *config.HTTPErrors) string { return m.BadToken })
	ErrNoAgent         = newErr(http.StatusBadRequest, "no_agent", func(m *config.HTTPErrors) string { return m.NoAgent })
	ErrLoginRequired   = newErr(http.StatusUnauthorized, "no_session", func(m *config.HTTPErrors) string { return m.LoginNeeded })
	ErrLoginMissing    = newErr(http.StatusBadRequest, "missing", func(m *config.HTTPErrors) string { return m.LoginMissing })
	ErrBadLogin        = newErr(http.StatusUnauthorized, "bad_login", func(m *config.HTTPErrors) string { return m.BadLogin })
	ErrTooManyAttempts = newErr(http.StatusTooManyRequests, "too_many_attempts", func(m *config.HTTPErrors) string { return m.TooMany })
	ErrForbidden       = newErr(http.StatusForbidden, "forbidden", func(m *config.HTTPErrors) string { return m.Forbidden })

	// Conversations.
	ErrConvNotFound = newErr(http.StatusNotFound, "not_found", func(m *config.HTTPErrors) string { return m.ConversationNotFound })
	ErrHeld         = newErr(http.StatusConflict, "held", func(m *config.HTTPErrors) string { return m.Held })
	ErrNotHeld      = newErr(http.StatusConflict, "not_held", func(m *config.HTTPErrors) string { return m.NotHeld })
	ErrBadTarget    = newErr(http.StatusUnprocessableEntity, "bad_target", func(m *config.HTTPErrors) string { return m.BadTarget })

	// Work orders.
	ErrOrderNotFound = newErr(http.StatusNotFound, "not_found", func(m *config.HTTPErrors) string { return m.OrderNotFound })
	ErrBadNumber     = newErr(http.StatusBadRequest, "bad_number", func(m *config.HTTPErrors) string { return m.BadNumber })
	ErrBadStatus     = newErr(http.StatusBadRequest, "bad_status", func(m *config.HTTPErrors) string { return m.BadStatus })
	ErrBadState      = newErr(http.StatusConflict, "bad_state", func(m *config.HTTPErrors) string { return m.BadState })
	ErrRule          = newErr(http.StatusUnprocessableEntity, "rule", func(m *config.HTTPErrors) string { return m.Rule })
	ErrRequired      = newErr(http.StatusUnprocessableEntity, "required", func(m *config.HTTPErrors) string { return m.Required })
	ErrTooLong       = newErr(http.StatusBadRequest, "too_long", func(m *config.HTTPErrors) string { return m.TooLong })
	ErrBadField      = newErr(http.StatusUnprocessableEntity, "bad_field", func(m *config.HTTPErrors) string { return m.BadField })
	ErrBadDepartment = newErr(http.StatusUnprocessableEntity, "bad_department", func(m *config.HTTPErrors) string { return m.BadDepartment })
	ErrBadCategory   = newErr(http.StatusUnprocessableEntity, "bad_category", func(m *config.HTTPErrors) string { return m.BadCategory })
	ErrBadDate       = newErr(http.StatusUnprocessableEntity, "bad_date", func(m *config.HTTPErrors) string { return m.BadDate })
	ErrBadRating     = newErr(http.StatusUnprocessableEntity, "bad_rating", func(m *config.HTTPErrors) string { return m.BadRating })
	ErrNoPhone       = newErr(http.StatusNotFound, "no_phone", func(m *config.HTTPErrors) string { return m.NoPhone })
	// ErrArchived: the order was moved to the yearly archive (retention)
	// and is kept read-only.
	ErrArchived    = newErr(http.StatusConflict, "archived", func(m *config.HTTPErrors) string { return m.Archived })
	ErrArchiveBusy = newErr(http.StatusConflict, "archive_busy", func(m *config.HTTPErrors) string { return m.ArchiveBusy })

	// Attachments.
	ErrAttachmentType     = newErr(http.StatusUnsupportedMediaType, "bad_type", func(m *config.HTTPErrors) string { return m.AttachmentType })
	ErrAttachmentTooLarge = newErr(http.StatusRequestEntityTooLarge, "too_large", func(m *config.HTTPErrors) string { return m.AttachmentTooLarge })
	ErrAttachmentNotFound = newErr(http.StatusNotFound, "not_found", func(m *config.HTTPErrors) string { return m.AttachmentNotFound })

	// Users.
	ErrUserExists   = newErr(http.StatusConflict, "exists", func(m *config.HTTPErrors) string { return m.UserExists })
	ErrBadUser      = newErr(http.StatusUnprocessableEntity, "bad_user", func(m *config.HTTPErrors) string { return m.BadUser })
	ErrUserNotFound = newErr(http.StatusNotFound, "not_found", func(m *config.HTTPErrors) string { return m.UserNotFound })
	ErrSelf         = newErr(http.StatusUnprocessableEntity, "self", func(m *config.HTTPErrors) string { return m.Self })
)

var catalogue []*Error

func newErr(status int, code string, msg Text) *Error {
	e := &Error{Status: status, Code: code, msg: msg}
	catalogue = append(catalogue, e)
	return e
}

// Catalogue returns every error of the catalogue (for tests and docs).
func Catalogue() []*Error {
	out := make([]*Error, len(catalogue))
	for i, e := range catalogue {
		c := *e
		out[i] = &c
	}
	return out
}

// With returns a copy of e whose message ends with detail ("用户已存在：li").
func (e *Error) With(detail string) *Error {
	if detail == "" {
		return e.derive()
	}
	return e.with(func(*config.HTTPErrors) string { return detail })
}

// Withf is With with a format.
func (e *Error) Withf(format string, args ...any) *Error { return e.With(fmt.Sprintf(format, args...)) }

// with returns a copy of e whose message ends with the detail that detail
// writes from the city's messages (a detail of http_errors.details).
func (e *Error) with(detail Text) *Error {
	c := e.derive()
	if prev := e.detail; prev != nil {
		c.detail = func(m *config.HTTPErrors) string { return join(prev(m), detail(m)) }
	} else {
		c.detail = detail
	}
	return c
}

// Say returns a copy of e with msg as its whole message (a rule the
// workflow explains itself, in the city's words).
func (e *Error) Say(msg string) *Error {
	return e.SayText(func(*config.HTTPErrors) string { return msg }, config.HTTPErrorData{})
}

// Text picks a text of the city's http_errors (a text/template over
// config.HTTPErrorData), e.g. func(m *config.HTTPErrors) string { return
// m.Desk.BadPage }.
type Text func(*config.HTTPErrors) string

// render is pick filled with data.
func render(pick Text, data config.HTTPErrorData) Text {
	return func(m *config.HTTPErrors) string { return config.Render(pick(m), data) }
}

// WithText returns a copy of e whose message ends with the text pick
// chooses, filled with data, in the words of the request's http_errors.
func (e *Error) WithText(pick Text, data config.HTTPErrorData) *Error {
	return e.with(render(pick, data))
}

// SayText returns a copy of e whose whole message is the text pick
// chooses, filled with data.
func (e *Error) SayText(pick Text, data config.HTTPErrorData) *Error {
	return e.SayFunc(render(pick, data))
}

// WithFunc is WithText for a detail that text writes whole from the
// city's http_errors (a text filled with another of its texts).
func (e *Error) WithFunc(text Text) *Error { return e.with(text) }

// SayFunc is SayText for a message that text writes whole.
func (e *Error) SayFunc(text Text) *Error {
	c := e.derive()
	c.msg, c.detail = text, nil
	return c
}

// New builds an *Error outside the catalogue whose message is the text
// pick chooses, filled with data (an error of one handler only).
func New(status int, code string, pick Text, data config.HTTPErrorData) *Error {
	return &Error{Status: status, Code: code, msg: render(pick, data)}
}

func (e *Error) derive() *Error {
	c := *e
	c.parent = e.root()
	return &c
}

func (e *Error) root() *Error {
	if e.parent != nil {
		return e.parent
	}
	return e
}

// Is reports whether target is the catalogue value e was derived from.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && e.root() == t.root()
}

// Message is e's message in the words of m (the config's http_errors; nil:
// the embedded default's): the catalogue's message or the one Say gave,
// then "：" and the detail, if any.
func (e *Error) Message(m *config.HTTPErrors) string {
	if m == nil {
		m = defaultMessages()
	}
	var msg string
	if e.msg != nil {
		msg = e.msg(m)
	}
	if e.detail != nil {
		msg = join(msg, e.detail(m))
	}
	return msg
}

func join(msg, detail string) string {
	if detail == "" {
		return msg
	}
	if msg == "" {
		return detail
	}
	return msg + "：" + detail
}

// defaultMessages are the embedded default's http_errors, read once, for
// errors written without a city's messages in the request's context (a
// handler tested on its own) and for Error.
var defaultMessages = sync.OnceValue(func() *config.HTTPErrors {
	c, err := config.Default()
	if err != nil {
		panic(err) // the embedded default is checked by config's tests
	}
	return &c.HTTPErrors
})

type messagesKey struct{}

// NewContext returns ctx carrying m, the messages WriteError answers with
// for requests of that context.
func NewContext(ctx context.Context, m *config.HTTPErrors) context.Context {
	return context.WithValue(ctx, messagesKey{}, m)
}

// FromContext returns the messages ctx carries (NewContext), or the
// embedded default's.
func FromContext(ctx context.Context) *config.HTTPErrors {
	if m, ok := ctx.Value(messagesKey{}).(*config.HTTPErrors); ok && m != nil {
		return m
	}
	return defaultMessages()
}

// Messages returns next with m in every request's context: the server
// wraps its whole mux, so that every handler's errors speak the city's
// words without a global.
func Messages(next http.Handler, m *config.HTTPErrors) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(NewContext(r.Context(), m)))
	})
}

// Webhook builds an error of a channel's endpoint whose message pick
// chooses from http_errors.webhooks, filled with data.
func Webhook(status int, code string, pick func(config.WebhookErrors) string, data config.HTTPErrorData) *Error {
	return New(status, code, func(m *config.HTTPErrors) string { return pick(m.Webhooks) }, data)
}
