package nlp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"hotline/nlp/defaultmodel"
	"hotline/nlp/textclf"
	"hotline/ticket"
)

var (
	embeddedOnce sync.Once
	embedded     *Embedded
	embeddedErr  error
)

func testEmbedded(t testing.TB) *Embedded {
	t.Helper()
	cfg := testConfig(t)
	embeddedOnce.Do(func() {
		m, err := defaultmodel.Category()
		if err != nil {
			embeddedErr = err
			return
		}
		embedded, embeddedErr = NewEmbedded(cfg, m)
	})
	if embeddedErr != nil {
		t.Fatalf("NewEmbedded: %v", embeddedErr)
	}
	return embedded
}

func TestClassifyKeyExample(t *testing.T) {
	c := testEmbedded(t)
	r, err := c.Classify(context.Background(), "任城区古槐路有烧烤摊占道经营，油烟很大")
	if err != nil {
		t.Fatal(err)
	}
	if r.Category != "SRHW" || r.Department != "任城区人民政府" || r.District != "任城区" {
		t.Errorf("got category %q department %q district %q", r.Category, r.Department, r.District)
	}
	if r.Address != "古槐路" && r.Address != "任城区古槐路" {
		t.Errorf("address %q", r.Address)
	}
	if r.Type != "投诉" || r.Urgency != "一般" || r.Emergency != nil {
		t.Errorf("type %q urgency %q emergency %+v", r.Type, r.Urgency, r.Emergency)
	}
	if !strings.Contains(r.Title, "占道经营") || utf8.RuneCountInString(r.Title) > MaxTitleRunes {
		t.Errorf("title %q", r.Title)
	}
	for _, f := range []string{FieldType, FieldCategory, FieldDepartment, FieldDistrict, FieldTown, FieldAddress, FieldPhones, FieldName, FieldUrgency, FieldTitle} {
		v, ok := r.Confidence[f]
		if !ok || v < 0 || v > 1 {
			t.Errorf("confidence[%s] = %v, %v", f, v, ok)
		}
	}
	if r.Confidence[FieldDepartment] > r.Confidence[FieldCategory] {
		t.Errorf("department confidence %v above category confidence %v", r.Confidence[FieldDepartment], r.Confidence[FieldCategory])
	}
}

func TestClassifyFields(t *testing.T) {
	c := testEmbedded(t)
	tests := []struct {
		text                                    string
		category, department, district, urgency string
		phones                                  []string
		emergency                               string
	}{
		{"兖州小孟镇俺家老房子下雨塌了，想申请农村危房改造，电话13953706688", "ZFBZ", "市住房和城乡建设局", "兖州区", "一般", []string{"13953706688"}, ""},
		{"兖州区鼓楼街道我们小区暖气不热，屋里才十二度", "GR", "四和热力公司", "兖州区", "紧急", nil, ""},
		{"任城区我们小区暖气不热，屋里才十二度", "GR", "山东聚源热力有限责任公司", "任城区", "紧急", nil, ""},
		{"整个小区停水一天了，什么时候来水", "GS", "中山水务公司", "", "紧急", nil, ""},
		{"厨房里煤气味很大，是不是燃气泄漏了", "GQ", "华润燃气公司", "", "特急", nil, "119"},
		{"请问公积金提取需要什么材料", "GJJ", "市住房公积金管理中心", "", "一般", nil, ""},
		{"路灯坏了", "SZSS", "市城市管理局", "", "一般", nil, ""},
		{"垃圾好几天没人清运了", "SRHW", "市城市管理局", "", "一般", nil, ""},
		{"汶上县南旺镇进村的村道坏了好几年了", "NCNY", "汶上县人民政府", "汶上县", "一般", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r, err := c.Classify(context.Background(), tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if r.Category != tt.category || r.Department != tt.department || r.District != tt.district || r.Urgency != tt.urgency {
				t.Errorf("got %s/%s/%q/%s, want %s/%s/%q/%s", r.Category, r.Department, r.District, r.Urgency,
					tt.category, tt.department, tt.district, tt.urgency)
			}
			if !slices.Equal(r.Phones, tt.phones) {
				t.Errorf("phones %q, want %q", r.Phones, tt.phones)
			}
			if (r.Emergency == nil) != (tt.emergency == "") || r.Emergency != nil && r.Emergency.Number != tt.emergency {
				t.Errorf("emergency %+v, want %q", r.Emergency, tt.emergency)
			}
		})
	}
}

