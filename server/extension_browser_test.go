package server

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hotline/internal/browsertest"
	"hotline/store"
	"hotline/ticket"
)

// TestReplyWhileExtensionPendingInBrowser: while its extension request
// waits for the office, the department still handles the order: its page
// says the request is pending (the date asked for, the deadline that still
// stands) and offers the reply, which lands in the office's review queue;
// the request lapses. The office's decision form says what was asked: the
// date and the reason.
func TestReplyWhileExtensionPendingInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	loc := d.srv.Config.Location()
	at := time.Now().In(loc).Add(-time.Hour).Truncate(time.Minute)
	const number = "20261004-0001"
	err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		tk := &ticket.Ticket{Number: number, Status: ticket.Signed, Channel: "webchat",
			Title: "楼道灯不亮", Description: "楼道灯不亮", Type: ticket.TypeComplaint, Category: "QT",
			Department: "市城市管理局", Urgency: ticket.UrgencyNormal,
			ReceivedAt: at, AcceptedAt: at, DispatchedAt: at, SignedAt: at, Due: at.AddDate(0, 0, 7)}
		tk.Events = []ticket.Event{{At: at, Actor: "bot", Action: "accept", To: ticket.Accepted},
			{At: at, Actor: "agent:wang", Action: "dispatch", From: ticket.Accepted, To: ticket.Dispatched},
			{At: at, Actor: "dept:市城市管理局/city", Action: "sign", From: ticket.Dispatched, To: ticket.Signed}}
		return tx.PutTicket(tk)
	})
	if err != nil {
		t.Fatal(err)
	}
	city := d.client(t, "city")
	// Two working days past the deadline: a day off is refused
	// (rule_errors.extension_day_off), whatever today is.
	cal, err := ticket.NewCalendar(d.srv.Config.Calendar, loc)
	if err != nil {
		t.Fatal(err)
	}
	asked := cal.AddWorkingDays(at.AddDate(0, 0, 7), 2).In(loc).Format("2006-01-02")
	city.must("POST", "/desk/api/orders/"+number+"/extension", map[string]string{"reason": "需采购灯具", "new_due": asked}, 200)

	page := person(t, b)
	deskLogin(t, page, d.url, "city")
	run(t, page, "the department's page of an order whose extension is pending",
		chromedp.Navigate(d.url+"/desk/orders/"+number),
		chromedp.WaitVisible(chromedp.CSS("#ext-pending")),
		chromedp.WaitVisible(chromedp.CSS("#dept-reply")),
	)
	note := evalIn[string](t, page, `document.getElementById("ext-pending").textContent`)
	if !strings.Contains(note, asked) || !strings.Contains(note, "等待办公室审批") {
		t.Errorf("the notice reads %q, want the date asked for %s", note, asked)
	}
	browsertest.Shot(t, page, "extension-pending-department")
	sup := person(t, b)
	deskLogin(t, sup, d.url, "office")
	run(t, sup, "the office's decision form says what was asked",
		chromedp.Navigate(d.url+"/desk/orders/"+number),
		chromedp.WaitVisible(chromedp.CSS("#ext-asked")),
	)
	if asked2 := evalIn[string](t, sup, `document.getElementById("ext-asked").textContent`); !strings.Contains(asked2, asked) || !strings.Contains(asked2, "需采购灯具") {
		t.Errorf("the decision form reads %q, want the date %s and the reason", asked2, asked)
	}
	run(t, page, "the department replies",
		chromedp.SetValue(chromedp.CSS("#dept-reply-text"), "已更换楼道灯，并电话回复市民。"),
		chromedp.Click(chromedp.CSS("#dept-reply")),
		chromedp.WaitVisible(`//span[@id="order-status" and @data-status="replied"]`),
	)
	office := d.client(t, "office")
	review := office.must("GET", "/desk/api/queues/review", nil, 200)["items"].([]any)
	ext := office.must("GET", "/desk/api/queues/extension", nil, 200)["items"].([]any)
	if len(review) != 1 || review[0].(map[string]any)["number"] != number || len(ext) != 0 {
		t.Errorf("review queue %v, extension queue %v", review, ext)
	}
}
