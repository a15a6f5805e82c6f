package nlp

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"hotline/domain"
)

// MaxTitleRunes is the longest title Title returns.
const MaxTitleRunes = 30

// Title makes a one-line title (at most MaxTitleRunes characters): the
// address or district, then the clause that names the problem (the first
// containing one of the category's keywords, else the first with content),
// with greetings and fillers cut; a second keyword clause is appended after
// 、 when it fits: 任城区古槐路烧烤摊占道经营、油烟很大.
func (x *Extractor) Title(text, category string) string {
	s := normalize(text)
	var buf [16]placeHit
	hits := x.placeHits(s, buf[:0])
	addr, _ := x.address(s, hits)
	district, _, _ := x.place(hits)
	return x.title(s, category, addr, district, x.Name(s))
}

// fillers are cut from the start of a title clause.
var fillers = []string{
	"你好", "您好", "喂", "请问", "我想反映一下", "我想反映", "我要反映", "我反映", "反映一下", "反映",
	"我想投诉一下", "我想投诉", "我要投诉", "投诉", "我要举报", "我想举报", "举报", "我想咨询一下",
	"我想咨询", "咨询一下", "咨询", "我想问一下", "我想问", "问一下", "麻烦问一下", "麻烦", "那个",
	"就是", "我家", "我们家", "我们", "我", "在", "有", "的", "，", "。", " ", "是", "这边", "这里",
}

func trimFillers(c string) string {
	for changed := true; changed; {
		changed = false
		for _, f := range fillers {
			if strings.HasPrefix(c, f) && len(c) > len(f) {
				if (f == "有" || f == "在") && strings.ContainsRune("人个一些位名辆家只条", firstRune(c[len(f):])) {
					// 有人/有个/在一…: the word carries the meaning
					// ("有人持刀抢劫" must not become "人持刀抢劫").
					continue
				}
				c = c[len(f):]
				changed = true
			}
		}
	}
	return strings.TrimSpace(c)
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// titlePhone matches a phone number in a title, with the words that
// introduce it: titles are shown in lists, so they carry no numbers.
var titlePhone = regexp.MustCompile(`(?:联系)?(?:电话|手机号码|手机号|手机|方式)?(?:是|为|：|:)?\s*\+?\d[\d\s-]{5,}\d`)

// title makes the title of the normalised text s, whose citizen's name
// (Name(s)) is name.
func (x *Extractor) title(s, category, addr, district, name string) string {
	clauses := splitClauses(s)
	keyClause := func(from int) int {
		for i := from; i < len(clauses); i++ {
			found := false
			x.keyword.each(clauses[i], func(_, _, id int) {
				if x.kwCat[id] == category {
					found = true
				}
			})
			if found {
				return i
			}
		}
		return -1
	}
	first := keyClause(0)
	if first < 0 {
		for i, c := range clauses {
			if t := trimFillers(c); utf8.RuneCountInString(t) >= 3 && !domain.IsCourtesy(t) && !startsWithPhone(t) {
				first = i
				break
			}
		}
	}
	if first < 0 {
		if len(clauses) == 0 {
			return ""
		}
		first = 0
	}
	prefix := addr
	if prefix == "" {
		prefix = district
	}
	body := clauses[first]
	if prefix != "" {
		if k := strings.Index(body, prefix); k >= 0 {
			body = body[k+len(prefix):]
		} else if district != "" && strings.Contains(body, district) && strings.Contains(prefix, district) {
			body = strings.Replace(body, district, "", 1)
		}
	}
	body = trimFillers(body)
	for _, loc := range []string{"门口的", "附近的", "旁边的", "楼下的", "对面的", "里的"} {
		if k := strings.Index(body, loc); k >= 0 && k < 12 {
			body = body[:k+len(loc)-len("的")] + body[k+len(loc):]
			break
		}
	}
	if prefix != "" && strings.Contains(body, prefix) {
		prefix = ""
	}
	t := strings.TrimSpace(withoutPhones(prefix + body))
	if second := keyClause(first + 1); second > 0 {
		extra := trimFillers(strings.TrimSpace(withoutPhones(clauses[second])))
		if extra != "" && utf8.RuneCountInString(t)+1+utf8.RuneCountInString(extra) <= MaxTitleRunes {
			t += "、" + extra
		}
	}
	if name != "" {
		t = strings.ReplaceAll(t, name, "")
	}
	t = strings.Trim(strings.Join(strings.Fields(t), " "), " ，,、。")
	return truncateRunes(t, MaxTitleRunes)
}

// withoutPhones returns s without the phone numbers titlePhone finds; a
// text without an ASCII digit has none, and the regexp is not run.
func withoutPhones(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	return titlePhone.ReplaceAllString(s, "")
}

func startsWithPhone(s string) bool {
	return strings.HasPrefix(s, "电话") || strings.HasPrefix(s, "手机") || strings.HasPrefix(s, "联系")
}

func splitClauses(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if isClauseBreak(r) || r == '.' && (i+1 >= len(s) || s[i+1] < '0' || s[i+1] > '9') {
			if c := strings.TrimSpace(s[start:i]); c != "" {
				out = append(out, c)
			}
			start = i + utf8.RuneLen(r)
		}
	}
	if c := strings.TrimSpace(s[start:]); c != "" {
		out = append(out, c)
	}
	return out
}

func truncateRunes(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return strings.TrimRight(s[:k], "，、 ")
		}
		i++
	}
	return s
}
