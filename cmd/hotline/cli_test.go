package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if code, _, errOut := runCLI(t, "", "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	if code, _, _ := runCLI(t, ""); code != 2 {
		t.Fatalf("no command: %d", code)
	}
	if code, _, errOut := runCLI(t, "", "serve", "--bogus"); code != 2 || !strings.Contains(errOut, "bogus") {
		t.Fatalf("bad flag: %d %q", code, errOut)
	}
	if code, out, _ := runCLI(t, "", "version"); code != 0 || !strings.Contains(out, "hotline") {
		t.Fatalf("version: %d %q", code, out)
	}
}

func TestCLIConfigCheckReportsLines(t *testing.T) {
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
	if code, out, _ := runCLI(t, "", "config", "check", good); code != 0 {
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
