package bot

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"hotline/inbound"
	"hotline/nlp"
	"hotline/ticket"
)

// reasonClassifier adds to fakeClassifier a road accident (122, and 120
// for the injured) and a person who cannot be woken (120).
type reasonClassifier struct{ fakeClassifier }

func (c reasonClassifier) Classify(ctx context.Context, text string) (nlp.Result, error) {
	r, err := c.fakeClassifier.Classify(ctx, text)
	switch {
	case strings.Contains(text, "翻到沟里"):
		r.Emergency = &nlp.Emergency{Number: "122", Reply: "请立即拨打122！", Cue: "面包车翻到沟里", Rule: nlp.RuleRoadCollision,
			Also: []nlp.AlsoCall{{Number: "120", Cue: "满脸是血", Rule: "bleeding"}}}
	case strings.Contains(text, "叫不醒"):
		r.Emergency = &nlp.Emergency{Number: "120", Reply: "请立即拨打120！", Cue: "叫不醒", Rule: "unresponsive"}
	}
	return r, err
}

// TestEmergencyReasonKept: the number, the words and the rule that flagged
// a message are kept on the conversation and on its draft, reach the
// order the agent registers, gain the numbers of later messages, and are
// cleared with the flag.
func TestEmergencyReasonKept(t *testing.T) {
	env := newEnvWith(t, reasonClassifier{})
	ctx := context.Background()
	env.send(t, "u1", "任城区古槐路面包车翻到沟里了，司机满脸是血")
	id := inbound.ConversationID("webchat", "u1")
	conv, _, err := env.eng.Conversation(id, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := &ticket.EmergencyReason{Number: "122", Cue: "面包车翻到沟里", Rule: nlp.RuleRoadCollision,
		Also: []ticket.EmergencyCall{{Number: "120", Cue: "满脸是血", Rule: "bleeding"}}}
	if !conv.Emergency || !reflect.DeepEqual(conv.EmergencyReason, want) {
		t.Fatalf("conversation: emergency %v, reason %+v", conv.Emergency, conv.EmergencyReason)
	}
	if conv.Draft == nil || !reflect.DeepEqual(conv.Draft.EmergencyReason, want) {
		t.Fatalf("draft reason = %+v", conv.Draft)
	}

	// A later message whose number is already listed changes nothing.
	env.send(t, "u1", "还有一个人叫不醒")
	env.send(t, "u1", "那个人还是叫不醒")
	conv, _, _ = env.eng.Conversation(id, 0)
	if !reflect.DeepEqual(conv.EmergencyReason, want) {
		t.Fatalf("after a 120 already listed: reason %+v", conv.EmergencyReason)
	}

	if _, err := env.eng.Take(ctx, id, "wang"); err != nil {
		t.Fatal(err)
	}
	tk, err := env.eng.RegisterOrder(ctx, id, "wang", OrderFields{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tk.EmergencyReason, want) || !tk.Flags.Emergency || tk.EmergencyNumber != "122" {
		t.Fatalf("order: flags %+v, reason %+v", tk.Flags, tk.EmergencyReason)
	}
	if _, err := env.eng.Close(ctx, id, "wang"); err != nil {
		t.Fatal(err)
	}
	conv, _, _ = env.eng.Conversation(id, 0)
	if conv.Emergency || conv.EmergencyReason != nil {
		t.Fatalf("closed conversation keeps the flag: %v %+v", conv.Emergency, conv.EmergencyReason)
	}

	// A 120 first, then a 122 in the same draft: the draft keeps 120
	// and lists 122 (and its 120 once).
	env.send(t, "u2", "我爸叫不醒了")
	env.send(t, "u2", "外面面包车翻到沟里了")
	id2 := inbound.ConversationID("webchat", "u2")
	conv, _, _ = env.eng.Conversation(id2, 0)
	want2 := &ticket.EmergencyReason{Number: "120", Cue: "叫不醒", Rule: "unresponsive",
		Also: []ticket.EmergencyCall{{Number: "122", Cue: "面包车翻到沟里", Rule: nlp.RuleRoadCollision}}}
	if !reflect.DeepEqual(conv.EmergencyReason, want2) || !reflect.DeepEqual(conv.Draft.EmergencyReason, want2) {
		t.Fatalf("u2: conversation %+v, draft %+v", conv.EmergencyReason, conv.Draft.EmergencyReason)
	}
	env.send(t, "u2", "取消")
	conv, _, _ = env.eng.Conversation(id2, 0)
	if conv.Emergency || conv.EmergencyReason != nil || conv.Draft != nil {
		t.Fatalf("cancelled: %v %+v", conv.Emergency, conv.EmergencyReason)
	}
}
