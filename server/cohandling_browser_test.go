package server

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hotline/internal/browsertest"
	"hotline/store"
)

// TestCoHandlingInBrowser: an order led by 市城市管理局 with 市公安局
// co-handling (协办). The co-department's clerk gives its part (协办意见)
// on the order page; the lead department's clerk reads it on the same
// page before replying; the supervision desk lists, under 协办超期, an
// order whose co-department let co_reply_days working days pass.
func TestCoHandlingInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	given := registerThroughBot(t, d, "任城区古槐路有烧烤摊占道经营，晚上油烟很大", "13953706611")
	late := registerThroughBot(t, d, "任城区金宇路有人占道摆摊，堵住了人行道", "13953706612")
	wang := d.client(t, "wang")
	for _, n := range []string{given, late} {
		wang.must("POST", "/desk/api/orders/"+n+"/dispatch", map[string]any{"department": "市城市管理局", "co": []string{"市公安局"}}, 200)
	}
	// The second order was dispatched a week ago, as far as its history
	// says: its co-department's time has passed.
	if err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		tk, err := tx.Ticket(late)
		if err != nil {
			return err
		}
		week := -7 * 24 * time.Hour
		tk.DispatchedAt = tk.DispatchedAt.Add(week)
		for i := range tk.Events {
			if tk.Events[i].Action == "dispatch" {
				tk.Events[i].At = tk.Events[i].At.Add(week)
			}
		}
		return tx.PutTicket(tk)
	}); err != nil {
		t.Fatal(err)
	}

	police := person(t, b)
	deskLogin(t, police, d.url, "police")
	run(t, police, "the co-department gives its part",
		chromedp.Navigate(d.url+"/desk/orders/"+given),
		chromedp.WaitVisible(`//ul[@id="order-co-parts"]/li[@data-department="市公安局" and @data-given="0"]`),
		chromedp.WaitVisible(chromedp.CSS("#co-reply-text")),
		chromedp.SendKeys(chromedp.CSS("#co-reply-text"), "经核实，该摊位夜间占道，我局已安排民警配合劝离"),
		chromedp.Click(chromedp.CSS("#co-reply")),
		chromedp.WaitVisible(`//*[contains(., "已提交协办意见，已告知主办单位")]`),
		chromedp.WaitVisible(`//ul[@id="order-co-parts"]/li[@data-department="市公安局" and @data-given="1" and contains(., "民警配合劝离")]`),
	)
	browsertest.Shot(t, police, "cohandling-1-given")

	city := person(t, b)
	deskLogin(t, city, d.url, "city")
	run(t, city, "the lead department reads it before replying",
		chromedp.Navigate(d.url+"/desk/orders/"+given),
		chromedp.WaitVisible(`//ul[@id="order-co-parts"]/li[contains(., "市公安局") and contains(., "民警配合劝离")]`),
		chromedp.WaitVisible(`//ol[contains(@class, "events")]/li[@data-action="co_reply" and contains(., "协办意见")]`),
	)
	browsertest.Shot(t, city, "cohandling-2-lead")

	office := person(t, b)
	deskLogin(t, office, d.url, "office")
	run(t, office, "the supervision desk lists the late co-handling",
		chromedp.WaitVisible(`//section[@id="sup-co-late"]//li[@data-number="`+late+`" and contains(., "市公安局")]`),
	)
	browsertest.Shot(t, office, "cohandling-3-late")
	if n, err := chromedp.Run(office, chromedp.Evaluate[int](`document.querySelectorAll('#sup-co-late li[data-number="`+given+`"]').length`)); err != nil || n != 0 {
		t.Errorf("the order whose part was given is listed late: %d %v", n, err)
	}
}
