package nlp

import (
	"slices"
	"strings"
	"testing"

	"hotline/nlp/defaultmodel"
)

// TestEmergencyModel asks the emergency model alone (no rules) about
// messages that tell a danger in words of their own: it names the number
// and the clause that weighed most; the same words told as past, as a
// worry, as news or as a question about a claim are not flagged.
func TestEmergencyModel(t *testing.T) {
	c := testEmbedded(t)
	if c.emModel == nil {
		t.Fatal("the embedded classifier has no emergency model")
	}
	buf := make([]float64, 16)
	tests := []struct{ text, number string }{
		{"刚才上高速的时候前面两辆车撞一块了，有个人卡在车里出不来", "119 122"}, // a road accident: either helps
		{"俺爹喝了半瓶敌敌畏，现在叫不醒", "120"},
		{"有个男的拿着菜刀在菜市场追着一个女的砍", "110"},
		{"前面路口一辆三轮车被大货车刮倒了，骑车的老汉躺地上流了一地血", "120 122"},

		{"去年俺爹喝了半瓶敌敌畏，现在叫不醒", ""},
		{"万一有人卡在车里出不来怎么办", ""},
		{"新闻上说有个人卡在车里出不来", ""},
		{"物业费太贵了，一个月两百多", ""},
		{"在金乡县城一家饭店吃饭吃出了苍蝇，老板还不认账", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			em := c.emergencyByModel(normalize(tt.text), buf)
			switch {
			case tt.number == "" && em != nil:
				t.Errorf("emergency %+v, want none", em)
			case tt.number != "" && em == nil:
				t.Errorf("no emergency, want %s", tt.number)
			case em != nil && (!slices.Contains(strings.Fields(tt.number), em.Number) || em.Rule != RuleModel || em.Cue == ""):
				t.Errorf("emergency %+v, want %s from the model with the clause that fired", em, tt.number)
			}
		})
	}
}

// TestEmergencyModelNoGovAlarm classifies the real messages of the
// gov-messages test split: the model must add no emergency there (the
// rules' false alarms are bounded by TestEmergencyNeverMissedGovTest).
func TestEmergencyModelNoGovAlarm(t *testing.T) {
	results := classifiedGovTest(t)
	for _, m := range readGovMessages(t, govTestFile) {
		r := results[m.ID]
		if r.Emergency != nil && r.Emergency.Rule == RuleModel {
			if _, danger := govDangerIDs[m.ID]; !danger {
				t.Errorf("%s (%s): the model flags %s on %q", m.ID, m.Title, r.Emergency.Number, r.Emergency.Cue)
			}
		}
	}
}

// TestEmergencyGrownGate checks that the grown model, sure there is no
// danger (EmergencyGrownGate), overrules the model of before: everyday
// troubles told with a danger's words that the model of before alone
// takes for one are not flagged, and a danger both see still is.
func TestEmergencyGrownGate(t *testing.T) {
	cat, err := defaultmodel.Category()
	if err != nil {
		t.Fatal(err)
	}
	ungated, err := NewEmbedded(testConfig(t), cat)
	if err != nil {
		t.Fatal(err)
	}
	ungated.emGate = 0
	gated := testEmbedded(t)
	if gated.emGate != EmergencyGrownGate || EmergencyGrownGate <= 0 {
		t.Fatalf("the embedded classifier's gate is %g, want EmergencyGrownGate (%g)", gated.emGate, EmergencyGrownGate)
	}
	buf := make([]float64, 16)
	for _, text := range []string{
		"俺把车钥匙锁在车里了，开锁师傅电话多少",
		"天太热了，晒得人直冒汗，喘气都费劲，商场也不开空调",
	} {
		s := normalize(text)
		if em := ungated.emergencyByModel(s, buf); em == nil {
			t.Errorf("%s: the model of before, ungated, does not flag it: the test no longer shows the gate", text)
		}
		if em := gated.emergencyByModel(s, buf); em != nil {
			t.Errorf("%s: flagged %+v; want the grown model to overrule it", text, em)
		}
	}
	danger := "小孩把胳膊卡在护栏缝里，拔不出来了，在哭"
	if em := gated.emergencyByModel(normalize(danger), buf); em == nil {
		t.Errorf("%s: not flagged by the models", danger)
	}
}
