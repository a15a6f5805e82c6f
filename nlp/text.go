package nlp

import (
	"strings"
	"unicode/utf8"
)

// Negations directly before a cue (没有着火, 并未起火, 不是车祸).
var negations = []string{"没有", "没", "未", "不是", "并非", "并没", "无", "不会", "不要", "别", "非", "并不", "不"}

// negatedBefore reports whether the text right before s[at:] negates it:
// a negation word, possibly followed by 有/发生/出现/在/了/再.
func negatedBefore(s string, at int) bool {
	w := s[:at]
	for range 3 {
		r, size := utf8.DecodeLastRuneInString(w)
		if !strings.ContainsRune("有发生出现在了再被人", r) || size == 0 {
			break
		}
		if r == '有' && (strings.HasSuffix(w, "没有") || strings.HasSuffix(w, "并没有")) {
			break
		}
		w = w[:len(w)-size]
	}
	for _, n := range negations {
		if strings.HasSuffix(w, n) {
			return true
		}
	}
	return false
}

// clauseBefore returns the part of the clause that precedes s[at:], at
// most maxSentenceBytes of it.
func clauseBefore(s string, at int) string {
	w := tailBytes(s[:at], maxSentenceBytes)
	for i := len(w); i > 0; {
		r, size := utf8.DecodeLastRuneInString(w[:i])
		if isClauseBreak(r) {
			return w[i:]
		}
		i -= size
	}
	return w
}

// clauseAfter returns the part of the clause that follows s[:at], at most
// maxSentenceBytes of it.
func clauseAfter(s string, at int) string {
	w := headBytes(s[at:], maxSentenceBytes)
	for i, r := range w {
		if isClauseBreak(r) {
			return w[:i]
		}
	}
	return w
}

// maxSentenceBytes bounds how far the clause and sentence helpers look
// (about 200 characters), so that a text without punctuation and full of
// cues costs linear time, not quadratic.
const maxSentenceBytes = 600

// headBytes returns the first n bytes of s or fewer, cut at a rune start.
func headBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// tailBytes returns the last n bytes of s or fewer, cut at a rune start.
func tailBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := len(s) - n
	for cut < len(s) && !utf8.RuneStart(s[cut]) {
		cut++
	}
	return s[cut:]
}

// sentenceAfter returns the part of the sentence that follows s[:at], at
// most maxSentenceBytes of it.
func sentenceAfter(s string, at int) string {
	w := headBytes(s[at:], maxSentenceBytes)
	for i, r := range w {
		switch r {
		case '。', '！', '？', '!', '?', '\n':
			return w[:i]
		}
	}
	return w
}

// sentenceBefore returns the part of the sentence that precedes s[at:],
// at most maxSentenceBytes of it.
func sentenceBefore(s string, at int) string {
	w := tailBytes(s[:at], maxSentenceBytes)
	for i := len(w); i > 0; {
		r, size := utf8.DecodeLastRuneInString(w[:i])
		switch r {
		case '。', '！', '？', '!', '?', '\n':
			return w[i:]
		}
		i -= size
	}
	return w
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

func hasPrefixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}
