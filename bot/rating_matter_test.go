package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"hotline/domain"
	"hotline/inbound"
	"hotline/store"
	"hotline/ticket"
)

// TestRatingOrNewMatter: to the rating question, a rating with nothing
// after it, a courtesy or a comment on the handling is recorded; a rating
// followed by another matter ("1，小区门口路灯坏了") or a numbered list of
// new matters is not: the matter is registered first (replies.rating_later
// says so), and the rating question comes again once it is, with the real
// embedded model reading the words.
func TestRatingOrNewMatter(t *testing.T) {
	clf, err := modelClassifier()
	if err != nil {
		t.Fatal(err)
	}
	const rated = "20261127-0001"
	for _, tc := range []struct {
		answer string
		sat    string // "" when no rating is recorded
	}{
		{"1", ticket.Satisfied},
		{"1 谢谢", ticket.Satisfied},
		{"1，处理得很快", ticket.Satisfied},
		{"2，希望下次快一点", ticket.BasicSatisfied},
		{"3，还是很吵", ticket.Unsatisfied},
		{"3 未解决，晚上还在摆", ticket.Unsatisfied},
		{"1，小区门口路灯坏了", ""},
		{"1.楼道灯不亮 2.垃圾没人收", ""},
		{"1，另外小区电梯坏了三天了", ""},
		// A space counts like a comma only before a courtesy or a comment
		// on the handling.
		{"3 还是很吵", ticket.Unsatisfied},
		{"2 我家楼下有人烧垃圾", ""},
		{"3 还有个事想反映一下", ""},
	} {
		t.Run(tc.answer, func(t *testing.T) {
			env := newEnvWith(t, clf)
			env.send(t, "u1", "任城区古槐路有烧烤摊占道经营，油烟很大 13953706688")
			env.send(t, "u1", "确认")
			walkTo(t, env, rated, ticket.Dispatched, ticket.Signed, ticket.Replied, ticket.Reviewed)
			if err := env.eng.Notify(rated, "ask_rating"); err != nil {
				t.Fatal(err)
			}
			r := env.send(t, "u1", tc.answer)
			tk, _ := env.eng.Ticket(rated)
			id := inbound.ConversationID("webchat", "u1")
			conv, _, _ := env.eng.Conversation(id, 0)
			if tc.sat != "" {
				if tk.Satisfaction != tc.sat || conv.State == domain.ConvRating {
					t.Fatalf("rating %q: satisfaction %q, conversation %s; want %q recorded", tc.answer, tk.Satisfaction, conv.State, tc.sat)
				}
				return
			}
			if tk.Satisfaction != "" || tk.Status != ticket.Reviewed {
				t.Fatalf("%q recorded as a rating: %q, %s", tc.answer, tk.Satisfaction, tk.Status)
			}
			if len(r.Replies) == 0 || !strings.Contains(r.Replies[0].Text, "新的问题") || !strings.Contains(r.Replies[0].Text, rated) {
				t.Fatalf("replies %v; want rating_later first", r.Replies)
			}
			if conv.Draft == nil || !strings.Contains(conv.Draft.Description, tc.answer) {
				t.Fatalf("the new matter is lost: state %s draft %+v", conv.State, conv.Draft)
			}
			// The new matter goes through the dialog to its registration;
			// then the rating question comes again and is answered.
			for i := 0; conv.State != domain.ConvRating && i < 4; i++ {
				switch {
				case conv.State == domain.ConvConfirming:
					r = env.send(t, "u1", "确认")
				case conv.Asking == askPlace:
					r = env.send(t, "u1", "任城区古槐路金城小区")
				case conv.Asking == askPhone:
					r = env.send(t, "u1", "13953706688")
				default:
					t.Fatalf("the new matter's dialog stopped at %s asking %q: %v", conv.State, conv.Asking, r.Replies)
				}
				conv, _, _ = env.eng.Conversation(id, 0)
			}
			if conv.State != domain.ConvRating || conv.RatingFor != rated || len(conv.Orders) != 2 {
				t.Fatalf("after the new matter: state %s rating for %q, orders %v", conv.State, conv.RatingFor, conv.Orders)
			}
			if last := lastReply(r); !strings.Contains(last, "评价") || !strings.Contains(last, rated) || !strings.Contains(r.Replies[0].Text, conv.Orders[1]) {
				t.Fatalf("registration replies %v; want the new number, then the rating question of %s", r.Replies, rated)
			}
			env.send(t, "u1", "1")
			if tk, _ := env.eng.Ticket(rated); tk.Satisfaction != ticket.Satisfied {
				t.Fatalf("the rating asked again was not recorded: %q", tk.Satisfaction)
			}
		})
	}
}

