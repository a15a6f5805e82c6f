package server

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hotline/desk"
	"hotline/internal/browsertest"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// TestSupervisionPageInBrowser: the supervisor's page lists the late
// orders once (past their deadline and escalated: one list, both marks on
// an order, a page of desk.SupLatePage at a time with the total), not as
// two long lists of the same orders; the replies to review show how long
// each has waited, in working time, the longest waiting first.
func TestSupervisionPageInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	loc := d.srv.Config.Location()
	now := time.Now().In(loc)
	const late = desk.SupLatePage + 5
	err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		put := func(tk *ticket.Ticket) error { return tx.PutTicket(tk) }
		for i := 1; i <= late; i++ {
			at := now.AddDate(0, 0, -20-i)
			tk := &ticket.Ticket{Number: fmt.Sprintf("20261001-%04d", i), Status: ticket.Signed, Channel: "webchat",
				Title: fmt.Sprintf("路灯不亮 %d", i), Description: "小区门口路灯不亮", Type: ticket.TypeComplaint,
				Category: "QT", Department: "市公安局", Urgency: ticket.UrgencyNormal,
				ReceivedAt: at, AcceptedAt: at, DispatchedAt: at, SignedAt: at, SignDue: at.Add(time.Hour), Due: at.AddDate(0, 0, 7)}
			tk.Events = []ticket.Event{{At: at, Actor: "bot", Action: "accept", To: ticket.Accepted},
				{At: at, Actor: "agent:wang", Action: "dispatch", From: ticket.Accepted, To: ticket.Dispatched},
				{At: at, Actor: "dept:市公安局/police", Action: "sign", From: ticket.Dispatched, To: ticket.Signed}}
			if err := put(tk); err != nil {
				return err
			}
		}
		// Replies to review, more than the page shows: the later number
		// waits longer.
		for i := range desk.SupPendingShown + 2 {
			at := now.AddDate(0, 0, -3-i)
			tk := &ticket.Ticket{Number: fmt.Sprintf("20261002-%04d", i+1), Status: ticket.Replied, Channel: "webchat",
				Title: fmt.Sprintf("噪声扰民 %d", i+1), Description: "夜间施工", Type: ticket.TypeComplaint,
				Category: "QT", Department: "市公安局", Urgency: ticket.UrgencyNormal, Reply: "已处理",
				ReceivedAt: at, AcceptedAt: at, DispatchedAt: at, SignedAt: at, RepliedAt: at, Due: at.AddDate(0, 0, 7)}
			tk.Events = []ticket.Event{{At: at, Actor: "bot", Action: "accept", To: ticket.Accepted},
				{At: at, Actor: "dept:市公安局/police", Action: "reply", From: ticket.Signed, To: ticket.Replied, Note: "已处理"}}
			if err := put(tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.wf.Tick(context.Background()); err != nil { // escalates the late ones
		t.Fatal(err)
	}

	sup := person(t, b)
	deskLogin(t, sup, d.url, "office")
	both := `//section[@id="sup-late"]//tr[.//span[normalize-space(.)="已超期"] and .//span[normalize-space(.)="已升级"]]`
	run(t, sup, "one list of the late orders, each with both marks",
		chromedp.WaitVisible(chromedp.CSS("#sup-late table.orders")),
		chromedp.WaitVisible(fmt.Sprintf(`//span[@id="sup-late-count" and contains(., "%d")]`, late)),
		chromedp.WaitVisible(both),
	)
	browsertest.Shot(t, sup, "supervision-1-late")
	rows := evalIn[int](t, sup, `document.querySelectorAll("#sup-late tbody tr").length`)
	marked := evalIn[int](t, sup, `document.evaluate('count(`+both+`)', document, null, XPathResult.NUMBER_TYPE, null).numberValue`)
	escalatedCards := evalIn[int](t, sup, `document.querySelectorAll("#sup-overdue, #sup-escalated").length`)
	height := evalIn[float64](t, sup, `document.documentElement.scrollHeight`)
	review := evalIn[[]string](t, sup, `Array.from(document.querySelectorAll("#sup-review tbody tr")).map(function (tr) { return tr.getAttribute("data-number") + " " + tr.querySelector(".waited").textContent; })`)
	if rows != desk.SupLatePage || marked != desk.SupLatePage || escalatedCards != 0 {
		t.Errorf("late list: %d rows, %d with both marks, %d cards of the old two lists", rows, marked, escalatedCards)
	}
	if height > 4000 {
		t.Errorf("the supervisor's page is %.0f px tall", height)
	}
	oldest, next := fmt.Sprintf("20261002-%04d ", desk.SupPendingShown+2), fmt.Sprintf("20261002-%04d ", desk.SupPendingShown+1)
	if len(review) != desk.SupPendingShown || !strings.HasPrefix(review[0], oldest) || !strings.HasPrefix(review[1], next) ||
		!strings.Contains(review[0], "小时") {
		t.Errorf("review, the longest waiting first with the working time waited: %q", review)
	}
	run(t, sup, "the next page holds the rest",
		chromedp.Click(chromedp.CSS("#sup-late-next")),
		// The most overdue first: the first numbers were due last.
		chromedp.WaitVisible(`//section[@id="sup-late"]//a[@data-number="20261001-0001"]`),
	)
	rest := evalIn[int](t, sup, `document.querySelectorAll("#sup-late tbody tr").length`)
	if rest != late-desk.SupLatePage {
		t.Errorf("second page: %d rows, want %d", rest, late-desk.SupLatePage)
	}
	run(t, sup, "the link to all the replies to review: the 待审核 queue, the longest waiting first, with the time waited",
		chromedp.Click(chromedp.CSS("#sup-late-prev")),
		chromedp.WaitNotPresent(`//section[@id="sup-late"]//a[@data-number="20261001-0001"]`),
		chromedp.WaitVisible(fmt.Sprintf(`//a[@id="sup-review-all" and contains(., "%d")]`, desk.SupPendingShown+2)),
	)
	// Clicked by script: the page may draw its sections again (a live event,
	// a page turned) between finding the link and clicking it, and a click
	// by node id then finds no node.
	evalIn[bool](t, sup, `(document.getElementById("sup-review-all").click(), true)`)
	run(t, sup, "the 待审核 queue opened from the link",
		chromedp.WaitVisible(chromedp.CSS("#wq-review table.orders .waited")),
	)
	queue := evalIn[[]string](t, sup, `Array.from(document.querySelectorAll("#wq-review tbody tr")).map(function (tr) { return tr.getAttribute("data-number") + " " + tr.querySelector(".waited").textContent; })`)
	if len(queue) != desk.SupPendingShown+2 || !strings.HasPrefix(queue[0], oldest) || !strings.Contains(queue[0], "小时") {
		t.Errorf("review queue %q, supervisor's page %q", queue, review)
	}
}

// evalIn evaluates a script's expression in the page.
func evalIn[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// TestInstructionDeadlinesInBrowser: a 批示件 has two deadlines, the
// order's and the instruction's own; the dashboard's list of open 批示件
// and the 督办/批示 work queue show both, each under its name, and never
// the order's in the instruction's column (an instruction given before
// its deadline was kept has none: —).
func TestInstructionDeadlinesInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	loc := d.srv.Config.Location()
	at := time.Now().In(loc).AddDate(0, 0, -1).Truncate(time.Minute)
	due, instrDue := at.AddDate(0, 0, 20), at.AddDate(0, 0, 9)
	err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		for i, withDue := range []bool{true, false} {
			tk := &ticket.Ticket{Number: fmt.Sprintf("20261003-%04d", i+1), Status: ticket.Signed, Channel: "webchat",
				Title: fmt.Sprintf("楼道灯不亮 %d", i+1), Description: "楼道灯不亮", Type: ticket.TypeComplaint,
				Category: "QT", Department: "市城市管理局", Urgency: ticket.UrgencyNormal, Flags: ticket.Flags{Instruction: true},
				ReceivedAt: at, AcceptedAt: at, DispatchedAt: at, SignedAt: at, Due: due}
			if withDue {
				tk.InstructionDue = instrDue
			}
			tk.Events = []ticket.Event{{At: at, Actor: "bot", Action: "accept", To: ticket.Accepted},
				{At: at, Actor: "agent:wang", Action: "dispatch", From: ticket.Accepted, To: ticket.Dispatched},
				{At: at, Actor: "leader:mayor", Action: "instruct", Note: "请三日内修复", Fields: map[string][2]string{"leader": {"", "张明"}}},
				{At: at, Actor: "dept:市城市管理局/city", Action: "sign", From: ticket.Dispatched, To: ticket.Signed}}
			if err := tx.PutTicket(tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f := func(x time.Time) string { return x.In(loc).Format("2006-01-02 15:04") }
	leader := person(t, b)
	deskLogin(t, leader, d.url, "mayor")
	run(t, leader, "the dashboard's open 批示件",
		chromedp.Navigate(d.url+"/desk/reports"),
		chromedp.WaitVisible(`//table[@id="instr"]//a[text()="20261003-0002"]`),
	)
	heads := evalIn[[]string](t, leader, `Array.from(document.querySelectorAll("#instr thead th")).map(function (th) { return th.textContent; })`)
	cells := func(number string) []string {
		return evalIn[[]string](t, leader, `Array.from(document.evaluate('//table[@id="instr"]//tr[td/a[text()="`+number+`"]]', document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue.cells).map(function (td) { return td.textContent; })`)
	}
	if len(heads) != 7 || heads[4] != "批示件办理期限" || heads[5] != "工单办结时限" {
		t.Fatalf("columns %q", heads)
	}
	if c := cells("20261003-0001"); len(c) != 7 || c[4] != f(instrDue) || c[5] != f(due) {
		t.Errorf("a 批示件 with its own deadline: %q, want %s then %s", c, f(instrDue), f(due))
	}
	if c := cells("20261003-0002"); len(c) != 7 || c[4] != "—" || c[5] != f(due) {
		t.Errorf("a 批示件 without its own deadline: %q, want — then %s", c, f(due))
	}
	// Both orders came in yesterday: today's channels ring says none came.
	if ring := evalIn[string](t, leader, `document.getElementById("c-channel").textContent`); !strings.Contains(ring, "今日暂无受理") {
		t.Errorf("today's channels with nothing received today: %q, want 今日暂无受理", ring)
	}
	browsertest.Shot(t, leader, "instruction-deadlines-dashboard")
	run(t, leader, "the 督办/批示 queue",
		chromedp.Navigate(d.url+"/desk/?v=wq-supervised"),
		chromedp.WaitVisible(`//section[@id="wq-supervised"]//tr[@data-number="20261003-0001"]//div[contains(@class,"due-instruction")]`),
	)
	row := evalIn[string](t, leader, `document.querySelector('#wq-supervised tr[data-number="20261003-0001"]').textContent`)
	if !strings.Contains(row, "办结时限 "+f(due)) || !strings.Contains(row, "批示件办理期限 "+f(instrDue)) {
		t.Errorf("the queue's row %q does not name both deadlines", row)
	}
}

// workingDaysLeft is a work queue's countdown before its deadline.
var workingDaysLeft = regexp.MustCompile(`^(剩余 [1-9][0-9]* 个工作日|今日到期)$`)

// TestVisitQueueInBrowser: 待回访 in the navigation counts the orders
// whose citizen was asked for a rating and has not given one; its list
// shows how long each has waited and the time left before the order
// closes as not visited; the supervisor's page shows that close too, not
// the order's finish deadline, long past (a past date beside 剩余 1 个工作日
// before); the supervisor opens the order, records the rating the citizen
// gave on the phone (回访), and the list is empty.
func TestVisitQueueInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	now := time.Now().In(d.srv.Config.Location())
	asked, received := now.AddDate(0, 0, -1), now.AddDate(0, 0, -3)
	const number = "20261003-0001"
	err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		at := received
		tk := &ticket.Ticket{Number: number, Status: ticket.Reviewed, Channel: "webchat",
			Title: "小区路灯不亮", Description: "小区门口路灯不亮", Type: ticket.TypeComplaint,
			Category: "QT", Department: "市公安局", Urgency: ticket.UrgencyNormal, Reply: "已修复",
			ReceivedAt: at, AcceptedAt: at, DispatchedAt: at, SignedAt: at, RepliedAt: at, Due: at.AddDate(0, 0, 1)}
		tk.Events = []ticket.Event{{At: at, Actor: "bot", Action: "accept", To: ticket.Accepted},
			{At: at, Actor: "dept:市公安局/police", Action: "reply", From: ticket.Signed, To: ticket.Replied, Note: "已修复"},
			{At: asked, Actor: "supervisor:office", Action: "review", From: ticket.Replied, To: ticket.Reviewed}}
		if err := tx.PutTicket(tk); err != nil {
			return err
		}
		return tx.WatchVisit(number, asked)
	})
	if err != nil {
		t.Fatal(err)
	}

	sup := person(t, b)
	deskLogin(t, sup, d.url, "office")
	row := fmt.Sprintf(`#wq-visit tr[data-number="%s"]`, number)
	run(t, sup, "待回访 on the supervisor's page, with the time waited",
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#sup-visit tr[data-number="%s"] .waited`, number))),
	)
	qs, err := d.wf.Queues()
	if err != nil || len(qs[workflow.QueueVisit]) != 1 {
		t.Fatalf("待回访: %v %+v", err, qs[workflow.QueueVisit])
	}
	loc := d.srv.Config.Location()
	closes, due := qs[workflow.QueueVisit][0].Deadline.In(loc).Format("01-02 15:04"), received.AddDate(0, 0, 1).Format("01-02 15:04")
	onPage := evalIn[string](t, sup, fmt.Sprintf(`document.querySelector('#sup-visit tr[data-number="%s"]').textContent`, number))
	if !strings.Contains(onPage, closes) || strings.Contains(onPage, due) || strings.Contains(onPage, "已超期") {
		t.Errorf("the supervisor's 待回访 row %q: want the visit's close %s, not the order's deadline %s", onPage, closes, due)
	}
	run(t, sup, "待回访 in the navigation with its count, and its list",
		chromedp.WaitVisible(`//nav[@id="nav"]//a[@data-view="wq-visit" and contains(., "待回访") and .//span[normalize-space(.)="1"]]`),
		chromedp.Navigate(d.url+"/desk/?v=wq-visit"),
		chromedp.WaitVisible(chromedp.CSS(row+" .waited")),
	)
	browsertest.Shot(t, sup, "visit-1-queue")
	text := evalIn[string](t, sup, `document.querySelector('`+row+`').textContent`)
	left := evalIn[string](t, sup, `document.querySelector('`+row+` td.left').textContent`)
	// The working days left until the close (a close on a weekend leaves
	// none after today: 今日到期).
	if !strings.Contains(text, "已审核") || !workingDaysLeft.MatchString(left) || strings.Contains(text, "已超期") {
		t.Errorf("待回访 row %q, time left %q", text, left)
	}
	evalIn[bool](t, sup, `(document.querySelector('`+row+` a.order-link').click(), true)`)
	run(t, sup, "the return visit recorded on the order's page",
		chromedp.WaitVisible(chromedp.CSS("#rate")),
		chromedp.SetValue(chromedp.CSS("#rate-sat"), "基本满意"),
		chromedp.Click(chromedp.CSS("#rate")),
		// A satisfied citizen whose problem is solved: visited, then closed.
		chromedp.WaitVisible(`//span[@id="order-status" and normalize-space(.)="已办结"]`),
		chromedp.Navigate(d.url+"/desk/?v=wq-visit"),
		chromedp.WaitVisible(`//section[@id="wq-visit"]//p[@id="wq-list"]`),
		chromedp.WaitNotPresent(`//nav[@id="nav"]//a[@data-view="wq-visit"]//span[normalize-space(.)="1"]`),
	)
	var tk *ticket.Ticket
	err = d.srv.Store.View(func(tx *store.Tx) (err error) { tk, err = tx.Ticket(number); return err })
	if err != nil || tk.Status != ticket.Closed || tk.Satisfaction != ticket.BasicSatisfied {
		t.Errorf("after the return visit: %v %+v", err, tk)
	}
}

