package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"hotline/config"
	"hotline/server"
)

func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	if stdin != "" {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		go func() { w.WriteString(stdin); w.Close() }()
		old := os.Stdin
		os.Stdin = r
		defer func() { os.Stdin = old }()
	}
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCLIUsageAndUnknown(t *testing.T) {
	if code, _, errOut := runCLI(t, "", "frobnicate"); code != 2 || errOut != "没有“frobnicate”这个命令（hotline help 列出全部命令）\n" {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	if code, _, _ := runCLI(t, ""); code != 2 {
		t.Fatalf("no command: %d", code)
	}
	if code, _, errOut := runCLI(t, "", "serve", "--bogus"); code != 2 || errOut != "hotline serve: 没有选项 --bogus（hotline serve --help 查看用法）\n" {
		t.Fatalf("bad flag: %d %q", code, errOut)
	}
	if code, out, _ := runCLI(t, "", "version"); code != 0 || !strings.Contains(out, "hotline") {
		t.Fatalf("version: %d %q", code, out)
	}
}

func TestCLIConfigCheckReportsLines(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("server:\n  addr: \":8080\"\ncategories:\n  - code: SRHW\n    name: 市容环卫\n    department: 不存在的局\n    keywords: [垃圾]\n"), 0o600)
	code, out, _ := runCLI(t, "", "config", "check", bad)
	if code != 1 || !strings.Contains(out, "bad.yaml:6:") || !strings.Contains(out, "不存在的局") {
		t.Fatalf("config check: %d %q", code, out)
	}
	code, out, _ = runCLI(t, "", "config", "print")
	if code != 0 || !strings.Contains(out, "categories:") {
		t.Fatalf("config print: %d", code)
	}
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte(out), 0o600)
	if code, out, _ := runCLI(t, "", "config", "check", good); code != 0 || out != good+"：没有发现问题\n" {
		t.Fatalf("printed config does not check: %q", out)
	}
}

func TestCLIClassifyJSON(t *testing.T) {
	code, out, _ := runCLI(t, "{\"text\":\"任城区古槐路有烧烤摊占道经营，油烟很大，电话13953706688\"}\nnot json\n", "classify", "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 1 || len(lines) != 2 {
		t.Fatalf("classify --json: exit %d, %d lines: %s", code, len(lines), out)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"type", "category", "department", "district", "address", "phones", "urgency", "title", "confidence"} {
		if _, ok := r[k]; !ok {
			t.Errorf("key %q missing: %s", k, lines[0])
		}
	}
	if r["category"] != "SRHW" || r["department"] != "任城区人民政府" {
		t.Errorf("classified as %v / %v", r["category"], r["department"])
	}
	if !strings.Contains(lines[1], "error") {
		t.Errorf("bad line not reported: %s", lines[1])
	}
}

