package bot

import (
	"strings"
	"testing"
	"time"

	"hotline/domain"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// A rating the citizen types in the chat and a rating an agent takes by
// phone (the desk's path, workflow.Service.Rate) run the same rule at
// once: both orders are reopened with the same fresh deadline, the
// department gets the same reminder, the return visit is no longer
// watched and no conversation waits for the rating any more. Nothing is
// left for the scheduler to catch up.
func TestChatAndPhoneRatingsLandAtOnceAlike(t *testing.T) {
	env := newEnv(t)
	svc := workflow.New(env.cfg, env.st, env.eng.cal, env.eng, nil, env.clock)
	env.send(t, "u1", "任城区古槐路烧烤占道 13953706688")
	env.send(t, "u1", "确认")
	env.send(t, "u2", "任城区古槐路烧烤占道 13953706699")
	env.send(t, "u2", "确认")
	const chat, phone = "20261127-0001", "20261127-0002"
	for _, n := range []string{chat, phone} {
		walkTo(t, env, n, ticket.Dispatched, ticket.Signed, ticket.Replied, ticket.Reviewed)
		if err := env.eng.Notify(n, "ask_rating"); err != nil {
			t.Fatal(err)
		}
	}
	env.mu.Lock()
	env.now = env.now.Add(2 * time.Hour)
	env.mu.Unlock()
	if r := env.send(t, "u1", "不满意，没解决"); !strings.Contains(lastReply(r), "感谢") {
		t.Fatalf("rating reply = %q", lastReply(r))
	}
	if _, err := svc.Rate(workflow.Actor{Name: "wang", Role: workflow.RoleAgent}, phone, ticket.Unsatisfied, false); err != nil {
		t.Fatal(err)
	}
	a, _ := env.eng.Ticket(chat)
	b, _ := env.eng.Ticket(phone)
	for _, tk := range []*ticket.Ticket{a, b} {
		if tk.Status != ticket.Reopened || tk.Satisfaction != ticket.Unsatisfied {
			t.Errorf("%s: status %s satisfaction %q, want reopened 不满意", tk.Number, tk.Status, tk.Satisfaction)
		}
		if !tk.Due.After(env.clock()) {
			t.Errorf("%s: due %v is not a fresh deadline after %v", tk.Number, tk.Due, env.clock())
		}
	}
	if !a.Due.Equal(b.Due) {
		t.Errorf("chat due %v, phone due %v", a.Due, b.Due)
	}
	if actions(a) != actions(b) {
		t.Errorf("histories differ:\nchat  %s\nphone %s", actions(a), actions(b))
	}
	rem, err := svc.Reminders(a.Department, 10)
	if err != nil {
		t.Fatal(err)
	}
	reopen := map[string]bool{}
	for _, r := range rem {
		if r.Kind == workflow.ReminderReopen {
			reopen[r.Number] = true
		}
	}
	if !reopen[chat] || !reopen[phone] {
		t.Errorf("reopen reminders %v, want both orders", reopen)
	}
	err = env.st.View(func(tx *store.Tx) error {
		watches := tx.VisitWatches()
		for _, n := range []string{chat, phone} {
			if _, ok := watches[n]; ok {
				t.Errorf("%s: the return visit is still watched", n)
			}
		}
		for _, id := range []string{"webchat:u1", "webchat:u2"} {
			c, err := tx.Conversation(id)
			if err != nil {
				return err
			}
			if c.State == domain.ConvRating || c.RatingFor != "" {
				t.Errorf("%s still waits for a rating: %s %q", id, c.State, c.RatingFor)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fired, err := svc.Tick(t.Context()); err != nil || fired != 0 {
		t.Errorf("the scheduler fired %d (%v) after the ratings", fired, err)
	}
}

// actions lists the actions of tk's history after its review.
func actions(tk *ticket.Ticket) string {
	var out []string
	seen := false
	for _, ev := range tk.Events {
		if seen {
			out = append(out, ev.Action)
		}
		seen = seen || ev.To == ticket.Reviewed
	}
	return strings.Join(out, " ")
}
