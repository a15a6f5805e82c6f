package server

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hotline/config"
	"hotline/internal/browsertest"
	"hotline/store"
	"hotline/ticket"
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
	// The second order was dispatched co_reply_days + 1 working days ago,
	// as far as its history says: its co-department's time has passed,
	// whatever holidays today follows.
	cal := testCalendar(t, d.srv.Config)
	if err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		tk, err := tx.Ticket(late)
		if err != nil {
			return err
		}
		back := backDated(cal, tk.DispatchedAt, d.srv.Config.TimeLimits.CoReplyDays+1).Sub(tk.DispatchedAt)
		tk.DispatchedAt = tk.DispatchedAt.Add(back)
		for i := range tk.Events {
			if tk.Events[i].Action == "dispatch" {
				tk.Events[i].At = tk.Events[i].At.Add(back)
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

// testCalendar is the working-day calendar the server builds from cfg.
func testCalendar(t testing.TB, cfg *config.Config) *ticket.Calendar {
	t.Helper()
	cal, err := ticket.NewCalendar(cfg.Calendar, cfg.Location())
	if err != nil {
		t.Fatal(err)
	}
	return cal.WithWorkdayEnd(cfg.TimeLimits.WorkdayEndHour)
}

// backDated returns t moved back, in whole calendar days, until at least
// n working days of cal lie after its date up to t's date: a deadline of
// fewer than n working days from it has passed by t, holidays or not.
func backDated(cal *ticket.Calendar, t time.Time, n int) time.Time {
	for days := 1; ; days++ {
		if b := t.AddDate(0, 0, -days); cal.WorkingDaysBetween(b, t) >= n {
			return b
		}
	}
}

// TestBackDatedCoDispatch: the dispatch TestCoHandlingInBrowser moves back
// makes the co-department late on every date of 2026 and 2027, the
// Spring Festival, May Day and National Day weeks included (where moving
// it back 7 calendar days does not).
func TestBackDatedCoDispatch(t *testing.T) {
	t.Parallel()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cal := testCalendar(t, cfg)
	n := cfg.TimeLimits.CoReplyDays
	if n <= 0 {
		t.Fatalf("co_reply_days is %d in the default config", n)
	}
	loc := cfg.Location()
	weekLate := 0
	for day := time.Date(2026, 1, 1, 0, 0, 0, 0, loc); day.Year() < 2028; day = day.AddDate(0, 0, 1) {
		for _, hour := range []int{0, 9, 17, 23} {
			now := day.Add(time.Duration(hour) * time.Hour)
			if due := cal.AddWorkingDays(backDated(cal, now, n+1), n); !due.Before(now) {
				t.Errorf("now %s: dispatched at %s, the co-department is due %s, not late",
					now.Format(time.DateTime), backDated(cal, now, n+1).Format(time.DateTime), due.Format(time.DateTime))
			}
			if !cal.AddWorkingDays(now.AddDate(0, 0, -7), n).Before(now) {
				weekLate++
			}
		}
	}
	// The dates the reviewer found: a week back is not late on them.
	for _, d := range []string{"2026-10-05", "2026-10-08", "2027-02-09", "2027-02-16"} {
		now, err := time.ParseInLocation(time.DateOnly, d, loc)
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(12 * time.Hour)
		if cal.AddWorkingDays(now.AddDate(0, 0, -7), n).Before(now) {
			t.Errorf("%s: a dispatch 7 days back is late already; the calendar lost its holidays", d)
		}
	}
	t.Logf("moving the dispatch back 7 days is not late at %d of the times checked", weekLate)
}
