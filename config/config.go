// Package config holds hotline's typed configuration: the city (districts,
// towns, departments), the category taxonomy and its routing, time limits,
// the working-day calendar, the bot's reply templates and the channels.
//
// The embedded default (default.yaml) describes a Jining-like city. A city
// replaces it with its own file; Load reports every problem with its YAML
// path and line. Environment variables named HOTLINE_* override single
// settings (see env.go).
package config

import (
	"strings"
	"time"
	"unicode"
)

// Routing keyword that sends an order to the government of the district the
// classifier found (属地管理).
const Territorial = "属地"

// Department kinds, used for ranking leagues.
const (
	KindGovernment = "government" // district / county government or functional-area committee
	KindMunicipal  = "municipal"  // municipal department
	KindUtility    = "utility"    // public utility / service unit
	KindOffice     = "office"     // the 12345 office itself
)

// Config is the whole configuration. It is a plain value passed down to the
// packages that need it; there is no global.
type Config struct {
	Server        Server        `yaml:"server"`
	City          City          `yaml:"city"`
	Districts     []District    `yaml:"districts"`
	Departments   []Department  `yaml:"departments"`
	Categories    []Category    `yaml:"categories"`
	TimeLimits    TimeLimits    `yaml:"time_limits"`
	Calendar      Calendar      `yaml:"calendar"`
	Bot           Bot           `yaml:"bot"`
	Replies       Replies       `yaml:"replies"`
	AgentTexts    AgentTexts    `yaml:"agent_texts"`
	ReminderTexts ReminderTexts `yaml:"reminder_texts"`
	HistoryTexts  HistoryTexts  `yaml:"history_texts"`
	HoldReasons   HoldReasons   `yaml:"hold_reasons"`
	DeliveryTexts DeliveryTexts `yaml:"delivery_texts"`
	SummaryTexts  SummaryTexts  `yaml:"summary_texts"`
	Emergency     []Emergency   `yaml:"emergency"`
	Dispatch      Dispatch      `yaml:"dispatch"`
	Desk          Desk          `yaml:"desk"`
	DeskTexts     DeskTexts     `yaml:"desk_texts"`
	ConsoleLabels ConsoleLabels `yaml:"console_labels"`
	StatusLabels  StatusLabels  `yaml:"status_labels"`
	ConsoleTexts  ConsoleTexts  `yaml:"console_texts"` // the console's own words (consoletexts.go)
	WebchatTexts  WebchatTexts  `yaml:"webchat_texts"` // the citizen's web-chat page's words (webchattexts.go)
	ReportTexts   ReportTexts   `yaml:"report_texts"`
	Outbox        Outbox        `yaml:"outbox"`
	NLP           NLP           `yaml:"nlp"`
	Channels      Channels      `yaml:"channels"`
	Report        Report        `yaml:"report"`
	Inspection    Inspection    `yaml:"inspection"` // 质检 of closed orders
	Duty          Duty          `yaml:"duty"`
	DutyTexts     DutyTexts     `yaml:"duty_texts"`
	RuleErrors    RuleErrors    `yaml:"rule_errors"`
	InputErrors   InputErrors   `yaml:"input_errors"`
	HTTPErrors    HTTPErrors    `yaml:"http_errors"`
	Calls         Calls         `yaml:"calls"`
	Notify        Notify        `yaml:"notify"`
	Retention     Retention     `yaml:"retention"`

	// ChannelLabels name the channels for staff and in reports (微信,
	// 短信, 电话…), by channel name; a channel not listed here takes its
	// descriptor's label, and one no longer wired the name itself.
	ChannelLabels map[string]string `yaml:"channel_labels"`

	// lines maps the YAML path of every value read from a file
	// ("categories[3].department") to its line, so that Validate can say
	// where a problem is. Values from the defaults or the environment have
	// no entry.
	lines map[string]int
}

