package config

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Notify configures how departments are told outside the console (package
// notify): their liaison officers by SMS and WeCom application message,
// their WeCom group robot, and a signed webhook for other systems.
type Notify struct {
	// Kinds are the department inbox entries that are sent: dispatch,
	// remind_sign, remind_finish (yellow), escalate (red), supervise (督办),
	// instruction (批示), instruction_remind and instruction_overdue (a
	// 批示件's own deadline), report (a new report, to the leaders), reopen,
	// extension (a decision on an extension),
	// return (a decision on a return), cancel (the citizen withdrew the
	// order: the department need not handle it); and, to a leader's own
	// contact (Leaders.Contacts), instruction_replied and
	// instruction_closed (what became of their 批示件) and
	// leader_item_replied (their duty session's order was replied to),
	// all three required while Leaders.Contacts lists anyone (LeaderKinds).
	Kinds []string `yaml:"kinds"`
	// Text is the message, a text/template over NotifyData: .Text (the
	// inbox entry), .Number, .Title, .Department, .Kind, .KindLabel and
	// .URL (the order's page in the console, with server.base_url).
	Text string `yaml:"text"`
	// KindLabels name the kinds ({{.KindLabel}} of Text, and the order's
	// history).
	KindLabels NotifyKindLabels `yaml:"kind_labels"`
	// Recipients name who was told, in the order's history.
	Recipients NotifyRecipients `yaml:"recipients"`
	// QuietHours "22:00-07:00": notices of non-urgent orders wait until it
	// ends; urgent and emergency orders are sent at once. Empty = none.
	QuietHours string `yaml:"quiet_hours"`
	// SMS sends to the liaisons' mobiles through the SMS channel.
	SMS bool `yaml:"sms"`
	// Poll is how often the inboxes are read for new entries (10s).
	Poll    Duration      `yaml:"poll"`
	WeCom   WeCom         `yaml:"wecom"`
	Webhook NotifyWebhook `yaml:"webhook"`
	// Leaders are told when a scheduled report is out (kind report),
	// through the departments' channels: their liaisons (秘书) by SMS and
	// WeCom application message, their WeCom group robot, the webhook.
	Leaders Leaders `yaml:"leaders"`
	// ReportText is what they are told, inside Text (as its .Text): a
	// text/template over ReportNoticeData.
	ReportText string `yaml:"report_text"`
}

// Leaders are the city's leaders as notify tells them of new reports.
type Leaders struct {
	// Name names them in the notices' records and to the webhook (市领导).
	Name     string    `yaml:"name"`
	Liaisons []Liaison `yaml:"liaisons,omitempty"`
	// RobotKey is the key of the leaders' WeCom group robot; "env:NAME"
	// reads it from the environment.
	RobotKey string `yaml:"wecom_robot_key,omitempty"`
	// Contacts are each leader's own mobile and WeCom user, by the
	// leader's console account: what that account's console inbox gets
	// (workflow.LeaderInbox: the results of their 批示件, the replies to
	// the orders of their duty sessions) is also sent there, by SMS and
	// WeCom application message, as a department's liaisons are told of
	// their inbox. A leader without a contact is told in the console only.
	Contacts []LeaderContact `yaml:"contacts,omitempty"`
}

// LeaderContact is where a leader who works from a phone is told of their
// console inbox: Account is the leader's console login; Name, Mobile and
// WeCom as a liaison's (the leader's own, or a secretary's who reads for
// them).
type LeaderContact struct {
	Account string `yaml:"account"`
	Name    string `yaml:"name"`
	Mobile  string `yaml:"mobile"`
	WeCom   string `yaml:"wecom_user"` // WeCom user id (成员账号)
}

// LeaderContact returns the contact of the leader whose console login is
// account, and false when the config has none.
func (n Notify) LeaderContact(account string) (LeaderContact, bool) {
	for _, c := range n.Leaders.Contacts {
		if c.Account == account {
			return c, true
		}
	}
	return LeaderContact{}, false
}

// DefaultLeadersName names the leaders when notify.leaders.name is empty.
const DefaultLeadersName = "市领导"

// LeadersDepartment is the leaders as a department of notify: its name,
// liaisons and robot, for the departments' channels.
func (n Notify) LeadersDepartment() Department {
	name := strings.TrimSpace(n.Leaders.Name)
	if name == "" {
		name = DefaultLeadersName
	}
	return Department{Name: name, Kind: KindOffice, Liaisons: n.Leaders.Liaisons, RobotKey: n.Leaders.RobotKey}
}

// ReportNoticeData fills notify.report_text.
type ReportNoticeData struct {
	Kind      string // weekly, monthly, quarterly
	KindLabel string // 周报, 月报, 季报
	Period    string // 2026-W48, 2026-11, 2026-Q4
	Label     string // 2026年11月
	From, To  string // YYYY-MM-DD
	Received  int64  // orders received in the period
	URL       string // the console's reports page (server.base_url + /desk/reports); "" without base_url
}

// WeCom is a WeCom (企业微信) self-built application that sends application
// messages to liaison officers; group robots need only their keys.
type WeCom struct {
	CorpID     string `yaml:"corp_id"`
	CorpSecret string `yaml:"corp_secret"` // HOTLINE_NOTIFY_WECOM_CORP_SECRET
	AgentID    int    `yaml:"agent_id"`
	// APIBaseURL replaces https://qyapi.weixin.qq.com (a proxy); empty =
	// WeCom itself.
	APIBaseURL string `yaml:"api_base_url"`
}

// NotifyWebhook posts every notice as signed JSON to another system (a
// DingTalk gateway, the city's OA), signed like POST /api/calls.
type NotifyWebhook struct {
	URL    string `yaml:"url"`
	Secret string `yaml:"secret"` // HOTLINE_NOTIFY_WEBHOOK_SECRET
}

// Liaison is a department's liaison officer (联络员).
type Liaison struct {
	Name   string `yaml:"name"`
	Mobile string `yaml:"mobile"`
	WeCom  string `yaml:"wecom_user"` // WeCom user id (成员账号)
}

// NotifyData is what notify.text is filled with.
type NotifyData struct {
	Text       string // the inbox entry's text
	Number     string // the order's number
	Title      string // the order's title (empty when the order is gone)
	Department string // the department told
	Kind       string // the inbox entry's kind: dispatch, remind_sign …
	KindLabel  string // its label (notify.kind_labels)
	// URL is the order's page in the console (server.base_url +
	// /desk/orders/NUMBER; the console asks for the login first and then
	// opens it), so that a liaison who reads the notice in WeCom or an SMS
	// opens the order in one tap; "" without base_url, for a department
	// that no longer holds the order (a return approved) and for a report
	// (notify.report_text has its own .URL).
	URL string
}

// NotifyKindLabels are the zh-CN names of the inbox entry kinds that
// notify sends (NotifyKinds).
type NotifyKindLabels struct {
	Dispatch     string `yaml:"dispatch"`
	CoDispatch   string `yaml:"co_dispatch"` // an order to co-handle (协办)
	CoReply      string `yaml:"co_reply"`    // a co-handling department's part, to the lead
	RemindSign   string `yaml:"remind_sign"`
	RemindFinish string `yaml:"remind_finish"`
	Escalate     string `yaml:"escalate"`
	Supervise    string `yaml:"supervise"`
	Instruction  string `yaml:"instruction"`
	// InstructionRemind and InstructionOverdue: a 批示件's deadline nears
	// or has passed.
	InstructionRemind  string `yaml:"instruction_remind"`
	InstructionOverdue string `yaml:"instruction_overdue"`
	Reopen             string `yaml:"reopen"`
	Extension          string `yaml:"extension"`
	Return             string `yaml:"return"`
	Report             string `yaml:"report"` // a new report, to the leaders
	// InstructionReplied and InstructionClosed: a leader's own inbox
	// (notify.leaders.contacts): the result of their 批示件 or of their
	// duty session's order is in, or the order is closed.
	InstructionReplied string `yaml:"instruction_replied"`
	InstructionClosed  string `yaml:"instruction_closed"`
	LeaderItemReplied  string `yaml:"leader_item_replied"` // a leader's duty-session order replied to
	Cancel             string `yaml:"cancel"`              // the citizen withdrew the order (撤销)
}

// Label returns the label of kind, and "" for a kind notify does not send.
func (l NotifyKindLabels) Label(kind string) string {
	v := reflect.ValueOf(l)
	for i := range v.NumField() {
		if yamlName(v.Type().Field(i)) == kind {
			return v.Field(i).String()
		}
	}
	return ""
}

// NotifyRecipients name who a department's notice went to, in the
// order's history; text/template over RecipientData.
type NotifyRecipients struct {
	SMS     string `yaml:"sms"`         // liaison officers by SMS: {{.Names}}
	WeCom   string `yaml:"wecom"`       // liaison officers by WeCom application message: {{.Names}}
	Robot   string `yaml:"wecom_robot"` // the department's WeCom group
	Webhook string `yaml:"webhook"`     // the external system behind notify.webhook
	// A leader's own contact (notify.leaders.contacts), after the
	// leader's name in history_texts.notified.
	LeaderSMS   string `yaml:"leader_sms"`
	LeaderWeCom string `yaml:"leader_wecom"`
}

// RecipientData is what the recipients' names are filled with.
type RecipientData struct {
	Names string // the liaison officers' names, joined by 、
}

// NotifyKinds lists the inbox entry kinds notify can send.
func NotifyKinds() []string {
	return []string{"dispatch", "co_dispatch", "co_reply", "remind_sign", "remind_finish", "escalate", "supervise", "instruction", "instruction_remind", "instruction_overdue", "reopen", "extension", "return", "cancel", "report", "instruction_replied", "instruction_closed", "leader_item_replied"}
}

// ParseQuietHours reads "22:00-07:00" into minutes after midnight; ok is
// false for "" (no quiet hours).
func ParseQuietHours(s string) (from, to int, ok bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, 0, false, nil
	}
	a, b, found := strings.Cut(s, "-")
	if !found {
		return 0, 0, false, msgQuietHours.err(s)
	}
	ta, err1 := time.Parse("15:04", strings.TrimSpace(a))
	tb, err2 := time.Parse("15:04", strings.TrimSpace(b))
	if err1 != nil || err2 != nil || ta.Equal(tb) {
		return 0, 0, false, msgQuietHours.err(s)
	}
	return ta.Hour()*60 + ta.Minute(), tb.Hour()*60 + tb.Minute(), true, nil
}

