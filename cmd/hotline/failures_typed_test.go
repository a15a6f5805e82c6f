package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"hotline/config"
	"hotline/store"
)

// latin finds English left in a line once its paths are taken out.
var latin = regexp.MustCompile(`[A-Za-z]{3,}`)

// englishLeft is the English in line, its paths (and the command's name)
// taken out first.
func englishLeft(line string, paths ...string) []string {
	for _, p := range paths {
		line = strings.ReplaceAll(line, p, "")
	}
	for _, w := range []string{"hotline", "restore", "check", "backup", "serve", "train", "eval", "bench", "healthz", "jsonl", "json", "csv", "xlsx", "HOTLINE_DESK_TOKEN", "server", "token"} {
		line = strings.ReplaceAll(line, w, "")
	}
	return latin.FindAllString(line, -1)
}

// TestDamagedFileSaidInChinese: a database file cut short or not a
// database at all is said by check, serve and restore in one zh-CN line
// with what is wrong (report_texts.command_line.damage, with the file's
// sizes), never the store's English detail; a city's words for it reach
// the line.
func TestDamagedFileSaidInChinese(t *testing.T) {
	t.Parallel()
	random, cut := t.TempDir(), t.TempDir()
	noise := make([]byte, 5000)
	rand.Read(noise)
	if err := os.WriteFile(filepath.Join(random, "hotline.db"), noise, 0o600); err != nil {
		t.Fatal(err)
	}
	_, sound := newDataDir(t)
	b, err := os.ReadFile(sound)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cut, "hotline.db"), b[:20000], 0o600); err != nil {
		t.Fatal(err)
	}
	// The file's header says how many pages it uses; the file may be
	// longer (bbolt grows it ahead).
	cutWant := "文件不完整：只有 20000 字节，文件头记载至少应有 "
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--data", random}, "数据库 " + random + "/hotline.db 已损坏（这不是数据库文件）"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--data", random}, "数据库 " + random + "/hotline.db 已损坏（这不是数据库文件）"},
		{[]string{"check", "--data", cut}, "数据库 " + cut + "/hotline.db 已损坏（" + cutWant},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--data", cut}, "数据库 " + cut + "/hotline.db 已损坏（" + cutWant},
		{[]string{"restore", "--data", t.TempDir(), filepath.Join(cut, "hotline.db")}, cut + "/hotline.db 不是可用的备份（" + cutWant},
		{[]string{"restore", "--data", t.TempDir(), filepath.Join(random, "hotline.db")}, random + "/hotline.db 不是可用的备份（这不是数据库文件）"},
	} {
		code, _, errOut := runCLI(t, "", c.args...)
		if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "hotline "+c.args[0]+": "+c.want) {
			t.Errorf("%v: %d %q, want exit 1 and one line starting %q", c.args, code, errOut, c.want)
		}
		if en := englishLeft(errOut, random, cut); len(en) > 0 {
			t.Errorf("%v: English left %q in %q", c.args, en, errOut)
		}
	}
	city := filepath.Join(t.TempDir(), "city.yaml")
	yaml := "report_texts:\n  command_line:\n    damage:\n      cut_short: \"{{.Size}} 字节，缺了一部分\"\n"
	if err := os.WriteFile(city, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, errOut := runCLI(t, "", "check", "--data", cut, "--config", city)
	if want := "已损坏（20000 字节，缺了一部分）"; !strings.Contains(errOut, want) {
		t.Errorf("a city's damage.cut_short: %q, want %q", errOut, want)
	}
}

