package ticket

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// states is the one table of the work order's states, in the order of
// the main path with the side states last: the action an event entering it
// records when its caller names none, the states it may go to next, and
// whether it is open and held by a department. Anything not listed as a
// next state is an error. Drawn as paths through the graph:
//
//	main path:  draft → accepted → dispatched → signed → replied → reviewed → visited → closed
//	direct:     accepted → answered → visited | closed
//	cancel:     draft | accepted | dispatched → cancelled (the citizen
//	            withdraws it before a department signed for it; automatic
//	            dispatch sends most orders on at registration)
//	return:     dispatched | signed → returned → dispatched | answered
//	extension:  signed → extension_requested → signed (granted or refused: the event says which)
//	            | replied (the department replies while the office has not
//	            decided: the request lapses, the work is done)
//	redo:       replied | visited | closed → reopened → replied | dispatched
//	no visit:   reviewed → closed (Flags.NotVisited is set)
//
// A dispatched order is never dispatched again directly: it is returned (退回)
// by the department or reopened (重办) first. Whether a signed order may still
// be returned depends on the return window, which the caller checks with
// ReturnAllowed before asking for the transition.
//
// Open: registered and not yet finished. Not open are draft (not
// registered yet), answered (finished by a direct answer), closed and
// cancelled; a closed or answered order can come back (reopened, visited),
// and is open again then. AtDepartment: a department holds the order and
// its handling deadline is running.
var states = []state{
	{Draft, "", []Status{Accepted, Cancelled}, false, false},
	{Accepted, "accept", []Status{Answered, Dispatched, Cancelled}, true, false},
	{Answered, "answer", []Status{Closed, Visited}, false, false},
	{Dispatched, "dispatch", []Status{Signed, Returned, Cancelled}, true, true},
	{Signed, "sign", []Status{Replied, ExtensionRequested, Returned}, true, true},
	{Replied, "reply", []Status{Reviewed, Reopened}, true, false},
	{Reviewed, "review", []Status{Visited, Closed}, true, false},
	{Visited, "visit", []Status{Closed, Reopened}, true, false},
	{Closed, "close", []Status{Reopened}, false, false},
	{Returned, "return", []Status{Dispatched, Answered}, true, false},
	{ExtensionRequested, "request_extension", []Status{Signed, Replied}, true, true},
	{Reopened, "reopen", []Status{Replied, Dispatched}, true, true},
	{Cancelled, "cancel", nil, false, false},
}

// state is one row of states.
type state struct {
	status       Status
	action       string
	next         []Status
	open         bool
	atDepartment bool
}

// lookup returns s's row of states.
func lookup(s Status) (state, bool) {
	for _, st := range states {
		if st.status == s {
			return st, true
		}
	}
	return state{}, false
}

// AllStatuses returns every state, main path first. The slice is a fresh
// copy on each call.
func AllStatuses() []Status {
	out := make([]Status, len(states))
	for i, st := range states {
		out[i] = st.status
	}
	return out
}

// DepartmentStatuses returns the states an order a department can see may
// be in, in the table's order: the states reachable from dispatched, the
// first a department's order is in (a department never sees a draft nor
// an order accepted and not yet dispatched to it). Answered is among them:
// an order the department returned keeps its department, and the office
// may then answer it directly. The console's state filter on a
// department's pages offers these alone.
func DepartmentStatuses() []Status {
	seen := map[Status]bool{Dispatched: true}
	for todo := []Status{Dispatched}; len(todo) > 0; todo = todo[1:] {
		for _, n := range todo[0].Next() {
			if !seen[n] {
				seen[n] = true
				todo = append(todo, n)
			}
		}
	}
	out := []Status{}
	for _, st := range states {
		if seen[st.status] {
			out = append(out, st.status)
		}
	}
	return out
}

// CanTransition reports whether the table allows going from one state to
// another. It says nothing about time windows such as the return window.
func CanTransition(from, to Status) bool {
	st, _ := lookup(from)
	return slices.Contains(st.next, to)
}

// Next returns the states reachable from s in one step, for instance to
// offer only the buttons that make sense. It is empty for cancelled and for
// unknown states.
func (s Status) Next() []Status {
	st, _ := lookup(s)
	return slices.Clone(st.next)
}

// Valid reports whether s is one of the constants.
func (s Status) Valid() bool {
	_, ok := lookup(s)
	return ok
}

// Open reports whether the order is registered and not yet finished, that
// is everything from accepted to visited plus the side states returned,
// extension_requested and reopened (see states).
func (s Status) Open() bool {
	st, _ := lookup(s)
	return st.open
}

// AtDepartment reports whether a department holds the order and its
// handling deadline is running: dispatched, signed, extension_requested and
// reopened.
func (s Status) AtDepartment() bool {
	st, _ := lookup(s)
	return st.atDepartment
}

// TransitionError is returned for a state change that the table does not
// allow.
type TransitionError struct {
	Number string // the order's number, may be empty for a draft
	From   Status
	To     Status
}

// Error names both states, e.g. "ticket 20261127-0042: cannot go from
// signed to closed" (the console says it in zh-CN with the states'
// labels, config.StatusLabels).
func (e *TransitionError) Error() string {
	prefix := "ticket"
	if e.Number != "" {
		prefix += " " + e.Number
	}
	return fmt.Sprintf("%s: cannot go from %s to %s", prefix, e.From, e.To)
}

// ErrNoTime is returned when an event to be recorded carries no time.
var ErrNoTime = errors.New("ticket: event has no time")