// TestSupervisionTablesFitInBrowser: on a 1366-pixel screen the
// supervisor's 延期申请 table, which has the time waited too, shows a late
// order's marks (已超期, 已升级) within its card, not cut off behind a
// scroll bar.
func TestSupervisionTablesFitInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	now := time.Now().In(d.srv.Config.Location())
	at := now.AddDate(0, 0, -20)
	const number = "20261004-0001"
	err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		tk := &ticket.Ticket{Number: number, Status: ticket.Signed, Channel: "webchat",
			Title: "任城区安居街道琵琶山路燃气没气了、燃气表显示有余额", Description: "燃气没气了", Type: ticket.TypeComplaint,
			Category: "QT", Department: "市公安局", Urgency: ticket.UrgencyNormal,
			ReceivedAt: at, AcceptedAt: at, DispatchedAt: at, SignedAt: at, SignDue: at.Add(time.Hour), Due: at.AddDate(0, 0, 7)}
		tk.Events = []ticket.Event{{At: at, Actor: "bot", Action: "accept", To: ticket.Accepted},
			{At: at, Actor: "dept:市公安局/police", Action: "sign", From: ticket.Dispatched, To: ticket.Signed}}
		return tx.PutTicket(tk)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.wf.Tick(context.Background()); err != nil { // escalates it
		t.Fatal(err)
	}
	// Then the department asks for more time.
	err = d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		tk, err := tx.Ticket(number)
		if err != nil {
			return err
		}
		if err := tk.Transition(ticket.ExtensionRequested, ticket.Event{At: now, Actor: "dept:市公安局/police", Note: "需要更换管道"}); err != nil {
			return err
		}
		return tx.PutTicket(tk)
	})
	if err != nil {
		t.Fatal(err)
	}
	sup := person(t, b)
	if _, err := chromedp.Run(sup, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatal(err)
	}
	deskLogin(t, sup, d.url, "office")
	run(t, sup, "the late extension request with both marks",
		chromedp.WaitVisible(`//section[@id="sup-extension"]//tr[.//span[normalize-space(.)="已超期"] and .//span[normalize-space(.)="已升级"]]`),
	)
	browsertest.Shot(t, sup, "supervision-2-extension")
	over := evalIn[[]string](t, sup, `Array.from(document.querySelectorAll("#app .card .table-wrap")).filter(function (w) { return w.scrollWidth > w.clientWidth + 1; }).map(function (w) { return w.parentNode.id + " " + w.scrollWidth + ">" + w.clientWidth; })`)
	if len(over) > 0 {
		t.Errorf("tables wider than their cards: %v", over)
	}
}

