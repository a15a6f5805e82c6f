package workflow

import (
	"cmp"
	"slices"
	"time"

	"hotline/domain"
	"hotline/store"
	"hotline/ticket"
)

// Item is an order as the console lists it.
type Item struct {
	*ticket.Ticket
	// Warning is "", "yellow" or "red" (Service.warning) for an order whose
	// deadline is running: accepted, returned, or held by a department.
	Warning string `json:"warning"`
	// Escalated: the scheduler escalated the order for missing its current
	// deadline.
	Escalated bool `json:"escalated"`
	// SignLate: the order still waits for its department to sign for it
	// (签收) and its sign deadline has passed (超时未签收), which the
	// finish deadline's mark does not show.
	SignLate bool `json:"sign_late,omitempty"`
	// WaitingSince is when the order came to wait for the office in its
	// state (a reply to review, an extension asked for, a return), and
	// WaitedSeconds the working time since (Service.workingTime: what the
	// office's hours make of the wait), in seconds; zero for an order
	// that does not wait for the office.
	WaitingSince  time.Time `json:"waiting_since,omitzero"`
	WaitedSeconds int64     `json:"waited_seconds,omitempty"`
	// DaysLeft is, while the deadline runs, the working days from today
	// to it, as a department counts its time limit
	// (ticket.Calendar.WorkingDaysBetween): 0 when it ends today, -n when
	// it passed n working days ago (0 with Warning red when it passed
	// earlier today; -1 on the days off right after the day it passed).
	// Nil when no deadline runs.
	DaysLeft *int `json:"days_left,omitempty"`
	// Co is each co-handling department's part (协办意见) since the last
	// dispatch: given, awaited or late (cohandling.go).
	Co []CoPart `json:"co,omitempty"`
}

// waitsForOffice reports whether an order in state st waits for the
// office's decision: a reply to review, an extension, a return.
func waitsForOffice(st ticket.Status) bool {
	return st == ticket.Replied || st == ticket.ExtensionRequested || st == ticket.Returned
}

// statusSince is when tk entered its current state: the last event of its
// history that moved it there (its acceptance for an older record with
// no such event).
func statusSince(tk *ticket.Ticket) time.Time {
	for i := len(tk.Events) - 1; i >= 0; i-- {
		if ev := tk.Events[i]; ev.To == tk.Status && !ev.At.IsZero() {
			return ev.At
		}
	}
	return tk.AcceptedAt
}

// Reminder is an entry of a department's inbox: Kind is dispatch, remind_sign,
// remind_finish, escalate, supervise, instruction, reopen or extension.
type Reminder = domain.Reminder

// Reminder kinds.
const (
	ReminderSign        = "remind_sign"
	ReminderFinish      = "remind_finish"
	ReminderEscalate    = "escalate"
	ReminderSupervise   = "supervise"
	ReminderInstruction = "instruction"
	// A 批示件's own deadline nears or has passed: to the handling
	// department and to the office's supervision desk (city.office).
	ReminderInstructionRemind  = "instruction_remind"
	ReminderInstructionOverdue = "instruction_overdue"
	ReminderReopen             = "reopen"
	ReminderExtension          = "extension"
	ReminderDispatch           = "dispatch" // a new order for the department (派单)
	ReminderReturn             = "return"   // the office's decision on the department's return (退回)
	ReminderCancel             = "cancel"   // the citizen withdrew the order before it was signed (撤销)
)

// deadlineRuns reports whether the order's finish deadline is running.
func deadlineRuns(st ticket.Status) bool {
	return st.AtDepartment() || st == ticket.Accepted || st == ticket.Returned
}

