package nlp

import (
	"context"
	"testing"

	"hotline/ticket"
)

// TestSymptomsOfThings: the symptom cluster counts signs of a body, not of
// things or the dark: a wire or a pane that shakes (直抖, 直颤), a road
// that cannot be seen at night, a spell of fright that passed and is
// complained of (心慌了半天，要投诉) made the rule flag 120 (a reviewer's
// finding, 2026-12-03). Signs of a person beside the same words still
// count. Kept out of the tables vetogen reads, so the veto never learns
// these sentences and this test checks the rule alone.
func TestSymptomsOfThings(t *testing.T) {
	c := testEmbedded(t)
	for _, tt := range []struct{ text, number string }{
		{"路灯坏了晚上看不清路，电线被风吹得直抖", ""},
		{"楼上装修天天砸墙，震得我家玻璃直颤，老人心慌", ""},
		{"小区门口的树被风刮得直抖，晚上看不见东西", ""},
		{"公交车司机急刹车，我站不稳，心慌了半天，要投诉司机", ""},
		{"工厂的机器一开整栋楼都震得直抖，窗户玻璃嗡嗡响，头都大了", ""},
		{"俺公公在地里打药，回来就头晕恶心，眼睛看不清东西，还直流口水", "120"},
		{"俺爹抓着电线浑身直抖，脸都白了", "120"},
		{"楼道里一个老人靠着墙直哆嗦，脸色发青", "120"},
		{"我媳妇刚才突然浑身发抖，站不住了，快来人", "120"},
	} {
		r, err := c.Classify(context.Background(), tt.text)
		if err != nil {
			t.Fatal(err)
		}
		flagged := r.Emergency != nil && r.Urgency == ticket.UrgencyEmergency
		switch {
		case tt.number == "" && r.Emergency != nil:
			t.Errorf("%s: %s by %s (%q); want no emergency", tt.text, r.Emergency.Number, r.Emergency.Rule, r.Emergency.Cue)
		case tt.number != "" && (!flagged || r.Emergency.Number != tt.number):
			t.Errorf("%s: urgency %s, emergency %+v; want 特急 and %s", tt.text, r.Urgency, r.Emergency, tt.number)
		}
	}
}
