package domain

import (
	"strings"
	"unicode/utf8"
)

// IsGreeting reports whether a citizen's message only says hello or that
// they want to report something (你好, 在吗, 我要投诉), with no problem in
// it yet: the bot greets back and asks for the problem.
func IsGreeting(text string) bool {
	switch strings.Trim(strings.TrimSpace(text), "。.!！?？~ ，,") {
	case "你好", "您好", "在吗", "在不在", "有人吗", "hi", "hello", "Hi", "Hello", "你好啊", "您好啊", "喂", "哈喽", "早上好", "下午好", "晚上好", "我要反映", "我要投诉", "我要咨询", "我要举报", "反映问题":
		return true
	}
	return false
}

// IsCourtesy reports whether text is only a greeting or a courtesy
// (谢谢, 麻烦了): words that carry no part of a problem.
func IsCourtesy(text string) bool {
	switch strings.Trim(strings.TrimSpace(text), "。.!！?？~ ，,") {
	case "谢谢", "麻烦了":
		return true
	}
	return IsGreeting(text)
}

// Prefix returns the first n runes of s.
func Prefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// Abbrev shortens s to n runes on one line, marking a cut with "…" (a
// work order's title made from its description).
func Abbrev(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return Prefix(s, n) + "…"
}
