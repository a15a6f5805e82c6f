package config

import (
	"reflect"
	"strings"
	"time"
)

// ReportTexts are the words of the reports (周报, 月报, 季报) that
// hotline writes itself, in zh-CN. The words in a report's figures (its
// period's label, its kind, the leagues, the 批示件 states, 全市合计…)
// are kept with the report, so an archived report reads the same later
// whatever the config says then.
type ReportTexts struct {
	Kinds             ReportKindLabels   `yaml:"kinds"`              // the kind in a report's title: 济宁市 12345 市长公开电话月度报告
	Names             ReportKindLabels   `yaml:"names"`              // the kind as a name, {{.KindLabel}} of notify.report_text: 月报
	Leagues           ReportLeagueLabels `yaml:"leagues"`            // the departments' league tables
	InstructionStates InstructionLabels  `yaml:"instruction_states"` // a 批示件 against its own deadline
	DoneLate          string             `yaml:"done_late"`          // added to done when the result came after the deadline
	NotRanked         string             `yaml:"not_ranked"`         // a department with fewer than report.min_sample orders
	// The dashboard's league tables before enough orders are in
	// (text/template over RankingData): DashboardNotRanked under a league
	// some of whose departments have fewer than report.min_sample orders
	// this month, DashboardNoRanking when no department has had one.
	DashboardNotRanked string              `yaml:"dashboard_not_ranked" need:"Min,Departments"`
	DashboardNoRanking string              `yaml:"dashboard_no_ranking"`
	Totals             string              `yaml:"totals"`           // the row of the whole city
	Uncategorised      string              `yaml:"uncategorised"`    // orders without a category
	UnknownDistrict    string              `yaml:"unknown_district"` // orders without a district
	Periods            ReportPeriodTexts   `yaml:"periods"`          // a report's period, as its label
	Workbook           ReportWorkbookTexts `yaml:"workbook"`         // the XLSX's sheets, headings and columns (reportdoc.go)
	Page               ReportPageTexts     `yaml:"page"`             // the printable HTML page's
	CommandLine        CommandLineTexts    `yaml:"command_line"`     // tickets list, users list (reporttexts_cli.go)
	PeriodErrors       PeriodErrorTexts    `yaml:"period_errors"`    // a period that cannot be read (hotline report, /api/admin/report)
}

// RankingData is what report_texts.dashboard_not_ranked and
// dashboard_no_ranking are filled with.
type RankingData struct {
	Min         int    // report.min_sample: 10
	Departments string // those not ranked yet, 、-separated: 市公安局、市城市管理局
	Count       int    // how many they are
}

// PeriodErrorTexts say why a report's period cannot be read, to hotline
// report and in http_errors.desk.bad_period of /api/admin/report; one
// text per code of report.PeriodError (the key is the code),
// text/template over PeriodErrorData.
type PeriodErrorTexts struct {
	DatesTogether string `yaml:"dates_together"`               // a first day without a last, or the reverse
	BadDate       string `yaml:"bad_date" need:"Value"`        // {{.Value}} is no YYYY-MM-DD
	DatesReversed string `yaml:"dates_reversed"`               // {{.To}} before {{.From}}
	TooLong       string `yaml:"too_long"`                     // {{.From}} to {{.To}}, more than {{.Years}} years
	BadPeriod     string `yaml:"bad_period" need:"Value,Want"` // {{.Value}} is no {{.Name}}'s period: write {{.Want}}
	NoWeek        string `yaml:"no_week" need:"Week"`          // {{.Year}} has no week {{.Week}}
	RangeDates    string `yaml:"range_dates"`                  // a range without its days
	UnknownKind   string `yaml:"unknown_kind" need:"Value"`    // {{.Value}} is no kind of report
}

// PeriodErrorData is what report_texts.period_errors are filled with.
type PeriodErrorData struct {
	Kind  string // the kind asked for: weekly, monthly, quarterly, range
	Name  string // its name (report_texts.names): 周报
	Value string // what was given: the period, a day or the kind
	Want  string // how the period is written: 2026-W48, 2026-11, 2026-Q4
	From  string // the first day given
	To    string // the last day given
	Year  int    // the year of a week that is not
	Week  string // the week that is not: 53
	Years int    // the longest range, in years
}

