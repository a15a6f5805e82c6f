package bot

import (
	"strings"
	"testing"

	"hotline/domain"
	"hotline/inbound"
	"hotline/nlp"
)

// TestClarifyingQuestion: a message whose category the classifier is
// unsure of gets one clarifying question offering the two likeliest
// categories (never the catch-all); a number or a name picks one, which
// the draft keeps as the citizen's choice; any other answer is added to
// the description, and a category still unsure goes to the agents' queue,
// not to a department. The question is asked once.
func TestClarifyingQuestion(t *testing.T) {
	const text = "加油站的秤不准，加五十升收了五十五升的钱"
	want := "1. 市场监管\n2. 安全生产"
	for _, tt := range []struct {
		name, answer, category string
		queued                 bool
	}{
		{"number", "2", "AQSC", false},
		{"ordinal", "第1个", "SCJG", false},
		{"name", "是市场监管的事", "SCJG", false},
		{"neither", "就是觉得不对劲", "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv(t)
			r := env.send(t, "u1", text)
			q := lastReply(r)
			if !strings.Contains(q, want) || strings.Contains(q, "其他") {
				t.Fatalf("reply %q, want the clarifying question offering %q", q, want)
			}
			id := inbound.ConversationID("webchat", "u1")
			conv, _, err := env.eng.Conversation(id, 0)
			if err != nil {
				t.Fatal(err)
			}
			if conv.State != domain.ConvCollecting || conv.Asking != askCategory || len(conv.Offered) != 2 {
				t.Fatalf("conversation %s asking %q offered %v, want collecting, asking category", conv.State, conv.Asking, conv.Offered)
			}
			r = env.send(t, "u1", tt.answer)
			conv, _, err = env.eng.Conversation(id, 0)
			if err != nil {
				t.Fatal(err)
			}
			if conv.Offered != nil || conv.Asked[askCategory] != 1 {
				t.Errorf("offered %v, asked %d times; want the offer cleared after one question", conv.Offered, conv.Asked[askCategory])
			}
			if tt.queued {
				if conv.State != domain.ConvQueued || !strings.Contains(lastReply(r), "人工") {
					t.Errorf("state %s, reply %q; want the agents' queue", conv.State, lastReply(r))
				}
				if conv.Draft == nil || !strings.Contains(conv.Draft.Description, tt.answer) {
					t.Errorf("draft %+v does not keep the answer for the agent", conv.Draft)
				}
				return
			}
			d := conv.Draft
			if d == nil || d.Category != tt.category || d.Confidence[nlp.FieldCategory] != 1 {
				t.Fatalf("draft %+v, want category %s chosen by the citizen", d, tt.category)
			}
			if dept := map[string]string{"AQSC": "市应急管理局", "SCJG": "市市场监督管理局"}[tt.category]; d.Department != dept {
				t.Errorf("department %s, want %s", d.Department, dept)
			}
			if conv.State != domain.ConvCollecting || conv.Asking != askPlace {
				t.Errorf("state %s asking %q, want the place question next", conv.State, conv.Asking)
			}
		})
	}
}

// TestClarifyingQuestionOnlyWithTwoChoices: an unsure category with no
// second category to offer (the fake's catch-all alone, or a second
// category under minOffer) goes to the agents at once, as before.
func TestClarifyingQuestionOnlyWithTwoChoices(t *testing.T) {
	env := newEnv(t)
	for user, text := range map[string]string{"u1": "我有个事情想说一下，不知道归哪里管", "u2": "菜市场的秤好像有点问题，说不上来"} {
		r := env.send(t, user, text)
		conv, _, err := env.eng.Conversation(inbound.ConversationID("webchat", user), 0)
		if err != nil {
			t.Fatal(err)
		}
		if conv.State != domain.ConvQueued || conv.Asked[askCategory] != 0 || !strings.Contains(lastReply(r), "人工") {
			t.Errorf("%q: state %s, asked %v, reply %q; want the agents' queue without a question", text, conv.State, conv.Asked, lastReply(r))
		}
	}
}

// TestClarifyingChoiceSurvivesAmendments: the category the citizen chose
// stays when later words are added and the draft is classified again.
func TestClarifyingChoiceSurvivesAmendments(t *testing.T) {
	env := newEnv(t)
	env.send(t, "u1", "加油站的秤不准，加五十升收了五十五升的钱")
	env.send(t, "u1", "2")
	env.send(t, "u1", "任城区古槐路")
	r := env.send(t, "u1", "13953706688")
	if !strings.Contains(lastReply(r), "请核对") {
		t.Fatalf("reply %q, want the summary", lastReply(r))
	}
	// Not 确认 or 修改: the words amend the draft, which is classified
	// again (the fake says 市容环卫 for 烧烤).
	env.send(t, "u1", "旁边还有烧烤摊")
	conv, _, err := env.eng.Conversation(inbound.ConversationID("webchat", "u1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if d := conv.Draft; d == nil || d.Category != "AQSC" || d.Department != "市应急管理局" || !strings.Contains(d.Description, "烧烤") {
		t.Errorf("draft %+v, want the citizen's category AQSC kept with the amendment", d)
	}
}