// Report tunes the reports: the composite score's weights, the minimum
// sample for a ranking, and when reports are generated (city time).
type Report struct {
	Weights   ReportWeights `yaml:"weights"`
	MinSample int           `yaml:"min_sample"` // departments with fewer dispatched orders are listed, not ranked (10)
	Weekly    string        `yaml:"weekly"`     // "Mon 08:00": weekday and time of the weekly report; empty = off
	Monthly   string        `yaml:"monthly"`    // "1 08:00": day of month and time; empty = off
	Quarterly string        `yaml:"quarterly"`  // "1 08:00": day of the quarter's first month and time; empty = off
}

// Inspection is the office's quality inspection (质检) of closed orders:
// a supervisor samples them (Sample a department a week by default) and
// scores each on Items, whose points add up to the order's score.
type Inspection struct {
	Sample int              `yaml:"sample"` // orders drawn per department by one sampling (3)
	Items  []InspectionItem `yaml:"items"`
}

// MaxInspectionSample is the most orders one sampling may draw a
// department: the bound of inspection.sample and of the console's own
// choice.
const MaxInspectionSample = 100

// InspectionItem is one thing an inspected order is scored on (答复规范,
// 办理实效, 回访真实): 0 to Points.
type InspectionItem struct {
	Code   string `yaml:"code" json:"code"` // the score's key in the records
	Name   string `yaml:"name" json:"name"` // what the console and the reports call it
	Points int    `yaml:"points" json:"points"`
}

// MaxPoints is the most an inspected order can score: the items' points.
func (in Inspection) MaxPoints() int {
	n := 0
	for _, it := range in.Items {
		n += it.Points
	}
	return n
}

// Duty tunes the leaders' duty sessions (领导接听).
type Duty struct {
	PublishDays int `yaml:"publish_days"` // a session is public this many days ahead (7)
}

// ReportWeights weigh the rates of the composite score (响应率, 解决率,
// 满意率); they need not add up to 1.
type ReportWeights struct {
	Response     float64 `yaml:"response"`     // 响应率: signed on time / dispatched (0.30)
	Resolve      float64 `yaml:"resolve"`      // 解决率: resolved / rated (0.35)
	Satisfaction float64 `yaml:"satisfaction"` // 满意率: (满意 + 基本满意) / rated (0.35)
}

// Server holds the listener and storage settings.
type Server struct {
	Addr      string `yaml:"addr"`       // HOST:PORT, default ":8080"
	DataDir   string `yaml:"data_dir"`   // default "./data"; the DB is DataDir/hotline.db
	BaseURL   string `yaml:"base_url"`   // public URL, used in links and webhook signatures
	LogFormat string `yaml:"log_format"` // "text" or "json"
	LogLevel  string `yaml:"log_level"`  // debug, info, warn, error
	// MinFreeMB: /healthz reports the server degraded while less space is
	// free under DataDir (default 256; -1 turns the check off).
	MinFreeMB int `yaml:"min_free_mb"`
}

// City names the city and its 12345 office.
type City struct {
	Name     string `yaml:"name"`     // 济宁市
	Hotline  string `yaml:"hotline"`  // 12345
	Office   string `yaml:"office"`   // department name of the office's own queue (市长公开电话办公室)
	Timezone string `yaml:"timezone"` // IANA zone, default Asia/Shanghai
	// TimeFormat writes deadlines and times in the texts people read
	// (replies, reminders, histories): a Go time layout, 2006年1月2日 15:04.
	TimeFormat string `yaml:"time_format"`
}

// District is a district, county-level city, county or functional area.
type District struct {
	Name       string   `yaml:"name"`       // 兖州区
	Aliases    []string `yaml:"aliases"`    // 兖州
	Kind       string   `yaml:"kind"`       // district | county | area
	Government string   `yaml:"government"` // department that takes 属地 orders: 兖州区人民政府
	Towns      []string `yaml:"towns"`      // towns and streets (镇/街道/乡): 小孟镇, 鼓楼街道
	// Landmarks are names that imply the district: scenic sites, big
	// estates, hospitals, schools (孔庙, 三孔 → 曲阜市; 微山湖 → 微山县).
	Landmarks []string `yaml:"landmarks"`
}

