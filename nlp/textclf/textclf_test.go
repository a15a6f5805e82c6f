package textclf

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// synthetic is a small, clearly separable training set.
func synthetic() []Example {
	var ex []Example
	add := func(label string, titles, texts []string) {
		for i, t := range texts {
			ex = append(ex, Example{Title: titles[i%len(titles)], Text: t, Label: label})
		}
	}
	add("交通运输", []string{"公交线路问题", "道路拥堵"}, []string{
		"小区门口的公交车站取消了，出行很不方便，希望恢复公交线路。",
		"早高峰道路拥堵严重，红绿灯时间设置不合理。",
		"出租车拒载现象严重，希望加强管理。",
		"地铁站出口太少，公交换乘不方便。",
		"高速公路收费站排队太长，请增加车道。",
		"公交车司机开车太快，乘客很危险。",
	})
	add("教育文体", []string{"学校收费问题", "孩子入学"}, []string{
		"学校违规补课收费，老师强制学生参加辅导班。",
		"孩子上小学学位不足，入学报名困难。",
		"幼儿园收费太高，希望教育局管理。",
		"中学老师体罚学生，家长很担心。",
		"学校食堂饭菜质量差，学生吃不饱。",
		"体育馆长期不开放，市民无法锻炼。",
	})
	add("环境保护", []string{"噪音扰民", "污染问题"}, []string{
		"工厂排放废气，气味刺鼻，居民无法开窗。",
		"工地夜间施工噪音扰民，严重影响休息。",
		"河道污染严重，污水直排，鱼都死了。",
		"垃圾焚烧厂冒黑烟，空气污染严重。",
		"养猪场粪便污染水源，臭味很大。",
		"夜市烧烤油烟污染，噪音很大。",
	})
	return ex
}