// TestRatingAskedAfterTheDraft: the rating question of an order that
// comes while the citizen is registering another matter waits: the
// citizen's answers go on filling the draft, which is registered, and the
// question comes after.
func TestRatingAskedAfterTheDraft(t *testing.T) {
	env := newEnv(t)
	const rated = "20261127-0001"
	env.send(t, "u1", "任城区古槐路烧烤占道 13953706688")
	env.send(t, "u1", "确认")
	walkTo(t, env, rated, ticket.Dispatched, ticket.Signed, ticket.Replied, ticket.Reviewed)
	env.send(t, "u1", "任城区金宇路的路灯不亮了")
	id := inbound.ConversationID("webchat", "u1")
	before, msgs, _ := env.eng.Conversation(id, 0)
	if before.State != domain.ConvCollecting && before.State != domain.ConvConfirming {
		t.Fatalf("the new matter's draft: %s", before.State)
	}
	if err := env.eng.Notify(rated, "ask_rating"); err != nil {
		t.Fatal(err)
	}
	conv, after, _ := env.eng.Conversation(id, 0)
	if conv.State != before.State || conv.RatingFor != rated || len(after) != len(msgs) {
		t.Fatalf("during the draft: state %s rating for %q, %d messages (were %d)", conv.State, conv.RatingFor, len(after), len(msgs))
	}
	var r *inbound.Result
	for i := 0; conv.State != domain.ConvRating && i < 4; i++ {
		switch {
		case conv.State == domain.ConvConfirming:
			r = env.send(t, "u1", "确认")
		case conv.Asking == askPlace:
			r = env.send(t, "u1", "任城区金宇路与共青团路路口")
		case conv.Asking == askPhone:
			r = env.send(t, "u1", "13953706688")
		default:
			t.Fatalf("the draft's dialog stopped at %s asking %q", conv.State, conv.Asking)
		}
		conv, _, _ = env.eng.Conversation(id, 0)
	}
	if conv.State != domain.ConvRating || len(conv.Orders) != 2 || !strings.Contains(lastReply(r), rated) || !strings.Contains(lastReply(r), "评价") {
		t.Fatalf("after the draft: state %s, orders %v, last reply %q", conv.State, conv.Orders, lastReply(r))
	}
	env.send(t, "u1", "2")
	if tk, _ := env.eng.Ticket(rated); tk.Satisfaction != ticket.BasicSatisfied {
		t.Fatalf("rating %q", tk.Satisfaction)
	}
}

// TestRatingAskedWhenTheDraftExpires: a rating question held back during
// another matter's draft (Notify) is asked when that draft expires
// (ExpireDrafts), as when it is registered or cancelled; the citizen's
// answer then rates the order, and the audit log records the draft's end
// once, as before.
func TestRatingAskedWhenTheDraftExpires(t *testing.T) {
	env := newEnv(t)
	const rated = "20261127-0001"
	env.send(t, "u1", "任城区古槐路烧烤占道 13953706688")
	env.send(t, "u1", "确认")
	walkTo(t, env, rated, ticket.Dispatched, ticket.Signed, ticket.Replied, ticket.Reviewed)
	env.send(t, "u1", "任城区金宇路的路灯不亮了")
	if err := env.eng.Notify(rated, "ask_rating"); err != nil {
		t.Fatal(err)
	}
	env.advance(31 * time.Minute)
	if n, err := env.eng.ExpireDrafts(context.Background()); err != nil || n != 1 {
		t.Fatalf("ExpireDrafts = %d, %v", n, err)
	}
	conv, msgs, _ := env.eng.Conversation(inbound.ConversationID("webchat", "u1"), 0)
	last := msgs[len(msgs)-1]
	if conv.State != domain.ConvRating || conv.RatingFor != rated || last.Direction != domain.Out || !strings.Contains(last.Text, "评价") || !strings.Contains(last.Text, rated) {
		t.Fatalf("the waiting rating question was not asked: state %s rating for %q, last message %q", conv.State, conv.RatingFor, last.Text)
	}
	if !strings.Contains(msgs[len(msgs)-2].Text, "暂停") {
		t.Fatalf("the draft's end not told before the question: %q", msgs[len(msgs)-2].Text)
	}
	var ended []string
	if err := env.st.View(func(tx *store.Tx) error {
		log, err := tx.AuditLog(100)
		for _, a := range log {
			if a.Object == conv.ID {
				ended = append(ended, a.Action)
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(ended) != 1 || ended[0] != "conversation.idle" {
		t.Fatalf("audit of the expiry: %q", ended)
	}
	env.send(t, "u1", "1")
	if tk, _ := env.eng.Ticket(rated); tk.Satisfaction != ticket.Satisfied {
		t.Fatalf("rating %q", tk.Satisfaction)
	}
}

// TestExpiredDraftForgetsAnOrderNoLongerRated: a draft that expires while
// the order it held a rating question back for is no longer awaiting one
// (closed meanwhile) ends as before, idle, with nothing asked.
func TestExpiredDraftForgetsAnOrderNoLongerRated(t *testing.T) {
	env := newEnv(t)
	const rated = "20261127-0001"
	env.send(t, "u1", "任城区古槐路烧烤占道 13953706688")
	env.send(t, "u1", "确认")
	walkTo(t, env, rated, ticket.Dispatched, ticket.Signed, ticket.Replied, ticket.Reviewed)
	env.send(t, "u1", "任城区金宇路的路灯不亮了")
	if err := env.eng.Notify(rated, "ask_rating"); err != nil {
		t.Fatal(err)
	}
	walkTo(t, env, rated, ticket.Closed)
	env.advance(31 * time.Minute)
	if n, err := env.eng.ExpireDrafts(context.Background()); err != nil || n != 1 {
		t.Fatalf("ExpireDrafts = %d, %v", n, err)
	}
	conv, msgs, _ := env.eng.Conversation(inbound.ConversationID("webchat", "u1"), 0)
	if conv.State != domain.ConvIdle || conv.RatingFor != "" || !strings.Contains(msgs[len(msgs)-1].Text, "暂停") {
		t.Fatalf("after the expiry: state %s rating for %q, last message %q", conv.State, conv.RatingFor, msgs[len(msgs)-1].Text)
	}
}