// Department is a unit that can be dispatched orders.
type Department struct {
	Name    string   `yaml:"name"`
	Kind    string   `yaml:"kind"` // government | municipal | utility | office
	Aliases []string `yaml:"aliases"`
	Phone   string   `yaml:"phone"`
	// Liaisons are the department's liaison officers (联络员), told of new
	// orders, reminders and marks by SMS and WeCom (notify:).
	Liaisons []Liaison `yaml:"liaisons,omitempty"`
	// RobotKey is the key of the department's WeCom group robot (the
	// part after key= of its webhook URL); "env:NAME" reads it from the
	// environment variable NAME.
	RobotKey string `yaml:"wecom_robot_key,omitempty"`
}

// Category is one entry of the taxonomy.
type Category struct {
	Code       string   `yaml:"code"`       // SRHW
	Name       string   `yaml:"name"`       // 市容环卫
	Department string   `yaml:"department"` // a department name, or 属地
	Fallback   string   `yaml:"fallback"`   // for 属地: used when no district is known
	Utility    bool     `yaml:"utility"`    // an outage is urgent (24 h)
	Keywords   []string `yaml:"keywords"`   // cues for the keyword classifier
	// DistrictOverrides routes the category to another department in the
	// named districts (供热 in 兖州区 → 四和热力公司).
	DistrictOverrides map[string]string `yaml:"district_overrides"`
	// FinishDays overrides TimeLimits.FinishDays for this category (0 = default).
	FinishDays int `yaml:"finish_days"`
}

// TimeLimits are the deadlines of the workflow.
type TimeLimits struct {
	SignDays         int      `yaml:"sign_days"`          // sign for a dispatch within N working days (1)
	FinishDays       int      `yaml:"finish_days"`        // finish within N working days (5)
	UrgentHours      Duration `yaml:"urgent_hours"`       // urgent utility outage: 24h
	EmergencyHours   Duration `yaml:"emergency_hours"`    // emergencies: a few hours
	ConsultSameDay   bool     `yaml:"consult_same_day"`   // consultations due the same working day
	ReturnDays       int      `yaml:"return_days"`        // a department may return within N working days (2)
	MaxExtensionDays int      `yaml:"max_extension_days"` // an extension adds at most N working days (10)
	WarnDays         int      `yaml:"warn_days"`          // yellow N working days before the deadline (1)
	VisitDays        int      `yaml:"visit_days"`         // no rating after N days: not visited (3)
	// CoReplyDays is the working days a co-handling department (协办) has
	// from the dispatch to give the lead department its part (协办意见),
	// and never past the order's own deadline (3; 0: no deadline of its
	// own, the order's).
	CoReplyDays int `yaml:"co_reply_days"`
	// RemindShare: an order whose whole time, from its dispatch to its
	// deadline, lies within the WarnDays window (a 24-hour outage, a
	// same-day consultation) turns yellow, and its department is reminded
	// (催办), only once at most this share of that time is left (0.25), not
	// the minute it is dispatched. The time is working time, from
	// calls.workday_start to WorkdayEndHour on working days (clock time
	// when it holds no working hours at all).
	RemindShare float64 `yaml:"remind_share"`
	// InstructionDays: a 批示件 is due N working days after the leader's
	// instruction, with reminders WarnDays before and at the deadline (5;
	// 0 = no deadline of its own).
	InstructionDays int `yaml:"instruction_days"`
	WorkdayEndHour  int `yaml:"workday_end_hour"` // a same-day deadline ends at this hour (18)
}

// Calendar is the working-day calendar. China's public holidays and make-up
// working days come from a maintained library; these lists override it.
type Calendar struct {
	Holidays  []string `yaml:"holidays"`   // YYYY-MM-DD days off (added)
	Workdays  []string `yaml:"workdays"`   // YYYY-MM-DD make-up working days (added)
	NoLibrary bool     `yaml:"no_library"` // use only the lists above and weekends
}

