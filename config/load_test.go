package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// noEnv is an environment with no HOTLINE_* variables.
func noEnv(string) string { return "" }

// loadProblems loads path and returns its Problems, failing the test when
// Load succeeds or fails otherwise.
func loadProblems(t *testing.T, path string, getenv func(string) string) Problems {
	t.Helper()
	cfg, err := load(path, getenv)
	if err == nil {
		t.Fatalf("load(%s) succeeded, want problems", path)
	}
	if cfg != nil {
		t.Errorf("load returned a config along with an error")
	}
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("load(%s) = %v, want Problems", path, err)
	}
	checkChinese(t, probs)
	return probs
}

func TestLoadReportsEveryProblemWithItsLine(t *testing.T) {
	probs := loadProblems(t, "testdata/many_problems.yaml", noEnv)
	want := []struct {
		path string
		line int
		msg  string
	}{
		{"server.log_format", 2, "「xml」不是日志格式"},
		{"server.lgo_level", 3, `未知的键「lgo_level」（是否想写「log_level」？）`},
		{"districts[1].government", 14, "未知部门「乙区政府」"},
		{"districts[1].towns[0]", 15, "镇街「二街道」已列在 甲区 下"},
		{"departments[3].name", 20, "部门「市城管局」已在 departments[2] 定义"},
		{"categories[0].fallback", 22, "须有 fallback 部门"},
		{"categories[1].code", 26, "分类代码「SRHW」已被 categories[0] 使用"},
		{"categories[1].department", 28, "未知部门「热力公司」"},
		{"categories[1].keywords", 29, "分类 SRHW 没有关键词"},
		{"categories[1].district_overrides.丙区", 31, "未知区县「丙区」"},
		{"time_limits.finish_days", 33, "0 超出范围，请用 1 到 60"},
		{"time_limits.max_extension_days", 34, "45 超出范围，请用 0 到 30"},
		{"time_limits.urgent_hours", 35, "时长「24」没有单位"},
		{"calendar.holidays[0]", 37, "「2026-13-01」不是日期"},
		// The channels' problems of this file (lines 40-47) are reported by
		// their descriptors' checks: server.TestConfigCheckReportsEveryProblem.
	}
	if len(probs) != len(want) {
		t.Errorf("got %d problems, want %d:\n%v", len(probs), len(want), probs)
	}
	for i := range min(len(probs), len(want)) {
		p, w := probs[i], want[i]
		if p.Path != w.path || p.Line != w.line || !strings.Contains(p.Msg, w.msg) {
			t.Errorf("problem %d = %s\nwant %s（第 %d 行）：…%s…", i, p, w.path, w.line, w.msg)
		}
	}
}

func TestLoadUnknownKeys(t *testing.T) {
	probs := loadProblems(t, "testdata/unknown_key.yaml", noEnv)
	want := []Problem{
		{"channels.wechat.tokne", 5, `未知的键「tokne」（是否想写「token」？）`},
		{"channels.smss", 6, `未知的键「smss」（是否想写「sms」？）`},
	}
	if !reflect.DeepEqual([]Problem(probs), want) {
		t.Errorf("got\n%v\nwant\n%v", probs, Problems(want))
	}
}

func TestLoadSyntaxError(t *testing.T) {
	probs := loadProblems(t, "testdata/syntax_error.yaml", noEnv)
	if len(probs) != 1 {
		t.Fatalf("got %d problems, want 1: %v", len(probs), probs)
	}
	p := probs[0]
	if p.Path != "" || p.Line < 1 || p.Line > 3 || !strings.HasPrefix(p.Msg, "YAML 格式错误：") {
		t.Errorf("got %+v, want an invalid-YAML problem on lines 1-3 with no path", p)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := load(filepath.Join(t.TempDir(), "nope.yaml"), noEnv)
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want not-exist", err)
	}
}

func TestLoadWrongTypes(t *testing.T) {
	path := writeFile(t, `outbox:
  workers: many
  max_attempts: [1, 2]
bot:
  confirm_words: 是
channels:
  telegram:
    polling: maybe
`)
	probs := loadProblems(t, path, noEnv)
	want := []Problem{
		{"outbox.workers", 2, "「many」不是整数"},
		{"outbox.max_attempts", 3, "须为整数，而不是列表"},
		{"bot.confirm_words", 5, "须为列表，而不是「是」"},
		{"channels.telegram.polling", 8, "「maybe」不是 true 或 false"},
	}
	if !reflect.DeepEqual([]Problem(probs), want) {
		t.Errorf("got\n%v\nwant\n%v", probs, Problems(want))
	}
}

