package config

import (
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"text/template"
)

// AgentTexts are what the agents read in the Telegram agents' group
// (channels.telegram.agent_group_id), in Chinese. Placeholders use Go's
// text/template syntax over AgentTextData.
type AgentTexts struct {
	Help       string `yaml:"help"`                                       // how to take, release and close a conversation
	Again      string `yaml:"again"`                                      // the citizen asked for a person again
	Header     string `yaml:"header" need:"ID,Emergency,Reason,SetAside"` // the first post of a topic: {{.ID}} {{.Channel}} {{.Emergency}} {{.Reason}} {{.SetAside}} {{.Title}} {{.Category}} {{.District}} {{.Earlier}}
	Citizen    string `yaml:"citizen"`                                    // a citizen's message mirrored: {{.Text}}
	Image      string `yaml:"image"`                                      // an attachment's place in a mirrored message
	Voice      string `yaml:"voice"`                                      //
	Video      string `yaml:"video"`                                      //
	File       string `yaml:"file"`                                       //
	Location   string `yaml:"location"`                                   // a shared location: {{.Location}}
	WrongTopic string `yaml:"wrong_topic"`                                // a command outside a conversation's topic
	NotAgent   string `yaml:"not_agent"`                                  // someone not in agent_ids
	Held       string `yaml:"held"`                                       // /take of a conversation another agent holds: {{.Holder}}
	Taken      string `yaml:"taken"`                                      // {{.Agent}}
	NotHeld    string `yaml:"not_held"`                                   // /release by someone not holding it
	Released   string `yaml:"released"`                                   // {{.Agent}}
	CloseHeld  string `yaml:"close_held"`                                 // /close by someone not holding it: {{.Holder}}
	Closed     string `yaml:"closed"`                                     // {{.Agent}}
	TextOnly   string `yaml:"text_only"`                                  // an agent sent something that is not text
	TakeFirst  string `yaml:"take_first"`                                 // an agent wrote before /take
	NotSent    string `yaml:"not_sent"`                                   // the engine refused the agent's text: {{.Error}}
	Gone       string `yaml:"gone"`                                       // the conversation no longer exists
	OtherAgent string `yaml:"other_agent"`                                // {{.Holder}} when the holder is unknown
	Agent      string `yaml:"agent"`                                      // {{.Holder}} for a known agent: {{.Agent}}
}

// AgentTextData is what the agents' texts are filled with.
type AgentTextData struct {
	ID        string // the conversation's short id
	Channel   string // the channel's zh-CN label
	Emergency bool
	Reason    string // why it is an emergency: 应拨打 120（触发词语：“叫不醒”；触发规则：…）
	SetAside  string // a draft's emergency flag the classifier's veto set aside, in console_labels.emergency.set_aside's words ("" for none)
	Title     string
	Category  string
	District  string
	Earlier   int    // citizen messages before the topic was opened
	Text      string // a mirrored message
	Location  string // a location: latitude, longitude and its label
	Agent     string // the agent acting
	Holder    string // who holds the conversation (other_agent or agent)
	Error     string // why the engine refused a text
}

