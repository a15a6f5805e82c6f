package workflow

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/store"
	"hotline/ticket"
)

// Ticket returns order number as actor a may see it: a department gets
// ErrNotFound for an order that is neither its own nor one it co-handles.
func (s *Service) Ticket(a Actor, number string) (*ticket.Ticket, error) {
	if !Allowed(a.Role, OpView) {
		return nil, ErrForbidden
	}
	var out *ticket.Ticket
	err := s.st.View(func(tx *store.Tx) error {
		tk, err := tx.Ticket(number)
		if errors.Is(err, store.ErrNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if !a.sees(tk) {
			return ErrNotFound
		}
		out = tk
		return nil
	})
	return out, err
}

// Edit sets one field of the order (ticket.Edit). Category, department
// and district must be known to the config (aliases are stored by their
// name). Changing the category or the district of an order the office
// still holds (draft, accepted, returned) routes it again with
// ticket.Route; editing the department itself is taken as given, and is
// refused while a department holds the order (return or reopen it first).
// correction marks the change as a correction of the classifier, which
// the training export picks up from the history.
func (s *Service) Edit(a Actor, number, field, value string, correction bool) (*ticket.Ticket, error) {
	value = strings.TrimSpace(value)
	if !slices.Contains(ticket.EditableFields(), field) {
		return nil, ruleErr(s.cfg.RuleErrors.BadField, config.RuleData{Field: field})
	}
	switch field {
	case "category":
		if _, ok := s.cfg.Category(value); !ok {
			return nil, ruleErr(s.cfg.RuleErrors.UnknownCategory, config.RuleData{Value: value})
		}
	case "department":
		d, ok := s.cfg.Department(value)
		if !ok {
			return nil, ruleErr(s.cfg.RuleErrors.UnknownDepartment, config.RuleData{Value: value})
		}
		value = d.Name
	case "district":
		if value != "" {
			d, ok := s.cfg.District(value)
			if !ok {
				return nil, ruleErr(s.cfg.RuleErrors.UnknownDistrict, config.RuleData{Value: value})
			}
			value = d.Name
		}
	case "type":
		if !slices.Contains(ticket.RequestTypes(), value) {
			return nil, ruleErr(s.cfg.RuleErrors.BadType, config.RuleData{Choices: strings.Join(ticket.RequestTypes(), "、")})
		}
	case "urgency":
		if !slices.Contains(ticket.UrgencyLevels(), value) {
			return nil, ruleErr(s.cfg.RuleErrors.BadUrgency, config.RuleData{Choices: strings.Join(ticket.UrgencyLevels(), "、")})
		}
	case "title", "description":
		if value == "" {
			return nil, ruleErr(s.cfg.RuleErrors.EmptyField, config.RuleData{Field: field})
		}
	}
	return s.op(a, OpEdit, number, func(c *change) error {
		tk := c.tk
		officeHolds := tk.Status == ticket.Draft || tk.Status == ticket.Accepted || tk.Status == ticket.Returned
		if field == "department" && !officeHolds && tk.Status != ticket.Answered && tk.Status != ticket.Cancelled {
			return ruleErr(s.cfg.RuleErrors.Redispatch, config.RuleData{Status: s.cfg.StatusLabels.Label(string(tk.Status))})
		}
		old, _ := fieldValue(tk, field)
		if err := tk.Edit(c.now, c.actor, field, value, correction); err != nil {
			return s.editRefused(field, err)
		}
		c.before = string(tk.Status) + " " + field + "=" + old
		c.after = string(tk.Status) + " " + field + "=" + value
		if (field == "category" || field == "district") && officeHolds {
			if dept := ticket.Route(s.cfg, tk.Category, tk.District); dept != tk.Department {
				oldDept := tk.Department
				if err := tk.Edit(c.now, c.actor, "department", dept, false); err != nil {
					return err
				}
				c.before += " department=" + oldDept
				c.after += " department=" + dept
			}
		}
		return nil
	})
}

// editRefused is what the console says when the order refused an edit
// the checks above let through: the order's words are Go's, in English,
// so they stay in the error's chain (for the log) and the console reads
// rule_errors.
func (s *Service) editRefused(field string, err error) error {
	text := s.cfg.RuleErrors.EditRefused
	if errors.Is(err, ticket.ErrUnknownField) {
		text = s.cfg.RuleErrors.BadField
	}
	return &RuleError{Msg: config.Render(text, config.RuleData{Field: field}), cause: err}
}

// fieldValue reads one of ticket.EditableFields.
func fieldValue(tk *ticket.Ticket, field string) (string, bool) {
	switch field {
	case "title":
		return tk.Title, true
	case "description":
		return tk.Description, true
	case "type":
		return tk.Type, true
	case "category":
		return tk.Category, true
	case "department":
		return tk.Department, true
	case "district":
		return tk.District, true
	case "town":
		return tk.Town, true
	case "address":
		return tk.Address, true
	case "urgency":
		return tk.Urgency, true
	case "phone":
		return tk.Phone, true
	case "name":
		return tk.Name, true
	}
	return "", false
}

// Answer closes an accepted or returned order with a direct answer
// (直接答复); the citizen gets the answer (reply_ready) and the request for
// a rating (ask_rating), and the return-visit clock starts.
func (s *Service) Answer(a Actor, number, text string) (*ticket.Ticket, error) {
	text = strings.TrimSpace(text)
	return s.op(a, OpAnswer, number, func(c *change) error {
		if err := need(c.tk, ticket.Answered); err != nil {
			return err
		}
		if text == "" {
			return ruleErr(s.cfg.RuleErrors.EmptyAnswer, config.RuleData{})
		}
		c.tk.Reply = text
		returnedBy := returnedBy(c.tk)
		if err := c.tk.Transition(ticket.Answered, ticket.Event{At: c.now, Actor: c.actor, Action: "answer", Note: text}); err != nil {
			return err
		}
		if returnedBy != "" {
			if err := c.tx.AddReminder(returnedBy, domain.Reminder{At: c.now, Number: c.tk.Number, Kind: ReminderReturn,
				Text: config.Render(s.cfg.ReminderTexts.ReturnAnswered, config.ReminderData{Number: c.tk.Number, Department: s.cfg.City.Office})}); err != nil {
				return err
			}
		}
		c.notify(KindReplyReady, KindAskRating)
		if err := tellLeaders(c.tx, s.cfg, c.tk, ReminderInstructionReplied, c.now); err != nil {
			return err
		}
		return c.tx.WatchVisit(c.tk.Number, c.now)
	})
}

// Dispatch sends an accepted, returned or reopened order to its main
// department (主办) and optional co-departments (协办), all of which must
// be in the config (aliases are stored by their name). The sign and
// finish deadlines are counted from now on the calendar (ticket.Deadlines),
// so a re-dispatched order gives the new department its full time. The
// citizen is told (dispatched).
func (s *Service) Dispatch(a Actor, number, dept string, co []string, note string) (*ticket.Ticket, error) {
	main, ok := s.cfg.Department(strings.TrimSpace(dept))
	if !ok {
		return nil, ruleErr(s.cfg.RuleErrors.UnknownMain, config.RuleData{Value: dept})
	}
	var coNames []string
	for _, name := range co {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		d, ok := s.cfg.Department(name)
		if !ok {
			return nil, ruleErr(s.cfg.RuleErrors.UnknownCo, config.RuleData{Value: name})
		}
		if d.Name != main.Name && !slices.Contains(coNames, d.Name) {
			coNames = append(coNames, d.Name)
		}
	}
	return s.op(a, OpDispatch, number, func(c *change) error {
		prev, returned := c.tk.Department, c.tk.Status == ticket.Returned
		if err := s.dispatch(c, main.Name, coNames, note); err != nil {
			return err
		}
		c.notify(KindDispatched)
		if err := s.remindCo(c); err != nil {
			return err
		}
		// The department's inbox (and its liaison officers, package
		// notify) hear of the new order, and a department that returned
		// it hears the office's decision.
		tk := c.tk
		if returned && prev != "" {
			text := config.Render(s.cfg.ReminderTexts.ReturnApproved, config.ReminderData{Number: tk.Number, Department: main.Name})
			if prev == main.Name {
				text = config.Render(s.cfg.ReminderTexts.ReturnRefused, config.ReminderData{Number: tk.Number, SignDue: s.formatTime(tk.SignDue)})
			}
			if err := c.tx.AddReminder(prev, domain.Reminder{At: c.now, Number: tk.Number, Kind: ReminderReturn, Text: text}); err != nil {
				return err
			}
			if prev == main.Name {
				return nil
			}
		}
		return c.tx.AddReminder(main.Name, domain.Reminder{At: c.now, Number: tk.Number, Kind: ReminderDispatch,
			Text: config.Render(s.cfg.ReminderTexts.Dispatch, config.ReminderData{Number: tk.Number, Title: tk.Title,
				SignDue: s.formatTime(tk.SignDue), Due: s.formatTime(tk.Due)})})
	})
}

// returnedBy is the department that returned tk (退回) and waits for the
// office's decision, "" when tk is not a returned order: a returned order
// the office answers or merges instead of dispatching it again tells that
// department its return is settled, as a dispatch does (return_answered,
// return_merged), so that its inbox does not leave the return undecided.
func returnedBy(tk *ticket.Ticket) string {
	if tk.Status != ticket.Returned {
		return ""
	}
	return tk.Department
}

// fmtDue writes a deadline as the history records it (empty when none).
func fmtDue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// dispatch moves c's order to department main (and co-departments co)
// and starts its deadlines.
func (s *Service) dispatch(c *change, main string, coNames []string, note string) error {
	tk := c.tk
	if err := need(tk, ticket.Dispatched); err != nil {
		return err
	}
	msg := config.Render(s.cfg.HistoryTexts.Dispatch, config.HistoryData{Department: main,
		CoDepartments: strings.Join(coNames, "、"), Note: strings.TrimSpace(note)})
	cat, _ := s.cfg.Category(tk.Category)
	signDue, due := ticket.Deadlines(s.cal, s.cfg.TimeLimits, cat, tk.Type, tk.Urgency, c.now)
	// The deadlines go into the history too, so that reports judge
	// each dispatch against its own deadlines.
	ev := ticket.Event{At: c.now, Actor: c.actor, Action: "dispatch", Note: msg, Fields: map[string][2]string{
		"sign_due": {fmtDue(tk.SignDue), fmtDue(signDue)},
		"due":      {fmtDue(tk.Due), fmtDue(due)},
	}}
	if tk.Department != main {
		ev.Fields["department"] = [2]string{tk.Department, main}
	}
	if err := tk.Transition(ticket.Dispatched, ev); err != nil {
		return err
	}
	if err := c.tx.SetCoDepartments(tk.Number, tk.CoDepartments, coNames); err != nil {
		return err
	}
	tk.Department = main
	tk.CoDepartments = coNames
	tk.Hold = ""
	tk.SignDue, tk.Due = signDue, due
	return nil
}

// Merge folds order number into order into as a repeat (并单, 重复件):
// number is answered with a note that names into (accepted or returned →
// answered), gets RepeatOf and Flags.Repeat, and into counts one repeat
// more. An into that is itself a repeat is followed to its original.
func (s *Service) Merge(a Actor, number, into string, note string) (*ticket.Ticket, error) {
	into = strings.TrimSpace(into)
	return s.op(a, OpMerge, number, func(c *change) error {
		tk := c.tk
		if err := need(tk, ticket.Answered); err != nil {
			return err
		}
		target, err := c.tx.Ticket(into)
		if errors.Is(err, store.ErrNotFound) {
			return ruleErr(s.cfg.RuleErrors.MergeMissing, config.RuleData{Number: into})
		}
		if err != nil {
			return err
		}
		for i := 0; target.RepeatOf != "" && i < 10; i++ {
			next, err := c.tx.Ticket(target.RepeatOf)
			if err != nil {
				break
			}
			target = next
		}
		if target.Number == tk.Number {
			return ruleErr(s.cfg.RuleErrors.MergeSelf, config.RuleData{})
		}
		if target.Status == ticket.Draft || target.Status == ticket.Cancelled {
			return ruleErr(s.cfg.RuleErrors.MergeFinished, config.RuleData{Number: target.Number, Status: s.cfg.StatusLabels.Label(string(target.Status))})
		}
		msg := config.Render(s.cfg.HistoryTexts.Merge, config.HistoryData{Number: target.Number, Note: strings.TrimSpace(note)})
		returnedBy := returnedBy(tk)
		if err := tk.Transition(ticket.Answered, ticket.Event{At: c.now, Actor: c.actor, Action: "merge", Note: msg}); err != nil {
			return err
		}
		if returnedBy != "" {
			if err := c.tx.AddReminder(returnedBy, domain.Reminder{At: c.now, Number: tk.Number, Kind: ReminderReturn,
				Text: config.Render(s.cfg.ReminderTexts.ReturnMerged, config.ReminderData{Number: tk.Number, Into: target.Number})}); err != nil {
				return err
			}
		}
		tk.RepeatOf = target.Number
		tk.Flags.Repeat = true
		if tk.Reply == "" {
			tk.Reply = config.Render(s.cfg.Replies.Merged, config.ReplyData{Number: target.Number})
		}
		target.RepeatCount++
		c.notify(KindReplyReady) // the citizen learns it is handled with the other order
		target.Record(ticket.Event{At: c.now, Actor: c.actor, Action: "merge_in",
			Note: config.Render(s.cfg.HistoryTexts.MergeIn, config.HistoryData{Number: tk.Number})})
		if err := c.tx.PutTicket(target); err != nil {
			return err
		}
		return c.tx.Audit(store.AuditEntry{At: c.now, Actor: c.actor, Action: "ticket.merge_in", Object: target.Number,
			Before: string(target.Status) + " repeats=" + strconv.Itoa(target.RepeatCount-1),
			After:  string(target.Status) + " repeats=" + strconv.Itoa(target.RepeatCount)})
	})
}

// Sign is the main department's receipt of a dispatched order (签收).
func (s *Service) Sign(a Actor, number string) (*ticket.Ticket, error) {
	return s.op(a, OpSign, number, func(c *change) error {
		// Only a dispatched order is signed for (opStates): the state
		// table also leads from a pending extension back to signed, but
		// that is the office's decision (DecideExtension), not a receipt.
		if !opStates[OpSign](c.tk.Status) {
			return &ticket.TransitionError{Number: c.tk.Number, From: c.tk.Status, To: ticket.Signed}
		}
		return c.tk.Transition(ticket.Signed, ticket.Event{At: c.now, Actor: c.actor, Action: "sign"})
	})
}

// Reply is the main department's result (办理反馈) for a signed or
// reopened order; the text is required, attachment (a media reference) is
// optional. The office reviews it before the citizen sees it.
func (s *Service) Reply(a Actor, number, text, attachment string) (*ticket.Ticket, error) {
	text = strings.TrimSpace(text)
	attachment = strings.TrimSpace(attachment)
	return s.op(a, OpReply, number, func(c *change) error {
		tk := c.tk
		if err := need(tk, ticket.Replied); err != nil {
			return err
		}
		if text == "" {
			return ruleErr(s.cfg.RuleErrors.EmptyReply, config.RuleData{})
		}
		tk.Reply = text
		if attachment != "" && !slices.Contains(tk.Attachments, attachment) {
			tk.Attachments = append(tk.Attachments, attachment)
		}
		if err := tk.Transition(ticket.Replied, ticket.Event{At: c.now, Actor: c.actor, Action: "reply", Note: text}); err != nil {
			return err
		}
		// The leaders who gave the order an instruction read the result
		// in their inbox.
		return tellLeaders(c.tx, s.cfg, tk, ReminderInstructionReplied, c.now)
	})
}

// RequestExtension asks the office to move the deadline of a signed order
// to newDue (申请延期): at most MaxExtensionDays working days after the
// current deadline (ticket.ExtensionAllowed) and still ahead, with a
// reason. The requested
// date is kept in the event (Fields["due"]) until DecideExtension.
func (s *Service) RequestExtension(a Actor, number, reason string, newDue time.Time) (*ticket.Ticket, error) {
	reason = strings.TrimSpace(reason)
	return s.op(a, OpRequestExtension, number, func(c *change) error {
		tk := c.tk
		if err := need(tk, ticket.ExtensionRequested); err != nil {
			return err
		}
		if reason == "" {
			return ruleErr(s.cfg.RuleErrors.ExtensionReason, config.RuleData{})
		}
		lim := s.cfg.TimeLimits
		if !newDue.After(c.now) {
			// A deadline already past gives the department no time: a
			// late order asks for a date still ahead.
			return ruleErr(s.cfg.RuleErrors.ExtensionPast, config.RuleData{Due: s.formatTime(newDue)})
		}
		if err := ticket.ExtensionAllowed(s.cal, lim, tk.Due, newDue); err != nil {
			switch {
			case lim.MaxExtensionDays <= 0:
				return ruleErr(s.cfg.RuleErrors.ExtensionOff, config.RuleData{})
			case !newDue.After(tk.Due):
				return ruleErr(s.cfg.RuleErrors.ExtensionEarly, config.RuleData{Due: s.formatTime(tk.Due)})
			default:
				return ruleErr(s.cfg.RuleErrors.ExtensionLong, config.RuleData{Days: lim.MaxExtensionDays,
					Due: s.formatTime(s.cal.AddWorkingDays(tk.Due, lim.MaxExtensionDays))})
			}
		}
		if !s.cal.IsWorkday(newDue) {
			// A deadline on a day off (a weekend, the National Day week)
			// would run out while nobody works and turn red over it: the
			// department picks a working day; the next one is offered.
			return ruleErr(s.cfg.RuleErrors.ExtensionDayOff, config.RuleData{Value: newDue.In(s.cal.Location()).Format("2006-01-02"),
				Due: s.formatTime(s.cal.EndOfWorkday(newDue))})
		}
		// The deadline is unchanged until the office approves: the request
		// keeps the date asked for under its own key, never as a change
		// of "due" that the history would show as the new deadline.
		return tk.Transition(ticket.ExtensionRequested, ticket.Event{At: c.now, Actor: c.actor, Action: "request_extension",
			Note:   config.Render(s.cfg.HistoryTexts.RequestExtension, config.HistoryData{Reason: reason, Due: s.formatTime(newDue)}),
			Fields: map[string][2]string{FieldRequestedDue: {"", newDue.Format(time.RFC3339)}}})
	})
}

// FieldRequestedDue is the event field of an extension request that
// holds the deadline asked for (before approval the order's deadline is
// unchanged).
const FieldRequestedDue = "requested_due"

// requestedDue finds the deadline asked for by the last extension request
// (orders stored before FieldRequestedDue kept it as a "due" change).
func requestedDue(tk *ticket.Ticket) (time.Time, bool) {
	for i := len(tk.Events) - 1; i >= 0; i-- {
		ev := tk.Events[i]
		if ev.Action != "request_extension" {
			continue
		}
		v, ok := ev.Fields[FieldRequestedDue]
		if !ok {
			v = ev.Fields["due"]
		}
		t, err := time.Parse(time.RFC3339, v[1])
		return t, err == nil
	}
	return time.Time{}, false
}

// DecideExtension is the office's answer to an extension request: the
// order is signed again, with the requested deadline when approved. A
// refusal needs a comment. The department finds the answer in its inbox.
func (s *Service) DecideExtension(a Actor, number string, approve bool, comment string) (*ticket.Ticket, error) {
	comment = strings.TrimSpace(comment)
	return s.op(a, OpDecideExtension, number, func(c *change) error {
		tk := c.tk
		if !opStates[OpDecideExtension](tk.Status) {
			return &ticket.TransitionError{Number: tk.Number, From: tk.Status, To: ticket.Signed}
		}
		ev := ticket.Event{At: c.now, Actor: c.actor, Note: comment}
		var text string
		if approve {
			due, ok := requestedDue(tk)
			if !ok {
				return ruleErr(s.cfg.RuleErrors.ExtensionNoDate, config.RuleData{})
			}
			ev.Action = "extension_granted"
			ev.Fields = map[string][2]string{"due": {tk.Due.Format(time.RFC3339), due.Format(time.RFC3339)}}
			tk.Due = due
			// The citizen was told the old deadline at the dispatch.
			c.notify(KindExtended)
			text = config.Render(s.cfg.ReminderTexts.ExtensionApproved, config.ReminderData{Number: tk.Number, Due: s.formatTime(due), Comment: comment})
		} else {
			if comment == "" {
				return ruleErr(s.cfg.RuleErrors.RefusalComment, config.RuleData{})
			}
			ev.Action = "extension_refused"
			text = config.Render(s.cfg.ReminderTexts.ExtensionRefused, config.ReminderData{Number: tk.Number, Due: s.formatTime(tk.Due), Comment: comment})
		}
		if err := tk.Transition(ticket.Signed, ev); err != nil {
			return err
		}
		return c.tx.AddReminder(tk.Department, domain.Reminder{At: c.now, Number: tk.Number, Kind: ReminderExtension, Text: text})
	})
}

// Return gives a dispatched or signed order back to the office (退回), with
// a reason, within ReturnDays working days of the dispatch
// (ticket.ReturnAllowed). The order keeps its department (for the return
// rate) until the office dispatches it again.
func (s *Service) Return(a Actor, number, reason string) (*ticket.Ticket, error) {
	reason = strings.TrimSpace(reason)
	return s.op(a, OpReturn, number, func(c *change) error {
		tk := c.tk
		if err := need(tk, ticket.Returned); err != nil {
			return err
		}
		if reason == "" {
			return ruleErr(s.cfg.RuleErrors.ReturnReason, config.RuleData{})
		}
		lim := s.cfg.TimeLimits
		if !ticket.ReturnAllowed(s.cal, lim, tk.DispatchedAt, c.now) {
			return ruleErr(s.cfg.RuleErrors.ReturnWindow, config.RuleData{Days: lim.ReturnDays})
		}
		return tk.Transition(ticket.Returned, ticket.Event{At: c.now, Actor: c.actor, Action: "return", Note: reason})
	})
}

// Review is the office's check of a department's reply (审核). Approved, the
// order is reviewed and the citizen gets the reply (reply_ready) and the
// request for a rating (ask_rating); the return-visit clock starts.
// Rejected (comment required), it is reopened (重办) with a fresh finish
// deadline and shows in the department's list and inbox again.
func (s *Service) Review(a Actor, number string, approve bool, comment string) (*ticket.Ticket, error) {
	comment = strings.TrimSpace(comment)
	return s.op(a, OpReview, number, func(c *change) error {
		tk := c.tk
		if !approve {
			if tk.Status != ticket.Replied { // visited and closed orders are reopened by ratings
				return &ticket.TransitionError{Number: tk.Number, From: tk.Status, To: ticket.Reopened}
			}
			if comment == "" {
				return ruleErr(s.cfg.RuleErrors.RejectionComment, config.RuleData{})
			}
			if err := tk.Transition(ticket.Reopened, ticket.Event{At: c.now, Actor: c.actor, Action: "review_reject", Note: comment}); err != nil {
				return err
			}
			s.redoDeadline(tk, c.now, c.actor)
			return c.tx.AddReminder(tk.Department, domain.Reminder{At: c.now, Number: tk.Number, Kind: ReminderReopen,
				Text: config.Render(s.cfg.ReminderTexts.ReviewRejected, config.ReminderData{Number: tk.Number, Due: s.formatTime(tk.Due), Comment: comment})})
		}
		if err := tk.Transition(ticket.Reviewed, ticket.Event{At: c.now, Actor: c.actor, Action: "review", Note: comment}); err != nil {
			return err
		}
		c.notify(KindReplyReady, KindAskRating)
		return c.tx.WatchVisit(tk.Number, c.now)
	})
}

// redoDeadline gives a reopened order a fresh finish deadline counted from
// at, recorded in the history.
func (s *Service) redoDeadline(tk *ticket.Ticket, at time.Time, actor string) {
	redoDeadline(s.cfg, s.cal, tk, at, actor)
}

func redoDeadline(cfg *config.Config, cal *ticket.Calendar, tk *ticket.Ticket, at time.Time, actor string) {
	cat, _ := cfg.Category(tk.Category)
	_, due := ticket.Deadlines(cal, cfg.TimeLimits, cat, tk.Type, tk.Urgency, at)
	tk.Record(ticket.Event{At: at, Actor: actor, Action: "redo_due",
		Note:   config.Render(cfg.HistoryTexts.RedoDue, config.HistoryData{Due: formatTime(cfg, cal, due)}),
		Fields: map[string][2]string{"due": {tk.Due.Format(time.RFC3339), due.Format(time.RFC3339)}}})
	tk.Due = due
}

// Supervise marks an open order as supervised (督办) or, with instruction,
// as carrying a leader's instruction (批示件, note required); either puts it
// at the top of every list and queue and in the department's inbox. A 批示件
// gets a deadline of its own, time_limits.instruction_days working days
// from the instruction (a later instruction starts it again), which the
// scheduler reminds of before and at its end; the history names the
// leader (a.DisplayName, else the login) and keeps the text.
func (s *Service) Supervise(a Actor, number, note string, instruction bool) (*ticket.Ticket, error) {
	note = strings.TrimSpace(note)
	if instruction && note == "" {
		return nil, ruleErr(s.cfg.RuleErrors.InstructionText, config.RuleData{})
	}
	return s.op(a, OpSupervise, number, func(c *change) error {
		tk := c.tk
		if !tk.Status.Open() {
			return ruleErr(s.cfg.RuleErrors.SuperviseClosed, config.RuleData{Status: s.cfg.StatusLabels.Label(string(tk.Status))})
		}
		ev := ticket.Event{At: c.now, Actor: c.actor, Action: "supervise", Note: note}
		kind, text := ReminderSupervise, config.Render(s.cfg.ReminderTexts.Supervise, config.ReminderData{Number: tk.Number, Comment: note})
		flag := "supervised"
		if instruction {
			ev.Action, kind, flag = "instruct", ReminderInstruction, "instruction"
			tk.Flags.Instruction = true
			leader := cmp.Or(strings.TrimSpace(a.DisplayName), a.Name)
			if a.Role != RoleLeader && strings.TrimSpace(a.ForLeader) != "" {
				name, login, err := s.recordedLeader(c.tx, a.ForLeader)
				if err != nil {
					return err
				}
				leader = name
				if login != "" {
					// A leader without an account yet is found by the
					// name when the result comes, as a duty session's.
					if err := keepInstructionLeader(c.tx, tk.Number, c.now, login); err != nil {
						return err
					}
				}
			} else if a.Role != RoleLeader {
				// The office's own instruction, naming no leader: nobody's
				// inbox, not a leader who bears the recorder's name.
				if err := keepInstructionLeader(c.tx, tk.Number, c.now, ""); err != nil {
					return err
				}
			}
			ev.Fields = map[string][2]string{FieldLeader: {"", leader}}
			due := tk.Due
			if days := s.cfg.TimeLimits.InstructionDays; days > 0 {
				due = s.cal.AddWorkingDays(c.now, days)
				ev.Fields[FieldInstructionDue] = [2]string{fmtDue(tk.InstructionDue), fmtDue(due)}
				tk.InstructionDue = due
			}
			dueText := ""
			if !due.IsZero() {
				dueText = s.formatTime(due)
			}
			text = config.Render(s.cfg.ReminderTexts.Instruction, config.ReminderData{Number: tk.Number, Title: tk.Title, Due: dueText, Comment: note, Leader: leader})
		} else {
			tk.Flags.Supervised = true
		}
		tk.Record(ev)
		c.after = string(tk.Status) + " " + flag
		if tk.Department == "" {
			return nil
		}
		return c.tx.AddReminder(tk.Department, domain.Reminder{At: c.now, Number: tk.Number, Kind: kind, Text: text})
	})
}

// Event fields of an instruction (Action "instruct"): the leader's name
// and the 批示件's deadline (RFC 3339).
const (
	FieldLeader         = "leader"
	FieldInstructionDue = "instruction_due"
)

// Rate records a rating taken by phone by an agent (电话回访). It runs
// the same rule as a rating the citizen gives in the chat or by SMS
// (RateTx): reviewed and answered orders are visited and then closed, or
// reopened with a fresh deadline when the citizen is not satisfied or the
// problem is not solved; a late rating of a closed order is kept in the
// history and clears Flags.NotVisited. A conversation still waiting for
// this rating stops waiting.
func (s *Service) Rate(a Actor, number, satisfaction string, solved bool) (*ticket.Ticket, error) {
	satisfaction = strings.TrimSpace(satisfaction)
	if !slices.Contains([]string{ticket.Satisfied, ticket.BasicSatisfied, ticket.Unsatisfied}, satisfaction) {
		return nil, ruleErr(s.cfg.RuleErrors.BadSatisfaction, config.RuleData{})
	}
	return s.op(a, OpRate, number, func(c *change) error {
		tk := c.tk
		if !opStates[OpRate](tk.Status) {
			return &ticket.TransitionError{Number: tk.Number, From: tk.Status, To: ticket.Visited}
		}
		if err := applyRating(c.tx, s.cfg, s.cal, tk, satisfaction, solved, "", c.now, c.actor); err != nil {
			return err
		}
		c.after = string(tk.Status) + " " + satisfaction
		return nil
	})
}

// stopWaiting puts the conversation that waits for tk's rating back to
// idle, so that the citizen's next "1" is not taken as a second rating.
func stopWaiting(tx *store.Tx, tk *ticket.Ticket, now time.Time) error {
	if tk.ConversationID == "" {
		return nil
	}
	conv, err := tx.Conversation(tk.ConversationID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if conv.State != domain.ConvRating || conv.RatingFor != tk.Number {
		return nil
	}
	conv.State = domain.ConvIdle
	conv.RatingFor = ""
	conv.UpdatedAt = now
	return tx.PutConversation(conv)
}
