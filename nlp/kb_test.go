package nlp

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func testStarterKB(t testing.TB) *KB {
	t.Helper()
	kb, err := StarterKB()
	if err != nil {
		t.Fatalf("StarterKB: %v", err)
	}
	return kb
}

func TestKBParaphrasesMatch(t *testing.T) {
	kb := testStarterKB(t)
	tests := []struct{ query, want string }{
		{"怎么提取公积金", "gjj-withdraw"},
		{"公积金租房能取吗", "gjj-withdraw-rent"},
		{"我想问一下买房了公积金怎么取出来", "gjj-withdraw"},
		{"退休了公积金能全部取出来吗", "gjj-withdraw-retire"},
		{"辞职了公积金能取吗", "gjj-withdraw-leave"},
		{"驾照到期了怎么换", "jt-license-renew"},
		{"社保从外地转过来怎么办", "sb-transfer"},
		{"孩子上户口需要什么材料", "za-hukou-newborn"},
		{"身份证丢了怎么办", "za-idcard"},
		{"异地就医怎么备案", "yb-offsite"},
		{"暖气今年不用了想报停", "gr-suspend"},
		{"老人坐公交免费吗", "gj-senior-card"},
		{"怎么办营业执照", "zw-business-license"},
		{"个税怎么退", "sw-iit-annual"},
		{"二手房过户要什么手续", "fc-resale"},
		{"汽车年审怎么弄", "jt-inspection"},
		{"低保怎么申请？", "mz-dibao"},
		{"ＡＰＰ上能交电费吗，电费怎么交", "gd-fee-transfer"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			e, score, ok := kb.Best(tt.query, DefaultKBThreshold)
			if !ok {
				hits := kb.Search(tt.query, 1)
				t.Fatalf("no entry above %.2f (best %v)", DefaultKBThreshold, hits)
			}
			if e.ID != tt.want {
				t.Errorf("Best = %s (%.2f), want %s", e.ID, score, tt.want)
			}
			if score < DefaultKBThreshold || score > 1 {
				t.Errorf("score %.3f outside [%.2f, 1]", score, DefaultKBThreshold)
			}
		})
	}
}

func TestKBComplaintsDoNotMatch(t *testing.T) {
	kb := testStarterKB(t)
	for _, q := range []string{
		"楼下烧烤油烟太大",
		"路灯坏了一个月",
		"小区电梯又坏了",
		"我家停水了三天了",
		"物业不给修房顶漏水",
		"工地晚上施工太吵了",
		"公交车司机态度很差",
		"暖气不热",
		"开发商不给办房产证",
		"孩子学校乱收费",
		"你好",
		"",
		"。。。！！",
	} {
		t.Run(q, func(t *testing.T) {
			e, score, ok := kb.Best(q, DefaultKBThreshold)
			if ok {
				t.Errorf("Best = %s (%.2f), want no answer", e.ID, score)
			}
			if score >= DefaultKBThreshold {
				t.Errorf("score %.2f ≥ threshold", score)
			}
		})
	}
}

// Every starter entry is found by its own question, far above threshold:
// no entry is shadowed by another.
func TestKBStarterSelfRetrieval(t *testing.T) {
	kb := testStarterKB(t)
	for _, e := range kb.Entries() {
		hits := kb.Search(e.Question, 2)
		if len(hits) == 0 || hits[0].Entry.ID != e.ID {
			t.Errorf("%s: its question finds %v", e.ID, hits)
			continue
		}
		if hits[0].Score < 0.9 {
			t.Errorf("%s: self score %.2f, want ≥ 0.9", e.ID, hits[0].Score)
		}
	}
}

