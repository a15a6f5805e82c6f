package domain

import (
	"testing"

	"hotline/ticket"
)

// TestMaskEmergencyReason: the citizen's words kept as an emergency's
// reason are masked with the texts (house numbers, the citizen's name);
// the numbers and rules stay.
func TestMaskEmergencyReason(t *testing.T) {
	why := func() *ticket.EmergencyReason {
		return &ticket.EmergencyReason{Number: "120", Cue: "王建国躺在古槐路18号门口不动", Rule: "collapse",
			Also: []ticket.EmergencyCall{{Number: "110", Cue: "王建国被打", Rule: "violence"}}}
	}
	tk := &ticket.Ticket{Name: "王建国", EmergencyReason: why()}
	c := &Conversation{EmergencyReason: why(), Draft: &ticket.Ticket{Name: "王建国", EmergencyReason: why()}}
	MaskTicketPersonal(tk)
	MaskConversationPersonal(c)
	for _, r := range []*ticket.EmergencyReason{tk.EmergencyReason, c.EmergencyReason, c.Draft.EmergencyReason} {
		if r.Cue != "王**躺在古槐路**号门口不动" || r.Also[0].Cue != "王**被打" || r.Number != "120" || r.Rule != "collapse" || r.Also[0].Number != "110" {
			t.Errorf("masked reason %+v", r)
		}
	}
}
