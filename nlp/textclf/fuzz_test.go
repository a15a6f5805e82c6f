package textclf

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzReadModel(f *testing.F) {
	data := modelBytes(f, trainSynthetic(f))
	f.Add(data)
	f.Add(data[:len(data)/3])
	f.Add([]byte("HLTC\x01\x00\xff\xff\xff\x7f"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadModel(bytes.NewReader(b))
		if err != nil {
			if m != nil {
				t.Fatal("model and error")
			}
			return
		}
		label, conf := m.Predict("公交", "公交车站取消了")
		if label == "" || !(conf > 0 && conf <= 1) {
			t.Fatalf("Predict = %q %v", label, conf)
		}
		again, err := ReadModel(bytes.NewReader(modelBytes(t, m)))
		if err != nil || !bytes.Equal(modelBytes(t, again), modelBytes(t, m)) {
			t.Fatalf("re-encoding a valid model failed: %v", err)
		}
	})
}

func FuzzFeatures(f *testing.F) {
	f.Add("公交线路", "小区门口的公交车站取消了，电话138*****1234")
	f.Add("", "\xff\xfe😀 ＡＢＣ１２３")
	f.Add(strings.Repeat("字", 10), strings.Repeat("测试ab12 ", 600))
	cfg := featureConfig{HashBits: 12, MaxN: 3, TitleWeight: 2}
	sc := newScratch(cfg.dims())
	idf := make([]float32, cfg.dims())
	for i := range idf {
		idf[i] = 1
	}
	f.Fuzz(func(t *testing.T, title, text string) {
		rs := normalize(nil, text, MaxTextRunes)
		if len(rs) > MaxTextRunes {
			t.Fatalf("normalize kept %d runes", len(rs))
		}
		if !utf8.ValidString(string(rs)) {
			t.Fatal("invalid runes")
		}
		cfg.extract(title, text, sc)
		seen := map[uint32]bool{}
		for i, j := range sc.idx {
			if int(j) >= cfg.dims() || seen[j] || !(sc.val[i] > 0) {
				t.Fatalf("feature %d = %v (dims %d, repeated %v)", j, sc.val[i], cfg.dims(), seen[j])
			}
			seen[j] = true
		}
		for _, v := range sc.acc {
			if v != 0 {
				t.Fatal("accumulator not cleared")
			}
		}
		weigh(sc, idf)
		var norm float64
		for _, v := range sc.val {
			norm += float64(v) * float64(v)
		}
		if len(sc.val) > 0 && (norm < 0.999 || norm > 1.001) {
			t.Fatalf("norm² %v", norm)
		}
	})
}
