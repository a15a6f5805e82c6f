package config

import (
	"testing"
)

// TestConsoleLabels: a city's file renames one label and keeps the
// others; a misspelt code is an unknown key and an empty label is
// rejected, both with their lines.
func TestConsoleLabels(t *testing.T) {
	path := writeFile(t, `console_labels:
  actions:
    sign: 接收
    "login.failed": 登录未成功
  roles:
    agent: 接线员
`)
	cfg, err := load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	l := cfg.ConsoleLabels
	if l.Actions.Sign != "接收" || l.Actions.LoginFailed != "登录未成功" || l.Roles.Label("agent") != "接线员" {
		t.Errorf("overrides: sign %q, login.failed %q, agent %q", l.Actions.Sign, l.Actions.LoginFailed, l.Roles.Label("agent"))
	}
	if m := LabelMap(l.Actions); m["dispatch"] != "派单" || m["ticket.x"] != "" || len(m) < 60 {
		t.Errorf("defaults kept: dispatch %q, %d actions", m["dispatch"], len(m))
	}
	if l.Roles.Label("nobody") != "nobody" {
		t.Errorf("an unknown role: %q", l.Roles.Label("nobody"))
	}

	path = writeFile(t, `console_labels:
  actions:
    sgin: 签收
  warnings:
    red: ""
  unknown_action: ""
`)
	probs := loadProblems(t, path, noEnv)
	wantProblems(t, probs, []wantProblem{
		{"console_labels.actions.sgin", 3, `未知的键「sgin」`},
		{"console_labels.warnings.red", 5, "不能为空"},
		{"console_labels.unknown_action", 6, "不能为空"},
	})
}

// TestSetAsideLabel: the line for a flag the emergency veto set aside is
// a city's own, with the default's placeholders, all of them and no
// other.
func TestSetAsideLabel(t *testing.T) {
	path := writeFile(t, `console_labels:
  emergency:
    set_aside: "系统判断非紧急：{rule} {number}「{cue}」，请再看一眼"
`)
	cfg, err := load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.ConsoleLabels.Emergency.SetAside; got != "系统判断非紧急：{rule} {number}「{cue}」，请再看一眼" {
		t.Errorf("set_aside %q", got)
	}
	path = writeFile(t, `console_labels:
  emergency:
    set_aside: "疑似紧急（{rule}，{number}，{words}）"
`)
	probs := loadProblems(t, path, noEnv)
	wantProblems(t, probs, []wantProblem{
		{"console_labels.emergency.set_aside", 3, "含有 {words}，页面不会填写它"},
		{"console_labels.emergency.set_aside", 3, "缺少 {cue}"},
	})
}

// TestStatusLabels: a city renames a state; two states with one label
// (tickets list --status could not tell them apart) and an empty label
// are rejected with their lines.
func TestStatusLabels(t *testing.T) {
	path := writeFile(t, `status_labels:
  dispatched: 已转办
`)
	cfg, err := load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if l := cfg.StatusLabels; l.Label("dispatched") != "已转办" || l.Label("signed") != "已签收" || l.Label("bogus") != "未知状态" || l.Label("unknown") != "未知状态" {
		t.Errorf("labels: %q %q %q", l.Label("dispatched"), l.Label("signed"), l.Label("bogus"))
	}
	path = writeFile(t, `status_labels:
  signed: 已派单
  closed: ""
`)
	probs := loadProblems(t, path, noEnv)
	wantProblems(t, probs, []wantProblem{
		{"status_labels.signed", 2, "「已派单」已是 dispatched 的名称：tickets list --status 将分不清它们"},
		{"status_labels.closed", 3, "不能为空"},
	})
}

// TestDutyTexts: the duty schedule's words are checked: 7 weekdays, a
// topic line that shows the topic, a session line that fills.
func TestDutyTexts(t *testing.T) {
	path := writeFile(t, `duty_texts:
  weekdays: [日, 一, 二]
  page_topic: "有主题"
  session: "{{.Date}} {{.Name}}"
  page_when: "{{.Date}}"
`)
	probs := loadProblems(t, path, noEnv)
	wantProblems(t, probs, []wantProblem{
		{"duty_texts.weekdays", 2, "有 3 个名称，须为 7 个"},
		{"duty_texts.page_topic", 3, "缺少 {{.Topic}}"},
		{"duty_texts.session", 4, "不填写 {{.Name}}"},
		{"duty_texts.page_when", 5, "缺少 {{.Start}}"},
	})
}
