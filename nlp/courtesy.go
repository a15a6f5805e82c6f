package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"hotline/ticket"
)

// A courtesy is a message that only greets (你好, 在吗), thanks or praises
// without saying for what (谢谢你们, 辛苦了, 点个赞) or acknowledges (好的,
// 收到): it names no problem, so no department's category fits it and the
// catch-all category is right whatever the model would guess from its few
// characters.
//
// CourtesyConfidence is the category confidence of such a message.
const CourtesyConfidence = 0.9

// maxCourtesyRunes bounds the length of a courtesy: a longer message says
// something more, and the model reads it.
const maxCourtesyRunes = 24

type courtesyKind uint8

const (
	courtesyNone  courtesyKind = iota
	courtesyGreet              // a greeting or an acknowledgement only
	courtesyThank              // thanks or praise, perhaps with a greeting
)

// courtesyPhrases are the words a courtesy is made of; the longest match
// is taken first.
var courtesyPhrases = []struct {
	word  string
	thank bool
}{
	{"你好", false}, {"您好", false}, {"你们好", false}, {"大家好", false}, {"在吗", false},
	{"在不在", false}, {"有人吗", false}, {"有人在吗", false}, {"早上好", false}, {"上午好", false},
	{"中午好", false}, {"下午好", false}, {"晚上好", false}, {"早安", false}, {"喂", false},
	{"哈喽", false}, {"嗨", false}, {"hello", false}, {"hi", false}, {"打扰了", false},
	{"打扰一下", false}, {"好的", false}, {"好", false}, {"嗯", false}, {"行", false},
	{"可以", false}, {"收到", false}, {"知道了", false}, {"明白了", false}, {"了解了", false},
	{"晓得了", false}, {"没事了", false}, {"ok", false}, {"中", false}, {"妥", false},

	{"谢谢", true}, {"多谢", true}, {"感谢", true}, {"谢了", true}, {"谢啦", true},
	{"辛苦了", true}, {"辛苦", true}, {"麻烦了", true}, {"费心了", true}, {"受累了", true},
	{"点赞", true}, {"点个赞", true}, {"点一百个赞", true}, {"赞", true}, {"给力", true},
	{"效率真高", true}, {"效率高", true}, {"态度好", true}, {"服务好", true}, {"好人", true},
}

// courtesyFillers are the characters a courtesy may also hold: particles,
// intensifiers and whom it addresses.
const courtesyFillers = "啊呀哈啦吧呢哦噢哟嘛的了你您们大家非常很太真特别实在各位工作人员同志师傅小姐姐领导热线再次一下下万分给"

var courtesyIndex = func() map[rune][]int {
	m := map[rune][]int{}
	for i, p := range courtesyPhrases {
		r, _ := utf8.DecodeRuneInString(p.word)
		m[r] = append(m[r], i)
	}
	return m
}()

// courtesy reports whether s (normalised) is a courtesy and of which kind.
func courtesy(s string) courtesyKind {
	if utf8.RuneCountInString(s) > maxCourtesyRunes*2 {
		return courtesyNone
	}
	kind, n := courtesyGreet, 0
	words := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		lr := unicode.ToLower(r)
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || r == '\u200d' || r == '\ufe0f' {
			i += size
			continue
		}
		if n++; n > maxCourtesyRunes {
			return courtesyNone
		}
		best := -1
		for _, id := range courtesyIndex[lr] {
			w := courtesyPhrases[id].word
			if len(s)-i >= len(w) && strings.EqualFold(s[i:i+len(w)], w) && (best < 0 || len(w) > len(courtesyPhrases[best].word)) {
				best = id
			}
		}
		switch {
		case best >= 0:
			p := courtesyPhrases[best]
			if p.thank {
				kind = courtesyThank
			}
			words++
			i += len(p.word)
		case strings.HasPrefix(s[i:], "12345"):
			i += len("12345") // the hotline's own name, not a number given
		case strings.ContainsRune(courtesyFillers, r):
			i += size // 你们, 太…了: they add nothing to a courtesy
		default:
			return courtesyNone
		}
	}
	if words == 0 {
		return courtesyNone
	}
	return kind
}

// courtesyType is the request type of a courtesy: praise for thanks, a
// consultation (the citizen has not said what yet) for a greeting.
func courtesyType(k courtesyKind) (string, float64) {
	if k == courtesyThank {
		return ticket.TypePraise, 0.8
	}
	return ticket.TypeConsult, 0.5
}
