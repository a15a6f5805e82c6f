package config

import "reflect"

// HTTPErrors are the messages of the HTTP API's errors (the JSON
// {"error": {"code", "message"}} that the console, the agents' API, the
// web chat and the platforms' webhooks answer), in zh-CN: one field per
// error of httpx's catalogue, so that a misspelt key is an unknown key.
// The status and the code stay as the API defines them; only the message
// is the city's. A message followed by a detail reads "message：detail".
type HTTPErrors struct {
	// Generic request errors.
	Internal     string `yaml:"internal"`
	TooLarge     string `yaml:"too_large"`
	BadBody      string `yaml:"bad_body"`
	InvalidUTF8  string `yaml:"invalid_utf8"`
	BadJSON      string `yaml:"bad_json"`
	BadForm      string `yaml:"bad_form"`
	BadQuery     string `yaml:"bad_query"`
	NoEndpoint   string `yaml:"no_endpoint"`
	NoStream     string `yaml:"no_stream"`
	Unavailable  string `yaml:"unavailable"` // the storage cannot write now (a full disk); 503 with Retry-After
	ArchiveBusy  string `yaml:"archive_busy"`
	BadToken     string `yaml:"bad_token"`
	NoAgent      string `yaml:"no_agent"` // the agents' API without X-Agent
	LoginNeeded  string `yaml:"login_required"`
	LoginMissing string `yaml:"login_missing"`
	BadLogin     string `yaml:"bad_login"`
	TooMany      string `yaml:"too_many_attempts"`
	Forbidden    string `yaml:"forbidden"`
	// Conversations.
	ConversationNotFound string `yaml:"conversation_not_found"`
	Held                 string `yaml:"held"`
	NotHeld              string `yaml:"not_held"`
	BadTarget            string `yaml:"bad_target"`
	// Work orders.
	OrderNotFound string `yaml:"order_not_found"`
	BadNumber     string `yaml:"bad_number"`
	BadStatus     string `yaml:"bad_status"`
	BadState      string `yaml:"bad_state"`
	Rule          string `yaml:"rule"`
	Required      string `yaml:"required"`
	TooLong       string `yaml:"too_long"`
	BadField      string `yaml:"bad_field"`
	BadDepartment string `yaml:"bad_department"`
	BadCategory   string `yaml:"bad_category"`
	BadDate       string `yaml:"bad_date"`
	BadRating     string `yaml:"bad_rating"`
	NoPhone       string `yaml:"no_phone"`
	Archived      string `yaml:"archived"` // the order is in the yearly archive, read-only
	// Attachments.
	AttachmentType     string `yaml:"attachment_type"`
	AttachmentTooLarge string `yaml:"attachment_too_large"`
	AttachmentNotFound string `yaml:"attachment_not_found"`
	// Console accounts.
	UserExists   string `yaml:"user_exists"`
	BadUser      string `yaml:"bad_user"`
	UserNotFound string `yaml:"user_not_found"`
	Self         string `yaml:"self"`

	// Details says what exactly was wrong with a request body.
	Details HTTPDetails `yaml:"details"`
	// Desk are the console's own errors (text/template over
	// HTTPErrorData), and Inputs name what it asks to be filled in.
	Desk   DeskErrors `yaml:"desk"`
	Inputs DeskInputs `yaml:"inputs"`
	// Calls are the phone desk's and the switch's (calls:), Duty the
	// leaders' duty sessions' (text/template over HTTPErrorData).
	Calls CallErrors `yaml:"calls"`
	Duty  DutyErrors `yaml:"duty"`
	// Webhooks are the channels' endpoints' (what a platform, a gateway or
	// the web chat's page is answered when a request is refused).
	Webhooks WebhookErrors `yaml:"webhooks"`
}

// HTTPDetails follow a message of HTTPErrors ("请求内容的 JSON 格式错误：
// 未知字段 \"x\""); text/template over HTTPErrorData.
type HTTPDetails struct {
	BodyLimit        string `yaml:"body_limit"`         // too_large: {{.Max}} bytes allowed
	JSONSyntax       string `yaml:"json_syntax"`        // bad_json: a syntax error at byte {{.Offset}}
	JSONFieldType    string `yaml:"json_field_type"`    // bad_json: field {{.Field}} has the wrong type
	JSONType         string `yaml:"json_type"`          // bad_json: the body has the wrong type
	JSONIncomplete   string `yaml:"json_incomplete"`    // bad_json: the body ends too early
	JSONUnknownField string `yaml:"json_unknown_field"` // bad_json: {{.Field}} (quoted) is no field of the request
	JSONTrailing     string `yaml:"json_trailing"`      // bad_json: something follows the JSON object
}

