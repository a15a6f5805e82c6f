package domain

import (
	"strings"
	"unicode/utf8"
)

// SpeltDigit returns the digit a Chinese numeral stands for when a number
// is read out digit by digit (幺 and 洞 are the radio forms of 1 and 0, 拐
// of 7, 两 of 2).
func SpeltDigit(r rune) (byte, bool) {
	switch r {
	case '零', '〇', '洞':
		return '0', true
	case '一', '幺', '壹':
		return '1', true
	case '二', '两', '贰':
		return '2', true
	case '三', '叁':
		return '3', true
	case '四', '肆':
		return '4', true
	case '五', '伍':
		return '5', true
	case '六', '陆':
		return '6', true
	case '七', '拐', '柒':
		return '7', true
	case '八', '捌':
		return '8', true
	case '九', '玖':
		return '9', true
	}
	return 0, false
}

// MinSpeltDigits is the shortest run of digits read out one by one that
// is taken as a number: a local phone number has 7. Shorter runs (一三五,
// 三四十) are ordinary words.
const MinSpeltDigits = 7

// FoldSpeltNumbers finds the runs of at least MinSpeltDigits digits spelt
// as Chinese numerals in s, possibly mixed with ASCII digits and split by
// spaces or hyphens (幺三九-五三七零 六六八八), and writes each as replace
// returns it, given the run as written and as ASCII digits (separators
// kept). A nil replace writes the ASCII form. It returns s itself when no
// run is found.
func FoldSpeltNumbers(s string, replace func(written, digits string) string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if _, ok := SpeltDigit(r); !ok {
			i += size
			continue
		}
		// Extend the run back over ASCII digits and separators.
		start := i
		for start > 0 && (s[start-1] >= '0' && s[start-1] <= '9' || s[start-1] == ' ' || s[start-1] == '-') {
			start--
		}
		for start < i && (s[start] == ' ' || s[start] == '-') {
			start++
		}
		if start < last {
			start = last
		}
		// lead counts the ASCII digits before the first numeral, first the
		// run's first two digits, end11 where its eleventh digit ends and
		// cn11 the numerals up to there.
		end, digits, cn, lead, cn11, end11 := start, 0, 0, 0, 0, 0
		var first []byte
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			c, spelt := SpeltDigit(r)
			if spelt {
				cn++
			} else if r >= '0' && r <= '9' {
				c = byte(r)
				if cn == 0 {
					lead++
				}
			} else if (r == ' ' || r == '-') && end+size < len(s) {
				n, _ := utf8.DecodeRuneInString(s[end+size:])
				if _, ok := SpeltDigit(n); !ok && !(n >= '0' && n <= '9') {
					break
				}
				end += size
				continue
			} else {
				break
			}
			digits++
			if len(first) < 2 {
				first = append(first, c)
			}
			end += size
			if digits == 11 {
				end11, cn11 = end, cn
			}
		}
		// A number in digits followed by a word that starts with a numeral
		// (13953706601一直没人接, 0537-7212345一下): the numerals are the
		// word's, not the number's.
		if lead >= MinSpeltDigits && cn < 3 {
			i = max(end, i+size)
			continue
		}
		// A mobile is 11 digits: a numeral after them starts a word
		// (一三九五三七零六六八八一直打不通).
		if digits > 11 && first[0] == '1' && first[1] >= '3' && first[1] <= '9' {
			end, digits, cn = end11, 11, cn11
		}
		if digits < MinSpeltDigits || cn == 0 {
			i = max(end, i+size)
			continue
		}
		b.WriteString(s[last:start])
		var d strings.Builder
		for _, r := range s[start:end] {
			if c, ok := SpeltDigit(r); ok {
				d.WriteByte(c)
			} else {
				d.WriteRune(r)
			}
		}
		if replace == nil {
			b.WriteString(d.String())
		} else {
			b.WriteString(replace(s[start:end], d.String()))
		}
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}
