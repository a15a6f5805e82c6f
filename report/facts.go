package report

import (
	"strings"
	"time"

	"hotline/store"
	"hotline/ticket"
)

// FactsVersion changes whenever Facts counts something differently; the
// store rebuilds its rollups when it changes.
const FactsVersion = "facts-2"

// Counter names. Intake counters are counted on the day the order was
// received, under its current department and category; the department's
// own counters on the day of the event, under the department that held the
// order then.
const (
	CReceived       = "received"
	CLeader         = "leader"    // 领导接听件
	CEmergency      = "emergency" // flagged emergency
	CRepeat         = "repeat"    // 重复件
	CDirect         = "direct"    // answered directly (直接答复)
	CDispatched     = "dispatched"
	CDispatchAuto   = "dispatched_auto"
	CDispatchManual = "dispatched_manual"
	CDispatchOKAuto = "dispatch_ok_auto"   // neither returned nor re-dispatched
	CDispatchOKMan  = "dispatch_ok_manual" // idem, dispatched by a person
	CRedispatched   = "redispatched"
	CSigned         = "signed"
	CSignedOnTime   = "signed_on_time"
	// CSignLate counts a dispatch's signing judged late once: its sign
	// deadline passed unsigned (the scheduler's sign_overdue mark, counted
	// on the deadline's day), or, without that mark, a signing after the
	// deadline. 按时签收率 is signed on time over signed on time + this.
	CSignLate        = "sign_late"
	CReturned        = "returned"
	CExtRequested    = "extension_requested"
	CExtended        = "extended"
	CReplied         = "replied"
	CFinishedOnTime  = "finished_on_time"
	COverdue         = "overdue"
	CReopened        = "reopened"
	CVisited         = "visited"
	CNotVisited      = "not_visited"
	CRated           = "rated"
	CSatisfied       = "satisfied"
	CBasicSatisfied  = "basic_satisfied"
	CUnsatisfied     = "unsatisfied"
	CResolved        = "resolved"
	CInstruction     = "instruction" // 批示
	CSupervised      = "supervised"  // 督办
	CClosed          = "closed"
	prefixChannel    = "ch:"
	prefixType       = "type:"
	prefixDistrict   = "dist:"
	prefixTown       = "town:"
	unknownPlaceName = "未知" // the rollups' key of no district; named report_texts.unknown_district
)

// Rollup is the store's rollup for city time loc: Facts and the flagged
// index of leader items and 批示件.
func Rollup(loc *time.Location) *store.Rollup {
	return &store.Rollup{
		Version: FactsVersion + "@" + loc.String(),
		Facts: func(tk *ticket.Ticket, add func(store.RollupKey, string, int64)) {
			Facts(tk, loc, add)
		},
		Flagged: func(tk *ticket.Ticket) bool {
			return counted(tk) && (tk.Flags.LeaderItem || tk.Flags.Instruction)
		},
	}
}

// counted reports whether an order appears in reports at all: drafts and
// withdrawn orders do not.
func counted(tk *ticket.Ticket) bool {
	return tk != nil && tk.Status != ticket.Draft && tk.Status != ticket.Cancelled && tk.Status != ""
}

// Day is the rollup day (YYYYMMDD) of t in loc.
func Day(t time.Time, loc *time.Location) string { return t.In(loc).Format("20060102") }

// autoActor reports whether an event was done by the system rather than a
// person (automatic dispatch, 直派).
func autoActor(actor string) bool {
	return actor == "bot" || actor == "system" || strings.HasPrefix(actor, "auto")
}

func parseDue(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || t.Year() <= 1 {
		return time.Time{}
	}
	return t
}

