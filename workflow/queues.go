package workflow

import (
	"cmp"
	"errors"
	"slices"
	"time"

	"hotline/config"
	"hotline/store"
	"hotline/ticket"
)

// The office's work queues (the dispatchers' and the supervision desk's
// lists), by name.
const (
	QueueDispatch   = "dispatch"   // 待派单: accepted, held for the office (see AutoDispatch)
	QueueRedo       = "redo"       // 重办: reopened by a failed review or an unsatisfied citizen
	QueueReview     = "review"     // 待审核: a department replied
	QueueExtension  = "extension"  // 延期申请: a department asks for more time
	QueueReturn     = "return"     // 退单申请: a department returned the order
	QueueDue        = "due"        // 即将超期/已超期: yellow or red, deadline running
	QueueSupervised = "supervised" // 督办/批示
	// QueueVisit is 待回访: orders whose citizen was asked for a rating
	// (a reviewed reply, a direct answer) and has not given one; the office
	// calls them back (回访) before time_limits.visit_days close the order
	// as not visited.
	QueueVisit = "visit"
)

// QueueInfo names a queue for the console.
type QueueInfo struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	// Waiting: the queue lists what waits for the office, the longest
	// waiting first, with the working time each has waited
	// (Item.WaitingSince, WaitedSeconds).
	Waiting bool `json:"waiting"`
}

// queueOrder lists the queues in the order the console shows them.
var queueOrder = []string{QueueDispatch, QueueRedo, QueueReview, QueueVisit, QueueExtension, QueueReturn, QueueDue, QueueSupervised}

// waitingQueue reports whether queue name lists what waits for the office,
// the longest waiting first.
func waitingQueue(name string) bool {
	return name == QueueReview || name == QueueVisit || name == QueueExtension || name == QueueReturn
}

// QueueList returns the queues in the order the console shows them, with
// their names (console_labels.queues).
func (s *Service) QueueList() []QueueInfo {
	labels := config.LabelMap(s.cfg.ConsoleLabels.Queues)
	out := make([]QueueInfo, len(queueOrder))
	for i, q := range queueOrder {
		out[i] = QueueInfo{q, labels[q], waitingQueue(q)}
	}
	return out
}

// KnownQueue reports whether name is one of the queues.
func KnownQueue(name string) bool { return slices.Contains(queueOrder, name) }

// QueueItem is an order in a work queue: its deadline and, while that
// deadline runs (Running: the office or a department still has to act on
// it, see deadlineRuns), the time left until it (negative once passed)
// and the mark: "yellow" within time_limits.warn_days working days of
// it (for a deadline shorter than that, once time_limits.remind_share of
// its working time is left: Service.warning), "red" past it. Once the department has replied, the order is no
// longer late whatever the clock says: it waits for the office's review
// or the citizen's rating, so it has neither time left nor a mark.
// Item.DaysLeft counts the working days to this Deadline (not always the
// order's finish deadline: the sign deadline, a 批示件's own, the close of
// a return visit), as the order's page counts them, nil while no deadline
// runs.
type QueueItem struct {
	Item
	Deadline  time.Time `json:"deadline,omitzero"`
	Running   bool      `json:"running"`
	Remaining int64     `json:"remaining_seconds"`
	Mark      string    `json:"mark"`
}

// QueueFilter narrows a work queue to the orders of a district (区县;
// NoDistrict: those without one), a category (类别, its code), a channel
// (渠道) and an urgency (紧急程度): what a dispatcher with many orders
// waiting picks first. An empty field takes every order.
type QueueFilter struct {
	District, Category, Channel, Urgency string
}

// NoDistrict is the district filter's value (of the work queues and of
// 工单查询) for the orders the classifier could not place, whose district
// is empty (未识别区县): the first a dispatcher fixes. The console's meta
// serves it (no_district); no district's name is it.
const NoDistrict = "-"

// DistrictMatches reports whether an order of district is in the
// district filter: every order for "", those without one for NoDistrict.
func DistrictMatches(filter, district string) bool {
	switch filter {
	case "":
		return true
	case NoDistrict:
		return district == ""
	}
	return district == filter
}

// Match reports whether tk is in the filter.
func (f QueueFilter) Match(tk *ticket.Ticket) bool {
	return DistrictMatches(f.District, tk.District) &&
		(f.Category == "" || tk.Category == f.Category) &&
		(f.Channel == "" || tk.Channel == f.Channel) &&
		(f.Urgency == "" || tk.Urgency == f.Urgency)
}