func TestKBStarterContent(t *testing.T) {
	kb := testStarterKB(t)
	entries := kb.Entries()
	if n := len(entries); n < 30 || n > 40 {
		t.Errorf("starter set has %d entries, want 30–40", n)
	}
	// The default taxonomy's routing (DESIGN.md).
	routes := map[string]string{
		"GJJ": "市住房公积金管理中心", "SB": "市社会保险事业中心", "YB": "市医疗保障局",
		"ZA": "市公安局", "JTZX": "市公安局", "ZRZY": "市自然资源和规划局", "FCJY": "市房产交易中心",
		"ZFBZ": "市住房和城乡建设局", "MZ": "市民政局", "JY": "市教育局", "ZWFW": "市行政审批服务局",
		"SW": "市税务局", "GR": "山东聚源热力有限责任公司", "GS": "中山水务公司",
		"GD": "国网济宁供电公司", "GQ": "华润燃气公司", "GJ": "市公交公司",
	}
	for _, e := range entries {
		dept, ok := routes[e.Category]
		if !ok {
			t.Errorf("%s: category %q is not in the default taxonomy", e.ID, e.Category)
		} else if e.Department != dept {
			t.Errorf("%s: department %q, want %q for %s", e.ID, e.Department, dept, e.Category)
		}
		if len(e.Keywords) == 0 {
			t.Errorf("%s: no keywords", e.ID)
		}
		if r := []rune(e.Answer); len(r) < 60 {
			t.Errorf("%s: answer of %d characters is too thin", e.ID, len(r))
		}
		if !strings.ContainsAny(e.Answer, "。") {
			t.Errorf("%s: answer is not written in sentences", e.ID)
		}
	}
}

func TestKBSearchOrderAndLimit(t *testing.T) {
	kb := testStarterKB(t)
	hits := kb.Search("公积金", 3)
	if len(hits) != 3 {
		t.Fatalf("%d hits, want 3", len(hits))
	}
	for i, h := range hits {
		if h.Entry.Category != "GJJ" {
			t.Errorf("hit %d is %s (%s), want a 公积金 entry", i, h.Entry.ID, h.Entry.Category)
		}
		if i > 0 && h.Score > hits[i-1].Score {
			t.Errorf("hits not sorted: %.3f after %.3f", h.Score, hits[i-1].Score)
		}
	}
	if got := kb.Search("公积金", 0); got != nil {
		t.Errorf("k=0 gave %v", got)
	}
	// Entries and hits are copies.
	hits[0].Entry.Keywords[0] = "changed"
	if kb.Search("公积金", 1)[0].Entry.Keywords[0] == "changed" {
		t.Error("a hit shares its keywords with the index")
	}
	es := kb.Entries()
	es[0].Question = "changed"
	if kb.Entries()[0].Question == "changed" {
		t.Error("Entries shares its slice with the index")
	}
}

func TestKBBestThreshold(t *testing.T) {
	kb := testStarterKB(t)
	_, score, ok := kb.Best("驾照到期了怎么换", 0) // 0 means the default
	if !ok || score < DefaultKBThreshold {
		t.Fatalf("Best with default threshold = %.2f, %v", score, ok)
	}
	if _, s, ok := kb.Best("驾照到期了怎么换", score+0.001); ok || s != score {
		t.Errorf("Best above its score = %.3f, %v; want the score and false", s, ok)
	}
}

func TestNewKBErrors(t *testing.T) {
	ok := KBEntry{ID: "a", Question: "问", Answer: "答"}
	tests := []struct {
		name    string
		entries []KBEntry
		want    KBProblem
	}{
		{"duplicate id", []KBEntry{ok, {ID: "b", Question: "q", Answer: "x"}, ok}, KBProblem{Entry: 3, ID: "a", Kind: KBDuplicateID, Prev: 1}},
		{"empty question", []KBEntry{{ID: "q1", Question: " ", Answer: "答"}}, KBProblem{Entry: 1, ID: "q1", Kind: KBNoQuestion, Field: "question"}},
		{"empty answer", []KBEntry{ok, {ID: "a2", Question: "问"}}, KBProblem{Entry: 2, ID: "a2", Kind: KBNoAnswer, Field: "answer"}},
		{"empty id", []KBEntry{{Question: "问", Answer: "答"}}, KBProblem{Entry: 1, Kind: KBNoID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewKB(tt.entries)
			wantKBProblems(t, err, []KBProblem{tt.want})
			if !strings.HasPrefix(err.Error(), "nlp: knowledge base: entry ") {
				t.Errorf("log text %q", err)
			}
		})
	}
	kb, err := NewKB(nil)
	if err != nil || kb.Len() != 0 || kb.Search("公积金", 3) != nil {
		t.Errorf("empty KB: %v, %v", kb, err)
	}
}