// ReportPeriodTexts label a report's period: the label of its JSON, the
// title of its page, 统计期间 in its workbook, the list of generated
// reports and {{.Label}} of notify.report_text. text/template over
// ReportPeriodData; config check rejects a label that gives two periods
// the same words.
type ReportPeriodTexts struct {
	Weekly    string `yaml:"weekly"`    // 2026年第48周（11月23日至11月29日）
	Monthly   string `yaml:"monthly"`   // 2026年11月
	Quarterly string `yaml:"quarterly"` // 2026年第四季度
	Range     string `yaml:"range"`     // any other span of days: 2026年11月1日至2026年11月15日
	// MonthToDate is the dashboard's calendar month so far: 2026年12月（1日至2日）.
	MonthToDate string `yaml:"month_to_date"`
	// Quarters are {{.QuarterName}}: four names, the first quarter first.
	Quarters []string `yaml:"quarters"`
}

// ReportPeriodData is what the period labels are filled with.
type ReportPeriodData struct {
	Year        int       // 2026; a week's is its ISO year (2026-W01 starts on 2025-12-29)
	Week        int       // 48, the ISO week (weekly)
	Month       int       // 11, the month of From
	Quarter     int       // 4 (quarterly)
	QuarterName string    // 四, of report_texts.periods.quarters (quarterly)
	From        time.Time // the first day; write it with Format: {{.From.Format "1月2日"}}, or {{.From.Day}}
	To          time.Time // the last day
}

// Period kinds that have a label of their own; any other kind is a range
// of days.
const (
	PeriodWeekly    = "weekly"
	PeriodMonthly   = "monthly"
	PeriodQuarterly = "quarterly"
)

// Label labels the period from..to (whole days, city time) of kind:
// weekly, monthly or quarterly for a named period (an ISO week, a
// calendar month, a quarter), anything else for a range of days.
func (t ReportPeriodTexts) Label(kind string, from, to time.Time) string {
	tmpl, d := t.text(kind, from, to)
	return Render(tmpl, d)
}

// MonthToDateLabel labels the calendar month from its first day to day.
func (t ReportPeriodTexts) MonthToDateLabel(first, day time.Time) string {
	return Render(t.MonthToDate, t.data(first, day))
}

func (t ReportPeriodTexts) data(from, to time.Time) ReportPeriodData {
	return ReportPeriodData{Year: from.Year(), Month: int(from.Month()), From: from, To: to}
}

// text returns the template of kind and its data.
func (t ReportPeriodTexts) text(kind string, from, to time.Time) (string, ReportPeriodData) {
	d := t.data(from, to)
	switch kind {
	case PeriodWeekly:
		d.Year, d.Week = from.ISOWeek()
		return t.Weekly, d
	case PeriodMonthly:
		return t.Monthly, d
	case PeriodQuarterly:
		d.Quarter = (d.Month-1)/3 + 1
		if d.Quarter <= len(t.Quarters) {
			d.QuarterName = t.Quarters[d.Quarter-1]
		}
		return t.Quarterly, d
	}
	return t.Range, d
}

// ReportKindLabels name the kinds of report in their titles.
type ReportKindLabels struct {
	Weekly    string `yaml:"weekly"`
	Monthly   string `yaml:"monthly"`
	Quarterly string `yaml:"quarterly"`
	Range     string `yaml:"range"` // any other period (report range --from --to)
}

// Label returns the label of kind; a kind that is none of the others is
// a range.
func (l ReportKindLabels) Label(kind string) string {
	if s := LabelMap(l)[kind]; s != "" {
		return s
	}
	return l.Range
}

// ReportLeagueLabels name the league tables: district governments,
// municipal departments, public utilities (departments[].kind).
type ReportLeagueLabels struct {
	Districts string `yaml:"districts"`
	Municipal string `yaml:"municipal"`
	Utilities string `yaml:"utilities"`
}

// InstructionLabels name the states of a 批示件 against its deadline.
type InstructionLabels struct {
	OnTime  string `yaml:"on_time"` // being handled, deadline not passed
	Overdue string `yaml:"overdue"` // being handled, deadline passed
	Done    string `yaml:"done"`    // the department's result is in
}

