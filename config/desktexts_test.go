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
			[]string{"desk_texts.archived（第 2 行）：缺少 {{.Status}}"}},
		{"sheet", "desk_texts:\n  export:\n    sheet: \"工单[全部]\"\n",
			[]string{`desk_texts.export.sheet（第 3 行）：「工单[全部]」含有 : \ / ? * [ ] 之一，Excel 工作表名称不能有这些字符`}},
		{"long sheet", "desk_texts:\n  export:\n    sheet: \"" + strings.Repeat("单", 32) + "\"\n",
			[]string{"desk_texts.export.sheet（第 3 行）：「" + strings.Repeat("单", 32) + "」超过 31 个字符"}},
		{"reserved sheet", "desk_texts:\n  export:\n    sheet: history\n",
			[]string{"desk_texts.export.sheet（第 3 行）：「history」是 Excel 自己保留的名称"}},
		{"file name", "desk_texts:\n  export:\n    file_name: \"工单/{{.Time}}\"\n  attachment: \"附件?\"\n",
			[]string{`desk_texts.export.file_name（第 3 行）：生成的文件名「工单/20261202-1504」含有 /\:*?"<>| 中的字符`,
				"desk_texts.attachment（第 4 行）：「附件?」：文件名不能有"}},
		{"placeholder", "desk_texts:\n  export:\n    file_name: \"工单-{{.Date}}\"\n",
			[]string{"desk_texts.export.file_name（第 3 行）：hotline 不填写 {{.Date}}，可用 {{.Status}}、{{.Time}}"}},
		{"audit export", "desk_texts:\n  audit_export:\n    file_name: \"审计:{{.Time}}\"\n    sheet: \"审计/日志\"\n",
			[]string{`desk_texts.audit_export.file_name（第 3 行）：生成的文件名「审计:20261202-1504」含有 /\:*?"<>| 中的字符`,
				`desk_texts.audit_export.sheet（第 4 行）：「审计/日志」含有 : \ / ? * [ ] 之一`}},
		{"column", "desk_texts:\n  export:\n    columns: [number, phon]\n",
			[]string{`desk_texts.export.columns[1]（第 3 行）：导出没有「phon」这一列；可选 console_labels.fields 中的 number、status、`}},
		{"columns as names", "desk_texts:\n  export:\n    columns: {number: 编号}\n",
			[]string{"desk_texts.export.columns（第 3 行）：须为列表，而不是映射"}},
		{"no columns", "desk_texts:\n  export:\n    columns: []\n",
			[]string{"desk_texts.export.columns（第 3 行）：至少须列出一项"}},
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
