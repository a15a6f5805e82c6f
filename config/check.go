package config

import (
	"fmt"
	"regexp"
	"strings"
)

// Check checks settings of a Config that another package owns, such as a
// channel's section (channels.Descriptor.Check), and reports what is wrong
// through p. Validate and Load run the checks they are given after their
// own, so that `hotline config check` lists every problem in one pass.
type Check func(c *Config, p *Checker)

// Checker collects the problems a Check finds, with their YAML paths and
// file lines, on the list of the Validate that runs it. Its helpers word
// their problems like Validate's own.
type Checker struct{ v *validator }

// Add reports a problem with the value at path (a YAML path such as
// "channels.wechat.token"); the message is formatted as by fmt.Sprintf.
func (p *Checker) Add(path string, m Msg, args ...any) { p.v.add(path, m, args...) }

// NonEmpty reports an empty (or blank) val and tells whether it is set.
func (p *Checker) NonEmpty(path, val string) bool { return p.v.nonEmpty(path, val) }

// Both reports "pathA is set, so pathB must be set too" when a is set and
// b is not.
func (p *Checker) Both(pathA, a, pathB, b string) { p.v.both(pathA, a, pathB, b) }

// URL reports a val that is set but is not an http:// or https:// URL.
func (p *Checker) URL(path, val string) { p.v.url(path, val) }

// Positive reports a duration that is not positive and tells whether it
// is.
func (p *Checker) Positive(path string, d Duration) bool { return p.v.positive(path, d) }

// IntRange reports a val outside lo..hi.
func (p *Checker) IntRange(path string, val, lo, hi int) { p.v.intRange(path, val, lo, hi) }

// Words reports empty and repeated entries of list, and an empty list when
// required.
func (p *Checker) Words(path string, list []string, required bool) { p.v.words(path, list, required) }

// Path checks an HTTP path the server routes to a handler (a channel's
// webhook): set, starting with /, and not already routed by another
// setting checked in the same Validate.
func (p *Checker) Path(path, val string) {
	v := p.v
	if !v.nonEmpty(path, val) {
		return
	}
	if !strings.HasPrefix(val, "/") {
		v.add(path, msgPathSlash, val)
		return
	}
	if other, dup := v.routes[val]; dup {
		v.add(path, msgPathTaken, val, other)
		return
	}
	if v.routes == nil {
		v.routes = map[string]string{}
	}
	v.routes[val] = path
}

// originRE is an origin a Content-Security-Policy's frame-ancestors
// takes: a scheme, a host (its first label may be *) and a port.
var originRE = regexp.MustCompile(`^https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?/?$`)

// Origins checks a list of web origins (https://www.example.gov.cn, its
// first label may be *): none empty, none twice, each nothing but a
// scheme, a host and a port, since each is written as it is into a
// Content-Security-Policy.
func (p *Checker) Origins(path string, list []string) {
	p.v.words(path, list, false)
	for i, o := range list {
		if o != "" && !originRE.MatchString(o) {
			p.v.add(fmt.Sprintf("%s[%d]", path, i), MsgNotOrigin, o)
		}
	}
}

// RunChecks runs checks alone, without the rest of Validate, and returns
// their problems as Problems, or nil. The server runs a channel's check
// this way before it builds the channel.
func (c *Config) RunChecks(checks ...Check) error {
	v := &validator{c: c}
	p := &Checker{v: v}
	for _, check := range checks {
		if check != nil {
			check(c, p)
		}
	}
	if len(v.probs) == 0 {
		return nil
	}
	v.probs.sort()
	return v.probs
}
