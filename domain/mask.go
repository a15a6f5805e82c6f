package domain

import (
	"regexp"
	"strings"
)

var (
	idCardRe = regexp.MustCompile(`\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]`)
	// Phone numbers in ASCII or full-width digits and hyphens, as Parse
	// reads them (a citizen's input method often types full width).
	mobileRe = regexp.MustCompile(`([+＋]?[8８][6６][- －]?)?[1１][3-9３-９][0-9０-９][- －]?[0-9０-９]{4}[- －]?[0-9０-９]{4}`)
	landRe   = regexp.MustCompile(`[0０][0-9０-９]{2,3}[-－][0-9０-９]{7,8}`)
)

// digitChars are the digits a phone number may be written with.
const digitChars = "0123456789０１２３４５６７８９"

// MaskText hides the middle of the phone numbers (138****1234,
// 0537-****45) and ID-card numbers (370802********1234) written in s, in
// digits or read out in Chinese numerals (一三八…, written masked in digits).
func MaskText(s string) string { return MaskTextOf(s, nil) }

// MaskTextOf is MaskText for the phone numbers whose PhoneKey mine
// reports (every one when mine is nil); ID-card numbers are always
// hidden. A text staff wrote keeps the office's and the departments' own
// numbers (the one a citizen is told to call, a clerk's) and hides the
// citizen's.
func MaskTextOf(s string, mine func(key string) bool) string {
	// A number read out in Chinese numerals (一三九…, 幺) is hidden in
	// digits; a run that is no phone, or not one of mine, stays as written.
	s = FoldSpeltNumbers(s, func(written, digits string) string {
		if !whole(mobileRe, digits) && !whole(landRe, digits) {
			return written
		}
		if m := maskDigits(digits, mine); m != digits {
			return m
		}
		return written
	})
	return maskDigits(s, mine)
}

// whole reports whether re matches the whole of s.
func whole(re *regexp.Regexp, s string) bool {
	loc := re.FindStringIndex(s)
	return loc != nil && loc[0] == 0 && loc[1] == len(s)
}

// maskDigits is MaskTextOf for numbers written in digits.
func maskDigits(s string, mine func(key string) bool) string {
	if !strings.ContainsAny(s, digitChars) {
		return s
	}
	s = idCardRe.ReplaceAllStringFunc(s, func(m string) string { return m[:6] + "********" + m[14:] })
	s = mobileRe.ReplaceAllStringFunc(s, func(m string) string {
		d := Digits(m)
		if mine != nil && !mine(d[len(d)-11:]) {
			return m
		}
		return MaskMobile(d[len(d)-11:])
	})
	s = landRe.ReplaceAllStringFunc(s, func(m string) string {
		if mine != nil && !mine(Digits(m)) {
			return m
		}
		area, local, _ := strings.Cut(strings.ReplaceAll(m, "－", "-"), "-")
		return MaskLandline(Digits(area), Digits(local))
	})
	return s
}

// PhoneKeys returns the phone numbers written in s as MaskTextOf knows
// them: a mobile's 11 digits, a landline's area code and number.
func PhoneKeys(s string) []string {
	s = FoldSpeltNumbers(s, nil)
	if !strings.ContainsAny(s, digitChars) {
		return nil
	}
	var out []string
	s = idCardRe.ReplaceAllString(s, " ")
	for _, m := range mobileRe.FindAllString(s, -1) {
		d := Digits(m)
		out = append(out, d[len(d)-11:])
	}
	for _, m := range landRe.FindAllString(mobileRe.ReplaceAllString(s, " "), -1) {
		out = append(out, Digits(m))
	}
	return out
}

// PhoneKey is the key of a phone number field (an order's or a
// citizen's) as PhoneKeys gives it: a mobile's 11 digits, else its
// digits.
func PhoneKey(phone string) string {
	d := Digits(phone)
	if len(d) >= 11 && IsMobile(d[len(d)-11:]) {
		return d[len(d)-11:]
	}
	return d
}