// Key returns the robot key, read from the environment for "env:NAME".
func (d Department) Key() string {
	if name, ok := strings.CutPrefix(d.RobotKey, "env:"); ok {
		return os.Getenv(name)
	}
	return d.RobotKey
}

func (v *validator) notify() {
	n := v.c.Notify
	for i, k := range n.Kinds {
		if !slices.Contains(NotifyKinds(), k) {
			v.add(fmt.Sprintf("notify.kinds[%d]", i), msgNotifyKind, k, strings.Join(NotifyKinds(), "、"))
		}
	}
	if strings.TrimSpace(n.Text) == "" {
		v.add("notify.text", msgEmpty)
	} else {
		v.template("notify.text", n.Text, NotifyData{Text: "t", Number: "20260101-0001", Title: "t", Department: "d", Kind: "dispatch", KindLabel: "k", URL: "https://12345.example.gov.cn/desk/orders/20260101-0001"})
	}
	v.templates("notify.kind_labels", n.KindLabels, NotifyData{})
	v.templates("notify.recipients", n.Recipients, RecipientData{Names: "n"})
	if _, _, _, err := ParseQuietHours(n.QuietHours); err != nil {
		v.addErr("notify.quiet_hours", err)
	}
	v.positive("notify.poll", n.Poll)
	w := n.WeCom
	v.both("notify.wecom.corp_id", w.CorpID, "notify.wecom.corp_secret", w.CorpSecret)
	v.both("notify.wecom.corp_secret", w.CorpSecret, "notify.wecom.corp_id", w.CorpID)
	if w.CorpID != "" && w.AgentID <= 0 {
		v.add("notify.wecom.agent_id", msgWeComAgentID)
	}
	v.url("notify.wecom.api_base_url", w.APIBaseURL)
	v.url("notify.webhook.url", n.Webhook.URL)
	if n.Webhook.URL != "" && len(n.Webhook.Secret) < 16 {
		v.add("notify.webhook.secret", msgWebhookSecret)
	}
	if strings.TrimSpace(n.ReportText) == "" {
		if slices.Contains(n.Kinds, "report") {
			v.add("notify.report_text", msgReportTextNeeded)
		}
	} else {
		v.template("notify.report_text", n.ReportText, ReportNoticeData{Kind: "monthly", KindLabel: "月报", Period: "2026-11",
			Label: "2026年11月", From: "2026-11-01", To: "2026-11-30", Received: 1, URL: "https://12345.example/desk/reports"})
	}
	sms := v.c.Channels.Kannel.SendURL != "" || v.c.Channels.Twilio.AccountSID != ""
	v.liaisons("notify.leaders", n.Leaders.Liaisons, n.Leaders.RobotKey, sms)
	v.leaderContacts(n.Leaders.Contacts, sms)
	v.leaderKinds(n)
	for i, d := range v.c.Departments {
		v.liaisons(fmt.Sprintf("departments[%d]", i), d.Liaisons, d.RobotKey, sms)
	}
}

