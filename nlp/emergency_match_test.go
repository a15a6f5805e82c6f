package nlp

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// heldOutNumber matches the held-out sets numbered 8 and more, which no
// test but their own may read.
var heldOutNumber = regexp.MustCompile(`realistic_holdout(\d+)\.jsonl$`)

// matchCorpus returns the normalised texts of every example file that is not
// a held-out set numbered 8 or more, and of the gov-messages test split,
// each with where it comes from (file and line: the texts of the trap set's
// held-out part are never printed).
func matchCorpus(t *testing.T) (texts, from []string) {
	t.Helper()
	files, err := filepath.Glob("examples/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example files: %v", err)
	}
	for _, path := range files {
		if m := heldOutNumber.FindStringSubmatch(path); m != nil {
			if n, _ := strconv.Atoi(m[1]); n >= 8 {
				continue
			}
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		for line := 1; sc.Scan(); line++ {
			b := sc.Bytes()
			if len(b) == 0 || b[0] == '#' {
				continue
			}
			var m struct {
				Text string `json:"text"`
			}
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatalf("%s:%d: %v", path, line, err)
			}
			if m.Text != "" {
				texts = append(texts, strings.TrimSpace(normalize(m.Text)))
				from = append(from, path+":"+strconv.Itoa(line))
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(govTestFile); err == nil {
		for _, m := range readGovMessages(t, govTestFile) {
			texts = append(texts, strings.TrimSpace(normalize(m.Title+"\n"+m.Text)))
			from = append(from, "gov-messages test "+m.ID)
		}
	}
	return texts, from
}

// splitMatches returns every match of r's split pattern in s.
func splitMatches(r *emergRule, s string, present textSets) [][]int {
	var out [][]int
	sc := r.scan(s, present, nil, false)
	for start, end, ok := sc.next(); ok; start, end, ok = sc.next() {
		out = append(out, []int{start, end})
	}
	return out
}

// sameRuleMatches reports a rule whose split pattern finds other matches
// in s than the whole pattern, or whose also pattern answers otherwise
// where the rule matches (the only texts it is asked about).
// The whole pattern runs where the plain path's prefilter lets it (elsewhere
// it cannot match: TestRequiredLiterals).
func sameRuleMatches(t *testing.T, x *Extractor, s, from string) {
	t.Helper()
	present := x.ruleSets.present(s)
	hinted := make([]bool, len(x.emergRules))
	x.emergHints.each(s, func(_, _, id int) { hinted[id] = true })
	for i := range x.emergRules {
		r := &x.emergRules[i]
		var want [][]int
		if r.always || hinted[i] { // else the whole pattern cannot match (TestRequiredLiterals)
			want = r.re.FindAllStringIndex(s, -1)
		}
		if got := splitMatches(r, s, present); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rule %d (%s) split finds %v, whole %v", from, i, r.name, got, want)
		}
		if r.also != nil && want != nil && r.alsoMatches(s, present, false) != r.also.MatchString(s) {
			t.Errorf("%s: rule %d (%s) also pattern split %v, whole %v", from, i, r.name, !r.also.MatchString(s), r.also.MatchString(s))
		}
	}
}

// TestSplitRulesMatchAsWhole checks that matching the emergency patterns
// branch by branch (emergency_match.go) changes nothing: on every example
// text (but the held-out sets numbered 8 and more) and the gov-messages
// test split, each rule's split pattern finds the same matches as the whole
// pattern, and the emergency found is the same, byte for byte, as with the
// plain path.
func TestSplitRulesMatchAsWhole(t *testing.T) {
	x := testExtractor(t)
	plain := testExtractor(t)
	plain.plainRules = true
	texts, from := matchCorpus(t)
	if len(texts) < 10000 {
		t.Fatalf("only %d texts", len(texts))
	}
	step := 1
	if raceEnabled {
		step = 10 // a sample: see raceEnabled
	}
	for i := 0; i < len(texts); i += step {
		s := texts[i]
		if got, want := x.emergencyIn(s), plain.emergencyIn(s); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: split %s, whole %s", from[i], emergencySummary(got), emergencySummary(want))
		}
	}
	// Each rule's matches.
	for i := 0; i < len(texts); i += step {
		sameRuleMatches(t, x, texts[i], from[i])
		if t.Failed() {
			return
		}
	}
}

// emergencySummary shows an emergency's number and rules, not its cue (a
// held-out text's words).
func emergencySummary(em *Emergency) string {
	if em == nil {
		return "none"
	}
	s := em.Number + " " + em.Rule
	for _, a := range em.Also {
		s += " +" + a.Number + " " + a.Rule
	}
	return s
}

// FuzzSplitRules checks the split patterns against the whole ones on any
// text.
func FuzzSplitRules(f *testing.F) {
	for _, s := range []string{
		"楼道里全是烟，呛得睁不开眼，楼上还有人没下来",
		"俺爹叫了半天叫不醒，嘴里冒白沫，手脚冰凉",
		"一辆货车把电动车撞翻了，人躺在地上流了一地的血",
		"他喊着要开车撞死我，还拿刀追着砍",
		"烟烟烟头烟囱冒烟着火火苗红光冲天",
		"电线电梯危房随时威胁钢瓶井盖",
		"\xff烟\x00着火",
	} {
		f.Add(s)
	}
	x := testExtractor(f)
	f.Fuzz(func(t *testing.T, s string) {
		sameRuleMatches(t, x, s, "fuzz")
	})
}

