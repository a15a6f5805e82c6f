package workflow

import (
	"context"
	"errors"
	"strconv"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/store"
	"hotline/ticket"
)

// Job kinds of the scheduler; each is also the first part of its key.
const (
	jobSign = "remind:sign"
	// A dispatched order's sign deadline passed unsigned (超时未签收): the
	// history records it, which the reports count as a late signing.
	jobSignOverdue = "sign:overdue"
	jobFinish      = "remind:finish"
	jobEscalate    = "escalate"
	jobVisit       = "visit"
	// A 批示件's own deadline: yellow (before it) and red (at it).
	jobInstrRemind  = "remind:instruction"
	jobInstrOverdue = "instruction:overdue"
)

// job is one thing the scheduler is to do, identified by its key.
type job struct {
	kind   string
	key    string
	number string
}

func key(kind, number string, t time.Time) string {
	return kind + ":" + number + ":" + strconv.FormatInt(t.Unix(), 10)
}

func escalateKey(tk *ticket.Ticket) string { return key(jobEscalate, tk.Number, tk.Due) }

// jobsFor returns what is due for tk at now, other than the return visit:
//
//   - remind:sign: a dispatched order, on its sign deadline's day within
//     its working hours, once half the working time to sign has gone
//     (signRemindDue; not when the sign deadline is the finish deadline:
//     the finish reminder covers it);
//   - sign:overdue: a dispatched order past its sign deadline, still not
//     signed for (超时未签收), marked once in its history (sign_overdue),
//     at any hour: the mark is what 按时签收率 counts as late, on the
//     day of the deadline, not a message to anyone;
//   - remind:finish: a held order whose deadline is yellow (Service.warning:
//     WarnDays working days before, or when a deadline shorter than that
//     has RemindShare of its working time left), within the working hours
//     (officeHours);
//   - escalate: a held order past its deadline, unless it waits for the
//     office's answer to an extension request.
//
// and, for a 批示件 not yet handled, on its own deadline:
//
//   - remind:instruction: the deadline is yellow, within the working
//     hours (officeHours);
//   - instruction:overdue: the deadline has passed.
func (s *Service) jobsFor(tk *ticket.Ticket, now time.Time) []job {
	st := tk.Status
	var out []job
	if d := tk.InstructionDue; Priority(tk) == 0 && !d.IsZero() && st.Open() {
		switch ticket.Warning(s.cal, s.cfg.TimeLimits, d, now) {
		case ticket.WarnYellow:
			if s.officeHours(now, d) {
				out = append(out, job{jobInstrRemind, key(jobInstrRemind, tk.Number, d), tk.Number})
			}
		case ticket.WarnRed:
			out = append(out, job{jobInstrOverdue, key(jobInstrOverdue, tk.Number, d), tk.Number})
		}
	}
	if !st.AtDepartment() {
		return out
	}
	if st == ticket.Dispatched && !tk.SignDue.IsZero() && !tk.SignDue.Equal(tk.Due) && now.Before(tk.SignDue) &&
		s.signRemindDue(tk, now) {
		out = append(out, job{jobSign, key(jobSign, tk.Number, tk.SignDue), tk.Number})
	}
	if st == ticket.Dispatched && !tk.SignDue.IsZero() && now.After(tk.SignDue) {
		out = append(out, job{jobSignOverdue, key(jobSignOverdue, tk.Number, tk.SignDue), tk.Number})
	}
	if tk.Due.IsZero() {
		return out
	}
	switch s.warning(deadlineStart(tk), tk.Due, now) {
	case ticket.WarnYellow:
		if s.officeHours(now, tk.Due) {
			out = append(out, job{jobFinish, key(jobFinish, tk.Number, tk.Due), tk.Number})
		}
	case ticket.WarnRed:
		if st != ticket.ExtensionRequested { // the office has yet to answer
			out = append(out, job{jobEscalate, escalateKey(tk), tk.Number})
		}
	}
	return out
}