func trainSynthetic(t testing.TB) *Model {
	t.Helper()
	m, err := Train(synthetic(), Options{Seed: 1, MinDF: 1})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTrainPredict(t *testing.T) {
	m := trainSynthetic(t)
	if got, want := strings.Join(m.Labels(), ","), "交通运输,教育文体,环境保护"; got != want {
		t.Fatalf("Labels() = %s, want %s", got, want)
	}
	for _, tc := range []struct{ title, text, want string }{
		{"公交车站", "家门口的公交线路被取消了，出行不方便", "交通运输"},
		{"学校补课", "学校强制学生参加收费辅导班", "教育文体"},
		{"噪音", "工厂排放废气，夜间噪音扰民", "环境保护"},
	} {
		got, conf := m.Predict(tc.title, tc.text)
		if got != tc.want {
			t.Errorf("Predict(%q) = %s, want %s", tc.text, got, tc.want)
		}
		if conf <= 1.0/3 || conf > 1 {
			t.Errorf("Predict(%q) confidence %v not in (1/3, 1]", tc.text, conf)
		}
		p := m.Probabilities(tc.title, tc.text, nil)
		var sum float64
		best := 0
		for i, v := range p {
			sum += v
			if v > p[best] {
				best = i
			}
		}
		if math.Abs(sum-1) > 1e-9 || m.Labels()[best] != got || math.Abs(p[best]-conf) > 1e-9 {
			t.Errorf("Probabilities = %v (sum %v), Predict = %s %v", p, sum, got, conf)
		}
	}
	dst := make([]float64, 0, 8)
	if p := m.Probabilities("", "噪音", dst); &p[0] != &dst[:1][0] {
		t.Error("Probabilities did not reuse dst")
	}
}

func TestTrainErrors(t *testing.T) {
	for name, ex := range map[string][]Example{
		"empty":     nil,
		"one label": {{Text: "a", Label: "x"}, {Text: "b", Label: "x"}},
		"no label":  {{Text: "a", Label: "x"}, {Text: "b", Label: " "}},
	} {
		if _, err := Train(ex, Options{}); err == nil {
			t.Errorf("%s: Train succeeded", name)
		}
	}
	if _, err := Train(synthetic(), Options{HashBits: 30}); err == nil {
		t.Error("HashBits 30 accepted")
	}
	for _, w := range []float64{-1, math.NaN(), math.Inf(1)} {
		ex := synthetic()
		ex[3].Weight = w
		if _, err := Train(ex, Options{}); err == nil || !strings.Contains(err.Error(), "example 4") {
			t.Errorf("weight %v: error %v, want one naming example 4", w, err)
		}
	}
}

// TestWeight checks Example.Weight: a weight of 1 is the default, and of
// one text labelled twice the heavier label wins.
func TestWeight(t *testing.T) {
	ones := synthetic()
	for i := range ones {
		ones[i].Weight = 1
	}
	m, err := Train(ones, Options{Seed: 1, MinDF: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(modelBytes(t, m), modelBytes(t, trainSynthetic(t))) {
		t.Error("every weight 1 gave another model than no weight")
	}
	// The same text labelled twice: the heavier label wins it.
	for _, heavy := range []string{"教育文体", "环境保护"} {
		ex := append(synthetic(),
			Example{Text: "窗外天天很吵", Label: "教育文体"},
			Example{Text: "窗外天天很吵", Label: "环境保护"})
		for i := range ex {
			if ex[i].Label == heavy && ex[i].Text == "窗外天天很吵" {
				ex[i].Weight = 5
			}
		}
		m, err := Train(ex, Options{Seed: 1, MinDF: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := m.Predict("", "窗外天天很吵"); got != heavy {
			t.Errorf("窗外天天很吵 weighing 5 in %s: predicted %s", heavy, got)
		}
	}
}

func modelBytes(t testing.TB, m *Model) []byte {
	t.Helper()
	var b bytes.Buffer
	n, err := m.WriteTo(&b)
	if err != nil || n != int64(b.Len()) {
		t.Fatalf("WriteTo = %d, %v (wrote %d)", n, err, b.Len())
	}
	return b.Bytes()
}

func TestDeterministic(t *testing.T) {
	a := modelBytes(t, trainSynthetic(t))
	b := modelBytes(t, trainSynthetic(t))
	if !bytes.Equal(a, b) {
		t.Fatal("same seed gave different models")
	}
}

func TestRoundTrip(t *testing.T) {
	m := trainSynthetic(t)
	data := modelBytes(t, m)
	if string(data[:4]) != "HLTC" {
		t.Fatalf("magic %q", data[:4])
	}
	m2, err := ReadModel(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(modelBytes(t, m2), data) {
		t.Fatal("re-encoded model differs")
	}
	for _, e := range synthetic() {
		p1 := m.Probabilities(e.Title, e.Text, nil)
		p2 := m2.Probabilities(e.Title, e.Text, nil)
		for i := range p1 {
			if p1[i] != p2[i] {
				t.Fatalf("probabilities differ after round trip: %v vs %v", p1, p2)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "model.bin")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadModel(path); err != nil {
		t.Fatal(err)
	}
}

func TestCorruptModel(t *testing.T) {
	data := modelBytes(t, trainSynthetic(t))
	path := filepath.Join(t.TempDir(), "model.bin")
	if err := os.WriteFile(path, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadModel(path)
	want := "textclf: " + path + ": truncated (expected " + itoa(len(data)) + " bytes)"
	if err == nil || err.Error() != want || !errors.Is(err, ErrCorrupt) {
		t.Fatalf("LoadModel(truncated) = %v, want %s", err, want)
	}
	for _, n := range []int{0, 3, 9, 10, len(data) - 1} {
		if _, err := ReadModel(bytes.NewReader(data[:n])); !errors.Is(err, ErrCorrupt) {
			t.Errorf("ReadModel(%d of %d bytes) = %v", n, len(data), err)
		}
	}
	for _, i := range []int{0, 5, 12, 40, len(data) / 2, len(data) - 1} {
		bad := bytes.Clone(data)
		bad[i] ^= 0x55
		if _, err := ReadModel(bytes.NewReader(bad)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("ReadModel(byte %d flipped) = %v", i, err)
		}
	}
	if _, err := ReadModel(strings.NewReader("PK\x03\x04 not a model")); err == nil || !strings.Contains(err.Error(), "not a model file") {
		t.Errorf("ReadModel(zip) = %v", err)
	}
}

func itoa(n int) string {
	var b []byte
	for ; n > 0 || len(b) == 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestHostileInput(t *testing.T) {
	m := trainSynthetic(t)
	huge := strings.Repeat("噪音扰民😀ab\xff\xfe ", 20000) // ~300 KB
	for name, text := range map[string]string{
		"empty":      "",
		"whitespace": " \t\n\u3000 ",
		"emoji":      "😀😀🚌🚌",
		"mixed":      "Bus 公交 автобус バス ١٢٣",
		"invalid":    "\xff\xfe\xc3\x28公交",
		"masked":     "*****",
		"huge":       huge,
	} {
		label, conf := m.Predict(name, text)
		if label == "" || !(conf > 0 && conf <= 1) {
			t.Errorf("%s: Predict = %q, %v", name, label, conf)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"ＡＢＣ１２３　测试":           "abc0 测试",
		"电话138*****1234，请回复！": "电话0 请回复 ",
		"A3区 A市  12345热线":     "a0区 a市 0热线",
		"\xff公交, 公交\xff站":     "公交 公交 站", // invalid bytes become U+FFFD, a separator
	} {
		if got := string(normalize(nil, in, 1000)); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
	if got := len(normalize(nil, strings.Repeat("字", 5000), MaxTextRunes)); got != MaxTextRunes {
		t.Errorf("normalize kept %d runes, want %d", got, MaxTextRunes)
	}
}

func TestEvaluate(t *testing.T) {
	// Gold a a a b b c; predicted a a b b c c.
	r := score([]string{"a", "b", "c"}, []int{0, 0, 0, 1, 1, 2}, []int{0, 0, 1, 1, 2, 2})
	// a: P 2/2 R 2/3 F1 0.8; b: P 1/2 R 1/2 F1 0.5; c: P 1/2 R 1 F1 2/3.
	want := []ClassScore{
		{"a", 1, 2.0 / 3, 0.8, 3},
		{"b", 0.5, 0.5, 0.5, 2},
		{"c", 0.5, 1, 2.0 / 3, 1},
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
	for i, w := range want {
		g := r.PerClass[i]
		if g.Label != w.Label || g.Support != w.Support || !near(g.Precision, w.Precision) || !near(g.Recall, w.Recall) || !near(g.F1, w.F1) {
			t.Errorf("class %d = %+v, want %+v", i, g, w)
		}
	}
	if !near(r.Accuracy, 4.0/6) || !near(r.MacroF1, (0.8+0.5+2.0/3)/3) {
		t.Errorf("accuracy %v macro-F1 %v", r.Accuracy, r.MacroF1)
	}
	if r.Confusion[0][1] != 1 || r.Confusion[1][2] != 1 || r.Confusion[2][2] != 1 {
		t.Errorf("confusion %v", r.Confusion)
	}
	var b bytes.Buffer
	r.Write(&b)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if last := lines[len(lines)-1]; last != "macro-F1 0.656" {
		t.Errorf("last line %q", last)
	}

	m := trainSynthetic(t)
	ex := synthetic()
	rep := Evaluate(m, append(ex, Example{Text: "公交", Label: "未知"}))
	if len(rep.Labels) != 4 || rep.PerClass[3].Support != 1 || rep.PerClass[3].F1 != 0 {
		t.Errorf("unknown gold label not reported: %+v", rep)
	}
}

// TestCJKKept checks normalize's shortcut for Chinese characters: none of
// the block it keeps without looking it up is a space, punctuation, a
// symbol or a control, so each would have been kept anyway.
func TestCJKKept(t *testing.T) {
	for r := rune(cjkFirst); r <= cjkLast; r++ {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsControl(r) {
			t.Fatalf("%U is a space, punctuation, a symbol or a control", r)
		}
		if got := normalize(nil, string(r), 1); len(got) != 1 || got[0] != r {
			t.Fatalf("normalize(%q) = %q", string(r), string(got))
		}
	}
}

// TestNonFiniteValuesRejected writes models whose checksum is right but one
// of whose values is NaN or infinite: the decoder checks each value as it
// reads it, so every one is refused by name.
func TestNonFiniteValuesRejected(t *testing.T) {
	m := trainSynthetic(t)
	k := len(m.labels)
	first, last := -1, -1
	for j, f := range m.idf {
		if f != 0 {
			if first < 0 {
				first = j
			}
			last = j
		}
	}
	if first < 0 {
		t.Fatal("the synthetic model has no bucket")
	}
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	for _, tt := range []struct {
		name string
		set  func(m *Model)
		want string
	}{
		{"first weight NaN", func(m *Model) { m.w[first*k] = nan }, "bad weight"},
		{"last weight +Inf", func(m *Model) { m.w[last*k+k-1] = inf }, "bad weight"},
		{"last weight -Inf", func(m *Model) { m.w[last*k+k-1] = -inf }, "bad weight"},
		{"bias NaN", func(m *Model) { m.bias[k-1] = nan }, "bad bias"},
		{"idf +Inf", func(m *Model) { m.idf[last] = inf }, "bad idf"},
	} {
		bad := &Model{cfg: m.cfg, scale: m.scale, labels: m.labels,
			bias: slices.Clone(m.bias), idf: slices.Clone(m.idf), w: slices.Clone(m.w)}
		tt.set(bad)
		_, err := ReadModel(bytes.NewReader(modelBytes(t, bad)))
		if err == nil || !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: ReadModel = %v, want %q", tt.name, err, tt.want)
		}
	}
}