// DeskErrors are what the console answers when it refuses a request
// itself (before the workflow, whose refusals are rule_errors): whole
// messages, or details after a message of HTTPErrors; text/template over
// HTTPErrorData.
type DeskErrors struct {
	OrderForbidden string `yaml:"order_forbidden"`              // after forbidden: a department's account and another's order
	RoleForbidden  string `yaml:"role_forbidden" need:"Role"`   // after forbidden: {{.Role}} may not do this
	RetryAfter     string `yaml:"retry_after" need:"Minutes"`   // after too_many_attempts: {{.Minutes}}
	StateRefused   string `yaml:"state_refused" need:"Status"`  // the order's state {{.Status}} does not allow the operation
	StateNoPhone   string `yaml:"state_no_phone" need:"Status"` // nor showing the citizen's number: {{.Status}}
	Required       string `yaml:"required" need:"What"`         // {{.What}} (one of inputs) is empty
	TooLong        string `yaml:"too_long" need:"What,Max"`     // {{.What}} is over {{.Max}} characters
	MainDepartment string `yaml:"main_department"`              // a dispatch without its main department
	MergeNumber    string `yaml:"merge_number"`                 // after bad_number: a merge without the other order's number
	UploadLimit    string `yaml:"upload_limit" need:"Max"`      // after attachment_too_large: {{.Max}} MB
	OrderTooLong   string `yaml:"order_too_long"`               // after too_long: an order registered from a chat, title or description too long
	BadPhone       string `yaml:"bad_phone" need:"Value"`       // an order registered from a chat with a contact phone that reaches nobody: {{.Value}}
	LeaderAccount  string `yaml:"leader_account"`               // after rule: a duty session names no account that can take chats
	// after rule: a duty session without an account whose leader's name
	// {{.Value}} is the display name of {{.Count}} leader accounts
	// ({{.Choices}}, their logins): the planner picks one.
	LeaderAmbiguous string `yaml:"leader_ambiguous" need:"Value"`
	NoLeaderSession string `yaml:"no_leader_session"`                 // after rule: 列为领导接听件 outside a session
	DutyNotFound    string `yaml:"duty_not_found"`                    // 404: no such duty session
	QueueNotFound   string `yaml:"queue_not_found"`                   // 404: no such work queue
	QueueForbidden  string `yaml:"queue_forbidden" need:"Role,Value"` // after forbidden: {{.Role}} does not see the work queue {{.Value}} (its label)
	// 质检: an order not drawn for inspection (404); after bad_query, how
	// many a sampling draws a department, at most {{.Max}}; after
	// bad_field, an item's score {{.What}} from 0 to {{.Max}}.
	InspectionNotFound string `yaml:"inspection_not_found"`
	InspectionSample   string `yaml:"inspection_sample" need:"Max"`
	InspectionScore    string `yaml:"inspection_score" need:"What,Max"`
	ReportNotFound     string `yaml:"report_not_found"`              // 404: no such report
	ReportFormat       string `yaml:"report_format"`                 // after bad_query: a report's format
	BadPeriod          string `yaml:"bad_period" need:"Error"`       // after bad_query: a report's period: {{.Error}}
	PhoneDigits        string `yaml:"phone_digits" need:"Min"`       // after bad_query: a phone number of fewer than {{.Min}} digits
	UnknownDistrict    string `yaml:"unknown_district" need:"Value"` // after bad_query: {{.Value}}
	UnknownFlag        string `yaml:"unknown_flag" need:"Value"`     // after bad_query: an order search's mark {{.Value}}
	UnknownChannel     string `yaml:"unknown_channel" need:"Value"`  // after bad_query: a work queue's channel filter {{.Value}}
	BadUrgency         string `yaml:"bad_urgency" need:"Choices"`    // after bad_query: a work queue's urgency filter, one of {{.Choices}}
	DatesReversed      string `yaml:"dates_reversed"`                // after bad_query: the end date before the start date
	BadSort            string `yaml:"bad_sort"`                      // after bad_query
	BadPage            string `yaml:"bad_page"`                      // after bad_query
	BadPerPage         string `yaml:"bad_per_page" need:"Max"`       // after bad_query: at most {{.Max}} a page
	ExportFormat       string `yaml:"export_format"`                 // after bad_query
	ExportTooMany      string `yaml:"export_too_many" need:"Max"`    // after bad_query: {{.Count}} orders, at most {{.Max}}
	DisplayName        string `yaml:"display_name" need:"Max"`       // after bad_user: at most {{.Max}} characters
	UserName           string `yaml:"user_name"`                     // after bad_user, and the ones below
	ChooseRole         string `yaml:"choose_role"`
	ChooseDept         string `yaml:"choose_department"`               // a department's account without its department
	UnknownDept        string `yaml:"unknown_department" need:"Value"` // a department's account naming one the config has not: {{.Value}}
	DeptOnly           string `yaml:"department_only"`                 // another role's account with a department
	PasswordShort      string `yaml:"password_short" need:"Min"`       // fewer than {{.Min}} characters
	PasswordLong       string `yaml:"password_long" need:"Max"`        // more than {{.Max}} bytes
	NoUser             string `yaml:"no_user" need:"Value"`            // {{.Value}}: the account
}

