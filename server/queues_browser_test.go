package server

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hotline/internal/browsertest"
)

// TestWorkQueuesInBrowser: the supervisor's navigation shows the 待派单
// count, the queue view lists the held order with its suggested
// department, reason and the working days left (as on the order's
// page), and the count goes up live when the
// bot registers another order that waits for the office; the district
// filter narrows the list to one of them, or (未识别区县) to the order no
// district was found for, as 工单查询's does.
func TestWorkQueuesInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
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
		chromedp.WaitVisible(`//td[contains(@class, "left") and starts-with(normalize-space(.), "剩余 ") and contains(., " 个工作日")]`),
		chromedp.WaitVisible(`//td[contains(., "任城区人民政府")]`),
	)
	browsertest.Shot(t, sup, "queues-1-dispatch")
	chat("兖州区鼓楼街道的垃圾桶满了好几天没人清理", "13953706677", "确认")
	run(t, sup, "the count and the list follow the new order live",
		chromedp.WaitVisible(`//span[@data-queue="dispatch" and normalize-space(.)="2"]`),
		chromedp.WaitVisible(`//td[contains(., "兖州区人民政府")]`),
	)
	browsertest.Shot(t, sup, "queues-2-live")

	// The dispatcher narrows 待派单 to one district; the filter stays in
	// the address over a reload, and clearing it lists both again.
	pick := func(id, value string) {
		t.Helper()
		evalIn[bool](t, sup, `(function () { var s = document.getElementById("`+id+`"); s.value = "`+value+`"; s.dispatchEvent(new Event("change")); return s.value === "`+value+`"; })()`)
	}
	rows := `document.querySelectorAll("#wq-dispatch tbody tr").length`
	pick("wq-f-district", "兖州区")
	run(t, sup, "filtered by district",
		chromedp.WaitVisible(chromedp.CSS("#wq-filtered")),
		chromedp.Poll[chromedp.Void](rows+` === 1 && document.getElementById("wq-filtered").textContent === "筛选出 1 件，共 2 件"`),
		chromedp.WaitVisible(`//tbody//td[contains(., "兖州区人民政府")]`),
	)
	browsertest.Shot(t, sup, "queues-3-filtered")
	if search := evalIn[string](t, sup, `location.search`); !strings.Contains(search, "district=") {
		t.Errorf("the address %q does not keep the filter", search)
	}
	run(t, sup, "the filter kept over a reload",
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS("#wq-dispatch tbody tr")),
		chromedp.Poll[chromedp.Void](`document.getElementById("wq-f-district").value === "兖州区" && `+rows+` === 1`),
	)
	pick("wq-f-district", "")
	run(t, sup, "the filter cleared",
		chromedp.Poll[chromedp.Void](rows+` === 2 && document.getElementById("wq-filtered").hidden`),
	)

	// An order the classifier could not place (no district) is what the
	// dispatcher fixes first: 未识别区县 (meta.no_district, its words in
	// console_texts) finds it in the queue and in 工单查询.
	chat("人民路和建设路交叉口的路灯坏了好几天了，晚上很黑", "13953706655", "确认")
	run(t, sup, "the third order arrives",
		chromedp.WaitVisible(`//span[@data-queue="dispatch" and normalize-space(.)="3"]`),
		chromedp.Poll[chromedp.Void](rows+` === 3`),
	)
	if got := evalIn[string](t, sup, `(function (s) { return Array.prototype.map.call(s.options, function (o) { return o.text; }).slice(0, 2).join("|"); })(document.getElementById("wq-f-district"))`); got != "全部区县|未识别区县" {
		t.Errorf("the queue's district filter offers %q first, want 全部区县 then 未识别区县", got)
	}
	noDistrict := evalIn[string](t, sup, `document.getElementById("wq-f-district").options[1].value`)
	pick("wq-f-district", noDistrict)
	run(t, sup, "filtered to the orders without a district",
		chromedp.Poll[chromedp.Void](rows+` === 1 && document.getElementById("wq-filtered").textContent === "筛选出 1 件，共 3 件"`),
		chromedp.WaitVisible(`//tbody//td[contains(., "路灯")]`),
	)
	browsertest.Shot(t, sup, "queues-4-no-district")
	run(t, sup, "工单查询 offers the same choice",
		chromedp.Click(chromedp.CSS(`#nav a[data-view="orders"]`)),
		chromedp.WaitVisible(chromedp.CSS("#f-district")),
		chromedp.WaitVisible(chromedp.CSS("#orders-list tbody tr")),
	)
	pick("f-district", noDistrict)
	run(t, sup, "工单查询 narrowed to the order without a district",
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#orders-list tbody tr").length === 1 && document.getElementById("orders-list").textContent.indexOf("路灯") >= 0`),
	)
	if got := evalIn[string](t, sup, `document.getElementById("f-district").options[1].text`); got != "未识别区县" {
		t.Errorf("工单查询's district filter offers %q second, want 未识别区县", got)
	}
	browsertest.Shot(t, sup, "queues-5-search-no-district")
}

