package config

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// hasHan tells whether s has a Chinese character: a problem a clerk reads
// is worded in zh-CN, so an ASCII-only one is English left over.
func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// checkChinese fails t for each problem of probs that has no Chinese
// words or is more than one line. validateProblems, loadProblems and
// wantProblems call it, so every test that makes a broken config checks
// the wording of what it gets.
func checkChinese(t *testing.T, probs Problems) {
	t.Helper()
	for _, p := range probs {
		if !hasHan(p.Msg) || strings.ContainsAny(p.Msg, "\r\n") {
			t.Errorf("problem %q is not one line of zh-CN", p.String())
		}
	}
}

// TestProblemCatalogue reads the package's source: each Msg of the
// catalogue is one line with Chinese words, and no Msg is written
// anywhere but in problemtexts.go.
func TestProblemCatalogue(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	count := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if id, ok := lit.Type.(*ast.Ident); !ok || id.Name != "Msg" {
				return true
			}
			if name != "problemtexts.go" {
				t.Errorf("%s: a Msg written outside the catalogue (problemtexts.go)", fset.Position(lit.Pos()))
				return true
			}
			count++
			s, ok := lit.Elts[0].(*ast.BasicLit)
			if !ok || s.Kind != token.STRING {
				t.Errorf("%s: a Msg that is not a string literal", fset.Position(lit.Pos()))
				return true
			}
			text, _ := strconv.Unquote(s.Value)
			if !hasHan(text) || strings.ContainsAny(text, "\r\n") {
				t.Errorf("%s: %q is not one line of zh-CN", fset.Position(lit.Pos()), text)
			}
			return true
		})
	}
	if count < 100 {
		t.Errorf("found %d catalogue values, want the whole catalogue (over 100)", count)
	}
	for _, m := range append(yamlMessages, templateMessages...) {
		if !hasHan(m.zh) {
			t.Errorf("%q is worded %q, with no Chinese", m.en, m.zh)
		}
	}
}

// TestYAMLMessages checks that each syntax error yamlMessages words is
// what yaml.v3 says for a typical mistake, so that a new version of the
// library that words it differently fails here instead of leaving the
// clerk a fallback.
func TestYAMLMessages(t *testing.T) {
	tests := []struct{ file, want string }{
		{"server:\n  addr: a: b\n", "这里不能有「键: 值」"},
		{"server:\n  addr: \":1\"\n log_level: info\n", "找不到应有的键"},
		{"- a\nserver: {}\n", "找不到应有的列表项"},
		{"bot:\n  confirm_words: [是, 好\n", "[ ] 或 { } 没有闭合"},
		{"server:\n  addr: @x\n", "有不能开始一个值的字符"},
		{"server:\n  addr: 'x\n", "文件意外结束"},
		{"server:\n  addr: *nope\n", "未定义的锚点"},
		{"server:\n  addr: \xff\n", "不是 UTF-8 编码"},
		{"server:\n  addr: \x01\n", "控制字符"},
		{"server:\n  data_dir: \"C:\\data\"\n", "未知的转义"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		probs := loadProblems(t, writeFile(t, tt.file), noEnv)
		if len(probs) != 1 || !strings.HasPrefix(probs[0].Msg, "YAML 格式错误：") || !strings.Contains(probs[0].Msg, tt.want) {
			t.Errorf("%q: got %v, want YAML 格式错误：%s…", tt.file, probs, tt.want)
		}
		seen[tt.want] = true
	}
	for _, m := range yamlMessages {
		covered := false
		for w := range seen {
			covered = covered || strings.Contains(m.zh, w)
		}
		if !covered {
			t.Errorf("no test makes yaml.v3 say %q", m.en)
		}
	}
	if got := yamlMessage("something new"); !hasHan(got) || !strings.Contains(got, "something new") {
		t.Errorf("an unknown message gives %q, want a zh-CN lead-in and the library's words", got)
	}
}

// TestTemplateMessages checks the wording of text/template's common parse
// errors the same way.
func TestTemplateMessages(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"工单 {{.Number", "{{ 没有对应的 }}"},
		{"{{if .Due}}期限", "缺少 {{end}}"},
		{"期限{{end}}", "多了一个 {{end}}"},
		{"{{upper .Number}}", "未定义的函数"},
		{"{{if}}x{{end}}", "缺少要判断的值"},
	} {
		cfg := mustDefault(t)
		cfg.Replies.Thanks = tt.text
		probs := validateProblems(t, cfg)
		if len(probs) != 1 || probs[0].Path != "replies.thanks" || !strings.Contains(probs[0].Msg, tt.want) {
			t.Errorf("%q: got %v, want …%s…", tt.text, probs, tt.want)
		}
	}
}

