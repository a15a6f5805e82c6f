package config

import (
	"strings"
	"time"
)

// Calls configures the call center's switch (POST /api/calls), screen pops
// and the missed-call callback list (漏接回拨).
type Calls struct {
	// Secret signs the switch's requests (HMAC-SHA256); empty turns
	// POST /api/calls off. Set HOTLINE_CALLS_SECRET.
	Secret string `yaml:"secret"`
	// MaxSkew is how far a request's X-Hotline-Timestamp may be from the
	// gateway's clock (5m).
	MaxSkew Duration `yaml:"max_skew"`
	// CallbackWithin is the callback deadline in working hours (2h).
	CallbackWithin Duration `yaml:"callback_within"`
	// WorkdayStart is when the working day starts ("08:30"); it ends at
	// time_limits.workday_end_hour.
	WorkdayStart string `yaml:"workday_start"`
	// Agents maps the switch's agent logins (extensions) to console user
	// names; a login that is not listed is taken as the user name.
	Agents map[string]string `yaml:"agents"`
}

// WorkdayStartClock returns WorkdayStart as hours and minutes.
func (c Calls) WorkdayStartClock() (hour, minute int, err error) {
	s := strings.TrimSpace(c.WorkdayStart)
	if s == "" {
		return 8, 30, nil
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, 0, msgNotClock.err(c.WorkdayStart)
	}
	return t.Hour(), t.Minute(), nil
}

// AgentUser returns the console user of the switch's agent login.
func (c Calls) AgentUser(login string) string {
	login = strings.TrimSpace(login)
	if u, ok := c.Agents[login]; ok {
		return u
	}
	return login
}

func (v *validator) calls() {
	c := v.c.Calls
	if c.Secret != "" && len(c.Secret) < 16 {
		v.add("calls.secret", msgTooShort16)
	}
	if v.positive("calls.max_skew", c.MaxSkew) && c.MaxSkew.D() > time.Hour {
		v.add("calls.max_skew", msgSkewTooLong, c.MaxSkew)
	}
	if v.positive("calls.callback_within", c.CallbackWithin) && c.CallbackWithin.D() > 7*24*time.Hour {
		v.add("calls.callback_within", msgCallbackTooLong, c.CallbackWithin)
	}
	h, _, err := c.WorkdayStartClock()
	if err != nil {
		v.addErr("calls.workday_start", err)
	} else if end := v.c.TimeLimits.WorkdayEndHour; end > 0 && h >= end {
		v.add("calls.workday_start", msgStartNotBefore, c.WorkdayStart, end)
	}
	for login, user := range c.Agents {
		if strings.TrimSpace(login) == "" || strings.TrimSpace(user) == "" {
			v.add("calls.agents", msgAgentLogin, login, user)
		}
	}
}