// ReminderTexts are the entries of a department's inbox (催办, 督办,
// 重办…), the office's and a leader's, in Chinese; text/template over ReminderData. A field's need tag
// names the placeholders its text must show (config check rejects a text
// that leaves one out): what the office wrote, or the deadline it set.
type ReminderTexts struct {
	Dispatch     string `yaml:"dispatch"`      // a new order: {{.Number}} {{.Title}} {{.SignDue}} {{.Due}}
	RemindSign   string `yaml:"remind_sign"`   // the sign deadline nears: {{.SignDue}}
	RemindFinish string `yaml:"remind_finish"` // the finish deadline nears: {{.Due}}
	Escalate     string `yaml:"escalate"`      // the deadline passed: {{.Due}}
	// EscalateOffice tells the office's supervision desk of the same
	// ({{.Department}}: who holds the order), which the department's text
	// says it was reported to (已报督办).
	EscalateOffice    string `yaml:"escalate_office" need:"Department"`
	ExtensionApproved string `yaml:"extension_approved" need:"Due,Comment"` // {{.Due}}: the new deadline
	ExtensionRefused  string `yaml:"extension_refused" need:"Comment"`      // {{.Due}}
	ReviewRejected    string `yaml:"review_rejected" need:"Comment"`        // the office sent the reply back: {{.Due}} {{.Comment}}
	RatingReopen      string `yaml:"rating_reopen"`                         // the citizen was not satisfied: {{.Due}}
	Supervise         string `yaml:"supervise" need:"Comment"`              // 督办
	Instruction       string `yaml:"instruction" need:"Due,Comment"`        // 批示: {{.Due}} the 批示件's deadline, {{.Leader}} who gave it
	// A 批示件's deadline nears (instruction_remind) or has passed
	// (instruction_overdue): to the handling department; the office_
	// texts go to the office's supervision desk ({{.Department}}: who
	// handles it).
	InstructionRemind        string `yaml:"instruction_remind"`
	InstructionOverdue       string `yaml:"instruction_overdue"`
	InstructionOfficeRemind  string `yaml:"instruction_office_remind"`
	InstructionOfficeOverdue string `yaml:"instruction_office_overdue"`
	ReturnApproved           string `yaml:"return_approved"` // the office re-dispatched a returned order: {{.Department}}
	ReturnRefused            string `yaml:"return_refused"`  // the office kept the order with the department: {{.SignDue}}
	// ReturnAnswered and ReturnMerged: the office settled a returned
	// order without dispatching it again, answering it itself
	// ({{.Department}}: the office) or merging it into order {{.Into}}
	// as a repeat (并单); the department that returned it need not
	// handle it.
	ReturnAnswered string `yaml:"return_answered"`
	ReturnMerged   string `yaml:"return_merged" need:"Into"`
	Cancelled      string `yaml:"cancelled"` // the citizen withdrew an order the department had
	// CoDispatch tells a co-handling department (协办) of an order led by
	// {{.Department}}, and by when ({{.Due}}) to give its part; CoReply
	// tells the lead department that co-handling department
	// {{.Department}} gave it, {{.Comment}}.
	CoDispatch string `yaml:"co_dispatch" need:"Department,Due"`
	CoReply    string `yaml:"co_reply" need:"Department,Comment"`
	// InstructionReplied and InstructionClosed go to the inbox of the
	// leader who gave the order an instruction (批示), shown on the
	// leader's start page: the result is in (the department replied, or
	// the office answered directly) and the order is closed (办结). They
	// name the order ({{.Number}}, {{.Title}}), who gave the result
	// ({{.Department}}) and the reply's first words ({{.Comment}}).
	InstructionReplied string `yaml:"instruction_replied" need:"Number,Department,Comment"`
	InstructionClosed  string `yaml:"instruction_closed" need:"Number,Department,Comment"`
	// LeaderItemReplied goes to the inbox of the leader whose duty
	// session (领导接听) took the order, when it is replied to, in the
	// same words' data.
	LeaderItemReplied string `yaml:"leader_item_replied" need:"Number,Department,Comment"`
}

// ReminderData is what the reminder texts are filled with.
type ReminderData struct {
	Number  string // the order's number
	Title   string // the order's title
	Due     string // the finish deadline, written for people
	SignDue string // the sign deadline
	Comment string // the office's comment
	// Department is the department the order went to instead.
	Department string
	// Leader is who gave an instruction (批示): the leader's display name,
	// else the login, as the order's history names them.
	Leader string
	// Into is the order a repeat was merged into (并单).
	Into string
}

