package nlp

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"hotline/nlp/defaultmodel"
	"hotline/nlp/defaultmodel/emtrain"
	"hotline/ticket"
)

// The emergency model's training files: the examples of the rounds before
// (emergency.jsonl) and the files written by hand for it in issue 11 item
// 2's data round (emergency_written_*.jsonl), with the everyday messages
// of the category examples as "none". go generate ./nlp/defaultmodel
// trains on the same files (defaultmodel.go).
const (
	emergencyExamplesFile = "examples/emergency.jsonl"
	writtenExamplesGlob   = "examples/emergency_written_*.jsonl"
	// unseenExamplesGlob are hand-written files kept out of training
	// (TestEmergencyUnseenWriters); the cross-validation leaves each of
	// their writers out too, and learns them with the option "unseen".
	unseenExamplesGlob   = "examples/emergency_unseen_*.jsonl"
	categoryExamplesFile = "examples/examples.jsonl"
)

// cvFolds is the number of folds of the written examples' cross-validation;
// a text's fold is the FNV-1a hash of the text modulo cvFolds, so a
// message keeps its fold as files grow.
const cvFolds = 5

func cvFold(text string) int {
	h := fnv.New32a()
	h.Write([]byte(text))
	return int(h.Sum32() % cvFolds)
}

// emScore counts the whole detector's emergency decisions (Classify: the
// rules, the model, the veto) on labelled messages.
type emScore struct {
	dangers, flagged, right, byModel int
	traps, falseAlarms, faByModel    int
	// setAside counts the dangers and the non-dangers whose rule flag the
	// veto set aside; ruleWrong the dangers a rule flagged with another
	// number, modelRight those of them the model (at its threshold)
	// numbered right.
	setAsideDangers, setAsideTraps, ruleWrong, modelRight int
	// modelWrong counts the dangers a rule numbered right that the model
	// (at its threshold) numbers otherwise.
	modelWrong int
	// inAlso count those of modelRight and modelWrong where the model's
	// number is among the other numbers the rule named.
	modelRightInAlso, modelWrongInAlso int
	// held counts the missed dangers and the unflagged non-dangers the
	// model was sure of (at its threshold) but did not flag: its discounts
	// (modelDiscounts and the like) held it back.
	heldDangers, heldTraps     int
	missedByKind, alarmsByKind map[string]int
	// alarmsByRule counts the false alarms by the rule that flagged them
	// and the message's kind, as "rule/kind".
	alarmsByRule map[string]int
	// wrongNumbers counts the rules' wrong numbers as "label←rule/model".
	wrongNumbers map[string]int
	byNumber     map[string]*[2]int // number → dangers, flagged with it
}

func newEmScore() *emScore {
	return &emScore{missedByKind: map[string]int{}, alarmsByKind: map[string]int{}, alarmsByRule: map[string]int{}, byNumber: map[string]*[2]int{}, wrongNumbers: map[string]int{}}
}

// add counts r, the result of a message whose number is want ("" = no
// danger now) and whose kind is kind; modelSays is the number the
// emergency model alone gives it at its threshold ("" = none).
func (s *emScore) add(want, kind string, r Result, modelSays string) {
	flagged := r.Emergency != nil && r.Urgency == ticket.UrgencyEmergency
	model := flagged && r.Emergency.Rule == RuleModel
	if r.SetAside != nil {
		if want == "" {
			s.setAsideTraps++
		} else {
			s.setAsideDangers++
		}
	}
	if !flagged && modelSays != "" {
		if want == "" {
			s.heldTraps++
		} else {
			s.heldDangers++
		}
	}
	if want == "" {
		s.traps++
		if flagged {
			s.falseAlarms++
			s.alarmsByKind[kind]++
			s.alarmsByRule[r.Emergency.Rule+"/"+kind]++
			if model {
				s.faByModel++
			}
		}
		return
	}
	s.dangers++
	n := s.byNumber[want]
	if n == nil {
		n = new([2]int)
		s.byNumber[want] = n
	}
	n[0]++
	switch {
	case !flagged:
		s.missedByKind[kind]++
	default:
		s.flagged++
		if model {
			s.byModel++
		}
		if r.Emergency.Number == want {
			s.right++
			n[1]++
			if !model && modelSays != "" && modelSays != want {
				s.modelWrong++
				if slices.Contains(alsoNumbers(r.Emergency), modelSays) {
					s.modelWrongInAlso++
				}
			}
		} else if !model {
			s.ruleWrong++
			s.wrongNumbers[want+"←"+r.Emergency.Number+"/"+cmp.Or(modelSays, "-")]++
			if modelSays == want {
				s.modelRight++
				if slices.Contains(alsoNumbers(r.Emergency), modelSays) {
					s.modelRightInAlso++
				}
			}
		}
	}
}

