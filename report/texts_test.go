package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"hotline/config"
)

// TestPeriodLabelFromConfig: a period's label comes from
// report_texts.periods, in the report's JSON and on its page; the
// district of orders without one from report_texts.unknown_district.
func TestPeriodLabelFromConfig(t *testing.T) {
	def := sampleReport(t)
	if def.Label != "2026年11月" {
		t.Errorf("default label %q, want 2026年11月", def.Label)
	}
	rep := sampleReportWith(t, func(c *config.Config) {
		c.ReportTexts.Periods.Monthly = "{{.Year}}年{{.Month}}月份（{{.From.Day}}日至{{.To.Day}}日）"
		c.ReportTexts.UnknownDistrict = "未填区县"
	})
	const want = "2026年11月份（1日至30日）"
	var buf bytes.Buffer
	if err := Write(&buf, rep, FormatJSON, defaultTexts(t)); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Label      string   `json:"label"`
		ByDistrict []Volume `json:"by_district"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Label != want {
		t.Errorf("JSON label %q, want %q", got.Label, want)
	}
	found := false
	for _, v := range got.ByDistrict {
		found = found || v.Key == unknownPlaceName && v.Label == "未填区县"
	}
	if !found {
		t.Errorf("no district labelled 未填区县: %+v", got.ByDistrict)
	}
	buf.Reset()
	if err := Write(&buf, rep, FormatHTML, defaultTexts(t)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), want) || !strings.Contains(buf.String(), "未填区县") {
		t.Errorf("page lacks %q or 未填区县", want)
	}
}

// A weekly, monthly or quarterly report over --from and --to is labelled
// as the span of days it covers.
func TestPeriodLabelKinds(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	loc := cfg.Location()
	for _, c := range []struct{ kind, name, from, to, want string }{
		{Weekly, "2026-W48", "", "", "2026年第48周（11月23日至11月29日）"},
		{Monthly, "2026-11", "", "", "2026年11月"},
		{Quarterly, "2026-Q4", "", "", "2026年第四季度"},
		{Range, "", "2026-11-01", "2026-11-15", "2026年11月1日至2026年11月15日"},
		{Weekly, "", "2026-11-23", "2026-11-29", "2026年11月23日至2026年11月29日"},
	} {
		p, err := ParsePeriod(c.kind, c.name, c.from, c.to, loc)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Label(cfg.ReportTexts.Periods); got != c.want {
			t.Errorf("%s %s%s: %q, want %q", c.kind, c.name, c.from, got, c.want)
		}
	}
	cfg.ReportTexts.Periods.Quarters = []string{"春", "夏", "秋", "冬"}
	p, _ := ParsePeriod(Quarterly, "2026-Q1", "", "", loc)
	if got := p.Label(cfg.ReportTexts.Periods); got != "2026年第春季度" {
		t.Errorf("quarter named 春: %q", got)
	}
}

// defaultTexts are the default config's report_texts.
func defaultTexts(t *testing.T) config.ReportTexts {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	return cfg.ReportTexts
}

// TestWorkbookTextsFromConfig: the workbook's sheets, title, lines,
// columns and chart titles come from report_texts.workbook; charts refer
// to sheets whose names need quoting. Read back with excelize and, where
// it is installed, with openpyxl.
func TestWorkbookTextsFromConfig(t *testing.T) {
	rep := sampleReport(t)
	tx := defaultTexts(t)
	w := &tx.Workbook
	w.Sheets.Summary = "总 览"
	w.Sheets.Trend = "每日 趋势"
	w.Sheets.Ranking = "单位排名(综合)"
	w.Title = "{{.City}}{{.KindLabel}}简报 {{.Label}}"
	w.Summary.Received = "来件量"
	w.Summary.WeightsValue = "响应{{.Response}}/解决{{.Resolve}}/满意{{.Satisfaction}}"
	w.Ranking.Columns.Score = "得分"
	w.Ranking.Chart = "{{.League}}得分"
	w.Flagged.InstructCols.Status = "当前状态"
	var buf bytes.Buffer
	if err := Write(&buf, rep, FormatXLSX, tx); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := strings.Join(f.GetSheetList(), ","), "总 览,每日 趋势,来源,单位排名(综合),满意度与派单,领导接听件与批示件,考核指标"; got != want {
		t.Errorf("sheets %s, want %s", got, want)
	}
	title := rep.City + "月度简报 2026年11月"
	rows, err := f.GetRows("总 览")
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string][]string{}
	for _, r := range rows {
		if len(r) > 1 {
			cells[r[0]] = r[1:]
		}
	}
	if rows[0][0] != title || len(cells["来件量"]) == 0 || cells["来件量"][0] != fmt.Sprint(rep.Received) ||
		len(cells["综合得分权重"]) == 0 || cells["综合得分权重"][0] != fmt.Sprintf("响应%.0f/解决%.0f/满意%.0f", rep.Weights.Response*100, rep.Weights.Resolve*100, rep.Weights.Satisfaction*100) {
		t.Errorf("summary: title %q, 来件量 %v, weights %v", rows[0][0], cells["来件量"], cells["综合得分权重"])
	}
	if v, _ := f.GetCellValue("单位排名(综合)", "Q2"); v != "得分" {
		t.Errorf("ranking Q2 = %q, want 得分", v)
	}
	if v, _ := f.GetCellValue("领导接听件与批示件", "J"+fmt.Sprint(len(rep.Leader)+5)); v != "当前状态" {
		t.Errorf("instructions' last column = %q, want 当前状态", v)
	}

	py := "/usr/bin/python3"
	if exec.Command(py, "-c", "import openpyxl").Run() != nil {
		t.Log("python3-openpyxl is not installed: the workbook was read with excelize only")
		return
	}
	path := filepath.Join(t.TempDir(), "r.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
rk = wb["单位排名(综合)"]
print(json.dumps({"title": wb["总 览"]["A1"].value,
  "trend": [c.series[0].val.numRef.f for c in wb["每日 趋势"]._charts],
  "ranking": [c.series[0].val.numRef.f for c in rk._charts]}, ensure_ascii=False))
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	var got struct {
		Title   string   `json:"title"`
		Trend   []string `json:"trend"`
		Ranking []string `json:"ranking"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Title != title {
		t.Errorf("openpyxl reads the title %q, want %q", got.Title, title)
	}
	if want := fmt.Sprintf("'每日 趋势'!$B$2:$B$%d", len(rep.Trend)+1); len(got.Trend) != 1 || got.Trend[0] != want {
		t.Errorf("trend chart values %v, want %s", got.Trend, want)
	}
	if len(got.Ranking) != len(rep.Leagues) || !strings.HasPrefix(got.Ranking[0], "'单位排名(综合)'!$Q$") {
		t.Errorf("ranking charts' values %v", got.Ranking)
	}
}

