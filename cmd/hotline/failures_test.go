package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/store"
)

// TestStartFailuresSaid: a serve that cannot start, and a command that
// cannot open the database, say so in one zh-CN line naming the file, the
// setting or the address (report_texts.command_line.failures), exit code
// 1, with no English of the store's, the classifier's or the knowledge
// base's.
func TestStartFailuresSaid(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	file := write("file", "")
	damaged := filepath.Join(dir, "damaged")
	if err := os.Mkdir(damaged, 0o700); err != nil {
		t.Fatal(err)
	}
	write("damaged/hotline.db", strings.Repeat("不是数据库", 2000))
	noModel := write("no-model.yaml", "nlp:\n  model: "+filepath.Join(dir, "none.model")+"\n")
	model := write("bad.model", strings.Repeat("x", 4096))
	badModel := write("bad-model.yaml", "nlp:\n  model: "+model+"\n")
	noKB := write("no-kb.yaml", "nlp:\n  kb:\n    file: "+filepath.Join(dir, "none.jsonl")+"\n")
	kb := write("kb.jsonl", `{"id":"a","question":"几点开门"}`+"\n")
	badKB := write("bad-kb.yaml", "nlp:\n  kb:\n    file: "+kb+"\n")
	data := func() string { return filepath.Join(t.TempDir(), "data") }
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(file, "data")},
			"无法创建 " + file + "/data：" + file + " 的上级路径不是目录"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--data", damaged},
			"数据库 " + damaged + "/hotline.db 已损坏（"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--data", data(), "--config", noModel},
			"无法读取分类模型（nlp.model）：" + filepath.Join(dir, "none.model") + " 不存在"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--data", data(), "--config", badModel},
			model + " 不是 hotline train 写出的分类模型，或已损坏（nlp.model）"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--data", data(), "--config", noKB},
			"无法读取知识库 " + filepath.Join(dir, "none.jsonl") + "（nlp.kb.file）：" + filepath.Join(dir, "none.jsonl") + " 不存在"},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--data", data(), "--config", badKB},
			"无法读取知识库 " + kb + "（nlp.kb.file）：" + kb + " 第 1 行：条目 a 缺少 answer（答复）"},
		{[]string{"serve", "--addr", "127.0.0.1:99999", "--data", data()},
			"无法在 127.0.0.1:99999 上监听（--addr 或 server.addr）"},
		{[]string{"check", filepath.Join(dir, "none.db")}, filepath.Join(dir, "none.db") + " 不存在"},
		{[]string{"restore", "--data", data(), filepath.Join(damaged, "hotline.db")},
			filepath.Join(damaged, "hotline.db") + " 不是可用的备份（"},
	} {
		code, out, errOut := runCLI(t, "", c.args...)
		if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "hotline "+c.args[0]+": "+c.want) {
			t.Errorf("%v: %d %q %q, want exit 1 and one line starting %q", c.args, code, out, errOut, c.want)
		}
		if said := strings.TrimPrefix(errOut, "hotline "+c.args[0]+": "); strings.Contains(said, "store:") || strings.Contains(said, "nlp:") ||
			strings.Contains(said, "textclf:") || strings.Contains(said, "listen tcp") {
			t.Errorf("%v: English left: %q", c.args, errOut)
		}
	}
}

// TestInUseSaidFromConfig: a database a running server holds is said in
// the words of the --config file (failures.in_use, server_holds), and a
// city's damaged wording reaches serve's line too.
func TestInUseSaidFromConfig(t *testing.T) {
	t.Parallel()
	dir, path := newDataDir(t)
	city := filepath.Join(t.TempDir(), "city.yaml")
	yaml := `report_texts:
  command_line:
    server_holds:
      check: 检查备份吧
    failures:
      in_use: "{{.Path}} 有人在用"
      damaged: "{{.Path}} 坏了"
`
	if err := os.WriteFile(city, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(path, &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "", "check", "--data", dir, "--config", city)
	st.Close()
	if want := "hotline check: " + path + " 有人在用（检查备份吧）\n"; code != 1 || errOut != want {
		t.Errorf("check of a held database: %d %q, want %q", code, errOut, want)
	}
	if err := os.Truncate(path, 100); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, "", "serve", "--addr", "127.0.0.1:0", "--data", dir, "--config", city)
	if want := "hotline serve: " + path + " 坏了\n"; code != 1 || errOut != want {
		t.Errorf("serve on a damaged database: %d %q, want %q", code, errOut, want)
	}
}

// TestThroughTheServerSaid: a command that asks a running server to do its
// work says what the server said (its JSON error's message, in the city's
// words) or that none answers, in zh-CN (failures.through, no_server).
func TestThroughTheServerSaid(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":{"code":"unauthorized","message":"令牌不对"}}`)
	}))
	defer srv.Close()
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	out := filepath.Join(t.TempDir(), "b.tar")
	for _, c := range []struct{ base, want string }{
		{srv.URL, "hotline backup: 通过服务 " + srv.URL + "/api/admin/backup 未能完成：令牌不对\n"},
		{gone.URL, "hotline backup: 通过服务 " + gone.URL + "/api/admin/backup 未能完成：" + gone.URL + "/api/admin/backup 上没有服务在运行\n"},
	} {
		if code, _, errOut := runCLI(t, "", "backup", "--server", c.base, "--token", "0123456789abcdef", out); code != 1 || errOut != c.want {
			t.Errorf("backup --server %s: %d %q, want %q", c.base, code, errOut, c.want)
		}
	}
}
