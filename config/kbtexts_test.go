package config

import "testing"

// TestKBProblemTextsChecked: the words of a knowledge-base problem are
// checked like the other command-line texts: set, filled by what hotline
// fills, showing what they must show.
func TestKBProblemTextsChecked(t *testing.T) {
	path := writeFile(t, `report_texts:
  command_line:
    kb:
      problems:
        at: "{{.File}}：{{.Problem}}"
        no_id: ""
        duplicate_id: "{{.ID}} 重复了，见第 {{.Previous}} 行"
`)
	wantProblems(t, loadProblems(t, path, noEnv), []wantProblem{
		{"report_texts.command_line.kb.problems.at", 5, "缺少 {{.Line}}"},
		{"report_texts.command_line.kb.problems.no_id", 6, "不能为空"},
		{"report_texts.command_line.kb.problems.duplicate_id", 7, "hotline 不填写 {{.Previous}}"},
	})
	cfg := mustDefault(t)
	for _, kind := range []string{"no_id", "no_question", "no_answer", "duplicate_id", "unknown_field", "wrong_type", "bad_json",
		"unclosed", "two_values", "not_list", "not_mapping", "bad_yaml"} {
		if cfg.ReportTexts.CommandLine.KB.Problems.Text(kind) == "" {
			t.Errorf("no words for %s", kind)
		}
	}
	if got := cfg.ReportTexts.CommandLine.KB.Problems.Text("at"); got != "" {
		t.Errorf("Text(at) = %q, want none: at is where, not what", got)
	}
}

// TestToolTextsChecked: eval's column names are five, and the tools'
// lines show what they must.
func TestToolTextsChecked(t *testing.T) {
	path := writeFile(t, `report_texts:
  command_line:
    tools:
      eval_columns: 精确率|召回率|F1
      trained: "训练好了"
`)
	wantProblems(t, loadProblems(t, path, noEnv), []wantProblem{
		{"report_texts.command_line.tools.eval_columns", 4, "有 3 个名称，须为 5 个"},
		{"report_texts.command_line.tools.trained", 5, "缺少 {{.Examples}}"},
	})
}