// TestEveryBranchIsChinese loads broken configs for the validator's
// branches that the other tests of the package do not reach, and checks
// that what each says is zh-CN (checkChinese, through loadProblems) and
// names the setting.
func TestEveryBranchIsChinese(t *testing.T) {
	tests := []struct{ file, path, want string }{
		{"server:\n  data_dir: \"\"\n", "server.data_dir", "不能为空"},
		{"server:\n  base_url: ftp://x\n", "server.base_url", "「ftp://x」不是 http:// 或 https:// 开头的网址"},
		{"city:\n  time_format: \"2006\"\n", "city.time_format", "写不出日期和时间"},
		{"departments:\n  - {name: 甲, kind: municipal, aliases: [乙]}\n  - {name: 乙, kind: municipal}\n", "departments[0].aliases[0]", "别名「乙」是另一个部门的名称"},
		{"districts:\n  - {name: 甲区, kind: city, government: 市政府}\n", "districts[0].kind", "「city」不是区县类型"},
		{"districts:\n  - {name: 甲区, kind: district, government: 市长公开电话办公室, towns: [一镇, 一镇]}\n", "districts[0].towns[1]", "镇街「一镇」在 甲区 中列了两次"},
		{"districts:\n  - {name: 甲区, kind: district, government: 市长公开电话办公室, landmarks: [塔]}\n", "districts[0].landmarks[0]", "地标「塔」太短"},
		{"categories: []\n", "categories", "至少须列出一个分类"},
		{"time_limits:\n  warn_days: -1\n", "time_limits.warn_days", "-1 是负数"},
		{"time_limits:\n  warn_days: 9\n", "time_limits.warn_days", "9 大于 finish_days（5）"},
		{"time_limits:\n  remind_share: 2\n", "time_limits.remind_share", "2 不是 0 到 1 之间的比例"},
		{"time_limits:\n  urgent_hours: 200h\n", "time_limits.urgent_hours", "200h 超过一周"},
		{"calendar:\n  holidays: [2026-10-01, 2026-10-01]\n", "calendar.holidays[1]", "2026-10-01 列了两次"},
		{"dispatch:\n  min_confidence: 0\n", "dispatch.min_confidence", "0 不是大于 0、不超过 1 的置信度"},
		{"report:\n  weights: {response: 0, resolve: 0, satisfaction: 0}\n", "report.weights", "至少须有一个权重大于 0"},
		{"report:\n  weekly: 周一\n", "report.weekly", "「周一」：请写日子和时间，如「Mon 08:00」"},
		{"report:\n  weekly: Mo1 08:00\n", "report.weekly", "星期须为 Mon、Tue"},
		{"report:\n  monthly: 31 08:00\n", "report.monthly", "每月的日子须为 1 到 28"},
		{"report:\n  monthly: 1 8点\n", "report.monthly", "时间须写成 HH:MM"},
		{"emergency:\n  - {number: \"119\", reply: 请拨 119, cues: []}\n", "emergency[0].cues", "至少须列出一个触发词"},
		{"nlp:\n  out_of_scope:\n    - {name: 诉讼, channel: 法院, words: []}\n", "nlp.out_of_scope[0].words", "至少须列出一个词"},
		{"calls:\n  secret: short\n", "calls.secret", "太短：至少 16 个字符"},
		{"calls:\n  max_skew: 2h\n", "calls.max_skew", "2h 太长，最多 1h"},
		{"calls:\n  callback_within: 200h\n", "calls.callback_within", "最多 168h 工作时间"},
		{"calls:\n  workday_start: \"8点半\"\n", "calls.workday_start", "「8点半」不是一天中的时间"},
		{"calls:\n  workday_start: \"19:00\"\n", "calls.workday_start", "19:00 不早于 time_limits.workday_end_hour（18 点）"},
		{"calls:\n  agents: {\"8001\": \"\"}\n", "calls.agents", "登录名「8001」和用户「」都须填写"},
		{"notify:\n  kinds: [dispatch, lunch]\n", "notify.kinds[1]", "未知的通知类型「lunch」"},
		{"notify:\n  quiet_hours: 晚上\n", "notify.quiet_hours", "「晚上」不是时段"},
		{"notify:\n  wecom: {corp_id: ww1, corp_secret: s}\n", "notify.wecom.agent_id", "agent_id 须为企业微信应用的 AgentId"},
		{"notify:\n  webhook: {url: \"https://x.example/hook\"}\n", "notify.webhook.secret", "secret 也须设置"},
		{"notify:\n  leaders:\n    liaisons: [{name: 王}]\n", "notify.leaders.liaisons[0]", "请写 mobile、wecom_user 或两者"},
		{"notify:\n  leaders:\n    liaisons: [{name: 王, wecom_user: wang}]\n", "notify.leaders.liaisons[0].wecom_user", "corp_secret 和 agent_id 也须设置"},
		{"notify:\n  leaders:\n    contacts: [{account: mayor, name: 张明}]\n", "notify.leaders.contacts[0]", "请写 mobile、wecom_user 或两者"},
		{"notify:\n  leaders:\n    contacts: [{name: 张明, wecom_user: zm}]\n", "notify.leaders.contacts[0].account", "不能为空"},
		{"notify:\n  leaders:\n    contacts: [{account: mayor, name: 张明, wecom_user: zm}]\n", "notify.leaders.contacts[0].wecom_user", "corp_secret 和 agent_id 也须设置"},
		{"notify:\n  leaders:\n    contacts: [{account: mayor, name: 张明, mobile: \"13953700001\"}]\n", "notify.leaders.contacts[0].mobile", "没有配置短信渠道"},
		{"notify:\n  sms: false\n  leaders:\n    contacts: [{account: mayor, name: 张明, mobile: \"13953700001\"}, {account: mayor, name: 张明, mobile: \"13953700002\"}]\n", "notify.leaders.contacts[1].account", "账号「mayor」已在 notify.leaders.contacts[0] 列出"},
		{"notify:\n  sms: false\n  kinds: [dispatch, instruction, report]\n  leaders:\n    contacts: [{account: mayor, name: 张明, mobile: \"13953700001\"}, {account: vice, name: 李强, mobile: \"13953700002\"}]\n", "notify.kinds", "未列出 instruction_replied、instruction_closed、leader_item_replied（批示件已答复、批示件已办结、领导接听件已答复）：notify.leaders.contacts 中的 张明（mayor）、李强（vice） 将收不到这些通知"},
		{"notify:\n  sms: false\n  kinds: [dispatch, instruction_replied, instruction_closed]\n  leaders:\n    contacts: [{account: mayor, name: 张明, mobile: \"13953700001\"}]\n", "notify.kinds", "未列出 leader_item_replied（领导接听件已答复）"},
		{"notify:\n  leaders:\n    wecom_robot_key: \"https://qyapi.example/send?key=1\"\n", "notify.leaders.wecom_robot_key", "只写机器人的 key"},
		{"retention:\n  run_at: \"3点\"\n", "retention.run_at", "「3点」：时间须写成 HH:MM"},
		{"report_texts:\n  workbook:\n    sheets:\n      trend: \"'趋势\"\n", "report_texts.workbook.sheets.trend", "以 ' 开头或结尾"},
		{"server: [1]\n", "server", "须为设置项的映射，而不是列表"},
		{"channels:\n  wechat:\n    menu_keys: [a]\n", "channels.wechat.menu_keys", "须为映射，而不是列表"},
		{"console_texts: [a]\n", "console_texts", "须为按编号列出文字的映射，而不是列表"},
		{"server:\n  [a]: 1\n", "server", "键须为单个值，而不是列表"},
		{"bot:\n  min_confidence: high\n", "bot.min_confidence", "「high」不是数字"},
		{"time_limits:\n  urgent_hours: [1]\n", "time_limits.urgent_hours", "须为时长，如 30m，而不是列表"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			probs := loadProblems(t, writeFile(t, tt.file), noEnv)
			for _, p := range probs {
				if p.Path == tt.path && strings.Contains(p.Msg, tt.want) {
					return
				}
			}
			t.Errorf("no problem %s：…%s…; got:\n%v", tt.path, tt.want, probs)
		})
	}
}

// TestProblemsStayOneLine: a value with a line break is quoted with its
// escapes, so the problem stays one line.
func TestProblemsStayOneLine(t *testing.T) {
	cfg := mustDefault(t)
	cfg.Server.LogFormat = "te\nxt"
	probs := validateProblems(t, cfg)
	if len(probs) != 1 || probs[0].Msg != `「te\nxt」不是日志格式，请用 text 或 json` {
		t.Errorf("got %q", probs)
	}
}

// TestLeaderContactsWithEveryLeaderKind: contacts of leaders under the
// default notify.kinds, which lists every kind of a leader's inbox, or
// under a city's own list of kinds without contacts, is no problem.
func TestLeaderContactsWithEveryLeaderKind(t *testing.T) {
	for _, file := range []string{
		"notify:\n  sms: false\n  leaders:\n    contacts: [{account: mayor, name: 张明, mobile: \"13953700001\"}]\n",
		"notify:\n  kinds: [dispatch, instruction]\n",
	} {
		if _, err := load(writeFile(t, file), noEnv); err != nil {
			t.Errorf("%q: %v", file, err)
		}
	}
}
