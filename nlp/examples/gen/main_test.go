package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/config"
)

// TestReadHandWritten reads a written file as gen does: the # header
// skipped, alt and kind kept, the source named after the writer's file,
// and a line with an alt that is no other category refused with its line.
func TestReadHandWritten(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, writtenPrefix+"wcx.jsonl")
	body := "# written by hand for the category model\n" +
		`{"text": "超市卖的电暖器一开就跳闸，插头都烧黑了", "category": "SCJG", "alt": "AQSC", "type": "投诉", "kind": "SCJG|AQSC"}` + "\n" +
		`{"text": "楼下饭店天天半夜放音乐", "category": "ZA", "type": "投诉", "kind": "plain"}` + "\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readHand(path, "written-wcx", cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Alt != "AQSC" || got[0].Kind != "SCJG|AQSC" || got[1].Alt != "" || got[1].Source != "written-wcx" {
		t.Fatalf("readHand = %+v", got)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte("# header\n"+`{"text": "x", "category": "SCJG", "alt": "SCJG", "type": "投诉"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readHand(bad, "written-bad", cfg); err == nil || !strings.Contains(err.Error(), "bad.jsonl:2: alt") {
		t.Errorf("an alt equal to the category: error %v, want one naming line 2", err)
	}
}