// TestFailureTextFromTypes: failureText words the typed errors from the
// catalogue, not from their English: a DamageError's English problem and
// an OpenError's wording never reach the line, an English wrapper of
// another package around a typed error is left out, and the commands'
// wrappers (advice, a server asked instead, the config's name) put the
// worded parts together.
func TestFailureTextFromTypes(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	tx := cfg.ReportTexts.CommandLine
	inUse := &store.OpenError{Problem: store.OpenInUse, Path: "/srv/hotline.db"}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"damage, whatever its English", &store.DamageError{Path: "/srv/hotline.db", Problem: "ANY ENGLISH WORDING", Kind: store.DamagePages},
			"数据库 /srv/hotline.db 已损坏（数据页已损坏）：请保留该文件以便检查，并用 hotline restore 备份文件 恢复最近一次完好的备份（见 hotline check）"},
		{"a schema no build wrote", &store.DamageError{Path: "/srv/b.db", Backup: true, Kind: store.DamageSchema, Version: 99},
			fmt.Sprintf("/srv/b.db 不是可用的备份（结构版本为 99，没有哪个 hotline 写过这个版本（本程序读取 1 到 %d））：未替换任何文件，请换一个备份文件", store.SchemaVersion)},
		{"a kind without words of its own", &store.DamageError{Path: "/srv/hotline.db", Problem: "runtime error: index out of range"},
			"数据库 /srv/hotline.db 已损坏（文件内容无法读取）：请保留该文件以便检查，并用 hotline restore 备份文件 恢复最近一次完好的备份（见 hotline check）"},
		{"an English wrapper around it", fmt.Errorf("store: open: %w", inUse),
			"数据库 /srv/hotline.db 正被另一个进程使用，可能是正在运行的 hotline serve"},
		{"advice", serverHolds(inUse, "请先停止服务"),
			"数据库 /srv/hotline.db 正被另一个进程使用，可能是正在运行的 hotline serve（请先停止服务）"},
		{"the server asked instead", &alsoError{first: inUse, then: &remoteError{url: "http://127.0.0.1:8080/api/admin/backup",
			err: &statusError{status: "401 Unauthorized", body: []byte(`{"error":{"code":"unauthorized","message":"令牌不对"}}`)}}},
			"数据库 /srv/hotline.db 正被另一个进程使用，可能是正在运行的 hotline serve；通过服务 http://127.0.0.1:8080/api/admin/backup 未能完成：令牌不对"},
		{"the config file", &configError{name: "city.yaml", err: fmt.Errorf("config: %w", &fs.PathError{Op: "open", Path: "city.yaml", Err: syscall.ENOENT})},
			"city.yaml: city.yaml 不存在"},
		{"a model not written", &modelWriteError{path: "/srv/m.bin", err: &fs.PathError{Op: "create", Path: "/srv", Err: syscall.ENOSPC}},
			"无法写入分类模型 /srv/m.bin：磁盘已满，无法写入 /srv"},
		{"bench: a request refused", &toolError{kind: toolRequestFailed, path: "http://127.0.0.1:1/chat/api/messages",
			err: &statusError{status: "503 Service Unavailable", body: []byte(`{"error":{"code":"unavailable","message":"暂时无法保存，请稍后再试"}}`)}},
			"请求 http://127.0.0.1:1/chat/api/messages 未成功：暂时无法保存，请稍后再试"},
		{"bench: no server", &toolError{kind: toolAgentsFailed, err: &toolError{kind: toolRequestFailed, path: "http://127.0.0.1:1/x",
			err: fmt.Errorf("dial: %w", syscall.ECONNREFUSED)}},
			"无法测量坐席的控制台事件流：请求 http://127.0.0.1:1/x 未成功：http://127.0.0.1:1/x 上没有服务在运行"},
		{"bench --startup: serve stopped", &toolError{kind: toolStartupFailed, run: 2, code: 1, said: "hotline serve: 数据库 x 已损坏"},
			"第 2 次启动失败，serve 已退出：hotline serve: 数据库 x 已损坏"},
		{"bench --startup: too slow", &toolError{kind: toolStartupSlow, run: 1, seconds: 120},
			"第 1 次启动：serve 在 120 秒内没有让 /healthz 返回 200"},
		{"an unknown error keeps its text", errors.New("something else"), "something else"},
	} {
		if got := failureText(tx, c.err); got != c.want {
			t.Errorf("%s:\n got  %q\n want %q", c.name, got, c.want)
		}
	}
}