// TestLeaderFindsInstructionsInBrowser: a leader lists every 批示件 in
// 工单查询 by its mark (标记: 领导批示), handled or not, with its state,
// and no other order.
func TestLeaderFindsInstructionsInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	seedOrders(t, d, 6)
	err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		for _, n := range []string{"20261101-0002", "20261101-0005"} {
			tk, err := tx.Ticket(n)
			if err != nil {
				return err
			}
			tk.Flags.Instruction = true
			if n == "20261101-0005" {
				tk.Status = ticket.Closed
			}
			if err := tx.PutTicket(tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mayor := person(t, b)
	deskLogin(t, mayor, d.url, "mayor")
	run(t, mayor, "工单查询 by the mark 领导批示",
		chromedp.Navigate(d.url+"/desk/?v=orders"),
		chromedp.WaitVisible(chromedp.CSS("#f-flag")),
		chromedp.SetValue(chromedp.CSS("#f-flag"), "instruction"),
		chromedp.Click(chromedp.CSS("#f-search")),
		chromedp.Poll[chromedp.Void](`document.getElementById("orders-total").textContent.indexOf("共 2 条") >= 0`),
	)
	browsertest.Shot(t, mayor, "leader-instructions-search")
	rows := evalIn[[]string](t, mayor, `Array.from(document.querySelectorAll("#orders-list tbody tr")).map(function (tr) { return tr.getAttribute("data-number") + " " + tr.textContent; })`)
	if len(rows) != 2 || !strings.Contains(strings.Join(rows, "|"), "已办结") || !strings.Contains(strings.Join(rows, "|"), "批示件") {
		t.Errorf("批示件 found: %q", rows)
	}
	option := evalIn[string](t, mayor, `document.querySelector('#f-flag option[value="instruction"]').textContent`)
	if option != "领导批示" {
		t.Errorf("the mark's name %q", option)
	}
}

// TestRedoQueueSaysWhyInBrowser: 重办 says why each order came back: the
// office's review sent it back (退回重办 and the supervisor's words) or the
// citizen was not satisfied (重办：市民不满意…).
func TestRedoQueueSaysWhyInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	now := time.Now().In(d.srv.Config.Location())
	at := now.AddDate(0, 0, -2)
	err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		for _, c := range []struct{ number, action, actor, note string }{
			{"20261005-0001", "review_reject", "supervisor:office", "答复内容过于简单，请补充处理结果"},
			{"20261005-0002", "reopen", "citizen", "市民不满意，重新审核"},
		} {
			tk := &ticket.Ticket{Number: c.number, Status: ticket.Reopened, Channel: "webchat",
				Title: "小区路灯不亮", Description: "小区门口路灯不亮", Type: ticket.TypeComplaint,
				Category: "QT", Department: "市公安局", Urgency: ticket.UrgencyNormal, Reply: "已修复",
				ReceivedAt: at, AcceptedAt: at, DispatchedAt: at, SignedAt: at, RepliedAt: at, Due: now.AddDate(0, 0, 5)}
			tk.Events = []ticket.Event{{At: at, Actor: "bot", Action: "accept", To: ticket.Accepted},
				{At: at, Actor: "dept:市公安局/police", Action: "reply", From: ticket.Signed, To: ticket.Replied, Note: "已修复"},
				{At: at.Add(time.Hour), Actor: c.actor, Action: c.action, From: ticket.Replied, To: ticket.Reopened, Note: c.note}}
			if err := tx.PutTicket(tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sup := person(t, b)
	deskLogin(t, sup, d.url, "office")
	run(t, sup, "the 重办 queue with its reasons",
		chromedp.Navigate(d.url+"/desk/?v=wq-redo"),
		chromedp.WaitVisible(chromedp.CSS(`#wq-redo tr[data-number="20261005-0002"] td.why`)),
	)
	browsertest.Shot(t, sup, "supervision-3-redo")
	why := evalIn[[]string](t, sup, `["20261005-0001", "20261005-0002"].map(function (n) { return document.querySelector('#wq-redo tr[data-number="' + n + '"] td.why').textContent; })`)
	head := evalIn[string](t, sup, `document.querySelector("#wq-redo thead").textContent`)
	if len(why) != 2 || why[0] != "退回重办：答复内容过于简单，请补充处理结果" || why[1] != "重办：市民不满意，重新审核" || !strings.Contains(head, "重办原因") {
		t.Errorf("重办 reasons %q, header %q", why, head)
	}
}