// Bot holds the conversation engine's settings.
type Bot struct {
	DraftTimeout   Duration `yaml:"draft_timeout"`   // idle drafts expire (30m)
	MaxTextLen     int      `yaml:"max_text_len"`    // characters per inbound message (4000)
	MinConfidence  float64  `yaml:"min_confidence"`  // below: hand to an agent
	DedupeTTL      Duration `yaml:"dedupe_ttl"`      // keep dedupe keys at least this long (48h)
	HumanCommands  []string `yaml:"human_commands"`  // 人工, 转人工
	CancelCommands []string `yaml:"cancel_commands"` // 取消
	QueryCommands  []string `yaml:"query_commands"`  // 查询
	DutyCommands   []string `yaml:"duty_commands"`   // 领导接听安排: the leaders' duty sessions
	// CommandFillers are words around a command that do not change it
	// (我要找人工, 请转人工, 取消吧): dropped from the start and the end of
	// a message before it is compared with the commands above.
	CommandFillers []string `yaml:"command_fillers"`
	ConfirmWords   []string `yaml:"confirm_words"` // 确认, 是, 对
	DenyWords      []string `yaml:"deny_words"`    // 不对, 修改
	// PhoneWords are what citizens write around a phone number they give
	// (我的手机号是…): a message of a number and only these words, given
	// where the place was asked for, is the citizen's phone, not the
	// place, and the place is asked for again.
	PhoneWords []string `yaml:"phone_words"`
	// DeclineWords say that the citizen will not give a phone number
	// (不方便, 匿名): asked for one, the bot goes on without it.
	DeclineWords []string `yaml:"decline_words"`
	// RatingCommentWords make the words after a rating a comment on the
	// handling of the order rated (1，处理得很快; 3，还是很吵), never a new
	// matter, whatever the classifier reads in them.
	RatingCommentWords []string `yaml:"rating_comment_words"`
}

// PhoneDigit reports whether r is a digit of a phone number as citizens
// write one: ASCII or full width, or a Chinese numeral (幺三九…).
func PhoneDigit(r rune) bool {
	return unicode.IsDigit(r) || strings.ContainsRune("零〇一二三四五六七八九幺两", r)
}

