package config

import "testing"

// TestWebchatTexts: a city's file changes one of the web-chat page's
// texts and keeps the others; an id the default does not have, an empty
// text, a placeholder dropped from a text that has one and one the page
// does not fill are rejected with their lines, in zh-CN naming the key.
func TestWebchatTexts(t *testing.T) {
	path := writeFile(t, `webchat_texts:
  who.bot: 小济
  notice.too_long: "太长了：{n}/{max}"
`)
	cfg, err := load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	wt := cfg.WebchatTexts
	if wt.Text("who.bot") != "小济" || wt.Text("notice.too_long") != "太长了：{n}/{max}" {
		t.Errorf("overrides: %q, %q", wt.Text("who.bot"), wt.Text("notice.too_long"))
	}
	if wt.Text("composer.send") != "发送" || len(wt) != len(DefaultWebchatTextIDs()) {
		t.Errorf("defaults kept: composer.send %q, %d texts of %d", wt.Text("composer.send"), len(wt), len(DefaultWebchatTextIDs()))
	}

	path = writeFile(t, `webchat_texts:
  who.bott: 小济
  composer.send: ""
  notice.too_long: "消息过长：最多 {max} 字"
  composer.count: "{n} / {max} / {total}"
  notice.offline: [无法连接]
`)
	wantProblems(t, loadProblems(t, path, noEnv), []wantProblem{
		{"webchat_texts.who.bott", 2, `未知的键「who.bott」：网页留言页面没有这个编号的文字（是否想写「who.bot」？）`},
		{"webchat_texts.composer.send", 3, "不能为空"},
		{"webchat_texts.notice.too_long", 4, `缺少 {n}：页面在这里填入的内容将无人看到；默认文字为「消息过长：共 {n} 字，最多 {max} 字，请删减后再发送」`},
		{"webchat_texts.composer.count", 5, "含有 {total}，页面不会填写它"},
		{"webchat_texts.notice.offline", 6, "须为文字，而不是列表"},
	})

	path = writeFile(t, `city:
  name: 济宁市
webchat_texts: null
`)
	wantProblems(t, loadProblems(t, path, noEnv), []wantProblem{
		{"webchat_texts.page.title", 3, "缺少这条文字；默认文字为「12345 市长公开电话 · 在线留言」"},
		{"webchat_texts.who.citizen", 3, "缺少这条文字"},
	})
}
