package cattrain

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExamples(t *testing.T) {
	lines := []Line{
		{Text: "模板一", Category: "SRHW", Split: "train", Source: "SRHW-00"},
		{Text: "模板二", Category: "SRHW", Split: "train", Source: "SRHW-01"},
		{Text: "关键词", Category: "GS", Split: "train", Source: "keyword"},
		{Text: "手写", Category: "GS", Split: "train", Source: "hand"},
		{Text: "手写类别", Category: "ZA", Split: "train", Source: "hand-category"},
		{Text: "写的", Category: "ZA", Alt: "WHLY", Kind: "WHLY|ZA", Split: "train", Source: "written-wci"},
		{Text: "留出", Category: "ZA", Split: "holdout", Source: "written-wci"},
	}
	if w := lines[5].Writer(); w != "wci" || lines[4].Writer() != "" || !lines[4].Hand() || lines[2].Hand() {
		t.Errorf("Writer %q, Hand of hand-category %v, of keyword %v", w, lines[4].Hand(), lines[2].Hand())
	}
	got := Examples(lines, InTrainSplit, Options{WrittenWeight: 3, HandWeight: 2, TemplateEvery: 2})
	var b strings.Builder
	for _, e := range got {
		fmt.Fprintf(&b, "%s:%s:%g ", e.Text, e.Label, e.Weight)
	}
	// Every second template (模板一, 关键词) with no weight (1), the
	// hand-written ones weighing 2, the written one 3, the held-out one
	// left out.
	if want := "模板一:SRHW:0 关键词:GS:0 手写:GS:2 手写类别:ZA:2 写的:ZA:3 "; b.String() != want {
		t.Errorf("Examples = %q, want %q", b.String(), want)
	}
}

func TestReadRefusesBadSplit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "examples.jsonl")
	if err := os.WriteFile(p, []byte(`{"text": "a", "category": "GS", "split": "train"}`+"\n"+`{"text": "b", "category": "GS", "split": "dev"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(p); err == nil || !strings.Contains(err.Error(), "examples.jsonl:2") {
		t.Errorf("Read: error %v, want one naming line 2", err)
	}
}
