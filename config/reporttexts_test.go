package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The default period labels read as the reports always did.
func TestReportPeriodLabels(t *testing.T) {
	p := mustDefault(t).ReportTexts.Periods
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		kind     string
		from, to time.Time
		want     string
	}{
		{PeriodWeekly, day(2026, 11, 23), day(2026, 11, 29), "2026年第48周（11月23日至11月29日）"},
		{PeriodWeekly, day(2025, 12, 29), day(2026, 1, 4), "2026年第1周（12月29日至1月4日）"},
		{PeriodMonthly, day(2026, 11, 1), day(2026, 11, 30), "2026年11月"},
		{PeriodQuarterly, day(2026, 10, 1), day(2026, 12, 31), "2026年第四季度"},
		{PeriodQuarterly, day(2027, 1, 1), day(2027, 3, 31), "2027年第一季度"},
		{"range", day(2026, 11, 1), day(2026, 11, 15), "2026年11月1日至2026年11月15日"},
	} {
		if got := p.Label(c.kind, c.from, c.to); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.kind, c.from.Format("2006-01-02"), got, c.want)
		}
	}
	if got := p.MonthToDateLabel(day(2026, 12, 1), day(2026, 12, 2)); got != "2026年12月（1日至2日）" {
		t.Errorf("month to date: %q", got)
	}
}

// config check names every report text that is empty, misspelt, not
// filled by hotline or unable to tell periods apart, with its line (each
// want is the start of a problem).
func TestReportTextsChecked(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		want       []string
	}{
		{"empty", "report_texts:\n  totals: \"\"\n  periods:\n    monthly: \" \"\n",
			[]string{"report_texts.totals（第 2 行）：不能为空", "report_texts.periods.monthly（第 4 行）：不能为空"}},
		{"unknown key", "report_texts:\n  periods:\n    mothly: x\n",
			[]string{`report_texts.periods.mothly（第 3 行）：未知的键「mothly」（是否想写「monthly」？）`}},
		{"placeholder", "report_texts:\n  periods:\n    weekly: \"{{.Year}}年第{{.Wek}}周\"\n",
			[]string{"report_texts.periods.weekly（第 3 行）：hotline 不填写 {{.Wek}}，可用 {{.Year}}、{{.Week}}"}},
		{"same label", "report_texts:\n  periods:\n    quarterly: \"{{.Year}}年季度\"\n",
			[]string{"report_texts.periods.quarterly（第 3 行）：把 2026年季度 既给了 2026-10-01 至 2026-12-31，也给了 2026-07-01 至 2026-09-30：标签须能分清各个时段"}},
		{"quarters", "report_texts:\n  periods:\n    quarters: [春, 夏, 秋]\n",
			[]string{"report_texts.periods.quarters（第 3 行）：有 3 个名称，须为 4 个，从第一季度起（一、二、三、四）"}},
		{"sheets", "report_texts:\n  workbook:\n    sheets:\n      trend: \"趋势:日\"\n      ranking: 概况\n",
			[]string{`report_texts.workbook.sheets.trend（第 4 行）：「趋势:日」含有 : \ / ? * [ ] 之一`,
				"report_texts.workbook.sheets.ranking（第 5 行）：「概况」已是 sheets.summary 的名称"}},
		{"reserved sheet", "report_texts:\n  workbook:\n    sheets:\n      trend: HISTORY\n",
			[]string{"report_texts.workbook.sheets.trend（第 4 行）：「HISTORY」是 Excel 自己保留的名称"}},
		{"workbook templates", "report_texts:\n  workbook:\n    summary:\n      weights_value: \"响应率 {{.Response}}%\"\n    ranking:\n      chart: \"{{.Leage}}得分\"\n      columns: {scor: 得分}\n",
			[]string{"report_texts.workbook.summary.weights_value（第 4 行）：缺少 {{.Resolve}}",
				"report_texts.workbook.summary.weights_value（第 4 行）：缺少 {{.Satisfaction}}",
				"report_texts.workbook.ranking.chart（第 6 行）：hotline 不填写 {{.Leage}}，可用 {{.League}}",
				`report_texts.workbook.ranking.columns.scor（第 7 行）：未知的键「scor」（是否想写「score」？）`}},
		{"page", "report_texts:\n  page:\n    subtitle: \"生成于 {{.Generated}}\"\n    sections: {rankng: 排名}\n    none: \"\"\n",
			[]string{"report_texts.page.subtitle（第 3 行）：缺少 {{.Label}}",
				`report_texts.page.sections.rankng（第 4 行）：未知的键「rankng」（是否想写「ranking」？）`,
				"report_texts.page.none（第 5 行）：不能为空"}},
		{"command line", "report_texts:\n  command_line:\n    user_added: 已创建\n    users_total: \"共 {{.Cout}} 个\"\n",
			[]string{"report_texts.command_line.user_added（第 3 行）：缺少 {{.Name}}",
				"report_texts.command_line.users_total（第 4 行）：hotline 不填写 {{.Cout}}，可用 {{.Count}}、{{.Path}}"}},
		{"demo", "report_texts:\n  command_line:\n    demo_summary: \"{{.Orders}} 件\"\n    demo_progress: \"{{.Dne}}\"\n",
			[]string{"report_texts.command_line.demo_summary（第 3 行）：缺少 {{.Path}}",
				"report_texts.command_line.demo_progress（第 4 行）：hotline 不填写 {{.Dne}}"}},
		{"classify", "report_texts:\n  command_line:\n    classify:\n      field: \"{{.Name}}\"\n      fields: {phone: 电话}\n",
			[]string{"report_texts.command_line.classify.field（第 4 行）：缺少 {{.Value}}",
				`report_texts.command_line.classify.fields.phone（第 5 行）：未知的键「phone」（是否想写「phones」？）`}},
		{"period errors", "report_texts:\n  period_errors:\n    no_week: 没有这一周\n    bad_date: \"{{.Day}}\"\n    range_dates: \"\"\n",
			[]string{"report_texts.period_errors.no_week（第 3 行）：缺少 {{.Week}}",
				"report_texts.period_errors.bad_date（第 4 行）：hotline 不填写 {{.Day}}，可用 {{.Kind}}、{{.Name}}",
				"report_texts.period_errors.range_dates（第 5 行）：不能为空"}},
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