// DeskInputs name what the console asks to be filled in ({{.What}} of
// required and too_long, and after bad_date).
type DeskInputs struct {
	Answer          string `yaml:"answer"`           // a direct answer (直接答复)
	Result          string `yaml:"result"`           // a department's reply (办理结果)
	ExtensionReason string `yaml:"extension_reason"` // a request for more time
	NewDue          string `yaml:"new_due"`          // the date a request for more time asks for
	Refusal         string `yaml:"refusal"`          // refusing more time
	ReturnReason    string `yaml:"return_reason"`    // a department returns an order
	Rejection       string `yaml:"rejection"`        // the office sends a reply back
	Supervision     string `yaml:"supervision"`      // 督办
	Instruction     string `yaml:"instruction"`      // 批示
	// InstructionLeader is the leader whose instruction the office
	// records (督办 + 领导批示件).
	InstructionLeader string `yaml:"instruction_leader"`
	DateFrom          string `yaml:"date_from"`       // a search's first day
	DateTo            string `yaml:"date_to"`         // a search's last day
	InspectionNote    string `yaml:"inspection_note"` // a 质检's note (质检意见)
	CoReply           string `yaml:"co_reply"`        // a co-handling department's part (协办意见)
}

// CallErrors are what the phone desk and the switch's event endpoint
// (POST /api/calls) answer to a request they refuse; text/template over
// HTTPErrorData.
type CallErrors struct {
	// The switch's endpoint and its events.
	BadSignature string `yaml:"bad_signature"` // 403: wrong signature or stale timestamp
	Off          string `yaml:"calls_off"`     // 404: calls.secret is not set
	BadCallID    string `yaml:"bad_call_id"`
	BadEvent     string `yaml:"bad_event"` // {{.Value}}: the event received
	BadCaller    string `yaml:"bad_caller"`
	BadAgent     string `yaml:"bad_agent"`
	NoAgent      string `yaml:"no_agent"` // an answered event without the agent
	BadTime      string `yaml:"bad_time"`
	BadRecording string `yaml:"bad_recording"`
	// The phone desk.
	NotFound          string `yaml:"call_not_found"`
	NoCall            string `yaml:"no_call"`        // the agent has no call to register
	Registered        string `yaml:"registered"`     // the call already has its order
	Claimed           string `yaml:"claimed"`        // another agent calls back
	Done              string `yaml:"done"`           // the callback is finished
	HistoryNumber     string `yaml:"history_number"` // a caller's history asked for a number that is none
	ManualNumber      string `yaml:"manual_number"`  // a call started by hand with a number that is none
	InvalidUTF8       string `yaml:"invalid_utf8"`
	NoteTooLong       string `yaml:"note_too_long"` // the note being classified: {{.Max}} characters
	Required          string `yaml:"description_required"`
	TooLong           string `yaml:"description_too_long"` // the description or the answer: {{.Max}}
	FieldsTooLong     string `yaml:"fields_too_long"`      // title, address or name
	BadType           string `yaml:"bad_type"`             // {{.Choices}}
	BadUrgency        string `yaml:"bad_urgency"`          // {{.Choices}}
	UnknownCategory   string `yaml:"unknown_category"`     // {{.Value}}
	UnknownDepartment string `yaml:"unknown_department"`   // {{.Value}}
	UnknownDistrict   string `yaml:"unknown_district"`     // {{.Value}}
	NoAnswer          string `yaml:"no_answer"`            // 直接答复 is off
	RecordRequired    string `yaml:"record_required"`      // the note of a call that needed no order
	RecordTooLong     string `yaml:"record_too_long"`      // {{.Max}}
	BadNote           string `yaml:"bad_note"`             // a callback's note: {{.Max}}
	BadResult         string `yaml:"bad_result"`           // a callback's result
	OrderNumber       string `yaml:"order_number"`         // a callback that registered an order names none
	OrderNotFound     string `yaml:"order_not_found"`      // {{.Value}}: the number given
}

