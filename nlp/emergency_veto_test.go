package nlp

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"hotline/ticket"
)

// TestEmergencyVeto checks the veto on sentences written for it (issue 11
// item 2, third false-alarm round): traps whose danger words a rule flags
// and the veto sets aside (紧急, not 特急: an agent still reads them soon),
// each with a danger in the same words that it keeps; a flag of words of wanting to die, a message that turns to the
// present (刚刚又) and a long message are never judged.
func TestEmergencyVeto(t *testing.T) {
	c := testEmbedded(t)
	tests := []struct {
		text, number string // "" = a trap the veto sets aside
	}{
		{"想问问煤气中毒后遗症能不能评残疾，我爸前年中过一回，现在记性不好了", ""},
		{"俺爸屋里生着煤炉子，早上叫他不应，怕是煤气中毒了", "120"},
		{"那个路口刚才一辆大货车撞了个骑车的，人躺在地上不动", "122"},
		{"学校门口一帮人正在打架，有个孩子被打倒在地上起不来", "110"},
		{"医生说我爸的病随时可能有生命危险，让我们准备后事，我想问问临终关怀病房哪里有", ""},
		{"我爸在家突然喘不上气，脸都紫了，怕是有生命危险", "120"},
		{"我想问问被家暴了怎么取证，现在没挨打，就是想提前准备", ""},
		{"他又在家暴我，刚把我头往墙上撞，我躲在厕所里", "110"},
		{"我家老人吃错了药 把降压药当成钙片吃了两片 问了医生说没大事 观察一下 想问问药店能不能把药分开放", ""},
		{"我家老人把一瓶降压药当成钙片全吃了，现在站都站不稳，叫他也不太应", "120"},
		// An out-of-scope word (打官司) does not turn what the veto set
		// aside into a reply that sends the citizen to a court: no order
		// would be made at all.
		{"我想问问被家暴了怎么取证，现在没挨打，就是想提前准备打官司", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			s := strings.TrimSpace(normalize(tt.text))
			rule := c.x.emergencyIn(s)
			if rule == nil {
				t.Fatalf("no rule flags it: the veto has nothing to judge")
			}
			r, err := c.Classify(context.Background(), tt.text)
			if err != nil {
				t.Fatal(err)
			}
			flagged := r.Emergency != nil && r.Urgency == ticket.UrgencyEmergency
			switch {
			case tt.number == "" && flagged:
				t.Errorf("flagged %s (%s, %q); want the rule's flag (%s) set aside", r.Emergency.Number, r.Emergency.Rule, r.Emergency.Cue, rule.Rule)
			case tt.number == "" && r.Urgency != ticket.UrgencyUrgent:
				t.Errorf("urgency %s; want %s, since a rule saw danger words", r.Urgency, ticket.UrgencyUrgent)
			case tt.number == "" && (r.OutOfScope != nil || r.Courtesy):
				t.Errorf("out of scope %v, courtesy %v; want an order (a rule saw danger words)", r.OutOfScope, r.Courtesy)
			case tt.number != "" && !flagged:
				t.Errorf("not flagged; want %s (the rule %s flags it)", tt.number, rule.Rule)
			case tt.number != "" && r.Emergency.Number != tt.number:
				t.Errorf("flagged %s (%s), want %s", r.Emergency.Number, r.Emergency.Rule, tt.number)
			}
			// What the veto set aside is kept for staff to check: the
			// rule's own number, rule and words; a danger kept has none.
			switch {
			case tt.number != "" && r.SetAside != nil:
				t.Errorf("set aside %+v; want nothing set aside on a danger kept", *r.SetAside)
			case tt.number == "" && r.SetAside == nil:
				t.Errorf("nothing set aside; want the rule's flag (%s %s %q)", rule.Number, rule.Rule, rule.Cue)
			case tt.number == "" && (r.SetAside.Number != rule.Number || r.SetAside.Rule != rule.Rule || r.SetAside.Cue != rule.Cue || r.SetAside.Cue == ""):
				t.Errorf("set aside %s %s %q; want the rule's flag %s %s %q", r.SetAside.Number, r.SetAside.Rule, r.SetAside.Cue, rule.Number, rule.Rule, rule.Cue)
			}
		})
	}
	buf := make([]float64, 8)
	for _, s := range []string{
		"老公说再喝酒就跳河，这话都说了好多年了",       // words of wanting to die: never judged
		"孩子说想死，作业太多了，学校能不能减负",       // a plain state word of wanting to die (rule state), once set aside
		"我老公说活不下去了，想问问低保怎么申请",       // the same: 活不下去
		"去年那个水塘就淹死过人，刚刚又有个孩子掉进水塘里了", // a turn to the present: never judged
		strings.Repeat("我们小区的房子墙体开裂，", 8) + "楼随时可能倒塌，里面还住着人",
	} {
		em := c.x.emergencyIn(s)
		if em == nil {
			t.Fatalf("no rule flags %q", s)
		}
		if c.vetoed(s, em, buf) {
			t.Errorf("vetoed %q (%s); the veto judges neither words of wanting to die, nor a turn to the present, nor messages longer than %d characters", s, em.Rule, VetoMaxRunes)
		}
	}
}

// TestEmergencyVetoKeepsDangers checks that the veto sets aside no rule's
// flag of a danger in the project's own sets: the emergency examples, the
// tests' sentences it learnt from, every part of the trap set (the
// held-out parts' texts are not printed) and the realistic sets 1–7. It
// logs the lowest score of a danger it judged, to show the margin above
// VetoThreshold.
func TestEmergencyVetoKeepsDangers(t *testing.T) {
	c := testEmbedded(t)
	buf := make([]float64, 8)
	lowest, judged := 1.0, 0
	check := func(source, text string, heldOut bool) {
		s := strings.TrimSpace(normalize(text))
		em := c.x.emergencyIn(s)
		if em == nil || em.Rule == RuleModel || wishToDie(em) || len([]rune(s)) > VetoMaxRunes || containsAny(s, vetoNow) {
			return
		}
		judged++
		p := c.vetoModel.Probabilities("", s, buf[:0])[c.vetoDanger]
		lowest = min(lowest, p)
		if c.vetoed(s, em, buf) {
			if heldOut {
				t.Errorf("%s: a danger the rule %s flags is set aside by the veto (held out: text not shown)", source, em.Rule)
			} else {
				t.Errorf("%s: a danger the rule %s flags is set aside by the veto (score %.4f): %s", source, em.Rule, p, text)
			}
		}
	}
	for _, m := range readTraps(t) {
		if m.Emergency != "" {
			check(emergencyTraps+" "+m.Part, m.Text, m.Part != "tune")
		}
	}
	for _, f := range []string{"examples/emergency.jsonl", "examples/emergency_veto.jsonl",
		"examples/realistic_holdout.jsonl", "examples/realistic_holdout2.jsonl", "examples/realistic_holdout3.jsonl",
		"examples/realistic_holdout4.jsonl", "examples/realistic_holdout5.jsonl", "examples/realistic_holdout6.jsonl",
		"examples/realistic_holdout7.jsonl"} {
		for _, m := range readEmergencyLines(t, f) {
			if m.Emergency != "" {
				check(f, m.Text, false)
			}
		}
	}
	t.Logf("%d dangers flagged by a rule and judged by the veto; lowest score %.4f (threshold %g)", judged, lowest, VetoThreshold)
}

// readEmergencyLines reads the text and emergency fields of a JSONL file,
// skipping comment lines.
func readEmergencyLines(t *testing.T, path string) []struct{ Text, Emergency string } {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []struct{ Text, Emergency string }
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var m struct{ Text, Emergency string }
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
