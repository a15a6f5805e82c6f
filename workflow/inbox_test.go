package workflow

import (
	"strings"
	"testing"

	"hotline/domain"
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
