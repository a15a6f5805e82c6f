package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"hotline/domain"
)

// normalize makes text safe and uniform for the extractors and the model:
// invalid UTF-8 dropped, at most MaxAnalysedBytes kept (cut at a rune
// boundary), full-width digits, letters and phone punctuation folded to
// ASCII, the ideographic space to a space, numbers spelt in Chinese
// numerals digit by digit (一三九五三七零六六八八, 幺) written as digits, and
// common homophone typos of the words that matter (垃极, 暖器, 煤汽)
// corrected. Chinese punctuation (，。！？) is kept. It returns s itself when
// nothing changes.
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
	needs, numerals := false, false
	for _, r := range s {
		if foldRune(r) != r {
			needs = true
		}
		if _, ok := domain.SpeltDigit(r); ok {
			numerals = true
		}
	}
	if needs {
		var b strings.Builder
		b.Grow(len(s))
		for _, r := range s {
			b.WriteRune(foldRune(r))
		}
		s = b.String()
	}
	if numerals {
		s = domain.FoldSpeltNumbers(s, nil)
	}
	if !mayHaveTypo(s) {
		return s
	}
	return typoFixer.Replace(s)
}

// typos are the homophone and look-alike typos of words that decide a
// category or an emergency, each followed by its correction (typoFixer).
// Only misspellings that are never a word of their own are listed.
var typos = []string{
	"垃极", "垃圾", "拉圾", "垃圾", "垃级", "垃圾",
	"暖器", "暖气", "暖汽", "暖气", "曖气", "暖气",
	"煤汽", "煤气", "燃汽", "燃气", "天然汽", "天然气", "液化汽", "液化气",
	"燥音", "噪音", "噪声音", "噪音", "躁音", "噪音",
	"投述", "投诉", "举抱", "举报",
	"下水到", "下水道", "电提", "电梯",
	"占到经营", "占道经营", "油姻", "油烟", "扰明", "扰民",
	"违章搭见", "违章搭建", "消坊", "消防",
	"着伙", "着火", "失伙", "失火", "冒黑姻", "冒黑烟", "冒烟姻", "冒烟",
	"昏谜", "昏迷", "晕到", "晕倒", "不醒人事", "不省人事",
	"满头大汉", "满头大汗", "安眼药", "安眠药", "冒黑眼", "冒黑烟",
	"公基金", "公积金", "公积全", "公积金", "公鸡金", "公积金", "医宝", "医保", "社宝", "社保", "低宝", "低保",
	"煤起罐", "煤气罐", "煤起味", "煤气味", "上不来起", "上不来气", "喘不上来起", "喘不上来气", "天燃气", "天然气",
	"拖欠工姿", "拖欠工资", "工姿", "工资", "欠薪水", "欠薪",
	"物叶", "物业", "物业费费", "物业费",
	"红缘灯", "红绿灯", "红路灯", "红绿灯", "路等", "路灯",
}

// typoFixer corrects the typos.
var typoFixer = strings.NewReplacer(typos...)

// typoStarts holds the first two runes of every typo, and typoFirst and
// typoSecond a bit for each typo's first and second rune (by the rune
// modulo 4096): mayHaveTypo reads a text once and looks a pair up only
// when both bits are set, where typoFixer's generic replacer walks its trie
// at every byte and copies the text even when it changes nothing. Every
// typo has at least two runes (TestTypoStarts).
var (
	typoStarts            = map[[2]rune]bool{}
	typoFirst, typoSecond runeBits
)

// runeBits is a set of runes modulo 4096.
type runeBits [64]uint64

func (b *runeBits) add(r rune)      { b[r>>6&63] |= 1 << (r & 63) }
func (b *runeBits) has(r rune) bool { return b[r>>6&63]&(1<<(r&63)) != 0 }

func init() {
	for i := 0; i < len(typos); i += 2 {
		rs := []rune(typos[i])
		if len(rs) < 2 {
			panic("nlp: a typo of one rune: " + typos[i])
		}
		typoStarts[[2]rune{rs[0], rs[1]}] = true
		typoFirst.add(rs[0])
		typoSecond.add(rs[1])
	}
}

// mayHaveTypo reports whether s holds the first two runes of a typo; when
// it does not, typoFixer leaves s as it is.
func mayHaveTypo(s string) bool {
	first := false // the previous rune may start a typo
	prev := rune(0)
	for _, r := range s {
		if first && typoSecond.has(r) && typoStarts[[2]rune{prev, r}] {
			return true
		}
		first, prev = typoFirst.has(r), r
	}
	return false
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
