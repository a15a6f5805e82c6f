package domain

import (
	"regexp"
	"strings"
)

var (
	idCardRe = regexp.MustCompile(`\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]`)
	mobileRe = regexp.MustCompile(`(\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}`)
	landRe   = regexp.MustCompile(`0\d{2,3}-\d{7,8}`)
)

// MaskText hides the middle of the phone numbers (138****1234,
// 0537-****45) and ID-card numbers (370802********1234) written in s.
func MaskText(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	s = idCardRe.ReplaceAllStringFunc(s, func(m string) string { return m[:6] + "********" + m[14:] })
	s = mobileRe.ReplaceAllStringFunc(s, func(m string) string {
		d := Digits(m)
		return MaskMobile(d[len(d)-11:])
	})
	s = landRe.ReplaceAllStringFunc(s, func(m string) string {
		area, local, _ := strings.Cut(m, "-")
		return MaskLandline(area, local)
	})
	return s
}
