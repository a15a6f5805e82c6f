package sms

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"blank lines", "您好！\n\n\n【工单编号】20261127-0042\n \n请保存。", "您好！\n【工单编号】20261127-0042\n请保存。"},
		{"emoji", "感谢您的评价😊👍🏻 ☎️12345", "感谢您的评价 12345"},
		{"zwj family", "a👨‍👩‍👧b", "ab"},
		{"markup", "<b>重要</b>：**请**回复 `确认`", "重要：请回复 确认"},
		{"entities", "a &lt; b &amp; c", "a < b & c"},
		{"spaces", "  a \t\t b　　c  ", "a b c"},
		{"crlf", "第一行\r\n第二行", "第一行\n第二行"},
		{"brackets stay", "【诉求】路灯不亮", "【诉求】路灯不亮"},
		{"controls", "a\x00b\x07c", "abc"},
		{"invalid utf8", "a\xffb", "ab"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Clean(c.in); got != c.want {
				t.Errorf("Clean(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

var counterRE = regexp.MustCompile(`^\((\d+)/(\d+)\)`)

func TestSplit(t *testing.T) {
	han := func(n int) string { return strings.Repeat("路", n) }
	cases := []struct {
		name     string
		in       string
		maxParts int
		parts    int
		ellipsis bool
	}{
		{"empty", " \n😊\n", 3, 0, false},
		{"short", "您好，已受理。", 3, 1, false},
		{"exactly 70", han(70), 3, 1, false},
		{"71 needs two", han(71), 3, 2, false},
		{"two full parts", han(124), 3, 2, false},
		{"three parts", han(125), 3, 3, false},
		{"fits three", han(186), 3, 3, false},
		{"trimmed", han(500), 3, 3, true},
		{"one part only", han(100), 1, 1, true},
		{"ten parts", han(1000), 10, 10, true},
		{"astral counts two", strings.Repeat("𠀀", 36), 3, 2, false},
		{"sentences", strings.Repeat("您反映的问题已转交市城市管理局办理。", 8), 3, 3, false},
		{"sentences trimmed", strings.Repeat("您反映的问题已转交市城市管理局办理。", 12), 3, 3, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parts := Split(c.in, c.maxParts)
			if len(parts) != c.parts {
				t.Fatalf("Split gave %d parts, want %d: %q", len(parts), c.parts, parts)
			}
			for i, p := range parts {
				if len(parts) == 1 {
					if u := Units(p); u > SingleUnits {
						t.Errorf("single part has %d units: %q", u, p)
					}
					if counterRE.MatchString(p) {
						t.Errorf("single part has a counter: %q", p)
					}
					continue
				}
				if u := Units(p); u > PartUnits {
					t.Errorf("part %d has %d units (> %d): %q", i+1, u, PartUnits, p)
				}
				m := counterRE.FindStringSubmatch(p)
				if m == nil || m[1] != itoa(i+1) || m[2] != itoa(len(parts)) {
					t.Errorf("part %d lacks its counter: %q", i+1, p)
				}
			}
			if len(parts) > 0 {
				last := parts[len(parts)-1]
				if got := strings.HasSuffix(last, Ellipsis); got != c.ellipsis {
					t.Errorf("last part ends with ellipsis = %v, want %v: %q", got, c.ellipsis, last)
				}
			}
			if !c.ellipsis && len(parts) > 0 {
				var joined strings.Builder
				for _, p := range parts {
					joined.WriteString(counterRE.ReplaceAllString(p, ""))
				}
				if joined.String() != Clean(c.in) {
					t.Errorf("parts lost text:\n%q\nwant\n%q", joined.String(), Clean(c.in))
				}
			}
		})
	}
}

func TestSplitPrefersSentenceBreaks(t *testing.T) {
	text := strings.Repeat("您反映的问题已转交市城市管理局办理。", 4)
	for _, p := range Split(text, 3) {
		body := counterRE.ReplaceAllString(p, "")
		if !strings.HasSuffix(body, "。") {
			t.Errorf("part does not end at a sentence break: %q", p)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
