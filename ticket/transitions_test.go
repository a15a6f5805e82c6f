package ticket

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"hotline/config"
)

// specEdges is the transition table as the design states it, written out
// independently of the table in transitions.go so that a drift in either
// shows up.
var specEdges = [][2]Status{
	{Draft, Accepted}, {Draft, Cancelled},
	{Accepted, Answered}, {Accepted, Dispatched}, {Accepted, Cancelled},
	{Dispatched, Signed}, {Dispatched, Returned}, {Dispatched, Cancelled},
	{Signed, Replied}, {Signed, ExtensionRequested}, {Signed, Returned},
	{ExtensionRequested, Signed}, {ExtensionRequested, Replied},
	{Replied, Reviewed}, {Replied, Reopened},
	{Reopened, Replied}, {Reopened, Dispatched},
	{Returned, Dispatched}, {Returned, Answered},
	{Reviewed, Visited}, {Reviewed, Closed},
	{Visited, Closed}, {Visited, Reopened},
	{Answered, Closed}, {Answered, Visited},
	{Closed, Reopened},
}

func isSpecEdge(from, to Status) bool {
	for _, e := range specEdges {
		if e[0] == from && e[1] == to {
			return true
		}
	}
	return false
}

var t0 = time.Date(2026, 11, 27, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

// stamped returns the time field that entering a state sets, if any.
func stamped(tk *Ticket, s Status) (time.Time, bool) {
	switch s {
	case Accepted:
		return tk.AcceptedAt, true
	case Dispatched:
		return tk.DispatchedAt, true
	case Signed:
		return tk.SignedAt, true
	case Replied:
		return tk.RepliedAt, true
	case Closed:
		return tk.ClosedAt, true
	}
	return time.Time{}, false
}

func TestTableMatchesDesign(t *testing.T) {
	for _, from := range AllStatuses() {
		for _, to := range AllStatuses() {
			if got, want := CanTransition(from, to), isSpecEdge(from, to); got != want {
				t.Errorf("CanTransition(%s, %s) = %v, want %v", from, to, got, want)
			}
		}
	}
	n := 0
	for _, s := range AllStatuses() {
		n += len(s.Next())
	}
	if n != len(specEdges) {
		t.Errorf("table has %d edges, design has %d", n, len(specEdges))
	}
}

func TestTransitionAllowed(t *testing.T) {
	for _, e := range specEdges {
		from, to := e[0], e[1]
		t.Run(string(from)+"→"+string(to), func(t *testing.T) {
			tk := &Ticket{Number: "20261127-0042", Status: from}
			ev := Event{At: t0, Actor: "agent:wang", Note: "ok"}
			if err := tk.Transition(to, ev); err != nil {
				t.Fatalf("Transition: %v", err)
			}
			if tk.Status != to {
				t.Errorf("Status = %s, want %s", tk.Status, to)
			}
			if len(tk.Events) != 1 {
				t.Fatalf("%d events, want 1", len(tk.Events))
			}
			got := tk.Events[0]
			row, _ := lookup(to)
			want := Event{At: t0, Actor: "agent:wang", Action: row.action, From: from, To: to, Note: "ok"}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("event = %+v, want %+v", got, want)
			}
			at, ok := stamped(tk, to)
			switch {
			case ok && from == ExtensionRequested && to == Signed:
				if !at.IsZero() {
					t.Errorf("SignedAt = %v after an extension decision, want it kept (zero)", at)
				}
			case ok && !at.Equal(t0):
				t.Errorf("time of %s = %v, want %v", to, at, t0)
			}
			if notVisited := from == Reviewed && to == Closed; tk.Flags.NotVisited != notVisited {
				t.Errorf("Flags.NotVisited = %v, want %v", tk.Flags.NotVisited, notVisited)
			}
		})
	}
}

func TestTransitionKeepsGivenAction(t *testing.T) {
	tk := &Ticket{Status: ExtensionRequested}
	if err := tk.Transition(Signed, Event{At: t0, Action: "extension_refused"}); err != nil {
		t.Fatal(err)
	}
	if got := tk.Events[0].Action; got != "extension_refused" {
		t.Errorf("Action = %q, want extension_refused", got)
	}
}

