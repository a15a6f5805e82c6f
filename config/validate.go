package config

import (
	"fmt"
	"io"
	"maps"
	"net"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"
)

// ReplyData is what the bot fills into the reply templates. Validate
// executes every template against it, so that a misspelt placeholder
// ({{.Nubmer}}) is caught when the config is checked, not when a citizen
// is waiting for an answer.
type ReplyData struct {
	Summary    string // confirm: the order as the bot understood it
	Number     string // work-order number, 20261127-0042
	Department string // the department that handles it
	Due        string // the deadline, formatted for people
	Status     string // the order's status in Chinese
	Agent      string // the agent's display name or number
	Reply      string // the department's reply
	Answer     string // the knowledge-base answer
	Channel    string // not_ours: where the matter belongs instead
	Schedule   string // duty_schedule: the leaders' duty sessions
	Title      string // the order's title
	Question   string // kb_answer: the knowledge-base question answered
	City       string // the city's name (city.name)
	Hotline    string // the hotline's number (city.hotline)
	Choices    string // ask_category: the categories offered, one a line, numbered
}

// Limits that Validate enforces.
const (
	maxSignDays        = 10
	maxFinishDays      = 60
	maxReturnDays      = 10
	maxInstructionDays = 60
	maxExtensionDays   = 30
	maxVisitDays       = 30
	maxWorkers         = 64
	maxUrgent          = 7 * 24 * time.Hour
)

// Valid values of District.Kind.
const (
	DistrictKindDistrict = "district" // 区
	DistrictKindCounty   = "county"   // 县, 县级市
	DistrictKindArea     = "area"     // functional area: 高新区, 新区, 开发区
)

// Validate checks the whole configuration and returns every problem it
// finds as Problems, or nil. Problems in values read from a file carry
// their line. The checks of settings that other packages own (each
// channel's, through its descriptor: server.ConfigChecks) run after this
// package's own, on the same list of problems.
func (c *Config) Validate(checks ...Check) error {
	v := &validator{c: c}
	v.server()
	v.city()
	v.departments()
	v.districts()
	v.categories()
	v.timeLimits()
	v.calendar()
	v.bot()
	v.replies()
	v.agentTexts()
	v.reminderTexts()
	v.historyTexts()
	v.emergency()
	v.dispatch()
	v.desk()
	v.deskTexts()
	v.dutyTexts()
	v.ruleErrors()
	v.inputErrors()
	v.httpErrors()
	v.consoleLabels()
	v.consoleTexts()
	v.webchatTexts()
	v.reportTexts()
	v.outbox()
	v.report()
	v.nlp()
	v.calls()
	v.notify()
	v.retention()
	p := &Checker{v: v}
	for _, check := range checks {
		if check != nil {
			check(c, p)
		}
	}
	if len(v.probs) == 0 {
		return nil
	}
	v.probs.sort()
	return v.probs
}

// validator collects problems while checking a Config.
type validator struct {
	c     *Config
	probs Problems

	depts     map[string]int    // department name → index
	deptAlias map[string]string // alias → department name
	dists     map[string]int    // district name → index
	distAlias map[string]string // alias → district name
	routes    map[string]string // HTTP path → the setting that routes it (Checker.Path)
}

func (v *validator) add(path string, m Msg, args ...any) {
	v.probs = append(v.probs, Problem{Path: path, Line: v.c.line(path), Msg: m.sprintf(args...)})
}

// addErr reports err, a problem a parser of the value at path found
// (worded by this package's catalogue), as it is.
func (v *validator) addErr(path string, err error) {
	v.probs = append(v.probs, Problem{Path: path, Line: v.c.line(path), Msg: err.Error()})
}

// line returns the file line of the value at path. A value that is missing
// inside a list element is placed on the element's line: list elements
// come whole from one file.
func (c *Config) line(path string) int {
	if c.lines == nil {
		return 0
	}
	if l, ok := c.lines[path]; ok {
		return l
	}
	for p := parentPath(path); p != ""; p = parentPath(p) {
		if strings.HasSuffix(p, "]") {
			return c.lines[p]
		}
	}
	return 0
}