func TestLoadPartialKeepsDefaults(t *testing.T) {
	cfg, err := load("testdata/partial.yaml", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	def := mustDefault(t)
	if cfg.Server.Addr != ":9090" {
		t.Errorf("server.addr = %q, want the file's :9090", cfg.Server.Addr)
	}
	if cfg.TimeLimits.FinishDays != 7 {
		t.Errorf("finish_days = %d, want the file's 7", cfg.TimeLimits.FinishDays)
	}
	if want := map[string]string{"HELP": "帮助"}; !reflect.DeepEqual(cfg.Channels.WeChat.MenuKeys, want) {
		t.Errorf("menu_keys = %v, want the file's mapping alone %v", cfg.Channels.WeChat.MenuKeys, want)
	}
	// Everything else is the default.
	cfg.Server.Addr = def.Server.Addr
	cfg.TimeLimits.FinishDays = def.TimeLimits.FinishDays
	cfg.Channels.WeChat.MenuKeys = def.Channels.WeChat.MenuKeys
	cfg.lines = nil
	if !reflect.DeepEqual(cfg, def) {
		t.Error("settings the file leaves out differ from the default")
	}
}

func TestLoadListsReplaceDefaults(t *testing.T) {
	path := writeFile(t, `city:
  office: 热线办
departments:
  - {name: 热线办, kind: office}
  - {name: 甲区政府, kind: government}
  - {name: 城管局, kind: municipal}
districts:
  - {name: 甲区, kind: district, government: 甲区政府, towns: [东街道]}
categories:
  - {code: CR, name: 市容, department: 属地, fallback: 城管局, keywords: [垃圾]}
emergency: []
`)
	cfg, err := load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Departments) != 3 || len(cfg.Districts) != 1 || len(cfg.Categories) != 1 || len(cfg.Emergency) != 0 {
		t.Errorf("lists not replaced: %d departments, %d districts, %d categories, %d emergency",
			len(cfg.Departments), len(cfg.Districts), len(cfg.Categories), len(cfg.Emergency))
	}
	if got := cfg.Route("CR", "甲区"); got != "甲区政府" {
		t.Errorf("Route = %q", got)
	}
	if cfg.City.Name != "济宁市" || len(cfg.Bot.HumanCommands) == 0 {
		t.Error("sections the file leaves out lost their defaults")
	}
}

