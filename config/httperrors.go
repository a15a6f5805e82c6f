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
}

// HTTPDetails follow a message of HTTPErrors ("请求内容的 JSON 格式错误：
// 未知字段 \"x\""); text/template over HTTPDetailData.
type HTTPDetails struct {
	BodyLimit        string `yaml:"body_limit"`         // too_large: {{.Max}} bytes allowed
	JSONSyntax       string `yaml:"json_syntax"`        // bad_json: a syntax error at byte {{.Offset}}
	JSONFieldType    string `yaml:"json_field_type"`    // bad_json: field {{.Field}} has the wrong type
	JSONType         string `yaml:"json_type"`          // bad_json: the body has the wrong type
	JSONIncomplete   string `yaml:"json_incomplete"`    // bad_json: the body ends too early
	JSONUnknownField string `yaml:"json_unknown_field"` // bad_json: {{.Field}} (quoted) is no field of the request
	JSONTrailing     string `yaml:"json_trailing"`      // bad_json: something follows the JSON object
}

// HTTPDetailData is what the details are filled with.
type HTTPDetailData struct {
	Max    int64  // bytes allowed
	Offset int64  // the byte of a syntax error
	Field  string // a JSON field
}

func (v *validator) httpErrors() {
	rv := reflect.ValueOf(v.c.HTTPErrors)
	for i := range rv.NumField() {
		if f := rv.Field(i); f.Kind() == reflect.String {
			v.nonEmpty("http_errors."+yamlName(rv.Type().Field(i)), f.String())
		}
	}
	v.templates("http_errors.details", v.c.HTTPErrors.Details, HTTPDetailData{Max: 1 << 20, Offset: 12, Field: "text"})
}
