package domain

import (
	"slices"
	"testing"
)

// TestMaskTextOf: only the numbers mine owns are masked, by the keys
// PhoneKeys and PhoneKey give (a mobile in any form, a landline with its
// area code); ID-card numbers always.
func TestMaskTextOf(t *testing.T) {
	text := "市民 +86 139 5370 6688、0537-7212345，请致电 0537-2967110 或经办人 13805371234；身份证 370802199001011234"
	if got, want := PhoneKeys(text), []string{"13953706688", "13805371234", "05377212345", "05372967110"}; !slices.Equal(got, want) {
		t.Errorf("PhoneKeys = %q, want %q", got, want)
	}
	own := map[string]bool{PhoneKey("8613953706688"): true, PhoneKey("05377212345"): true}
	got := MaskTextOf(text, func(k string) bool { return own[k] })
	want := "市民 139****6688、0537-****45，请致电 0537-2967110 或经办人 13805371234；身份证 370802********1234"
	if got != want {
		t.Errorf("MaskTextOf = %q, want %q", got, want)
	}
	if MaskTextOf(text, nil) != MaskText(text) {
		t.Error("MaskTextOf(nil) is not MaskText")
	}
}

// TestMaskFullWidthNumbers: a number typed in full-width digits or with a
// full-width hyphen, which Parse reads and the classifier extracts, is
// masked and keyed like its ASCII form: before, MaskText (the logger, the
// masking past retention) left it whole.
func TestMaskFullWidthNumbers(t *testing.T) {
	for _, tt := range []struct{ before, number, after, masked, key string }{
		{"我的电话", "１３９５３７０６６８８", "，谢谢", "139****6688", "13953706688"},
		{"电话：", "１３９－５３７０－６６８８", "", "139****6688", "13953706688"},
		{"", "＋８６ １３９ ５３７０ ６６８８", "", "139****6688", "13953706688"},
		{"座机", "０５３７－７２１２３４５", "", "0537-****45", "05377212345"},
		{"座机", "0537－7212345", "", "0537-****45", "05377212345"},
	} {
		in := tt.before + tt.number + tt.after
		if got, want := MaskText(in), tt.before+tt.masked+tt.after; got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
		if got := PhoneKeys(in); !slices.Equal(got, []string{tt.key}) {
			t.Errorf("PhoneKeys(%q) = %q, want [%s]", in, got, tt.key)
		}
		// The key is that of the number Parse reads, as orders keep it.
		if n, err := Parse(tt.number); err != nil || PhoneKey(n.National()) != tt.key {
			t.Errorf("Parse(%q) = %q, %v: key %q, want %s", tt.number, n, err, PhoneKey(n.National()), tt.key)
		}
	}
}

// TestMaskSpeltNumbers: a number read out in Chinese numerals (一三九…,
// 幺, mixed with digits or split by a hyphen or a space), which the
// classifier extracts as the citizen's phone, is masked and keyed like its
// digits; a run of numerals that is no phone, and a number staff keep
// (mine says no), stay as written.
func TestMaskSpeltNumbers(t *testing.T) {
	for _, tt := range []struct{ in, masked, key string }{
		{"我电话一三九五三七零六六八八，快来", "我电话139****6688，快来", "13953706688"},
		{"打幺三九-五三七零 六六八八找我", "打139****6688找我", "13953706688"},
		{"手机139五三七零六六八八", "手机139****6688", "13953706688"},
		{"座机零五三七-七二一二三四五", "座机0537-****45", "05377212345"},
	} {
		if got := MaskText(tt.in); got != tt.masked {
			t.Errorf("MaskText(%q) = %q, want %q", tt.in, got, tt.masked)
		}
		if got := PhoneKeys(tt.in); !slices.Equal(got, []string{tt.key}) {
			t.Errorf("PhoneKeys(%q) = %q, want [%s]", tt.in, got, tt.key)
		}
	}
	// A word that starts with a numeral after a number stays a word: the
	// number is masked, the word kept (before, 一直 was read as a twelfth
	// digit and the text came out 139****66011直).
	for _, tt := range []struct{ in, masked, key string }{
		{"我打13953706601一直没人接", "我打139****6601一直没人接", "13953706601"},
		{"热线0537-7212345一直占线", "热线0537-****45一直占线", "05377212345"},
		{"电话一三九五三七零六六八八一直打不通", "电话139****6688一直打不通", "13953706688"},
		{"号码13953706601一下就挂了", "号码139****6601一下就挂了", "13953706601"},
	} {
		if got := MaskText(tt.in); got != tt.masked {
			t.Errorf("MaskText(%q) = %q, want %q", tt.in, got, tt.masked)
		}
		if got := PhoneKeys(tt.in); !slices.Equal(got, []string{tt.key}) {
			t.Errorf("PhoneKeys(%q) = %q, want [%s]", tt.in, got, tt.key)
		}
	}
	if in, want := "身份证370802199001011234一直用不了", "身份证370802********1234一直用不了"; MaskText(in) != want {
		t.Errorf("MaskText(%q) = %q, want %q", in, MaskText(in), want)
	}
	for _, in := range []string{"一二三四五六七八九十", "三五七九一三五个人", "我家住在三楼"} {
		if got := MaskText(in); got != in {
			t.Errorf("MaskText(%q) = %q, want it unchanged", in, got)
		}
	}
	staff := "回电一三九五三七零六六八八"
	if got := MaskTextOf(staff, func(string) bool { return false }); got != staff {
		t.Errorf("MaskTextOf(%q, none mine) = %q, want it unchanged", staff, got)
	}
	if got, want := MaskTextOf(staff, func(k string) bool { return k == "13953706688" }), "回电139****6688"; got != want {
		t.Errorf("MaskTextOf(%q, mine) = %q, want %q", staff, got, want)
	}
}

// TestAbbrev: a text cut for a title or a screen pop's history (calls'
// Title and FirstText, the bot's titles) is one line of at most n
// characters and "…" when something was cut.
func TestAbbrev(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"路灯不亮", 30, "路灯不亮"},
		{"古槐路的路灯\n坏了", 30, "古槐路的路灯 坏了"},
		{"古槐路与建设路交叉口的路灯坏了", 6, "古槐路与建设…"},
		{"abcdef", 6, "abcdef"},
	} {
		if got := Abbrev(tt.in, tt.n); got != tt.want {
			t.Errorf("Abbrev(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
