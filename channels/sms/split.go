package sms

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// UCS-2 budgets, in UTF-16 code units: replies go out with coding=2, so a
// single SMS holds 70 characters and each part of a concatenated one 67
// (the user data header takes the rest).
const (
	SingleUnits = 70
	PartUnits   = 67
)

// Ellipsis ends a reply that was cut to fit the configured number of parts.
const Ellipsis = "…"

// Units returns the number of UTF-16 code units s takes in a UCS-2 SMS
// (a character outside the Basic Multilingual Plane takes two).
func Units(s string) int {
	n := 0
	for _, r := range s {
		n += runeUnits(r)
	}
	return n
}

// fits reports whether s takes at most units, reading no further than needed.
func fits(s string, units int) bool {
	n := 0
	for _, r := range s {
		if n += runeUnits(r); n > units {
			return false
		}
	}
	return true
}

// runeUnits is the UTF-16 length of r; an invalid rune is sent as U+FFFD.
func runeUnits(r rune) int {
	if w := utf16.RuneLen(r); w > 0 {
		return w
	}
	return 1
}

var (
	htmlTag     = regexp.MustCompile(`</?[a-zA-Z][^<>]*>`)
	mdEmphasis  = strings.NewReplacer("**", "", "__", "", "`", "")
	spaceRun    = regexp.MustCompile(`[ \t\x{3000}]{2,}`)
	htmlEntites = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&nbsp;", " ", "&amp;", "&")
)

// Clean rewrites a reply for SMS: markup (HTML tags, Markdown emphasis)
// and emoji go, runs of spaces shrink to one, blank lines disappear.
// Brackets such as 【】 stay: they are ordinary characters in UCS-2.
func Clean(text string) string {
	text = strings.ToValidUTF8(text, "")
	text = htmlTag.ReplaceAllString(text, "")
	text = htmlEntites.Replace(text)
	text = mdEmphasis.Replace(text)
	text = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return '\n'
		case isEmoji(r), unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, text)
	lines := strings.Split(text, "\n")
	out := lines[:0]
	for _, l := range lines {
		l = strings.TrimSpace(spaceRun.ReplaceAllString(strings.ReplaceAll(l, "\t", " "), " "))
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// isEmoji reports pictographs, dingbats, their modifiers and joiners.
func isEmoji(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF, // mahjong … symbols and pictographs extended-A
		r >= 0x2600 && r <= 0x27BF,   // miscellaneous symbols, dingbats
		r >= 0x2B00 && r <= 0x2BFF,   // arrows and stars (⭐, ⭕)
		r >= 0x2300 && r <= 0x23FF,   // technical (⌚, ⏰)
		r >= 0xFE00 && r <= 0xFE0F,   // variation selectors
		r >= 0xE0000 && r <= 0xE007F, // tags
		r == 0x200D, r == 0x20E3, r == 0x3030, r == 0x303D, r == 0x3297, r == 0x3299:
		return true
	}
	return false
}

// DefaultMaxParts is how many parts a reply is sent in at most when
// channels.sms.max_parts is not set.
const DefaultMaxParts = 3

// MaxParts is the most parts a concatenated SMS can have (the
// concatenation header counts them in one byte).
const MaxParts = 255

// breakAfter are characters after which a part may end naturally.
const breakAfter = "\n。！？；，、.!?;,)）】 "

// Split cleans text (see Clean) and cuts it into SMS parts: one part of up
// to SingleUnits when it fits, else parts of at most PartUnits each,
// every one starting with a "(1/3)" counter that is counted in the
// budget. Parts end at a line or sentence break where one is near. Beyond
// maxParts the last part is cut short and ends with "…". An empty result
// means there is nothing to send.
func Split(text string, maxParts int) []string {
	text = Clean(text)
	if text == "" {
		return nil
	}
	if maxParts < 1 {
		maxParts = 1
	}
	if fits(text, SingleUnits) {
		return []string{text}
	}
	if maxParts == 1 {
		return []string{truncate(text, SingleUnits)}
	}
	if maxParts > MaxParts {
		maxParts = MaxParts
	}
	for n := 2; n <= maxParts; {
		body := PartUnits - len(counter(n, n))
		parts, _ := cutEnds(text, body)
		if len(parts) <= n {
			return number(parts)
		}
		// More parts only shrink the body (a longer counter), so at
		// least len(parts) are needed.
		n = max(n+1, len(parts))
	}
	body := PartUnits - len(counter(maxParts, maxParts))
	parts, ends := cutEnds(text, body)
	// Refill the last part from where it starts, hard-cut, with the ellipsis.
	rest := strings.TrimSpace(text[ends[maxParts-2]:])
	parts = append(parts[:maxParts-1], truncate(rest, body))
	return number(parts)
}

// counter is the prefix of part i of n.
func counter(i, n int) string { return "(" + strconv.Itoa(i) + "/" + strconv.Itoa(n) + ")" }

func number(parts []string) []string {
	if len(parts) == 1 {
		return parts
	}
	for i := range parts {
		parts[i] = counter(i+1, len(parts)) + parts[i]
	}
	return parts
}

// truncate cuts s to at most units, ending with the ellipsis.
func truncate(s string, units int) string {
	if fits(s, units) {
		return s
	}
	n := 0
	end := 0
	for i, r := range s {
		w := runeUnits(r)
		if n+w > units-Units(Ellipsis) {
			break
		}
		n += w
		end = i + utf8.RuneLen(r)
	}
	return strings.TrimRightFunc(s[:end], unicode.IsSpace) + Ellipsis
}

// cutEnds splits s into pieces of at most units, preferring to end a
// piece after a break character in its last third. ends[i] is the offset
// in s where piece i ends.
func cutEnds(s string, units int) (parts []string, ends []int) {
	off := 0
	for off < len(s) {
		rest := s[off:]
		if fits(rest, units) {
			if p := strings.TrimSpace(rest); p != "" {
				parts = append(parts, p)
				ends = append(ends, len(s))
			}
			break
		}
		n, end, brk := 0, 0, 0
		for i, r := range rest {
			w := runeUnits(r)
			if n+w > units {
				break
			}
			n += w
			end = i + utf8.RuneLen(r)
			if strings.ContainsRune(breakAfter, r) && n >= units*2/3 {
				brk = end
			}
		}
		if brk > 0 {
			end = brk
		}
		if end == 0 {
			_, end = utf8.DecodeRuneInString(rest)
		}
		if p := strings.TrimSpace(rest[:end]); p != "" {
			parts = append(parts, p)
			ends = append(ends, off+end)
		}
		off += end
	}
	return parts, ends
}