// warning is the supervision colour of a deadline due at now, the order's
// time having started at start (ticket.Warning: yellow within WarnDays
// working days of due, red past it), with one rule more: when the whole
// time from start to due lies in that window (a 24-hour outage, a
// same-day consultation), it turns yellow only once at most
// time_limits.remind_share of that time is left, and not the minute the
// order arrives. That time is working time (Service.workingTime), as the
// deadlines count working days: an outage reported on Friday evening is
// not chased on Saturday night, and a consultation accepted after hours
// not at midnight; a time with no working hours in it at all (an
// emergency at night) is counted on the clock. The finish reminder (催办)
// fires when the order turns yellow.
func (s *Service) warning(start, due, now time.Time) string {
	w := ticket.Warning(s.cal, s.cfg.TimeLimits, due, now)
	if w != ticket.WarnYellow || start.IsZero() || !start.Before(due) ||
		ticket.Warning(s.cal, s.cfg.TimeLimits, due, start) != ticket.WarnYellow {
		return w
	}
	left, total := s.workingTime(now, due), s.workingTime(start, due)
	if total <= 0 {
		left, total = due.Sub(now), due.Sub(start)
	}
	if float64(left) > s.cfg.TimeLimits.RemindShare*float64(total) {
		return ticket.WarnNone
	}
	return w
}

// workingTime is the working time from a to b (0 when b is not after a):
// the hours from calls.workday_start to time_limits.workday_end_hour on
// the calendar's working days, as the callback deadlines count them.
func (s *Service) workingTime(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	loc := s.cal.Location()
	sh, sm, err := s.cfg.Calls.WorkdayStartClock()
	if err != nil { // config check refuses it; the day starts at midnight
		sh, sm = 0, 0
	}
	eh := s.cal.WorkdayEndHour()
	a, b = a.In(loc), b.In(loc)
	var sum time.Duration
	y, m, d := a.Date()
	for day := time.Date(y, m, d, 0, 0, 0, 0, loc); day.Before(b); day = time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, loc) {
		if !s.cal.IsWorkday(day) {
			continue
		}
		from := time.Date(day.Year(), day.Month(), day.Day(), sh, sm, 0, 0, loc)
		to := time.Date(day.Year(), day.Month(), day.Day(), eh, 0, 0, 0, loc)
		if from.Before(a) {
			from = a
		}
		if to.After(b) {
			to = b
		}
		if to.After(from) {
			sum += to.Sub(from)
		}
	}
	return sum
}

// deadlineStart is when the time of the order's deadlines started for the
// one who holds it: its last dispatch, else its acceptance.
func deadlineStart(tk *ticket.Ticket) time.Time {
	if !tk.DispatchedAt.IsZero() {
		return tk.DispatchedAt
	}
	return tk.AcceptedAt
}

func (s *Service) item(tx *store.Tx, tk *ticket.Ticket, now time.Time) Item {
	it := Item{Ticket: tk}
	if deadlineRuns(tk.Status) {
		it.Warning = s.warning(deadlineStart(tk), tk.Due, now)
	}
	it.DaysLeft = s.daysLeft(tk, now)
	if tk.Status.AtDepartment() && !tk.Due.IsZero() {
		_, it.Escalated = tx.Fired(escalateKey(tk))
	}
	it.SignLate = tk.Status == ticket.Dispatched && !tk.SignDue.IsZero() && now.After(tk.SignDue)
	if waitsForOffice(tk.Status) {
		if since := statusSince(tk); !since.IsZero() {
			it.WaitingSince = since
			it.WaitedSeconds = int64(s.workingTime(since, now) / time.Second)
		}
	}
	it.Co = s.coParts(tk, now)
	return it
}

// Countdown is Item.DaysLeft and Item.Warning of tk now: the working days
// left until its deadline and its mark while it runs, nil and "" when
// none runs.
func (s *Service) Countdown(tk *ticket.Ticket) (daysLeft *int, warning string) {
	now := s.now()
	if deadlineRuns(tk.Status) {
		warning = s.warning(deadlineStart(tk), tk.Due, now)
	}
	return s.daysLeft(tk, now), warning
}

