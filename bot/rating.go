package bot

// The return-visit rating a citizen gives in chat (满意 / 基本满意 / 不满意).

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"hotline/events"
	"hotline/store"
	"hotline/ticket"
)

// rating records a return-visit answer; ok is false when text is not one.
func (t *turn) rating(text string) (bool, error) {
	sat := parseRating(text)
	if sat == "" || t.conv.RatingFor == "" {
		return false, nil
	}
	return true, t.rate(t.conv, text, sat)
}

// ratingAway takes text as the answer to a rating question that the
// outbox delivered to this channel and number instead of the order's own
// conversation (store.RatingAway: WeChat's window had closed, the question
// went by SMS). Only a number the channel vouches for (Message.Phone)
// answers, and only while the order's conversation still waits for that
// rating.
func (t *turn) ratingAway(text string) (bool, error) {
	sat := parseRating(text)
	if sat == "" || t.m.Phone == "" {
		return false, nil
	}
	away, ok := t.tx.RatingAway(t.m.Channel, t.m.Phone)
	if !ok {
		return false, nil
	}
	if err := t.tx.DeleteRatingAway(t.m.Channel, t.m.Phone); err != nil {
		return false, err
	}
	orig, err := t.tx.Conversation(away.ConversationID)
	if errors.Is(err, store.ErrNotFound) || err == nil && (orig.State != store.ConvRating || orig.RatingFor != away.Number) {
		return false, nil // rated already, in the chat or by phone
	}
	if err != nil {
		return false, err
	}
	if err := t.rate(orig, text, sat); err != nil {
		return false, err
	}
	orig.UpdatedAt = t.now
	return true, t.tx.PutConversation(orig)
}

// rate records rating sat (text is the citizen's words) of the order conv
// waits for, ends the wait and thanks the citizen in this turn's
// conversation.
func (t *turn) rate(conv *store.Conversation, text, sat string) error {
	tk, err := t.tx.Ticket(conv.RatingFor)
	if err != nil {
		return err
	}
	solved := sat != ticket.Unsatisfied && !strings.Contains(text, "没解决") && !strings.Contains(text, "未解决") && !strings.Contains(text, "没有解决")
	if err := RecordRating(tk, sat, solved, t.now, "citizen"); err != nil {
		return err
	}
	if err := t.tx.PutTicket(tk); err != nil {
		return err
	}
	conv.RatingFor = ""
	conv.State = store.ConvIdle
	*t.events = append(*t.events, events.Event{Kind: events.Ticket, ConversationID: conv.ID, Ticket: tk.Number, State: string(tk.Status)})
	if tk.Status == ticket.Reopened {
		// Not satisfied: say that it is handled again, and by whom.
		return t.reply("rating_reopened", map[string]any{"Number": tk.Number, "Department": tk.Department})
	}
	return t.reply("thanks", map[string]any{"Number": tk.Number})
}

// RecordRating stores a satisfaction rating on tk and moves it on: a
// satisfied citizen's order is visited and closed; an unsatisfied one is
// reopened for review.
func RecordRating(tk *ticket.Ticket, sat string, solved bool, at time.Time, actor string) error {
	tk.Satisfaction = sat
	tk.Solved = &solved
	if tk.Status == ticket.Closed {
		// A late rating of an order the scheduler closed as not
		// visited: visited after all.
		tk.Flags.NotVisited = false
	}
	if tk.Status == ticket.Reviewed || tk.Status == ticket.Answered {
		if err := tk.Transition(ticket.Visited, ticket.Event{At: at, Actor: actor, Action: "visit", Note: "回访：" + sat}); err != nil {
			return err
		}
	}
	if tk.Status != ticket.Visited {
		tk.Record(ticket.Event{At: at, Actor: actor, Action: "rate", Note: "评价：" + sat})
		return nil
	}
	if sat == ticket.Unsatisfied || !solved {
		return tk.Transition(ticket.Reopened, ticket.Event{At: at, Actor: actor, Action: "reopen", Note: "市民不满意，重新审核"})
	}
	return tk.Transition(ticket.Closed, ticket.Event{At: at, Actor: actor, Action: "close", Note: "回访满意，办结"})
}

// parseRating reads a return-visit answer: 1/2/3 (also full-width, as by
// SMS) or the words, optionally followed by whether it was solved
// ("1 已解决", "3，没解决").
func parseRating(text string) string {
	t := strings.TrimSpace(text)
	switch {
	case strings.Contains(t, "不满意"):
		return ticket.Unsatisfied
	case strings.Contains(t, "基本满意"):
		return ticket.BasicSatisfied
	case strings.Contains(t, "满意"):
		return ticket.Satisfied
	}
	first, size := utf8.DecodeRuneInString(t)
	// A digit counts only on its own or before a word on being solved:
	// "12号楼漏水" is a new problem, not a rating.
	switch rest := strings.Trim(t[size:], " ，,。.、:："); rest {
	case "", "已解决", "解决了", "未解决", "没解决", "没有解决":
	default:
		return ""
	}
	switch first {
	case '1', '１':
		return ticket.Satisfied
	case '2', '２':
		return ticket.BasicSatisfied
	case '3', '３':
		return ticket.Unsatisfied
	}
	return ""
}