// HistoryTexts are the notes an order's history shows for what happened
// to it (the console's order view, tickets show), in Chinese;
// text/template over HistoryData. What staff typed (a reason, a comment)
// comes in as {{.Note}} or {{.Reason}}, which the texts that get it must
// show (need tags, as for ReminderTexts).
type HistoryTexts struct {
	Dispatch         string `yaml:"dispatch" need:"Department,Note"` // {{.Department}}, {{.CoDepartments}} (joined by 、), the dispatcher's {{.Note}}
	CoReply          string `yaml:"co_reply" need:"Department,Note"` // a co-handling department ({{.Department}}) gave its part (协办意见): {{.Note}}
	AutoDispatch     string `yaml:"auto_dispatch"`                   // the note of an automatic dispatch (直派), as {{.Note}} of dispatch
	Hold             string `yaml:"hold" need:"Reason"`              // the order waits in 待派单: {{.Reason}} (one of hold_reasons)
	Merge            string `yaml:"merge" need:"Number,Note"`        // merged into order {{.Number}}, with the {{.Note}}
	MergeIn          string `yaml:"merge_in"`                        // the repeat {{.Number}} was merged into this order
	RequestExtension string `yaml:"request_extension" need:"Reason"` // the department's {{.Reason}}; {{.Due}} the deadline asked for, which the console shows beside the note (申请延期至) without it
	RedoDue          string `yaml:"redo_due"`                        // the new deadline of a reopened order: {{.Due}}
	Visit            string `yaml:"visit"`                           // the citizen's rating of an answered order: {{.Satisfaction}}
	Rate             string `yaml:"rate"`                            // a rating of an order already visited or closed: {{.Satisfaction}}
	RatingReopen     string `yaml:"rating_reopen"`                   // reopened after an unsatisfied rating
	RatingClose      string `yaml:"rating_close"`                    // closed after a rating of 满意 or 基本满意: {{.Satisfaction}}
	VisitTimeout     string `yaml:"visit_timeout"`                   // closed without a rating within {{.Days}} days
	SignOverdue      string `yaml:"sign_overdue"`                    // the sign deadline {{.Due}} passed and the department has not signed for the order (超时未签收)
	NotNotified      string `yaml:"not_notified"`                    // the citizen's channel is not configured (a caller without SMS): told by no message, to be called
	// A leaders' duty session made the order the leader's item (领导接听件):
	// {{.Leader}} is the leader's title and name. leader_item: marked by
	// hand (列为领导接听件); leader_item_handover: the chat was handed to the
	// leader's account; leader_item_taken: the leader registered it.
	LeaderItem         string `yaml:"leader_item"`
	LeaderItemHandover string `yaml:"leader_item_handover"`
	LeaderItemTaken    string `yaml:"leader_item_taken"`
	AcceptBot          string `yaml:"accept_bot"`     // the citizen confirmed the bot's summary
	AcceptAgent        string `yaml:"accept_agent"`   // an agent registered the order in the console
	AcceptCall         string `yaml:"accept_call"`    // an agent registered a phone call: {{.Call}} the switch's id ("" for one it did not report), {{.ThreeWay}} with the department on the line
	KBAnswer           string `yaml:"kb_answer"`      // answered from the knowledge base: {{.Entry}} {{.Score}}
	CitizenCancel      string `yaml:"citizen_cancel"` // the citizen withdrew the order
	Notified           string `yaml:"notified"`       // {{.Department}} was told by {{.Recipients}} of {{.Kind}}; {{.Delayed}}: when, after quiet hours
}

// HistoryData is what the history texts are filled with.
type HistoryData struct {
	Number        string // another order's number (merge, merge_in)
	Department    string // the main department (主办)
	CoDepartments string // the co-departments (协办), joined by 、
	Note          string // what the person acting wrote
	Reason        string // a hold reason, or the department's reason
	Due           string // a deadline, written for people
	Satisfaction  string // 满意, 基本满意 or 不满意
	Words         string // what the citizen wrote with a rating beyond the rating (晚上还在摆); empty for a bare one
	Days          int    // time_limits.visit_days
	Leader        string // a duty session's leader: title and name (副市长张明)
	Call          string // the phone call's id
	ThreeWay      bool   // the department joined the call (三方通话)
	Entry         string // the knowledge-base entry's id
	Score         string // how well it matched, 0.82
	Recipients    string // who was told, joined by 、
	Kind          string // what they were told of (notify.kind_labels)
	Delayed       string // when a notice held for quiet hours goes out; empty when at once
}

