package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDispatchDefaultsEnvAndCheck(t *testing.T) {
	cfg := mustDefault(t)
	d := cfg.Dispatch
	if !d.Auto || d.MinConfidence != 0.6 || d.RepeatDays != 30 || len(d.Sensitive) == 0 {
		t.Fatalf("default dispatch %+v", d)
	}
	for _, w := range []string{"信访", "纪检", "媒体", "记者", "曝光", "市长", "书记", "领导"} {
		if !strings.Contains(strings.Join(d.Sensitive, ","), w) {
			t.Errorf("default sensitive words lack %s", w)
		}
	}
	if err := ApplyEnv(cfg, envMap(map[string]string{"HOTLINE_DISPATCH_AUTO": "false", "HOTLINE_DISPATCH_MIN_CONFIDENCE": "0.8"})); err != nil {
		t.Fatal(err)
	}
	if cfg.Dispatch.Auto || cfg.Dispatch.MinConfidence != 0.8 {
		t.Errorf("env overrides: %+v", cfg.Dispatch)
	}
	// Each emergency rule routes to a department and category of its own.
	cat, dept := cfg.EmergencyRoute("119")
	if cat != "AQSC" || dept != "市长公开电话办公室应急值守席" {
		t.Errorf("119 routes to %s / %s", cat, dept)
	}
	if cat, dept := cfg.EmergencyRoute("999"); cat != "QT" || dept != cfg.City.Office {
		t.Errorf("an unknown number routes to %s / %s, want the office", cat, dept)
	}

	path := filepath.Join(t.TempDir(), "city.yaml")
	os.WriteFile(path, []byte("dispatch:\n  min_confidence: 1.5\n  repeat_days: -1\n  sensitive: [信访, 信访]\nemergency:\n  - number: \"119\"\n    reply: 请拨打119\n    cues: [着火]\n    department: 消防队\n    category: XX\n"), 0o600)
	_, err := Load(path)
	if err == nil {
		t.Fatal("a bad dispatch section passed the check")
	}
	for _, want := range []string{
		"dispatch.min_confidence（第 2 行）", "dispatch.repeat_days（第 3 行）", "dispatch.sensitive[1]（第 4 行）",
		"emergency[0].department（第 9 行）", "未知部门「消防队」", "emergency[0].category（第 10 行）",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problems lack %q:\n%v", want, err)
		}
	}
}