// Replies are the bot's texts in Chinese. Placeholders use Go's
// text/template syntax: {{.Number}}, {{.Due}}, {{.Department}}…
type Replies struct {
	Welcome         string `yaml:"welcome"`
	AskProblem      string `yaml:"ask_problem"`
	AskPlace        string `yaml:"ask_place"`
	AskPhone        string `yaml:"ask_phone"`
	BadPhone        string `yaml:"bad_phone"`
	Confirm         string `yaml:"confirm"`
	AskAmend        string `yaml:"ask_amend"`
	Registered      string `yaml:"registered"`
	RegisteredHeld  string `yaml:"registered_held"`
	Cancelled       string `yaml:"cancelled"`
	NothingToCancel string `yaml:"nothing_to_cancel"`
	DutySchedule    string `yaml:"duty_schedule"` // {{.Schedule}}: the published duty sessions
	ToAgent         string `yaml:"to_agent"`
	AgentJoined     string `yaml:"agent_joined"`
	AgentLeft       string `yaml:"agent_left"`
	// AgentLabel labels an agent's messages in the citizen's web chat:
	// {{.Agent}} is the display name or the switch number (工号), empty
	// when the account has neither.
	AgentLabel     string `yaml:"agent_label"`
	Closed         string `yaml:"closed"`
	DraftExpired   string `yaml:"draft_expired"`
	Status         string `yaml:"status"`
	StatusNone     string `yaml:"status_none"`
	StatusNotFound string `yaml:"status_not_found"`
	Dispatched     string `yaml:"dispatched"`
	Extended       string `yaml:"extended"` // the office granted the department's extension: the new deadline, {{.Due}}
	ReplyReady     string `yaml:"reply_ready"`
	AskRating      string `yaml:"ask_rating"`
	OrderClosed    string `yaml:"order_closed"`
	Thanks         string `yaml:"thanks"`
	KBAnswer       string `yaml:"kb_answer"`
	NotHelpful     string `yaml:"not_helpful"`
	NotOurs        string `yaml:"not_ours"`
	RatingReopened string `yaml:"rating_reopened"` // after an unsatisfied rating: handled again, by whom
	// RatingLater answers a new matter raised where a rating was asked
	// for ("1，小区门口路灯坏了"): it is registered first, and the rating of
	// order {{.Number}} asked for again after.
	RatingLater   string `yaml:"rating_later"`
	ConfirmCancel string `yaml:"confirm_cancel"` // 取消 of a registered order: asked first
	CancelKept    string `yaml:"cancel_kept"`    // the citizen did not confirm the 取消
	GreetingAgain string `yaml:"greeting_again"` // 你好 in a conversation already under way
	MediaReceived string `yaml:"media_received"` // a photo or location while the bot waits for an answer
	// VoiceUnknown and Unsupported answer a WeChat voice message without
	// speech recognition and a message type the bot cannot read.
	VoiceUnknown string `yaml:"voice_unknown"`
	Unsupported  string `yaml:"unsupported"`
	// SMSOptOut confirms an SMS opt-out (退订) once: {{.City}}, {{.Hotline}}.
	SMSOptOut string `yaml:"sms_opt_out"`
	// Merged is the answer of an order merged into another as a repeat
	// (并单), sent to the citizen as {{.Reply}} of reply_ready: {{.Number}}
	// is the other order.
	Merged string `yaml:"merged"`
	// AskCategory is the one clarifying question when the classifier is
	// unsure of the category: {{.Choices}} lists the likeliest, numbered.
	AskCategory string `yaml:"ask_category"`
	// TooLong answers a message longer than the channel takes (Telegram),
	// and SharePhone labels the button that shares the citizen's own
	// number (Telegram).
	TooLong    string `yaml:"too_long"`
	SharePhone string `yaml:"share_phone"`
}

// Emergency is a cue list and the number to call. An order registered
// from an emergency takes its category and department from here, never
// from the category model: Department is the emergency liaison (the
// office's emergency desk) that keeps in touch with the 110/119/120/122
// dispatchers.
type Emergency struct {
	Number     string   `yaml:"number"` // 119
	Name       string   `yaml:"name"`   // 火警
	Reply      string   `yaml:"reply"`
	Cues       []string `yaml:"cues"`
	Category   string   `yaml:"category"`   // category code of the order: AQSC
	Department string   `yaml:"department"` // the emergency liaison: 市长公开电话办公室应急值守席
}

// Dispatch is automatic dispatch (直派): an order whose category and
// department the classifier is sure of, that is no emergency, not
// sensitive and not a repeat, goes to its department when it is
// registered; every other one waits in the office's 待派单 queue with the
// reason it was held.
type Dispatch struct {
	Auto          bool     `yaml:"auto"`           // dispatch at registration (true)
	MinConfidence float64  `yaml:"min_confidence"` // category and department confidence at least this (0.6)
	Sensitive     []string `yaml:"sensitive"`      // words that keep an order for the office: 信访, 纪检, 媒体, 市长…
	NotSensitive  []string `yaml:"not_sensitive"`  // phrases taken out before the check: 市长公开电话, 市长热线
	RepeatDays    int      `yaml:"repeat_days"`    // an open order of the same citizen, category and district this recent makes a repeat (30)
}

