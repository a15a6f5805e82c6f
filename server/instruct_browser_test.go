package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestInstructPlaceholderInBrowser: the example in a leader's 批示 form
// names the order's own department (act.instruct_placeholder's
// {department}); it named 市城市管理局 whatever the order's department.
func TestInstructPlaceholderInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	number := registerThroughBot(t, d, "任城区古槐路有人天天深夜在楼下聚众喝酒吵闹，影响休息", "13953706611")
	d.client(t, "wang").must("POST", "/desk/api/orders/"+number+"/dispatch", map[string]any{"department": "市公安局"}, 200)

	leader := person(t, b)
	deskLogin(t, leader, d.url, "mayor")
	run(t, leader, "the leader opens the 批示 form of an order dispatched to 市公安局",
		chromedp.Navigate(d.url+"/desk/orders/"+number),
		chromedp.WaitVisible(chromedp.CSS("#instruct-open")),
		chromedp.Click(chromedp.CSS("#instruct-open")),
		chromedp.WaitVisible(chromedp.CSS("#instruct-text")),
	)
	ph := evalIn[string](t, leader, `document.getElementById("instruct-text").placeholder`)
	if !strings.Contains(ph, "请市公安局") || strings.Contains(ph, "市城市管理局") {
		t.Errorf("the 批示 form's example reads %q; want it to name the order's department 市公安局", ph)
	}
}

// TestOfficeRecordsLeaderInstructionInBrowser: a supervisor records a
// leader's instruction given by phone (督办 + 领导批示件): ticking 领导批示件
// shows the leader's name field, and the history names that leader.
func TestOfficeRecordsLeaderInstructionInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	number := registerThroughBot(t, d, "任城区古槐路的路灯坏了一个多月，晚上一片漆黑", "13953706612")
	d.client(t, "wang").must("POST", "/desk/api/orders/"+number+"/dispatch", map[string]any{"department": "市城市管理局"}, 200)

	office := person(t, b)
	deskLogin(t, office, d.url, "office")
	run(t, office, "the supervisor records the mayor's instruction",
		chromedp.Navigate(d.url+"/desk/orders/"+number),
		chromedp.WaitVisible(chromedp.CSS("#sup-note")),
		chromedp.SetValue(chromedp.CSS("#sup-note"), "市领导电话批示：限期修复"),
		chromedp.Click(chromedp.CSS("#sup-instruction")),
		chromedp.WaitVisible(chromedp.CSS("#sup-leader")),
		chromedp.SendKeys(chromedp.CSS("#sup-leader"), "张明"),
		chromedp.Click(chromedp.CSS("#supervise")),
		chromedp.WaitVisible(`//ol[contains(@class,"events")]/li[@data-action="instruct" and contains(., "张明")]`),
	)
}
