package domain

import (
	"errors"
	"strings"
)

// ErrBadNumber is returned for a string that is not a phone number.
var ErrBadNumber = errors.New("not a phone number")

// Number is a phone number in its one storage form: E.164 for a phone
// number ("+8613953706688", "+865377212345", "+14155550100") and the bare
// digits for a short service code ("12345", "10086", "1069…"). Parse
// makes one; National, Key and Masked give the other forms the hotline
// writes.
type Number string

// Parse reads a number as a citizen or a gateway writes it: +86, 0086 and
// 86 prefixes, a landline's trunk 0 and area code, spaces, hyphens, dots,
// parentheses and full-width digits and signs.
func Parse(raw string) (Number, error) {
	d, plus, ok := scan(raw, false)
	if !ok {
		return "", ErrBadNumber
	}
	switch {
	case plus:
	case strings.HasPrefix(d, "00"):
		d, plus = d[2:], true
	case len(d) == 13 && strings.HasPrefix(d, "86") && IsMobile(d[2:]):
		return Number("+" + d), nil
	}
	if plus {
		return international(d)
	}
	switch {
	case IsMobile(d):
		return Number("+86" + d), nil
	case IsLandline(d):
		return Number("+86" + d[1:]), nil
	case len(d) >= 3 && len(d) <= 20 && d[0] != '0':
		return Number(d), nil
	}
	return "", ErrBadNumber
}

// ParseInternational reads a number that always carries its country code,
// with or without "+" or "00" (a Telegram contact's phone_number): bare
// 11 digits are another country's number, not a mainland mobile.
func ParseInternational(raw string) (Number, error) {
	d, _, ok := scan(raw, false)
	if !ok {
		return "", ErrBadNumber
	}
	return international(strings.TrimPrefix(d, "00"))
}

// international checks the digits after "+".
func international(d string) (Number, error) {
	if strings.HasPrefix(d, "86") {
		// +86 0537… : the trunk 0 does not belong after the country code.
		national := strings.TrimPrefix(d[2:], "0")
		if len(national) < 5 || len(national) > 12 || national[0] == '0' {
			return "", ErrBadNumber
		}
		return Number("+86" + national), nil
	}
	if len(d) < 7 || len(d) > 15 || d[0] == '0' {
		return "", ErrBadNumber
	}
	return Number("+" + d), nil
}

// scan keeps the digits of raw (full-width ones too) and reports a leading
// plus sign. Unless lenient, anything but digits and the usual separators
// makes it fail.
func scan(raw string, lenient bool) (digits string, plus, ok bool) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(raw) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case (r == '+' || r == '＋') && i == 0:
			plus = true
		case lenient, r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '\u3000' || r == '－' || r == '（' || r == '）':
		default:
			return "", false, false
		}
	}
	return b.String(), plus, true
}

// Mainland reports whether n is a mainland China number (+86).
func (n Number) Mainland() bool { return strings.HasPrefix(string(n), "+86") }

// Mobile reports whether n is a mainland mobile number.
func (n Number) Mobile() bool {
	d, ok := strings.CutPrefix(string(n), "+86")
	return ok && IsMobile(d)
}

// National returns the number as the rest of hotline writes a Chinese
// phone number (nlp's extractor, work orders, citizens' links): a mobile
// as its 11 digits ("13953706688"), a landline as area code, hyphen, local
// number ("0537-7212345"). Anything else (a foreign number, a service
// code) has no national form and gives "".
func (n Number) National() string {
	d, ok := strings.CutPrefix(string(n), "+86")
	if !ok {
		return ""
	}
	if IsMobile(d) {
		return d
	}
	if area, local, ok := SplitLandline("0" + d); ok {
		return area + "-" + local
	}
	return ""
}

// Link returns the form citizens are linked across channels by: the
// national form of a mainland number, E.164 for any other.
func (n Number) Link() string {
	if s := n.National(); s != "" {
		return s
	}
	return string(n)
}

