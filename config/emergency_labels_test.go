package config

import "testing"

// TestEmergencyLabels: a city renames a rule and keeps the other names; a
// rule with no name shows as itself; a misspelt rule is an unknown key
// and an empty label is rejected, both with their lines.
func TestEmergencyLabels(t *testing.T) {
	path := writeFile(t, `console_labels:
  emergency_rules:
    live-wire: 高压线落地
`)
	cfg, err := load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	l := cfg.ConsoleLabels
	if l.RuleName("live-wire") != "高压线落地" || l.RuleName("road-collision") != "交通事故有人受伤或被困" || l.RuleName("new-rule") != "new-rule" {
		t.Errorf("rule names: %q %q %q", l.RuleName("live-wire"), l.RuleName("road-collision"), l.RuleName("new-rule"))
	}
	if l.Emergency.Number != "应拨打" || l.Emergency.Also != "另需拨打" {
		t.Errorf("emergency labels: %+v", l.Emergency)
	}
	path = writeFile(t, `console_labels:
  emergency:
    cue: ""
  emergency_rules:
    live_wire: 电线
`)
	probs := loadProblems(t, path, noEnv)
	wantProblems(t, probs, []wantProblem{
		{"console_labels.emergency.cue", 3, "不能为空"},
		{"console_labels.emergency_rules.live_wire", 5, `未知的键「live_wire」`},
	})
}
