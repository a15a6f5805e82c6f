package nlp

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"strings"
	"testing"

	"hotline/ticket"
)

// emergencyTraps are sentences of our own (examples/emergency_traps.jsonl):
// traps of many kinds (past and settled events, claims and fees,
// hypotheticals, questions and lessons, figures of speech, things rather
// than people, hazards already checked, insults and threats nobody means,
// news, complaints about services, animals) and dangers told near the
// words that discount a cue. A fixed third of them (the holdout part, by
// the hash of the text) is never tuned on: its failures are not printed.
// The holdout2 to holdout10 parts are later batches, each written before
// a round of tuning and held out whole.
const emergencyTraps = "examples/emergency_traps.jsonl"

// heldOutParts are the parts never tuned on: only their counts are printed.
var heldOutParts = []string{"holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9", "holdout10"}

// wholeParts are the held-out parts written as a batch, not split by hash.
var wholeParts = []string{"holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9", "holdout10"}

// trapPart returns the part of the trap set a text belongs to.
func trapPart(text string) string {
	h := fnv.New32a()
	h.Write([]byte(text))
	if h.Sum32()%3 == 0 {
		return "holdout"
	}
	return "tune"
}

// trapScores count one part of the trap set.
type trapScores struct {
	traps, falseAlarms, dangers, flagged, rightNumber int
	// withAlso counts the dangers flagged with the right number that need
	// other numbers too (the message's also), alsoRight those whose
	// Emergency.Also names every one of them.
	withAlso, alsoRight int
	misses              []string
}

func (s trapScores) String() string {
	out := fmt.Sprintf("false alarms %d/%d (%.1f%%), dangers flagged %d/%d (%d right number)",
		s.falseAlarms, s.traps, 100*float64(s.falseAlarms)/float64(max(s.traps, 1)), s.flagged, s.dangers, s.rightNumber)
	if s.withAlso > 0 {
		out += fmt.Sprintf(", other numbers named %d/%d", s.alsoRight, s.withAlso)
	}
	return out
}

// trapMessage is one sentence of the trap set.
type trapMessage struct {
	Text      string `json:"text"`
	Emergency string `json:"emergency"` // the number, "" = a trap
	Kind      string `json:"kind"`
	Part      string `json:"part"` // tune or holdout: trapPart of the text; or a later batch held out whole (wholeParts)
	// Also are the other numbers a danger needs (122 with 120 for the
	// injured, 110 with 120 for a victim bleeding); optional.
	Also []string `json:"also"`
}

func readTraps(t *testing.T) []trapMessage {
	t.Helper()
	data, err := os.ReadFile(emergencyTraps)
	if err != nil {
		t.Fatal(err)
	}
	var out []trapMessage
	for n, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		var m trapMessage
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("%s:%d: %v", emergencyTraps, n+1, err)
		}
		if !slices.Contains(wholeParts, m.Part) && m.Part != trapPart(m.Text) {
			t.Fatalf("%s:%d: part %q, want %q (by the hash of the text)", emergencyTraps, n+1, m.Part, trapPart(m.Text))
		}
		if m.Text == "" || m.Kind == "" || (m.Kind == "danger") != (m.Emergency != "") || len(m.Also) > 0 && m.Emergency == "" {
			t.Fatalf("%s:%d: a danger has kind danger and a number, a trap neither: %+v", emergencyTraps, n+1, m)
		}
		out = append(out, m)
	}
	return out
}