// TestToolFailuresSaid: train and eval given a file they cannot use, and
// train an --out it cannot write (checked before training), say so in
// one zh-CN line naming the file, exit code 1; bench --startup whose
// serve stops says which start; a city's words reach the line.
func TestToolFailuresSaid(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "train.jsonl")
	var b strings.Builder
	for i := range 20 {
		fmt.Fprintf(&b, "{\"text\":\"任城区路灯坏了%d\",\"label\":\"市政设施\"}\n{\"text\":\"夜里施工噪音扰民%d\",\"label\":\"环境保护\"}\n", i, i)
	}
	if err := os.WriteFile(data, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	txt := filepath.Join(dir, "examples.txt")
	if err := os.WriteFile(txt, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "none", "m.bin")
	notJSON := filepath.Join(dir, "bad.jsonl")
	noLabel := filepath.Join(dir, "nolabel.jsonl")
	if err := os.WriteFile(notJSON, []byte(`{"text":"a","label":"x"}`+"\ngarbage{\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(noLabel, []byte(`{"text":"a"}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"train", "--data", data, "--out", missing}, "无法写入分类模型 " + missing + "：" + filepath.Dir(missing) + " 不存在"},
		{[]string{"train", "--data", data, "--out", dir}, "无法写入分类模型 " + dir + "：" + dir + " 是目录，这里需要文件"},
		{[]string{"train", "--data", dir, "--out", filepath.Join(dir, "m.bin")}, dir + " 是目录，这里需要文件"},
		{[]string{"train", "--data", txt, "--out", filepath.Join(dir, "m.bin")}, txt + " 不是可读的样本文件：请用 .jsonl、.json、.csv 或 .xlsx 文件"},
		{[]string{"eval", "--model", data, "--data", data}, data + " 不是 hotline train 写出的分类模型，或已损坏"},
		{[]string{"train", "--data", notJSON, "--out", filepath.Join(dir, "m.bin")}, notJSON + ` 第 2 行不是 JSON 对象（每行一个，如 {"text": "…", "label": "…"}）`},
		{[]string{"train", "--data", noLabel, "--out", filepath.Join(dir, "m.bin")}, noLabel + " 第 1 行没有字段「label」"},
		{[]string{"bench", "--startup", "1", "--startup-exe", "/bin/false", "--data", t.TempDir()}, "第 1 次启动失败：serve 已退出（退出码 1），没有说明原因"},
	} {
		code, _, errOut := runCLI(t, "", c.args...)
		if code != 1 || !strings.HasSuffix(errOut, "hotline "+c.args[0]+": "+c.want+"\n") {
			t.Errorf("%v: %d %q, want exit 1 and the line %q", c.args, code, errOut, c.want)
		}
	}
	city := filepath.Join(dir, "city.yaml")
	yaml := "report_texts:\n  command_line:\n    tools:\n      write_failed: \"模型写不进 {{.Path}}（{{.Detail}}）\"\n" +
		"    examples:\n      no_field: \"第 {{.Line}} 行缺 {{.Field}}\"\n"
	if err := os.WriteFile(city, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, errOut := runCLI(t, "", "train", "--data", data, "--out", missing, "--config", city)
	if want := "hotline train: 模型写不进 " + missing + "（" + filepath.Dir(missing) + " 不存在）\n"; errOut != want {
		t.Errorf("a city's tools.write_failed: %q, want %q", errOut, want)
	}
	_, _, errOut = runCLI(t, "", "train", "--data", noLabel, "--out", filepath.Join(dir, "m.bin"), "--config", city)
	if want := "hotline train: 第 1 行缺 label\n"; errOut != want {
		t.Errorf("a city's examples.no_field: %q, want %q", errOut, want)
	}
}

// TestOutputFileSaid: backup and report --out given a directory, or a
// file in a directory that does not exist, say so before the work, naming
// that path, not the temporary file they write first; a database that
// does not open for another reason than a running server gets no advice
// about the server.
func TestOutputFileSaid(t *testing.T) {
	t.Parallel()
	dir, _ := newDataDir(t)
	out := t.TempDir()
	missing := filepath.Join(out, "none", "b.tar")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"backup", "--data", dir, missing}, filepath.Dir(missing) + " 不存在"},
		{[]string{"backup", "--data", dir, out}, out + " 是目录，这里需要文件"},
		{[]string{"report", "monthly", "--data", dir, "--out", missing}, filepath.Dir(missing) + " 不存在"},
		{[]string{"compact", "--data", filepath.Join(out, "none")}, "无法打开数据库 " + filepath.Join(out, "none", "hotline.db") + "：" +
			filepath.Join(out, "none", "hotline.db") + " 不存在"},
	} {
		code, _, errOut := runCLI(t, "", c.args...)
		if want := "hotline " + c.args[0] + ": " + c.want + "\n"; code != 1 || errOut != want {
			t.Errorf("%v: %d %q, want exit 1 and %q", c.args, code, errOut, want)
		}
	}
}
