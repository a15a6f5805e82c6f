package config

import (
	"reflect"
	"strings"
	"unicode/utf8"
)

// The words of a report's documents: the workbook (XLSX) and the
// printable page (HTML). Unlike the words of its figures (ReportTexts'
// other fields), they are read when a document is written, so an archived
// report downloaded later has the headings of the config then.

// ReportTitleData is what a report's titles are filled with.
type ReportTitleData struct {
	City      string // city.name
	KindLabel string // report_texts.kinds: 周, 月度, 季度, 统计
	Label     string // the period's label: 2026年11月
	From, To  string // the first and last day: 2026-11-01
	Generated string // when it was made, city time: 2026-12-01 08:00
}

// ReportWeightsData is what the score's weights are written with.
type ReportWeightsData struct {
	Response, Resolve, Satisfaction string // each weight in percent: 40 in the workbook, 40.0 on the page
	MinSample                       int    // report.min_sample
}

// ReportChartData is what a league's chart title is filled with.
type ReportChartData struct {
	League string // the league's label: 市直部门
}

// ReportWorkbookTexts are the words of a report's workbook: its sheets,
// headings, column titles and chart titles. Columns are listed in their
// order in the sheet.
type ReportWorkbookTexts struct {
	Sheets ReportSheetNames `yaml:"sheets"`
	// Title is the first line of the summary; text/template over
	// ReportTitleData.
	Title        string               `yaml:"title"`
	Summary      ReportSummaryTexts   `yaml:"summary"`
	Trend        ReportTrendTexts     `yaml:"trend"`
	Sources      ReportSourceTexts    `yaml:"sources"`
	Ranking      ReportRankingTexts   `yaml:"ranking"`
	Satisfaction ReportSatisfiedTexts `yaml:"satisfaction"`
	Flagged      ReportFlaggedSheet   `yaml:"flagged"`
	KPIs         ReportKPITexts       `yaml:"kpis"`
	Current      string               `yaml:"current"`  // the column of this period's figures
	Previous     string               `yaml:"previous"` // the previous period's
	Change       string               `yaml:"change"`   // the change between them
	Yes          string               `yaml:"yes"`      // a leader item past its deadline
}

// ReportSheetNames name the workbook's sheets (at most 31 characters,
// none of : \ / ? * [ ], each its own).
type ReportSheetNames struct {
	Summary      string `yaml:"summary"`
	Trend        string `yaml:"trend"`
	Sources      string `yaml:"sources"`
	Ranking      string `yaml:"ranking"`
	Satisfaction string `yaml:"satisfaction"`
	Flagged      string `yaml:"flagged"`
	KPIs         string `yaml:"kpis"`
}

// ReportSummaryTexts are the summary sheet's lines.
type ReportSummaryTexts struct {
	Period    string `yaml:"period"`
	Days      string `yaml:"days"` // the period's days, text/template over ReportTitleData
	Generated string `yaml:"generated"`
	Indicator string `yaml:"indicator"` // the header of the indicators' column
	// Base heads the rates' third column: the count each rate is over
	// (the rates have no previous period, so they get a header of their
	// own rather than the received row's 上期 and 变化).
	Base      string `yaml:"base"`
	Received  string `yaml:"received"`
	Satisfied string `yaml:"satisfied"`
	Response  string `yaml:"response"`
	Finish    string `yaml:"finish"`
	Direct    string `yaml:"direct"` // 直办率
	Visit     string `yaml:"visit"`  // 回访率
	Auto      string `yaml:"auto"`   // dispatch accuracy, automatic
	Manual    string `yaml:"manual"` // by a person
	Leader    string `yaml:"leader"`
	Instruct  string `yaml:"instructions"`
	Weights   string `yaml:"weights"`
	// WeightsValue writes the weights; text/template over
	// ReportWeightsData.
	WeightsValue string `yaml:"weights_value" need:"Response,Resolve,Satisfaction"`
	MinSample    string `yaml:"min_sample"`
}

// ReportTrendTexts are the trend sheet's words.
type ReportTrendTexts struct {
	Day      string `yaml:"day"`
	Received string `yaml:"received"` // also the chart's series
	Chart    string `yaml:"chart"`
}

// ReportSourceTexts head the tables of the sources sheet.
type ReportSourceTexts struct {
	Name       string `yaml:"name"` // the first column
	ByChannel  string `yaml:"by_channel"`
	ByType     string `yaml:"by_type"`
	ByCategory string `yaml:"by_category"`
	ByDistrict string `yaml:"by_district"`
	HotTowns   string `yaml:"hot_towns"`
	Spikes     string `yaml:"spikes"`
}

