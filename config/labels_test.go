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

// TestActorLabel: who did something reads the same in every view
// (ConsoleLabels.Actor): a person on a surface in actor_via's words with
// the surface's name (a console login by its display name, but an API
// caller's X-Agent or a Telegram username as recorded, even when a console
// account has that login), a role's person with the role's label, a
// department's clerk after the department, the actors that are not
// people by their label; a city renames a surface, and an actor_via that
// loses {surface} is refused.
func TestActorLabel(t *testing.T) {
	l := defaultLabelsAndTexts().labels
	staff := map[string]string{"wang": "王芳"}
	for actor, want := range map[string]string{
		"desk:wang":           "王芳（控制台）",
		"api:wang":            "wang（坐席接口）",
		"tg:wang":             "wang（Telegram 坐席群）",
		"tg:lisi":             "lisi（Telegram 坐席群）",
		"agent:wang":          "话务员 王芳",
		"supervisor:li":       "督办审核 li",
		"dept:市公安局/zhao":      "市公安局 zhao",
		"dept:市公安局":           "市公安局",
		"system":              "系统",
		"citizen":             "市民",
		"wang":                "王芳",
		"auto:dispatch-rules": "dispatch-rules",
	} {
		if got := l.Actor(actor, staff); got != want {
			t.Errorf("Actor(%q) = %q, want %q", actor, got, want)
		}
	}
	path := writeFile(t, `console_labels:
  surfaces:
    api: 热线接口
  actor_via: "{surface}·{name}"
`)
	cfg, err := load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.ConsoleLabels.Actor("api:wang", staff); got != "热线接口·wang" {
		t.Errorf("a city's surface name: %q", got)
	}
	if got := cfg.ConsoleLabels.Actor("desk:wang", staff); got != "控制台·王芳" {
		t.Errorf("a surface the city kept: %q", got)
	}
	path = writeFile(t, `console_labels:
  surfaces:
    tg: ""
  actor_via: "{name}"
`)
	wantProblems(t, loadProblems(t, path, noEnv), []wantProblem{
		{"console_labels.surfaces.tg", 3, "不能为空"},
		{"console_labels.actor_via", 4, "缺少 {surface}"},
	})
}