func TestLoadEmptyPathIsDefault(t *testing.T) {
	cfg, err := load("", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, mustDefault(t)) {
		t.Error("Load(\"\") differs from Default()")
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	cfg := mustDefault(t)
	// Values that YAML could misread, and sections that are empty by default.
	cfg.Server.Addr = "127.0.0.1:8080"
	cfg.Desk.Token = "yes"
	cfg.Calendar.Holidays = []string{"2026-10-09"}
	cfg.Calendar.Workdays = []string{"2026-10-10"}
	cfg.Channels.WeChat.AppID, cfg.Channels.WeChat.AppSecret, cfg.Channels.WeChat.Token = "wx1", "secret", "012345"
	cfg.Channels.WeChat.TemplateID = "tmpl"
	cfg.Channels.WeChat.TemplateFields = map[string]string{"first": "{{.Status}}", "keyword1": "{{.Number}}"}
	cfg.Channels.Telegram.Token, cfg.Channels.Telegram.Secret = "1:abc", "s3cr3t"
	cfg.Channels.Telegram.AgentGroupID = -1001234567890
	cfg.Channels.Telegram.AgentIDs = []int64{42, 43}
	cfg.Categories[0].FinishDays = 3
	cfg.TimeLimits.EmergencyHours = Duration(90 * time.Minute)
	cfg.Replies.Closed = "第一行\n第二行: {{.Number}}"
	if err := cfg.Validate(); err != nil {
		t.Fatalf("test config invalid: %v", err)
	}

	out, err := Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	got, err := load(writeFile(t, string(out)), noEnv)
	if err != nil {
		t.Fatalf("Load of Marshal output: %v\n%s", err, out)
	}
	got.lines = nil
	if !reflect.DeepEqual(got, cfg) {
		again, _ := Marshal(got)
		t.Errorf("round trip changed the config:\n--- marshalled\n%s\n--- reloaded\n%s", out, again)
	}

	// The default round-trips too, onto an empty base: nothing relies on
	// the defaults underneath.
	def := mustDefault(t)
	out, err = Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	bare, probs, err := decode(out, nil)
	if err != nil || len(probs) > 0 {
		t.Fatalf("decode: %v %v", err, probs)
	}
	bare.lines = nil
	if !reflect.DeepEqual(bare, def) {
		t.Error("default does not round-trip onto an empty config")
	}
}

func TestMarshalIsReadable(t *testing.T) {
	out, err := Marshal(mustDefault(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"human_commands: [人工, 转人工, 人工服务, 找人工]",
		"draft_timeout: 30m\n",
		"urgent_hours: 24h\n",
		"兖州区: 四和热力公司",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("output is not YAML: %v", err)
	}
}

func TestDefaultYAMLIsTheDefault(t *testing.T) {
	cfg, err := load(writeFile(t, string(DefaultYAML())), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	cfg.lines = nil
	if !reflect.DeepEqual(cfg, mustDefault(t)) {
		t.Error("loading DefaultYAML as a file differs from Default()")
	}
}

func TestYAMLAnchorsAndMerge(t *testing.T) {
	path := writeFile(t, `base: &limits
  sign_days: 2
  finish_days: 8
time_limits:
  <<: *limits
  warn_days: 2
`)
	probs := loadProblems(t, path, noEnv)
	if len(probs) != 1 || probs[0].Path != "base" || probs[0].Line != 1 {
		t.Fatalf("want only the unknown top-level key, got %v", probs)
	}
	path = writeFile(t, `bot:
  human_commands: &human [人工, 客服]
nlp:
  llm: &llm
    timeout: 5s
`)
	cfg, err := load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.NLP.LLM.Timeout.D() != 5*time.Second || len(cfg.Bot.HumanCommands) != 2 {
		t.Errorf("anchored values not read: %v %v", cfg.NLP.LLM.Timeout, cfg.Bot.HumanCommands)
	}
	path = writeFile(t, `time_limits:
  <<: {sign_days: 2, finish_days: 8}
  warn_days: 2
`)
	cfg, err = load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TimeLimits.SignDays != 2 || cfg.TimeLimits.FinishDays != 8 || cfg.TimeLimits.WarnDays != 2 {
		t.Errorf("merge key not applied: %+v", cfg.TimeLimits)
	}
}

func TestLoadNotAMapping(t *testing.T) {
	probs := loadProblems(t, writeFile(t, "- a\n- b\n"), noEnv)
	if len(probs) != 1 || probs[0].Line != 1 || !strings.Contains(probs[0].Msg, "文件须为各节的映射") {
		t.Errorf("got %v", probs)
	}
}

func TestLoadEmptyFile(t *testing.T) {
	cfg, err := load(writeFile(t, "# nothing yet\n"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	cfg.lines = nil
	if !reflect.DeepEqual(cfg, mustDefault(t)) {
		t.Error("an empty file should give the default")
	}
}

// writeFile writes content to a file in a temporary directory.
func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hotline.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadDuplicateKeys(t *testing.T) {
	path := writeFile(t, `server:
  addr: ":8081"
  addr: ":8082"
channels:
  wechat:
    menu_keys:
      A: 查询
      A: 人工
`)
	probs := loadProblems(t, path, noEnv)
	want := []Problem{
		{"server.addr", 3, `键「addr」出现了两次`},
		{"channels.wechat.menu_keys.A", 8, `键「A」出现了两次`},
	}
	if !reflect.DeepEqual([]Problem(probs), want) {
		t.Errorf("got\n%v\nwant\n%v", probs, Problems(want))
	}
}

func TestLoadRefusesASecondDocument(t *testing.T) {
	path := writeFile(t, "server:\n  addr: \":8080\"\n---\nserver:\n  addr: \":9090\"\n")
	probs := loadProblems(t, path, noEnv)
	if len(probs) != 1 || probs[0].Line != 3 || !strings.Contains(probs[0].Msg, "第二个 YAML 文档") {
		t.Fatalf("got %v, want one problem on line 3 (the ---) about the second document", probs)
	}
}

func TestLoadCutsHugeValuesInProblems(t *testing.T) {
	huge := strings.Repeat("x", 1<<20)
	path := writeFile(t, "server:\n  log_level: "+huge+"\n")
	probs := loadProblems(t, path, noEnv)
	if len(probs) == 0 {
		t.Fatal("a 1 MB log level was accepted")
	}
	for _, p := range probs {
		if len(p.Msg) > 1000 || !strings.Contains(p.Msg, "字节）") {
			t.Fatalf("a problem of %d bytes: %.200s", len(p.Msg), p.Msg)
		}
	}
}

// wantProblem is a problem a test expects: its path, its line and words of
// its message.
type wantProblem struct {
	path string
	line int
	msg  string
}

// wantProblems fails t for each wanted problem that probs lacks.
func wantProblems(t *testing.T, probs Problems, want []wantProblem) {
	t.Helper()
	checkChinese(t, probs)
	for _, w := range want {
		found := false
		for _, p := range probs {
			if p.Path == w.path && p.Line == w.line && strings.Contains(p.Msg, w.msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("no problem %s（第 %d 行）：…%s…; got:\n%v", w.path, w.line, w.msg, probs)
		}
	}
}

// TestDefaultIsFreshEachCall: Default decodes each value from the tree it
// parsed once, so a value is the embedded file's decoded in full, and one
// changed by its caller leaves the next untouched.
func TestDefaultIsFreshEachCall(t *testing.T) {
	first, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	full, probs, err := decode(defaultYAML, nil)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	full.lines = nil
	if !reflect.DeepEqual(first, full) {
		t.Fatal("Default differs from the embedded file decoded in full")
	}
	first.Departments[0].Name = "改过的部门"
	first.Districts = first.Districts[:1]
	for id := range first.ConsoleTexts {
		first.ConsoleTexts[id] = "改过的文字"
	}
	again, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, full) {
		t.Error("a change to one value of Default reached the next")
	}
}
