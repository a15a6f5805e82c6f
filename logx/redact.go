package logx

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// secretParam matches a query or form parameter (or a key=value in an
// error text) whose value is a credential: WeChat's access_token, a robot
// key, Kannel's password, signatures and the like.
var secretParam = regexp.MustCompile(`(?i)\b((?:access_|auth_|api_|app_?|corp|client_|refresh_|msg_)?(?:token|key|secret|signature|sig|password|passwd|pwd|apikey|credential)s?)=([^&\s"'<>]+)`)

// secretPath matches credentials that sit in a URL's path: Telegram's
// /bot<id>:<token>/method.
var secretPath = regexp.MustCompile(`bot\d{3,}:[A-Za-z0-9_-]{10,}`)

// bearer matches an Authorization header's credential.
var bearer = regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}`)

// Redacted stands in for a removed credential.
const Redacted = "REDACTED"

// Redact removes credentials from s: secret-looking URL parameters and
// key=value pairs, Telegram bot tokens in URL paths and bearer tokens.
// Everything else is kept, so an error still says what failed and where.
func Redact(s string) string {
	if strings.IndexByte(s, '=') >= 0 {
		s = secretParam.ReplaceAllString(s, "${1}="+Redacted)
	}
	if strings.Contains(s, "bot") {
		s = secretPath.ReplaceAllString(s, "bot"+Redacted)
	}
	if strings.ContainsAny(s, "Bb") {
		s = bearer.ReplaceAllString(s, "${1} "+Redacted)
	}
	return s
}

// RedactError returns err with a redacted message; errors.Is and As still
// see the original through Unwrap. nil stays nil.
func RedactError(err error) error {
	if err == nil {
		return nil
	}
	msg := Redact(err.Error())
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// secretSet replaces configured secrets wherever they appear, also in
// their URL-encoded forms.
type secretSet []string

func newSecretSet(secrets []string) secretSet {
	var out secretSet
	for _, s := range secrets {
		if len(s) < 4 { // too short to find without mangling other text
			continue
		}
		out = append(out, s)
		if q := url.QueryEscape(s); q != s {
			out = append(out, q)
		}
	}
	// Longest first, so that a secret containing another goes whole.
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

func (ss secretSet) replace(s string) string {
	for _, sec := range ss {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, Redacted)
		}
	}
	return s
}
