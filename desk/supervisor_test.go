package desk

import (
	"fmt"
	"testing"

	"hotline/domain"
	"hotline/ticket"
	"hotline/workflow"
)

// TestSupervisorLatePages: the late orders come a page at a time with
// their total, a page past the last gives the last, and a page that is no
// number is refused in zh-CN; of what waits for the office the page gets
// the longest waiting SupPendingShown and the total.
func TestSupervisorLatePages(t *testing.T) {
	e := newEnv(t, nil)
	var late []Item
	for i := range SupLatePage + 3 {
		late = append(late, Item{Ticket: &ticket.Ticket{Number: fmt.Sprintf("20261101-%04d", i+1), Status: ticket.Signed, Phone: "13953706688"},
			Warning: ticket.WarnRed, Escalated: i%2 == 0})
	}
	var review []Item
	for i := range SupPendingShown + 2 {
		review = append(review, Item{Ticket: &ticket.Ticket{Number: fmt.Sprintf("20261102-%04d", i+1), Status: ticket.Replied}})
	}
	e.wf.supLists = workflow.SupervisorLists{Late: late, PendingReview: review}
	sup := e.login(t, "super1")
	for _, c := range []struct {
		query      string
		page, rows int
		first      string
	}{
		{"", 1, SupLatePage, "20261101-0001"},
		{"?late_page=2", 2, 3, fmt.Sprintf("20261101-%04d", SupLatePage+1)},
		{"?late_page=9", 2, 3, fmt.Sprintf("20261101-%04d", SupLatePage+1)},
	} {
		code, out := e.do(t, sup, "GET", "/desk/api/supervisor"+c.query, nil)
		if code != 200 {
			t.Fatalf("%s: %d %v", c.query, code, out)
		}
		rows := out["late"].([]any)
		if int(out["late_total"].(float64)) != SupLatePage+3 || int(out["late_page"].(float64)) != c.page || int(out["late_pages"].(float64)) != 2 ||
			len(rows) != c.rows || rows[0].(map[string]any)["number"] != c.first {
			t.Errorf("%s: total %v, page %v of %v, %d rows from %v", c.query, out["late_total"], out["late_page"], out["late_pages"], len(rows), rows[0].(map[string]any)["number"])
		}
		// What waits for the office: the longest waiting few, and how many.
		if r := out["pending_review"].([]any); len(r) != SupPendingShown || out["pending_review_total"] != float64(SupPendingShown+2) ||
			r[0].(map[string]any)["number"] != "20261102-0001" || out["pending_return_total"] != float64(0) {
			t.Errorf("%s: review %d of %v, returns %v", c.query, len(r), out["pending_review_total"], out["pending_return_total"])
		}
		if p := rows[0].(map[string]any)["phone"]; p != "139****6688" {
			t.Errorf("%s: phone %v", c.query, p)
		}
	}
	for _, q := range []string{"0", "x", "-1"} {
		code, out := e.do(t, sup, "GET", "/desk/api/supervisor?late_page="+q, nil)
		if code != 400 || out["error"].(map[string]any)["message"] == "" {
			t.Errorf("late_page=%s: %d %v", q, code, out)
		}
	}
}

// TestRemindersOfOrdersGone: a department's inbox keeps the notice of an
// order it returned and the office sent elsewhere (退回已同意：…已改派…);
// the entry says the order is gone, so that the page names it without the
// link, whose page would answer 工单不存在 to a clerk who only wanted to
// see where it went. Its own orders stay linked.
func TestRemindersOfOrdersGone(t *testing.T) {
	e := newEnv(t, nil)
	e.wf.reminders = []domain.Reminder{
		{Number: otherOrder, Kind: workflow.ReminderReturn, Text: "退回已同意：工单" + otherOrder + "已改派市城市管理局"},
		{Number: ownOrder, Kind: workflow.ReminderDispatch, Text: "新派工单" + ownOrder},
	}
	ck := e.login(t, "police")
	code, body := e.do(t, ck, "GET", "/desk/api/reminders", nil)
	if code != 200 {
		t.Fatalf("reminders: %d %v", code, body)
	}
	list := body["reminders"].([]any)
	if len(list) != 2 {
		t.Fatalf("reminders %v", list)
	}
	gone := map[string]any{}
	for _, it := range list {
		m := it.(map[string]any)
		gone[m["number"].(string)] = m["gone"]
	}
	if gone[otherOrder] != true || gone[ownOrder] != nil {
		t.Errorf("gone marks %v, want only %s's", gone, otherOrder)
	}
	// The office's inbox (a supervisor) sees every order: nothing is gone.
	code, body = e.do(t, e.login(t, "super1"), "GET", "/desk/api/reminders", nil)
	for _, it := range body["reminders"].([]any) {
		if g, ok := it.(map[string]any)["gone"]; code != 200 || ok {
			t.Errorf("a supervisor's entry marked gone: %d %v", code, g)
		}
	}
}