// TestEmergencyTraps scores the default classifier on the trap set, by
// part. Only the tune part's failures are printed; the held-out parts give
// their counts alone, so that nobody tunes on them.
func TestEmergencyTraps(t *testing.T) {
	c := testEmbedded(t)
	parts := map[string]*trapScores{"tune": {}}
	for _, p := range heldOutParts {
		parts[p] = &trapScores{}
	}
	for _, m := range readTraps(t) {
		s := parts[m.Part]
		r, err := c.Classify(context.Background(), m.Text)
		if err != nil {
			t.Fatal(err)
		}
		flagged := r.Emergency != nil && r.Urgency == ticket.UrgencyEmergency
		switch {
		case m.Emergency == "":
			s.traps++
			if flagged {
				s.falseAlarms++
				s.misses = append(s.misses, fmt.Sprintf("FALSE ALARM %s (%s, %q) [%s]: %s", r.Emergency.Number, r.Emergency.Rule, r.Emergency.Cue, m.Kind, m.Text))
			}
		default:
			s.dangers++
			switch {
			case !flagged:
				s.misses = append(s.misses, fmt.Sprintf("MISSED %s: %s", m.Emergency, m.Text))
			case r.Emergency.Number != m.Emergency:
				s.flagged++
				s.misses = append(s.misses, fmt.Sprintf("number %s (%s, %q), want %s: %s", r.Emergency.Number, r.Emergency.Rule, r.Emergency.Cue, m.Emergency, m.Text))
			default:
				s.flagged++
				s.rightNumber++
				if len(m.Also) > 0 {
					s.withAlso++
					if named := alsoNumbers(r.Emergency); containsAll(named, m.Also) {
						s.alsoRight++
					} else {
						s.misses = append(s.misses, fmt.Sprintf("also %v, want %v: %s", named, m.Also, m.Text))
					}
				}
			}
		}
	}
	tune := parts["tune"]
	t.Logf("tune part: %s\n%s", tune, strings.Join(tune.misses, "\n"))
	for _, p := range heldOutParts {
		t.Logf("%s part (never tuned on, failures not shown): %s", p, parts[p])
	}
	// Bounds at the figures measured (README); the goal is at most 2%
	// false alarms with every danger flagged.
	for _, p := range append([]string{"tune"}, heldOutParts...) {
		s := parts[p]
		if s.falseAlarms > maxTrapFalseAlarms[p] || s.flagged < minTrapDangers[p] || s.rightNumber < minTrapRightNumber[p] {
			t.Errorf("%s part: %s; want at most %d false alarms and at least %d dangers flagged (%d right number)",
				p, s, maxTrapFalseAlarms[p], minTrapDangers[p], minTrapRightNumber[p])
		}
	}
}

