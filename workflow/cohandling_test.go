package workflow

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"hotline/store"
	"hotline/ticket"
)

// TestCoHandling: an order led by 市城市管理局 with 市公安局 co-handling
// (协办): the co-department is told what and by when; its part (协办意见)
// goes into the history, audited, and to the lead's inbox at once, before
// the lead replies; a department that is not a co-department may not give
// one, nor may anyone once the lead has replied; an empty part is refused
// in the config's words; a part not given within co_reply_days working
// days is late on the supervision desk's list.
func TestCoHandling(t *testing.T) {
	e := newEnv(t)
	late := e.order()
	given := e.order()
	for _, n := range []string{late, given} {
		if _, err := e.svc.Dispatch(agent, n, mainDept, []string{"市公安局"}, ""); err != nil {
			t.Fatal(err)
		}
	}
	rem, err := e.svc.Reminders("市公安局", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rem) != 2 || rem[0].Kind != ReminderCoDispatch || !strings.Contains(rem[0].Text, "请你单位协办") || !strings.Contains(rem[0].Text, mainDept) {
		t.Fatalf("the co-department's inbox: %+v", rem)
	}
	if slices.Contains(e.svc.Offered(housing, e.get(given)), OpCoReply) || !slices.Contains(e.svc.Offered(police, e.get(given)), OpCoReply) {
		t.Fatalf("co_reply offered to %v, %v", e.svc.Offered(housing, e.get(given)), e.svc.Offered(police, e.get(given)))
	}
	if _, err := e.svc.CoReply(police, given, "  "); err == nil || !strings.Contains(err.Error(), e.cfg.RuleErrors.EmptyCoReply) {
		t.Fatalf("an empty part: %v", err)
	}
	if _, err := e.svc.CoReply(housing, given, "已核实"); !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrForbidden) {
		t.Fatalf("a department that does not co-handle it: %v", err)
	}
	if _, err := e.svc.CoReply(police, given, "经核实，占道摊贩已劝离，夜间加强巡逻"); err != nil {
		t.Fatal(err)
	}
	tk := e.get(given)
	last := tk.Events[len(tk.Events)-1]
	if last.Action != "co_reply" || last.Actor != "dept:市公安局/qian" || !strings.Contains(last.Note, "夜间加强巡逻") || tk.Status != ticket.Dispatched {
		t.Fatalf("history: %+v, status %s", last, tk.Status)
	}
	lead, _ := e.svc.Reminders(mainDept, 10)
	if len(lead) == 0 || lead[0].Kind != ReminderCoReply || lead[0].Number != given || !strings.Contains(lead[0].Text, "夜间加强巡逻") {
		t.Fatalf("the lead's inbox: %+v", lead)
	}
	var audited bool
	_ = e.st.View(func(tx *store.Tx) error {
		log, _ := tx.AuditLog(50)
		for _, a := range log {
			audited = audited || a.Action == "ticket.co_reply" && a.Object == given && a.Actor == "dept:市公安局/qian"
		}
		return nil
	})
	if !audited {
		t.Error("the part is not in the audit log")
	}
	// Past co_reply_days working days: the part not given is late, and
	// only that order is on the supervision desk's list.
	e.set(e.cal.AddWorkingDays(e.clock(), e.cfg.TimeLimits.CoReplyDays).Add(time.Hour))
	lists, err := e.svc.SupervisorList()
	if err != nil {
		t.Fatal(err)
	}
	if len(lists.CoLate) != 1 || lists.CoLate[0].Number != late || !lists.CoLate[0].Co[0].Late || lists.CoLate[0].Co[0].Department != "市公安局" {
		t.Fatalf("co-handling late: %+v", lists.CoLate)
	}
	// Once the lead replied, the part can no longer be given.
	if _, err := e.svc.Sign(cityMgmt, late); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Reply(cityMgmt, late, "已清理", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CoReply(police, late, "补充意见"); err == nil || slices.Contains(e.svc.Offered(police, e.get(late)), OpCoReply) {
		t.Fatalf("a part after the lead's reply: %v", err)
	}
	if lists, _ := e.svc.SupervisorList(); len(lists.CoLate) != 0 {
		t.Fatalf("a replied order is still late for its co-department: %+v", lists.CoLate)
	}
}
