package workflow

import (
	"slices"
	"strings"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/ticket"
)

// Co-handling (协办): an order dispatched to a lead department (主办) and
// co-departments. Each co-department is told (its inbox, and so its
// liaison officers: reminder co_dispatch) and gives the lead its part,
// 协办意见 (CoReply), within time_limits.co_reply_days working days of the
// dispatch and never past the order's deadline; the lead department is
// told at once (co_reply, with the text), and the order's page and its
// history show each part before the lead replies. A part not given in
// time is late: the supervision desk lists it (SupervisorLists.CoLate).
// A new dispatch asks again.

// Reminder kinds of co-handling.
const (
	ReminderCoDispatch = "co_dispatch" // an order to co-handle, to the co-department
	ReminderCoReply    = "co_reply"    // a co-department's part, to the lead department
)

// CoPart is one co-department's part of an order (Item.Co): given (At,
// by whom; its words are the history's co_reply event, which the console
// masks like the rest) or awaited until Due, Late once that has passed.
type CoPart struct {
	Department string    `json:"department"`
	Due        time.Time `json:"due,omitzero"`
	At         time.Time `json:"at,omitzero"`
	By         string    `json:"by,omitempty"` // the actor who gave it (dept:市公安局/zhao)
	Late       bool      `json:"late,omitempty"`
}

// coPrefix is the actor prefix of department dept's users.
func coPrefix(dept string) string { return "dept:" + dept + "/" }

// lastDispatch is the time of the order's last dispatch (zero: none).
func lastDispatch(tk *ticket.Ticket) time.Time {
	for i := len(tk.Events) - 1; i >= 0; i-- {
		if tk.Events[i].Action == "dispatch" {
			return tk.Events[i].At
		}
	}
	return tk.DispatchedAt
}

// coDue is by when the co-departments of tk give their part: co_reply_days
// working days after the last dispatch, not past the order's deadline.
func (s *Service) coDue(tk *ticket.Ticket) time.Time {
	due := tk.Due
	if n := s.cfg.TimeLimits.CoReplyDays; n > 0 {
		if at := lastDispatch(tk); !at.IsZero() {
			if d := s.cal.AddWorkingDays(at, n); due.IsZero() || d.Before(due) {
				due = d
			}
		}
	}
	return due
}

// coParts lists the co-departments' parts of tk since its last dispatch,
// in the order of tk.CoDepartments; nil for an order without
// co-departments.
func (s *Service) coParts(tk *ticket.Ticket, now time.Time) []CoPart {
	if len(tk.CoDepartments) == 0 {
		return nil
	}
	since := lastDispatch(tk)
	due := s.coDue(tk)
	out := make([]CoPart, 0, len(tk.CoDepartments))
	for _, d := range tk.CoDepartments {
		p := CoPart{Department: d, Due: due}
		for i := len(tk.Events) - 1; i >= 0; i-- {
			ev := tk.Events[i]
			if ev.At.Before(since) {
				break
			}
			if ev.Action == "co_reply" && strings.HasPrefix(ev.Actor, coPrefix(d)) {
				p.At, p.By = ev.At, ev.Actor
				break
			}
		}
		p.Late = p.At.IsZero() && tk.Status.AtDepartment() && tk.Status != ticket.Replied && !due.IsZero() && now.After(due)
		out = append(out, p)
	}
	return out
}

// CoReply records co-department a.Department's part (协办意见) of order
// number while the departments handle it (before the lead's reply), in
// its history, and tells the lead department at once. A co-department
// may give its part again (the last one counts); a department that is
// not a co-department of the order may not.
func (s *Service) CoReply(a Actor, number, text string) (*ticket.Ticket, error) {
	text = strings.TrimSpace(text)
	return s.op(a, OpCoReply, number, func(c *change) error {
		tk := c.tk
		if !slices.Contains(tk.CoDepartments, a.Department) {
			return ErrForbidden
		}
		if !opStates[OpCoReply](tk.Status) {
			return ruleErr(s.cfg.RuleErrors.CoReplyClosed, config.RuleData{Status: s.cfg.StatusLabels.Label(string(tk.Status))})
		}
		if text == "" {
			return ruleErr(s.cfg.RuleErrors.EmptyCoReply, config.RuleData{})
		}
		tk.Record(ticket.Event{At: c.now, Actor: c.actor, Action: "co_reply",
			Note: config.Render(s.cfg.HistoryTexts.CoReply, config.HistoryData{Department: a.Department, Note: text})})
		c.after = string(tk.Status) + " co_reply"
		if tk.Department == "" {
			return nil
		}
		return c.tx.AddReminder(tk.Department, domain.Reminder{At: c.now, Number: tk.Number, Kind: ReminderCoReply,
			Text: config.Render(s.cfg.ReminderTexts.CoReply, config.ReminderData{Number: tk.Number, Title: tk.Title,
				Department: a.Department, Comment: text})})
	})
}

// remindCo tells each co-department of c's order, just dispatched, what
// it co-handles and by when.
func (s *Service) remindCo(c *change) error {
	tk := c.tk
	due := s.formatTime(s.coDue(tk))
	for _, d := range tk.CoDepartments {
		if err := c.tx.AddReminder(d, domain.Reminder{At: c.now, Number: tk.Number, Kind: ReminderCoDispatch,
			Text: config.Render(s.cfg.ReminderTexts.CoDispatch, config.ReminderData{Number: tk.Number, Title: tk.Title,
				Department: tk.Department, Due: due})}); err != nil {
			return err
		}
	}
	return nil
}
