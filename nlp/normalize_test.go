package nlp

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// exampleTexts returns the text of every line of the example files (the
// training, emergency and held-out messages).
func exampleTexts(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("examples/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("example files: %v (%d)", err, len(files))
	}
	var texts []string
	for _, name := range files {
		if heldOutUnseen.MatchString(filepath.Base(name)) {
			continue // its messages are printed by no test but its own
		}
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var ex struct {
				Text string `json:"text"`
			}
			if err := json.Unmarshal(sc.Bytes(), &ex); err == nil && ex.Text != "" {
				texts = append(texts, ex.Text)
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return texts
}

// TestTypoStarts checks the shortcut of normalize: every typo has two
// runes or more, a text holding a typo is always sent to typoFixer, and a
// text mayHaveTypo lets through is one typoFixer leaves as it is. The
// texts are the example files' messages as they are, with a typo put in
// at a random place, and cut at random places.
func TestTypoStarts(t *testing.T) {
	for i := 0; i < len(typos); i += 2 {
		if utf8.RuneCountInString(typos[i]) < 2 {
			t.Errorf("typo %q has fewer than two runes", typos[i])
		}
	}
	rng := rand.New(rand.NewPCG(9, 9))
	texts := exampleTexts(t)
	var passed, sent int
	for _, text := range texts {
		rs := []rune(text)
		typo := typos[2*rng.IntN(len(typos)/2)]
		at := rng.IntN(len(rs) + 1)
		cut := string(rs[:rng.IntN(len(rs)+1)])
		for _, s := range []string{text, string(rs[:at]) + typo + string(rs[at:]), cut} {
			fixed := typoFixer.Replace(s)
			if mayHaveTypo(s) {
				sent++
				continue
			}
			passed++
			if fixed != s {
				t.Fatalf("mayHaveTypo(%q) is false, but typoFixer makes it %q", s, fixed)
			}
			for i := 0; i < len(typos); i += 2 {
				if strings.Contains(s, typos[i]) {
					t.Fatalf("mayHaveTypo(%q) is false, but it holds %q", s, typos[i])
				}
			}
		}
	}
	// Each text with a typo put in is sent; most texts as they are are not.
	if sent < len(texts) || passed < len(texts) {
		t.Errorf("%d texts: %d sent to typoFixer, %d let through", len(texts), sent, passed)
	}
	t.Logf("%d texts: %d sent to typoFixer, %d let through", len(texts), sent, passed)
}

// normalizeTexts are BenchmarkClassify's texts and one with a typo.
var normalizeTexts = []string{
	"任城区古槐路有烧烤摊占道经营，油烟很大",
	"你好，我想反映一下，我们小区物业服务太差，楼道灯坏了半年不换，物业费倒是一分不少收，电话13953706688",
	"兖州小孟镇俺家老房子下大雨塌了半边，想问问符合农村危房改造不，俺自己一个人过，联系电话：139 5370 6688",
	"请问公积金提取需要什么材料？",
	"楼下拉圾好几天没人清运",
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		normalize(normalizeTexts[i%len(normalizeTexts)])
	}
}

// BenchmarkTypoFixer compares typoFixer alone (as normalize ran it before
// mayHaveTypo) with mayHaveTypo in front of it, on the same texts.
func BenchmarkTypoFixer(b *testing.B) {
	b.Run("replacer", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			typoFixer.Replace(normalizeTexts[i%len(normalizeTexts)])
		}
	})
	b.Run("checked", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if s := normalizeTexts[i%len(normalizeTexts)]; mayHaveTypo(s) {
				typoFixer.Replace(s)
			}
		}
	})
}