// Desk holds the agents' API settings.
type Desk struct {
	Token string `yaml:"token"` // bearer token for the minimal agent API
	// RevealToken is a second bearer token for the agent API whose calls
	// see personal data unmasked (phone numbers, platform user ids).
	RevealToken   string   `yaml:"reveal_token"`
	CannedReplies []string `yaml:"canned_replies"`
	// CitizenLabel names the citizen in a conversation's header without
	// showing who they are (text/template over CitizenLabelData);
	// Anonymous is the name when neither phone nor name is known.
	CitizenLabel string `yaml:"citizen_label"`
	Anonymous    string `yaml:"anonymous"`
}

// CitizenLabelData is what desk.citizen_label is filled with.
type CitizenLabelData struct {
	Who string // the masked phone number (138****1234) or the name's first character (王**)
}

// Outbox holds the delivery worker's settings.
type Outbox struct {
	MaxAttempts int      `yaml:"max_attempts"` // give up after N tries (10)
	MinBackoff  Duration `yaml:"min_backoff"`  // first retry delay (1s)
	MaxBackoff  Duration `yaml:"max_backoff"`  // cap (10m)
	Workers     int      `yaml:"workers"`      // parallel deliveries per channel (4)
	CallTimeout Duration `yaml:"call_timeout"` // one call to a channel's API (30s); an entry's claim lasts half as long again, at most 15s more
}

// NLP holds the classifier's settings.
type NLP struct {
	Model         string  `yaml:"model"`          // path of a trained model; empty = embedded default
	MinConfidence float64 `yaml:"min_confidence"` // below: ask or hand to an agent
	LLM           LLM     `yaml:"llm"`
	KB            KB      `yaml:"kb"`
	// OutOfScope lists matters 12345 does not take (诉讼, 仲裁, 信访
	// already filed, private matters) and the channel to use instead.
	OutOfScope []OutOfScope `yaml:"out_of_scope"`
}

// OutOfScope is a kind of matter the hotline does not take: a message with
// one of its words is told the channel (the not_ours reply's {{.Channel}})
// and classified under the office's catch-all category.
type OutOfScope struct {
	Name    string   `yaml:"name"`    // 诉讼
	Channel string   `yaml:"channel"` // 人民法院（12368诉讼服务热线）
	Words   []string `yaml:"words"`   // 起诉, 打官司
}

// LLM is an OpenAI-compatible endpoint. Empty BaseURL disables it.
type LLM struct {
	BaseURL string   `yaml:"base_url"`
	APIKey  string   `yaml:"api_key"`
	Model   string   `yaml:"model"`
	Timeout Duration `yaml:"timeout"` // default 3s
}

// KB is the knowledge base.
type KB struct {
	File      string  `yaml:"file"`      // extra entries (JSONL or YAML); empty = embedded starter set
	Threshold float64 `yaml:"threshold"` // minimum score to answer directly
}

// Channels holds one section per platform; a section left empty keeps the
// channel off (the web chat is on unless disabled).
type Channels struct {
	Webchat  Webchat  `yaml:"webchat"`
	WeChat   WeChat   `yaml:"wechat"`
	Kannel   Kannel   `yaml:"kannel"`
	Twilio   Twilio   `yaml:"twilio"`
	Telegram Telegram `yaml:"telegram"`
	SMS      SMS      `yaml:"sms"`
}

// Webchat is the built-in citizen chat.
type Webchat struct {
	Disabled bool   `yaml:"disabled"`
	Path     string `yaml:"path"` // default /chat
	// FrameAncestors are the sites allowed to show the chat page in a
	// frame (a city's portal: https://www.example.gov.cn), as origins;
	// none (the default): no site may frame it.
	FrameAncestors []string `yaml:"frame_ancestors"`
}