// parentPath strips the last key or index from path.
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

func (v *validator) nonEmpty(path, val string) bool {
	if strings.TrimSpace(val) == "" {
		v.add(path, msgEmpty)
		return false
	}
	return true
}

func (v *validator) intRange(path string, val, lo, hi int) {
	if val < lo || val > hi {
		v.add(path, msgIntRange, val, lo, hi)
	}
}

func (v *validator) floatRange(path string, val, lo, hi float64) {
	if val < lo || val > hi {
		v.add(path, msgFloatRange, val, lo, hi)
	}
}

func (v *validator) positive(path string, d Duration) bool {
	if d <= 0 {
		v.add(path, msgNotPositive, d)
		return false
	}
	return true
}

// both reports "a is set, so b must be set too".
func (v *validator) both(pathA, a, pathB, b string) {
	if a != "" && b == "" {
		v.add(pathA, MsgBoth, pathA, pathB)
	}
}

func (v *validator) url(path, val string) {
	if val == "" {
		return
	}
	u, err := url.Parse(val)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.add(path, msgNotURL, val)
	}
}

func (v *validator) words(path string, list []string, required bool) {
	if required && len(list) == 0 {
		v.add(path, msgNoEntries)
	}
	seen := map[string]bool{}
	for i, w := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		if !v.nonEmpty(p, w) {
			continue
		}
		if seen[w] {
			v.add(p, msgListedTwice, w)
		}
		seen[w] = true
	}
}

func (v *validator) server() {
	s := v.c.Server
	if v.nonEmpty("server.addr", s.Addr) {
		if _, port, err := net.SplitHostPort(s.Addr); err != nil {
			v.add("server.addr", msgNotHostPort, s.Addr)
		} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			v.add("server.addr", msgNotPort, port)
		}
	}
	v.nonEmpty("server.data_dir", s.DataDir)
	v.url("server.base_url", s.BaseURL)
	if s.LogFormat != "text" && s.LogFormat != "json" {
		v.add("server.log_format", msgLogFormat, s.LogFormat)
	}
	switch s.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		v.add("server.log_level", msgLogLevel, s.LogLevel)
	}
	if s.MinFreeMB < -1 {
		v.add("server.min_free_mb", msgMinFree, s.MinFreeMB)
	}
}

func (v *validator) city() {
	c := v.c.City
	v.nonEmpty("city.name", c.Name)
	v.nonEmpty("city.hotline", c.Hotline)
	if c.Timezone != "" {
		if _, err := time.LoadLocation(c.Timezone); err != nil {
			v.add("city.timezone", msgTimezone, c.Timezone)
		}
	}
	if v.nonEmpty("city.time_format", c.TimeFormat) {
		a, b := time.Date(2026, 12, 8, 9, 5, 0, 0, time.UTC), time.Date(2027, 11, 9, 10, 6, 0, 0, time.UTC)
		fa, fb := a.Format(c.TimeFormat), b.Format(c.TimeFormat)
		if fa == fb || !strings.Contains(fa, "8") || !strings.Contains(fa, "05") || !strings.Contains(fb, "11") {
			v.add("city.time_format", msgTimeFormat, c.TimeFormat, fa)
		}
	}
	// city.office is checked with the departments.
}

