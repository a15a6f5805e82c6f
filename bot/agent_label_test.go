package bot

import (
	"context"
	"strings"
	"testing"

	"hotline/inbound"
	"hotline/store"
)

// TestAgentGreetsAsTheAgent: the greeting a citizen gets when an agent
// takes the chat is the agent's message, not the bot's, and the citizen's
// chat labels it with replies.agent_label: the display name, else the
// agent's number on the switch (calls.agents), never the login name.
func TestAgentGreetsAsTheAgent(t *testing.T) {
	env := newEnv(t)
	env.cfg.Calls.Agents = map[string]string{"8002": "li", "8009": "li"}
	err := env.st.Update(func(tx *store.Tx) error {
		for _, u := range []store.User{{Name: "wang", Role: "agent", DisplayName: "王芳"}, {Name: "li", Role: "agent"}, {Name: "zhao", Role: "agent"}} {
			if err := tx.PutUser(&u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	env.send(t, "u1", "人工")
	id := inbound.ConversationID("webchat", "u1")
	if _, err := env.eng.Take(context.Background(), id, "wang"); err != nil {
		t.Fatal(err)
	}
	_, msgs, err := env.eng.Conversation(id, 0)
	if err != nil {
		t.Fatal(err)
	}
	last := msgs[len(msgs)-1]
	if last.Sender != "agent:wang" || !strings.Contains(last.Text, "王芳") {
		t.Errorf("the greeting: sender %q, text %q", last.Sender, last.Text)
	}
	for agent, want := range map[string]string{"wang": "人工客服 王芳", "li": "人工客服 8002", "zhao": "人工客服"} {
		if got := env.eng.AgentLabel(agent); got != want {
			t.Errorf("AgentLabel(%s) = %q, want %q", agent, got, want)
		}
	}
}