// Masked returns the number with its middle hidden: 139****6688 for a
// mobile, 0537-****45 for a landline, the country code and last four
// digits of any other.
func (n Number) Masked() string {
	nat := n.National()
	switch {
	case nat == "":
		s := string(n)
		if len(s) <= 6 {
			return s
		}
		return s[:3] + "****" + s[len(s)-4:]
	case IsMobile(nat):
		return MaskMobile(nat)
	}
	area, local, _ := strings.Cut(nat, "-")
	return MaskLandline(area, local)
}

// MaskMobile hides the middle four of a mobile's 11 digits.
func MaskMobile(d string) string { return d[:3] + "****" + d[7:] }

// MaskLandline hides a landline's local number but its last two digits.
func MaskLandline(area, local string) string { return area + "-****" + local[len(local)-2:] }

// Key returns the form a number is keyed by in storage, whatever way raw
// writes it: a Chinese number as its national digits ("13953706688",
// "05377212345", "01012345678"), written "+8613953706688", "139 5370
// 6688", "0086…", "86…" or "+86 537 7212345"; any other country's number
// keeps its "+" and code, so that "+13953706688" is not the mainland
// mobile 139 5370 6688. Letters and signs are ignored; "" means no digits.
func Key(raw string) string {
	d, intl, _ := scan(raw, true)
	if !intl && strings.HasPrefix(d, "00") {
		d, intl = d[2:], true
	}
	// No national number starts with 86 (mobiles start with 1, area
	// codes with 0): a long one is the country code without its "+".
	if !intl && strings.HasPrefix(d, "86") && len(d) >= 12 {
		intl = true
	}
	if !intl || d == "" {
		return d
	}
	national, ok := strings.CutPrefix(d, "86")
	if !ok {
		return "+" + d
	}
	national = strings.TrimPrefix(national, "0") // "+86 0537…"
	if len(national) == 11 && national[0] == '1' {
		return national // a mobile
	}
	return "0" + national // a landline, with its trunk 0
}

// Digits keeps the ASCII and full-width digits of s, as ASCII.
func Digits(s string) string {
	d, _, _ := scan(s, true)
	return d
}

// IsMobile reports whether d is an 11-digit mainland mobile number.
func IsMobile[S ~string | ~[]byte](d S) bool {
	if len(d) != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9' {
		return false
	}
	for i := 2; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return true
}

// IsLandline reports whether d is a landline with its trunk 0 and area
// code: 010/02x have 3-digit codes, the others 4; the local number has 7
// or 8 digits and does not start with 0 or 1.
func IsLandline[S ~string | ~[]byte](d S) bool {
	_, _, ok := SplitLandline(d)
	return ok
}

// SplitLandline splits a landline written as digits with its trunk 0 into
// its area code ("0537") and local number ("7212345").
func SplitLandline[S ~string | ~[]byte](d S) (area, local string, ok bool) {
	if len(d) < 10 || len(d) > 12 || d[0] != '0' || d[1] == '0' {
		return "", "", false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return "", "", false
		}
	}
	n := 4
	if d[1] == '1' || d[1] == '2' {
		n = 3
	}
	l := d[n:]
	if len(l) < 7 || len(l) > 8 || l[0] == '0' || l[0] == '1' {
		return "", "", false
	}
	return string(d[:n]), string(l), true
}

// NationalDigits recognises one mainland phone number written as digits
// only, as a citizen types it in a message: a mobile (with or without 86
// or 0086 before it) or a landline with its area code. It returns the
// national form ("13953706688", "0537-7212345").
func NationalDigits[S ~string | ~[]byte](d S) (string, bool) {
	switch {
	case IsMobile(d):
		return string(d), true
	case len(d) == 13 && d[0] == '8' && d[1] == '6' && IsMobile(d[2:]):
		return string(d[2:]), true
	case len(d) == 15 && string(d[:4]) == "0086" && IsMobile(d[4:]):
		return string(d[4:]), true
	}
	if area, local, ok := SplitLandline(d); ok {
		return area + "-" + local, true
	}
	return "", false
}
