package server

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestWorkQueuesInBrowser: the supervisor's navigation shows the 待派单
// count, the queue view lists the held order with its suggested
// department, reason and time left, and the count goes up live when the
// bot registers another order that waits for the office.
func TestWorkQueuesInBrowser(t *testing.T) {
	b := browser(t)
	d := newDeskServer(t)
	dir := artifacts(t)
	citizen := d.client(t, "")
	chat := func(texts ...string) {
		tok := citizen.must("POST", "/chat/api/conversations", nil, 201)["conversation_id"].(string)
		for i, text := range texts {
			citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": text, "client_id": string(rune('a' + i))}, 200)
		}
	}
	chat("任城区古槐路的垃圾箱好几天没人清运了，臭味很大", "13953706688", "确认")

	sup := person(t, b)
	deskLogin(t, sup, d.url, "office")
	run(t, sup, "the navigation counts 待派单",
		chromedp.WaitVisible(`//a[@data-view="wq-dispatch"]/span[@data-queue="dispatch" and normalize-space(.)="1"]`),
		chromedp.Click(chromedp.CSS(`a[data-view="wq-dispatch"]`)),
		chromedp.WaitVisible(chromedp.CSS("#wq-dispatch table.orders")),
		chromedp.WaitVisible(msgWith("hold", "未开启自动派单")),
		chromedp.WaitVisible(`//td[contains(@class, "left") and contains(., "剩余")]`),
		chromedp.WaitVisible(`//td[contains(., "任城区人民政府")]`),
	)
	shot(t, sup, dir, "queues-1-dispatch")
	chat("兖州区鼓楼街道的垃圾桶满了好几天没人清理", "13953706677", "确认")
	run(t, sup, "the count and the list follow the new order live",
		chromedp.WaitVisible(`//span[@data-queue="dispatch" and normalize-space(.)="2"]`),
		chromedp.WaitVisible(`//td[contains(., "兖州区人民政府")]`),
	)
	shot(t, sup, dir, "queues-2-live")
}