func (s *emScore) String() string {
	var nums []string
	for _, k := range []string{"119", "120", "110", "122"} {
		if n := s.byNumber[k]; n != nil {
			nums = append(nums, fmt.Sprintf("%s %d/%d", k, n[1], n[0]))
		}
	}
	return fmt.Sprintf("dangers flagged %d/%d (%d right number; %d by the model alone; right number by label: %s), false alarms %d/%d (%.1f%%; %d by the model); set aside by the veto: %d dangers, %d others; a rule's wrong number %d times, the model's right in %d (%d among the rule's other numbers); a rule's right number the model's wrong %d times (%d); the model's discounts held back %d dangers and %d others",
		s.flagged, s.dangers, s.right, s.byModel, strings.Join(nums, ", "), s.falseAlarms, s.traps, 100*float64(s.falseAlarms)/float64(max(s.traps, 1)), s.faByModel,
		s.setAsideDangers, s.setAsideTraps, s.ruleWrong, s.modelRight, s.modelRightInAlso, s.modelWrong, s.modelWrongInAlso, s.heldDangers, s.heldTraps)
}

func kindCounts(m map[string]int) string {
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%s %d", k, v))
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// readEmergencyExamples reads the emergency training files: today's
// examples and the written ones (none while no written file exists).
func readEmergencyExamples(t *testing.T) (before, written []emtrain.Message) {
	t.Helper()
	before, err := emtrain.Read(emergencyExamplesFile)
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(writtenExamplesGlob)
	if err != nil {
		t.Fatal(err)
	}
	if written, err = emtrain.Read(files...); err != nil {
		t.Fatal(err)
	}
	return before, written
}

// readUnseenExamples reads the hand-written files kept out of training.
func readUnseenExamples(t *testing.T) []emtrain.Message {
	t.Helper()
	files, err := filepath.Glob(unseenExamplesGlob)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		return nil
	}
	unseen, err := emtrain.Read(files...)
	if err != nil {
		t.Fatal(err)
	}
	return unseen
}

// writerOf returns the writer of a hand-written example: its file's name
// after the last "_" (emergency_written_wrf.jsonl and
// emergency_unseen_wrf.jsonl are both wrf's).
func writerOf(m emtrain.Message) string {
	name := strings.TrimSuffix(filepath.Base(m.File), ".jsonl")
	return name[strings.LastIndex(name, "_")+1:]
}

// cvSetup is what the cross-validation trains: the emergency model's
// options, and whether the veto learns the written examples too.
type cvSetup struct {
	model       emtrain.Options
	vetoWritten bool
	threshold   float64 // the model's threshold (EmergencyModelThreshold)
	vetoBelow   float64 // the veto's threshold (VetoThreshold)
	// modelBefore keeps the emergency model to today's examples (the
	// written ones and s.extra not learnt): the veto's effect alone.
	modelBefore bool
	// union keeps the embedded model of before and adds the model trained
	// here beside it, flagging from unionAt.
	union    bool
	unionAt  float64
	renumber float64 // EmergencyModelRenumber
	gate     float64 // EmergencyGrownGate
	// unseen says whether the models learn the files kept out of training
	// (unseenExamplesGlob) as they learn the written ones.
	unseen bool
	// keptOut are writers whose written files are kept out of training as
	// the unseen files are (the option "out=wrj"), to decide whether to
	// learn them.
	keptOut []string
	// extra are which of the veto's other sentences the emergency model
	// learns too: "tests" the tests' sentences, "testtraps" their traps
	// alone, "tune" the trap set's tune part.
	extra []string
}