// ReportRankingTexts are the ranking sheet's columns and the title of a
// league's chart (text/template over ReportChartData).
type ReportRankingTexts struct {
	Columns ReportRankingColumns `yaml:"columns"`
	Chart   string               `yaml:"chart" need:"League"`
}

// ReportRankingColumns are the columns of a league's table.
type ReportRankingColumns struct {
	Rank             string `yaml:"rank"`
	Department       string `yaml:"department"`
	Dispatched       string `yaml:"dispatched"`
	SignedOnTime     string `yaml:"signed_on_time"`
	FinishedOnTime   string `yaml:"finished_on_time"`
	Overdue          string `yaml:"overdue"`
	Returned         string `yaml:"returned"`
	Extended         string `yaml:"extended"`
	Reopened         string `yaml:"reopened"`
	Visited          string `yaml:"visited"`
	Resolved         string `yaml:"resolved"`
	Satisfied        string `yaml:"satisfied"`
	ResponseRate     string `yaml:"response_rate"`
	FinishRate       string `yaml:"finish_rate"`
	ResolveRate      string `yaml:"resolve_rate"`
	SatisfactionRate string `yaml:"satisfaction_rate"`
	Score            string `yaml:"score"` // also the chart's series
	InspectionScore  string `yaml:"inspection_score"`
	Note             string `yaml:"note"`
}

// ReportKPITexts are the words of the KPI sheet: a table per league
// with the city's totals last, and how each rate is computed.
type ReportKPITexts struct {
	Columns     ReportKPIColumns `yaml:"columns"`
	Definitions string           `yaml:"definitions"` // how each rate is computed (口径)
}

// ReportKPIColumns are the columns of a league's KPI table (the page's
// too): the department, its dispatches and the design's rates.
type ReportKPIColumns struct {
	Department       string `yaml:"department"`
	Dispatched       string `yaml:"dispatched"`
	ResponseRate     string `yaml:"response_rate"` // 按时签收率
	FinishRate       string `yaml:"finish_rate"`
	OverdueRate      string `yaml:"overdue_rate"`
	ReturnRate       string `yaml:"return_rate"`
	ReopenRate       string `yaml:"reopen_rate"`
	VisitRate        string `yaml:"visit_rate"`
	ResolveRate      string `yaml:"resolve_rate"`
	SatisfactionRate string `yaml:"satisfaction_rate"`
}

// ReportSatisfiedTexts are the satisfaction and dispatch sheet's words.
type ReportSatisfiedTexts struct {
	Heading  string                 `yaml:"heading"`
	Columns  ReportSatisfiedColumns `yaml:"columns"`
	Dispatch string                 `yaml:"dispatch"` // the dispatch accuracy's heading
	Accuracy ReportAccuracyColumns  `yaml:"accuracy"`
	Auto     string                 `yaml:"auto"`
	Manual   string                 `yaml:"manual"`
	All      string                 `yaml:"all"`
}

// ReportSatisfiedColumns are the columns of the return visits' table.
type ReportSatisfiedColumns struct {
	Rated          string `yaml:"rated"`
	Satisfied      string `yaml:"satisfied"`
	BasicSatisfied string `yaml:"basic_satisfied"`
	Unsatisfied    string `yaml:"unsatisfied"`
	Rate           string `yaml:"rate"`
	Visited        string `yaml:"visited"`
	NotVisited     string `yaml:"not_visited"`
}

// ReportAccuracyColumns are the columns of the dispatch accuracy's table.
type ReportAccuracyColumns struct {
	Way        string `yaml:"way"`
	Dispatched string `yaml:"dispatched"`
	Held       string `yaml:"held"`
	Rate       string `yaml:"rate"`
}

// ReportFlaggedSheet lists the leader items and the 批示件.
type ReportFlaggedSheet struct {
	Leader       string                `yaml:"leader"`
	LeaderCols   ReportLeaderColumns   `yaml:"leader_columns"`
	Instructions string                `yaml:"instructions"`
	InstructCols ReportInstructColumns `yaml:"instruction_columns"`
}

// ReportLeaderColumns are the columns of the leader items' table.
type ReportLeaderColumns struct {
	Number     string `yaml:"number"`
	Title      string `yaml:"title"`
	Leader     string `yaml:"leader"`
	Department string `yaml:"department"`
	Status     string `yaml:"status"`
	Received   string `yaml:"received"`
	Due        string `yaml:"due"`
	Overdue    string `yaml:"overdue"`
}