// WeChat is an official account.
type WeChat struct {
	AppID          string   `yaml:"app_id"`
	AppSecret      string   `yaml:"app_secret"`
	Token          string   `yaml:"token"`
	EncodingAESKey string   `yaml:"encoding_aes_key"`
	APIBaseURL     string   `yaml:"api_base_url"` // default https://api.weixin.qq.com
	Path           string   `yaml:"path"`         // default /channels/wechat
	ReplyBudget    Duration `yaml:"reply_budget"` // default 4s
	Welcome        string   `yaml:"welcome"`
	// CSLimit is how many customer-service messages a citizen may be sent
	// within the 48-hour window of their last message (0 = no limit);
	// beyond it the template message or SMS takes over.
	CSLimit        int               `yaml:"cs_limit"`
	MenuKeys       map[string]string `yaml:"menu_keys"` // CLICK key → command text
	TemplateID     string            `yaml:"template_id"`
	TemplateFields map[string]string `yaml:"template_fields"` // template key → {{.Field}}
	// TemplateStatus is the template message's {{.Status}}: what a
	// message of each kind says about the citizen's order.
	TemplateStatus WeChatStatus `yaml:"template_status"`
}

// WeChatStatus labels a WeChat template message by the kind of message it
// carries, in Chinese (channels.wechat.template_status).
type WeChatStatus struct {
	Registered string `yaml:"registered"`  // the order is registered: 已受理
	Dispatched string `yaml:"dispatched"`  // sent to its department: 已派单
	ReplyReady string `yaml:"reply_ready"` // the department's result is in: 已有办理结果
	AskRating  string `yaml:"ask_rating"`  // the citizen is asked to rate it: 待评价
	Closed     string `yaml:"closed"`      // 已办结
	Cancelled  string `yaml:"cancelled"`   // 已撤销
	Emergency  string `yaml:"emergency"`   // an emergency notice: 紧急提醒
	Other      string `yaml:"other"`       // any other message: 新消息
}

// Kannel is an SMS gateway.
type Kannel struct {
	SendURL  string `yaml:"send_url"` // http://127.0.0.1:13013/cgi-bin/sendsms
	Username string `yaml:"username"`
	Password string `yaml:"password"`
	Sender   string `yaml:"sender"`
	Path     string `yaml:"path"` // default /channels/sms/kannel
	DLRURL   string `yaml:"dlr_url"`
	// Secret is the shared secret Kannel's post-url and the dlr-url carry
	// as ?secret=… (Kannel signs nothing). Set it, AllowIPs, or both.
	Secret string `yaml:"secret"`
	// AllowIPs lists the addresses or CIDR ranges of the smsbox hosts
	// allowed to call the Kannel endpoints (the TCP peer is checked).
	AllowIPs []string `yaml:"allow_ips"`
}

// Twilio is a Twilio-compatible SMS API.
type Twilio struct {
	AccountSID string `yaml:"account_sid"`
	AuthToken  string `yaml:"auth_token"`
	From       string `yaml:"from"`
	APIBaseURL string `yaml:"api_base_url"` // default https://api.twilio.com
	Path       string `yaml:"path"`         // default /channels/sms/twilio
	WebhookURL string `yaml:"webhook_url"`  // URL as Twilio calls it (for the signature)
}

// SMS holds settings shared by the SMS channels.
type SMS struct {
	MaxParts    int      `yaml:"max_parts"`     // default 3
	OptOutWords []string `yaml:"opt_out_words"` // 退订, TD
	RatePerHour int      `yaml:"rate_per_hour"` // outbound per recipient
	ReplyBudget Duration `yaml:"reply_budget"`
}

// Telegram is a bot for citizens and optionally an agents' forum group.
type Telegram struct {
	Token        string  `yaml:"token"`
	APIBaseURL   string  `yaml:"api_base_url"` // default https://api.telegram.org
	Secret       string  `yaml:"secret"`       // X-Telegram-Bot-Api-Secret-Token
	Path         string  `yaml:"path"`         // default /channels/telegram
	Polling      bool    `yaml:"polling"`
	AgentGroupID int64   `yaml:"agent_group_id"`
	AgentIDs     []int64 `yaml:"agent_ids"`
	Welcome      string  `yaml:"welcome"`
}

// Duration is a time.Duration written in YAML as "30m", "4s", "24h".
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }
