package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// config check names every desk text that is empty, leaves out what it
// must show, or would make a sheet or a file Excel or Windows refuses,
// with its line (each want is the start of a problem).
func TestDeskTextsChecked(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		want       []string
	}{
		{"archived", "desk_texts:\n  archived: 已归档\n",
			[]string{"desk_texts.archived (line 2): 缺少 {{.Status}}"}},
		{"sheet", "desk_texts:\n  export:\n    sheet: \"工单[全部]\"\n",
			[]string{`desk_texts.export.sheet (line 3): "工单[全部]" has one of : \ / ? * [ ]`}},
		{"long sheet", "desk_texts:\n  export:\n    sheet: \"" + strings.Repeat("单", 32) + "\"\n",
			[]string{"desk_texts.export.sheet (line 3): \"" + strings.Repeat("单", 32) + "\" is longer than 31 characters"}},
		{"reserved sheet", "desk_texts:\n  export:\n    sheet: history\n",
			[]string{`desk_texts.export.sheet (line 3): "history" is a name Excel keeps for itself`}},
		{"file name", "desk_texts:\n  export:\n    file_name: \"工单/{{.Time}}\"\n  attachment: \"附件?\"\n",
			[]string{`desk_texts.export.file_name (line 3): gives "工单/20261202-1504": a file's name may have none of /\:*?"<>|`,
				`desk_texts.attachment (line 4): "附件?": a file's name may have none of`}},
		{"placeholder", "desk_texts:\n  export:\n    file_name: \"工单-{{.Date}}\"\n",
			[]string{"desk_texts.export.file_name (line 3): hotline does not fill {{.Date}}; use {{.Status}}, {{.Time}}"}},
		{"column", "desk_texts:\n  export:\n    columns: [number, phon]\n",
			[]string{`desk_texts.export.columns[1] (line 3): 导出没有“phon”这一列；可选 console_labels.fields 中的 number、status、`}},
		{"columns as names", "desk_texts:\n  export:\n    columns: {number: 编号}\n",
			[]string{"desk_texts.export.columns (line 3): expected a list, found a mapping"}},
		{"no columns", "desk_texts:\n  export:\n    columns: []\n",
			[]string{"desk_texts.export.columns (line 3): must list at least one entry"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "city.yaml")
			if err := os.WriteFile(file, []byte(c.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := load(file, noEnv)
			var probs Problems
			if !errors.As(err, &probs) {
				t.Fatalf("load = %v, want Problems", err)
			}
			ok := len(probs) == len(c.want)
			for i := range min(len(probs), len(c.want)) {
				ok = ok && strings.HasPrefix(probs[i].String(), c.want[i])
			}
			if !ok {
				t.Errorf("problems:\n%v\nwant\n%s", probs, strings.Join(c.want, "\n"))
			}
		})
	}
}
