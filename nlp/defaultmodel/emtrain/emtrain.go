// Package emtrain trains the emergency model: is a person in danger now,
// and which number helps (labels 110, 119, 120, 122, or "none")? It also
// trains the veto, danger against trap (TrainVeto). The trainer
// (nlp/defaultmodel/train, run by go generate) and the emergency model's
// cross-validation (nlp's TestEmergencyWrittenCV) both train through it,
// so that what is measured is what ships.
//
// The examples are JSONL files of hand-written messages, one object a line
// with text and emergency (the number, "" = no danger now) and optional
// category and kind; blank lines and lines starting with # are skipped.
// A fourth of the category example set's training messages, chosen by a
// hash of their text, are "none" too.
package emtrain

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"

	"hotline/nlp/textclf"
)

// None is the emergency model's label for "no danger now".
const None = "none"

// tunePart is the part of the trap set that may be trained on; every
// other part is held out.
const tunePart = "tune"

// Seed of the emergency model's training.
const Seed = 12345

// CategoryOnly is the source of the category example set's messages written
// for the category model alone: the emergency model leaves them out, so
// that adding category examples does not move it.
const CategoryOnly = "hand-category"

// WrittenOnly begins the source of the example set's messages of the
// category_written_*.jsonl files (cattrain.WrittenPrefix), written for the
// category model alone too.
const WrittenOnly = "written-"

// categoryOnly reports whether a message of the category example set with
// source was written for the category model alone.
func categoryOnly(source string) bool {
	return source == CategoryOnly || strings.HasPrefix(source, WrittenOnly)
}

// Message is one hand-written emergency example.
type Message struct {
	Text      string `json:"text"`
	Emergency string `json:"emergency"` // 110, 119, 120, 122; "" = no danger now
	Category  string `json:"category"`
	Kind      string `json:"kind"`
	// Part is the trap set's part (emergency_traps.jsonl): only the tune
	// part may be learnt from.
	Part string `json:"part"`
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

// Read reads the emergency examples of files, in order. A message with a
// part other than tune (the trap set's held-out parts) is held out and
// skipped: never learnt from. A line that is not JSON, has no text or
// names a number other than 110, 119, 120 or 122 is an error naming its
// file and line.
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
			if m.Part != "" && m.Part != tunePart {
				continue
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

// CategoryNone returns the training messages of the category example set
// at path (JSONL with text, split and source) whose text falls in the
// every-th share (NoneSample), in file order, leaving out those written for
// the category model alone (sources CategoryOnly and WrittenOnly…): the
// everyday messages the emergency model learns as "none". The choice
// depends on each text alone, so that reordering, relabelling or adding
// templates moves only the messages whose text changed.
func CategoryNone(path string, every int) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var out []string
	n := 0
	for sc.Scan() {
		n++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var l categoryLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if categoryOnly(l.Source) {
			continue
		}
		switch l.Split {
		case "train":
			if NoneSample(l.Text, every) {
				out = append(out, l.Text)
			}
		case "holdout":
		default:
			return nil, fmt.Errorf("%s:%d: split %q is neither train nor holdout", path, n, l.Split)
		}
	}
	return out, sc.Err()
}

// NoneSample reports whether an everyday message with text is in the
// every-th share learnt as "none": the FNV-1a hash of "none:" and the text,
// modulo every, is 0 (every ≤ 1: all). The prefix keeps the share apart
// from the text-hash splits elsewhere (the example set's held-out fifth,
// the cross-validation's folds), which hash the bare text.
func NoneSample(text string, every int) bool {
	if every <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte("none:"))
	h.Write([]byte(text))
	return h.Sum32()%uint32(every) == 0
}

// Options are the emergency model's training choices.
type Options struct {
	MaxNGram int     // character n-grams of 1..MaxNGram runes
	HashBits int     // 2^HashBits feature buckets
	C        float64 // SVM cost; 0 = textclf's default
	// DangerRepeat and NoneRepeat are how many times each danger and
	// each message with no danger (the examples' and the everyday ones)
	// is learnt (class weights); 0 or 1 = once.
	DangerRepeat, NoneRepeat int
	// NoneEvery is the share of the category example set's training
	// messages learnt as "none" (CategoryNone): one in NoneEvery, chosen
	// by a hash of the text (NoneSample).
	NoneEvery int
	// Normalize, when set, is applied to every text before training, as
	// the classifier applies it before asking the model.
	Normalize func(string) string
}

// Default are the options of the embedded emergency model.
var Default = Options{MaxNGram: 2, HashBits: 16, NoneEvery: 4}

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
	for r := 1; r < o.NoneRepeat; r++ {
		for _, m := range msgs {
			if m.Emergency == "" {
				train = append(train, textclf.Example{Text: text(m.Text), Label: None})
			}
		}
		for _, s := range none {
			train = append(train, textclf.Example{Text: text(s), Label: None})
		}
	}
	return textclf.Train(train, textclf.Options{Seed: Seed, MinDF: 1, MaxNGram: o.MaxNGram, HashBits: o.HashBits, C: o.C})
}

// Veto labels: a danger now, or a trap (danger words without a danger).
const (
	VetoDanger = "danger"
	VetoTrap   = "trap"
)

// TrainVeto fits the veto model, danger against trap, to msgs (the
// emergency examples, the trap set's tune part and the emergency tests'
// sentences), the traps repeated until they are as many as the dangers. It
// returns the model and the number of messages it learnt from.
func TrainVeto(msgs []Message) (*textclf.Model, int, error) {
	train := make([]textclf.Example, 0, 2*len(msgs))
	for _, m := range msgs {
		label := VetoTrap
		if m.Emergency != "" {
			label = VetoDanger
		}
		train = append(train, textclf.Example{Text: m.Text, Label: label})
	}
	train = balanceTraps(train)
	// A softer fit (C 0.3) than the emergency model's, on n-grams of up to
	// three characters with the traps as many as the dangers: out of fold
	// (five folds), the lowest danger a rule flags scored 0.0026, against
	// 0.0011 for bigrams and the classes as they come (README, fourth
	// false-alarm round).
	m, err := textclf.Train(train, textclf.Options{Seed: Seed, MinDF: 1, MaxNGram: 3, HashBits: 16, C: 0.3})
	return m, len(train), err
}

// balanceTraps returns train with its traps repeated, in order, until they
// are as many as its dangers: the tests' sentences hold more dangers than
// traps, and a veto learnt from them as they come leans to danger.
func balanceTraps(train []textclf.Example) []textclf.Example {
	var traps []textclf.Example
	dangers := 0
	for _, e := range train {
		if e.Label == VetoTrap {
			traps = append(traps, e)
		} else {
			dangers++
		}
	}
	for i := 0; len(traps) > 0 && len(traps)+i < dangers; i++ {
		train = append(train, traps[i%len(traps)])
	}
	return train
}