func (v *validator) departments() {
	v.depts = map[string]int{}
	v.deptAlias = map[string]string{}
	for i, d := range v.c.Departments {
		p := fmt.Sprintf("departments[%d]", i)
		if v.nonEmpty(p+".name", d.Name) {
			if j, dup := v.depts[d.Name]; dup {
				v.add(p+".name", msgDeptTwice, d.Name, j)
			} else {
				v.depts[d.Name] = i
			}
		}
		switch d.Kind {
		case KindGovernment, KindMunicipal, KindUtility, KindOffice:
		default:
			v.add(p+".kind", msgDeptKind, d.Kind, KindGovernment, KindMunicipal, KindUtility, KindOffice)
		}
	}
	for i, d := range v.c.Departments {
		for j, a := range d.Aliases {
			p := fmt.Sprintf("departments[%d].aliases[%d]", i, j)
			if !v.nonEmpty(p, a) {
				continue
			}
			if k, ok := v.depts[a]; ok && k != i {
				v.add(p, msgDeptAliasIsName, a)
				continue
			}
			if other, ok := v.deptAlias[a]; ok && other != d.Name {
				v.add(p, msgAliasOfOther, a, other)
				continue
			}
			v.deptAlias[a] = d.Name
		}
	}
	if v.nonEmpty("city.office", v.c.City.Office) {
		v.department("city.office", v.c.City.Office)
	}
}

// department checks that name is a known department's name.
func (v *validator) department(path, name string) {
	if _, ok := v.depts[name]; ok {
		return
	}
	if canon, ok := v.deptAlias[name]; ok {
		v.add(path, msgIsDeptAlias, name, canon)
		return
	}
	v.add(path, msgUnknownDept, name, suggest(name, slices.Sorted(maps.Keys(v.depts))))
}