// Transition moves the order to state to and records ev in the history.
//
// It checks the table and returns a *TransitionError for a change that is
// not allowed, leaving the order untouched. On success it sets Status, fills
// ev.From and ev.To (and ev.Action when empty, e.g. "dispatch"), appends ev to
// Events and stamps the time field of the new state from ev.At: AcceptedAt,
// DispatchedAt, SignedAt, RepliedAt or ClosedAt. A state entered again
// (re-dispatch after a return, a new reply after reopening, closing again)
// gets the newer time; the older one stays in the history. Coming back to
// signed from extension_requested keeps SignedAt, since nothing was signed
// again. Going from reviewed to closed means the citizen did not answer the
// return visit, so it sets Flags.NotVisited.
func (t *Ticket) Transition(to Status, ev Event) error {
	from := t.Status
	if !CanTransition(from, to) {
		return &TransitionError{Number: t.Number, From: from, To: to}
	}
	if ev.At.IsZero() {
		return ErrNoTime
	}
	ev.From, ev.To = from, to
	if ev.Action == "" {
		st, _ := lookup(to)
		ev.Action = st.action
	}
	switch to {
	case Accepted:
		t.AcceptedAt = ev.At
	case Dispatched:
		t.DispatchedAt = ev.At
	case Signed:
		if from != ExtensionRequested {
			t.SignedAt = ev.At
		}
	case Replied:
		t.RepliedAt = ev.At
	case Closed:
		t.ClosedAt = ev.At
		if from == Reviewed {
			t.Flags.NotVisited = true
		}
	}
	t.Status = to
	t.append(ev)
	return nil
}

// Record appends an event that changes no state: a note, a reminder (催办),
// a supervision mark (督办), an edit. The history is append-only: nothing
// removes or rewrites an event, and Record keeps its own copy of ev.Fields.
// The caller stamps ev.At; Record takes the event as given.
func (t *Ticket) Record(ev Event) {
	t.append(ev)
}

// History returns a copy of the events, oldest first, that the caller may
// keep or change without touching the order.
func (t *Ticket) History() []Event {
	out := make([]Event, len(t.Events))
	for i, ev := range t.Events {
		ev.Fields = cloneFields(ev.Fields)
		out[i] = ev
	}
	return out
}

func (t *Ticket) append(ev Event) {
	ev.Fields = cloneFields(ev.Fields)
	t.Events = append(t.Events, ev)
}

func cloneFields(m map[string][2]string) map[string][2]string {
	if m == nil {
		return nil
	}
	out := make(map[string][2]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Edit actions recorded in the history.
const (
	ActionEdit    = "edit"    // a person changed a field
	ActionCorrect = "correct" // an agent corrected what the classifier filled in
)

// ErrUnknownField is returned by Edit for a field it does not know.
var ErrUnknownField = errors.New("ticket: unknown field")

// editable maps the field names accepted by Edit to the ticket's fields.
func (t *Ticket) editable(field string) (*string, bool) {
	switch field {
	case "title":
		return &t.Title, true
	case "description":
		return &t.Description, true
	case "type":
		return &t.Type, true
	case "category":
		return &t.Category, true
	case "department":
		return &t.Department, true
	case "district":
		return &t.District, true
	case "town":
		return &t.Town, true
	case "address":
		return &t.Address, true
	case "urgency":
		return &t.Urgency, true
	case "phone":
		return &t.Phone, true
	case "name":
		return &t.Name, true
	}
	return nil, false
}

// EditableFields lists the field names that Edit accepts.
func EditableFields() []string {
	return []string{"title", "description", "type", "category", "department",
		"district", "town", "address", "urgency", "phone", "name"}
}

// RequestTypes lists the request types (诉求类型) in their usual order.
func RequestTypes() []string {
	return []string{TypeConsult, TypeHelp, TypeComplaint, TypeReport, TypeSuggest, TypePraise}
}

// UrgencyLevels lists the urgency levels from normal to emergency.
func UrgencyLevels() []string {
	return []string{UrgencyNormal, UrgencyUrgent, UrgencyEmergency}
}

// Edit sets one field and records the change with its before and after
// values in Event.Fields, as action "correct" when an agent corrects the
// classifier (correction) and "edit" otherwise. It knows title, description,
// type, category, department, district, town, address, urgency, phone and
// name; any other field is ErrUnknownField. Type and urgency must be one of
// their constants. Setting a field to the value it already has records
// nothing. Whether a category or department exists is the caller's check,
// since this package has no configuration.
func (t *Ticket) Edit(at time.Time, actor, field, value string, correction bool) error {
	p, ok := t.editable(field)
	if !ok {
		return fmt.Errorf("%w %q", ErrUnknownField, field)
	}
	switch field {
	case "type":
		if !slices.Contains(RequestTypes(), value) {
			return fmt.Errorf("ticket: request type %q is not one of %v", value, RequestTypes())
		}
	case "urgency":
		if !slices.Contains(UrgencyLevels(), value) {
			return fmt.Errorf("ticket: urgency %q is not one of %v", value, UrgencyLevels())
		}
	}
	if at.IsZero() {
		return ErrNoTime
	}
	before := *p
	if before == value {
		return nil
	}
	action := ActionEdit
	if correction {
		action = ActionCorrect
	}
	*p = value
	t.append(Event{
		At:     at,
		Actor:  actor,
		Action: action,
		Fields: map[string][2]string{field: {before, value}},
	})
	return nil
}

// ParseStatus reads a state by its code ("dispatched") or by its name as
// label writes it ("已派单", config.StatusLabels).
func ParseStatus(s string, label func(Status) string) (Status, bool) {
	s = strings.TrimSpace(s)
	if st := Status(s); st.Valid() {
		return st, true
	}
	for _, st := range states {
		if label(st.status) == s {
			return st.status, true
		}
	}
	return "", false
}