// Facts calls add for every counter order tk contributes. It depends on
// nothing but the order (its fields and its append-only history), so the
// rollups kept write by write equal a recomputation from the orders.
func Facts(tk *ticket.Ticket, loc *time.Location, add func(store.RollupKey, string, int64)) {
	if !counted(tk) {
		return
	}
	cat := tk.Category
	recv := store.RollupKey{Day: Day(tk.ReceivedAt, loc), Department: tk.Department, Category: cat}
	add(recv, CReceived, 1)
	add(recv, prefixChannel+tk.Channel, 1)
	add(recv, prefixType+tk.Type, 1)
	dist := tk.District
	if dist == "" {
		dist = unknownPlaceName
	}
	add(recv, prefixDistrict+dist, 1)
	if tk.Town != "" {
		add(recv, prefixTown+tk.Town, 1)
	}
	if tk.Flags.LeaderItem {
		add(recv, CLeader, 1)
	}
	if tk.Flags.Emergency {
		add(recv, CEmergency, 1)
	}
	if tk.Flags.Repeat {
		add(recv, CRepeat, 1)
	}

	// The department, sign deadline and finish deadline in effect after
	// each event, found backwards from the order's current values through
	// the before/after pairs the history records.
	n := len(tk.Events)
	dept := make([]string, n)
	signDue := make([]time.Time, n)
	due := make([]time.Time, n)
	d, sd, fd := tk.Department, tk.SignDue, tk.Due
	for i := n - 1; i >= 0; i-- {
		dept[i], signDue[i], due[i] = d, sd, fd
		f := tk.Events[i].Fields
		if v, ok := f["department"]; ok {
			d = v[0]
		}
		if v, ok := f["sign_due"]; ok {
			sd = parseDue(v[0])
		}
		if v, ok := f["due"]; ok {
			fd = parseDue(v[0])
		}
	}

	lastRating := -1
	for i, ev := range tk.Events {
		if ev.Action == "visit" || ev.Action == "rate" {
			lastRating = i
		}
	}
	dispatches := 0
	overdue := false    // counted once per dispatch or redo
	signMarked := false // this dispatch's sign deadline passed unsigned
	for i, ev := range tk.Events {
		k := store.RollupKey{Day: Day(ev.At, loc), Department: dept[i], Category: cat}
		switch {
		case ev.Action == "sign_overdue":
			if !signMarked {
				signMarked = true
				late := k
				if !signDue[i].IsZero() {
					late.Day = Day(signDue[i], loc)
				}
				add(late, CSignLate, 1)
			}
		case ev.To == ticket.Dispatched:
			dispatches++
			overdue = false
			signMarked = false
			add(k, CDispatched, 1)
			auto := autoActor(ev.Actor)
			if auto {
				add(k, CDispatchAuto, 1)
			} else {
				add(k, CDispatchManual, 1)
			}
			if dispatches > 1 {
				add(k, CRedispatched, 1)
			}
			if dispatchHeld(tk.Events, dept, i) {
				if auto {
					add(k, CDispatchOKAuto, 1)
				} else {
					add(k, CDispatchOKMan, 1)
				}
			}
		case ev.To == ticket.Signed && ev.Action == "sign":
			add(k, CSigned, 1)
			if signDue[i].IsZero() || !ev.At.After(signDue[i]) {
				add(k, CSignedOnTime, 1)
			} else if !signMarked {
				add(k, CSignLate, 1)
			}
		case ev.To == ticket.Returned:
			add(k, CReturned, 1)
		case ev.To == ticket.ExtensionRequested:
			add(k, CExtRequested, 1)
		case ev.Action == "extension_granted":
			add(k, CExtended, 1)
		case ev.To == ticket.Replied:
			add(k, CReplied, 1)
			if due[i].IsZero() || !ev.At.After(due[i]) {
				add(k, CFinishedOnTime, 1)
			} else if !overdue {
				overdue = true
				add(k, COverdue, 1)
			}
		case ev.Action == "escalate":
			if !overdue {
				overdue = true
				add(k, COverdue, 1)
			}
		case ev.To == ticket.Answered && ev.Action == "answer":
			add(k, CDirect, 1)
		case ev.Action == "visit_timeout":
			add(k, CNotVisited, 1)
		case ev.Action == "instruct":
			add(k, CInstruction, 1)
		case ev.Action == "supervise":
			add(k, CSupervised, 1)
		}
		switch {
		case ev.To == ticket.Reopened:
			overdue = false
			add(k, CReopened, 1)
		case ev.To == ticket.Closed:
			add(k, CClosed, 1)
		}
		if ev.Action == "visit" || ev.Action == "rate" {
			if ev.Action == "visit" {
				add(k, CVisited, 1)
			}
			add(k, CRated, 1)
			sat := ratingOf(ev.Note)
			switch sat {
			case ticket.Satisfied:
				add(k, CSatisfied, 1)
			case ticket.BasicSatisfied:
				add(k, CBasicSatisfied, 1)
			case ticket.Unsatisfied:
				add(k, CUnsatisfied, 1)
			}
			solved := sat != ticket.Unsatisfied && !(i+1 < n && tk.Events[i+1].To == ticket.Reopened)
			if i == lastRating && tk.Solved != nil {
				solved = *tk.Solved
			}
			if solved {
				add(k, CResolved, 1)
			}
		}
	}
}

// ratingOf reads the rating from a visit or rate event's note ("回访：满意").
func ratingOf(note string) string {
	switch {
	case strings.Contains(note, ticket.Unsatisfied):
		return ticket.Unsatisfied
	case strings.Contains(note, ticket.BasicSatisfied):
		return ticket.BasicSatisfied
	case strings.Contains(note, ticket.Satisfied):
		return ticket.Satisfied
	}
	return ""
}

// dispatchHeld reports whether the dispatch at events[i] stood: the order
// was not returned before its next dispatch, and the next dispatch (after
// a reopening) went to the same department.
func dispatchHeld(events []ticket.Event, dept []string, i int) bool {
	for j := i + 1; j < len(events); j++ {
		switch events[j].To {
		case ticket.Returned:
			return false
		case ticket.Dispatched:
			return dept[j] == dept[i]
		}
	}
	return true
}
