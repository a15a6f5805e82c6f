package workflow

import (
	"slices"
	"strings"
	"testing"

	"hotline/domain"
	"hotline/ticket"
)

// orderNotices leaves out of a department's inbox the "new order" entries
// every dispatch adds, for the tests about the other entries.
func orderNotices(list []domain.Reminder, err error) ([]domain.Reminder, error) {
	out := list[:0:0]
	for _, r := range list {
		if r.Kind != ReminderDispatch {
			out = append(out, r)
		}
	}
	return out, err
}

// TestDispatchAndReturnReachTheInbox: a dispatch by hand tells the
// department (its inbox, read by package notify for SMS and WeCom), and a
// department that returned an order hears the office's decision.
func TestDispatchAndReturnReachTheInbox(t *testing.T) {
	e := newEnv(t)
	e.set(at(2026, 9, 29, 9, 0))
	n := e.order()
	e.must(e.svc.Dispatch(agent, n, mainDept, nil, ""))
	rem, _ := e.svc.Reminders(mainDept, 0)
	if len(rem) != 1 || rem[0].Kind != ReminderDispatch || !strings.Contains(rem[0].Text, "新派工单"+n) {
		t.Fatalf("inbox after dispatch: %+v", rem)
	}
	e.must(e.svc.Return(cityMgmt, n, "不属于本单位职责"))
	e.must(e.svc.Dispatch(agent, n, "市公安局", nil, ""))
	rem, _ = e.svc.Reminders(mainDept, 0)
	if len(rem) != 2 || rem[0].Kind != ReminderReturn || !strings.Contains(rem[0].Text, "退回已同意") {
		t.Fatalf("the returning department's inbox: %+v", rem)
	}
	if rem, _ := e.svc.Reminders("市公安局", 0); len(rem) != 1 || rem[0].Kind != ReminderDispatch {
		t.Fatalf("the new department's inbox: %+v", rem)
	}
}

// TestDepartmentAllListsWorkFirst: a department's list of all its orders
// starts with those it still has to sign or handle, then those it is done
// with, newest first; a finished 批示件 no longer heads it.
func TestDepartmentAllListsWorkFirst(t *testing.T) {
	e := newEnv(t)
	s := e.svc
	e.set(at(2026, 9, 29, 9, 0))
	done := e.orderIn(ticket.Replied)
	e.must(s.Supervise(leader, done, "请尽快办理", true))
	e.must(s.Review(supervisor, done, true, ""))
	e.must(s.Rate(agent, done, ticket.Satisfied, true))
	replied := e.orderIn(ticket.Replied)
	signed := e.orderIn(ticket.Signed)
	fresh := e.orderIn(ticket.Dispatched)
	if st := e.get(done).Status; st != ticket.Closed {
		t.Fatalf("the 批示件 is %s, want closed", st)
	}
	_, _, _, all, err := s.DepartmentOrders(mainDept)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range all {
		got = append(got, it.Number)
	}
	// signed and fresh share a deadline: by number.
	if want := []string{signed, fresh, replied, done}; !slices.Equal(got, want) {
		t.Errorf("all = %v, want %v (work left first, then done, newest first)", got, want)
	}
}