// liaisons checks the liaisons and the robot key of a department (or of
// the leaders) at path.
func (v *validator) liaisons(path string, list []Liaison, robotKey string, sms bool) {
	for j, l := range list {
		p := fmt.Sprintf("%s.liaisons[%d]", path, j)
		v.nonEmpty(p+".name", l.Name)
		v.contactWays(p, l.Mobile, l.WeCom, sms)
	}
	if robotKey != "" && strings.ContainsAny(robotKey, "/?&= ") {
		v.add(path+".wecom_robot_key", msgRobotKey)
	}
}

// leaderContacts checks notify.leaders.contacts: each names a console
// account, once, and has a name and a way to reach the leader that the
// config can send through.
func (v *validator) leaderContacts(list []LeaderContact, sms bool) {
	seen := map[string]int{}
	for j, c := range list {
		p := fmt.Sprintf("notify.leaders.contacts[%d]", j)
		account := strings.TrimSpace(c.Account)
		v.nonEmpty(p+".account", account)
		if i, dup := seen[account]; dup && account != "" {
			v.add(p+".account", msgLeaderContactTwice, account, i)
		}
		seen[account] = j
		v.nonEmpty(p+".name", c.Name)
		v.contactWays(p, c.Mobile, c.WeCom, sms)
	}
}

