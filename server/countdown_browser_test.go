package server

import (
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"hotline/internal/browsertest"
)

// TestDepartmentCountdownInBrowser: a department's new order shows the
// sign deadline it must meet first, and its time limit with the working
// days left (due.days_left), on the department's page and on the order's.
func TestDepartmentCountdownInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	number := registerThroughBot(t, d, "任城区古槐路的路灯不亮已经一个星期了，晚上走路很危险", "13953706605")
	d.client(t, "wang").must("POST", "/desk/api/orders/"+number+"/dispatch", map[string]any{"department": "市城市管理局"}, 200)

	clerk := person(t, b)
	deskLogin(t, clerk, d.url, "city")
	row := `//section[@id="dept-new"]//tr[@data-number="` + number + `"]`
	run(t, clerk, "the new order shows its sign deadline and the working days left",
		chromedp.WaitVisible(row+`//div[contains(@class,"due-sign")]`),
		chromedp.WaitVisible(row+`//small[contains(@class,"days-left")]`),
	)
	left, err := chromedp.Run(clerk, chromedp.Text(row+`//small[contains(@class,"days-left")]`))
	browsertest.Shot(t, clerk, "dept-countdown")
	workingDays := regexp.MustCompile(`^剩余 [1-9][0-9]* 个工作日$`)
	if err != nil || !workingDays.MatchString(left) {
		t.Errorf("the list's countdown %q (%v); want 剩余 N 个工作日", left, err)
	}
	run(t, clerk, "the order page shows the same",
		chromedp.Navigate(d.url+"/desk/orders/"+number),
		chromedp.WaitVisible(`//table[contains(@class,"kv")]//td//small[contains(@class,"days-left")]`),
	)
	if page, err := chromedp.Run(clerk, chromedp.Text(`//table[contains(@class,"kv")]//td//small[contains(@class,"days-left")]`)); err != nil || page != left {
		t.Errorf("the order page's countdown %q (%v); want %q", page, err, left)
	}
}
