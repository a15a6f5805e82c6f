package textclf

import (
	"bufio"
	"encoding/json"
	"hash/fnv"
	"os"
	"strings"
	"testing"
	"unicode"
)

// lexicon is a word list built from training texts: runs of 2–4 Han
// characters seen in at least minDF texts whose parts predict each other
// (the word without its last or first character is followed or preceded
// by the rest at least a third of the time).
func buildLexicon(texts []string, minDF int) map[string]bool {
	count, df := map[string]int{}, map[string]int{}
	for _, t := range texts {
		seen := map[string]bool{}
		for _, run := range hanRuns(t) {
			for i := range run {
				for n := 1; n <= 4 && i+n <= len(run); n++ {
					w := string(run[i : i+n])
					count[w]++
					if !seen[w] {
						seen[w] = true
						df[w]++
					}
				}
			}
		}
	}
	lex := map[string]bool{}
	for w, c := range count {
		rs := []rune(w)
		if len(rs) < 2 || df[w] < minDF {
			continue
		}
		head, tail := string(rs[:len(rs)-1]), string(rs[1:])
		if float64(c) >= float64(count[head])/3 && float64(c) >= float64(count[tail])/3 {
			lex[w] = true
		}
	}
	return lex
}

func hanRuns(s string) [][]rune {
	var out [][]rune
	var cur []rune
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			cur = append(cur, r)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// segment splits the Han runs of s into words by forward maximum matching
// over lex (at most 4 runes); a rune no word starts with is a word alone.
func segment(s string, lex map[string]bool) []string {
	var out []string
	for _, run := range hanRuns(s) {
		for i := 0; i < len(run); {
			n := min(4, len(run)-i)
			for ; n > 1 && !lex[string(run[i:i+n])]; n-- {
			}
			out = append(out, string(run[i:i+n]))
			i += n
		}
	}
	return out
}

// withWords appends the words of s to it as one private-use rune each, so
// that the character n-grams of that run are word n-grams (1..MaxNGram);
// with wordsAlone set, each word stands alone (word unigrams only).
func withWords(s string, lex map[string]bool) string {
	var b strings.Builder
	b.WriteString(s)
	b.WriteString(" ")
	for _, w := range segment(s, lex) {
		if wordsAlone {
			b.WriteString(" ")
		}
		h := fnv.New32a()
		h.Write([]byte(w))
		b.WriteRune(rune(0xE000 + h.Sum32()%6400))
	}
	return b.String()
}

// wordsAlone makes withWords add word unigrams only
// (HOTLINE_WORDS_EXPERIMENT=unigrams).
var wordsAlone = os.Getenv("HOTLINE_WORDS_EXPERIMENT") == "unigrams"

func augment(ex []Example, lex map[string]bool) []Example {
	out := make([]Example, len(ex))
	for i, e := range ex {
		out[i] = Example{Title: e.Title, Text: withWords(e.Text, lex), Label: e.Label}
		if e.Title != "" {
			out[i].Title = withWords(e.Title, lex)
		}
	}
	return out
}

func TestSegment(t *testing.T) {
	lex := map[string]bool{"暖气": true, "不热": true, "物业": true, "物业费": true}
	got := strings.Join(segment("暖气不热，物业费太贵", lex), "/")
	if want := "暖气/不热/物业费/太/贵"; got != want {
		t.Errorf("segment = %s, want %s", got, want)
	}
}

// TestWordFeaturesExperiment compares character n-grams alone with
// character n-grams plus word unigrams and bigrams (forward maximum
// matching over a word list built from the training texts) on the
// gov-messages dev and test splits and on the project's example set. It
// is an experiment, run by hand: HOTLINE_WORDS_EXPERIMENT=1 (word
// unigrams, bigrams and trigrams) or =unigrams. README has its figures;
// the word features are not used, as they showed no gain.
func TestWordFeaturesExperiment(t *testing.T) {
	if os.Getenv("HOTLINE_WORDS_EXPERIMENT") == "" {
		t.Skip("set HOTLINE_WORDS_EXPERIMENT=1 to run the word-feature experiment")
	}
	train, dev, test := loadGov(t, "train"), loadGov(t, "dev"), loadGov(t, "test")
	var texts []string
	for _, e := range train {
		texts = append(texts, e.Title+"。"+e.Text)
	}
	lex := buildLexicon(texts, 3)
	t.Logf("gov lexicon: %d words", len(lex))
	base, err := Train(train, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	words, err := Train(augment(train, lex), Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("gov dev macro-F1: chars %.4f, chars+words %.4f", Evaluate(base, dev).MacroF1, Evaluate(words, augment(dev, lex)).MacroF1)
	bt, wt := Evaluate(base, test).MacroF1, Evaluate(words, augment(test, lex)).MacroF1
	t.Logf("gov test macro-F1: chars %.4f, chars+words %.4f", bt, wt)
	if len(lex) == 0 || bt < 0.87 || wt < 0.85 {
		t.Errorf("lexicon of %d words, test macro-F1 %.4f and %.4f: the experiment is broken", len(lex), bt, wt)
	}

	var etrain, ehold []Example
	f, err := os.Open("../examples/examples.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l struct{ Text, Title, Category, Split string }
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		e := Example{Title: l.Title, Text: l.Text, Label: l.Category}
		if l.Split == "train" {
			etrain = append(etrain, e)
		} else {
			ehold = append(ehold, e)
		}
	}
	texts = texts[:0]
	for _, e := range etrain {
		texts = append(texts, e.Text)
	}
	elex := buildLexicon(texts, 3)
	eb, err := Train(etrain, Options{Seed: 12345, MinDF: 2})
	if err != nil {
		t.Fatal(err)
	}
	ew, err := Train(augment(etrain, elex), Options{Seed: 12345, MinDF: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("example lexicon %d words; example holdout macro-F1: chars %.4f, chars+words %.4f", len(elex), Evaluate(eb, ehold).MacroF1, Evaluate(ew, augment(ehold, elex)).MacroF1)
	for _, path := range []string{"../examples/realistic_holdout.jsonl", "../examples/realistic_holdout2.jsonl"} {
		var hb, hw, n int
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if strings.HasPrefix(line, "#") {
				continue
			}
			var m struct{ Text, Category, Alt, Emergency string }
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatal(err)
			}
			if m.Emergency != "" {
				continue
			}
			n++
			if l, _ := eb.Predict("", m.Text); l == m.Category || l == m.Alt {
				hb++
			}
			if l, _ := ew.Predict("", withWords(m.Text, elex)); l == m.Category || l == m.Alt {
				hw++
			}
		}
		t.Logf("%s (model alone): chars %d/%d, chars+words %d/%d", path, hb, n, hw, n)
	}
}