func TestCLIBackupRestoreAndTickets(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	// No database yet: a clear error.
	if code, _, errOut := runCLI(t, "", "tickets", "list", "--data", data); code != 1 || errOut == "" {
		t.Fatalf("tickets on a missing database: %d %q", code, errOut)
	}
	// Create a database by starting and stopping nothing: open through restore of a backup of an empty store.
	if code, _, errOut := runCLI(t, "", "backup", "--data", data, filepath.Join(dir, "b.db")); code != 1 || !strings.Contains(errOut, "hotline backup") {
		t.Fatalf("backup of a missing database: %d %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "", "restore", "--data", data, filepath.Join(dir, "nope.db")); code != 1 || errOut == "" {
		t.Fatalf("restore from a missing file: %d %q", code, errOut)
	}
	if code, _, _ := runCLI(t, "", "tickets", "show", "--data", data, "not-a-number"); code != 2 {
		t.Fatalf("malformed number: %d", code)
	}
}

// writeExamples writes a small labelled JSONL set taken from the project's
// example messages (every category, a few each).
func writeExamples(t *testing.T, path string, perLabel int) {
	t.Helper()
	data, err := os.ReadFile("../../nlp/examples/examples.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	var out []byte
	for _, line := range strings.Split(string(data), "\n") {
		var ex struct {
			Text     string `json:"text"`
			Category string `json:"category"`
		}
		if json.Unmarshal([]byte(line), &ex) != nil || ex.Category == "" || count[ex.Category] >= perLabel {
			continue
		}
		count[ex.Category]++
		b, _ := json.Marshal(map[string]string{"text": ex.Text, "label": ex.Category})
		out = append(append(out, b...), '\n')
	}
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestCLITrainEvalAndKBImport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data, model := filepath.Join(dir, "orders.jsonl"), filepath.Join(dir, "city.model")
	writeExamples(t, data, 12)
	if code, out, errOut := runCLI(t, "", "train", "--data", data, "--out", model); code != 0 ||
		!regexp.MustCompile(`^已用 \d+ 条样本训练 \d+ 个类别，用时 \d+\.\d 秒：`+regexp.QuoteMeta(model)+"\n$").MatchString(out) ||
		!strings.Contains(errOut, "\r提取特征 ") || !strings.Contains(errOut, "\r校准 ") {
		t.Fatalf("train: %d %q %q", code, out, errOut)
	}
	code, out, _ := runCLI(t, "", "eval", "--model", model, "--data", data)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !regexp.MustCompile(`^样本 \d+ 条，准确率 [01]\.\d{3}$`).MatchString(lines[0]) || !strings.Contains(out, " 精确率 ") || !strings.Contains(out, " 召回率 ") ||
		!strings.Contains(out, "\n混淆矩阵（行：真实类别序号，列：预测类别序号）\n") {
		t.Errorf("eval's words: %s", out)
	}
	if code != 0 || !regexp.MustCompile(`^macro-F1 0\.\d{3}$|^macro-F1 1\.000$`).MatchString(lines[len(lines)-1]) {
		t.Fatalf("eval: %d, last line %q", code, lines[len(lines)-1])
	}
	// A training file without the label column: exit 1 with the file named.
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"text":"路灯坏了"}`+"\n"), 0o600)
	if code, _, errOut := runCLI(t, "", "train", "--data", bad, "--out", filepath.Join(dir, "x.model")); code != 1 || !strings.Contains(errOut, "bad.jsonl") {
		t.Fatalf("train on a file without labels: %d %q", code, errOut)
	}
	// kb import writes data/kb.jsonl, which serve loads.
	kb := filepath.Join(dir, "kb.jsonl")
	os.WriteFile(kb, []byte(`{"id":"park-hours","question":"太白湖公园几点开门","answer":"太白湖公园全天开放，游船等项目以景区公告为准。","category":"WHLY","department":"市文化和旅游局"}`+"\n"), 0o600)
	dataDir := filepath.Join(dir, "data")
	if code, out, errOut := runCLI(t, "", "kb", "import", "--data", dataDir, kb); code != 0 || !strings.Contains(out, "新增 1 条") {
		t.Fatalf("kb import: %d %q %q", code, out, errOut)
	}
	cfg, _ := config.Default()
	cfg.Server.DataDir = dataDir
	base, err := server.KnowledgeBase(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if e, _, ok := base.Best("太白湖公园几点开门", 0); !ok || e.ID != "park-hours" {
		t.Fatalf("imported entry not loaded by the server: %+v", e)
	}
}

func TestCLIBenchLastLine(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("bench skipped in -short mode")
	}
	code, out, errOut := runCLI(t, "", "bench", "--duration", "1s", "--clients", "2", "--agents", "2")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	re := regexp.MustCompile(`^ratio \d+\.\d{2} \(gateway \d+ msg/s, bbolt ceiling \d+ writes/s, p99 \d+\.\d ms\)$`)
	if code != 0 || !re.MatchString(last) {
		t.Fatalf("bench: %d, last line %q (%s)", code, last, errOut)
	}
	// The human lines are the default's zh-CN (report_texts.command_line.tools).
	for _, want := range []string{"hotline bench：2 位模拟市民", "\n峰值：每秒 ", "\n半负载：每秒发送 ", "\n另开 2 个坐席：", "\n上限：裸 bbolt 每秒 "} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q: %s", want, out)
		}
	}
	// It says what a good ratio is, and every time is in ms (no "3.243896ms").
	if !strings.Contains(out, "（0.5 及以上") && !strings.Contains(out, "0.5 及以上为良好") {
		t.Errorf("no word on what a good ratio is: %s", out)
	}
	if m := regexp.MustCompile(`\d(ns|µs|ms|s|m)\b`).FindString(out); m != "" {
		t.Errorf("a duration in Go's own format (%q): %s", m, out)
	}
}

func TestCLIBenchSoak(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("bench skipped in -short mode")
	}
	// The human lines are --config's (report_texts.command_line.tools).
	city := filepath.Join(t.TempDir(), "city.yaml")
	yaml := "report_texts:\n  command_line:\n    tools:\n      soak_start: \"浸泡：每秒 {{.Rate}} 条，共 {{.Total}}，每 {{.Every}}\"\n"
	if err := os.WriteFile(city, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "bench", "--duration", "1s", "--clients", "2", "--soak", "2s", "--soak-every", "1s", "--config", city)
	if code != 0 || !strings.Contains(out, "rss_MB") {
		t.Fatalf("soak: %d %s %s", code, out, errOut)
	}
	if !regexp.MustCompile(`(?m)^浸泡：每秒 \d+ 条，共 2s，每 1s$`).MatchString(out) {
		t.Errorf("no soak_start of --config: %s", out)
	}
	rows := regexp.MustCompile(`(?m)^\s+\d+\.\d\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\.\d\s+\d+$`).FindAllString(out, -1)
	if len(rows) < 2 {
		t.Fatalf("want a row a second for 2 s: %s", out)
	}
}