// TestEmergencyRegisterFormInBrowser: the agent who takes a fire report
// sees every field of the order before registering it: the emergency
// desk of the 119 rule (not the category model's department) and the
// address the citizen sent after the first message. The queue entry, the
// conversation and the order say why it was flagged: 119, the words that
// fired and the rule (its name on hover in the queue).
func TestEmergencyRegisterFormInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	citizen := d.client(t, "")
	tok := citizen.must("POST", "/chat/api/conversations", nil, 201)["conversation_id"].(string)
	for i, text := range []string{"小区3号楼着火了，有人被困", "地址是任城区古槐街道幸福小区"} {
		citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": text, "client_id": string(rune('a' + i))}, 200)
	}
	agent := person(t, b)
	deskLogin(t, agent, d.url, "wang")
	run(t, agent, "the queue entry says why",
		chromedp.WaitVisible(`//li[contains(@class,"queue-item")]//span[contains(@class,"why-number") and normalize-space(.)="119"]`))
	cue, _ := chromedp.Run(agent, chromedp.Text(chromedp.CSS("#queue .queue-item .why-cue")))
	rule, _ := chromedp.Run(agent, chromedp.AttributeValue(chromedp.CSS("#queue .queue-item .why-part"), "title"))
	if !strings.Contains(cue, "着火") || !strings.HasPrefix(rule.Value, "触发规则：") {
		t.Fatalf("queue entry: cue %q, title %q", cue, rule.Value)
	}
	run(t, agent, "the agent takes the emergency and sees the proposed order",
		chromedp.Click(chromedp.CSS("#queue .queue-item")),
		chromedp.WaitVisible(chromedp.CSS("#take")),
		chromedp.Click(chromedp.CSS("#take")),
		chromedp.WaitVisible(chromedp.CSS("#reg-emergency")),
		chromedp.WaitVisible(`//div[@id="conv-why"]//span[contains(@class,"why-number") and normalize-space(.)="119"]`),
	)
	// The rule is named in the city's words; its code (a Latin word such
	// as "fire") is no word for staff.
	why, _ := chromedp.Run(agent, chromedp.Text(chromedp.CSS("#conv-why")))
	if !strings.Contains(why, "触发规则：") || regexp.MustCompile(`[A-Za-z]`).MatchString(why) {
		t.Errorf("the conversation's reason %q; want the rule's name without its code", why)
	}
	dept, _ := chromedp.Run(agent, chromedp.Value(chromedp.CSS("#reg-department")))
	addr, _ := chromedp.Run(agent, chromedp.Value(chromedp.CSS("#reg-address")))
	desc, _ := chromedp.Run(agent, chromedp.Value(chromedp.CSS("#reg-desc")))
	browsertest.Shot(t, agent, "emergency-register-form")
	if dept != "市长公开电话办公室应急值守席" || !strings.Contains(addr, "幸福小区") || !strings.Contains(desc, "着火") || !strings.Contains(desc, "幸福小区") {
		t.Fatalf("form: department %q, address %q, description %q", dept, addr, desc)
	}
	run(t, agent, "the agent corrects the address and registers",
		chromedp.SetValue(chromedp.CSS("#reg-address"), "任城区古槐街道幸福小区3号楼"),
		chromedp.Click(chromedp.CSS("#register")),
		chromedp.WaitVisible(`//*[contains(., "幸福小区3号楼")]`),
		chromedp.WaitVisible(`//*[@id="order-why"]//span[contains(@class,"why-cue") and contains(., "着火")]`),
		chromedp.WaitVisible(`//h2//span[contains(@class,"badge") and normalize-space(.)="特急 119" and starts-with(@title, "应拨打 119")]`),
	)
}