// DutyErrors are what the console answers to a leaders' duty session it
// cannot plan (after rule); text/template over HTTPErrorData.
type DutyErrors struct {
	BadDate        string `yaml:"bad_date"`
	BadTime        string `yaml:"bad_time"`
	EndBeforeStart string `yaml:"end_before_start"`
	Leader         string `yaml:"leader"`   // the leader's name or title is missing
	TooLong        string `yaml:"too_long"` // {{.Max}} characters a field
}

// WebhookErrors are what the channels' endpoints answer to a request they
// refuse (the platform's own answers, WeChat's "success" or Twilio's
// TwiML, stay as the platform requires); text/template over
// HTTPErrorData, {{.Error}} being what the parser said.
type WebhookErrors struct {
	WeChatSignature     string `yaml:"wechat_signature"`     // 403: a bad signature or a stale timestamp
	WeChatEncryption    string `yaml:"wechat_encryption"`    // 403: a plaintext push to an account with an EncodingAESKey
	WeChatEchostr       string `yaml:"wechat_echostr"`       // the URL check without echostr
	WeChatNoAESKey      string `yaml:"wechat_no_aes_key"`    // an encrypted push without encoding_aes_key
	WeChatNoEncrypt     string `yaml:"wechat_no_encrypt"`    // an encrypted push without its Encrypt element
	WeChatDecrypt       string `yaml:"wechat_decrypt"`       // {{.Error}}
	WeChatXML           string `yaml:"wechat_xml"`           // {{.Error}}
	WeChatFields        string `yaml:"wechat_fields"`        // no FromUserName or MsgType
	KannelSecret        string `yaml:"kannel_secret"`        // 403
	KannelAddress       string `yaml:"kannel_address"`       // 403: not in allow_ips
	SMSTooLarge         string `yaml:"sms_too_large"`        // 413: {{.Max}} bytes
	SMSMalformed        string `yaml:"sms_malformed"`        // {{.Error}}
	SMSKey              string `yaml:"sms_key"`              // a delivery report's key
	SMSPart             string `yaml:"sms_part"`             // a delivery report's part
	KannelStatus        string `yaml:"kannel_status"`        // a delivery report's status: {{.Value}}
	TwilioForm          string `yaml:"twilio_form"`          // {{.Error}}
	TwilioSignature     string `yaml:"twilio_signature"`     // 403
	WebchatConversation string `yaml:"webchat_conversation"` // a malformed conversation_id
	WebchatUnknown      string `yaml:"webchat_unknown"`      // 404: a conversation_id hotline never issued
	WebchatClientID     string `yaml:"webchat_client_id"`    // over {{.Max}} bytes
	WebchatAfter        string `yaml:"webchat_after"`        // after is no message id
	TelegramSecret      string `yaml:"telegram_secret"`      // 403: {{.Value}} is the header
	TelegramUpdate      string `yaml:"telegram_update"`      // {{.Error}}
}

// HTTPErrorData is what the texts of http_errors are filled with.
type HTTPErrorData struct {
	Max     int64  // a limit: bytes, characters, MB, orders
	Min     int    // a least number: digits, characters
	Count   int    // how many there are
	Offset  int64  // the byte of a JSON syntax error
	Minutes int    // minutes to wait
	Field   string // a JSON field, quoted
	What    string // what is to be filled in (one of inputs)
	Status  string // an order's state (status_labels)
	Role    string // a console role (console_labels.roles)
	Value   string // what was given
	Choices string // the allowed values, joined by 、
	Error   string // why it was refused
}

func (v *validator) httpErrors() {
	h := v.c.HTTPErrors
	rv := reflect.ValueOf(h)
	for i := range rv.NumField() {
		if f := rv.Field(i); f.Kind() == reflect.String {
			v.nonEmpty("http_errors."+yamlName(rv.Type().Field(i)), f.String())
		}
	}
	sample := HTTPErrorData{Max: 1 << 20, Min: 4, Count: 12000, Offset: 12, Minutes: 5, Field: `"text"`, What: "答复内容",
		Status: "已派单", Role: "话务员", Value: "v", Choices: "投诉、咨询", Error: "e"}
	v.templates("http_errors.details", h.Details, sample)
	v.templates("http_errors.desk", h.Desk, sample)
	v.labels("http_errors.inputs", h.Inputs)
	v.templates("http_errors.calls", h.Calls, sample)
	v.templates("http_errors.duty", h.Duty, sample)
	v.templates("http_errors.webhooks", h.Webhooks, sample)
}