func TestTransitionIllegal(t *testing.T) {
	type pair struct{ from, to Status }
	var cases []pair
	for _, from := range AllStatuses() {
		for _, to := range AllStatuses() {
			if !isSpecEdge(from, to) {
				cases = append(cases, pair{from, to})
			}
		}
	}
	cases = append(cases, pair{"", Accepted}, pair{"bogus", Closed}, pair{Accepted, "bogus"})
	if len(cases) < 140 {
		t.Fatalf("only %d illegal pairs", len(cases))
	}
	for _, c := range cases {
		t.Run(string(c.from)+"→"+string(c.to), func(t *testing.T) {
			tk := &Ticket{Number: "20261127-0042", Status: c.from}
			err := tk.Transition(c.to, Event{At: t0, Actor: "agent:wang"})
			var te *TransitionError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v, want *TransitionError", err)
			}
			if te.From != c.from || te.To != c.to || te.Number != "20261127-0042" {
				t.Errorf("error = %+v", te)
			}
			msg := err.Error()
			for _, part := range []string{"20261127-0042", "from " + string(c.from) + " to " + string(c.to)} {
				if !strings.Contains(msg, part) {
					t.Errorf("message %q does not name %q", msg, part)
				}
			}
			if tk.Status != c.from || len(tk.Events) != 0 {
				t.Errorf("ticket changed: status %s, %d events", tk.Status, len(tk.Events))
			}
		})
	}
}

func TestTransitionErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		err  *TransitionError
		want string
	}{
		{"with number", &TransitionError{Number: "20261127-0042", From: Signed, To: Closed},
			"ticket 20261127-0042: cannot go from signed to closed"},
		{"draft without number", &TransitionError{From: Draft, To: Replied},
			"ticket: cannot go from draft to replied"},
		{"dispatched twice", &TransitionError{Number: "20261127-0001", From: Dispatched, To: Dispatched},
			"ticket 20261127-0001: cannot go from dispatched to dispatched"},
		{"unknown state", &TransitionError{From: "bogus", To: Closed},
			"ticket: cannot go from bogus to closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTransitionNeedsTime(t *testing.T) {
	tk := &Ticket{Status: Draft}
	if err := tk.Transition(Accepted, Event{Actor: "bot"}); !errors.Is(err, ErrNoTime) {
		t.Fatalf("err = %v, want ErrNoTime", err)
	}
	if tk.Status != Draft || len(tk.Events) != 0 || !tk.AcceptedAt.IsZero() {
		t.Errorf("ticket changed: %+v", tk)
	}
}

// TestLabels: every state has its label in the default config's
// status_labels, and ParseStatus reads a state by its code or its label.
func TestLabels(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	label := func(s Status) string { return cfg.StatusLabels.Label(string(s)) }
	want := map[Status]string{
		Draft: "草稿", Accepted: "已受理", Answered: "直接答复", Dispatched: "已派单",
		Signed: "已签收", Replied: "已反馈", Reviewed: "已审核", Visited: "已回访",
		Closed: "已办结", Returned: "已退回", ExtensionRequested: "申请延期",
		Reopened: "重办", Cancelled: "已撤销",
	}
	if len(AllStatuses()) != len(want) {
		t.Fatalf("AllStatuses has %d states, want %d", len(AllStatuses()), len(want))
	}
	for _, s := range AllStatuses() {
		t.Run(string(s), func(t *testing.T) {
			if got := label(s); got != want[s] {
				t.Errorf("label %q, want %q", got, want[s])
			}
			if p, ok := ParseStatus(want[s], label); !ok || p != s {
				t.Errorf("ParseStatus(%q) = %q, %v", want[s], p, ok)
			}
			if p, ok := ParseStatus(" "+string(s), label); !ok || p != s {
				t.Errorf("ParseStatus(%q) = %q, %v", s, p, ok)
			}
			if !s.Valid() {
				t.Error("Valid() = false")
			}
		})
	}
	if label("bogus") != "未知状态" {
		t.Errorf("label of an unknown state: %q", label("bogus"))
	}
	if Status("bogus").Valid() {
		t.Error(`Status("bogus").Valid() = true`)
	}
}

func TestOpenAndAtDepartment(t *testing.T) {
	tests := []struct {
		s            Status
		open, atDept bool
	}{
		{Draft, false, false},
		{Accepted, true, false},
		{Answered, false, false},
		{Dispatched, true, true},
		{Signed, true, true},
		{ExtensionRequested, true, true},
		{Returned, true, false},
		{Replied, true, false},
		{Reopened, true, true},
		{Reviewed, true, false},
		{Visited, true, false},
		{Closed, false, false},
		{Cancelled, false, false},
		{"bogus", false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.s), func(t *testing.T) {
			if got := tt.s.Open(); got != tt.open {
				t.Errorf("Open() = %v, want %v", got, tt.open)
			}
			if got := tt.s.AtDepartment(); got != tt.atDept {
				t.Errorf("AtDepartment() = %v, want %v", got, tt.atDept)
			}
		})
	}
}

