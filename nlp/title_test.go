package nlp

import (
	"strings"
	"testing"

	"hotline/config"
)

func TestTitleDropsNumbersKeepsMeaning(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	x := NewExtractor(cfg)
	for _, tc := range []struct{ text, category, want string }{
		{"小区路灯坏了 电话13953706688", "SZSS", "小区路灯坏了"},
		{"楼下烧烤油烟很大，联系电话：0537-7212345", "SRHW", "楼下烧烤油烟很大"},
		{"有个老人晕倒了", "QT", "有个老人晕倒了"},
		{"有人持刀抢劫", "QT", "有人持刀抢劫"},
		{"有烧烤摊占道经营", "SRHW", "烧烤摊占道经营"},
	} {
		got := x.Title(tc.text, tc.category)
		if got != tc.want {
			t.Errorf("Title(%q) = %q, want %q", tc.text, got, tc.want)
		}
		if strings.ContainsAny(got, "0123456789") {
			t.Errorf("Title(%q) keeps digits: %q", tc.text, got)
		}
	}
}