// TestPageTextsFromConfig: the page's titles, headings, columns and
// words come from report_texts.page, as plain text (escaped).
func TestPageTextsFromConfig(t *testing.T) {
	rep := sampleReport(t)
	rep.HotTowns = nil
	tx := defaultTexts(t)
	g := &tx.Page
	g.HeadTitle = "{{.Label}} {{.KindLabel}}报告"
	g.Title = "{{.City}}热线<月报>"
	g.Subtitle = "期间：{{.Label}}，{{.From}}—{{.To}}"
	g.Sections.Ranking = "四、单位排行"
	g.KPIs.Received = "来件"
	g.TrendChart = "每天来件"
	g.Weights = "得分=响应{{.Response}}%+解决{{.Resolve}}%+满意{{.Satisfaction}}%（至少{{.MinSample}}件）"
	g.League.Score = "总分"
	g.Instructions.Number = "领导批示"
	g.None = "（空）"
	var buf bytes.Buffer
	if err := Write(&buf, rep, FormatHTML, tx); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		"<title>2026年11月 月度报告</title>", "<h1>" + rep.City + "热线&lt;月报&gt;</h1>", "期间：2026年11月，2026-11-01—2026-11-30",
		"<h2>四、单位排行</h2>", `<div class="kpi">来件<b>`, `aria-label="每天来件"`, "<th>总分</th>", "<th>领导批示</th>",
		`<td colspan="4" class="muted">（空）</td>`,
		fmt.Sprintf("得分=响应%.1f%%&#43;解决%.1f%%&#43;满意%.1f%%（至少%d件）", rep.Weights.Response*100, rep.Weights.Resolve*100, rep.Weights.Satisfaction*100, rep.MinSample),
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, old := range []string{"四、承办单位排名", "<th>得分</th>", "受理量<b>", "市长公开电话月度报告"} {
		if strings.Contains(page, old) {
			t.Errorf("page still has %q", old)
		}
	}
}

// A period that cannot be read is a PeriodError whose code picks its
// words of report_texts.period_errors, filled in; an override of those
// words is what PeriodText says.
func TestPeriodErrorTexts(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	loc := cfg.Location()
	for _, c := range []struct{ kind, name, from, to, code, want string }{
		{Weekly, "", "2026-11-01", "", ErrDatesTogether, "开始日期和结束日期须同时给出"},
		{Range, "", "2026-11-1x", "2026-11-05", ErrBadDate, "日期“2026-11-1x”有误，应写作 YYYY-MM-DD，如 2026-11-01"},
		{Range, "", "2026-11-05", "2026-11-01", ErrDatesReversed, "结束日期 2026-11-01 早于开始日期 2026-11-05"},
		{Range, "", "2020-01-01", "2026-11-01", ErrTooLong, "2020-01-01 至 2026-11-01 超过 3 年，请缩短统计期间"},
		{Weekly, "2026-48", "", "", ErrBadPeriod, "“2026-48”不是周报的期间，应写作 2026-W48"},
		{Monthly, "2026-13", "", "", ErrBadPeriod, "“2026-13”不是月报的期间，应写作 2026-11"},
		{Quarterly, "2026-Q5", "", "", ErrBadPeriod, "“2026-Q5”不是季报的期间，应写作 2026-Q4"},
		{Weekly, "2027-W53", "", "", ErrNoWeek, "2027 年没有第 53 周"},
		{Range, "", "", "", ErrRangeDates, "按日期统计须给出开始日期和结束日期"},
		{"yearly", "2026", "", "", ErrUnknownKind, "没有“yearly”这种报表，可选 weekly（周报）、monthly（月报）、quarterly（季报）、range（按日期统计）"},
	} {
		_, err := ParsePeriod(c.kind, c.name, c.from, c.to, loc)
		var pe *PeriodError
		if !errors.As(err, &pe) || pe.Code != c.code {
			t.Errorf("%s %q %s..%s: %v, want code %s", c.kind, c.name, c.from, c.to, err, c.code)
			continue
		}
		if got := PeriodText(err, cfg.ReportTexts); got != c.want {
			t.Errorf("%s: %q, want %q", c.code, got, c.want)
		}
	}
	cfg.ReportTexts.PeriodErrors.BadPeriod = "{{.Name}}的期间写作 {{.Want}}，不是 {{.Value}}"
	cfg.ReportTexts.Names.Weekly = "每周报告"
	_, err = ParsePeriod(Weekly, "48", "", "", loc)
	if got := PeriodText(err, cfg.ReportTexts); got != "每周报告的期间写作 2026-W48，不是 48" {
		t.Errorf("override: %q", got)
	}
}
