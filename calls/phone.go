package calls

import (
	"errors"
	"strings"
)

// errBadNumber is a caller number that is not a phone number.
var errBadNumber = errors.New("calls: not a phone number")

// parseNumber reads a caller number as switches send it (+86…, 0086…,
// 86…, a landline with its trunk 0, a bare mobile) and returns it in
// E.164 ("+8613953706688") and in the national form the hotline links
// citizens by ("13953706688", "0537-7212345"; "" for other countries).
func parseNumber(raw string) (e164, national string, err error) {
	var b strings.Builder
	plus := false
	for i, r := range strings.TrimSpace(raw) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			plus = true
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
		default:
			return "", "", errBadNumber
		}
	}
	d := b.String()
	switch {
	case plus:
	case strings.HasPrefix(d, "00"):
		d, plus = d[2:], true
	case len(d) == 13 && strings.HasPrefix(d, "86") && isMobile(d[2:]):
		plus = true
	}
	switch {
	case plus && strings.HasPrefix(d, "86"):
		n := strings.TrimPrefix(d[2:], "0")
		if isMobile(n) || isLandline("0"+n) {
			return "+86" + n, national86(n), nil
		}
		return "", "", errBadNumber
	case plus:
		if len(d) < 7 || len(d) > 15 || d[0] == '0' {
			return "", "", errBadNumber
		}
		return "+" + d, "", nil
	case isMobile(d):
		return "+86" + d, d, nil
	case len(d) == 12 && d[0] == '0' && isMobile(d[1:]):
		// Switches dial a mobile from another area with a leading 0.
		return "+86" + d[1:], d[1:], nil
	case isLandline(d):
		return "+86" + d[1:], national86(d[1:]), nil
	}
	return "", "", errBadNumber
}

func national86(n string) string {
	if isMobile(n) {
		return n
	}
	area := 3
	if n[0] == '1' || n[0] == '2' {
		area = 2
	}
	return "0" + n[:area] + "-" + n[area:]
}

func isMobile(d string) bool {
	return len(d) == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' && allDigits(d)
}

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
