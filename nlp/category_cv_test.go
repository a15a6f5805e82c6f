package nlp

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"hotline/nlp/defaultmodel/cattrain"
	"hotline/ticket"
)

// writtenCategoryGlob names the files written by hand for the category
// model, one a writer (issue 11 item 1); go generate puts their messages
// into the example set with source "written-NAME".
const writtenCategoryGlob = "examples/category_written_*.jsonl"

// catFold is the cross-validation fold of a written message: the FNV-1a
// hash of its text modulo cvFolds, so that a message keeps its fold as the
// files grow, and fold 0 is the example set's held-out fifth (gen holds
// out the hand-written messages whose hash is 0 modulo 5).
func catFold(text string) int {
	h := fnv.New32a()
	h.Write([]byte(text))
	return int(h.Sum32() % cvFolds)
}

// catScore counts the whole classifier's category decisions (Classify)
// on labelled messages: right when the category is the label or its alt.
type catScore struct {
	n, right, dept int
	// abstained are the messages under nlp.min_confidence (asked or handed
	// to an agent), rightAbstained those of them the model had right; held
	// the messages under dispatch.min_confidence (waiting in 待派单).
	abstained, rightAbstained, held int
	// wrongConf sums the confidence of the wrong answers; wrongSure counts
	// those at 0.9 or more, wrongSent those at dispatch.min_confidence or
	// more (dispatched to the wrong department when no district changes it).
	wrongConf            float64
	wrongSure, wrongSent int
	kindN, kindRight     map[string]int
	confusion            map[string]int // "want→got"
}

func newCatScore() *catScore {
	return &catScore{kindN: map[string]int{}, kindRight: map[string]int{}, confusion: map[string]int{}}
}

func (s *catScore) add(t testing.TB, c *Embedded, l cattrain.Line) {
	cfg := testConfig(t)
	r, err := c.Classify(context.Background(), l.Text)
	if err != nil {
		t.Fatalf("Classify: %v", err) // the text is not printed: it may be a held-out fold's
	}
	conf := r.Confidence[FieldCategory]
	ok := r.Category == l.Category || l.Alt != "" && r.Category == l.Alt
	kind := pairKind(l.Kind)
	s.n++
	s.kindN[kind]++
	if conf < cfg.NLP.MinConfidence {
		s.abstained++
		if ok {
			s.rightAbstained++
		}
	}
	if conf < cfg.Dispatch.MinConfidence {
		s.held++
	}
	depts := []string{ticket.Route(cfg, l.Category, r.District)}
	if l.Alt != "" {
		depts = append(depts, ticket.Route(cfg, l.Alt, r.District))
	}
	if slices.Contains(depts, r.Department) {
		s.dept++
	}
	if ok {
		s.right++
		s.kindRight[kind]++
		return
	}
	s.wrongConf += conf
	if conf >= 0.9 {
		s.wrongSure++
	}
	if conf >= cfg.Dispatch.MinConfidence {
		s.wrongSent++
	}
	s.confusion[l.Category+"→"+r.Category]++
}

// pairKind returns the kind of a written message with a pair's two codes
// in order (writers tag MZ|WSJK and WSJK|MZ alike), "plain" for none.
func pairKind(kind string) string {
	a, b, ok := strings.Cut(kind, "|")
	switch {
	case kind == "":
		return "plain"
	case ok && b < a:
		return b + "|" + a
	}
	return kind
}

func cmpOrString(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (s *catScore) merge(o *catScore) {
	s.n, s.right, s.dept = s.n+o.n, s.right+o.right, s.dept+o.dept
	s.abstained, s.rightAbstained, s.held = s.abstained+o.abstained, s.rightAbstained+o.rightAbstained, s.held+o.held
	s.wrongConf, s.wrongSure, s.wrongSent = s.wrongConf+o.wrongConf, s.wrongSure+o.wrongSure, s.wrongSent+o.wrongSent
	for k, v := range o.kindN {
		s.kindN[k] += v
	}
	for k, v := range o.kindRight {
		s.kindRight[k] += v
	}
	for k, v := range o.confusion {
		s.confusion[k] += v
	}
}

func (s *catScore) String() string {
	wrong := s.n - s.right
	return fmt.Sprintf("category %d/%d (%.3f), department %d/%d (%.3f); wrong: %d, mean confidence %.2f, %d at 0.9 or more, %d at dispatch.min_confidence or more; under nlp.min_confidence %d (%d of them right), under dispatch.min_confidence %d",
		s.right, s.n, float64(s.right)/float64(max(s.n, 1)), s.dept, s.n, float64(s.dept)/float64(max(s.n, 1)),
		wrong, s.wrongConf/float64(max(wrong, 1)), s.wrongSure, s.wrongSent, s.abstained, s.rightAbstained, s.held)
}

// kinds returns the per-kind (confusable pair) counts, "SCJG|AQSC 17/20".
func (s *catScore) kinds() string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(s.kindN)) {
		out = append(out, fmt.Sprintf("%s %d/%d", k, s.kindRight[k], s.kindN[k]))
	}
	return strings.Join(out, ", ")
}

