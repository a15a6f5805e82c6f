// Package nlp fills in a work order from a citizen's words: the Classifier
// interface, the embedded trainable model, rule-based extractors (phones,
// places, addresses, emergency cues), an OpenAI-compatible LLM classifier
// with a fallback, and knowledge-base retrieval. It does no I/O of its own
// beyond what it is handed.
package nlp

import "context"

// Field names used as keys of Result.Confidence.
const (
	FieldType       = "type"
	FieldCategory   = "category"
	FieldDepartment = "department"
	FieldDistrict   = "district"
	FieldTown       = "town"
	FieldAddress    = "address"
	FieldPhones     = "phones"
	FieldName       = "name"
	FieldUrgency    = "urgency"
	FieldTitle      = "title"
)

// Result is the work-order fields found in a text, each with a confidence
// in [0,1] in Confidence (keyed by the Field* names). Empty strings mean
// "not found".
type Result struct {
	Type       string             `json:"type"`       // 咨询/求助/投诉/举报/建议/表扬
	Category   string             `json:"category"`   // category code from the config
	Department string             `json:"department"` // after routing; always a configured department
	District   string             `json:"district"`
	Town       string             `json:"town"`
	Address    string             `json:"address"`
	Phones     []string           `json:"phones"`
	Name       string             `json:"name"`
	Urgency    string             `json:"urgency"` // 一般/紧急/特急
	Title      string             `json:"title"`
	Confidence map[string]float64 `json:"confidence"`
	// Emergency is set when the text describes danger to life or property
	// now: the number to call (110/119/120/122) and the reply to send.
	Emergency *Emergency `json:"emergency,omitempty"`
}

// Emergency is a detected emergency.
type Emergency struct {
	Number string `json:"number"` // 119
	Reply  string `json:"reply"`  // 请立即拨打119…
	Cue    string `json:"cue"`    // the words that matched
}

// Classifier turns a conversation's text into work-order fields.
type Classifier interface {
	Classify(ctx context.Context, text string) (Result, error)
}
