package bot

import (
	"context"
	"regexp"
	"slices"
	"sync"
	"testing"
	"unicode/utf8"

	"hotline/config"
	"hotline/domain"
	"hotline/inbound"
	"hotline/nlp"
	"hotline/nlp/defaultmodel"
	"hotline/ticket"
)

// modelClassifier is the embedded classifier with the embedded category
// model, built once per process: decoding the model is the slow part, and
// a classifier is safe for concurrent use.
var modelClassifier = sync.OnceValues(func() (*nlp.Embedded, error) {
	cfg, err := config.Default()
	if err != nil {
		return nil, err
	}
	m, err := defaultmodel.Category()
	if err != nil {
		return nil, err
	}
	return nlp.NewEmbedded(cfg, m)
})

// vagueMessages say something is wrong without saying what kind of
// matter it is: the real model is unsure of most of them.
var vagueMessages = []string{
	"我们楼下那个铺子天天晚上叮叮当当的，门口还放着好几个罐子",
	"村头有块地最近一直有人在那里弄，挖来挖去的，不知道是不是允许的",
	"楼下那家店晚上老是有动静，门口也乱糟糟的，不知道该找谁",
	"俺们村后面有人圈了一块地，在里面干啥也不让看",
	"小区旁边那家店门口每天放着好几个大桶，晚上还叮叮当当响",
	"附近那个院子里老是有人进进出出，院里放着不少罐子和桶",
}

var orderNumberRe = regexp.MustCompile(`\d{8}-\d{4}`)

