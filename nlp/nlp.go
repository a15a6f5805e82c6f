// Package nlp fills in a work order from a citizen's words: the Classifier
// interface, the embedded trainable model, rule-based extractors (phones,
// places, addresses, emergency cues), an OpenAI-compatible LLM classifier
// with a fallback, and knowledge-base retrieval. It does no I/O of its own
// beyond what it is handed.
package nlp

import (
	"context"

	"hotline/ticket"
)

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
	// SetAside is a rule's emergency flag that the veto set aside (the
	// message reads as a past event, a question about fees…; Urgency is
	// then 紧急, not 特急, and Emergency is nil unless the emergency model
	// flags the message on its own): the rule, the number it would have
	// called and the words that fired, so that staff can check the veto
	// at a glance. Its Reply is never sent to the citizen.
	SetAside *Emergency `json:"set_aside,omitempty"`
	// OutOfScope is set when the matter is not the hotline's (a lawsuit,
	// arbitration, a petition already filed, a private matter): the
	// channel to use, from the config. Category is then the catch-all.
	OutOfScope *OutOfScope `json:"out_of_scope,omitempty"`
	// Courtesy is set when the text only greets, thanks or acknowledges
	// (你好, 辛苦了, 好的): there is no problem to register. Category is
	// then the catch-all.
	Courtesy bool `json:"courtesy,omitempty"`
	// Candidates are the likeliest categories, best first (at most
	// MaxCandidates), with the classifier's confidence in each: when the
	// category is unsure, the bot offers the first ones to the citizen.
	Candidates []Candidate `json:"candidates,omitempty"`
}

// Candidate is one possible category of a text.
type Candidate struct {
	Category   string  `json:"category"`
	Confidence float64 `json:"confidence"`
}

// MaxCandidates is the most categories Result.Candidates lists.
const MaxCandidates = 3

// OutOfScope is a matter the hotline does not take and where it belongs.
type OutOfScope struct {
	Name    string `json:"name"`    // 诉讼 (config nlp.out_of_scope[].name)
	Channel string `json:"channel"` // 人民法院（12368诉讼服务热线）
	Words   string `json:"words"`   // the citizen's words that matched
}

// Emergency is a detected emergency: which number to call and why, so
// that an agent can check it at a glance and the office can route the
// order by the emergency rule rather than by the category model.
type Emergency struct {
	// Number is the service to call: 119 (fire, gas, collapse, people
	// trapped or fallen into water, live wires), 120 (an illness or injury),
	// 110 (violence, threats, someone who wants to die) or 122 (a road
	// accident).
	Number string `json:"number"`
	// Reply is the configured reply that tells the citizen to call Number.
	Reply string `json:"reply"`
	// Cue is the citizen's own words that fired the rule (冒黑烟…里面有人,
	// 叫不醒, 说要跳下去).
	Cue string `json:"cue"`
	// Rule names the rule that fired: RuleEvent for an event word (着火,
	// 昏迷), RuleState for a state word (不想活了), a pattern's name
	// (live-wire, suicide-intent, smoke-people-inside…), or RuleModel when
	// the emergency model alone found it.
	Rule string `json:"rule"`
	// Also lists the other services the caller needs too, each with the
	// words and rule that found it: 120 for someone injured in a road
	// accident (Number 122) or in a fight (Number 110), 119 for someone
	// trapped in a wreck.
	Also []AlsoCall `json:"also,omitempty"`
}

// AlsoCall is another number an emergency needs, and why.
type AlsoCall struct {
	Number string `json:"number"`
	Cue    string `json:"cue"`
	Rule   string `json:"rule"`
}

// Reason is what the order and the conversation keep of e: the number,
// the words and the rule, and the other numbers with theirs (nil for nil).
func (e *Emergency) Reason() *ticket.EmergencyReason {
	if e == nil {
		return nil
	}
	r := &ticket.EmergencyReason{Number: e.Number, Cue: e.Cue, Rule: e.Rule}
	for _, a := range e.Also {
		r.Also = append(r.Also, ticket.EmergencyCall{Number: a.Number, Cue: a.Cue, Rule: a.Rule})
	}
	return r
}

// SetAsideReason is the reason of a flag the veto set aside (Result.SetAside):
// e's Reason marked SetAside. A nil e gives nil.
func (e *Emergency) SetAsideReason() *ticket.EmergencyReason {
	r := e.Reason()
	if r != nil {
		r.SetAside = true
	}
	return r
}

// Emergency.Rule values that are not pattern names.
const (
	RuleEvent = "event" // an event cue word happening now
	RuleState = "state" // a state cue word: a danger there now
	RuleModel = "model" // the emergency model, no rule
)

// Classifier turns a conversation's text into work-order fields.
type Classifier interface {
	Classify(ctx context.Context, text string) (Result, error)
}
