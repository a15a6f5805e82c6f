package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