// detector returns a classifier like the default one whose emergency model
// is trained on train (today's examples and written ones) and the everyday
// messages none, and on s.extra of tune (the trap set's tune part) and
// tests (the tests' sentences); with s.vetoWritten its veto is trained on
// them too, with tune and tests.
func (s cvSetup) detector(t *testing.T, train []emtrain.Message, none []string, tune, tests []emtrain.Message) *Embedded {
	t.Helper()
	mt := slices.Clone(train)
	if s.modelBefore {
		mt = slices.DeleteFunc(mt, func(m emtrain.Message) bool { return filepath.Base(m.File) != filepath.Base(emergencyExamplesFile) })
	}
	for _, x := range []string{"tune", "tests", "testtraps"} { // go generate's order
		if !slices.Contains(s.extra, x) {
			continue
		}
		switch x {
		case "tune":
			mt = append(mt, tune...)
		case "tests":
			mt = append(mt, tests...)
		case "testtraps":
			for _, m := range tests {
				if m.Emergency == "" {
					mt = append(mt, m)
				}
			}
		}
	}
	m, err := emtrain.Train(mt, none, s.model)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := defaultmodel.Category()
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEmbedded(testConfig(t), cat)
	if err != nil {
		t.Fatal(err)
	}
	if s.union {
		e.emGrown, e.emGrownNone, e.emGrownThreshold = m, slices.Index(m.Labels(), noEmergency), s.unionAt
		e.emRenumber, e.emGate = s.renumber, s.gate
	} else {
		e.emModel, e.emNone, e.emThreshold = m, slices.Index(m.Labels(), noEmergency), s.threshold
		e.emGrown = nil // one model alone
	}
	if s.vetoWritten {
		v, _, err := emtrain.TrainVeto(slices.Concat(train, tune, tests))
		if err != nil {
			t.Fatal(err)
		}
		e.vetoModel, e.vetoDanger = v, slices.Index(v.Labels(), vetoDanger)
	}
	e.vetoThreshold = s.vetoBelow
	return e
}

// cvOptions are the training choices of the cross-validation: by default
// go generate's (the emergency model of before as embedded, beside it the
// grown model learning the written examples, the trap set's tune part and
// the tests' sentences, flagging from EmergencyGrownThreshold and
// renumbering a rule's flag from EmergencyModelRenumber; the veto
// learning the written examples too), or those of
// HOTLINE_EMERGENCY_CV_OPTS to try others: "union=0.9" the grown model
// beside the model of before, flagging from 0.9; "grown" the grown model
// alone in place of the model of before; "modelbefore" the model of
// before alone (retrained, the same); "bare" a model of the written
// examples alone, to which "tune", "tests" or "testtraps" (the tests'
// traps) add; "n=3" n-grams up to 3 runes, "bits=17" 2^17 buckets,
// "c=0.5" the SVM cost, "rep=2" and "nonerep=2" dangers or the others
// learnt twice, "every=2" one everyday message in 2 as "none" (by hash), "norm"
// texts normalised ("raw" not), "t=0.5" the model (alone) flagging from
// 0.5, "num=0.6" the grown model renumbering from 0.6 (0 = never),
// "unseen" the files kept out of training learnt too ("nounseen" not),
// "out=wrj" writer wrj's written file kept out of training as they are,
// "vt=0.03" the veto's threshold, "gate=0.98" the grown model overruling
// the model of before from that probability of no danger (0 = never), "noveto" the veto as embedded
// ("veto" retrained with the written examples).
func cvOptions(t *testing.T) cvSetup {
	s := cvSetup{model: emergencyTrainOptions(), vetoWritten: vetoLearnsWritten, unseen: learnUnseen, threshold: EmergencyModelThreshold, vetoBelow: VetoThreshold,
		union: true, unionAt: EmergencyGrownThreshold, renumber: EmergencyModelRenumber, gate: EmergencyGrownGate, extra: []string{"tune", "tests"}}
	o := &s.model
	for _, f := range strings.Fields(os.Getenv("HOTLINE_EMERGENCY_CV_OPTS")) {
		k, v, _ := strings.Cut(f, "=")
		var err error
		switch k {
		case "n":
			o.MaxNGram, err = strconv.Atoi(v)
		case "bits":
			o.HashBits, err = strconv.Atoi(v)
		case "c":
			o.C, err = strconv.ParseFloat(v, 64)
		case "rep":
			o.DangerRepeat, err = strconv.Atoi(v)
		case "every":
			o.NoneEvery, err = strconv.Atoi(v)
		case "nonerep":
			o.NoneRepeat, err = strconv.Atoi(v)
		case "norm":
			o.Normalize = EmergencyModelText
		case "raw":
			o.Normalize = nil
		case "t":
			s.threshold, err = strconv.ParseFloat(v, 64)
		case "num":
			s.renumber, err = strconv.ParseFloat(v, 64)
		case "vt":
			s.vetoBelow, err = strconv.ParseFloat(v, 64)
		case "gate":
			s.gate, err = strconv.ParseFloat(v, 64)
		case "tests", "testtraps", "tune":
			s.extra = append(s.extra, k)
		case "union":
			s.union, s.modelBefore, s.extra = true, false, []string{"tune", "tests"}
			s.unionAt, err = strconv.ParseFloat(v, 64)
		case "grown":
			s.modelBefore, s.union, s.extra = false, false, []string{"tune", "tests"}
		case "bare":
			s.modelBefore, s.union, s.extra = false, false, nil
		case "modelbefore":
			s.modelBefore, s.union, s.extra = true, false, nil
		case "veto":
			s.vetoWritten = true
		case "noveto":
			s.vetoWritten = false
		case "out":
			s.keptOut = append(s.keptOut, v)
		case "unseen":
			s.unseen = true
		case "nounseen":
			s.unseen = false
		default:
			err = fmt.Errorf("unknown option %q", k)
		}
		if err != nil {
			t.Fatalf("HOTLINE_EMERGENCY_CV_OPTS: %s: %v", f, err)
		}
	}
	t.Logf("the files kept out learnt: %v; writers kept out: %v; beside the model of before: %v, from %g, overruling it from %g; emergency model: n-grams 1..%d, 2^%d buckets, C %g, dangers learnt %d×, others %d×, every %d everyday message, normalised %v, threshold %g, also learns %v; veto learns the written examples: %v, threshold %g",
		s.unseen, s.keptOut, s.union, s.unionAt, s.gate, o.MaxNGram, o.HashBits, o.C, max(o.DangerRepeat, 1), max(o.NoneRepeat, 1), o.NoneEvery, o.Normalize != nil, s.threshold, s.extra, s.vetoWritten, s.vetoBelow)
	return s
}