// Queues returns every work queue's orders, each with the 批示件 not yet
// handled first, then sorted by deadline (soonest first, none last, then
// by number); the queues of what waits for the office (review, extension,
// return) by how long each has waited (Item.WaitingSince, the oldest
// first). An order may be in more
// than one queue (a supervised order due soon is in both).
func (s *Service) Queues() (map[string][]QueueItem, error) {
	now := s.now()
	out := map[string][]QueueItem{}
	for _, q := range queueOrder {
		out[q] = []QueueItem{}
	}
	err := s.st.View(func(tx *store.Tx) error {
		if err := eachOpen(tx, func(st ticket.Status, tk *ticket.Ticket) {
			it := s.queueItem(tx, tk, now)
			add := func(name string) { out[name] = append(out[name], it) }
			switch st {
			case ticket.Accepted:
				add(QueueDispatch)
			case ticket.Reopened:
				add(QueueRedo)
			case ticket.Replied:
				add(QueueReview)
			case ticket.ExtensionRequested:
				add(QueueExtension)
			case ticket.Returned:
				add(QueueReturn)
			}
			if deadlineRuns(st) && it.Mark != ticket.WarnNone {
				add(QueueDue)
			}
			if tk.Flags.Supervised || tk.Flags.Instruction {
				add(QueueSupervised)
			}
		}); err != nil {
			return err
		}
		return s.visitQueue(tx, now, func(it QueueItem) { out[QueueVisit] = append(out[QueueVisit], it) })
	})
	if err != nil {
		return nil, err
	}
	for name, l := range out {
		if waitingQueue(name) {
			// What waits for the office: the longest waiting first.
			sortWaiting(l, func(q QueueItem) Item { return q.Item })
			continue
		}
		slices.SortStableFunc(l, func(a, b QueueItem) int {
			// 批示件 lead every queue.
			if pa, pb := Priority(a.Ticket) == 0, Priority(b.Ticket) == 0; pa != pb {
				if pa {
					return -1
				}
				return 1
			}
			if a.Deadline.IsZero() != b.Deadline.IsZero() {
				if a.Deadline.IsZero() {
					return 1
				}
				return -1
			}
			if c := a.Deadline.Compare(b.Deadline); c != 0 {
				return c
			}
			return cmp.Compare(a.Number, b.Number)
		})
	}
	return out, nil
}

// QueueCounts returns how many orders each work queue holds.
func (s *Service) QueueCounts() (map[string]int, error) {
	qs, err := s.Queues()
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(qs))
	for name, l := range qs {
		out[name] = len(l)
	}
	return out, nil
}

// queueItem is tk with its current deadline: the sign deadline while a
// dispatched order waits to be signed, else the finish deadline, or the
// 批示件's own deadline while it is not handled when that comes first.
func (s *Service) queueItem(tx *store.Tx, tk *ticket.Ticket, now time.Time) QueueItem {
	it := QueueItem{Item: s.item(tx, tk, now), Deadline: tk.Due}
	if tk.Status == ticket.Dispatched && !tk.SignDue.IsZero() && now.Before(tk.SignDue) {
		it.Deadline = tk.SignDue
	}
	if d := tk.InstructionDue; Priority(tk) == 0 && !d.IsZero() && (it.Deadline.IsZero() || d.Before(it.Deadline)) {
		it.Deadline = d
	}
	it.Running = deadlineRuns(tk.Status) && !it.Deadline.IsZero()
	it.DaysLeft = nil
	if it.Running {
		it.Remaining = int64(it.Deadline.Sub(now) / time.Second)
		it.Mark = s.warning(deadlineStart(tk), it.Deadline, now)
		it.DaysLeft = s.workingDaysLeft(it.Deadline, now)
	}
	return it
}

// eachOpen calls fn for every open order, state by state.
func eachOpen(tx *store.Tx, fn func(ticket.Status, *ticket.Ticket)) error {
	for _, st := range ticket.AllStatuses() {
		if !st.Open() {
			continue
		}
		list, err := tx.Tickets(store.TicketFilter{Status: st})
		if err != nil {
			return err
		}
		for _, tk := range list {
			fn(st, tk)
		}
	}
	return nil
}

// visitQueue calls add for each order whose citizen was asked for a rating
// and has not given one (the return-visit watches): waiting since the
// rating was asked for, with the working time since, and until the
// scheduler closes it as not visited (time_limits.visit_days after the
// request; none when that is 0) as its deadline. The deadline carries no
// mark: a missed return visit is counted as not visited, not as late.
func (s *Service) visitQueue(tx *store.Tx, now time.Time, add func(QueueItem)) error {
	for number, asked := range tx.VisitWatches() {
		tk, err := tx.Ticket(number)
		if errors.Is(err, store.ErrNotFound) {
			continue // archived or removed since: nothing to call back
		}
		if err != nil {
			return err
		}
		if tk.Status != ticket.Reviewed && tk.Status != ticket.Answered {
			continue
		}
		it := QueueItem{Item: s.item(tx, tk, now)}
		it.WaitingSince = asked
		it.WaitedSeconds = int64(s.workingTime(asked, now) / time.Second)
		if days := s.cfg.TimeLimits.VisitDays; days > 0 {
			it.Deadline = asked.AddDate(0, 0, days)
			it.Running = true
			it.Remaining = int64(it.Deadline.Sub(now) / time.Second)
			it.DaysLeft = s.workingDaysLeft(it.Deadline, now)
		}
		add(it)
	}
	return nil
}
