package config

// DutyTexts are the words of the leaders' duty schedule (领导接听安排):
// the bot's answer to bot.duty_commands ({{.Schedule}} of
// replies.duty_schedule) and the public page /public/duty, in zh-CN.
type DutyTexts struct {
	Header string `yaml:"header"` // the schedule's first line, before the sessions
	// Session is one line of the schedule; text/template over
	// DutySessionData.
	Session  string   `yaml:"session" need:"Start,Leader"`
	None     string   `yaml:"none"`     // no session published
	Weekdays []string `yaml:"weekdays"` // {{.Weekday}}: Sunday first, 7 names
	// The public page: its title (text/template over DutyPageData), the
	// line under it, a session's day and time (with its weekday, as the
	// bot's line says it) and its topic ({{.Topic}}), both text/template
	// over DutySessionData, and what it says when the schedule cannot be
	// read.
	PageTitle   string `yaml:"page_title"`
	PageIntro   string `yaml:"page_intro"`
	PageWhen    string `yaml:"page_when" need:"Start"`
	PageTopic   string `yaml:"page_topic" need:"Topic"`
	Unavailable string `yaml:"unavailable"`
}

// DutySessionData is what a session's line is filled with.
type DutySessionData struct {
	Date       string // 2026-12-08
	Month, Day int    // 12, 8
	Weekday    string // 一 (duty_texts.weekdays)
	Start, End string // 09:00
	Title      string // 副市长
	Leader     string // 张明
	Department string
	Topic      string
}

// DutyPageData is what the public page's title and intro are filled with.
type DutyPageData struct {
	City    string // city.name
	Hotline string // city.hotline
	Days    int    // duty.publish_days
}

func (v *validator) dutyTexts() {
	t := v.c.DutyTexts
	session := DutySessionData{Date: "2026-12-08", Month: 12, Day: 8, Weekday: "一", Start: "09:00", End: "11:00", Title: "副市长", Leader: "张明", Department: "d", Topic: "t"}
	page := DutyPageData{City: "济宁市", Hotline: "12345", Days: 7}
	v.nonEmpty("duty_texts.header", t.Header)
	if v.nonEmpty("duty_texts.session", t.Session) && v.template("duty_texts.session", t.Session, session) {
		v.needs("duty_texts.session", t.Session, "Start,Leader", session)
	}
	v.nonEmpty("duty_texts.none", t.None)
	if len(t.Weekdays) != 7 {
		v.add("duty_texts.weekdays", msgWeekdayNames, len(t.Weekdays))
	}
	v.words("duty_texts.weekdays", t.Weekdays, true)
	if v.nonEmpty("duty_texts.page_title", t.PageTitle) {
		v.template("duty_texts.page_title", t.PageTitle, page)
	}
	if v.nonEmpty("duty_texts.page_intro", t.PageIntro) {
		v.template("duty_texts.page_intro", t.PageIntro, page)
	}
	if v.nonEmpty("duty_texts.page_when", t.PageWhen) && v.template("duty_texts.page_when", t.PageWhen, session) {
		v.needs("duty_texts.page_when", t.PageWhen, "Start", session)
	}
	if v.nonEmpty("duty_texts.page_topic", t.PageTopic) && v.template("duty_texts.page_topic", t.PageTopic, session) {
		v.needs("duty_texts.page_topic", t.PageTopic, "Topic", session)
	}
	v.nonEmpty("duty_texts.unavailable", t.Unavailable)
}