func TestReadKBFileJSONL(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	kbWriteFile(t, good, "\ufeff"+`{"id":"x1","question":"停车场收费标准在哪里查？","answer":"可咨询价格主管部门。","category":"SCJG","keywords":["停车收费"]}`+"\n\n# comment\n"+
		`{"id":"x2","question":"q","answer":"a"}`+"\n")
	es, err := ReadKBFile(good)
	if err != nil {
		t.Fatalf("ReadKBFile: %v", err)
	}
	if len(es) != 2 || es[0].ID != "x1" || es[0].Keywords[0] != "停车收费" || es[1].ID != "x2" {
		t.Errorf("entries = %+v", es)
	}

	bad := filepath.Join(dir, "bad.jsonl")
	kbWriteFile(t, bad, strings.Join([]string{
		`{"id":"a","question":"q","answer":"a"}`,
		`{"id":"b","question":"q"`,
		`{"id":"c","question":"","answer":"a"}`,
		`{"id":"a","question":"q","answer":"a"}`,
		`{"id":"d","question":"q","answer":"a","anwser":"typo"}`,
		`{"id":"e","question":"q","answer":"a","keywords":"one"}`,
		`{"id":"f","question":"q","answer":"a"}`,
	}, "\n"))
	_, err = ReadKBFile(bad)
	if err == nil {
		t.Fatal("ReadKBFile accepted a bad file")
	}
	wantKBProblems(t, err, []KBProblem{
		{File: bad, Line: 2, Kind: KBUnclosed},
		{File: bad, Line: 3, ID: "c", Kind: KBNoQuestion, Field: "question"},
		{File: bad, Line: 4, ID: "a", Kind: KBDuplicateID, Prev: 1},
		{File: bad, Line: 5, Kind: KBUnknownField, Field: "anwser"},
		{File: bad, Line: 6, Kind: KBWrongType, Field: "keywords"},
	})
	kbWriteFile(t, bad, "{\"id\": x}\n{\"id\":\"a\",\"question\":\"q\",\"answer\":\"a\"} {}\n")
	_, err = ReadKBFile(bad)
	wantKBProblems(t, err, []KBProblem{{File: bad, Line: 1, Kind: KBBadJSON, Offset: 8, Detail: "invalid character 'x' looking for beginning of value"},
		{File: bad, Line: 2, Kind: KBTwoValues}})

	if _, err := ReadKBFile(filepath.Join(dir, "missing.jsonl")); err == nil || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestReadKBFileYAML(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "kb.yaml")
	kbWriteFile(t, good, `# office entries
- id: park-fee
  question: 停车场收费标准在哪里查？
  answer: |
    可咨询价格主管部门，以公示为准。
  category: SCJG
  department: 市市场监督管理局
  keywords: [停车收费, 停车费]
- id: x2
  question: q
  answer: a
`)
	es, err := ReadKBFile(good)
	if err != nil {
		t.Fatalf("ReadKBFile: %v", err)
	}
	if len(es) != 2 || es[0].Department != "市市场监督管理局" || len(es[0].Keywords) != 2 ||
		es[0].Answer != "可咨询价格主管部门，以公示为准。" {
		t.Errorf("entries = %+v", es)
	}

	bad := filepath.Join(dir, "bad.yml")
	kbWriteFile(t, bad, `- id: a
  question: q
  answer: a
- id: b
  question: q
- id: a
  question: q
  answer: a
- id: c
  question: q
  anwser: a
- id: d
  question: q
  answer: a
  keywords: {x: y}
`)
	_, err = ReadKBFile(bad)
	if err == nil {
		t.Fatal("ReadKBFile accepted a bad file")
	}
	wantKBProblems(t, err, []KBProblem{
		{File: bad, Line: 4, ID: "b", Kind: KBNoAnswer, Field: "answer"},
		{File: bad, Line: 6, ID: "a", Kind: KBDuplicateID, Prev: 1},
		{File: bad, Line: 11, Kind: KBUnknownField, Field: "anwser"},
		{File: bad, Line: 15, Kind: KBWrongType, Field: "keywords"},
	})

	notList := filepath.Join(dir, "map.yaml")
	kbWriteFile(t, notList, "entries:\n  - id: a\n")
	_, err = ReadKBFile(notList)
	wantKBProblems(t, err, []KBProblem{{File: notList, Line: 1, Kind: KBNotList}})
	kbWriteFile(t, notList, "- just a line\n")
	_, err = ReadKBFile(notList)
	wantKBProblems(t, err, []KBProblem{{File: notList, Line: 1, Kind: KBNotMapping}})
	syntax := filepath.Join(dir, "syntax.yaml")
	kbWriteFile(t, syntax, "- id: a\n  question: [unclosed\n")
	_, err = ReadKBFile(syntax)
	if p := KBProblems(err); len(p) != 1 || p[0].Kind != KBBadYAML || p[0].File != syntax || !strings.Contains(p[0].Detail, "line") {
		t.Errorf("a syntax error: %v", err)
	}
}