// TestEmergencyWrittenCV cross-validates the emergency model over the
// written examples: each fold of them (cvFold) is scored by the whole
// detector with a model trained on the other folds, today's examples and
// the everyday messages, as go generate trains it. It then trains on
// everything and counts the trap set's parts (counts only), the tests'
// sentences (emergency_veto.jsonl) and the gov-messages test split. It
// takes a few seconds and prints figures to compare settings by, so it
// runs only when HOTLINE_EMERGENCY_CV is set:
//
//	HOTLINE_EMERGENCY_CV=1 go test -count=1 -run 'TestEmergencyWrittenCV$' -v ./nlp
//
// HOTLINE_EMERGENCY_CV_LIST=file writes each writer's wrong decisions
// (false alarms, misses, wrong numbers) when that writer was left out, a
// tab-separated line each (cvListLine), to find the classes of mistakes.
//
// It fails when the cross-validated figures fall below those the embedded
// model was chosen with (README, issue 11 item 2, the model grown on
// hand-written data).
func TestEmergencyWrittenCV(t *testing.T) {
	if os.Getenv("HOTLINE_EMERGENCY_CV") == "" {
		t.Skip("set HOTLINE_EMERGENCY_CV=1 to cross-validate the emergency model over the written examples")
	}
	before, written := readEmergencyExamples(t)
	if len(written) == 0 {
		t.Fatalf("no written examples (%s)", writtenExamplesGlob)
	}
	setup := cvOptions(t)
	unseen := readUnseenExamples(t)
	written = slices.DeleteFunc(written, func(m emtrain.Message) bool {
		if slices.Contains(setup.keptOut, writerOf(m)) {
			unseen = append(unseen, m)
			return true
		}
		return false
	})
	if setup.unseen {
		written = append(written, unseen...) // learnt as the written ones are
	}
	none, err := emtrain.CategoryNone(categoryExamplesFile, setup.model.NoneEvery)
	if err != nil {
		t.Fatal(err)
	}
	trapSet := readTraps(t)
	var tune []emtrain.Message
	for _, m := range trapSet {
		if m.Part == "tune" {
			tune = append(tune, emtrain.Message{Text: m.Text, Emergency: m.Emergency})
		}
	}
	tests, err := emtrain.Read(filepath.Join("examples", "emergency_veto.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	buf := make([]float64, 8)
	classify := func(c *Embedded, text string) (Result, string) {
		r, err := c.Classify(ctx, text)
		if err != nil {
			t.Fatal(err)
		}
		p := c.emModel.Probabilities("", EmergencyModelText(text), buf[:0])
		if 1-p[c.emNone] < c.emThreshold {
			return r, ""
		}
		best := -1
		for i := range p {
			if i != c.emNone && (best < 0 || p[i] > p[best]) {
				best = i
			}
		}
		return r, c.emModel.Labels()[best]
	}

	// The embedded detector on all the written examples: before they are
	// learnt, an unseen figure; after, a training-set one.
	embedded := newEmScore()
	for _, m := range written {
		r, n := classify(testEmbedded(t), m.Text)
		embedded.add(m.Emergency, m.Kind, r, n)
	}
	t.Logf("embedded model, all %d written examples: %s", len(written), embedded)

	cv, byFile := newEmScore(), map[string]*emScore{}
	var vetoScores []float64 // the veto's scores of the held dangers a rule flags, where it judges
	for k := range cvFolds {
		train := slices.Clone(before)
		var held []emtrain.Message
		for _, m := range written {
			if cvFold(m.Text) == k {
				held = append(held, m)
			} else {
				train = append(train, m)
			}
		}
		c, fold := setup.detector(t, train, none, tune, tests), newEmScore()
		for _, m := range held {
			r, n := classify(c, m.Text)
			fold.add(m.Emergency, m.Kind, r, n)
			cv.add(m.Emergency, m.Kind, r, n)
			if p, judged := vetoScore(c, m.Text); judged && m.Emergency != "" {
				vetoScores = append(vetoScores, p)
			}
			f := filepath.Base(m.File)
			if byFile[f] == nil {
				byFile[f] = newEmScore()
			}
			byFile[f].add(m.Emergency, m.Kind, r, n)
		}
		t.Logf("fold %d: %s", k, fold)
	}
	t.Logf("cross-validated (%d folds): %s", cvFolds, cv)
	t.Logf("cross-validated misses by kind: %s; false alarms by kind: %s; the rules' wrong numbers (label←rule/model): %s", kindCounts(cv.missedByKind), kindCounts(cv.alarmsByKind), kindCounts(cv.wrongNumbers))
	slices.Sort(vetoScores)
	below := func(x float64) int {
		n, _ := slices.BinarySearch(vetoScores, x)
		return n
	}
	if len(vetoScores) > 0 {
		t.Logf("the veto's scores of the %d held dangers a rule flags where it judges: lowest %.4f, %.4f, %.4f; below 0.002 %d, 0.005 %d, 0.01 %d, 0.03 %d, 0.1 %d",
			len(vetoScores), vetoScores[0], vetoScores[min(1, len(vetoScores)-1)], vetoScores[min(2, len(vetoScores)-1)], below(0.002), below(0.005), below(0.01), below(0.03), below(0.1))
	}
	files := slices.Sorted(maps.Keys(byFile))
	for _, f := range files {
		t.Logf("cross-validated, %s: %s", f, byFile[f])
	}

	// Each writer's files (written and kept out) scored by a model that
	// learnt only the others' (those it learns): how the model carries to
	// a writer it has never read.
	everyWriter := slices.Clone(written)
	if !setup.unseen {
		everyWriter = append(everyWriter, unseen...)
	}
	writers := map[string]bool{}
	for _, m := range everyWriter {
		writers[writerOf(m)] = true
	}
	byWriter := newEmScore()
	var listed []string // the writers' wrong decisions, for HOTLINE_EMERGENCY_CV_LIST
	for _, w := range slices.Sorted(maps.Keys(writers)) {
		var train, held []emtrain.Message
		for _, m := range written {
			if writerOf(m) != w {
				train = append(train, m)
			}
		}
		for _, m := range everyWriter {
			if writerOf(m) == w {
				held = append(held, m)
			}
		}
		c, s := setup.detector(t, slices.Concat(before, train), none, tune, tests), newEmScore()
		for _, m := range held {
			r, n := classify(c, m.Text)
			s.add(m.Emergency, m.Kind, r, n)
			byWriter.add(m.Emergency, m.Kind, r, n)
			listed = append(listed, cvListLine(w, m, r))
		}
		t.Logf("writer %s, learnt from the other writers only: %s", w, s)
	}
	t.Logf("each writer learnt from the others only (%d writers): %s", len(writers), byWriter)
	t.Logf("each writer learnt from the others only, misses by kind: %s; false alarms by kind: %s; by rule and kind: %s", kindCounts(byWriter.missedByKind), kindCounts(byWriter.alarmsByKind), kindCounts(byWriter.alarmsByRule))

	if out := os.Getenv("HOTLINE_EMERGENCY_CV_LIST"); out != "" {
		listed = slices.DeleteFunc(listed, func(l string) bool { return l == "" })
		if err := os.WriteFile(out, []byte(strings.Join(listed, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Trained on everything, as go generate trains it.
	c := setup.detector(t, append(slices.Clone(before), written...), none, tune, tests)
	if out := os.Getenv("HOTLINE_EMERGENCY_CV_WRITE"); out != "" {
		f, err := os.Create(out) // the model trained on everything, to compare with go generate's
		if err != nil {
			t.Fatal(err)
		}
		m := c.emModel
		if setup.union {
			m = c.emGrown
		}
		if _, err := m.WriteTo(f); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if !setup.unseen && len(unseen) > 0 {
		kept := newEmScore()
		for _, m := range unseen {
			r, n := classify(c, m.Text)
			kept.add(m.Emergency, m.Kind, r, n)
		}
		t.Logf("the files kept out of training, by the models trained on everything else: %s", kept)
	}
	parts := map[string]*emScore{}
	for _, m := range trapSet {
		if parts[m.Part] == nil {
			parts[m.Part] = newEmScore()
		}
		r, n := classify(c, m.Text)
		parts[m.Part].add(m.Emergency, m.Kind, r, n)
	}
	held := newEmScore()
	for _, p := range append([]string{"tune"}, heldOutParts...) {
		s := parts[p]
		t.Logf("trap set, %s part (counts only): dangers flagged %d/%d (%d right number), false alarms %d/%d (%d by the model)",
			p, s.flagged, s.dangers, s.right, s.falseAlarms, s.traps, s.faByModel)
		if p != "tune" {
			held.flagged += s.flagged
			held.dangers += s.dangers
			held.right += s.right
			held.falseAlarms += s.falseAlarms
			held.traps += s.traps
			held.faByModel += s.faByModel
			held.ruleWrong += s.ruleWrong
			held.modelRight += s.modelRight
			held.modelRightInAlso += s.modelRightInAlso
			held.modelWrong += s.modelWrong
			held.modelWrongInAlso += s.modelWrongInAlso
			held.heldDangers += s.heldDangers
			held.heldTraps += s.heldTraps
		}
	}
	t.Logf("trap set, held-out parts together: dangers flagged %d/%d (%d right number), false alarms %d/%d (%d by the model); a rule's wrong number %d times, the model's right in %d (%d among the rule's other numbers); a rule's right number the model's wrong %d times (%d); the model's discounts held back %d dangers and %d others",
		held.flagged, held.dangers, held.right, held.falseAlarms, held.traps, held.faByModel, held.ruleWrong, held.modelRight, held.modelRightInAlso, held.modelWrong, held.modelWrongInAlso, held.heldDangers, held.heldTraps)

	ts, tsBefore := newEmScore(), newEmScore()
	for _, m := range tests {
		r, n := classify(c, m.Text)
		ts.add(m.Emergency, "", r, n)
		r, n = classify(testEmbedded(t), m.Text)
		tsBefore.add(m.Emergency, "", r, n)
	}
	t.Logf("the emergency tests' sentences (%d), embedded model: %s", len(tests), tsBefore)
	t.Logf("the emergency tests' sentences (%d): %s", len(tests), ts)

	gov := newEmScore()
	for _, m := range readGovMessages(t, govTestFile) {
		want := ""
		if _, danger := govDangerIDs[m.ID]; danger {
			want = "any"
		}
		r, n := classify(c, m.Title+"\n"+m.Text)
		if want == "any" && r.Emergency != nil {
			want = r.Emergency.Number // any number counts
		}
		gov.add(want, "", r, n)
	}
	t.Logf("gov-messages test split: dangers flagged %d/%d, false alarms %d/%d (%d by the model)", gov.flagged, gov.dangers, gov.falseAlarms, gov.traps, gov.faByModel)
	everyday, flaggedEveryday := 0, 0
	for _, l := range readExampleSet(t) {
		if l.Split == "holdout" {
			everyday++
			if r, _ := classify(c, l.Text); r.Emergency != nil && r.Emergency.Rule == RuleModel {
				flaggedEveryday++
			}
		}
	}
	t.Logf("the category examples' held-out split: %d of %d flagged by the model alone", flaggedEveryday, everyday)
	byModel, all := 0, 0
	for _, split := range []string{"train", "dev"} {
		for _, m := range readGovMessages(t, filepath.Join(filepath.Dir(govTestFile), split+".jsonl")) {
			all++
			if r, _ := classify(c, m.Title+"\n"+m.Text); r.Emergency != nil && r.Emergency.Rule == RuleModel {
				byModel++
			}
		}
	}
	t.Logf("gov-messages train and dev splits: %d of %d flagged by the model alone", byModel, all)

	if cv.flagged*100 < cv.dangers*minCVFlaggedPct || cv.right*100 < cv.dangers*minCVRightPct || cv.falseAlarms*1000 > cv.traps*maxCVFalseAlarmsPermille {
		t.Errorf("cross-validated: %s; want at least %d%% of the dangers flagged (%d%% right number) and at most %.1f%% false alarms",
			cv, minCVFlaggedPct, minCVRightPct, float64(maxCVFalseAlarmsPermille)/10)
	}
}

// The cross-validated figures of go generate's setup (README, issue 11 item
// 2, the model grown on hand-written data: 1,241 of 1,340 written dangers
// flagged, 1,159 with the right number, 64 of 1,219 false alarms): a
// change that lowers them fails TestEmergencyWrittenCV.
const (
	minCVFlaggedPct          = 90
	minCVRightPct            = 84
	maxCVFalseAlarmsPermille = 60
)

// emergencyTrainOptions are the options go generate trains the embedded
// emergency model with (nlp/defaultmodel/train).
func emergencyTrainOptions() emtrain.Options { return emtrain.Default }

// learnUnseen says whether go generate trains the models on the files kept
// out of training (unseenExamplesGlob) too.
const learnUnseen = false

// vetoLearnsWritten says whether go generate trains the veto on the
// written examples too.
const vetoLearnsWritten = true

// cvListLine returns the line HOTLINE_EMERGENCY_CV_LIST lists for m, held
// out with its writer w and classified as r, when the detector was wrong
// (a false alarm, a miss or a wrong number), else "": what, writer, label,
// kind, the rule and number flagged, the words that fired, the text.
func cvListLine(w string, m emtrain.Message, r Result) string {
	flagged := r.Emergency != nil && r.Urgency == ticket.UrgencyEmergency
	what := ""
	switch {
	case m.Emergency == "" && flagged:
		what = "alarm"
	case m.Emergency != "" && !flagged:
		what = "miss"
	case m.Emergency != "" && r.Emergency.Number != m.Emergency:
		what = "number"
	default:
		return ""
	}
	rule, number, cue := "-", "-", "-"
	if flagged {
		rule, number, cue = r.Emergency.Rule, r.Emergency.Number, r.Emergency.Cue
	}
	return strings.Join([]string{what, w, cmp.Or(m.Emergency, "none"), m.Kind, rule, number, cue, strings.ReplaceAll(m.Text, "\n", " ")}, "\t")
}

// vetoScore returns the veto's probability of a danger for text, and
// whether the veto judges it at all: a rule flags it, not on words of
// wanting to die, within VetoMaxRunes and without a word of the present.
func vetoScore(c *Embedded, text string) (float64, bool) {
	s := strings.TrimSpace(normalize(text))
	em := c.x.emergencyIn(s)
	if c.vetoModel == nil || em == nil || wishToDie(em) || len([]rune(s)) > VetoMaxRunes || containsAny(s, vetoNow) {
		return 0, false
	}
	return c.vetoModel.Probabilities("", s, nil)[c.vetoDanger], true
}