// HoldReasons say why an order waits in the office's 待派单 queue instead
// of going to its department at once (dispatch:); the queue shows them and
// history_texts.hold records them. text/template over HoldData.
type HoldReasons struct {
	AutoOff         string `yaml:"auto_off"`         // dispatch.auto is false
	Emergency       string `yaml:"emergency"`        // an emergency: {{.Number}} is 110, 119, 120, 122 or empty
	Sensitive       string `yaml:"sensitive"`        // {{.Word}}: the one of dispatch.sensitive found
	NoDepartment    string `yaml:"no_department"`    // no department, or the office itself
	LowCategory     string `yaml:"low_category"`     // {{.Confidence}} below {{.Min}} (dispatch.min_confidence)
	LowDepartment   string `yaml:"low_department"`   // {{.Confidence}} below {{.Min}}
	Repeat          string `yaml:"repeat"`           // already marked as a repeat
	SuspectedRepeat string `yaml:"suspected_repeat"` // the same citizen's open order {{.Number}} of the same category
}

// HoldData is what the hold reasons are filled with.
type HoldData struct {
	Number     string // the emergency number, or the other order's number
	Word       string // the sensitive word
	Confidence string // the classifier's confidence, 0.40
	Min        string // dispatch.min_confidence, 0.60
}

// DeliveryTexts say, in Chinese and for staff, what became of a message
// that did not go out at once: on the message in the conversation view,
// and in the order's history when the message belongs to an order.
// text/template over DeliveryData.
type DeliveryTexts struct {
	Retrying       string `yaml:"retrying"`         // an attempt failed, another follows: {{.Attempts}} {{.Reason}}
	Failed         string `yaml:"failed"`           // given up: {{.Attempts}} {{.Reason}}
	SentAfterRetry string `yaml:"sent_after_retry"` // out after failed attempts: {{.Attempts}}
	Rerouted       string `yaml:"rerouted"`         // handed to another channel: {{.From}} {{.Channel}} {{.Reason}}
	// Undelivered: the gateway accepted it, then reported it undelivered
	// (an SMS refused by the SMSC or not delivered to the handset):
	// {{.Reason}} is smsc_reject or undelivered_report below.
	Undelivered string `yaml:"undelivered"`
	// ToCitizen and ToDepartment are the order history's notes: {{.State}}
	// is one of the three above, filled in; {{.Channel}} the channel's
	// label, {{.Excerpt}} the message's first words.
	ToCitizen    string `yaml:"to_citizen"`
	ToDepartment string `yaml:"to_department"`
	// The reasons ({{.Reason}} above).
	Timeout       string `yaml:"timeout"`        // the channel's API did not answer in time
	NotConfigured string `yaml:"not_configured"` // the channel is not configured
	Refused       string `yaml:"refused"`        // the platform refused it for good
	Unavailable   string `yaml:"unavailable"`    // any other failure
	// A fallback to another channel: the first channel could not reach the
	// citizen (WeChat outside its reply window and no template message).
	FallbackReason string `yaml:"fallback_reason"`
	SMSCReject     string `yaml:"smsc_reject"`        // the SMS centre refused the message
	ReportFailed   string `yaml:"undelivered_report"` // the gateway reported it not delivered to the handset
}

// DeliveryData is what the delivery texts are filled with.
type DeliveryData struct {
	Attempts int    // attempts so far
	Reason   string // one of the reasons, filled in
	Channel  string // the channel's zh-CN label (empty when unknown); for rerouted, the channel it went to
	From     string // rerouted: the label of the channel it could not go by
	Excerpt  string // the message's first words
	State    string // retrying, failed, sent_after_retry, rerouted or undelivered, filled in
}

// SummaryTexts write the order as the bot understood it, shown to the
// citizen before 确认 ({{.Summary}} of replies.confirm), and deadlines
// not yet known; text/template over SummaryData.
type SummaryTexts struct {
	Summary  string `yaml:"summary"`   // {{.Title}} {{.Type}} {{.Category}} {{.Place}} {{.Phone}} {{.Department}} {{.Urgency}} (empty when normal)
	Location string `yaml:"location"`  // a shared location without an address: {{.Lat}}, {{.Lng}}
	NotGiven string `yaml:"not_given"` // a place or phone the citizen has not given
	NoDue    string `yaml:"no_due"`    // {{.Due}} of a reply when the deadline is not known yet
}