// ReportInstructColumns are the columns of the 批示件' table.
type ReportInstructColumns struct {
	Number      string `yaml:"number"`
	Title       string `yaml:"title"`
	Department  string `yaml:"department"`
	Leader      string `yaml:"leader"`
	Instruction string `yaml:"instruction"`
	Given       string `yaml:"given"`
	Due         string `yaml:"due"`
	State       string `yaml:"state"`
	Done        string `yaml:"done"`
	Status      string `yaml:"status"`
}

// sampleTitle fills the titles when config check tries them.
var sampleTitle = ReportTitleData{City: "济宁市", KindLabel: "月度", Label: "2026年11月", From: "2026-11-01", To: "2026-11-30", Generated: "2026-12-01 08:00"}

func (v *validator) reportWorkbook() {
	const p = "report_texts.workbook"
	w := v.c.ReportTexts.Workbook
	if v.nonEmpty(p+".title", w.Title) {
		v.template(p+".title", w.Title, sampleTitle)
	}
	v.docTemplate(p+".summary.days", w.Summary.Days, "", sampleTitle)
	v.docTemplate(p+".summary.weights_value", w.Summary.WeightsValue, "Response,Resolve,Satisfaction",
		ReportWeightsData{Response: "40", Resolve: "30", Satisfaction: "30", MinSample: 10})
	v.docTemplate(p+".ranking.chart", w.Ranking.Chart, "League", ReportChartData{League: "市直部门"})
	seen := map[string]string{}
	sheets := reflect.ValueOf(w.Sheets)
	for i := range sheets.NumField() {
		name, sheet := yamlName(sheets.Type().Field(i)), sheets.Field(i).String()
		v.sheetName(p+".sheets."+name, sheet)
		if other, dup := seen[sheet]; dup && sheet != "" {
			v.add(p+".sheets."+name, msgSheetTwice, sheet, other)
		}
		seen[sheet] = name
	}
}

// sheetName checks a workbook's sheet name against Excel's rules: at
// most 31 characters, none of : \ / ? * [ ], no ' at either end, and not
// History, which Excel keeps for itself in any case (it refuses to open,
// or repairs, a workbook with such a sheet).
func (v *validator) sheetName(path, sheet string) {
	switch {
	case utf8.RuneCountInString(sheet) > 31:
		v.add(path, msgSheetTooLong, sheet)
	case strings.ContainsAny(sheet, `:\/?*[]`):
		v.add(path, msgSheetBadChar, sheet)
	case strings.HasPrefix(sheet, "'") || strings.HasSuffix(sheet, "'"):
		v.add(path, msgSheetQuote, sheet)
	case strings.EqualFold(strings.TrimSpace(sheet), "History"):
		v.add(path, msgSheetReserved, sheet)
	}
}

// docTemplate checks a template of the documents (set, filled by sample,
// showing what need lists).
func (v *validator) docTemplate(p, text, need string, sample any) {
	if v.nonEmpty(p, text) && v.template(p, text, sample) {
		v.needs(p, text, need, sample)
	}
}

// Columns lists the column titles of table (one of the column structs
// above), in their order.
func Columns(table any) []string {
	v := reflect.ValueOf(table)
	out := make([]string, v.NumField())
	for i := range out {
		out[i] = v.Field(i).String()
	}
	return out
}

// ReportPageTexts are the words of a report's printable page (HTML). Its
// titles are text/template over ReportTitleData; columns are listed in
// their order on the page.
type ReportPageTexts struct {
	HeadTitle string             `yaml:"head_title"` // the browser's tab and the printout's name
	Title     string             `yaml:"title"`      // the heading
	Subtitle  string             `yaml:"subtitle"`   // under it: the period and when it was made
	Sections  ReportPageSections `yaml:"sections"`
	KPIs      ReportPageKPIs     `yaml:"kpis"`
	// TrendChart and ScoreChart name the charts for screen readers.
	TrendChart string            `yaml:"trend_chart"`
	ScoreChart string            `yaml:"score_chart"`
	Volumes    ReportPageVolumes `yaml:"volumes"`
	// Weights explains the score above the league tables;
	// text/template over ReportWeightsData (weights in percent: 40.0).
	Weights      string                 `yaml:"weights" need:"Response,Resolve,Satisfaction"`
	NoRanking    string                 `yaml:"no_ranking"` // no department had an order
	League       ReportPageLeagueCols   `yaml:"league_columns"`
	Satisfaction ReportSatisfiedColumns `yaml:"satisfaction_columns"`
	Accuracy     ReportAccuracyColumns  `yaml:"accuracy_columns"`
	Auto         string                 `yaml:"auto"`   // automatic dispatch
	Manual       string                 `yaml:"manual"` // by a person
	Leader       ReportPageLeaderCols   `yaml:"leader_columns"`
	Overdue      string                 `yaml:"overdue"` // after a leader item's status when past its deadline
	Instructions ReportPageInstructCols `yaml:"instruction_columns"`
	KPIColumns   ReportKPIColumns       `yaml:"kpi_columns"`
	// KPIDefinitions says how each rate is computed, under the KPI tables.
	KPIDefinitions string `yaml:"kpi_definitions"`
	None           string `yaml:"none"` // an empty table
}

