package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"hotline/config"
)

// TestCommandLineTextsFromConfig: the listings of users list and tickets
// list and what users add says come from report_texts.command_line.
func TestCommandLineTextsFromConfig(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	city := filepath.Join(t.TempDir(), "city.yaml")
	yaml := `report_texts:
  command_line:
    users: {name: 登录名}
    users_total: "账号合计：{{.Count}}"
    user_added: "新账号 {{.Name}}（{{.Role}}）"
    enabled: 可用
    tickets: {number: 工单编号}
    tickets_total: "合计 {{.Count}} 件工单"
`
	if err := os.WriteFile(city, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if err := usersMain([]string{"add", "wang", "--role", "agent", "--password-stdin", "--config", city, "--data", data},
		strings.NewReader("secret-pass-1\n"), &out, &errb); err != nil {
		t.Fatalf("users add: %v %s", err, errb.String())
	}
	if got := out.String(); got != "新账号 wang（话务员）\n" {
		t.Errorf("users add said %q", got)
	}
	out.Reset()
	if err := usersMain([]string{"list", "--config", city, "--data", data}, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"登录名", "显示名", "可用", "账号合计：1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("users list lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := cmdTickets(context.Background(), []string{"list", "--config", city, "--data", data}, &out, &errb); err != nil {
		t.Fatalf("tickets list: %v %s", err, errb.String())
	}
	if !strings.HasPrefix(out.String(), "工单编号") || !strings.Contains(out.String(), "合计 0 件工单") {
		t.Errorf("tickets list:\n%s", out.String())
	}
}

// TestReportPeriodErrorsFromConfig: hotline report says why a period
// cannot be read in the words of report_texts.period_errors (exit 2).
func TestReportPeriodErrorsFromConfig(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	city := filepath.Join(t.TempDir(), "city.yaml")
	yaml := "report_texts:\n  period_errors:\n    bad_period: \"{{.Name}}的期间应写作 {{.Want}}，不是 {{.Value}}\"\n"
	if err := os.WriteFile(city, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "monthly", "--period", "2026-13", "--config", city, "--data", data}, "hotline report: 月报的期间应写作 2026-11，不是 2026-13\n"},
		{[]string{"report", "range", "--data", data}, "hotline report: 按日期统计须给出开始日期和结束日期\n"},
		{[]string{"report", "range", "--from", "2026-11-01", "--data", data}, "hotline report: 开始日期和结束日期须同时给出\n"},
	} {
		if code, _, errOut := runCLI(t, "", c.args...); code != 2 || errOut != c.want {
			t.Errorf("%v: %d %q, want 2 %q", c.args, code, errOut, c.want)
		}
	}
}

// TestDemoSummaryFromConfig: hotline demo's last line is
// report_texts.command_line.demo_summary, filled in.
func TestDemoSummaryFromConfig(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	city := filepath.Join(t.TempDir(), "city.yaml")
	yaml := "report_texts:\n  command_line:\n    demo_summary: \"造了 {{.Requests}} 次诉求、{{.Orders}} 件工单（{{.From}}～{{.To}}），库在 {{.Path}}\"\n"
	if err := os.WriteFile(city, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "demo", "--data", data, "--config", city, "--orders", "3", "--days", "2", "--seed", "1", "--end", "2026-11-30")
	want := regexp.MustCompile(`^造了 3 次诉求、[0-3] 件工单（2026-11-29～2026-11-30），库在 ` + regexp.QuoteMeta(filepath.Join(data, "hotline.db")) + "\n$")
	if code != 0 || !want.MatchString(out) {
		t.Fatalf("demo: %d %q %q", code, out, errOut)
	}
}

