package sms

import (
	"errors"
	"strings"
)

// ErrBadNumber is returned for a string that is not a phone number.
var ErrBadNumber = errors.New("sms: not a phone number")

// NormalizePhone returns the one form the SMS channel keeps a number in:
// E.164 for a phone number ("+8613953706688", "+865377212345",
// "+14155550100") and the bare digits for a short service code ("12345",
// "10086", "1069…"). It accepts +86, 0086 and 86 prefixes, a landline's
// trunk 0, spaces, hyphens, dots, parentheses and full-width digits.
func NormalizePhone(raw string) (string, error) {
	var b strings.Builder
	plus := false
	for i, r := range strings.TrimSpace(raw) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case (r == '+' || r == '＋') && i == 0:
			plus = true
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '\u3000' || r == '－' || r == '（' || r == '）':
		default:
			return "", ErrBadNumber
		}
	}
	d := b.String()
	switch {
	case plus:
	case strings.HasPrefix(d, "00"):
		d, plus = d[2:], true
	case len(d) == 13 && strings.HasPrefix(d, "86") && isMobile(d[2:]):
		return "+" + d, nil
	}
	if plus {
		if strings.HasPrefix(d, "86") {
			// +86 0537… : the trunk 0 does not belong after the country code.
			national := strings.TrimPrefix(d[2:], "0")
			if len(national) < 5 || len(national) > 12 || national[0] == '0' {
				return "", ErrBadNumber
			}
			return "+86" + national, nil
		}
		if len(d) < 7 || len(d) > 15 || d[0] == '0' {
			return "", ErrBadNumber
		}
		return "+" + d, nil
	}
	switch {
	case isMobile(d):
		return "+86" + d, nil
	case isLandline(d):
		return "+86" + d[1:], nil
	case len(d) >= 3 && len(d) <= 20 && d[0] != '0':
		return d, nil
	}
	return "", ErrBadNumber
}

// NationalPhone returns the number as the rest of hotline writes a
// Chinese phone number (nlp's extractor, work orders): a mobile as its 11
// digits ("13953706688"), a landline as area code, hyphen, local number
// ("0537-7212345"). Anything else (a foreign number, a service code) has
// no national form and gives "". The engine links a citizen's channels by
// this form.
func NationalPhone(e164 string) string {
	d, ok := strings.CutPrefix(e164, "+86")
	if !ok {
		return ""
	}
	if isMobile(d) {
		return d
	}
	if isLandline("0" + d) {
		area := 3
		if d[0] == '1' || d[0] == '2' {
			area = 2
		}
		return "0" + d[:area] + "-" + d[area:]
	}
	return ""
}

// isMobile reports whether d is an 11-digit mainland mobile number.
func isMobile(d string) bool {
	if len(d) != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9' {
		return false
	}
	return allDigits(d)
}

// isLandline reports whether d is a landline with its trunk 0 and area
// code: 010/02x have 3-digit codes, the others 4; the local number has 7
// or 8 digits and does not start with 0 or 1.
func isLandline(d string) bool {
	if len(d) < 10 || len(d) > 12 || d[0] != '0' || d[1] == '0' || !allDigits(d) {
		return false
	}
	area := 4
	if d[1] == '1' || d[1] == '2' {
		area = 3
	}
	local := d[area:]
	return len(local) >= 7 && len(local) <= 8 && local[0] != '0' && local[0] != '1'
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
