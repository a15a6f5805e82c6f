package ticket

import "slices"

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