// confusions returns the wrong answers by label and answer, most first.
func (s *catScore) confusions() string {
	keys := slices.Collect(maps.Keys(s.confusion))
	slices.SortFunc(keys, func(a, b string) int {
		if d := s.confusion[b] - s.confusion[a]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	var out []string
	for _, k := range keys {
		out = append(out, fmt.Sprintf("%s %d", k, s.confusion[k]))
	}
	return strings.Join(out, ", ")
}

// catSetup is a training setup the cross-validation compares: cattrain's
// options, or no written message at all (the model of before).
type catSetup struct {
	name      string
	opts      cattrain.Options
	noWritten bool
}

// parseCatSetup reads a setup from HOTLINE_CATEGORY_CV_TRY: comma-separated
// options, w3 (each written message weighs 3), h2 (each other
// hand-written message weighs 2), t2 (every second template), n3 (character
// n-grams up to 3), c0.5 (the SVM's cost), d3 (MinDF), z1 (the texts
// learnt normalised as Classify normalises them).
func parseCatSetup(spec string) (catSetup, error) {
	s := catSetup{name: spec}
	for _, f := range strings.Split(spec, ",") {
		if f = strings.TrimSpace(f); len(f) < 2 {
			return s, fmt.Errorf("setup %q: option %q", spec, f)
		}
		v, err := strconv.ParseFloat(f[1:], 64)
		if err != nil {
			return s, fmt.Errorf("setup %q: option %q: %v", spec, f, err)
		}
		switch f[0] {
		case 'w':
			s.opts.WrittenWeight = v
		case 'h':
			s.opts.HandWeight = v
		case 't':
			s.opts.TemplateEvery = int(v)
		case 'n':
			s.opts.MaxNGram = int(v)
		case 'c':
			s.opts.C = v
		case 'd':
			s.opts.MinDF = int(v)
		case 'z':
			if v != 0 {
				s.opts.Normalize = EmergencyModelText
			}
		default:
			return s, fmt.Errorf("setup %q: unknown option %q", spec, f)
		}
	}
	return s, nil
}

// TestCategoryWrittenCV measures the category model on the messages written
// by hand for it (issue 11 item 1), through the whole Classify path, for the
// model of before (no written message learnt), go generate's setup
// (cattrain.Default) and the setups of HOTLINE_CATEGORY_CV_TRY
// (parseCatSetup; ";" between setups):
//
//   - five folds: each fold of the written messages scored by a model
//     trained on the other folds and the example set's training split;
//   - leave one writer out: each writer's messages scored by a model that
//     learnt the other writers' (the best estimate of a new writer);
//   - the example set's held-out split, scored by the model trained on its
//     training split (what go generate ships, for the Default setup).
//
// Until a written file exists, handwritten_category.jsonl stands in for the
// written messages (one writer). It trains dozens of models: it runs only
// with HOTLINE_CATEGORY_CV=1:
//
//	HOTLINE_CATEGORY_CV=1 go test -count=1 -run 'TestCategoryWrittenCV$' -v ./nlp
//
// It prints no message, only counts.
func TestCategoryWrittenCV(t *testing.T) {
	if os.Getenv("HOTLINE_CATEGORY_CV") == "" {
		t.Skip("trains dozens of models: HOTLINE_CATEGORY_CV=1 runs it")
	}
	lines, err := cattrain.Read(categoryExamplesFile)
	if err != nil {
		t.Fatal(err)
	}
	written := func(l cattrain.Line) bool { return l.Written() }
	if !slices.ContainsFunc(lines, written) {
		t.Log("no written file yet: handwritten_category.jsonl stands in for the written messages")
		written = func(l cattrain.Line) bool { return l.Source == "hand-category" }
	}
	writer := func(l cattrain.Line) string { return cmpOrString(l.Writer(), l.Source) }
	var writers []string
	nWritten := 0
	for _, l := range lines {
		if written(l) {
			nWritten++
			if w := writer(l); !slices.Contains(writers, w) {
				writers = append(writers, w)
			}
		}
	}
	t.Logf("%d written messages by %d writers (%s); the example set's training split %d, held-out split %d",
		nWritten, len(writers), strings.Join(writers, ", "), countLines(lines, cattrain.InTrainSplit), countLines(lines, func(l cattrain.Line) bool { return l.Split == "holdout" }))

	setups := []catSetup{{name: "before (no written message learnt)", noWritten: true}, {name: "default", opts: cattrain.Default}}
	if try := os.Getenv("HOTLINE_CATEGORY_CV_TRY"); try != "" {
		for _, spec := range strings.Split(try, ";") {
			s, err := parseCatSetup(spec)
			if err != nil {
				t.Fatal(err)
			}
			setups = append(setups, s)
		}
	}
	cfg := testConfig(t)
	classifier := func(train func(cattrain.Line) bool, s catSetup) *Embedded {
		t.Helper()
		sel := func(l cattrain.Line) bool { return train(l) && !(s.noWritten && written(l)) }
		m, err := cattrain.Train(lines, sel, s.opts)
		if err != nil {
			t.Fatal(err)
		}
		c, err := NewEmbedded(cfg, m)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	others := func(l cattrain.Line) bool { return !written(l) && l.Split == "train" }
	var defaultFolds, defaultLOWO *catScore
	for _, s := range setups {
		folds := newCatScore()
		if s.noWritten {
			c := classifier(others, s)
			for _, l := range lines {
				if written(l) {
					folds.add(t, c, l)
				}
			}
		} else {
			for k := range cvFolds {
				c := classifier(func(l cattrain.Line) bool { return others(l) || written(l) && catFold(l.Text) != k }, s)
				for _, l := range lines {
					if written(l) && catFold(l.Text) == k {
						folds.add(t, c, l)
					}
				}
			}
		}
		lowo := newCatScore()
		var perWriter []string
		for _, w := range writers {
			c := classifier(func(l cattrain.Line) bool { return others(l) || written(l) && writer(l) != w }, s)
			one := newCatScore()
			for _, l := range lines {
				if written(l) && writer(l) == w {
					one.add(t, c, l)
				}
			}
			perWriter = append(perWriter, fmt.Sprintf("%s %d/%d", w, one.right, one.n))
			lowo.merge(one)
		}
		holdout := map[string]*catScore{"templates": newCatScore(), "hand": newCatScore(), "written": newCatScore()}
		c := classifier(cattrain.InTrainSplit, s)
		for _, l := range lines {
			if l.Split != "holdout" {
				continue
			}
			switch {
			case l.Written():
				holdout["written"].add(t, c, l)
			case l.Hand():
				holdout["hand"].add(t, c, l)
			default:
				holdout["templates"].add(t, c, l)
			}
		}
		all := newCatScore()
		for _, h := range holdout {
			all.merge(h)
		}
		t.Logf("== %s", s.name)
		t.Logf("five folds: %s", folds)
		t.Logf("five folds by kind: %s", folds.kinds())
		t.Logf("five folds, wrong answers: %s", folds.confusions())
		t.Logf("leave one writer out: %s; by writer: %s", lowo, strings.Join(perWriter, ", "))
		t.Logf("leave one writer out by kind: %s", lowo.kinds())
		t.Logf("leave one writer out, wrong answers: %s", lowo.confusions())
		t.Logf("the example set's held-out split: %s; templates %d/%d, hand-written %d/%d, written %d/%d", all,
			holdout["templates"].right, holdout["templates"].n, holdout["hand"].right, holdout["hand"].n, holdout["written"].right, holdout["written"].n)
		if s.name == "default" {
			defaultFolds, defaultLOWO = folds, lowo
		}
	}
	if defaultFolds == nil || defaultFolds.n == 0 {
		t.Fatal("no written message scored")
	}
	if got := float64(defaultFolds.right) / float64(defaultFolds.n); got < minCategoryCVFolds {
		t.Errorf("five folds, go generate's setup: category %.3f, want at least %.2f", got, minCategoryCVFolds)
	}
	if len(writers) > 1 {
		if got := float64(defaultLOWO.right) / float64(defaultLOWO.n); got < minCategoryCVWriterOut {
			t.Errorf("leave one writer out, go generate's setup: category %.3f, want at least %.2f", got, minCategoryCVWriterOut)
		}
	}
}

// The cross-validated category shares of go generate's setup (README, issue
// 11 item 1: on 1,418 written messages of three writers, 0.904 over five
// folds and 0.902 with each writer left out, against 0.859 for the model
// of before), a little below what was measured: a change that lowers them
// fails TestCategoryWrittenCV.
const (
	minCategoryCVFolds     = 0.89
	minCategoryCVWriterOut = 0.89
)

func countLines(lines []cattrain.Line, sel func(cattrain.Line) bool) int {
	n := 0
	for _, l := range lines {
		if sel(l) {
			n++
		}
	}
	return n
}

// TestCategoryWrittenNotHeldOut checks that no message of the files written
// for the category model is a held-out message (the realistic held-out
// sets, the trap set's held-out parts), compared by the hash of its
// letters and digits. A clash names the written file's line and the
// held-out file, never the text.
func TestCategoryWrittenNotHeldOut(t *testing.T) {
	files, err := filepath.Glob(writtenCategoryGlob)
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "examples/handwritten.jsonl", "examples/handwritten_category.jsonl")
	held := heldOutKeys(t)
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if line = strings.TrimSpace(line); line == "" || line[0] == '#' {
				continue
			}
			var m struct {
				Text string `json:"text"`
			}
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("%s:%d: %v", f, i+1, err)
			}
			n++
			if h, ok := held[textKey(m.Text)]; ok {
				t.Errorf("%s:%d is a message of %s", f, i+1, h)
			}
		}
	}
	if n == 0 {
		t.Fatal("no written message read")
	}
}
