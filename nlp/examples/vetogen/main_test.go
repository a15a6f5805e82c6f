package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTests writes a fake nlp directory holding every file of tables,
// each with the given body for every test function it must hold.
func writeTests(t *testing.T, body func(test string) string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{}
	for _, tb := range tables {
		files[tb.file] += body(tb.test)
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("package nlp\n"+src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestGenerate(t *testing.T) {
	dir := writeTests(t, func(test string) string {
		switch test {
		case "TestEmergencyModel":
			// A field named emergency, keyed rows, a sum of literals and
			// two numbers either of which is right.
			return `func TestEmergencyModel(t *testing.T) {
	other := []string{"不是表格"}
	tests := []struct{ text, emergency string; also []string }{
		{text: "车撞了，" + "人卡在里面", emergency: "119 122"},
		{emergency: "", text: "物业费太贵了"},
		{text: "楼下着火了", emergency: "119"}, // a text seen before: written once
	}
	_ = other
}
`
		default:
			return `func ` + test + `(t *testing.T) {
	tests := []struct {
		text, number string
		also []string
	}{
		{"楼下着火了", "119", nil},
		{"去年楼下着过火", "", []string{"x"}},
	}
	for range tests {
		tests := []struct{ text, number string }{{"不读第二张表", "110"}}
		_ = tests
	}
}
`
		}
	})
	got, err := generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(got), "\n"), "\n")
	want := []string{
		`{"text":"楼下着火了","emergency":"119"}`,
		`{"text":"去年楼下着过火","emergency":""}`,
		`{"text":"车撞了，人卡在里面","emergency":"119"}`,
		`{"text":"物业费太贵了","emergency":""}`,
	}
	var rows []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "#") {
			rows = append(rows, l)
		}
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(lines[0], "TestEmergencyCues") {
		t.Errorf("header %q does not name the tests", lines[0])
	}
	again, err := generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, again) {
		t.Error("a second run gave other bytes")
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"renamed", `func TestSomethingElse(t *testing.T) {}`, "no function"},
		{"no table", `func %s(t *testing.T) { _ = []string{"a"} }`, "has no table"},
		{"no number", `func %s(t *testing.T) { _ = []struct{ text, rule string }{{"a", "b"}} }`, "want text and number"},
		{"not a literal", `func %s(t *testing.T) { _ = []struct{ text, number string }{{strings.Repeat("a", 3), ""}} }`, "not a string literal"},
		{"short row", `func %s(t *testing.T) { _ = []struct{ text, number string; also []string }{{"a", ""}} }`, "a row of 2 values, want 3"},
		{"empty text", `func %s(t *testing.T) { _ = []struct{ text, number string }{{" ", ""}} }`, "an empty text"},
		{"both", `func %s(t *testing.T) { _ = []struct{ text, number string }{{"楼下着火了", "119"}, {"楼下着火了", ""}} }`, "a danger in one test and a trap in another"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeTests(t, func(test string) string {
				return strings.ReplaceAll(tt.body, "%s", test) + "\n"
			})
			_, err := generate(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}