// TestDepartmentStatuses: a department's orders are in every state but
// draft and accepted, the two before a dispatch; answered is one (an order
// it returned, then answered by the office, keeps its department).
func TestDepartmentStatuses(t *testing.T) {
	got := DepartmentStatuses()
	want := []Status{Answered, Dispatched, Signed, Replied, Reviewed, Visited, Closed, Returned, ExtensionRequested, Reopened, Cancelled}
	if !slices.Equal(got, want) {
		t.Errorf("DepartmentStatuses() = %v, want %v", got, want)
	}
}

// TestLifecycleHistoryAppendOnly walks an order through returns, an
// extension and a reopening, and checks after every step that the earlier
// history is untouched and exactly one event was added.
func TestLifecycleHistoryAppendOnly(t *testing.T) {
	tk := &Ticket{Number: "20260929-0007", Status: Draft}
	at := func(day, hour int) time.Time { return time.Date(2026, 9, day, hour, 0, 0, 0, t0.Location()) }
	steps := []struct {
		to  Status
		ev  Event
		rec bool // Record instead of Transition
	}{
		{Accepted, Event{At: at(29, 9), Actor: "bot"}, false},
		{Dispatched, Event{At: at(29, 10), Actor: "agent:wang", Note: "市城市管理局"}, false},
		{Returned, Event{At: at(29, 15), Actor: "dept:市城市管理局", Note: "属地事项"}, false},
		{Dispatched, Event{At: at(29, 16), Actor: "agent:wang", Note: "兖州区人民政府"}, false},
		{Signed, Event{At: at(30, 9), Actor: "dept:兖州区人民政府"}, false},
		{"", Event{At: at(30, 10), Actor: "supervisor:li", Action: "supervise", Note: "督办"}, true},
		{ExtensionRequested, Event{At: at(30, 11), Actor: "dept:兖州区人民政府"}, false},
		{Signed, Event{At: at(30, 14), Actor: "supervisor:li", Action: "extension_granted"}, false},
		{Replied, Event{At: at(30, 16), Actor: "dept:兖州区人民政府"}, false},
		{Reopened, Event{At: at(30, 17), Actor: "supervisor:li", Note: "答复不完整"}, false},
		{Replied, Event{At: at(30, 18), Actor: "dept:兖州区人民政府"}, false},
		{Reviewed, Event{At: at(30, 19), Actor: "supervisor:li"}, false},
		{Visited, Event{At: at(30, 20), Actor: "agent:zhao"}, false},
		{Closed, Event{At: at(30, 21), Actor: "agent:zhao"}, false},
	}
	before := tk.History()
	for i, st := range steps {
		if st.rec {
			tk.Record(st.ev)
		} else if err := tk.Transition(st.to, st.ev); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if len(tk.Events) != len(before)+1 {
			t.Fatalf("step %d: %d events, want %d", i, len(tk.Events), len(before)+1)
		}
		if !reflect.DeepEqual(tk.Events[:len(before)], before) {
			t.Fatalf("step %d rewrote the history", i)
		}
		before = tk.History()
	}
	// A failed transition adds nothing.
	if err := tk.Transition(Signed, Event{At: at(30, 22)}); err == nil {
		t.Fatal("closed → signed succeeded")
	}
	if !reflect.DeepEqual(tk.Events, before) {
		t.Fatal("a failed transition changed the history")
	}
	checks := []struct {
		name string
		got  time.Time
		want time.Time
	}{
		{"AcceptedAt", tk.AcceptedAt, at(29, 9)},
		{"DispatchedAt (the re-dispatch)", tk.DispatchedAt, at(29, 16)},
		{"SignedAt (kept across the extension)", tk.SignedAt, at(30, 9)},
		{"RepliedAt (the second reply)", tk.RepliedAt, at(30, 18)},
		{"ClosedAt", tk.ClosedAt, at(30, 21)},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if !c.got.Equal(c.want) {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
	if tk.Flags.NotVisited {
		t.Error("NotVisited set on a visited order")
	}
}

func TestRecordAndHistoryCopy(t *testing.T) {
	tk := &Ticket{Status: Signed}
	fields := map[string][2]string{"note": {"", "a"}}
	tk.Record(Event{At: t0, Actor: "system", Action: "remind", Fields: fields})
	fields["note"] = [2]string{"x", "y"}
	if got := tk.Events[0].Fields["note"]; got != [2]string{"", "a"} {
		t.Errorf("changing the caller's map changed the history: %v", got)
	}
	h := tk.History()
	h[0].Action = "tampered"
	h[0].Fields["note"] = [2]string{"t", "t"}
	if tk.Events[0].Action != "remind" || tk.Events[0].Fields["note"] != [2]string{"", "a"} {
		t.Errorf("changing History() changed the order: %+v", tk.Events[0])
	}
	if tk.Status != Signed {
		t.Errorf("Record changed the status to %s", tk.Status)
	}
}

func TestEdit(t *testing.T) {
	newTicket := func() *Ticket {
		return &Ticket{
			Title: "路灯不亮", Description: "小区门口路灯坏了", Type: TypeHelp, Category: "SZSS",
			Department: "市城市管理局", District: "任城区", Town: "古槐街道", Address: "古槐路1号",
			Urgency: UrgencyNormal, Phone: "13800000000", Name: "张女士", Status: Accepted,
		}
	}
	tests := []struct {
		field, value string
		correction   bool
		get          func(*Ticket) string
		before       string
	}{
		{"title", "路灯损坏", false, func(t *Ticket) string { return t.Title }, "路灯不亮"},
		{"description", "门口三盏路灯不亮", false, func(t *Ticket) string { return t.Description }, "小区门口路灯坏了"},
		{"type", TypeComplaint, true, func(t *Ticket) string { return t.Type }, TypeHelp},
		{"category", "SRHW", true, func(t *Ticket) string { return t.Category }, "SZSS"},
		{"department", "兖州区人民政府", true, func(t *Ticket) string { return t.Department }, "市城市管理局"},
		{"district", "兖州区", true, func(t *Ticket) string { return t.District }, "任城区"},
		{"town", "小孟镇", true, func(t *Ticket) string { return t.Town }, "古槐街道"},
		{"address", "小孟镇政府对面", false, func(t *Ticket) string { return t.Address }, "古槐路1号"},
		{"urgency", UrgencyUrgent, true, func(t *Ticket) string { return t.Urgency }, UrgencyNormal},
		{"phone", "13900000000", false, func(t *Ticket) string { return t.Phone }, "13800000000"},
		{"name", "王先生", false, func(t *Ticket) string { return t.Name }, "张女士"},
	}
	if len(tests) != len(EditableFields()) {
		t.Fatalf("test covers %d fields, Edit knows %d", len(tests), len(EditableFields()))
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			tk := newTicket()
			if err := tk.Edit(t0, "agent:wang", tt.field, tt.value, tt.correction); err != nil {
				t.Fatalf("Edit: %v", err)
			}
			if got := tt.get(tk); got != tt.value {
				t.Errorf("%s = %q, want %q", tt.field, got, tt.value)
			}
			wantAction := ActionEdit
			if tt.correction {
				wantAction = ActionCorrect
			}
			want := []Event{{At: t0, Actor: "agent:wang", Action: wantAction,
				Fields: map[string][2]string{tt.field: {tt.before, tt.value}}}}
			if !reflect.DeepEqual(tk.Events, want) {
				t.Errorf("events = %+v, want %+v", tk.Events, want)
			}
			if tk.Status != Accepted {
				t.Errorf("Edit changed the status to %s", tk.Status)
			}
		})
	}
}