// SummaryData is what the summary texts are filled with.
type SummaryData struct {
	Title      string
	Type       string // 投诉, 咨询 …
	Category   string // the category's name
	Place      string // district, town and address, a location, or not_given
	Phone      string // or not_given
	Department string
	Urgency    string // 紧急 or 特急; empty for 一般
	Lat, Lng   string // a location's coordinates, 35.41459
}

// Render fills tmpl (one of the texts above, checked by config check)
// with data; a template that fails gives its own text.
func Render(tmpl string, data any) string {
	if s, ok := renderPlain(tmpl, data); ok {
		return s
	}
	return renderTemplate(tmpl, data)
}

// renderTemplate is Render through text/template alone (a text that does
// not parse, or fails on data, is given back as it is).
func renderTemplate(tmpl string, data any) string {
	t := parsed(tmpl)
	if t == nil {
		return tmpl
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return tmpl
	}
	return b.String()
}

// renderCache holds the parsed texts Render has seen (nil for one that
// does not parse): a config has a few hundred, and parsing took most of
// Render's time on every message. Past maxRendered texts, Render parses
// without keeping, so that a caller passing ever new texts cannot grow it.
var renderCache struct {
	sync.RWMutex
	m map[string]*template.Template
}

const maxRendered = 4096

// parsed returns tmpl parsed, or nil when it does not parse.
func parsed(tmpl string) *template.Template {
	renderCache.RLock()
	t, ok := renderCache.m[tmpl]
	renderCache.RUnlock()
	if ok {
		return t
	}
	t, err := template.New("text").Parse(tmpl)
	if err != nil {
		t = nil
	}
	renderCache.Lock()
	defer renderCache.Unlock()
	if renderCache.m == nil {
		renderCache.m = map[string]*template.Template{}
	}
	if len(renderCache.m) < maxRendered {
		renderCache.m[tmpl] = t
	}
	return t
}

func (v *validator) agentTexts() {
	v.templates("agent_texts", v.c.AgentTexts, AgentTextData{ID: "a1b2c3", Channel: "微信", Emergency: true, Title: "t",
		Category: "c", District: "d", Earlier: 1, Text: "t", Location: "l", Agent: "a", Holder: "h", Error: "e"})
}

func (v *validator) reminderTexts() {
	v.templates("reminder_texts", v.c.ReminderTexts, ReminderData{Number: "20260101-0001", Title: "t", Due: "d", SignDue: "s", Comment: "c", Department: "d", Leader: "l", Into: "20260101-0002"})
	// The history shows a reminder after its action's label: a text that
	// starts with that label shows it twice (催办：催办：工单…).
	rv := reflect.ValueOf(v.c.ReminderTexts)
	for i := range rv.NumField() {
		name := yamlName(rv.Type().Field(i))
		action := ReminderAction(name)
		if action == "" {
			continue
		}
		label := strings.TrimSpace(LabelMap(v.c.ConsoleLabels.Actions)[action])
		text := strings.TrimSpace(rv.Field(i).String())
		if label != "" && strings.HasPrefix(text, label) {
			v.add("reminder_texts."+name, msgReminderLabel,
				label, label, text, label, action)
		}
	}
}

// ReminderAction is the history action (console_labels.actions) under
// which the scheduler records the reminder text named key (a key of
// reminder_texts) as the event's note, or "" for a text the history does
// not keep. The console shows the action's label before the note.
func ReminderAction(key string) string {
	switch key {
	case "remind_sign", "remind_finish":
		return "remind"
	case "escalate":
		return "escalate"
	case "instruction_remind", "instruction_office_remind":
		return "remind_instruction"
	case "instruction_overdue", "instruction_office_overdue":
		return "instruction_overdue"
	}
	return ""
}