func (v *validator) reportTexts() {
	t := v.c.ReportTexts
	v.texts("report_texts", reflect.ValueOf(t))
	v.reportWorkbook()
	v.reportPage()
	v.commandLineTexts()
	v.periodErrors()
	ranking := RankingData{Min: 10, Departments: "市公安局、市城市管理局", Count: 2}
	for _, f := range []string{"DashboardNotRanked", "DashboardNoRanking"} {
		sf, _ := reflect.TypeOf(t).FieldByName(f)
		p, text := "report_texts."+yamlName(sf), reflect.ValueOf(t).FieldByName(f).String()
		if strings.TrimSpace(text) != "" && v.template(p, text, ranking) {
			v.needs(p, text, sf.Tag.Get("need"), ranking)
		}
	}
	ps := t.Periods
	if len(ps.Quarters) != 4 && len(ps.Quarters) > 0 {
		v.add("report_texts.periods.quarters", msgQuarterNames, len(ps.Quarters))
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	// Each label is filled for a period and for periods next to it; the
	// words must differ, else two reports in the list read the same.
	for _, c := range []struct {
		kind, key string
		from, to  time.Time
		others    [][2]time.Time
	}{
		{PeriodWeekly, "weekly", day(2026, 11, 23), day(2026, 11, 29), [][2]time.Time{{day(2026, 11, 30), day(2026, 12, 6)}, {day(2025, 11, 24), day(2025, 11, 30)}}},
		{PeriodMonthly, "monthly", day(2026, 11, 1), day(2026, 11, 30), [][2]time.Time{{day(2026, 12, 1), day(2026, 12, 31)}, {day(2025, 11, 1), day(2025, 11, 30)}}},
		{PeriodQuarterly, "quarterly", day(2026, 10, 1), day(2026, 12, 31), [][2]time.Time{{day(2026, 7, 1), day(2026, 9, 30)}, {day(2025, 10, 1), day(2025, 12, 31)}}},
		{"range", "range", day(2026, 11, 1), day(2026, 11, 15), [][2]time.Time{{day(2026, 11, 2), day(2026, 11, 15)}, {day(2026, 11, 1), day(2026, 11, 16)}, {day(2025, 11, 1), day(2025, 11, 15)}}},
		{"month_to_date", "month_to_date", day(2026, 12, 1), day(2026, 12, 2), [][2]time.Time{{day(2026, 12, 1), day(2026, 12, 3)}, {day(2026, 11, 1), day(2026, 11, 2)}, {day(2025, 12, 1), day(2025, 12, 2)}}},
	} {
		p := "report_texts.periods." + c.key
		label := func(from, to time.Time) (string, ReportPeriodData) {
			if c.kind == "month_to_date" {
				return ps.MonthToDate, ps.data(from, to)
			}
			return ps.text(c.kind, from, to)
		}
		text, d := label(c.from, c.to)
		if strings.TrimSpace(text) == "" || !v.template(p, text, d) {
			continue
		}
		got := Render(text, d)
		for _, o := range c.others {
			if _, od := label(o[0], o[1]); Render(text, od) == got {
				v.add(p, msgPeriodAmbiguous, got,
					c.from.Format("2006-01-02"), c.to.Format("2006-01-02"), o[0].Format("2006-01-02"), o[1].Format("2006-01-02"))
				break
			}
		}
	}
}

// periodErrors checks the period errors' templates (texts reports an
// empty one).
func (v *validator) periodErrors() {
	sample := PeriodErrorData{Kind: PeriodWeekly, Name: "周报", Value: "2026-48", Want: "2026-W48",
		From: "2026-11-05", To: "2026-11-01", Year: 2026, Week: "53", Years: 3}
	rv := reflect.ValueOf(v.c.ReportTexts.PeriodErrors)
	for i := range rv.NumField() {
		f := rv.Type().Field(i)
		p, text := "report_texts.period_errors."+yamlName(f), rv.Field(i).String()
		if strings.TrimSpace(text) != "" && v.template(p, text, sample) {
			v.needs(p, text, f.Tag.Get("need"), sample)
		}
	}
}

// texts checks that every text of val (a struct of strings, lists of
// strings and structs of those) at path is set.
func (v *validator) texts(path string, val reflect.Value) {
	switch val.Kind() {
	case reflect.String:
		v.nonEmpty(path, val.String())
	case reflect.Slice:
		list := make([]string, val.Len())
		for i := range list {
			list[i] = val.Index(i).String()
		}
		v.words(path, list, true)
	case reflect.Struct:
		for i := range val.NumField() {
			v.texts(path+"."+yamlName(val.Type().Field(i)), val.Field(i))
		}
	}
}
