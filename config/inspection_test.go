package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInspectionDefaultsAndCheck: the default's 质检 items (答复规范 40,
// 办理实效 40, 回访真实 20: 100 points) and sample (3); a city's file with
// a sample of 0 or above the console's most, an item of no points, a code twice or a name missing is
// refused, each problem with its line.
func TestInspectionDefaultsAndCheck(t *testing.T) {
	cfg := mustDefault(t)
	in := cfg.Inspection
	if in.Sample != 3 || len(in.Items) != 3 || in.MaxPoints() != 100 || in.Items[0].Name != "答复规范" {
		t.Fatalf("default inspection %+v", in)
	}
	path := filepath.Join(t.TempDir(), "city.yaml")
	os.WriteFile(path, []byte("inspection:\n  sample: 0\n  items:\n    - {code: reply, name: 答复规范, points: 0}\n    - {code: reply, name: \"\", points: 10}\n"), 0o600)
	_, err := Load(path)
	if err == nil {
		t.Fatal("a bad inspection section passed the check")
	}
	for _, want := range []string{
		"inspection.sample（第 2 行）", "inspection.items[0].points（第 4 行）", "inspection.items[1].code（第 5 行）：「reply」列了两次",
		"inspection.items[1].name（第 5 行）",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problems lack %q:\n%v", want, err)
		}
	}
	// The console draws at most MaxInspectionSample a department: a file
	// asking for more would make its 随机抽样 fail at every click.
	os.WriteFile(path, []byte("inspection:\n  sample: 101\n  items:\n    - {code: reply, name: 答复规范, points: 10}\n"), 0o600)
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "inspection.sample（第 2 行）") {
		t.Errorf("a sample of 101 (the console's most is %d): %v", MaxInspectionSample, err)
	}
}