// maxTrapFalseAlarms and minTrapDangers bound each part of the trap set
// at the figures measured after the second round of issue 11 item 2
// (README): a regression fails. Before any tuning on it (main cbe3267):
// tune 20/108 false alarms and 24/30 dangers, holdout 19/66 and 15/15;
// after: tune 0/108 and 30/30, holdout 16/66 and 15/15. The holdout2
// batch, run once on main 40d8af9 before the next round: 22/87 and 22/32.
// The holdout3 batch, run once on main 72728c5 before the recall round:
// 8/32 and 44/52 (36 right number). After the clause frames (main
// 4d5f2c8): holdout 15/66 and 15/15, holdout2 17/87 and 24/32. After the
// recall round's rules (main 5195bdf): holdout3 7/32 and 45/52 (43 right
// number). The holdout4 batch, run once on main 7d7d1d9 before the second
// recall round: 4/26 and 44/54 (38 right number). The holdout5 batch, run
// once on main 7d7d1d9 before the false alarm round: 4/75 and 19/21 (19
// right number). After the false alarm round's frames (fa, main 5d5bd0e
// and the commit after it): holdout 13/66 (14 right number), holdout2
// 13/87, holdout5 4/75 and 20/21 (20). After the second recall round's
// rules (main 8fb3a2b): holdout4 4/26 and 46/54 (42 right number). The
// holdout6 batch, run once on main d5f743c before the third recall round:
// 3/30 and 49/50 (42 right number; other numbers named 5/10). The
// holdout7 batch, run once on main d5f743c before the third false alarm
// round: 6/83 and 26/28 (25 right number; other numbers named 3/4).
// After the veto (emergency_veto.go, threshold 0.0005): holdout 10/66,
// holdout2 10/87, holdout3 6/32, holdout5 3/75, holdout7 5/83, the dangers
// unchanged. The holdout8 batch (dangers within the veto's domain and traps
// of the same words), run once on main bfb0bdc to audit the veto: 4/45 and
// 83/94 (82 right number), the same without the veto, which set aside none
// of the 72 dangers a rule flagged. After the audit's four classes
// (explosion of a place, 结束自己, screams of someone beaten, a driver's
// threat): holdout4 48/54 (44 right number), the others unchanged. After
// the third recall round's rules (main 3b0f6ca, before the audit's
// classes; in brackets the same code with emergency.go, emergency_rules.go
// and normalize.go of 5ea00e9): holdout3 46/52 (44 right number) [45
// (43)], holdout4 48/54 (44) [46 (42)], holdout6 49/50 (45) [49 (42)],
// holdout8 83/94 (82) [80 (79)], no false alarm moved. The holdout9
// batch, run once on main 18888f7 before the fourth recall round: 3/37
// and 55/59 (49 right number; other numbers named 4/10). After the
// symptom cluster (emergency_symptoms.go): holdout2 25/32 (25 right
// number), holdout9 56/59 (50), the others and every false alarm
// unchanged.
// The holdout10 batch, run once on main 18888f7 before the fourth false
// alarm round: 17/84 and 35/35 (34 right number; other numbers named 6/8).
// After the frames of pretence, labels and sayings corrected (holdout10's
// writer wrote them, so its figure flatters): holdout10 12/84, the other
// parts unchanged. The veto learnt from the tests' tables as they are
// (nlp/examples/vetogen, balanced, trigrams): holdout 9/66, holdout2 12/87
// (two more than the veto learnt from the frozen copy of d8b7bb3's
// sentences), holdout10 10/84, every danger unchanged. After the frames of
// a counterfactual (真着火了都没法用) and a prank found out (结果是恶作剧), and
// the veto retrained with their sentences: holdout2 11/87, holdout3 7/32
// (a trap the retrained veto no longer sets aside), holdout7 4/83,
// holdout10 9/84, every danger unchanged. Each retrain moves a trap or
// two of holdout2 and holdout3 across the threshold: regenerated after
// the recall round's sentences of e357604, holdout2 12/87. The veto
// learning the 2,559 hand-written examples (emergency_written_*.jsonl) at
// the threshold 0.002 (issue 11 item 2, the model grown on hand-written
// data): holdout 7/66, holdout2 10/87, holdout3 4/32, holdout4 4/26,
// holdout5 3/75, holdout6 2/30, holdout7 2/83, holdout8 1/45, holdout9
// 3/37, holdout10 8/84 (57/565 → 44/565), every danger unchanged. The
// grown emergency model beside the model of before (threshold 0.95):
// holdout3 52/52 (50 right number), holdout4 51/54 (47), holdout6 50/50
// (46), holdout8 87/94 (86), holdout9 58/59 (52), the others and every
// false alarm unchanged (403/440 → 419/440). Its number replacing a
// rule's from 0.8: right numbers holdout 15, holdout4 48, holdout6 49,
// holdout8 87, holdout9 54 (399 → 407). A seventh writer's file learnt
// (emergency_written_wrk.jsonl, callers at work; taken in by the lead's
// rule: at most 2 dangers lost here, false alarms not up): holdout6 49 → 48
// right numbers, holdout8 87 → 86 dangers flagged (86 right number), false
// alarms 44 → 43 of 565 (419/440 → 418/440 dangers, 407 → 405 right number).
// The everyday messages learnt as "none" chosen by a hash of their text
// instead of their place in the example set, with the template of wages
// unpaid on a building site relabelled 劳动保障 (both retrain the model of
// before on another sample), and the grown model overruling the model of
// before from 0.8 of no danger (EmergencyGrownGate): holdout 6/66,
// holdout2 9/87, holdout3 51/52, right numbers holdout4 47, holdout9 55
// (418/440 → 417/440 dangers, 405 right numbers, false alarms 43 → 41).
// The veto's threshold 0.002 → 0.005 and the words of a danger ended
// (现在没味了, 找回来了), the models regenerated with their tests' sentences:
// holdout3 52/52 (51 right number) and 3/32, holdout5 1/75, holdout8 0/45,
// holdout10 7/84 (417/440 → 418/440 dangers, 405 → 406 right numbers,
// false alarms 41 → 37). An eighth writer's file learnt
// (emergency_written_wrj.jsonl, older villagers; the lead's rule as for
// wrk): holdout3 52 → 51 dangers (51 → 50 right numbers) with another
// holdout8's danger regained (87, 87 right numbers), 418/440 dangers and
// 406 right numbers in all, false alarms 37 → 35 (holdout4 4 → 3, holdout6
// 2 → 1); the bounds are these figures. The words of a fire put out by
// those there, the trapped let out and nobody hurt in a crash (泼灭了,
// 人放出来了, 人都好好的) regenerated the models with their tests'
// sentences, after which the veto at 0.005 set a holdout8 danger aside
// (TestEmergencyVetoKeepsDangers: its score 0.0040): the veto went back to
// 0.002, with the words: holdout4 4/26, holdout5 2/75, holdout8 2/45,
// holdout10 8/84 false alarms (35 → 40 of 565), every danger as before
// (418/440, 406 right numbers). A ninth writer's file learnt
// (emergency_written_wrl.jsonl, young people's chat; the lead's rule: each
// of ten writers left out +10 dangers, +18 right numbers, false alarms
// even; here at most 2 dangers lost): holdout3 3 → 4 false alarms, 51 → 52
// dangers (51 right numbers), holdout8 87 → 85 dangers (85 right numbers),
// in all 417/440 dangers, 406 right numbers, 41/565 false alarms.
// The evening's false alarms by class (救命 sighed over a chore or cried
// in a game, a wire whose power is cut, someone pinned under the vehicle
// they rode in; the lead's rule: each of eleven writers left out −2
// dangers, −16 false alarms): the veto, retrained with their tests'
// sentences, sets aside two traps fewer: holdout3 4 → 5 and holdout8 2 → 3
// false alarms (41 → 43 of 565), every danger as before (417/440, 406
// right numbers). The next classes (figures of wanting to die and of a
// feeling's degree with 到, a habit called poisoning, a costume's blood, a
// threat never acted on, a question for later, a worry typed without
// punctuation), the models regenerated with their sentences: holdout3
// 5 → 4, holdout6 1 → 0, holdout8 3 → 2 (40 of 565), every danger as
// before; the bounds are these figures. A twelfth writer's file learnt
// (emergency_written_wrn.jsonl, long messages with the danger in passing;
// the lead's rule: the twelve other writers left out +9 dangers, -5 false
// alarms): every part's dangers and right numbers as before (416/440),
// false alarms 38 → 38 of 565 (holdout2 9 → 8, holdout4 4 → 3, holdout6
// 0 → 1, holdout8 1 → 2); holdout6's bound moved to 1.
// wrm's eighth batch (12 long voice-to-text run-ons, 12 dangers and 12
// non-dangers; the lead's rule: the eleven other writers left out +1
// danger, -1 false alarm): dangers as before (416/440), false alarms
// 38 → 39 (holdout 6 → 7); holdout's bound moved to 7.
// The grown model's threshold 0.95 → 0.8 (the lead, by the writers'
// cross-validation, twelve left out: 2,643 → 2,696 dangers, 81 → 88 false
// alarms): holdout3 51 → 52, holdout8 85 → 87 dangers (417 → 420 of
// 440), false alarms holdout 6 → 7, holdout3 4 → 5, holdout6 1 → 0,
// holdout10 8 → 7 (38 → 38 of 565); holdout3's bound moved to 5.
// minTrapRightNumber bounds the dangers given the right number.
var (
	maxTrapFalseAlarms = map[string]int{"tune": 0, "holdout": 7, "holdout2": 9, "holdout3": 5, "holdout4": 4, "holdout5": 2, "holdout6": 1, "holdout7": 2, "holdout8": 2, "holdout9": 3, "holdout10": 8}
	minTrapDangers     = map[string]int{"tune": 30, "holdout": 15, "holdout2": 25, "holdout3": 51, "holdout4": 51, "holdout5": 20, "holdout6": 50, "holdout7": 26, "holdout8": 85, "holdout9": 58, "holdout10": 35}
	minTrapRightNumber = map[string]int{"tune": 30, "holdout": 15, "holdout2": 25, "holdout3": 50, "holdout4": 47, "holdout5": 20, "holdout6": 48, "holdout7": 25, "holdout8": 85, "holdout9": 55, "holdout10": 34}
)

// alsoNumbers returns the other numbers an emergency names.
func alsoNumbers(em *Emergency) []string {
	var out []string
	for _, a := range em.Also {
		out = append(out, a.Number)
	}
	return out
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
