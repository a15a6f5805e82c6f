// Package emtrain trains the emergency model: is a person in danger now,
// and which number helps (labels 110, 119, 120, 122, or "none")? The
// trainer (nlp/defaultmodel/train, run by go generate) and the emergency
// model's cross-validation (nlp's TestEmergencyWrittenCV) both train
// through it, so that what is measured is what ships.
//
// The examples are JSONL files of hand-written messages, one object a line
// with text and emergency (the number, "" = no danger now) and optional
// category and kind; blank lines and lines starting with # are skipped.
// Every fourth training message of the category example set is "none" too.
package emtrain

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"hotline/nlp/textclf"
)

// None is the emergency model's label for "no danger now".
const None = "none"

// Seed of the emergency model's training.
const Seed = 12345

// CategoryOnly is the source of the category example set's messages written
// for the category model alone: the emergency model leaves them out, so
// that adding category examples does not move it.
const CategoryOnly = "hand-category"

// Message is one hand-written emergency example.
type Message struct {
	Text      string `json:"text"`
	Emergency string `json:"emergency"` // 110, 119, 120, 122; "" = no danger now
	Category  string `json:"category"`
	Kind      string `json:"kind"`
	// File and Line say where the message was read.
	File string `json:"-"`
	Line int    `json:"-"`
}

// Label returns the model's label of m: its number, or None.
func (m Message) Label() string {
	if m.Emergency == "" {
		return None
	}
	return m.Emergency
}

// Paths expands a comma-separated list of files and glob patterns, in
// order, each pattern's matches sorted. A pattern that matches nothing is
// an error: a misspelt name never trains a model on less than was meant.
func Paths(list string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(list, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !strings.ContainsAny(p, "*?[") {
			out = append(out, p)
			continue
		}
		m, err := filepath.Glob(p)
		if err != nil {
			return nil, fmt.Errorf("emergency examples %q: %w", p, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("emergency examples %q: no file matches", p)
		}
		out = append(out, m...) // Glob sorts
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no emergency example file in %q", list)
	}
	return out, nil
}

// Read reads the emergency examples of files, in order. A line that is not
// JSON, has no text or names a number other than 110, 119, 120 or 122 is
// an error naming its file and line.
func Read(files ...string) ([]Message, error) {
	var out []Message
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		for n, b := range bytes.Split(data, []byte("\n")) {
			if b = bytes.TrimSpace(b); len(b) == 0 || b[0] == '#' {
				continue
			}
			var m Message
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, n+1, err)
			}
			switch m.Emergency {
			case "", "110", "119", "120", "122":
			default:
				return nil, fmt.Errorf("%s:%d: emergency %q is none of 110, 119, 120, 122 or empty", path, n+1, m.Emergency)
			}
			if strings.TrimSpace(m.Text) == "" {
				return nil, fmt.Errorf("%s:%d: no text", path, n+1)
			}
			m.File, m.Line = path, n+1
			out = append(out, m)
		}
	}
	return out, nil
}

// categoryLine is one message of the category example set.
type categoryLine struct {
	Text   string `json:"text"`
	Split  string `json:"split"`
	Source string `json:"source"`
}

// CategoryNone returns every fourth training message of the category
// example set at path (JSONL with text, split and source), leaving out
// those written for the category model alone: the everyday messages the
// emergency model learns as "none".
func CategoryNone(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var out []string
	i, n := 0, 0
	for sc.Scan() {
		n++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var l categoryLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if l.Source == CategoryOnly {
			continue
		}
		switch l.Split {
		case "train":
			if i%4 == 0 {
				out = append(out, l.Text)
			}
			i++
		case "holdout":
		default:
			return nil, fmt.Errorf("%s:%d: split %q is neither train nor holdout", path, n, l.Split)
		}
	}
	return out, sc.Err()
}

// Options are the emergency model's training choices.
type Options struct {
	MaxNGram int     // character n-grams of 1..MaxNGram runes
	HashBits int     // 2^HashBits feature buckets
	C        float64 // SVM cost; 0 = textclf's default
	// DangerRepeat is how many times each danger is learnt (a class
	// weight); 0 or 1 = once.
	DangerRepeat int
	// Normalize, when set, is applied to every text before training, as
	// the classifier applies it before asking the model.
	Normalize func(string) string
}

// Default are the options of the embedded emergency model.
var Default = Options{MaxNGram: 2, HashBits: 16}

// Train fits the emergency model to msgs and to none, everyday messages
// with no danger (CategoryNone).
func Train(msgs []Message, none []string, o Options) (*textclf.Model, error) {
	text := func(s string) string {
		if o.Normalize != nil {
			return o.Normalize(s)
		}
		return s
	}
	train := make([]textclf.Example, 0, len(msgs)+len(none))
	for _, m := range msgs {
		train = append(train, textclf.Example{Text: text(m.Text), Label: m.Label()})
	}
	for _, s := range none {
		train = append(train, textclf.Example{Text: text(s), Label: None})
	}
	for r := 1; r < o.DangerRepeat; r++ {
		for _, m := range msgs {
			if m.Emergency != "" {
				train = append(train, textclf.Example{Text: text(m.Text), Label: m.Label()})
			}
		}
	}
	return textclf.Train(train, textclf.Options{Seed: Seed, MinDF: 1, MaxNGram: o.MaxNGram, HashBits: o.HashBits, C: o.C})
}
