package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hotline/internal/browsertest"
)

// TestReturnedOrderInBrowser: a department returns a mis-dispatched order
// with its reason; the dispatcher's order page says who returned it, when
// and why above the dispatch form, and picks the department the routing
// rules give, which the dispatcher confirms with one click.
func TestReturnedOrderInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	number := registerThroughBot(t, d, "任城区古槐路的路灯不亮已经一个星期了，晚上走路很危险", "13953706606")
	d.client(t, "wang").must("POST", "/desk/api/orders/"+number+"/dispatch", map[string]any{"department": "市公安局"}, 200)
	d.client(t, "police").must("POST", "/desk/api/orders/"+number+"/return", map[string]any{"reason": "路灯不归公安管，请派城管"}, 200)

	agent := person(t, b)
	deskLogin(t, agent, d.url, "wang")
	run(t, agent, "the returned order says why and suggests where",
		chromedp.Navigate(d.url+"/desk/orders/"+number),
		chromedp.WaitVisible(`//p[@id="return-notice" and contains(., "路灯不归公安管，请派城管") and contains(., "市公安局")]`),
		chromedp.WaitVisible(`//span[@id="return-route" and contains(., "市城市管理局")]`),
	)
	picked, _ := chromedp.Run(agent, chromedp.Value(chromedp.CSS("#dispatch-dept")))
	browsertest.Shot(t, agent, "returned-order")
	if picked != "市城市管理局" {
		t.Fatalf("dispatch form picks %q; want the routing rules' 市城市管理局", picked)
	}
	run(t, agent, "the dispatcher confirms",
		chromedp.Click(chromedp.CSS("#dispatch")),
		chromedp.WaitVisible(chromedp.CSS(`#order-status[data-status="dispatched"]`)),
	)
	tk := d.client(t, "office").must("GET", "/desk/api/orders/"+number, nil, 200)["ticket"].(map[string]any)
	if tk["department"] != "市城市管理局" || !strings.Contains(tk["status"].(string), "dispatched") {
		t.Errorf("after the dispatch: %v %v", tk["department"], tk["status"])
	}
}

// TestMergedRepeatLinksItsOriginalInBrowser: the page of a repeat merged
// into another order (并单) links that order, which opens with one click.
func TestMergedRepeatLinksItsOriginalInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	original := registerThroughBot(t, d, "任城区古槐路与建设路路口的井盖丢了，晚上很危险", "13953706608")
	repeat := registerThroughBot(t, d, "任城区古槐路建设路口井盖没了，太危险了", "13953706609")
	d.client(t, "wang").must("POST", "/desk/api/orders/"+repeat+"/merge", map[string]string{"into": original}, 200)

	agent := person(t, b)
	deskLogin(t, agent, d.url, "wang")
	run(t, agent, "the repeat links the order it was merged into, which opens",
		chromedp.Navigate(d.url+"/desk/orders/"+repeat),
		chromedp.WaitVisible(`//a[@id="order-repeat-of" and .="`+original+`"]`),
		chromedp.Click(chromedp.CSS("#order-repeat-of")),
		chromedp.WaitVisible(`//span[@id="order-number" and .="`+original+`"]`),
	)
}

// TestMergeIntoItself: merging an order into itself is refused as such
// (rule_errors.merge_self), not as a malformed number, and a number with
// spaces around it is read.
func TestMergeIntoItself(t *testing.T) {
	t.Parallel()
	d := newDeskServer(t)
	number := registerThroughBot(t, d, "任城区古槐路的路灯不亮已经一个星期了，晚上走路很危险", "13953706607")
	agent := d.client(t, "wang")
	code, body := agent.call("POST", "/desk/api/orders/"+number+"/merge", map[string]string{"into": " " + number + " "})
	msg, _ := body["error"].(map[string]any)["message"].(string)
	if code != 422 || !strings.Contains(msg, "不能并入自身") {
		t.Errorf("merge into itself: %d %q; want 422 不能并入自身", code, msg)
	}
}
