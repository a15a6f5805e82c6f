package server

import (
	"testing"

	"github.com/chromedp/chromedp"

	"hotline/internal/browsertest"
)

// TestDispatchConfirmsInBrowser: the console says what an action did: a
// dispatch confirms with 已派单至 and the department (console_texts
// done.dispatch, filled from the action's answer), not a bare 操作成功.
// A leader's navigation shows what a leader reads (督办/批示, 即将超期/已超期)
// and none of the office's work queues (meta.nav_queues).
func TestDispatchConfirmsInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	number := registerThroughBot(t, d, "任城区古槐路的路灯不亮已经一个星期了，晚上走路很危险", "13953706608")

	agent := person(t, b)
	deskLogin(t, agent, d.url, "wang")
	run(t, agent, "the dispatch says where the order went",
		chromedp.Navigate(d.url+"/desk/orders/"+number),
		chromedp.WaitVisible(chromedp.CSS("#dispatch-dept")),
		chromedp.SetValue(chromedp.CSS("#dispatch-dept"), "市城市管理局"),
		chromedp.Click(chromedp.CSS("#dispatch")),
		chromedp.WaitVisible(`//div[@id="flash" and normalize-space(.)="已派单至市城市管理局"]`),
	)
	browsertest.Shot(t, agent, "dispatch-confirmed")

	mayor := person(t, b)
	deskLogin(t, mayor, d.url, "mayor")
	run(t, mayor, "a leader's navigation",
		chromedp.WaitVisible(chromedp.CSS(`#nav a[data-view="wq-supervised"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#nav a[data-view="wq-due"]`)),
	)
	shown := evalIn[[]string](t, mayor, `Array.from(document.querySelectorAll('#nav a[data-view^="wq-"]')).map(function (a) { return a.getAttribute("data-view"); })`)
	browsertest.Shot(t, mayor, "leader-nav")
	if len(shown) != 2 || shown[0] != "wq-due" || shown[1] != "wq-supervised" {
		t.Errorf("a leader's navigation shows the queues %v, want [wq-due wq-supervised]", shown)
	}
}
