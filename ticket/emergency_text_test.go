package ticket_test

import (
	"testing"

	"hotline/config"
	"hotline/ticket"
)

// TestEmergencyReasonTextFromConfig: the names and the punctuation of
// the staff's line are console_labels.emergency's.
func TestEmergencyReasonTextFromConfig(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	e := &cfg.ConsoleLabels.Emergency
	e.Number, e.Also, e.Cue, e.Rule = "请拨", "并拨", "原话", "规则"
	e.QuoteOpen, e.QuoteClose, e.WhyOpen, e.WhyClose, e.Colon, e.Separator = "「", "」", " [", "]", "=", " / "
	why := &ticket.EmergencyReason{Number: "122", Cue: "翻到沟里", Rule: "road-collision",
		Also: []ticket.EmergencyCall{{Number: "120", Cue: "满脸是血"}, {Number: "119"}}}
	want := "请拨 122 [原话=「翻到沟里」 / 规则=交通事故有人受伤或被困] / 并拨 120 [原话=「满脸是血」] / 并拨 119"
	if got := why.Text(cfg.ConsoleLabels); got != want {
		t.Errorf("%q\nwant %q", got, want)
	}
}

// TestSetAsideText: a flag the classifier's veto set aside reads as
// console_labels.emergency.set_aside, the default's and a city's own,
// with the rule's name, the number and the words filled in.
func TestSetAsideText(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	why := &ticket.EmergencyReason{Number: "119", Cue: "煤气味", Rule: "event", SetAside: true}
	want := "疑似紧急情况（规则：危险事件词，拟拨 119；命中：煤气味）经判断多为非当前危险，请核实"
	if got := why.Text(cfg.ConsoleLabels); got != want {
		t.Errorf("%q\nwant %q", got, want)
	}
	cfg.ConsoleLabels.Emergency.SetAside = "{number}？{cue}（{rule}）"
	if got := why.Text(cfg.ConsoleLabels); got != "119？煤气味（危险事件词）" {
		t.Errorf("a city's text: %q", got)
	}
}
