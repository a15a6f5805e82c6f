package main

import (
	"slices"
	"strings"
	"testing"
)

func TestDisplayWidth(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"wang", 4},
		{"王芳", 4},
		{"市公安局", 8},
		{"话务员 (agent)", 14},
		{"１２３４５", 10},  // full-width digits
		{"（）：", 6},     // full-width punctuation
		{"e\u0301", 1}, // e and a combining acute accent
		{"ｱｲ", 2},      // half-width katakana
		{"2026-12-02 18:00", 16},
	} {
		if got := displayWidth(tc.s); got != tc.want {
			t.Errorf("displayWidth(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

// columnStarts returns the display column at which each of cells begins in
// line, searching left to right.
func columnStarts(t *testing.T, line string, cells ...string) []int {
	t.Helper()
	var out []int
	rest, offset := line, 0
	for _, c := range cells {
		i := strings.Index(rest, c)
		if i < 0 {
			t.Fatalf("%q not in %q", c, line)
		}
		out = append(out, offset+displayWidth(rest[:i]))
		offset += displayWidth(rest[:i+len(c)])
		rest = rest[i+len(c):]
	}
	return out
}

func TestWriteColumnsAlignsChinese(t *testing.T) {
	t.Parallel()
	rows := [][]string{
		{"用户名", "显示名", "角色", "单位"},
		{"wang", "王芳", "话务员 (agent)", ""},
		{"zhangsanfeng", "欧阳娜娜", "承办单位 (department)", "市住房和城乡建设局"},
		{"共 2 个账号"},
	}
	var b strings.Builder
	if err := writeColumns(&b, rows, 2); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	head := columnStarts(t, lines[0], "用户名", "显示名", "角色", "单位")
	if want := []int{0, 14, 24, 47}; !slices.Equal(head, want) {
		t.Errorf("header columns start at %v, want %v:\n%s", head, want, b.String())
	}
	if got := columnStarts(t, lines[1], "wang", "王芳", "话务员"); !slices.Equal(got, head[:3]) {
		t.Errorf("row 1 columns start at %v, want %v:\n%s", got, head[:3], b.String())
	}
	if got := columnStarts(t, lines[2], "zhangsanfeng", "欧阳娜娜", "承办单位", "市住房"); !slices.Equal(got, head) {
		t.Errorf("row 2 columns start at %v, want %v:\n%s", got, head, b.String())
	}
	if lines[3] != "共 2 个账号" {
		t.Errorf("total line %q", lines[3])
	}
	for _, l := range lines {
		if strings.HasSuffix(l, " ") {
			t.Errorf("trailing space in %q", l)
		}
	}
}