// TestClassifyTextsFromConfig: hotline classify writes its fields, an
// emergency and why a JSON line was refused in the words of
// report_texts.command_line.classify.
func TestClassifyTextsFromConfig(t *testing.T) {
	t.Parallel()
	city := filepath.Join(t.TempDir(), "city.yaml")
	yaml := `report_texts:
  command_line:
    classify:
      emergency: "!! {{.Reason}}"
      field: "{{.Name}}={{.Value}}{{with .Confidence}} p={{.}}{{end}}"
      fields: {title: 主题, urgency: 缓急}
      none: 无
      line_error: "行{{.Line}}出错：{{.Error}}"
      no_text: 少了 text
`
	if err := os.WriteFile(city, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if err := classifyMain(context.Background(), []string{"--config", city, "小区3号楼着火了，有人被困"}, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatalf("classify: %v %s", err, errb.String())
	}
	lines := strings.Split(out.String(), "\n")
	if !strings.HasPrefix(lines[0], "!! 应拨打 119（触发词语：") || !strings.HasPrefix(lines[1], "主题=") ||
		!strings.Contains(out.String(), "\n诉求类型=") || !strings.Contains(out.String(), " p=0.") || !strings.Contains(out.String(), "\n联系人=无\n") {
		t.Errorf("classify said:\n%s", out.String())
	}
	out.Reset()
	err := classifyMain(context.Background(), []string{"--config", city, "--json"}, strings.NewReader("{\"text\": \"路灯坏了\"}\n{\"txt\": 1}\n{x\n"), &out, &errb)
	lines = strings.Split(strings.TrimSpace(out.String()), "\n")
	if err == nil || len(lines) != 3 || lines[1] != `{"line":2,"error":"行2出错：少了 text"}` || lines[2] != `{"line":3,"error":"行3出错：不是有效的JSON对象"}` {
		t.Errorf("classify --json: %v\n%s", err, out.String())
	}
}

// TestKBTextsFromConfig: hotline kb import, search and list write the
// words of report_texts.command_line.kb (kb import reads --config too),
// and a missing or broken file is said in them, exit 1.
func TestKBTextsFromConfig(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	city := filepath.Join(dir, "city.yaml")
	yaml := `report_texts:
  command_line:
    kb:
      imported: "导入{{.File}}：{{.Read}}/{{.Added}}/{{.Replaced}} 并入 {{.Base}}"
      base_starter: 起步库
      written: "写好 {{.Out}}（{{.Count}}）"
      restart: 重启生效
      no_file: "没有 {{.File}}"
      invalid: "{{.File}} 不对"
      hit: "#{{.Rank}} {{.ID}} {{.Question}}{{if .Answers}} 可答{{end}}"
      below: "不到 {{.Threshold}}"
      entry: "{{.ID}}|{{.Question}}"
      total: "{{.Count}} 条"
`
	kb := filepath.Join(dir, "kb.jsonl")
	for name, text := range map[string]string{city: yaml, kb: `{"id":"park-hours","question":"太白湖公园几点开门","answer":"全天开放。","category":"WHLY","department":"市文化和旅游局"}` + "\n",
		filepath.Join(dir, "bad.jsonl"): `{"id":"x","question":""}` + "\n"} {
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(data, "kb.jsonl")
	code, stdout, errOut := runCLI(t, "", "kb", "import", kb, "--config", city, "--data", data)
	if want := "导入" + kb + "：1/1/0 并入 起步库\n写好 " + out + "（"; code != 0 || !strings.HasPrefix(stdout, want) || !strings.HasSuffix(stdout, "）\n重启生效\n") {
		t.Fatalf("kb import: %d %q %q, want %q…", code, stdout, errOut, want)
	}
	code, stdout, _ = runCLI(t, "", "kb", "search", "太白湖公园几点开门", "--config", city, "--data", data)
	if code != 0 || !strings.HasPrefix(stdout, "#1 park-hours 太白湖公园几点开门 可答\n") {
		t.Errorf("kb search: %d %q", code, stdout)
	}
	code, stdout, _ = runCLI(t, "", "kb", "search", "量子计算机的原理", "--config", city, "--data", data)
	if code != 0 || !regexp.MustCompile(`\n不到 0\.\d\d\n$|^不到`).MatchString(stdout) && !strings.Contains(stdout, "没有相关条目") {
		t.Errorf("kb search of nothing near: %d %q", code, stdout)
	}
	code, stdout, _ = runCLI(t, "", "kb", "list", "--config", city, "--data", data)
	if lines := strings.Split(strings.TrimSpace(stdout), "\n"); code != 0 || !strings.Contains(stdout, "park-hours|太白湖公园几点开门\n") ||
		lines[len(lines)-1] != strconv.Itoa(len(lines)-1)+" 条" {
		t.Errorf("kb list: %d %q", code, stdout)
	}
	for file, want := range map[string]string{filepath.Join(dir, "none.jsonl"): "没有 " + filepath.Join(dir, "none.jsonl"),
		filepath.Join(dir, "bad.jsonl"): filepath.Join(dir, "bad.jsonl") + " 不对"} {
		if code, _, errOut := runCLI(t, "", "kb", "import", file, "--config", city, "--data", data); code != 1 || errOut != "hotline kb: "+want+"\n" {
			t.Errorf("kb import %s: %d %q, want %q", file, code, errOut, want)
		}
	}
}

// TestArchiveAndReportTextsFromConfig: hotline archive's and compact's
// lines and what hotline report says once its file is written are
// report_texts.command_line.archive and report_written.
func TestArchiveAndReportTextsFromConfig(t *testing.T) {
	t.Parallel()
	dir, path := newDataDir(t)
	city := filepath.Join(t.TempDir(), "city.yaml")
	yaml := `report_texts:
  command_line:
    archive:
      dry_run: "试：{{.Orders}} 件 {{.Masked}} 条{{with .Years}} {{.}}{{end}}"
      compacted: "压了 {{.Path}} {{.Before}}>{{.After}}"
      old_kept: "留着 {{.Kept}}"
    report_written: "{{.Period}}{{.Kind}}在 {{.Path}}"
`
	if err := os.WriteFile(city, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCLI(t, "", "archive", "--dry-run", "--config", city, "--data", dir); code != 0 || out != "试：0 件 0 条\n" {
		t.Errorf("archive --dry-run: %d %q %q", code, out, errOut)
	}
	code, out, errOut := runCLI(t, "", "compact", "--config", city, "--data", dir)
	if lines := strings.Split(out, "\n"); code != 0 || len(lines) != 3 || !regexp.MustCompile(`^压了 `+regexp.QuoteMeta(path)+` \d+>\d+$`).MatchString(lines[0]) ||
		!strings.HasPrefix(lines[1], "留着 "+path) {
		t.Errorf("compact: %d %q %q", code, out, errOut)
	}
	file := filepath.Join(t.TempDir(), "r.html")
	code, _, errOut = runCLI(t, "", "report", "monthly", "--period", "2026-11", "--format", "html", "--out", file, "--config", city, "--data", dir)
	if code != 0 || errOut != "2026年11月月报在 "+file+"\n" {
		t.Errorf("report --out: %d %q", code, errOut)
	}
}

// TestUsageNamesEveryFlag: hotline COMMAND --help prints the command's
// usage of report_texts.command_line.usage.commands (exit 0), and that
// usage names every option the command (or its subcommands) takes.
func TestUsageNamesEveryFlag(t *testing.T) {
	var mu sync.Mutex
	var sets []*flag.FlagSet
	hook := func(fs *flag.FlagSet) { mu.Lock(); sets = append(sets, fs); mu.Unlock() }
	flagSetHook.Store(&hook)
	defer flagSetHook.Store(nil)
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	texts := cfg.ReportTexts.CommandLine.Usage
	sub := map[string][]string{"kb": {"import", "search", "list"}, "tickets": {"list", "show"}, "users": {"add", "passwd", "list"},
		"report": {"monthly"}, "config": {"print"}}
	for _, c := range commands() {
		usage := commandUsage(texts, c.name)
		if code, out, _ := runCLI(t, "", c.name, "--help"); code != 0 || out != usage || !strings.HasPrefix(out, "用法：hotline "+c.name) {
			t.Errorf("hotline %s --help: %d %q", c.name, code, out)
		}
		calls := [][]string{{"--help"}}
		if s, ok := sub[c.name]; ok {
			calls = nil
			for _, name := range s {
				calls = append(calls, []string{name, "--help"})
			}
		}
		for _, args := range calls {
			mu.Lock()
			sets = nil
			mu.Unlock()
			var out, errb bytes.Buffer
			if err := c.run(context.Background(), args, &out, &errb); !errors.As(err, &helpRequest{}) {
				t.Errorf("hotline %s %v: %v, want a help request", c.name, args, err)
			}
			mu.Lock()
			for _, fs := range sets {
				if fs.Name() != "hotline "+c.name && !strings.HasPrefix(fs.Name(), "hotline "+c.name+" ") {
					continue // the demo history built beside the tests
				}
				fs.VisitAll(func(f *flag.Flag) {
					if !regexp.MustCompile(`--` + regexp.QuoteMeta(f.Name) + `\b`).MatchString(usage) {
						t.Errorf("the usage of %s does not name --%s:\n%s", c.name, f.Name, usage)
					}
				})
			}
			mu.Unlock()
		}
	}
}

// TestFlagMistakesFromConfig: a mistake in a command line is one line of
// report_texts.command_line.usage, in the words of the config --config
// names, exit code 2; a missing argument prints the command's usage.
func TestFlagMistakesFromConfig(t *testing.T) {
	t.Parallel()
	city := filepath.Join(t.TempDir(), "city.yaml")
	yaml := `report_texts:
  command_line:
    usage:
      bad_flag: "无此选项：{{.Flag}}"
      bad_value: "{{.Flag}}={{.Value}} 不对"
      no_value: "{{.Flag}} 要给值"
      mistake: "。见 hotline {{.Command}} -h"
      commands:
        restore: {summary: 恢复, usage: "恢复用法：hotline restore 备份文件"}
`
	if err := os.WriteFile(city, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"archive", "--config", city, "--compat"}, "hotline archive: 无此选项：--compat。见 hotline archive -h\n"},
		{[]string{"demo", "--config=" + city, "--days", "abc"}, "hotline demo: --days=abc 不对。见 hotline demo -h\n"},
		{[]string{"kb", "import", "x.jsonl", "--config", city, "--out"}, "hotline kb: --out 要给值。见 hotline kb -h\n"},
		{[]string{"report", "monthly", "-json", "--config", city}, "hotline report: 无此选项：--json。见 hotline report -h\n"},
		{[]string{"restore", "--config", city}, "恢复用法：hotline restore 备份文件\n"},
		{[]string{"archive", "--compat"}, "hotline archive: 没有选项 --compat（hotline archive --help 查看用法）\n"},
	} {
		if code, out, errOut := runCLI(t, "", c.args...); code != 2 || out != "" || errOut != c.want {
			t.Errorf("%v: %d %q %q, want 2 %q", c.args, code, out, errOut, c.want)
		}
	}
}

// TestMistakesSaid: a value a command cannot take is one zh-CN line of
// report_texts.command_line.mistakes, exit code 2.
func TestMistakesSaid(t *testing.T) {
	t.Parallel()
	dir, _ := newDataDir(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"demo", "--data", dir, "--days", "0"}, "hotline demo: --days 0 超出范围，可用 1 到 3660\n"},
		{[]string{"demo", "--data", dir, "--end", "2026/11/30"}, "hotline demo: --end “2026/11/30” 应写作 YYYY-MM-DD，如 2026-11-30\n"},
		{[]string{"report", "monthly", "--data", dir, "--format", "xlsx"}, "hotline report: --format xlsx 须同时给出 --out\n"},
		{[]string{"report", "monthly", "--data", dir, "--format", "pdf"}, "hotline report: 没有“pdf”这种格式，可选 json、xlsx、html\n"},
		{[]string{"tickets", "show", "42", "--data", dir}, "hotline tickets: 工单编号“42”有误，应形如 20261127-0042\n"},
		{[]string{"serve", "--log-format", "xml", "--data", dir}, "hotline serve: 没有“xml”这种格式，可选 text、json\n"},
	} {
		if code, out, errOut := runCLI(t, "", c.args...); code != 2 || out != "" || errOut != c.want {
			t.Errorf("%v: %d %q %q, want 2 %q", c.args, code, out, errOut, c.want)
		}
	}
	// bench's mistakes are its --config's, as train's and eval's are.
	city := filepath.Join(t.TempDir(), "city.yaml")
	if err := os.WriteFile(city, []byte("report_texts:\n  command_line:\n    mistakes:\n      at_least: \"{{.Flag}} 至少 {{.Least}}\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCLI(t, "", "bench", "--clients", "0", "--config", city); code != 2 || out != "" || errOut != "hotline bench: --clients 至少 1\n" {
		t.Errorf("bench --clients 0 --config: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "", "tickets", "list", "--data", dir, "--status", "done"); code != 2 ||
		!strings.HasPrefix(errOut, "hotline tickets: 没有“done”这种状态，可选 draft/草稿、") {
		t.Errorf("tickets list --status done: %d %q", code, errOut)
	}
}

// TestBackupTextsFromConfig: hotline backup's and check's lines are
// report_texts.command_line.backup, in the words of the --config file.
func TestBackupTextsFromConfig(t *testing.T) {
	t.Parallel()
	dir, path := newDataDir(t)
	city := filepath.Join(t.TempDir(), "city.yaml")
	yaml := `report_texts:
  command_line:
    backup:
      written: "备好了：{{.Path}}"
      sound: "{{.Path}} 没问题（{{.Records}} 条）"
`
	if err := os.WriteFile(city, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "b.db")
	if code, out, errOut := runCLI(t, "", "backup", "--config", city, "--data", dir, backup); code != 0 || out != "备好了："+backup+"\n" {
		t.Errorf("backup: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "check", "--config", city, "--data", dir); code != 0 || !regexp.MustCompile(`^`+regexp.QuoteMeta(path)+` 没问题（\d+ 条）\n$`).MatchString(out) {
		t.Errorf("check: %d %q %q", code, out, errOut)
	}
}
