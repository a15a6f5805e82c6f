package nlp

import "hotline/domain"

// Phones returns the telephone numbers in text, normalised: a mobile number
// as its 11 digits (13953706688), a landline as area code, hyphen, local
// number (0537-7212345). Spaces, hyphens, parentheses around the area code,
// a +86 / 86 / 0086 prefix and full-width digits are accepted. Digit groups
// that are not exactly a phone number (order numbers such as 20261127-0042,
// 18-digit ID numbers, dates, amounts) are not.
func (x *Extractor) Phones(text string) []string {
	return appendPhones(nil, normalize(text))
}

// phoneGroup is a run of ASCII digits in the normalised text.
type phoneGroup struct {
	start, end int
	plus       bool // a '+' right before the digits
}

func appendPhones(dst []string, s string) []string {
	// Split s into runs of digit groups joined by at most two separator
	// characters (space, hyphen, dot, parenthesis).
	var groups []phoneGroup
	flush := func() {
		dst = phonesInRun(dst, s, groups)
		groups = groups[:0]
	}
	i := 0
	for i < len(s) {
		c := s[i]
		if c < '0' || c > '9' {
			i++
			continue
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		g := phoneGroup{start: start, end: i, plus: start > 0 && s[start-1] == '+'}
		if len(groups) > 0 {
			gap := s[groups[len(groups)-1].end:start]
			if !isPhoneGap(gap) {
				flush()
			}
		}
		groups = append(groups, g)
	}
	flush()
	return dst
}

func isPhoneGap(gap string) bool {
	if len(gap) == 0 || len(gap) > 3 {
		return false
	}
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case ' ', '-', '(', ')', '.', '+':
		default:
			return false
		}
	}
	return true
}

// phonesInRun finds phone numbers among consecutive digit groups: from the
// left, the longest sequence of whole groups that forms a phone number.
func phonesInRun(dst []string, s string, groups []phoneGroup) []string {
	var buf [32]byte
	for i := 0; i < len(groups); {
		found := 0
		for j := len(groups) - 1; j >= i && found == 0; j-- {
			digits := buf[:0]
			for k := i; k <= j && len(digits) <= 20; k++ {
				digits = append(digits, s[groups[k].start:groups[k].end]...)
			}
			if p, ok := phoneFromDigits(digits); ok {
				// A mobile number glued to more digits is not one.
				if p != "" && !containsString(dst, p) {
					dst = append(dst, p)
				}
				found = j - i + 1
			}
		}
		if found == 0 {
			i++
		} else {
			i += found
		}
	}
	return dst
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// phoneFromDigits recognises one phone number written as digits only
// (domain.NationalDigits).
func phoneFromDigits(d []byte) (string, bool) { return domain.NationalDigits(d) }
