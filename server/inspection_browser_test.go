package server

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hotline/config"
	"hotline/internal/browsertest"
)

// TestInspectionInBrowser drives 质检 in headless Chromium: the supervisor
// draws today's closed orders on the 质检 page, scores the one drawn on
// the configured items (答复规范, 办理实效, 回访真实) with a note, and the
// page says what was done; the department whose order it is reads the
// score on its own 质检 page, without the office's sampling form.
func TestInspectionInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	citizen := d.client(t, "")
	tok := citizen.must("POST", "/chat/api/conversations", nil, 201)["conversation_id"].(string)
	for i, text := range []string{"人民路和建设路交叉口的路灯坏了好几天了，晚上很黑", "13953706688", "确认"} {
		citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": text, "client_id": string(rune('a' + i))}, 200)
	}
	office, agent := d.client(t, "office"), d.client(t, "wang")
	items := office.must("GET", "/desk/api/queues/dispatch", nil, 200)["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("待派单: %v", items)
	}
	number := items[0].(map[string]any)["number"].(string)
	// Answered and rated: closed today.
	agent.must("POST", "/desk/api/orders/"+number+"/edit", map[string]any{"field": "department", "value": "市城市管理局"}, 200)
	agent.must("POST", "/desk/api/orders/"+number+"/answer", map[string]string{"text": "已告知市民报修渠道"}, 200)
	agent.must("POST", "/desk/api/orders/"+number+"/rate", map[string]any{"satisfaction": "满意", "solved": true}, 200)
	cfg, _ := config.Default()
	today := time.Now().In(cfg.Location()).Format("2006-01-02")

	sup := person(t, b)
	deskLogin(t, sup, d.url, "office")
	run(t, sup, "the supervisor draws today's closed orders",
		chromedp.Click(chromedp.CSS(`#nav a[data-view="inspection"]`)),
		chromedp.WaitVisible(chromedp.CSS("#insp-sample")),
		chromedp.SetValue(chromedp.CSS("#insp-from"), today),
		chromedp.SetValue(chromedp.CSS("#insp-to"), today),
		chromedp.Click(chromedp.CSS("#insp-draw")),
		chromedp.WaitVisible(`//div[@id="flash" and normalize-space(.)="已抽取 1 件待质检（`+today+` 至 `+today+` 办结）"]`),
		chromedp.WaitVisible(`//table[@id="insp-pending"]//tr[@data-number="`+number+`"]`),
	)
	browsertest.Shot(t, sup, "inspection-1-drawn")
	row := `//table[@id="insp-pending"]//tr[@data-number="` + number + `"]`
	run(t, sup, "the supervisor scores it",
		chromedp.SetValue(row+`//input[@data-item="reply"]`, "35"),
		chromedp.SetValue(row+`//input[@data-item="effect"]`, "40"),
		chromedp.SetValue(row+`//input[@data-item="visit"]`, "20"),
		chromedp.SetValue(row+`//input[contains(@class, "insp-note")]`, "答复用语不够规范"),
		chromedp.Click(row+`//button`),
		chromedp.WaitVisible(`//div[@id="flash" and normalize-space(.)="已评分 `+number+`：95 / 100 分"]`),
		chromedp.WaitVisible(`//table[@id="insp-scored"]//tr[@data-number="`+number+`"]/td[contains(@class, "insp-total") and normalize-space(.)="95 / 100"]`),
	)
	browsertest.Shot(t, sup, "inspection-2-scored")

	dept := person(t, b)
	deskLogin(t, dept, d.url, "city")
	run(t, dept, "the department reads its score",
		chromedp.Click(chromedp.CSS(`#nav a[data-view="inspection"]`)),
		chromedp.WaitVisible(`//table[@id="insp-scored"]//tr[@data-number="`+number+`"]//td[contains(., "答复用语不够规范")]`),
	)
	browsertest.Shot(t, dept, "inspection-3-department")
	if form := evalIn[bool](t, dept, `document.getElementById("insp-sample") !== null || document.getElementById("insp-pending") !== null`); form {
		t.Error("a department sees the office's sampling form or the orders not scored")
	}
	if text := evalIn[string](t, dept, `document.getElementById("inspection").textContent`); !strings.Contains(text, "答复规范") {
		t.Errorf("the department's page does not name the items: %q", text)
	}
}
