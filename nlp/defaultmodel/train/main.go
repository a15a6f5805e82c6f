// Command train fits the embedded default category model on the training
// split of the project's example set and writes it next to the package:
//
//	cd nlp/defaultmodel && go run ./train
//
// The training is package cattrain's (cattrain.Default), which the category
// model's cross-validation uses too.
//
// With -emergency it fits the emergency model instead: is a person in
// danger now, and which number (119, 120, 110, 122, or "none")? It learns
// from the hand-written emergency examples (-emergency takes several
// files, comma-separated, and glob patterns such as
// ../examples/emergency_written_*.jsonl) and, as "none", from a fourth of
// the category examples' training messages, chosen by a hash of their text
// (emtrain.NoneSample), leaving out those
// written for the category model alone (source "hand-category", from
// nlp/examples/handwritten_category.jsonl, and "written-NAME", from the
// category_written_*.jsonl files): adding category examples does not move
// the emergency model. The training itself is package emtrain's,
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
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"hotline/nlp/defaultmodel/cattrain"
	"hotline/nlp/defaultmodel/emtrain"
	"hotline/nlp/textclf"
)

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
	lines, err := cattrain.Read(in)
	if err != nil {
		return err
	}
	m, err := cattrain.Train(lines, cattrain.InTrainSplit, cattrain.Default)
	if err != nil {
		return err
	}
	kb, err := writeModel(m, out)
	if err != nil {
		return err
	}
	holdout := cattrain.Examples(lines, func(l cattrain.Line) bool { return l.Split == "holdout" }, cattrain.Options{})
	r := textclf.Evaluate(m, holdout)
	fmt.Fprintf(os.Stderr, "train: %d training, %d held-out messages; holdout accuracy %.3f, macro-F1 %.3f; %s is %d KB\n",
		len(cattrain.Examples(lines, cattrain.InTrainSplit, cattrain.Default)), len(holdout), r.Accuracy, r.MacroF1, out, kb)
	return nil
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