// officeHours reports whether a reminder of a deadline may be raised at
// now: within the working hours (calls.workday_start to
// time_limits.workday_end_hour on a working day), or outside them when
// the deadline comes before they begin again (an outage due tonight is
// chased tonight). A deadline turns yellow when the day turns, and a
// reminder raised then, at 00:00, reached nobody: it waits for the office
// to open.
func (s *Service) officeHours(now, deadline time.Time) bool {
	open := s.nextOpen(now)
	return !open.After(now) || !deadline.After(open)
}

// nextOpen is now when it lies within the working hours, else when they
// begin next (now itself when none come within a year, which config
// check does not let happen).
func (s *Service) nextOpen(now time.Time) time.Time {
	sh, sm, err := s.cfg.Calls.WorkdayStartClock()
	if err != nil {
		sh, sm = 0, 0
	}
	eh := s.cal.WorkdayEndHour()
	loc := s.cal.Location()
	t := now.In(loc)
	for i := 0; i < 366; i++ {
		day := time.Date(t.Year(), t.Month(), t.Day()+i, 0, 0, 0, 0, loc)
		if !s.cal.IsWorkday(day) {
			continue
		}
		from := time.Date(day.Year(), day.Month(), day.Day(), sh, sm, 0, 0, loc)
		to := time.Date(day.Year(), day.Month(), day.Day(), eh, 0, 0, 0, loc)
		if !t.Before(to) {
			continue
		}
		if t.Before(from) {
			return from
		}
		return t
	}
	return now
}

// signRemindDue reports whether the sign reminder of a dispatched order
// is due at now: on the sign deadline's day, once its working hours have
// begun (calls.workday_start), and once half the working time from the
// dispatch to the sign deadline has gone (Service.workingTime; on the
// clock when there is none). Counting calendar days alone raised it the
// minute the day turned, at 00:00, when no clerk reads the inbox.
func (s *Service) signRemindDue(tk *ticket.Ticket, now time.Time) bool {
	if s.cal.WorkingDaysBetween(now, tk.SignDue) > 0 {
		return false
	}
	if h, m, err := s.cfg.Calls.WorkdayStartClock(); err == nil {
		d := tk.SignDue.In(s.cal.Location())
		if begin := time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, d.Location()); begin.Before(tk.SignDue) && now.Before(begin) {
			return false
		}
	}
	left, total := s.workingTime(now, tk.SignDue), s.workingTime(tk.DispatchedAt, tk.SignDue)
	if total <= 0 {
		left, total = tk.SignDue.Sub(now), tk.SignDue.Sub(tk.DispatchedAt)
	}
	return 2*left <= total
}

// visitDue reports whether a rating asked for at asked is overdue at now.
func (s *Service) visitDue(tk *ticket.Ticket, asked, now time.Time) bool {
	days := s.cfg.TimeLimits.VisitDays
	return days > 0 && (tk.Status == ticket.Reviewed || tk.Status == ticket.Answered) &&
		!now.Before(asked.AddDate(0, 0, days))
}

