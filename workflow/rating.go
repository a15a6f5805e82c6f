package workflow

import (
	"errors"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/store"
	"hotline/ticket"
)

// RateTx records the satisfaction rating sat of order number inside tx:
// the rule every rating follows, whether the citizen typed it in the chat,
// answered the SMS question, or an agent took it by phone (Service.Rate).
// Reviewed and answered orders are visited and then closed, or reopened
// with a fresh deadline and a reminder to the department when the citizen
// is not satisfied or the problem is not solved; a late rating of a closed
// order is kept in the history and clears Flags.NotVisited; the return
// visit is no longer watched and a conversation waiting for this rating
// stops waiting. The order is saved and the rating audited. words are
// what the citizen wrote with the rating beyond the rating itself ("3
// 未解决，晚上还在摆"; empty for a bare 3 or a rating taken by phone): the
// history's reopening and late rating keep them (history_texts'
// {{.Words}}), so that the department handling the order again and the
// 重办 queue read why.
func RateTx(tx *store.Tx, cfg *config.Config, cal *ticket.Calendar, number, sat string, solved bool, words string, now time.Time, actor string) (*ticket.Ticket, error) {
	tk, err := tx.Ticket(number)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	before := tk.Status
	if err := applyRating(tx, cfg, cal, tk, sat, solved, words, now, actor); err != nil {
		return nil, err
	}
	if err := tx.PutTicket(tk); err != nil {
		return nil, err
	}
	if err := tx.Audit(store.AuditEntry{At: now, Actor: actor, Action: "ticket." + string(OpRate), Object: number,
		Before: string(before), After: string(tk.Status) + " " + sat}); err != nil {
		return nil, err
	}
	return tk, nil
}

// applyRating is RateTx on a loaded order, without saving it.
func applyRating(tx *store.Tx, cfg *config.Config, cal *ticket.Calendar, tk *ticket.Ticket, sat string, solved bool, words string, now time.Time, actor string) error {
	tk.Satisfaction = sat
	tk.Solved = &solved
	if tk.Status == ticket.Closed {
		// A late rating of an order the scheduler closed as not
		// visited: visited after all.
		tk.Flags.NotVisited = false
	}
	if tk.Status == ticket.Reviewed || tk.Status == ticket.Answered {
		if err := tk.Transition(ticket.Visited, ticket.Event{At: now, Actor: actor, Action: "visit",
			Note: config.Render(cfg.HistoryTexts.Visit, config.HistoryData{Satisfaction: sat})}); err != nil {
			return err
		}
	}
	switch {
	case tk.Status != ticket.Visited:
		tk.Record(ticket.Event{At: now, Actor: actor, Action: "rate",
			Note: config.Render(cfg.HistoryTexts.Rate, config.HistoryData{Satisfaction: sat, Words: words})})
	case sat == ticket.Unsatisfied || !solved:
		if err := tk.Transition(ticket.Reopened, ticket.Event{At: now, Actor: actor, Action: "reopen",
			Note: config.Render(cfg.HistoryTexts.RatingReopen, config.HistoryData{Satisfaction: sat, Words: words})}); err != nil {
			return err
		}
		// The rule sets the fresh deadline, not the citizen who rated
		// (the history said 市民 重办时限).
		redoDeadline(cfg, cal, tk, now, RoleSystem)
		if tk.Department != "" {
			if err := tx.AddReminder(tk.Department, domain.Reminder{At: now, Number: tk.Number, Kind: ReminderReopen,
				Text: config.Render(cfg.ReminderTexts.RatingReopen, config.ReminderData{Number: tk.Number, Due: formatTime(cfg, cal, tk.Due)})}); err != nil {
				return err
			}
		}
	default:
		if err := tk.Transition(ticket.Closed, ticket.Event{At: now, Actor: actor, Action: "close",
			Note: config.Render(cfg.HistoryTexts.RatingClose, config.HistoryData{Satisfaction: sat})}); err != nil {
			return err
		}
		if err := tellLeaders(tx, cfg, tk, ReminderInstructionClosed, now); err != nil {
			return err
		}
	}
	if err := tx.UnwatchVisit(tk.Number); err != nil {
		return err
	}
	return stopWaiting(tx, tk, now)
}