// TestRulesSplit checks that every built-in pattern is matched branch by
// branch, with required words for each branch: a pattern that must run
// whole, or a branch without words, runs on every text. Every branch
// compiles (they compile when they first run).
func TestRulesSplit(t *testing.T) {
	x := testExtractor(t)
	for i, r := range x.emergRules {
		if r.split == nil {
			t.Errorf("rule %d (%s) runs whole: a branch may match empty or look behind (^, \\b): %s", i, r.name, r.re)
			continue
		}
		if r.also != nil && r.alsoSplit == nil {
			t.Errorf("rule %d (%s): its also pattern runs whole: %s", i, r.name, r.also)
		}
		for _, a := range r.split.alts {
			if len(a.sets) == 0 {
				t.Errorf("rule %d (%s): branch %s requires no words", i, r.name, a.re())
			}
		}
		if r.alsoSplit != nil {
			for _, a := range r.alsoSplit.alts {
				a.re() // compiles, or panics
			}
		}
	}
}

// TestRequiredSets checks the split patterns' prefilter: each of the sets
// it derives has a word in every text the pattern matches.
func TestRequiredSets(t *testing.T) {
	tests := []struct {
		expr    string
		matches []string
		want    [][]string
	}{
		{`(叫|喊|拍)[^，]{0,8}(不醒|没反应)`, []string{"叫了半天叫不醒", "拍他没反应"}, [][]string{{"叫", "喊", "拍"}, {"不醒", "没反应"}}},
		{`随时[^，]{0,6}(倒塌|坍塌)`, []string{"随时可能倒塌"}, [][]string{{"随时"}, {"倒塌", "坍塌"}}},
		{`电(线|缆)[^，]{0,6}漏电`, []string{"电缆漏电"}, [][]string{{"电线", "电缆"}, {"漏电"}}},
		{`(想|要)去?(跳楼|跳河)`, []string{"要去跳河"}, [][]string{{"想", "要"}, {"跳楼", "跳河"}}},
		{`着?[^，]{0,3}(a|b)?`, []string{"随便"}, nil},
		{`(?i)fire`, []string{"FIRE"}, nil},
		{`烟(大得|太大)|浓烟`, []string{"烟太大", "浓烟"}, [][]string{{"烟大得", "烟太大", "浓烟"}}},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			tree, err := syntax.Parse(tt.expr, syntax.Perl)
			if err != nil {
				t.Fatal(err)
			}
			got := requiredSets(tree)
			norm := func(sets [][]string) [][]string {
				var out [][]string
				for _, s := range sets {
					out = append(out, slices.Sorted(slices.Values(s)))
				}
				return out
			}
			if !reflect.DeepEqual(norm(got), norm(tt.want)) {
				t.Errorf("requiredSets = %q, want %q", got, tt.want)
			}
			re := regexp.MustCompile(tt.expr)
			for _, m := range tt.matches {
				if !re.MatchString(m) {
					t.Fatalf("%q does not match", m)
				}
				for _, set := range got {
					if !containsAny(m, set) {
						t.Errorf("%q matches but contains none of %q", m, set)
					}
				}
			}
		})
	}
}

// TestSplitPatternOrder checks the merge of the branches' matches: the
// leftmost start first, the earlier branch at one start, the next search
// from the end of the last match.
func TestSplitPatternOrder(t *testing.T) {
	for _, expr := range []string{`ab|a|abc`, `a|ab`, `b[^x]{0,3}c|abc|c`, `(x|yy)z|y+z`, `烟$|烟头|头`,
		`[|(]x|y`, `a\|b|c`, `((a|b)c|d)`, `(a|b)(c|d)`, `[]|]a|b`} {
		var rs ruleSets
		p := rs.split(expr)
		if p == nil {
			t.Fatalf("%s does not split", expr)
		}
		rs.words.finish()
		re := regexp.MustCompile(expr)
		for _, s := range []string{"abcabc", "aabbcc", "yyzxzyz", "烟头烟", "abxc abc", "", "|x(xy", "a|bc", "]a|b|a"} {
			present := rs.present(s)
			var got [][]int
			sc := p.scan(s, present, nil)
			for start, end, ok := sc.match(); ok; start, end, ok = sc.match() {
				got = append(got, []int{start, end})
			}
			if want := re.FindAllStringIndex(s, -1); !reflect.DeepEqual(got, want) {
				t.Errorf("%s on %q: split %v, whole %v", expr, s, got, want)
			}
		}
	}
	for _, expr := range []string{`^a|b`, `\bfoo|bar`, `a|b?`} {
		var rs ruleSets
		if rs.split(expr) != nil {
			t.Errorf("%s splits; it must run whole", expr)
		}
	}
}