func (s *Service) daysLeft(tk *ticket.Ticket, now time.Time) *int {
	if !deadlineRuns(tk.Status) {
		return nil
	}
	return s.workingDaysLeft(tk.Due, now)
}

// workingDaysLeft is the working days from now's day to due's
// (ticket.Calendar.WorkingDaysBetween: 0 when due is today, negative once
// past), nil when there is no due; the one count behind every countdown
// the console shows (Item.DaysLeft, QueueItem's).
func (s *Service) workingDaysLeft(due, now time.Time) *int {
	if due.IsZero() {
		return nil
	}
	n := s.cal.WorkingDaysBetween(now, due)
	if n == 0 && due.Before(now) && !sameDay(due, now, s.cal.Location()) {
		// Past on an earlier day with no working day since (a Friday's
		// deadline on the Saturday, one before the National Day week
		// during it): past, not "today".
		n = -1
	}
	return &n
}

// sameDay reports whether a and b fall on the same date in loc.
func sameDay(a, b time.Time, loc *time.Location) bool {
	ay, am, ad := a.In(loc).Date()
	by, bm, bd := b.In(loc).Date()
	return ay == by && am == bm && ad == bd
}

// sortWaiting puts leaders' instructions not yet handled first, then the
// orders that have waited longest for the office (WaitingSince), then by
// number.
func sortWaiting[T any](list []T, item func(T) Item) {
	slices.SortStableFunc(list, func(x, y T) int {
		a, b := item(x), item(y)
		if pa, pb := Priority(a.Ticket) == 0, Priority(b.Ticket) == 0; pa != pb {
			if pa {
				return -1
			}
			return 1
		}
		if c := a.WaitingSince.Compare(b.WaitingSince); c != 0 {
			return c
		}
		return cmp.Compare(a.Number, b.Number)
	})
}

// Priority ranks an order in lists and queues: 0 for a leader's
// instruction (批示件) not yet handled, 1 for a supervised order (督办), 2
// for the rest.
func Priority(tk *ticket.Ticket) int {
	switch {
	case tk.Flags.Instruction && !ticket.InstructionHandled(tk.Status):
		return 0
	case tk.Flags.Supervised || tk.Flags.Instruction:
		return 1
	}
	return 2
}

// sortItems puts leaders' instructions first and supervised orders next,
// then orders by deadline (none last), then by number.
func sortItems(list []Item) {
	slices.SortStableFunc(list, func(a, b Item) int {
		if c := cmp.Compare(Priority(a.Ticket), Priority(b.Ticket)); c != 0 {
			return c
		}
		if a.Due.IsZero() != b.Due.IsZero() {
			if a.Due.IsZero() {
				return 1
			}
			return -1
		}
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return cmp.Compare(a.Number, b.Number)
	})
}