func (v *validator) historyTexts() {
	v.templates("history_texts", v.c.HistoryTexts, HistoryData{Number: "20260101-0001", Department: "d", CoDepartments: "c",
		Note: "n", Reason: "r", Due: "d", Satisfaction: "满意", Days: 3, Call: "c1", ThreeWay: true, Entry: "kb1", Score: "0.82",
		Recipients: "r", Kind: "k", Delayed: "d", Leader: "l"})
	v.templates("hold_reasons", v.c.HoldReasons, HoldData{Number: "119", Word: "w", Confidence: "0.40", Min: "0.60"})
	v.templates("delivery_texts", v.c.DeliveryTexts, DeliveryData{Attempts: 2, Reason: "r", Channel: "短信", Excerpt: "e", State: "s"})
	v.templates("summary_texts", v.c.SummaryTexts, SummaryData{Title: "t", Type: "投诉", Category: "c", Place: "p", Phone: "p",
		Department: "d", Urgency: "紧急", Lat: "35.41459", Lng: "116.58724"})
	labels := reflect.ValueOf(v.c.Channels.WeChat.TemplateStatus)
	for i := range labels.NumField() {
		v.nonEmpty("channels.wechat.template_status."+yamlName(labels.Type().Field(i)), labels.Field(i).String())
	}
}

// templates checks that every field of texts (a struct of strings) is a
// template that sample fills.
func (v *validator) templates(section string, texts, sample any) {
	rv := reflect.ValueOf(texts)
	rt := rv.Type()
	for i := range rt.NumField() {
		p := section + "." + yamlName(rt.Field(i))
		text := rv.Field(i).String()
		if !v.nonEmpty(p, text) {
			continue
		}
		if v.template(p, text, sample) {
			v.needs(p, text, rt.Field(i).Tag.Get("need"), sample)
		}
	}
}

// template checks that text, the setting at p, is a template that sample
// fills, and tells whether it is.
func (v *validator) template(p, text string, sample any) bool {
	tmpl, err := template.New(p).Option("missingkey=error").Parse(text)
	if err != nil {
		v.add(p, msgBadTemplate, templateMessage(p, err))
		return false
	}
	if err := tmpl.Execute(io.Discard, sample); err != nil {
		if m := fieldRE.FindStringSubmatch(err.Error()); m != nil {
			v.add(p, msgNoField, m[1], strings.Join(placeholders(sample), "、"))
		} else {
			v.add(p, msgTemplateFails, templateMessage(p, err))
		}
		return false
	}
	return true
}

// needs reports a text (the setting at p, a template sample fills) that
// leaves out one of the placeholders need lists ("Due,Comment"): filled
// with sample and a mark in that field, its output must show the mark. A
// text that tests the field ({{with .Comment}}：{{.}}{{end}}) passes. A
// flag (a bool, such as agent_texts.header's Emergency) is needed when
// the text says the same with it set and unset.
func (v *validator) needs(p, text, need string, sample any) {
	if need == "" {
		return
	}
	const mark, markNumber = "\x00need\x00", 918273645
	for _, name := range strings.Split(need, ",") {
		data := reflect.New(reflect.TypeOf(sample)).Elem()
		data.Set(reflect.ValueOf(sample))
		want := mark
		switch f := data.FieldByName(name); f.Kind() {
		case reflect.String:
			f.SetString(mark)
		case reflect.Int, reflect.Int64:
			f.SetInt(markNumber)
			want = strconv.Itoa(markNumber)
		case reflect.Bool:
			tmpl := template.Must(template.New(p).Parse(text))
			var set, unset strings.Builder
			f.SetBool(true)
			errSet := tmpl.Execute(&set, data.Interface())
			f.SetBool(false)
			errUnset := tmpl.Execute(&unset, data.Interface())
			if errSet == nil && errUnset == nil && set.String() == unset.String() {
				v.add(p, msgNeedsFlag, name, name)
			}
			continue
		default:
			panic("config: need names " + name + ", neither a string, an int nor a bool")
		}
		var b strings.Builder
		if err := template.Must(template.New(p).Parse(text)).Execute(&b, data.Interface()); err == nil && !strings.Contains(b.String(), want) {
			v.add(p, msgNeedsField, name, name)
		}
	}
}

// placeholders lists the fields of sample, a struct, as {{.Field}}.
func placeholders(sample any) []string {
	t := reflect.TypeOf(sample)
	out := make([]string, t.NumField())
	for i := range t.NumField() {
		out[i] = "{{." + t.Field(i).Name + "}}"
	}
	return out
}
