package calls

import (
	"context"
	"testing"
)

// TestRegisterKeepsEmergencyReason: an order registered from a call whose
// notes describe an emergency keeps why it was flagged (the number, the
// words and the rule), as the bot's orders do.
func TestRegisterKeepsEmergencyReason(t *testing.T) {
	f := newFixture(t)
	c, err := f.svc.Manual("wang", "139 5370 6688")
	if err != nil {
		t.Fatal(err)
	}
	tk, err := f.svc.Register(context.Background(), "wang", c.ID, Registration{Description: "家里老人突然倒地叫不醒了"})
	if err != nil {
		t.Fatal(err)
	}
	if why := tk.EmergencyReason; !tk.Flags.Emergency || why == nil || why.Number != "120" || why.Cue == "" || why.Rule == "" {
		t.Fatalf("order: flags %+v, reason %+v", tk.Flags, tk.EmergencyReason)
	}
}

// TestRegisterKeepsSetAside: an order registered from a call whose notes
// a rule flags and the classifier's veto sets aside is no emergency, and
// keeps the flag set aside for staff to check.
func TestRegisterKeepsSetAside(t *testing.T) {
	f := newFixture(t)
	c, err := f.svc.Manual("wang", "139 5370 6688")
	if err != nil {
		t.Fatal(err)
	}
	tk, err := f.svc.Register(context.Background(), "wang", c.ID, Registration{Description: "我家老人吃错了药 把降压药当成钙片吃了两片 问了医生说没大事 观察一下 想问问药店能不能把药分开放"})
	if err != nil {
		t.Fatal(err)
	}
	if why := tk.EmergencyReason; tk.Flags.Emergency || why == nil || !why.SetAside || why.Number != "120" || why.Cue == "" || why.Rule == "" {
		t.Fatalf("order: flags %+v, reason %+v; want no emergency and the 120 rule's flag set aside", tk.Flags, tk.EmergencyReason)
	}
}

// TestClassifyShowsSetAside: the live classification of a note whose
// flag the veto sets aside carries it (set_aside, the rule, the number,
// the words) and no emergency; an emergency's note and an ordinary one
// carry none.
func TestClassifyShowsSetAside(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c, err := f.svc.Classify(ctx, "我家老人吃错了药 把降压药当成钙片吃了两片 问了医生说没大事 观察一下 想问问药店能不能把药分开放")
	if err != nil {
		t.Fatal(err)
	}
	if why := c.SetAside; c.Emergency != nil || why == nil || !why.SetAside || why.Number != "120" || why.Cue == "" || why.Rule == "" {
		t.Fatalf("emergency %+v, set aside %+v; want the 120 rule's flag set aside", c.Emergency, c.SetAside)
	}
	for _, note := range []string{"家里老人突然倒地叫不醒了", "任城区古槐路的垃圾箱好几天没人清运了，臭味很大"} {
		c, err := f.svc.Classify(ctx, note)
		if err != nil {
			t.Fatal(err)
		}
		if c.SetAside != nil {
			t.Errorf("%s: set aside %+v; want none", note, c.SetAside)
		}
	}
}
