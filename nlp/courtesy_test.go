package nlp

import (
	"context"
	"testing"

	"hotline/ticket"
)

func TestCourtesy(t *testing.T) {
	tests := []struct {
		text string
		want courtesyKind
	}{
		{"你好", courtesyGreet},
		{"您好！在吗？", courtesyGreet},
		{"喂喂，有人在吗", courtesyGreet},
		{"Hello", courtesyGreet},
		{"好的，知道了", courtesyGreet},
		{"嗯嗯", courtesyGreet},
		{"12345你好", courtesyGreet},
		{"谢谢你们", courtesyThank},
		{"辛苦了辛苦了", courtesyThank},
		{"太感谢了！！", courtesyThank},
		{"好的，麻烦了", courtesyThank},
		{"给你们点个赞👍", courtesyThank},
		{"工作人员效率真高，非常感谢", courtesyThank},
		// Something more than a courtesy: the model reads it.
		{"你好，俺家停水了", courtesyNone},
		{"谢谢，路灯还是不亮", courtesyNone},
		{"好的，13953706688", courtesyNone},
		{"可以吗", courtesyNone},
		{"不好", courtesyNone},
		{"表扬一下古槐街道的网格员", courtesyNone},
		{"", courtesyNone},
		{"。。。", courtesyNone},
	}
	for _, tt := range tests {
		if got := courtesy(normalize(tt.text)); got != tt.want {
			t.Errorf("courtesy(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

// TestClassifyCourtesy: a greeting, thanks or praise without a problem
// goes to the catch-all category with CourtesyConfidence and no other
// candidate to offer, thanks as praise, whatever the model makes of a few
// characters.
func TestClassifyCourtesy(t *testing.T) {
	c := testEmbedded(t)
	tests := []struct{ text, typ string }{
		{"你好", ticket.TypeConsult},
		{"在不在啊", ticket.TypeConsult},
		{"嗯嗯", ticket.TypeConsult},
		{"辛苦了", ticket.TypePraise},
		{"谢谢你们！", ticket.TypePraise},
		{"真给力，点赞", ticket.TypePraise},
	}
	for _, tt := range tests {
		r, err := c.Classify(context.Background(), tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if r.Category != "QT" || r.Confidence[FieldCategory] != CourtesyConfidence || len(r.Candidates) != 1 || r.Candidates[0].Category != "QT" || r.Type != tt.typ {
			t.Errorf("Classify(%q) = %s %.2f %v, type %s; want QT %.2f, the only candidate, type %s",
				tt.text, r.Category, r.Confidence[FieldCategory], r.Candidates, r.Type, CourtesyConfidence, tt.typ)
		}
	}
	// A problem told politely is still the problem's.
	r, err := c.Classify(context.Background(), "你好，古槐路的路灯一直不亮，谢谢")
	if err != nil {
		t.Fatal(err)
	}
	if r.Category != "SZSS" {
		t.Errorf("a polite problem: category %s, want SZSS", r.Category)
	}
}
