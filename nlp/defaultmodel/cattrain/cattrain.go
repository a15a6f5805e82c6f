// Package cattrain trains the embedded category model on the example set
// (nlp/examples/examples.jsonl, which nlp/examples/gen writes). The trainer
// (nlp/defaultmodel/train, run by go generate) and the category model's
// cross-validation (nlp's TestCategoryWrittenCV) both train through it, so
// that what is measured is what ships.
//
// The example set mixes messages composed from templates (source: the
// template's id such as SRHW-03, or "keyword"), hand-written ones ("hand",
// "hand-category") and the files written by hand for the category model
// (category_written_NAME.jsonl, source "written-NAME"). Options weigh the
// hand-written messages against the templates by repeating them or by
// keeping only some of the templates.
package cattrain

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"hotline/nlp/textclf"
)

// Seed of the category model's training.
const Seed = 12345

// WrittenPrefix begins the source of a message of a category_written_*.jsonl
// file; the rest of the source is the writer's name.
const WrittenPrefix = "written-"

// Line is one message of the example set.
type Line struct {
	Text     string `json:"text"`
	Title    string `json:"title"`
	Category string `json:"category"`
	Alt      string `json:"alt"`  // a second defensible category (written files)
	Kind     string `json:"kind"` // "plain" or a pair tag such as SCJG|AQSC (written files)
	Split    string `json:"split"`
	Source   string `json:"source"`
}

// Written reports whether the message comes from a category_written_*.jsonl
// file.
func (l Line) Written() bool { return strings.HasPrefix(l.Source, WrittenPrefix) }

// Writer returns the name of the writer of a written message ("" for the
// others).
func (l Line) Writer() string {
	if !l.Written() {
		return ""
	}
	return strings.TrimPrefix(l.Source, WrittenPrefix)
}

// Hand reports whether the message was written by hand (handwritten.jsonl,
// handwritten_category.jsonl or a written file), not composed from a
// template or a keyword.
func (l Line) Hand() bool {
	return l.Source == "hand" || l.Source == "hand-category" || l.Written()
}

// Read returns the lines of the example set at path, each with split
// "train" or "holdout".
func Read(path string) ([]Line, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var out []Line
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var l Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if l.Split != "train" && l.Split != "holdout" {
			return nil, fmt.Errorf("%s:%d: split %q is neither train nor holdout", path, n, l.Split)
		}
		out = append(out, l)
	}
	return out, sc.Err()
}

// Options are the category model's training choices. The zero value
// trains every message once with textclf's defaults and MinDF 2.
type Options struct {
	MinDF    int     // n-grams in fewer training messages are ignored; 0 = 2
	MaxNGram int     // character n-grams of 1..MaxNGram runes; 0 = textclf's default
	C        float64 // SVM cost; 0 = textclf's default
	// WrittenWeight and HandWeight are how much each message of a written
	// file, and each other hand-written message, counts against a
	// template's 1 (textclf.Example.Weight: as if learnt that many times,
	// without the copies leaking across the calibration's folds); 0 = 1.
	WrittenWeight, HandWeight float64
	// TemplateEvery keeps every TemplateEvery-th message composed from a
	// template or a keyword (in the set's order); 0 or 1 = all.
	TemplateEvery int
	// Normalize, when set, is applied to every text before training, as
	// the classifier applies it before asking the model.
	Normalize func(string) string
}

// Default are the options of the embedded category model.
var Default = Options{}

// MinDF keeps n-grams seen in at least two training messages: the example
// set is small, and rarer cues still generalise to held-out templates.
const MinDF = 2

// Examples returns the training examples of lines under o: the messages
// for which train says yes, hand-written ones weighted and templates
// thinned as o says.
func Examples(lines []Line, train func(Line) bool, o Options) []textclf.Example {
	var out []textclf.Example
	nTemplate := 0
	for _, l := range lines {
		if !train(l) {
			continue
		}
		var w float64
		switch {
		case l.Written():
			w = o.WrittenWeight
		case l.Hand():
			w = o.HandWeight
		default:
			keep := o.TemplateEvery <= 1 || nTemplate%o.TemplateEvery == 0
			nTemplate++
			if !keep {
				continue
			}
		}
		text := l.Text
		if o.Normalize != nil {
			text = o.Normalize(text)
		}
		out = append(out, textclf.Example{Title: l.Title, Text: text, Label: l.Category, Weight: w})
	}
	return out
}

// InTrainSplit selects the example set's training split.
func InTrainSplit(l Line) bool { return l.Split == "train" }

// Train fits the category model to the examples of lines that train
// selects.
func Train(lines []Line, train func(Line) bool, o Options) (*textclf.Model, error) {
	return textclf.Train(Examples(lines, train, o), textclf.Options{
		Seed:     Seed,
		MinDF:    cmpOr(o.MinDF, MinDF),
		MaxNGram: o.MaxNGram,
		C:        o.C,
	})
}

func cmpOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}
