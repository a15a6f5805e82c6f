package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalize makes text safe and uniform for the extractors: invalid UTF-8
// dropped, at most MaxAnalysedBytes kept (cut at a rune boundary),
// full-width digits, letters and phone punctuation folded to ASCII, the
// ideographic space to a space. Chinese punctuation (，。！？) is kept. It
// returns s itself when nothing changes.
func normalize(s string) string {
	if len(s) > MaxAnalysedBytes {
		cut := MaxAnalysedBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	needs := false
	for _, r := range s {
		if foldRune(r) != r {
			needs = true
			break
		}
	}
	if !needs {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func foldRune(r rune) rune {
	switch {
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ',
		r == '＋', r == '－', r == '（', r == '）', r == '＃':
		return r - 0xFEE0
	case r == '\u3000', r == '\u00a0', r == '\t':
		return ' '
	case r == '—', r == '–', r == '‐', r == '―':
		return '-'
	}
	return r
}

// isClauseBreak reports whether r ends a clause.
func isClauseBreak(r rune) bool {
	switch r {
	case '，', '。', '！', '？', '；', '、', ',', '!', '?', ';', '\n', '\r', '～', '~', '…':
		return true
	}
	return false
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }
