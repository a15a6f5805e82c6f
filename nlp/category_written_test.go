package nlp

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"hotline/config"
	"hotline/ticket"
)

// categoryWrittenFiles lists the hand-written category training files
// (examples/category_written_*.jsonl), one row a writer, each with the
// amounts its writer promised. They train the category model; they are not
// held-out sets.
var categoryWrittenFiles = []struct {
	path      string
	minTotal  int // messages in the file
	minPerCat int // messages of every category of the default config
	minPaired int // messages written on one side of a confusable pair (kind "A|B")
	minRunes  int // shortest text allowed
	maxRunes  int // longest text allowed
}{
	{
		path: "examples/category_written_wci.jsonl", minTotal: 447, minPerCat: 8, minPaired: 250,
		minRunes: 8, maxRunes: 200,
	},
	{
		path: "examples/category_written_wcj.jsonl", minTotal: 450, minPerCat: 8, minPaired: 250,
		minRunes: 8, maxRunes: 200,
	},
	{
		path: "examples/category_written_wck.jsonl", minTotal: 500, minPerCat: 8, minPaired: 250,
		minRunes: 8, maxRunes: 200,
	},
}

// categoryWrittenLine is one message of a category_written_*.jsonl file.
type categoryWrittenLine struct {
	Text     string `json:"text"`
	Category string `json:"category"`
	Alt      string `json:"alt"`
	Type     string `json:"type"`
	Kind     string `json:"kind"`
}

// readCategoryWritten reads one file: a "# " header line, then one JSON
// object a line, unknown fields refused.
func readCategoryWritten(t *testing.T, path string) []categoryWrittenLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []categoryWrittenLine
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			if !strings.HasPrefix(line, "# ") {
				t.Errorf("%s: the first line must be a \"# \" header", path)
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			t.Errorf("%s:%d: empty line", path, n)
			continue
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var l categoryWrittenLine
		if err := dec.Decode(&l); err != nil {
			t.Errorf("%s:%d: %v", path, n, err)
			continue
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// writtenKey is what two messages must not share: the text without spaces
// and punctuation.
func writtenKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func TestCategoryWrittenFiles(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, c := range cfg.Categories {
		codes[c.Code] = true
	}
	types := map[string]bool{}
	for _, ty := range ticket.RequestTypes() {
		types[ty] = true
	}
	all, err := filepath.Glob("examples/category_written_*.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	// owner maps a text's key to the file that holds it, across all files.
	owner := map[string]string{}
	for _, path := range all {
		for _, l := range readCategoryWritten(t, path) {
			k := writtenKey(l.Text)
			if prev, ok := owner[k]; ok && prev != path {
				t.Errorf("%s and %s both hold %q", prev, path, l.Text)
			}
			owner[k] = path
		}
	}
	for _, row := range categoryWrittenFiles {
		t.Run(filepath.Base(row.path), func(t *testing.T) {
			lines := readCategoryWritten(t, row.path)
			seen := map[string]bool{}
			perCat := map[string]int{}
			paired := 0
			sides := map[string]map[string]bool{} // kind → categories written on it
			for _, l := range lines {
				where := func() string { return row.path + ": " + l.Text }
				if n := len([]rune(l.Text)); n < row.minRunes || n > row.maxRunes {
					t.Errorf("%s: %d characters, want %d to %d", where(), n, row.minRunes, row.maxRunes)
				}
				k := writtenKey(l.Text)
				if seen[k] {
					t.Errorf("%s: written twice", where())
				}
				seen[k] = true
				if !codes[l.Category] {
					t.Errorf("%s: category %q is not a code of the default config", where(), l.Category)
				}
				if l.Alt != "" && !codes[l.Alt] {
					t.Errorf("%s: alt %q is not a code of the default config", where(), l.Alt)
				}
				if l.Alt == l.Category {
					t.Errorf("%s: alt equals the category", where())
				}
				if !types[l.Type] {
					t.Errorf("%s: type %q is not one of %v", where(), l.Type, ticket.RequestTypes())
				}
				perCat[l.Category]++
				if l.Kind == "plain" {
					continue
				}
				a, b, ok := strings.Cut(l.Kind, "|")
				if !ok || !codes[a] || !codes[b] || a == b || strings.Contains(b, "|") {
					t.Errorf("%s: kind %q is neither \"plain\" nor two codes joined by |", where(), l.Kind)
					continue
				}
				if l.Category != a && l.Category != b {
					t.Errorf("%s: category %s is on neither side of its pair %s", where(), l.Category, l.Kind)
				}
				paired++
				if sides[l.Kind] == nil {
					sides[l.Kind] = map[string]bool{}
				}
				sides[l.Kind][l.Category] = true
			}
			if len(lines) < row.minTotal {
				t.Errorf("%d messages, want at least %d", len(lines), row.minTotal)
			}
			for _, c := range cfg.Categories {
				if perCat[c.Code] < row.minPerCat {
					t.Errorf("category %s (%s): %d messages, want at least %d", c.Code, c.Name, perCat[c.Code], row.minPerCat)
				}
			}
			if paired < row.minPaired {
				t.Errorf("%d messages on confusable pairs, want at least %d", paired, row.minPaired)
			}
			for kind, cats := range sides {
				a, b, _ := strings.Cut(kind, "|")
				if !cats[a] || !cats[b] {
					t.Errorf("pair %s is written on one side only", kind)
				}
			}
		})
	}
}
