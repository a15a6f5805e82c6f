package workflow

import (
	"fmt"
	"strings"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/store"
	"hotline/ticket"
)

// System is the actor of what hotline does by itself: automatic dispatch
// at registration (直派). The history records it as "system".
var System = Actor{Name: "system", Role: RoleSystem}

// Confidence keys of ticket.Ticket.Confidence that automatic dispatch
// reads (nlp.FieldCategory and nlp.FieldDepartment).
const (
	confCategory   = "category"
	confDepartment = "department"
)

// AutoDispatch decides, inside the transaction that registers order tk
// (accepted, numbered, not yet stored), whether it goes to its department
// at once (直派, config dispatch:), and stores it either way, so that a
// registration writes the order once: it is dispatched when automatic
// dispatch is on, the category and the department are both at least
// dispatch.min_confidence, the order is no emergency, holds no sensitive
// word and repeats no open order of the same citizen. Then it is
// dispatched by the same rule as Dispatch, with actor "system": deadlines
// start and the department finds it in its inbox and its console stream.
// The citizen is told by the caller's own reply, so no dispatched notice
// is queued. An order already stored may be passed as well.
//
// Otherwise the order stays accepted in the 待派单 queue (Queues) with
// tk.Hold saying why and its department as the suggestion; the reason is
// also recorded in the history. It returns whether tk was dispatched and
// the reason it was held.
func (s *Service) AutoDispatch(tx *store.Tx, tk *ticket.Ticket, now time.Time) (dispatched bool, reason string, err error) {
	if tk.Status != ticket.Accepted {
		return false, "", tx.PutTicket(tk)
	}
	if reason, hold := s.holdReason(tx, tk, now); hold {
		tk.Hold = reason
		tk.Record(ticket.Event{At: now, Actor: System.String(), Action: "hold",
			Note: config.Render(s.cfg.HistoryTexts.Hold, config.HistoryData{Reason: reason})})
		return false, reason, tx.PutTicket(tk)
	}
	if _, err := s.apply(tx, System, OpDispatch, tk, now, func(c *change) error {
		if err := s.dispatch(c, tk.Department, nil, s.cfg.HistoryTexts.AutoDispatch); err != nil {
			return err
		}
		// A person dispatching finds the department by phone when it is
		// urgent; nobody does after an automatic dispatch, so the inbox
		// says it.
		return tx.AddReminder(tk.Department, domain.Reminder{At: now, Number: tk.Number, Kind: ReminderDispatch,
			Text: config.Render(s.cfg.ReminderTexts.Dispatch, config.ReminderData{Number: tk.Number, Title: tk.Title,
				SignDue: s.formatTime(tk.SignDue), Due: s.formatTime(tk.Due)})})
	}); err != nil {
		return false, "", err
	}
	return true, "", nil
}

// holdReason says why tk may not be dispatched automatically (one of
// hold_reasons) and true, or false when it may.
func (s *Service) holdReason(tx *store.Tx, tk *ticket.Ticket, now time.Time) (string, bool) {
	d, r := s.cfg.Dispatch, s.cfg.HoldReasons
	hold := func(tmpl string, data config.HoldData) (string, bool) {
		return config.Render(tmpl, data), true
	}
	if !d.Auto {
		return hold(r.AutoOff, config.HoldData{})
	}
	if tk.Flags.Emergency || tk.Urgency == ticket.UrgencyEmergency {
		return hold(r.Emergency, config.HoldData{Number: tk.EmergencyNumber})
	}
	if w := sensitiveWord(d, tk.Title+"\n"+tk.Description); w != "" {
		return hold(r.Sensitive, config.HoldData{Word: w})
	}
	dept, ok := s.cfg.Department(tk.Department)
	if !ok || dept.Kind == config.KindOffice {
		return hold(r.NoDepartment, config.HoldData{})
	}
	min := fmt.Sprintf("%.2f", d.MinConfidence)
	if c := tk.Confidence[confCategory]; c < d.MinConfidence {
		return hold(r.LowCategory, config.HoldData{Confidence: fmt.Sprintf("%.2f", c), Min: min})
	}
	if c := tk.Confidence[confDepartment]; c < d.MinConfidence {
		return hold(r.LowDepartment, config.HoldData{Confidence: fmt.Sprintf("%.2f", c), Min: min})
	}
	if tk.RepeatOf != "" || tk.Flags.Repeat {
		return hold(r.Repeat, config.HoldData{Number: tk.RepeatOf})
	}
	if other := s.repeats(tx, tk, now); other != "" {
		return hold(r.SuspectedRepeat, config.HoldData{Number: other})
	}
	return "", false
}

// sensitiveWord returns the first of dispatch.sensitive in text once the
// dispatch.not_sensitive phrases are taken out, or "".
func sensitiveWord(d config.Dispatch, text string) string {
	for _, p := range d.NotSensitive {
		if p != "" {
			text = strings.ReplaceAll(text, p, " ")
		}
	}
	for _, w := range d.Sensitive {
		if w != "" && strings.Contains(text, w) {
			return w
		}
	}
	return ""
}

// repeats returns the number of an open order of tk's citizen with the
// same category and district received within dispatch.repeat_days, or "".
func (s *Service) repeats(tx *store.Tx, tk *ticket.Ticket, now time.Time) string {
	days := s.cfg.Dispatch.RepeatDays
	if days <= 0 || tk.CitizenID == "" {
		return ""
	}
	list, err := tx.Tickets(store.TicketFilter{CitizenID: tk.CitizenID})
	if err != nil {
		return ""
	}
	since := now.AddDate(0, 0, -days)
	for _, o := range list {
		if o.Number == tk.Number || !o.Status.Open() || o.ReceivedAt.Before(since) {
			continue
		}
		if o.Category == tk.Category && o.District == tk.District {
			return o.Number
		}
	}
	return ""
}