// Tick runs one pass of the scheduler at the service's clock and returns
// how many things fired: reminders to departments before the sign and the
// finish deadline (催办), escalation of overdue orders, and closing orders whose rating did not come within
// VisitDays days (closed with Flags.NotVisited). Each firing is one
// transaction that stores its key (e.g. remind:sign:<number>:<unix of the
// deadline>), so that nothing fires twice, across restarts too. Notices
// the Notifier could not take earlier are offered again.
func (s *Service) Tick(ctx context.Context) (int, error) {
	s.flush("")
	now := s.now()
	var jobs []job
	var stale []string
	err := s.st.ViewContext(ctx, func(tx *store.Tx) error {
		var err error
		jobs, stale, err = s.due(tx, now)
		return err
	})
	if err != nil {
		return 0, err
	}
	fired := 0
	for _, j := range jobs {
		if err := ctx.Err(); err != nil {
			return fired, err
		}
		ok, err := s.fire(j, now)
		if err != nil {
			return fired, err
		}
		if ok {
			fired++
		}
	}
	if len(stale) > 0 {
		if err := s.st.UpdateContext(ctx, func(tx *store.Tx) error {
			for _, number := range stale {
				tk, err := tx.Ticket(number)
				if err == nil && (tk.Status == ticket.Reviewed || tk.Status == ticket.Answered) {
					continue // rated and back to awaiting a rating since the scan
				}
				if err := tx.UnwatchVisit(number); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return fired, err
		}
	}
	return fired, nil
}

// atDepartment are the states in which a department holds an order.
var atDepartment = func() (out []ticket.Status) {
	for _, st := range ticket.AllStatuses() {
		if st.AtDepartment() {
			out = append(out, st)
		}
	}
	return out
}()

// openStates are the states of an order not finished.
var openStates = func() (out []ticket.Status) {
	for _, st := range ticket.AllStatuses() {
		if st.Open() {
			out = append(out, st)
		}
	}
	return out
}()

// due returns the jobs due at now that have not fired, and the watched
// orders whose watch is stale (the order is gone or no longer awaits a
// rating). It reads from the indexes what each job needs (the deadline
// and sign-deadline indexes, the status index, the scheduler's marks, the
// return-visit watches) and reads an order only when one of its jobs may
// be due and has not fired: an order escalated long ago, or held by the
// office, is not read again at every pass, so a pass touches what is due,
// not every open order.
func (s *Service) due(tx *store.Tx, now time.Time) (jobs []job, stale []string, err error) {
	read := map[string]bool{}
	// consider reads order number once and adds its jobs that did not fire.
	consider := func(number string) {
		if read[number] || err != nil {
			return
		}
		read[number] = true
		tk, terr := tx.Ticket(number)
		if errors.Is(terr, store.ErrNotFound) {
			return
		}
		if terr != nil {
			err = terr
			return
		}
		for _, j := range s.jobsFor(tk, now) { // its keys name it: read once, each comes once
			if _, fired := tx.Fired(j.key); !fired {
				jobs = append(jobs, j)
			}
		}
	}
	held := func(number string, states []ticket.Status) bool {
		for _, st := range states {
			if tx.HasStatus(number, st) {
				return true
			}
		}
		return false
	}
	// Deadlines up to the end of the warning window (a day more, to be
	// safe at its edge), from the deadline index: a finish reminder
	// (yellow) or an escalation (red) is due only for an order a
	// department holds, and its key follows from the deadline.
	horizon := s.cal.AddWorkingDays(now, s.cfg.TimeLimits.WarnDays).Add(24 * time.Hour)
	tx.ScanDue(horizon, func(number string, due time.Time) bool {
		var k string
		switch {
		case now.After(due):
			if tx.HasStatus(number, ticket.ExtensionRequested) { // the office has yet to answer
				return true
			}
			k = key(jobEscalate, number, due)
		case ticket.Warning(s.cal, s.cfg.TimeLimits, due, now) == ticket.WarnYellow:
			// jobsFor decides, from the order's start, whether a short
			// deadline is near enough (Service.warning).
			k = key(jobFinish, number, due)
		default:
			return true
		}
		if _, fired := tx.Fired(k); !fired && held(number, atDepartment) {
			consider(number)
		}
		return err == nil
	})
	// Sign reminders: dispatched orders whose sign deadline is ahead and
	// within a working day, from the sign-deadline index.
	tx.ScanSignDue(now.Add(time.Nanosecond), s.cal.AddWorkingDays(now, 1).Add(24*time.Hour), func(number string, signDue time.Time) bool {
		if _, fired := tx.Fired(key(jobSign, number, signDue)); !fired {
			consider(number)
		}
		return err == nil
	})
	// Sign deadlines passed: the sign-deadline index holds only the orders
	// still waiting to be signed for, so these are the ones to mark.
	tx.ScanSignDue(time.Unix(0, 0), now, func(number string, signDue time.Time) bool {
		if _, fired := tx.Fired(key(jobSignOverdue, number, signDue)); !fired {
			consider(number)
		}
		return err == nil
	})
	// 批示件 have deadlines of their own: the open ones are read (the
	// flagged index also lists closed and archived leader items).
	tx.ScanFlagged(func(number string) bool {
		if held(number, openStates) {
			consider(number)
		}
		return err == nil
	})
	if err != nil {
		return nil, nil, err
	}
	// Return visits: only the watches whose time has come are read.
	for number, asked := range tx.VisitWatches() {
		if days := s.cfg.TimeLimits.VisitDays; days <= 0 || now.Before(asked.AddDate(0, 0, days)) {
			continue
		}
		k := key(jobVisit, number, asked)
		if _, fired := tx.Fired(k); fired {
			continue
		}
		tk, err := tx.Ticket(number)
		if errors.Is(err, store.ErrNotFound) {
			stale = append(stale, number)
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if tk.Status != ticket.Reviewed && tk.Status != ticket.Answered {
			stale = append(stale, number)
			continue
		}
		if s.visitDue(tk, asked, now) {
			jobs = append(jobs, job{jobVisit, k, number})
		}
	}
	return jobs, stale, nil
}

// fire does job j in its own transaction, after checking again that it is
// due and has not fired; ok says whether it did something.
func (s *Service) fire(j job, now time.Time) (ok bool, err error) {
	err = s.st.UpdateNow(func(tx *store.Tx) error {
		ok = false
		if _, fired := tx.Fired(j.key); fired {
			return nil
		}
		tk, err := tx.Ticket(j.number)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		before := tk.Status
		const actor = "system"
		var rem *domain.Reminder
		var office *domain.Reminder // to the office's supervision desk
		switch j.kind {
		case jobVisit:
			watches := tx.VisitWatches()
			asked, watched := watches[tk.Number]
			if !watched || key(jobVisit, tk.Number, asked) != j.key || !s.visitDue(tk, asked, now) {
				return nil
			}
			if err := tk.Transition(ticket.Closed, ticket.Event{At: now, Actor: actor, Action: "visit_timeout",
				Note: config.Render(s.cfg.HistoryTexts.VisitTimeout, config.HistoryData{Days: s.cfg.TimeLimits.VisitDays})}); err != nil {
				return err
			}
			tk.Flags.NotVisited = true
			if err := tx.UnwatchVisit(tk.Number); err != nil {
				return err
			}
			if err := tellLeaders(tx, s.cfg, tk, ReminderInstructionClosed, now); err != nil {
				return err
			}
			if s.n != nil {
				// The citizen is told the order is closed.
				if err := tx.AddNotice(&domain.Notice{Number: tk.Number, Kind: KindClosed, At: now}); err != nil {
					return err
				}
			}
		default:
			var found bool
			for _, cur := range s.jobsFor(tk, now) {
				if cur.key == j.key {
					found = true
				}
			}
			if !found {
				return nil
			}
			rem = &domain.Reminder{At: now, Number: tk.Number}
			switch j.kind {
			case jobSignOverdue:
				// A mark in the history for the reports; the department's
				// lists already show 超时未签收, so nobody is told again.
				rem = nil
				tk.Record(ticket.Event{At: now, Actor: actor, Action: "sign_overdue",
					Note: config.Render(s.cfg.HistoryTexts.SignOverdue, config.HistoryData{Due: s.formatTime(tk.SignDue)})})
			case jobSign:
				rem.Kind = ReminderSign
				rem.Text = config.Render(s.cfg.ReminderTexts.RemindSign, config.ReminderData{Number: tk.Number, SignDue: s.formatTime(tk.SignDue)})
				tk.Record(ticket.Event{At: now, Actor: actor, Action: "remind", Note: rem.Text})
			case jobFinish:
				rem.Kind = ReminderFinish
				rem.Text = config.Render(s.cfg.ReminderTexts.RemindFinish, config.ReminderData{Number: tk.Number, Due: s.formatTime(tk.Due)})
				tk.Record(ticket.Event{At: now, Actor: actor, Action: "remind", Note: rem.Text})
			case jobEscalate:
				rem.Kind = ReminderEscalate
				rem.Text = config.Render(s.cfg.ReminderTexts.Escalate, config.ReminderData{Number: tk.Number, Due: s.formatTime(tk.Due)})
				tk.Record(ticket.Event{At: now, Actor: actor, Action: "escalate", Note: rem.Text})
				// The department is told it was reported to the office's
				// supervision desk (已报督办): the desk is told too, in its
				// inbox (催办记录) and through notify like the departments.
				office = &domain.Reminder{At: now, Number: tk.Number, Kind: ReminderEscalate,
					Text: config.Render(s.cfg.ReminderTexts.EscalateOffice, config.ReminderData{Number: tk.Number, Due: s.formatTime(tk.Due), Department: tk.Department})}
			case jobInstrRemind, jobInstrOverdue:
				data := config.ReminderData{Number: tk.Number, Title: tk.Title, Due: s.formatTime(tk.InstructionDue), Department: tk.Department}
				texts := s.cfg.ReminderTexts
				action, deptText, officeText := "remind_instruction", texts.InstructionRemind, texts.InstructionOfficeRemind
				rem.Kind = ReminderInstructionRemind
				if j.kind == jobInstrOverdue {
					action, deptText, officeText = "instruction_overdue", texts.InstructionOverdue, texts.InstructionOfficeOverdue
					rem.Kind = ReminderInstructionOverdue
				}
				rem.Text = config.Render(deptText, data)
				office = &domain.Reminder{At: now, Number: tk.Number, Kind: rem.Kind, Text: config.Render(officeText, data)}
				note := rem.Text
				if !tk.Status.AtDepartment() {
					// The office holds the order: only its desk is told.
					rem, note = nil, office.Text
				}
				tk.Record(ticket.Event{At: now, Actor: actor, Action: action, Note: note})
			}
		}
		if err := tx.PutTicket(tk); err != nil {
			return err
		}
		if rem != nil && tk.Department != "" {
			if err := tx.AddReminder(tk.Department, *rem); err != nil {
				return err
			}
		}
		if office != nil && s.cfg.City.Office != "" && (rem == nil || s.cfg.City.Office != tk.Department) {
			if err := tx.AddReminder(s.cfg.City.Office, *office); err != nil {
				return err
			}
		}
		action := map[string]string{jobSign: "ticket.remind_sign", jobSignOverdue: "ticket.sign_overdue", jobFinish: "ticket.remind_finish",
			jobEscalate: "ticket.escalate", jobVisit: "ticket.visit_timeout",
			jobInstrRemind: "ticket.remind_instruction", jobInstrOverdue: "ticket.instruction_overdue"}[j.kind]
		if err := tx.Audit(store.AuditEntry{At: now, Actor: actor, Action: action, Object: tk.Number,
			Before: string(before), After: string(tk.Status)}); err != nil {
			return err
		}
		if err := tx.MarkFired(j.key, now); err != nil {
			return err
		}
		ok = true
		return nil
	})
	if err == nil && ok {
		s.log.Info("scheduler fired", "job", j.kind, "ticket", j.number)
	}
	return ok, err
}

// Run calls Tick at once and then every TickInterval until ctx ends; a
// failed pass is logged and the next one tries again.
func (s *Service) Run(ctx context.Context) error {
	t := time.NewTicker(TickInterval)
	defer t.Stop()
	for {
		if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("scheduler pass failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