// TestClarifyingQuestionWithTheModel runs the clarifying question end to
// end with the real embedded model: every message whose category the
// model puts under the threshold, with two categories to offer, gets
// replies.ask_category offering the model's two likeliest categories that
// are not the catch-all (Result.Candidates, each at minOffer or more); a
// number picks one, which the registered order keeps; a category's name
// picks it too; any other answer joins the description and the draft is
// classified again. A message the model is sure of is never asked.
func TestClarifyingQuestionWithTheModel(t *testing.T) {
	clf, err := modelClassifier()
	if err != nil {
		t.Fatal(err)
	}
	env := newEnvWith(t, clf)
	cfg := env.cfg
	ctx := context.Background()
	name := func(code string) string {
		c, _ := cfg.Category(code)
		return c.Name
	}
	askCategoryText, _ := cfg.Replies.Text(config.ReplyAskCategory)
	asked := 0
	for i, text := range vagueMessages {
		r, err := clf.Classify(ctx, text)
		if err != nil {
			t.Fatal(err)
		}
		// The two categories to offer, read off the model's candidates.
		var offer []string
		for _, c := range r.Candidates {
			if cat, ok := cfg.Category(c.Category); ok && cat.Department != cfg.City.Office && c.Confidence >= minOffer && len(offer) < 2 {
				offer = append(offer, c.Category)
			}
		}
		unsure := r.Confidence[nlp.FieldCategory] < env.eng.minConfidence()
		if r.Emergency != nil || r.OutOfScope != nil || utf8.RuneCountInString(text) < 8 {
			t.Fatalf("%q: emergency %v, out of scope %v: not a vague complaint", text, r.Emergency, r.OutOfScope)
		}
		if !unsure || len(offer) < 2 {
			// The model is sure, or has no second category to offer:
			// no question (the agents' queue or the next slot).
			user := "sure" + string(rune('a'+i))
			env.send(t, user, text)
			conv := env.conv(t, user)
			if conv.Asking == askCategory || conv.Offered != nil {
				t.Errorf("%q: category %s at %.2f, candidates %v: asked which category", text, r.Category, r.Confidence[nlp.FieldCategory], r.Candidates)
			}
			continue
		}
		asked++
		want := config.Render(askCategoryText, config.ReplyData{Choices: "1. " + name(offer[0]) + "\n2. " + name(offer[1])})
		t.Logf("%q: %s %.2f, offered %v", text, r.Category, r.Confidence[nlp.FieldCategory], offer)

		// A number: the second category, kept by the registered order.
		user := "num" + string(rune('a'+i))
		if q := lastReply(env.send(t, user, text)); q != want {
			t.Fatalf("%q: reply %q, want %q", text, q, want)
		}
		if conv := env.conv(t, user); conv.State != domain.ConvCollecting || conv.Asking != askCategory || !slices.Equal(conv.Offered, offer) {
			t.Fatalf("%q: conversation %s asking %q offered %v, want the category question offering %v", text, conv.State, conv.Asking, conv.Offered, offer)
		}
		env.send(t, user, "2")
		d := env.conv(t, user).Draft
		if d == nil || d.Category != offer[1] || d.Confidence[nlp.FieldCategory] != 1 {
			t.Fatalf("%q: draft %+v, want category %s chosen by the citizen", text, d, offer[1])
		}
		if want := ticket.Route(cfg, offer[1], d.District); d.Department != want {
			t.Errorf("%q: department %s, want %s for %s", text, d.Department, want, offer[1])
		}
		number := env.register(t, user, "任城区古槐路", "13953706688")
		tk, err := env.eng.Ticket(number)
		if err != nil {
			t.Fatal(err)
		}
		if tk.Category != offer[1] || tk.Department != ticket.Route(cfg, offer[1], tk.District) || tk.Description != text {
			t.Errorf("%q: order %s category %s department %s district %s description %q; want %s routed for its district, the message as description",
				text, number, tk.Category, tk.Department, tk.District, tk.Description, offer[1])
		}
		if d.Address == "" && tk.District != "任城区" {
			t.Errorf("%q: order %s district %q, want 任城区 from the answer to the place question", text, number, tk.District)
		}

		// A category's name: the first one.
		user = "name" + string(rune('a'+i))
		env.send(t, user, text)
		env.send(t, user, "应该是"+name(offer[0])+"方面的吧")
		if d := env.conv(t, user).Draft; d == nil || d.Category != offer[0] || d.Confidence[nlp.FieldCategory] != 1 {
			t.Errorf("%q: draft %+v, want category %s named by the citizen", text, d, offer[0])
		}

		// Neither: the answer joins the description, the model reads both
		// again, and a category still unsure goes to the agents.
		user = "other" + string(rune('a'+i))
		const more = "就是这些，具体的俺也说不上来"
		env.send(t, user, text)
		reply := lastReply(env.send(t, user, more))
		again, err := clf.Classify(ctx, text+"\n"+more)
		if err != nil {
			t.Fatal(err)
		}
		conv := env.conv(t, user)
		if conv.Draft == nil || conv.Draft.Description != text+"\n"+more || conv.Offered != nil || conv.Asked[askCategory] != 1 {
			t.Fatalf("%q: draft %+v offered %v asked %v, want the answer added and the question asked once", text, conv.Draft, conv.Offered, conv.Asked)
		}
		if again.Confidence[nlp.FieldCategory] < env.eng.minConfidence() {
			toAgent, _ := cfg.Replies.Text(config.ReplyToAgent)
			if conv.State != domain.ConvQueued || reply != toAgent {
				t.Errorf("%q: state %s reply %q, want the agents' queue", text, conv.State, reply)
			}
		} else if conv.State != domain.ConvCollecting || conv.Draft.Category != again.Category {
			t.Errorf("%q: state %s category %s, want collecting with the model's %s", text, conv.State, conv.Draft.Category, again.Category)
		}
	}
	// The messages were written to be vague; if the model grows sure of
	// all but one of them, write vaguer ones.
	if asked < 2 {
		t.Errorf("the model asked about %d of %d vague messages, want at least 2: the test no longer exercises the question", asked, len(vagueMessages))
	}

	// A message the model is sure of goes on to the next question.
	const clear = "古槐路上的路灯坏了一个多礼拜了，晚上黑漆漆的"
	r, err := clf.Classify(ctx, clear)
	if err != nil {
		t.Fatal(err)
	}
	env.send(t, "clear", clear)
	if conv := env.conv(t, "clear"); r.Confidence[nlp.FieldCategory] < env.eng.minConfidence() || conv.Asked[askCategory] != 0 || conv.Draft == nil || conv.Draft.Category != r.Category {
		t.Errorf("%q: model %s at %.2f, conversation asking %q, draft %+v; want no question", clear, r.Category, r.Confidence[nlp.FieldCategory], conv.Asking, conv.Draft)
	}
}

// conv returns the web chat conversation of user.
func (e *testEnv) conv(t *testing.T, user string) *domain.Conversation {
	t.Helper()
	conv, _, err := e.eng.Conversation(inbound.ConversationID("webchat", user), 0)
	if err != nil {
		t.Fatal(err)
	}
	return conv
}

// register answers the place and phone questions the draft still asks
// and confirms it, returning the order's number.
func (e *testEnv) register(t *testing.T, user, place, phone string) string {
	t.Helper()
	for range 4 {
		conv := e.conv(t, user)
		var text string
		switch {
		case conv.State == domain.ConvConfirming:
			text = "确认"
		case conv.Asking == askPlace:
			text = place
		case conv.Asking == askPhone:
			text = phone
		default:
			t.Fatalf("conversation %s asking %q: not a registration step", conv.State, conv.Asking)
		}
		r := e.send(t, user, text)
		if text == "确认" {
			n := orderNumberRe.FindString(lastReply(r))
			if n == "" {
				t.Fatalf("reply %q names no order", lastReply(r))
			}
			return n
		}
	}
	t.Fatalf("%s: no order after four steps", user)
	return ""
}
