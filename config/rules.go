package config

// RuleErrors are what the console says when the workflow refuses an
// operation (a reason is required, the return window has passed…), in
// zh-CN; text/template over RuleData.
type RuleErrors struct {
	BadField          string `yaml:"bad_field"`          // a field that cannot be edited: {{.Field}}
	UnknownCategory   string `yaml:"unknown_category"`   // {{.Value}}: what was given
	UnknownDepartment string `yaml:"unknown_department"` // an edit names no department of the config
	UnknownDistrict   string `yaml:"unknown_district"`
	BadType           string `yaml:"bad_type"`     // {{.Choices}}: the request types, joined by 、
	BadUrgency        string `yaml:"bad_urgency"`  // {{.Choices}}: the urgency levels
	EmptyField        string `yaml:"empty_field"`  // an edit left {{.Field}} empty
	Redispatch        string `yaml:"redispatch"`   // a department holds the order: {{.Status}}
	EditRefused       string `yaml:"edit_refused"` // the order refused the edit for another reason (no Go error: no {{.Error}})
	EmptyAnswer       string `yaml:"empty_answer"` // a direct answer without text
	UnknownMain       string `yaml:"unknown_main"` // dispatch to a department the config does not know
	UnknownCo         string `yaml:"unknown_co"`
	MergeMissing      string `yaml:"merge_missing"`
	MergeSelf         string `yaml:"merge_self"`
	MergeFinished     string `yaml:"merge_finished"` // the order to merge into is a draft or withdrawn
	EmptyReply        string `yaml:"empty_reply"`
	EmptyCoReply      string `yaml:"empty_co_reply"`  // a co-handling department's part (协办意见) without text
	CoReplyClosed     string `yaml:"co_reply_closed"` // the order is past the departments' hands: {{.Status}}
	ExtensionReason   string `yaml:"extension_reason"`
	ExtensionOff      string `yaml:"extension_off"` // time_limits.max_extension_days is 0
	ExtensionEarly    string `yaml:"extension_early"`
	ExtensionPast     string `yaml:"extension_past"` // the date asked for has already passed: {{.Due}}
	ExtensionLong     string `yaml:"extension_long"`
	ExtensionDayOff   string `yaml:"extension_day_off"` // the date asked for, {{.Value}}, is no working day; {{.Due}} the next one's end
	ExtensionNoDate   string `yaml:"extension_no_date"`
	RefusalComment    string `yaml:"refusal_comment"`
	ReturnReason      string `yaml:"return_reason"`
	ReturnWindow      string `yaml:"return_window"` // time_limits.return_days passed
	RejectionComment  string `yaml:"rejection_comment"`
	InstructionText   string `yaml:"instruction_text"`
	// InstructionLeaderAmbiguous: the leader an instruction is recorded
	// for, {{.Value}}, is the display name of several leader accounts,
	// whose logins are {{.Choices}}.
	InstructionLeaderAmbiguous string `yaml:"instruction_leader_ambiguous"`
	SuperviseClosed            string `yaml:"supervise_closed"` // only open orders can be supervised
	BadSatisfaction            string `yaml:"bad_satisfaction"`
}

// RuleData is what the rule errors are filled with.
type RuleData struct {
	Field   string // an order's field (its code)
	Value   string // what was given
	Choices string // the allowed values, joined by 、
	Status  string // the order's state (status_labels)
	Number  string // another order's number
	Due     string // a deadline, written for people (city.time_format)
	Days    int    // working days
}

func (v *validator) ruleErrors() {
	v.templates("rule_errors", v.c.RuleErrors, RuleData{Field: "title", Value: "v", Choices: "投诉、咨询", Status: "已派单",
		Number: "20260101-0001", Due: "2026年12月8日 09:00", Days: 5})
}
