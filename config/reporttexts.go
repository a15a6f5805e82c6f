package config

// ReportTexts are the words of the reports (周报, 月报, 季报) that
// hotline writes itself, in zh-CN; the reports keep them, so a report
// reads the same later whatever the config says then.
type ReportTexts struct {
	Kinds             ReportKindLabels   `yaml:"kinds"`              // the kind in a report's title: 济宁市 12345 市长公开电话月度报告
	Names             ReportKindLabels   `yaml:"names"`              // the kind as a name, {{.KindLabel}} of notify.report_text: 月报
	Leagues           ReportLeagueLabels `yaml:"leagues"`            // the departments' league tables
	InstructionStates InstructionLabels  `yaml:"instruction_states"` // a 批示件 against its own deadline
	DoneLate          string             `yaml:"done_late"`          // added to done when the result came after the deadline
	NotRanked         string             `yaml:"not_ranked"`         // a department with fewer than report.min_sample orders
	Totals            string             `yaml:"totals"`             // the row of the whole city
	Uncategorised     string             `yaml:"uncategorised"`      // orders without a category
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