// LeaderKinds are the kinds of a leader's own inbox (workflow.LeaderInbox)
// that notify sends to the leader's contact (notify.leaders.contacts).
func LeaderKinds() []string {
	return []string{"instruction_replied", "instruction_closed", "leader_item_replied"}
}

// leaderKinds checks that notify.kinds lists every kind of a leader's
// inbox when notify.leaders.contacts lists leaders: a city's config
// written before those kinds existed lists its own kinds without them, and
// its leaders' contacts would then be told nothing, silently. The office
// listed the contacts to have them told; the problem names the kinds
// missing and the contacts that would get nothing.
func (v *validator) leaderKinds(n Notify) {
	if len(n.Leaders.Contacts) == 0 {
		return
	}
	var missing, labels []string
	for _, k := range LeaderKinds() {
		if !slices.Contains(n.Kinds, k) {
			missing = append(missing, k)
			labels = append(labels, n.KindLabels.Label(k))
		}
	}
	if len(missing) == 0 {
		return
	}
	var who []string
	for _, c := range n.Leaders.Contacts {
		who = append(who, fmt.Sprintf("%s（%s）", strings.TrimSpace(c.Name), strings.TrimSpace(c.Account)))
	}
	v.add("notify.kinds", msgLeaderKindsMissing, strings.Join(missing, "、"), strings.Join(labels, "、"), strings.Join(who, "、"))
}

// contactWays checks a person's ways to be reached at p (a department's
// liaison, a leader): a mobile or a WeCom user, each one the config can
// send through. Whether the number is a mobile, notify checks
// (notify.CheckConfig: domain.Parse is the one rule of a phone number,
// below config).
func (v *validator) contactWays(p, mobile, wecom string, sms bool) {
	if mobile == "" && wecom == "" {
		v.add(p, msgLiaisonContact)
	}
	if mobile != "" && v.c.Notify.SMS && !sms {
		v.add(p+".mobile", msgNoSMSChannel)
	}
	if wecom != "" && v.c.Notify.WeCom.CorpID == "" {
		v.add(p+".wecom_user", msgWeComUser)
	}
}