func TestEditRefused(t *testing.T) {
	tests := []struct {
		name, field, value string
		at                 time.Time
		wantUnknown        bool
	}{
		{"unknown field", "status", "closed", t0, true},
		{"number is not editable", "number", "20261127-9999", t0, true},
		{"bad type", "type", "闲聊", t0, false},
		{"bad urgency", "urgency", "urgent", t0, false},
		{"no time", "title", "新标题", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tk := &Ticket{Title: "旧标题", Type: TypeHelp, Urgency: UrgencyNormal, Status: Accepted}
			err := tk.Edit(tt.at, "agent:wang", tt.field, tt.value, false)
			if err == nil {
				t.Fatal("Edit succeeded")
			}
			if got := errors.Is(err, ErrUnknownField); got != tt.wantUnknown {
				t.Errorf("errors.Is(ErrUnknownField) = %v for %v", got, err)
			}
			if tt.wantUnknown && !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q does not name %q", err, tt.field)
			}
			if len(tk.Events) != 0 || tk.Title != "旧标题" || tk.Type != TypeHelp || tk.Urgency != UrgencyNormal {
				t.Errorf("a refused edit changed the order: %+v", tk)
			}
		})
	}
}

func TestEditSameValueRecordsNothing(t *testing.T) {
	tk := &Ticket{Title: "路灯不亮"}
	if err := tk.Edit(t0, "agent:wang", "title", "路灯不亮", false); err != nil {
		t.Fatal(err)
	}
	if len(tk.Events) != 0 {
		t.Errorf("%d events for an edit that changed nothing", len(tk.Events))
	}
}
