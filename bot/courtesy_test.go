package bot

import (
	"strings"
	"testing"
	"time"

	"hotline/inbound"
)

// TestCourtesyOpensNoDraft: thanks or a greeting with no problem in it
// (the classifier's Result.Courtesy) is answered, with the welcome in a
// new conversation and greeting_again after an order, and opens no draft.
func TestCourtesyOpensNoDraft(t *testing.T) {
	clf, err := modelClassifier()
	if err != nil {
		t.Fatal(err)
	}
	env := newEnvWith(t, clf)
	welcome, err := env.eng.Greeting()
	if err != nil {
		t.Fatal(err)
	}
	if r := lastReply(env.send(t, "u1", "辛苦了辛苦了")); r != welcome {
		t.Errorf("辛苦了 in a new conversation: %q, want the welcome", r)
	}
	conv, _, err := env.eng.Conversation(inbound.ConversationID("webchat", "u1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if conv.Draft != nil {
		t.Errorf("辛苦了 opened a draft: %+v", conv.Draft)
	}

	env.send(t, "u2", "任城区古槐路有烧烤摊占道经营，油烟很大")
	env.send(t, "u2", "13953706688")
	if r := lastReply(env.send(t, "u2", "确认")); !strings.Contains(r, "20261127-0001") {
		t.Fatalf("registering: %q", r)
	}
	env.advance(time.Minute)
	if r := lastReply(env.send(t, "u2", "好的，谢谢你们！")); r != env.cfg.Replies.GreetingAgain {
		t.Errorf("thanks after registering: %q, want %q", r, env.cfg.Replies.GreetingAgain)
	}
	conv, _, err = env.eng.Conversation(inbound.ConversationID("webchat", "u2"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if conv.Draft != nil {
		t.Errorf("thanks after registering opened a draft: %+v", conv.Draft)
	}
}