func (v *validator) districts() {
	v.dists = map[string]int{}
	v.distAlias = map[string]string{}
	for i, d := range v.c.Districts {
		p := fmt.Sprintf("districts[%d]", i)
		if v.nonEmpty(p+".name", d.Name) {
			if j, dup := v.dists[d.Name]; dup {
				v.add(p+".name", msgDistTwice, d.Name, j)
			} else {
				v.dists[d.Name] = i
			}
		}
		switch d.Kind {
		case DistrictKindDistrict, DistrictKindCounty, DistrictKindArea:
		default:
			v.add(p+".kind", msgDistKind, d.Kind, DistrictKindDistrict, DistrictKindCounty, DistrictKindArea)
		}
		if v.nonEmpty(p+".government", d.Government) {
			v.department(p+".government", d.Government)
		}
	}
	type place struct {
		district string
		path     string
	}
	towns := map[string]place{}
	for i, d := range v.c.Districts {
		p := fmt.Sprintf("districts[%d]", i)
		for j, a := range d.Aliases {
			ap := fmt.Sprintf("%s.aliases[%d]", p, j)
			if !v.nonEmpty(ap, a) {
				continue
			}
			if k, ok := v.dists[a]; ok && k != i {
				v.add(ap, msgDistAliasIsName, a)
				continue
			}
			if other, ok := v.distAlias[a]; ok && other != d.Name {
				v.add(ap, msgAliasOfOther, a, other)
				continue
			}
			v.distAlias[a] = d.Name
		}
		for j, t := range d.Towns {
			tp := fmt.Sprintf("%s.towns[%d]", p, j)
			if !v.nonEmpty(tp, t) {
				continue
			}
			if prev, dup := towns[t]; dup {
				if prev.district == d.Name {
					v.add(tp, msgTownTwice, t, d.Name)
				} else {
					v.add(tp, msgTownElsewhere, t, prev.district, prev.path)
				}
				continue
			}
			towns[t] = place{d.Name, tp}
		}
	}
	// A landmark names exactly one district, and never a name the
	// classifier reads as another district's: its name or alias, or one of
	// its towns, in full or short (小孟 for 小孟镇).
	shortTowns := map[string][]string{} // short form → the towns
	for _, d := range v.c.Districts {
		for _, t := range d.Towns {
			if short := TownShort(t); short != "" {
				shortTowns[short] = append(shortTowns[short], t)
			}
		}
	}
	otherTown := func(short, district string) (string, bool) {
		for _, t := range shortTowns[short] {
			if towns[t].district != district {
				return t, true
			}
		}
		return "", false
	}
	// Nor is an alias another district's town, in full or short: the
	// classifier would read the town as the alias's district.
	for i, d := range v.c.Districts {
		for j, a := range d.Aliases {
			ap := fmt.Sprintf("districts[%d].aliases[%d]", i, j)
			if t, ok := towns[a]; ok && t.district != d.Name {
				v.add(ap, msgAliasTown, a, t.district, t.path, d.Name)
			} else if town, ok := otherTown(a, d.Name); ok {
				v.add(ap, msgAliasTownShort, a, towns[town].district, town, towns[town].path, d.Name)
			}
		}
	}
	landmarks := map[string]place{}
	for i, d := range v.c.Districts {
		for j, l := range d.Landmarks {
			lp := fmt.Sprintf("districts[%d].landmarks[%d]", i, j)
			if !v.nonEmpty(lp, l) {
				continue
			}
			shortOf, isShort := otherTown(l, d.Name)
			switch prev, dup := landmarks[l]; {
			case dup && prev.district == d.Name:
				v.add(lp, msgLandmarkTwice, l, d.Name, prev.path)
			case dup:
				v.add(lp, msgLandmarkElse, l, prev.district, prev.path, d.Name)
			case v.dists[l] != i && hasKey(v.dists, l):
				v.add(lp, msgLandmarkDistrict, l, d.Name)
			case v.distAlias[l] != "" && v.distAlias[l] != d.Name:
				v.add(lp, msgLandmarkAlias, l, v.distAlias[l], d.Name)
			case towns[l].district != "" && towns[l].district != d.Name:
				v.add(lp, msgLandmarkTown, l, towns[l].district, towns[l].path, d.Name)
			case isShort:
				v.add(lp, msgLandmarkTownShort, l, towns[shortOf].district, shortOf, towns[shortOf].path, d.Name)
			case len([]rune(l)) < 2:
				v.add(lp, msgLandmarkShort, l)
			default:
				landmarks[l] = place{d.Name, lp}
			}
		}
	}
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

func (v *validator) categories() {
	if len(v.c.Categories) == 0 {
		v.add("categories", msgNoCategories)
	}
	codes := map[string]int{}
	names := map[string]int{}
	for i, c := range v.c.Categories {
		p := fmt.Sprintf("categories[%d]", i)
		if v.nonEmpty(p+".code", c.Code) {
			if j, dup := codes[c.Code]; dup {
				v.add(p+".code", msgCodeTwice, c.Code, j)
			} else {
				codes[c.Code] = i
			}
		}
		if v.nonEmpty(p+".name", c.Name) {
			if j, dup := names[c.Name]; dup {
				v.add(p+".name", msgCatNameTwice, c.Name, j)
			} else {
				names[c.Name] = i
			}
		}
		switch {
		case strings.TrimSpace(c.Department) == "":
			v.add(p+".department", msgNoDepartment, Territorial)
		case c.Department == Territorial:
			if c.Fallback == "" {
				v.add(p+".fallback", msgNeedsFallback, c.Code, Territorial)
			}
		default:
			v.department(p+".department", c.Department)
			if c.Fallback != "" {
				v.add(p+".fallback", msgFallbackUnused, Territorial, Territorial)
			}
		}
		if c.Fallback != "" {
			v.department(p+".fallback", c.Fallback)
		}
		if len(c.Keywords) == 0 {
			v.add(p+".keywords", msgNoKeywords, c.Code)
		}
		v.words(p+".keywords", c.Keywords, false)
		for _, dist := range slices.Sorted(maps.Keys(c.DistrictOverrides)) {
			op := p + ".district_overrides." + dist
			if _, ok := v.dists[dist]; !ok {
				if canon, isAlias := v.distAlias[dist]; isAlias {
					v.add(op, msgIsDistAlias, dist, canon)
				} else {
					v.add(op, msgUnknownDistrict, dist, suggest(dist, slices.Sorted(maps.Keys(v.dists))))
				}
			}
			v.department(op, c.DistrictOverrides[dist])
		}
		v.intRange(p+".finish_days", c.FinishDays, 0, maxFinishDays)
	}
}

func (v *validator) timeLimits() {
	t := v.c.TimeLimits
	v.intRange("time_limits.sign_days", t.SignDays, 1, maxSignDays)
	v.intRange("time_limits.finish_days", t.FinishDays, 1, maxFinishDays)
	if v.positive("time_limits.urgent_hours", t.UrgentHours) && t.UrgentHours.D() > maxUrgent {
		v.add("time_limits.urgent_hours", msgUrgentTooLong, t.UrgentHours)
	}
	if v.positive("time_limits.emergency_hours", t.EmergencyHours) && t.UrgentHours > 0 && t.EmergencyHours > t.UrgentHours {
		v.add("time_limits.emergency_hours", msgEmergencySlower, t.EmergencyHours, t.UrgentHours)
	}
	v.intRange("time_limits.return_days", t.ReturnDays, 0, maxReturnDays)
	v.intRange("time_limits.max_extension_days", t.MaxExtensionDays, 0, maxExtensionDays)
	if t.WarnDays < 0 {
		v.add("time_limits.warn_days", msgWarnNegative, t.WarnDays)
	} else if t.FinishDays >= 1 && t.WarnDays > t.FinishDays {
		v.add("time_limits.warn_days", msgWarnTooEarly, t.WarnDays, t.FinishDays)
	}
	if !(t.RemindShare > 0 && t.RemindShare <= 1) {
		v.add("time_limits.remind_share", msgRemindShare, t.RemindShare)
	}
	v.intRange("time_limits.visit_days", t.VisitDays, 1, maxVisitDays)
	v.intRange("time_limits.co_reply_days", t.CoReplyDays, 0, maxReturnDays)
	v.intRange("time_limits.instruction_days", t.InstructionDays, 0, maxInstructionDays)
	v.intRange("time_limits.workday_end_hour", t.WorkdayEndHour, 1, 24)
}

func (v *validator) calendar() {
	cal := v.c.Calendar
	holidays := map[string]bool{}
	check := func(name string, list []string, seen map[string]bool) {
		for i, day := range list {
			p := fmt.Sprintf("calendar.%s[%d]", name, i)
			if _, err := time.Parse(time.DateOnly, day); err != nil {
				v.add(p, msgNotDate, day)
				continue
			}
			if seen[day] {
				v.add(p, msgDayTwice, day)
			}
			seen[day] = true
		}
	}
	check("holidays", cal.Holidays, holidays)
	workdays := map[string]bool{}
	check("workdays", cal.Workdays, workdays)
	for i, day := range cal.Workdays {
		if holidays[day] {
			v.add(fmt.Sprintf("calendar.workdays[%d]", i), msgHolidayWorkday, day)
		}
	}
}

func (v *validator) bot() {
	b := v.c.Bot
	v.positive("bot.draft_timeout", b.DraftTimeout)
	v.intRange("bot.max_text_len", b.MaxTextLen, 1, 100000)
	v.floatRange("bot.min_confidence", b.MinConfidence, 0, 1)
	v.positive("bot.dedupe_ttl", b.DedupeTTL)
	v.words("bot.human_commands", b.HumanCommands, true)
	v.words("bot.cancel_commands", b.CancelCommands, true)
	v.words("bot.query_commands", b.QueryCommands, true)
	v.words("bot.duty_commands", b.DutyCommands, false)
	v.words("bot.command_fillers", b.CommandFillers, false)
	v.words("bot.confirm_words", b.ConfirmWords, true)
	v.words("bot.deny_words", b.DenyWords, true)
	v.words("bot.phone_words", b.PhoneWords, false)
	for i, w := range b.PhoneWords {
		if strings.ContainsFunc(w, PhoneDigit) {
			v.add(fmt.Sprintf("bot.phone_words[%d]", i), msgPhoneWordDigit, w)
		}
	}
	v.words("bot.decline_words", b.DeclineWords, false)
	v.words("bot.rating_comment_words", b.RatingCommentWords, false)
	for i, w := range b.DenyWords {
		if w != "" && slices.Contains(b.ConfirmWords, w) {
			v.add(fmt.Sprintf("bot.deny_words[%d]", i), msgConfirmIsDeny, w)
		}
	}
}

// fieldRE picks the field out of text/template's "can't evaluate field X".
var fieldRE = regexp.MustCompile(`can't evaluate field (\w+)`)

func (v *validator) replies() {
	rv := reflect.ValueOf(v.c.Replies)
	rt := rv.Type()
	var known []string
	for i := range reflect.TypeFor[ReplyData]().NumField() {
		known = append(known, "{{."+reflect.TypeFor[ReplyData]().Field(i).Name+"}}")
	}
	sample := ReplyData{Summary: "s", Number: "20260101-0001", Department: "d", Due: "d", Status: "s", Agent: "a", Reply: "r", Answer: "a", Channel: "c",
		Title: "t", Question: "q", City: "c", Hotline: "12345", Choices: "1. c"}
	for i := range rt.NumField() {
		p := "replies." + yamlName(rt.Field(i))
		text := rv.Field(i).String()
		if !v.nonEmpty(p, text) {
			continue
		}
		tmpl, err := template.New(p).Option("missingkey=error").Parse(text)
		if err != nil {
			v.add(p, msgBadTemplate, templateMessage(p, err))
			continue
		}
		if err := tmpl.Execute(io.Discard, sample); err != nil {
			if m := fieldRE.FindStringSubmatch(err.Error()); m != nil {
				v.add(p, msgBotNoField, m[1], strings.Join(known, "、"))
			} else {
				v.add(p, msgTemplateFails, templateMessage(p, err))
			}
		}
	}
}

// emergencyNumberRE is a short phone number: 110, 119, 120, 122.
var emergencyNumberRE = regexp.MustCompile(`^[0-9]{3,8}$`)

func (v *validator) emergency() {
	cues := map[string]string{}
	for i, e := range v.c.Emergency {
		p := fmt.Sprintf("emergency[%d]", i)
		if v.nonEmpty(p+".number", e.Number) && !emergencyNumberRE.MatchString(e.Number) {
			v.add(p+".number", msgEmergencyNumber, e.Number)
		}
		v.nonEmpty(p+".reply", e.Reply)
		// The default rules name the default city's emergency desk and
		// categories; a city file that replaces departments or categories
		// but keeps those rules gets city.office and 其他 at run time
		// (EmergencyRoute), so only what a file itself sets is checked.
		own := v.c.lines == nil || v.c.line(p) != 0
		if e.Department != "" && own {
			v.department(p+".department", e.Department)
		}
		if e.Category != "" && own {
			if _, ok := v.c.Category(e.Category); !ok {
				v.add(p+".category", msgUnknownCategory, e.Category)
			}
		}
		if len(e.Cues) == 0 {
			v.add(p+".cues", msgNoCues)
		}
		for j, cue := range e.Cues {
			cp := fmt.Sprintf("%s.cues[%d]", p, j)
			if !v.nonEmpty(cp, cue) {
				continue
			}
			if prev, dup := cues[cue]; dup {
				v.add(cp, msgCueTwice, cue, prev)
				continue
			}
			cues[cue] = e.Number
		}
	}
}

func (v *validator) dispatch() {
	d := v.c.Dispatch
	if d.MinConfidence <= 0 || d.MinConfidence > 1 {
		v.add("dispatch.min_confidence", msgConfidence, d.MinConfidence)
	}
	v.words("dispatch.sensitive", d.Sensitive, false)
	v.words("dispatch.not_sensitive", d.NotSensitive, false)
	v.intRange("dispatch.repeat_days", d.RepeatDays, 0, 365)
}

func (v *validator) desk() {
	if v.c.Desk.RevealToken != "" && v.c.Desk.RevealToken == v.c.Desk.Token {
		v.add("desk.reveal_token", msgRevealIsToken)
	}
	v.words("desk.canned_replies", v.c.Desk.CannedReplies, false)
	if v.nonEmpty("desk.citizen_label", v.c.Desk.CitizenLabel) {
		v.template("desk.citizen_label", v.c.Desk.CitizenLabel, CitizenLabelData{Who: "138****1234"})
	}
	if v.nonEmpty("desk.anonymous", v.c.Desk.Anonymous) {
		v.template("desk.anonymous", v.c.Desk.Anonymous, CitizenLabelData{})
	}
}

func (v *validator) outbox() {
	o := v.c.Outbox
	v.intRange("outbox.max_attempts", o.MaxAttempts, 1, 1000)
	okMin := v.positive("outbox.min_backoff", o.MinBackoff)
	if v.positive("outbox.max_backoff", o.MaxBackoff) && okMin && o.MaxBackoff < o.MinBackoff {
		v.add("outbox.max_backoff", msgBackoffOrder, o.MaxBackoff, o.MinBackoff)
	}
	v.intRange("outbox.workers", o.Workers, 1, maxWorkers)
}

func (v *validator) report() {
	r := v.c.Report
	w := r.Weights
	v.floatRange("report.weights.response", w.Response, 0, 1)
	v.floatRange("report.weights.resolve", w.Resolve, 0, 1)
	v.floatRange("report.weights.satisfaction", w.Satisfaction, 0, 1)
	if w.Response+w.Resolve+w.Satisfaction <= 0 {
		v.add("report.weights", msgNoWeight)
	}
	v.intRange("report.min_sample", r.MinSample, 0, 1000000)
	v.inspection()
	v.intRange("duty.publish_days", v.c.Duty.PublishDays, 0, 60)
	for _, s := range []struct{ path, val string }{{"report.weekly", r.Weekly}, {"report.monthly", r.Monthly}, {"report.quarterly", r.Quarterly}} {
		if _, err := ParseSchedule(s.val, s.path == "report.weekly"); err != nil {
			v.addErr(s.path, err)
		}
	}
}

// inspection checks the 质检 items: each with a code (once), a
// name and 1 to 100 points; at least one.
func (v *validator) inspection() {
	in := v.c.Inspection
	v.intRange("inspection.sample", in.Sample, 1, MaxInspectionSample)
	if len(in.Items) == 0 {
		v.add("inspection.items", msgNoEntries)
	}
	seen := map[string]bool{}
	for i, it := range in.Items {
		p := fmt.Sprintf("inspection.items[%d]", i)
		if v.nonEmpty(p+".code", it.Code) {
			if seen[it.Code] {
				v.add(p+".code", msgListedTwice, it.Code)
			}
			seen[it.Code] = true
		}
		v.nonEmpty(p+".name", it.Name)
		v.intRange(p+".points", it.Points, 1, 100)
	}
}

func (v *validator) nlp() {
	n := v.c.NLP
	v.floatRange("nlp.min_confidence", n.MinConfidence, 0, 1)
	v.floatRange("nlp.kb.threshold", n.KB.Threshold, 0, 1)
	v.positive("nlp.llm.timeout", n.LLM.Timeout)
	v.url("nlp.llm.base_url", n.LLM.BaseURL)
	v.both("nlp.llm.base_url", n.LLM.BaseURL, "nlp.llm.model", n.LLM.Model)
	v.both("nlp.llm.api_key", n.LLM.APIKey, "nlp.llm.base_url", n.LLM.BaseURL)
	v.both("nlp.llm.model", n.LLM.Model, "nlp.llm.base_url", n.LLM.BaseURL)
	words := map[string]string{}
	for i, o := range n.OutOfScope {
		p := fmt.Sprintf("nlp.out_of_scope[%d]", i)
		v.nonEmpty(p+".name", o.Name)
		v.nonEmpty(p+".channel", o.Channel)
		if len(o.Words) == 0 {
			v.add(p+".words", msgNoWords)
		}
		for j, w := range o.Words {
			wp := fmt.Sprintf("%s.words[%d]", p, j)
			if !v.nonEmpty(wp, w) {
				continue
			}
			if prev, dup := words[w]; dup {
				v.add(wp, msgWordTwice, w, prev)
				continue
			}
			words[w] = o.Name
		}
	}
}
