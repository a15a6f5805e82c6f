package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hotline/internal/browsertest"
	"hotline/store"
	"hotline/ticket"
)

// TestDepartmentRedoInBrowser: a department's page lists its reopened
// orders (重办) apart from the new ones to sign for, each with why it came
// back (the citizen's rating and words); they were listed under 新派单
// （待签收）, though a reopened order is not signed for again, and without
// the reason.
func TestDepartmentRedoInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	now := time.Now().In(d.srv.Config.Location())
	const redo, fresh = "20261004-0001", "20261004-0002"
	const why = "市民不满意，重新审核（市民留言：3 未解决，晚上还在摆）"
	err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		at := now.AddDate(0, 0, -2)
		for _, tk := range []*ticket.Ticket{
			{Number: redo, Status: ticket.Reopened, Title: "烧烤摊占道经营", Reply: "已责令退店经营", Satisfaction: ticket.Unsatisfied,
				Events: []ticket.Event{{At: at, Actor: "bot", Action: "accept", To: ticket.Accepted},
					{At: at, Actor: "dept:市公安局/police", Action: "reply", From: ticket.Signed, To: ticket.Replied, Note: "已责令退店经营"},
					{At: now, Actor: "citizen", Action: "reopen", From: ticket.Visited, To: ticket.Reopened, Note: why}}},
			{Number: fresh, Status: ticket.Dispatched, Title: "路灯不亮",
				Events: []ticket.Event{{At: at, Actor: "bot", Action: "accept", To: ticket.Accepted},
					{At: now, Actor: "agent:wang", Action: "dispatch", From: ticket.Accepted, To: ticket.Dispatched}}},
		} {
			tk.Channel, tk.Description, tk.Type, tk.Category, tk.Department, tk.Urgency = "webchat", tk.Title, ticket.TypeComplaint, "QT", "市公安局", ticket.UrgencyNormal
			tk.ReceivedAt, tk.AcceptedAt, tk.DispatchedAt, tk.SignDue, tk.Due = at, at, now, now.AddDate(0, 0, 1), now.AddDate(0, 0, 5)
			if err := tx.PutTicket(tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	police := person(t, b)
	deskLogin(t, police, d.url, "police")
	run(t, police, "the department's page: new orders and reopened ones apart",
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#dept-new a[data-number="%s"], #dept-new a[href$="%s"]`, fresh, fresh))),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#dept-redo tr[data-number="%s"]`, redo))),
	)
	browsertest.Shot(t, police, "dept-redo")
	inNew := evalIn[string](t, police, `document.getElementById("dept-new").textContent`)
	row := evalIn[string](t, police, fmt.Sprintf(`document.querySelector('#dept-redo tr[data-number="%s"]').textContent`, redo))
	if strings.Contains(inNew, redo) {
		t.Errorf("the reopened order is listed among the new ones to sign for: %q", inNew)
	}
	if !strings.Contains(row, "晚上还在摆") || !strings.Contains(row, "重办") {
		t.Errorf("the reopened order's row %q does not say why it came back", row)
	}
}
