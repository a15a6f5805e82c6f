package ticket

import (
	"slices"
	"strings"

	"hotline/config"
)

// EmergencyReason is why a message was flagged as an emergency, kept on
// the conversation and on its order so that staff can check the flag at a
// glance: the number the citizen was told to call, the citizen's words
// that fired (Cue) and the classifier's rule (nlp.Emergency's Rule: event,
// state, a pattern's name such as smoke-people-inside, or model), and the
// other numbers the caller needs too, each with its own words and rule.
type EmergencyReason struct {
	Number string          `json:"number"`
	Cue    string          `json:"cue,omitempty"`
	Rule   string          `json:"rule,omitempty"`
	Also   []EmergencyCall `json:"also,omitempty"`
	// SetAside marks a rule's flag that the classifier's veto set aside
	// (nlp.Result.SetAside): the order is 紧急, not an emergency, and
	// Number is the number the rule would have called. Staff read it as
	// console_labels.emergency.set_aside, to check the veto.
	SetAside bool `json:"set_aside,omitempty"`
}

// EmergencyCall is another number an emergency needs, and why.
type EmergencyCall struct {
	Number string `json:"number"`
	Cue    string `json:"cue,omitempty"`
	Rule   string `json:"rule,omitempty"`
}

// Clone returns a deep copy of r (nil for nil).
func (r *EmergencyReason) Clone() *EmergencyReason {
	if r == nil {
		return nil
	}
	cp := *r
	cp.Also = slices.Clone(r.Also)
	return &cp
}

// MapCues returns a copy of r with every cue passed through f (masking
// the citizen's words for staff who may not see them in full).
func (r *EmergencyReason) MapCues(f func(string) string) *EmergencyReason {
	cp := r.Clone()
	if cp == nil {
		return nil
	}
	cp.Cue = f(cp.Cue)
	for i := range cp.Also {
		cp.Also[i].Cue = f(cp.Also[i].Cue)
	}
	return cp
}

// Text is r in one line for staff, with the names and the punctuation
// of l (console_labels.emergency and emergency_rules): 应拨打 122（触发词语：
// “面包车翻到沟里”；触发规则：交通事故有人受伤或被困）；另需拨打 120（…）.
// A nil r is "".
func (r *EmergencyReason) Text(l config.ConsoleLabels) string {
	if r == nil {
		return ""
	}
	e := l.Emergency
	if r.SetAside {
		return r.setAsideText(l)
	}
	part := func(label, number, cue, rule string) string {
		var why []string
		if cue != "" {
			why = append(why, e.Cue+e.Colon+e.QuoteOpen+cue+e.QuoteClose)
		}
		if rule != "" {
			why = append(why, e.Rule+e.Colon+l.RuleName(rule))
		}
		s := label + " " + number
		if len(why) > 0 {
			s += e.WhyOpen + strings.Join(why, e.Separator) + e.WhyClose
		}
		return s
	}
	parts := []string{part(e.Number, r.Number, r.Cue, r.Rule)}
	for _, a := range r.Also {
		parts = append(parts, part(e.Also, a.Number, a.Cue, a.Rule))
	}
	return strings.Join(parts, e.Separator)
}

// setAsideText is a set-aside flag in the words of
// console_labels.emergency.set_aside, its placeholders {rule}, {number}
// and {cue} filled in.
func (r *EmergencyReason) setAsideText(l config.ConsoleLabels) string {
	return strings.NewReplacer("{rule}", l.RuleName(r.Rule), "{number}", r.Number, "{cue}", r.Cue).Replace(l.Emergency.SetAside)
}