func TestKBTerms(t *testing.T) {
	got := kbTerms("怎么提取ＡＰＰ公积金？")
	for _, want := range []string{"提取", "公积", "积金", "提", "app"} {
		if _, ok := got[want]; !ok {
			t.Errorf("terms lack %q: %v", want, got)
		}
	}
	for _, not := range []string{"怎么", "么", "取a", "金？"} {
		if _, ok := got[not]; ok {
			t.Errorf("terms have %q: %v", not, got)
		}
	}
	if got["提"] != kbUnigramWeight || got["提取"] != 1 {
		t.Errorf("weights: %v", got)
	}
}

func BenchmarkKBBest(b *testing.B) {
	kb := testStarterKB(b)
	queries := []string{"我想问一下买房了公积金怎么取出来", "楼下烧烤油烟太大，晚上根本睡不着，希望有关部门管一管", "驾照到期了怎么换"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		kb.Best(queries[i%len(queries)], DefaultKBThreshold)
		i++
	}
}

func kbWriteFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestKBMergeWriteLoad(t *testing.T) {
	starter, err := StarterKBEntries()
	if err != nil {
		t.Fatal(err)
	}
	add := []KBEntry{
		{ID: "gr-fee", Question: "暖气费怎么交？", Answer: "请到供热单位营业厅缴纳，以公告为准。", Category: "GR"},
		{ID: "park-fee", Question: "停车场收费标准在哪里查？", Answer: "可向价格主管部门咨询，以公示为准。", Keywords: []string{"停车费"}},
	}
	merged, added, replaced := MergeKBEntries(starter, add)
	if added != 1 || replaced != 1 || len(merged) != len(starter)+1 {
		t.Fatalf("added %d, replaced %d, %d entries", added, replaced, len(merged))
	}
	if i := slices.IndexFunc(merged, func(e KBEntry) bool { return e.ID == "gr-fee" }); merged[i].Answer != add[0].Answer {
		t.Errorf("gr-fee not replaced in place: %+v", merged[i])
	}
	if merged[len(merged)-1].ID != "park-fee" {
		t.Errorf("new entry not appended: %s", merged[len(merged)-1].ID)
	}

	path := filepath.Join(t.TempDir(), "kb.jsonl")
	var buf bytes.Buffer
	if err := WriteKBJSONL(&buf, merged); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), `\u`) {
		t.Error("JSONL escapes characters")
	}
	kbWriteFile(t, path, buf.String())
	kb, err := LoadKB(path)
	if err != nil {
		t.Fatalf("LoadKB: %v", err)
	}
	if !reflect.DeepEqual(kb.Entries(), merged) {
		t.Error("entries changed in the round trip")
	}
	if e, _, ok := kb.Best("停车费在哪里查", 0); !ok || e.ID != "park-fee" {
		t.Errorf("Best = %s, %v; want park-fee", e.ID, ok)
	}
	def, err := LoadKB("")
	if err != nil || def.Len() != len(starter) {
		t.Errorf("LoadKB(\"\") = %d entries, %v", def.Len(), err)
	}
	dup := filepath.Join(t.TempDir(), "dup.jsonl")
	kbWriteFile(t, dup, `{"id":"a","question":"q","answer":"a"}`+"\n"+`{"id":"a","question":"q","answer":"a"}`+"\n")
	if _, err := LoadKB(dup); err == nil || !strings.Contains(err.Error(), dup+":2:") {
		t.Errorf("LoadKB with a duplicate id: %v", err)
	}
}

// wantKBProblems fails t unless err holds exactly want, in order.
func wantKBProblems(t *testing.T, err error, want []KBProblem) {
	t.Helper()
	got := KBProblems(err)
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d: %v", len(got), len(want), err)
	}
	for i := range min(len(got), len(want)) {
		if *got[i] != want[i] {
			t.Errorf("problem %d = %+v\nwant        %+v", i, *got[i], want[i])
		}
	}
}
