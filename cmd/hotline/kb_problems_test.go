package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKBImportSaysWhatIsWrong: kb import of a file with bad entries
// names each line, entry and field in the default's zh-CN words
// (report_texts.command_line.kb.problems) and imports nothing.
func TestKBImportSaysWhatIsWrong(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	jsonl := filepath.Join(dir, "bad.jsonl")
	yml := filepath.Join(dir, "bad.yaml")
	files := map[string]string{
		jsonl: strings.Join([]string{
			`{"id":"a","question":"问","answer":"答"}`,
			`{"id":"b","question":"问"`,
			`{"id":"c","question":"","answer":"答"}`,
			`{"id":"a","question":"问","answer":"答"}`,
			`{"id":"d","question":"问","answer":"答","anwser":"错"}`,
			`{"id":"e","question":"问","answer":"答","keywords":"一个"}`,
			`{"id": x}`,
		}, "\n"),
		yml: "- id: a\n  question: [没有闭合\n",
	}
	for name, text := range files {
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, _, errOut := runCLI(t, "", "kb", "import", jsonl, "--data", data)
	want := "hotline kb: " + jsonl + " 有误，未导入：\n" +
		jsonl + " 第 2 行：不是有效的 JSON：对象在本行没有结束（每个条目须写在一行里）\n" +
		jsonl + " 第 3 行：条目 c 缺少 question（问题）\n" +
		jsonl + " 第 4 行：id a 已在第 1 行（条）用过\n" +
		jsonl + " 第 5 行：没有字段「anwser」（可用 id、question、answer、category、department、keywords）\n" +
		jsonl + " 第 6 行：字段「keywords」的值类型不对：keywords 须为文字列表，其余须为文字\n" +
		jsonl + " 第 7 行：不是有效的 JSON 对象（约在第 8 个字节）\n"
	if code != 1 || errOut != want {
		t.Errorf("kb import of bad JSONL: %d\n%s\nwant\n%s", code, errOut, want)
	}
	code, _, errOut = runCLI(t, "", "kb", "import", yml, "--data", data)
	// yaml.v3 places this error on the list's first line.
	if want := "hotline kb: " + yml + " 有误，未导入：\n" + yml + "：不是有效的 YAML：第 1 行：[ ] 或 { } 没有闭合，或其中少了逗号\n"; code != 1 || errOut != want {
		t.Errorf("kb import of bad YAML: %d %q, want %q", code, errOut, want)
	}
	if _, err := os.Stat(filepath.Join(data, "kb.jsonl")); !os.IsNotExist(err) {
		t.Errorf("a bad file was imported: %v", err)
	}
}