func TestClassifyEmptyAndHostile(t *testing.T) {
	c := testEmbedded(t)
	ctx := context.Background()
	for _, in := range []string{"", "   \n\t", "\xff\xfe"} {
		r, err := c.Classify(ctx, in)
		if !errors.Is(err, ErrEmptyText) {
			t.Errorf("Classify(%q) error = %v, want ErrEmptyText", in, err)
		}
		if r.Category != "" || len(r.Confidence) != 10 {
			t.Errorf("Classify(%q) = %+v, want empty result with zero confidences", in, r)
		}
		for f, v := range r.Confidence {
			if v != 0 {
				t.Errorf("Classify(%q) confidence[%s] = %v", in, f, v)
			}
		}
	}
	hostile := []string{
		"😀😀🔥🔥",
		"古槐路\xff路灯\xc0坏了",
		strings.Repeat("小区门口烧烤摊占道经营油烟很大，", 3500), // ~100 KB
		strings.Repeat("\xff", 100<<10),
		strings.Repeat("１", 100<<10),
	}
	for _, in := range hostile {
		r, err := c.Classify(ctx, in)
		if err != nil && !errors.Is(err, ErrEmptyText) {
			t.Errorf("Classify(%d bytes): %v", len(in), err)
		}
		if err == nil && (r.Department == "" || !utf8.ValidString(r.Title)) {
			t.Errorf("Classify(%d bytes) = %+v", len(in), r)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.Classify(cancelled, "路灯坏了"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestClassifyConcurrent(t *testing.T) {
	c := testEmbedded(t)
	texts := []string{"任城区古槐路有烧烤摊占道经营，油烟很大", "家里停水两天了，电话13953706688", "请问公积金提取需要什么材料"}
	want := make([]Result, len(texts))
	for i, s := range texts {
		want[i], _ = c.Classify(context.Background(), s)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				k := (g + i) % len(texts)
				r, err := c.Classify(context.Background(), texts[k])
				if err != nil || r.Category != want[k].Category || r.Title != want[k].Title || !slices.Equal(r.Phones, want[k].Phones) {
					t.Errorf("concurrent Classify(%q) = %+v, %v", texts[k], r, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestClassifyForeignModel(t *testing.T) {
	cfg := testConfig(t)
	m, err := textclf.Train([]textclf.Example{
		{Text: "路灯坏了", Label: "ROADS"}, {Text: "路灯不亮", Label: "ROADS"},
		{Text: "停水了", Label: "WATER"}, {Text: "没水了", Label: "WATER"},
	}, textclf.Options{Seed: 1, MinDF: 1, CalibFolds: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewEmbedded(cfg, m)
	if err == nil || !strings.Contains(err.Error(), "ROADS") || !strings.Contains(err.Error(), "train its own model") {
		t.Errorf("NewEmbedded with a foreign model: %v", err)
	}
	if _, err := NewEmbedded(cfg, nil); err == nil {
		t.Error("NewEmbedded(nil model) succeeded")
	}
}

func TestClassifyKeywordMode(t *testing.T) {
	c := NewKeyword(testConfig(t))
	tests := []struct{ text, category string }{
		{"任城区古槐路有烧烤摊占道经营，油烟很大", "SRHW"},
		{"路灯不亮，井盖也丢了", "SZSS"},
		{"公积金提取需要什么材料", "GJJ"},
		{"家里暖气不热", "GR"},
		{"今天天气不错", "QT"},
	}
	for _, tt := range tests {
		r, err := c.Classify(context.Background(), tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if r.Category != tt.category {
			t.Errorf("keyword Classify(%q) = %s, want %s", tt.text, r.Category, tt.category)
		}
		if r.Department == "" || r.Confidence[FieldCategory] <= 0 || r.Confidence[FieldCategory] >= 1 {
			t.Errorf("keyword Classify(%q) department %q conf %v", tt.text, r.Department, r.Confidence[FieldCategory])
		}
	}
}

// holdoutExample is a line of examples/examples.jsonl.
type holdoutExample struct {
	Text     string   `json:"text"`
	Title    string   `json:"title"`
	Category string   `json:"category"`
	Alt      string   `json:"alt"` // a second defensible category (written files)
	Type     string   `json:"type"`
	District string   `json:"district"`
	Town     string   `json:"town"`
	Phones   []string `json:"phones"`
	Split    string   `json:"split"`
	Source   string   `json:"source"`
}

func readExampleSet(t *testing.T) []holdoutExample {
	t.Helper()
	f, err := os.Open("examples/examples.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []holdoutExample
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e holdoutExample
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestClassifyExampleSet(t *testing.T) {
	cfg := testConfig(t)
	all := readExampleSet(t)
	perCat := map[string]int{}
	splits := map[string]int{}
	for _, e := range all {
		if e.Source != "keyword" {
			perCat[e.Category]++
		}
		splits[e.Split]++
	}
	for _, c := range cfg.Categories {
		if perCat[c.Code] < 40 {
			t.Errorf("category %s has %d messages, want ≥ 40", c.Code, perCat[c.Code])
		}
	}
	if n := len(all) - count(all, "keyword"); n < 1300 {
		t.Errorf("%d examples, want ≥ 1300", n)
	}
	if share := float64(splits["holdout"]) / float64(len(all)-count(all, "keyword")); share < 0.15 || share > 0.3 {
		t.Errorf("holdout share %.2f", share)
	}
}

func count(all []holdoutExample, source string) int {
	n := 0
	for _, e := range all {
		if e.Source == source {
			n++
		}
	}
	return n
}

// TestClassifyHoldout scores the embedded classifier on the held-out split
// of the example set: whole templates the model never saw, and a fixed
// fifth of the hand-written messages.
func TestClassifyHoldout(t *testing.T) {
	cfg := testConfig(t)
	c := testEmbedded(t)
	var n, catOK, deptOK, typeOK, distN, distOK, phoneN, phoneOK, falseDist int
	for _, e := range readExampleSet(t) {
		if e.Split != "holdout" {
			continue
		}
		n++
		r, err := c.Classify(context.Background(), e.Text)
		if err != nil {
			t.Fatalf("%q: %v", e.Text, err)
		}
		if r.Category == e.Category || e.Alt != "" && r.Category == e.Alt {
			catOK++
		} else if testing.Verbose() {
			t.Logf("category %s, want %s: %s", r.Category, e.Category, e.Text)
		}
		// The written files label neither districts nor phones: their
		// department is scored with the district found.
		written := strings.HasPrefix(e.Source, "written-")
		district := e.District
		if written {
			district = r.District
		}
		if r.Department == ticket.Route(cfg, e.Category, district) || e.Alt != "" && r.Department == ticket.Route(cfg, e.Alt, district) {
			deptOK++
		}
		if r.Type == e.Type {
			typeOK++
		}
		if written {
			continue
		}
		if e.District != "" {
			distN++
			if r.District == e.District && (e.Town == "" || r.Town == e.Town) {
				distOK++
			} else {
				t.Errorf("district %q/%q, want %q/%q: %s", r.District, r.Town, e.District, e.Town, e.Text)
			}
		} else if r.District != "" {
			falseDist++
			t.Logf("district %q found where none is named: %s", r.District, e.Text)
		}
		if len(e.Phones) > 0 || len(r.Phones) > 0 {
			phoneN++
			if slices.Equal(r.Phones, e.Phones) {
				phoneOK++
			} else {
				t.Errorf("phones %q, want %q: %s", r.Phones, e.Phones, e.Text)
			}
		}
	}
	catAcc := float64(catOK) / float64(n)
	deptAcc := float64(deptOK) / float64(n)
	t.Logf("holdout: %d messages; category %.3f, department %.3f, type %.3f; districts %d/%d; phones %d/%d; %d districts where none named",
		n, catAcc, deptAcc, float64(typeOK)/float64(n), distOK, distN, phoneOK, phoneN, falseDist)
	if n < 200 {
		t.Errorf("only %d held-out messages", n)
	}
	if catAcc < 0.90 {
		t.Errorf("holdout category accuracy %.3f < 0.90", catAcc)
	}
	if deptAcc < 0.90 {
		t.Errorf("holdout department accuracy %.3f < 0.90", deptAcc)
	}
	if phoneN == 0 || distN == 0 {
		t.Errorf("holdout has %d messages with phones and %d with districts", phoneN, distN)
	}
	if falseDist > n/50 {
		t.Errorf("%d districts found where none is named", falseDist)
	}
}

func BenchmarkClassify(b *testing.B) {
	c := testEmbedded(b)
	ctx := context.Background()
	texts := []string{
		"任城区古槐路有烧烤摊占道经营，油烟很大",
		"你好，我想反映一下，我们小区物业服务太差，楼道灯坏了半年不换，物业费倒是一分不少收，电话13953706688",
		"请问公积金提取需要什么材料？",
		"兖州小孟镇俺家老房子下大雨塌了半边，想问问符合农村危房改造不，俺自己一个人过，联系电话：139 5370 6688",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := c.Classify(ctx, texts[i%len(texts)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClassifyHostile measures long texts made to be slow (cues
// everywhere, no punctuation, invalid bytes): each must stay in the order of
// a millisecond, since Classify analyses at most MaxAnalysedBytes.
func BenchmarkClassifyHostile(b *testing.B) {
	c := testEmbedded(b)
	ctx := context.Background()
	texts := []string{
		strings.Repeat("小区门口烧烤摊占道经营油烟很大，", 3500),
		strings.Repeat("\xff", 100<<10),
		strings.Repeat("１", 100<<10),
		strings.Repeat("不要打人，", 3000),
		strings.Repeat("打人事件", 3000),
		strings.Repeat("电线电梯危房随时威胁钢瓶井盖", 1000),
		strings.Repeat("任城区古槐路28号，电话13953706688，着火了。", 2500),
		strings.Repeat("号", 5000),
		strings.Repeat("我叫", 3000),
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.Classify(ctx, texts[i%len(texts)])
	}
}

// TestCandidates checks the likeliest categories a result lists: best
// first, the first one the result's category with its confidence, at most
// MaxCandidates, none for an out-of-scope matter; in keyword mode too.
func TestCandidates(t *testing.T) {
	for name, c := range map[string]*Embedded{"model": testEmbedded(t), "keywords": NewKeyword(testConfig(t))} {
		for _, text := range []string{
			"楼下烧烤摊油烟太大了",
			"买的东西坏了商家不给退，物业也不管，电梯还老坏",
			"你好",
			"我想咨询一下",
		} {
			r, err := c.Classify(context.Background(), text)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Candidates) == 0 || len(r.Candidates) > MaxCandidates {
				t.Errorf("%s %q: %d candidates", name, text, len(r.Candidates))
				continue
			}
			if r.Candidates[0].Category != r.Category || r.Candidates[0].Confidence != r.Confidence[FieldCategory] {
				t.Errorf("%s %q: first candidate %+v, category %s (%.2f)", name, text, r.Candidates[0], r.Category, r.Confidence[FieldCategory])
			}
			for i := 1; i < len(r.Candidates); i++ {
				if r.Candidates[i].Confidence > r.Candidates[i-1].Confidence || r.Candidates[i].Category == r.Candidates[i-1].Category {
					t.Errorf("%s %q: candidates out of order: %+v", name, text, r.Candidates)
				}
			}
		}
	}
	r, err := testEmbedded(t).Classify(context.Background(), "俺想起诉他，法院立案要带什么")
	if err != nil {
		t.Fatal(err)
	}
	if r.OutOfScope == nil || r.Candidates != nil {
		t.Errorf("out of scope %+v, candidates %+v; want the matter out of scope and no candidates", r.OutOfScope, r.Candidates)
	}
}
