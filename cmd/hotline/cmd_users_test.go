package main

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hotline/store"
)

func TestUsersCommand(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	run := func(stdin string, args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := usersMain(append(args, "--data", data), strings.NewReader(stdin), &out, &errb)
		return out.String() + errb.String(), err
	}
	if _, err := run("secret-pass-1\n", "add", "wang", "--role", "agent", "--display-name", "王芳", "--password-stdin"); err != nil {
		t.Fatalf("add agent: %v", err)
	}
	if _, err := run("secret-pass-2\n", "add", "zhao", "--role", "department", "--department", "市公安局", "--password-stdin"); err != nil {
		t.Fatalf("add department user: %v", err)
	}
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"no role", "x\n", []string{"add", "li", "--password-stdin"}, errUsage.Error()}, // run prints the usage, which names --role
		{"unknown role", "secret-pass-1\n", []string{"add", "li", "--role", "boss", "--password-stdin"}, "请选择角色"},
		{"unknown department", "secret-pass-1\n", []string{"add", "li", "--role", "department", "--department", "不存在局", "--password-stdin"}, "单位不存在：不存在局"},
		{"department on agent", "secret-pass-1\n", []string{"add", "li", "--role", "agent", "--department", "市公安局", "--password-stdin"}, "只有承办单位账号属于某个单位"},
		{"short password", "short\n", []string{"add", "li", "--role", "agent", "--password-stdin"}, "密码至少 8 位"},
		{"empty stdin", "", []string{"add", "li", "--role", "agent", "--password-stdin"}, "标准输入中没有密码"},
		{"exists", "secret-pass-1\n", []string{"add", "wang", "--role", "agent", "--password-stdin"}, "用户已存在"},
		{"no terminal", "", []string{"add", "li", "--role", "agent"}, "标准输入不是终端"},
		{"display name too long", "secret-pass-1\n", []string{"add", "li", "--role", "agent", "--display-name", strings.Repeat("长", 17), "--password-stdin"}, "显示名最多 16 个字"},
		{"passwd unknown", "secret-pass-3\n", []string{"passwd", "nobody", "--password-stdin"}, "用户不存在：nobody"},
		{"enable unknown", "", []string{"enable", "nobody"}, "用户不存在：nobody"},
		{"disable without a name", "", []string{"disable"}, errUsage.Error()},
	} {
		// Refusals are said in zh-CN (http_errors.desk, report_texts.command_line).
		t.Run(tc.name, func(t *testing.T) {
			out, err := run(tc.stdin, tc.args...)
			if err == nil || !strings.Contains(err.Error()+out, tc.want) {
				t.Fatalf("got %v / %q, want an error with %q", err, out, tc.want)
			}
		})
	}
	if _, err := run("new-secret-9\n", "passwd", "wang", "--password-stdin"); err != nil {
		t.Fatalf("passwd: %v", err)
	}
	// Disable and enable: the list shows the state, and the store keeps
	// one audit entry for each change (none for enabling an enabled one).
	if out, err := run("", "disable", "zhao"); err != nil || !strings.Contains(out, "用户 zhao 已停用") {
		t.Fatalf("disable: %v %q", err, out)
	}
	if out, err := run("", "list"); err != nil || !strings.Contains(lineOf(out, "zhao"), "停用") {
		t.Fatalf("list after disable: %v %q", err, out)
	}
	if out, err := run("", "enable", "zhao"); err != nil || !strings.Contains(out, "用户 zhao 已启用") {
		t.Fatalf("enable: %v %q", err, out)
	}
	if _, err := run("", "enable", "zhao"); err != nil {
		t.Fatalf("enable again: %v", err)
	}
	if got := userAudit(t, data, "zhao"); strings.Join(got, ",") != "user.add,user.disable,user.enable" {
		t.Fatalf("zhao's audit entries: %v", got)
	}
	out, err := run("", "list")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(lineOf(out, "zhao"), "停用") {
		t.Fatalf("list after enable: %s", out)
	}
	if !strings.Contains(out, "wang") || !strings.Contains(out, "王芳") || !strings.Contains(out, "话务员") || !strings.Contains(out, "市公安局") || !strings.Contains(out, "共 2 个账号") {
		t.Fatalf("list: %s", out)
	}
	// The role column starts at the same display column on every line,
	// whatever the width of the Chinese display names before it.
	lines := strings.Split(out, "\n")
	var role []int
	for i, cell := range map[int]string{0: "角色", 1: "话务员", 2: "承办单位"} {
		if i >= len(lines) {
			t.Fatalf("list: %s", out)
		}
		role = append(role, columnStarts(t, lines[i], cell)[0])
	}
	if role[0] != role[1] || role[1] != role[2] {
		t.Errorf("the role column starts at %v:\n%s", role, out)
	}
	if strings.Contains(out, "secret") || strings.Contains(out, "$2a$") {
		t.Fatalf("list shows a password or hash: %s", out)
	}
}

// lineOf is the line of out that holds s.
func lineOf(out, s string) string {
	for line := range strings.SplitSeq(out, "\n") {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}

// userAudit lists the audit log's actions on the account name, oldest
// first, from the database in data.
func userAudit(t *testing.T, data, name string) []string {
	t.Helper()
	st, err := store.Open(filepath.Join(data, "hotline.db"), &store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var got []string
	err = st.View(func(tx *store.Tx) error {
		log, err := tx.AuditLog(1000)
		for _, e := range slices.Backward(log) {
			if e.Object == name {
				got = append(got, e.Action)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}