// ReportPageSections are the page's section headings.
type ReportPageSections struct {
	Overview     string `yaml:"overview"`
	Sources      string `yaml:"sources"`
	Hot          string `yaml:"hot"`
	Ranking      string `yaml:"ranking"`
	Satisfaction string `yaml:"satisfaction"`
	Flagged      string `yaml:"flagged"`
	KPIs         string `yaml:"kpis"`
}

// ReportPageKPIs are the words of the key figures' boxes.
type ReportPageKPIs struct {
	Received  string `yaml:"received"`
	Previous  string `yaml:"previous"` // before the previous period's intake
	Satisfied string `yaml:"satisfied"`
	Rated     string `yaml:"rated"`
	Response  string `yaml:"response"`
	Signed    string `yaml:"signed"` // under the rate of signing on time: how many were signed
	Finish    string `yaml:"finish"`
	Replied   string `yaml:"replied"`
	Accuracy  string `yaml:"accuracy"`
	Auto      string `yaml:"auto"`
	Manual    string `yaml:"manual"`
	Direct    string `yaml:"direct"`     // 直办率
	Visit     string `yaml:"visit"`      // 回访率
	VisitBase string `yaml:"visit_base"` // before the count it is over: 应回访
}

// ReportPageVolumes head the first column of the intake tables; the
// other three are this period, the previous one and the change.
type ReportPageVolumes struct {
	ByChannel  string `yaml:"by_channel"`
	ByType     string `yaml:"by_type"`
	ByCategory string `yaml:"by_category"`
	ByDistrict string `yaml:"by_district"`
	HotTowns   string `yaml:"hot_towns"`
	Spikes     string `yaml:"spikes"`
	Current    string `yaml:"current"`
	Previous   string `yaml:"previous"`
	Change     string `yaml:"change"`
}

// ReportPageLeagueCols are the columns of a league's table on the page.
type ReportPageLeagueCols struct {
	Rank             string `yaml:"rank"`
	Department       string `yaml:"department"`
	Dispatched       string `yaml:"dispatched"`
	SignedOnTime     string `yaml:"signed_on_time"`
	FinishedOnTime   string `yaml:"finished_on_time"`
	Overdue          string `yaml:"overdue"`
	Returned         string `yaml:"returned"`
	Extended         string `yaml:"extended"`
	Reopened         string `yaml:"reopened"`
	Visited          string `yaml:"visited"`
	Resolved         string `yaml:"resolved"`
	Satisfied        string `yaml:"satisfied"`
	ResponseRate     string `yaml:"response_rate"`
	ResolveRate      string `yaml:"resolve_rate"`
	SatisfactionRate string `yaml:"satisfaction_rate"`
	Score            string `yaml:"score"`
	InspectionScore  string `yaml:"inspection_score"`
}

// ReportPageLeaderCols are the columns of the leader items' table.
type ReportPageLeaderCols struct {
	Number     string `yaml:"number"` // also the table's name
	Title      string `yaml:"title"`
	Leader     string `yaml:"leader"`
	Department string `yaml:"department"`
	Status     string `yaml:"status"`
	Due        string `yaml:"due"`
}

// ReportPageInstructCols are the columns of the 批示件' table.
type ReportPageInstructCols struct {
	Number      string `yaml:"number"` // also the table's name
	Title       string `yaml:"title"`
	Department  string `yaml:"department"`
	Leader      string `yaml:"leader"`
	Instruction string `yaml:"instruction"`
	Given       string `yaml:"given"`
	Due         string `yaml:"due"`
	State       string `yaml:"state"`
	Status      string `yaml:"status"`
}

func (v *validator) reportPage() {
	const p = "report_texts.page"
	g := v.c.ReportTexts.Page
	v.docTemplate(p+".head_title", g.HeadTitle, "", sampleTitle)
	v.docTemplate(p+".title", g.Title, "", sampleTitle)
	v.docTemplate(p+".subtitle", g.Subtitle, "Label", sampleTitle)
	v.docTemplate(p+".weights", g.Weights, "Response,Resolve,Satisfaction",
		ReportWeightsData{Response: "40.0", Resolve: "30.0", Satisfaction: "30.0", MinSample: 10})
}
