// Command train fits the embedded default category model on the training
// split of the project's example set and writes it next to the package:
//
//	cd nlp/defaultmodel && go run ./train
//
// With -emergency it fits the emergency model instead: is a person in
// danger now, and which number (119, 120, 110, 122, or "none")? It learns
// from the hand-written emergency examples (-emergency takes several
// files, comma-separated, and glob patterns such as
// ../examples/emergency_written_*.jsonl) and, as "none", from every
// fourth training message of the category examples, leaving out those
// written for the category model alone (source "hand-category", from
// nlp/examples/handwritten_category.jsonl): adding category examples does
// not move the emergency model. The training itself is package emtrain's,
// which the emergency model's cross-validation uses too.
//
// With -veto it fits the veto model: a danger-versus-trap model trained
// on the hand-written emergency examples of -emergency (go generate gives
// it emergency.jsonl and the emergency_written_*.jsonl files, of which the
// emergency model learns only the first), the tune part of the trap set
// (nlp/examples/emergency_traps.jsonl; its held-out parts are skipped,
// never learnt from) and, with -veto-tests, the emergency tests' sentences
// (nlp/examples/emergency_veto.jsonl, which nlp/examples/vetogen writes
// from the tests' tables), the traps repeated until they are as many as the
// dangers. nlp uses it only to set aside a
// rule's flag on a short message that looks like none of the dangers it
// learnt from (nlp.VetoThreshold).
//
// Training is deterministic (fixed seed), so the model file changes only
// when the examples or the trainer change. The held-out split is scored and
// reported, not trained on.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"hotline/nlp/defaultmodel/emtrain"
	"hotline/nlp/textclf"
)

// Seed of the default model's training.
const Seed = 12345

// MinDF keeps n-grams seen in at least two training messages: the example
// set is small, and rarer cues still generalise to held-out templates.
const MinDF = 2

type line struct {
	Text     string `json:"text"`
	Title    string `json:"title"`
	Category string `json:"category"`
	Split    string `json:"split"`
}

func main() {
	in := flag.String("examples", "../examples/examples.jsonl", "example set (JSONL with a split field)")
	out := flag.String("out", "category.model", "model file to write")
	emergency := flag.String("emergency", "", "train the emergency model from these files (comma-separated, globs allowed; JSONL: text, emergency; # lines skipped)")
	veto := flag.String("veto", "", "train the veto model from the emergency examples and this trap set's tune part (JSONL: text, emergency, part)")
	vetoTests := flag.String("veto-tests", "", "with -veto, the emergency tests' sentences to learn from too (JSONL: text, emergency)")
	flag.Parse()
	var err error
	if *veto != "" {
		if *emergency == "" {
			err = errors.New("-veto needs -emergency, the emergency examples")
		} else {
			err = runVeto(*emergency, *veto, *vetoTests, *out)
		}
	} else if *emergency != "" {
		err = runEmergency(*emergency, *in, *out)
	} else {
		err = run(*in, *out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	train, holdout, err := read(in)
	if err != nil {
		return err
	}
	m, err := textclf.Train(train, textclf.Options{Seed: Seed, MinDF: MinDF})
	if err != nil {
		return err
	}
	kb, err := writeModel(m, out)
	if err != nil {
		return err
	}
	r := textclf.Evaluate(m, holdout)
	fmt.Fprintf(os.Stderr, "train: %d training, %d held-out messages; holdout accuracy %.3f, macro-F1 %.3f; %s is %d KB\n",
		len(train), len(holdout), r.Accuracy, r.MacroF1, out, kb)
	return nil
}

// read returns the example set's training and held-out messages.
func read(path string) (train, holdout []textclf.Example, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		e := textclf.Example{Title: l.Title, Text: l.Text, Label: l.Category}
		switch l.Split {
		case "train":
			train = append(train, e)
		case "holdout":
			holdout = append(holdout, e)
		default:
			return nil, nil, fmt.Errorf("%s:%d: split %q is neither train nor holdout", path, n, l.Split)
		}
	}
	return train, holdout, sc.Err()
}

// runEmergency trains the emergency model on the emergency example files
// of list (comma-separated, globs allowed) and the category examples'
// everyday messages.
func runEmergency(list, categories, out string) error {
	paths, err := emtrain.Paths(list)
	if err != nil {
		return err
	}
	msgs, err := emtrain.Read(paths...)
	if err != nil {
		return err
	}
	none, err := emtrain.CategoryNone(categories, emtrain.Default.NoneEvery)
	if err != nil {
		return err
	}
	m, err := emtrain.Train(msgs, none, emtrain.Default)
	if err != nil {
		return err
	}
	kb, err := writeModel(m, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "train: emergency model from %d examples of %s and %d everyday messages; %s is %d KB\n", len(msgs), strings.Join(paths, ", "), len(none), out, kb)
	return nil
}

// runVeto trains the veto model from the emergency examples (a list, as
// for -emergency), the trap set's tune part and the emergency tests'
// sentences (tests, optional).
func runVeto(examples, traps, tests, out string) error {
	paths, err := emtrain.Paths(examples)
	if err != nil {
		return err
	}
	msgs, err := emtrain.Read(paths...)
	if err != nil {
		return err
	}
	tune, err := emtrain.Read(traps) // the tune part: Read skips the held-out parts
	if err != nil {
		return err
	}
	msgs = append(msgs, tune...)
	if tests != "" {
		t, err := emtrain.Read(tests)
		if err != nil {
			return err
		}
		msgs = append(msgs, t...)
	}
	m, n, err := emtrain.TrainVeto(msgs)
	if err != nil {
		return err
	}
	kb, err := writeModel(m, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "train: veto model from %d messages; %s is %d KB\n", n, out, kb)
	return nil
}

// writeModel writes m to the file out and returns its size in KB.
func writeModel(m *textclf.Model, out string) (int, error) {
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return 0, err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return 0, err
	}
	return buf.Len() >> 10, nil
}