// DepartmentOrders returns what a department has to do now: newOnes to
// sign or redo (dispatched, reopened), dueSoon (yellow) and overdue (red)
// among the orders it holds, and supervised, those of them the office
// supervises (督办) or a leader instructed (批示件) (Priority below 2),
// each sorted supervised first, then by deadline. It reads the orders departments hold (the status index), not
// the department's history: all its orders are the console's order
// search, in pages.
func (s *Service) DepartmentOrders(dept string) (newOnes, dueSoon, overdue, supervised []Item, err error) {
	if dept == "" {
		return nil, nil, nil, nil, nil
	}
	now := s.now()
	err = s.st.View(func(tx *store.Tx) error {
		for _, st := range atDepartment {
			list, err := tx.Tickets(store.TicketFilter{Status: st})
			if err != nil {
				return err
			}
			for _, tk := range list {
				if tk.Department != dept {
					continue
				}
				it := s.item(tx, tk, now)
				if st == ticket.Dispatched || st == ticket.Reopened {
					newOnes = append(newOnes, it)
				}
				switch it.Warning {
				case ticket.WarnYellow:
					dueSoon = append(dueSoon, it)
				case ticket.WarnRed:
					overdue = append(overdue, it)
				}
				if Priority(tk) < 2 {
					supervised = append(supervised, it)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, nil, err
	}
	for _, l := range [][]Item{newOnes, dueSoon, overdue, supervised} {
		sortItems(l)
	}
	return newOnes, dueSoon, overdue, supervised, nil
}

// Orders returns the orders that match f in the store's order (by
// number), with their warning and escalation marks.
func (s *Service) Orders(f store.TicketFilter) ([]Item, error) {
	now := s.now()
	var out []Item
	err := s.st.View(func(tx *store.Tx) error {
		list, err := tx.Tickets(f)
		if err != nil {
			return err
		}
		out = make([]Item, 0, len(list))
		for _, tk := range list {
			out = append(out, s.item(tx, tk, now))
		}
		return nil
	})
	return out, err
}

// SupervisorLists are the supervision desk's lists among the open orders.
type SupervisorLists struct {
	// Late: held by a department past its deadline (red) or escalated by
	// the scheduler, each order once with both marks, sorted like
	// DepartmentOrders.
	Late []Item
	// Supervised: 督办 or 批示件, sorted like DepartmentOrders.
	Supervised []Item
	// PendingReview (replied), PendingExtension (extension requested) and
	// PendingReturn (returned, to be dispatched again) wait for the office:
	// 批示件 not yet handled first, then the longest waiting first.
	PendingReview, PendingExtension, PendingReturn []Item
	// PendingVisit: the orders whose citizen was asked for a rating and
	// has not given one (待回访, Queues' QueueVisit), the longest waiting
	// first, each with the queue's deadline, the close of its return
	// visit, which its DaysLeft counts to (not the order's Due, long
	// past for many).
	PendingVisit []QueueItem
	// CoLate: open orders whose co-handling departments (协办) have not
	// given their part in time (Item.Co's Late), sorted like Late.
	CoLate []Item
}

// SupervisorList returns the supervision desk's lists.
func (s *Service) SupervisorList() (SupervisorLists, error) {
	now := s.now()
	var out SupervisorLists
	err := s.st.View(func(tx *store.Tx) error {
		err := eachOpen(tx, func(st ticket.Status, tk *ticket.Ticket) {
			it := s.item(tx, tk, now)
			if (st.AtDepartment() && it.Warning == ticket.WarnRed) || it.Escalated {
				out.Late = append(out.Late, it)
			}
			if tk.Flags.Supervised || tk.Flags.Instruction {
				out.Supervised = append(out.Supervised, it)
			}
			if slices.ContainsFunc(it.Co, func(p CoPart) bool { return p.Late }) {
				out.CoLate = append(out.CoLate, it)
			}
			switch st {
			case ticket.Replied:
				out.PendingReview = append(out.PendingReview, it)
			case ticket.ExtensionRequested:
				out.PendingExtension = append(out.PendingExtension, it)
			case ticket.Returned:
				out.PendingReturn = append(out.PendingReturn, it)
			}
		})
		if err != nil {
			return err
		}
		return s.visitQueue(tx, now, func(q QueueItem) { out.PendingVisit = append(out.PendingVisit, q) })
	})
	if err != nil {
		return SupervisorLists{}, err
	}
	sortItems(out.Late)
	sortItems(out.Supervised)
	sortItems(out.CoLate)
	self := func(it Item) Item { return it }
	for _, l := range [][]Item{out.PendingReview, out.PendingExtension, out.PendingReturn} {
		sortWaiting(l, self)
	}
	sortWaiting(out.PendingVisit, func(q QueueItem) Item { return q.Item })
	return out, nil
}

// Reminders returns the newest entries of the department's inbox first,
// at most limit (0 = all).
func (s *Service) Reminders(dept string, limit int) ([]Reminder, error) {
	var out []Reminder
	err := s.st.View(func(tx *store.Tx) error {
		var err error
		out, err = tx.Reminders(dept, limit)
		return err
	})
	return out, err
}
