package config

import (
	"testing"
)

// TestConsoleTexts: a city's file changes one console text and keeps the
// others; an id the default does not have, an empty text and a
// placeholder the page does not fill or one it fills left out are
// rejected with their lines (in zh-CN, naming the key), and a
// section emptied by null reports every missing id at its line.
func TestConsoleTexts(t *testing.T) {
	path := writeFile(t, `console_texts:
  login.title: 坐席登录
  login.hint: "请向信息科申领账号（{command}）"
`)
	cfg, err := load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	ct := cfg.ConsoleTexts
	if ct.Text("login.title") != "坐席登录" || ct.Text("login.hint") != "请向信息科申领账号（{command}）" {
		t.Errorf("overrides: %q, %q", ct.Text("login.title"), ct.Text("login.hint"))
	}
	if ct.Text("login.submit") != "登录" || len(ct) != len(DefaultConsoleTextIDs()) {
		t.Errorf("defaults kept: login.submit %q, %d texts of %d", ct.Text("login.submit"), len(ct), len(DefaultConsoleTextIDs()))
	}
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if def.ConsoleTexts.Text("login.title") != "登录 · 12345 工作台" {
		t.Errorf("the default changed with a city's file: %q", def.ConsoleTexts.Text("login.title"))
	}

	path = writeFile(t, `console_texts:
  login.titel: 登录
  login.submit: ""
  login.hint: "账号见 {cmd}"
  app.logout: [退出]
  search.total: "共 {total} 条，第 {page} 页"
`)
	wantProblems(t, loadProblems(t, path, noEnv), []wantProblem{
		{"console_texts.login.titel", 2, `未知的键「login.titel」：控制台没有这个编号的文字（是否想写「login.title」？）`},
		{"console_texts.login.submit", 3, "不能为空"},
		{"console_texts.login.hint", 4, "含有 {cmd}，页面不会填写它"},
		{"console_texts.login.hint", 4, "缺少 {command}：页面在这里填入的内容将无人看到"},
		{"console_texts.app.logout", 5, "须为文字，而不是列表"},
		{"console_texts.search.total", 6, `缺少 {pages}：页面在这里填入的内容将无人看到；默认文字为「共 {total} 条，第 {page} / {pages} 页」`},
	})

	path = writeFile(t, `city:
  name: 济宁市
console_texts: null
`)
	wantProblems(t, loadProblems(t, path, noEnv), []wantProblem{
		{"console_texts.login.title", 3, "缺少这条文字；默认文字为「登录 · 12345 工作台」"},
		{"console_texts.app.logout", 3, "缺少这条文字"},
	})
}
