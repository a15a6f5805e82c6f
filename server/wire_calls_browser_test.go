package server

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hotline/internal/browsertest"
)

// TestPhoneDeskInBrowser drives the phone desk in headless Chromium: the
// switch's answered event pops the call on the agent's open console with
// the caller's history; the fields fill while the agent types the notes;
// the order is registered; a missed call lands on the callback list, is
// claimed and its result recorded; each action says what it did to whom
// (calls/confirm.go's done.* texts), never 操作成功. Screenshots go to
// $HOTLINE_ARTIFACTS.
func TestPhoneDeskInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d, _ := newCallServer(t)
	agent := person(t, b)
	deskLogin(t, agent, d.url, "wang")
	run(t, agent, "the phone desk's links are in the navigation",
		chromedp.WaitVisible(chromedp.CSS("#nav-call")),
		chromedp.WaitVisible(chromedp.CSS("#nav-callbacks")),
	)
	// calls.js is subscribed to the console's stream once the stream said
	// hello: the switch's events after that reach the page (waiting only
	// for the script, as before, let the answered call's event go out
	// before the stream was subscribed, and the pop never came).
	run(t, agent, "calls.js is listening",
		chromedp.Poll[chromedp.Void](`window.deskCalls !== undefined && window.deskCalls.listening > 0 && document.getElementById("nav-call") !== null`))

	// An earlier call from the same number, with an order, is the history.
	now := time.Now().Unix()
	earlier := fmt.Sprintf(`{"call_id":"c-earlier","event":"answered","caller":"13953706688","agent":"li","time":"%d"}`, now-3600)
	if code, out := switchEvent(t, d.url, now, callsTestSecret, earlier); code != 200 {
		t.Fatalf("earlier call: %d %v", code, out)
	}
	d.client(t, "li").must("POST", "/desk/api/calls/c-earlier/register", map[string]any{"description": "兖州区鼓楼街道供暖不热，室温只有十二度"}, 200)

	answered := fmt.Sprintf(`{"call_id":"c-now","event":"answered","caller":"+8613953706688","agent":"wang","time":"%d","recording_url":"https://pbx.example/rec/c-now.wav"}`, now)
	if code, out := switchEvent(t, d.url, now, callsTestSecret, answered); code != 200 {
		t.Fatalf("answered: %d %v", code, out)
	}
	run(t, agent, "the pop appears with the caller's history",
		chromedp.WaitVisible(chromedp.CSS("#calls-panel #call-history")),
		chromedp.WaitVisible(msgWith("calls-caller", "13953706688")),
		chromedp.WaitVisible(`//*[@id="call-history"]//li[contains(., "供暖")]`),
	)
	browsertest.Shot(t, agent, "calls-1-pop")

	run(t, agent, "the agent types and the fields fill",
		chromedp.SendKeys(chromedp.CSS("#call-note"), "市民反映任城区古槐路有烧烤摊占道经营，晚上油烟很大"),
		chromedp.Poll[chromedp.Void](`document.getElementById("call-category").value === "SRHW" && document.getElementById("call-district").value === "任城区" && document.getElementById("call-department").value === "任城区人民政府"`),
		// The category reads by its name, not its code.
		chromedp.Poll[chromedp.Void](`(function (s) { return s.tagName === "SELECT" && s.options[s.selectedIndex].text === "市容环卫"; })(document.getElementById("call-category"))`),
	)
	browsertest.Shot(t, agent, "calls-2-typing")
	run(t, agent, "the agent registers the order",
		chromedp.Click(chromedp.CSS("#call-threeway")),
		chromedp.Click(chromedp.CSS("#call-register")),
		chromedp.WaitVisible(chromedp.CSS("#call-order-link")),
		chromedp.WaitVisible(msgWith("calls-msg", "已登记 13953706688 的来电：工单 ")),
	)
	browsertest.Shot(t, agent, "calls-3-registered")

	// A missed call: the callback list.
	missed := fmt.Sprintf(`{"call_id":"c-missed","event":"missed","caller":"0537-7212345","time":"%d"}`, now)
	if code, out := switchEvent(t, d.url, now, callsTestSecret, missed); code != 200 {
		t.Fatalf("missed: %d %v", code, out)
	}
	run(t, agent, "the callback list shows the missed call",
		chromedp.Click(chromedp.CSS("#nav-callbacks")),
		chromedp.WaitVisible(`//tr[@data-call="c-missed"]/td[contains(., "0537-7212345")]`),
		chromedp.Click(`//tr[@data-call="c-missed"]//button[contains(@class, "cb-claim")]`),
		chromedp.WaitVisible(`//tr[@data-call="c-missed"]//button[contains(@class, "cb-save")]`),
		chromedp.WaitVisible(msgWith("calls-msg", "已认领 0537-7212345 的回拨，请回拨")),
	)
	browsertest.Shot(t, agent, "calls-4-callbacks")
	run(t, agent, "the agent records the result",
		chromedp.SetValue(`//tr[@data-call="c-missed"]//select`, "answered"),
		chromedp.SetValue(`//tr[@data-call="c-missed"]//input`, "市民咨询公交线路，已答复"),
		chromedp.Click(`//tr[@data-call="c-missed"]//button[contains(@class, "cb-save")]`),
		chromedp.WaitVisible(`//*[@id="calls-panel"]//p[contains(., "没有待回拨的来电")]`),
		chromedp.WaitVisible(msgWith("calls-msg", "已记录回拨 0537-7212345：已回复")),
	)
	browsertest.Shot(t, agent, "calls-5-callback-done")

	// Without a pop, the agent starts the form with the caller's number.
	run(t, agent, "the agent registers a call the switch did not report",
		chromedp.Click(chromedp.CSS("#nav-call")),
		chromedp.WaitVisible(chromedp.CSS("#call-manual-number")),
		chromedp.SetValue(chromedp.CSS("#call-manual-number"), "0537-7212345"),
		chromedp.Click(`//form[@id="call-manual"]//button`),
		chromedp.WaitVisible(msgWith("calls-caller", "0537-7212345")),
		chromedp.WaitVisible(chromedp.CSS("#call-note")),
		chromedp.WaitVisible(msgWith("calls-msg", "已开始登记 0537-7212345 的来电")),
	)
	run(t, agent, "the agent keeps the call as a note only",
		chromedp.SendKeys(chromedp.CSS("#call-note"), "市民咨询公交线路，已答复"),
		chromedp.Click(chromedp.CSS("#call-note-only")),
		chromedp.WaitVisible(msgWith("calls-msg", "已记录 0537-7212345 的来电（未登记工单）")),
	)
	generic, err := chromedp.Run(agent, chromedp.Evaluate[bool](`document.body.innerText.indexOf("操作成功") >= 0`))
	if err != nil || generic {
		t.Errorf("the phone desk says 操作成功: %v %v", generic, err)
	}
}
