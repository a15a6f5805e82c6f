package server

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hotline/config"
	"hotline/internal/browsertest"
)

// vetoedText is a trap of nlp's TestEmergencyVeto: the 120 rule's words
// (吃错了药) fire, and the veto sets the flag aside as an event that is
// over (问了医生说没大事).
const vetoedText = "我家老人吃错了药 把降压药当成钙片吃了两片 问了医生说没大事 观察一下 想问问药店能不能把药分开放"

// registerThroughBot has the web-chat citizen send text, an address, a
// phone number and 确认, and returns the number of the order the bot
// registered (dispatch by hand: it waits in the office's 待派单 queue).
func registerThroughBot(t *testing.T, d *deskServer, text, phone string) string {
	t.Helper()
	citizen := d.client(t, "")
	tok := citizen.must("POST", "/chat/api/conversations", nil, 201)["conversation_id"].(string)
	for i, s := range []string{text, "任城区古槐街道幸福小区3号楼", phone, "确认"} {
		citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": s, "client_id": string(rune('a' + i))}, 200)
	}
	sent := citizen.citizenTexts(tok)
	m := orderNumberRE.FindStringSubmatch(sent)
	if m == nil {
		t.Fatalf("no order registered for %q; the citizen was sent:\n%s", text, sent)
	}
	return m[1]
}

var orderNumberRE = regexp.MustCompile(`工单号：(\d{8}-\d{4})`)

// TestSetAsideOnOrder: an order whose emergency flag the classifier's
// veto set aside is 紧急, not an emergency, and its JSON keeps what was
// set aside (the rule, the number, the words) marked set_aside, for staff
// to check the veto; an ordinary order has no reason at all.
func TestSetAsideOnOrder(t *testing.T) {
	t.Parallel()
	d := newDeskServer(t)
	office := d.client(t, "office")
	number := registerThroughBot(t, d, vetoedText, "13953706601")
	tk := office.must("GET", "/desk/api/orders/"+number, nil, 200)["ticket"].(map[string]any)
	why, _ := tk["emergency_reason"].(map[string]any)
	flags, _ := tk["flags"].(map[string]any)
	if tk["urgency"] != "紧急" || flags["emergency"] == true || tk["emergency_number"] != nil {
		t.Errorf("urgency %v, flags %v, emergency number %v; want 紧急 and no emergency", tk["urgency"], flags, tk["emergency_number"])
	}
	if why["set_aside"] != true || why["number"] != "120" || !strings.Contains(vetoedText, why["cue"].(string)) || why["cue"] == "" || why["rule"] == "" {
		t.Errorf("emergency_reason %v; want the 120 rule's flag, set aside", why)
	}
	plain := registerThroughBot(t, d, "任城区古槐路的垃圾箱好几天没人清运了，臭味很大", "13953706602")
	if tk := office.must("GET", "/desk/api/orders/"+plain, nil, 200)["ticket"].(map[string]any); tk["emergency_reason"] != nil {
		t.Errorf("an ordinary order's emergency_reason %v; want none", tk["emergency_reason"])
	}
}

// TestSetAsideInBrowser: the order page and the queue's row show the
// set-aside flag in the city's own words (console_labels.emergency.
// set_aside, overridden here), with the rule's name, the number and the
// words that fired, and no 特急 badge.
func TestSetAsideInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t, func(c *config.Config) {
		c.ConsoleLabels.Emergency.SetAside = "本市提示：{rule}／拟拨{number}／命中「{cue}」，请核实"
	})
	number := registerThroughBot(t, d, vetoedText, "13953706603")
	sup := person(t, b)
	deskLogin(t, sup, d.url, "office")
	run(t, sup, "the queue's row marks the order 疑似紧急 with the line on hover",
		chromedp.Click(chromedp.CSS(`a[data-view="wq-dispatch"]`)),
		chromedp.WaitVisible(`//tr[@data-number="`+number+`"]//span[contains(@class,"set-aside") and normalize-space(.)="疑似紧急" and starts-with(@title, "本市提示：")]`),
	)
	run(t, sup, "the order page says what was set aside",
		chromedp.Navigate(d.url+"/desk/orders/"+number),
		chromedp.WaitVisible(`//*[@id="order-why-set-aside" and contains(., "本市提示：") and contains(., "／拟拨120／命中「")]`),
	)
	line, _ := chromedp.Run(sup, chromedp.Text(chromedp.CSS("#order-why-set-aside")))
	badge, _ := chromedp.Run(sup, chromedp.Text(chromedp.CSS("h2")))
	browsertest.Shot(t, sup, "order-set-aside")
	if strings.Contains(line, "{") || strings.Contains(badge, "特急") {
		t.Errorf("line %q, heading %q; want every placeholder filled and no 特急 badge", line, badge)
	}
}

// TestSetAsideInQueue: a citizen whose message the veto set aside asks
// for a person: the conversation waits as no emergency, and its queue
// entry carries the flag set aside for the agent to check; an ordinary
// one carries none.
func TestSetAsideInQueue(t *testing.T) {
	t.Parallel()
	d := newDeskServer(t)
	for i, text := range []string{vetoedText, "任城区古槐路的垃圾箱好几天没人清运了，臭味很大"} {
		citizen := d.client(t, "")
		tok := citizen.must("POST", "/chat/api/conversations", nil, 201)["conversation_id"].(string)
		for j, s := range []string{text, "人工"} {
			citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": s, "client_id": string(rune('a' + 2*i + j))}, 200)
		}
	}
	items := d.client(t, "wang").must("GET", "/desk/api/queue", nil, 200)["queue"].([]any)
	if len(items) != 2 {
		t.Fatalf("%d conversations waiting, want 2: %v", len(items), items)
	}
	seen := 0
	for _, it := range items {
		q := it.(map[string]any)
		why, _ := q["emergency_reason"].(map[string]any)
		first := q["first_text"].(string)
		if strings.HasPrefix(first, "我家老人") || strings.HasPrefix(first, "任城区") {
			seen++
		}
		switch {
		case q["emergency"] == true:
			t.Errorf("an emergency in the queue: %v", q)
		case strings.HasPrefix(first, "我家老人") && (why["set_aside"] != true || why["number"] != "120" || why["cue"] == nil):
			t.Errorf("the set-aside conversation's reason %v; want the 120 rule's flag, set aside", why)
		case strings.HasPrefix(first, "任城区") && why != nil:
			t.Errorf("an ordinary conversation's reason %v; want none", why)
		}
	}
	if seen != 2 {
		t.Errorf("queue %v; want both conversations by their first words", items)
	}
}

// TestSetAsideInCallPanel: an agent registering a call types a note whose
// flag the veto sets aside: the live classification shows the same line
// as the order page (console_labels.emergency.set_aside, overridden here)
// and no emergency; typing on to an ordinary matter removes the line.
func TestSetAsideInCallPanel(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t, func(c *config.Config) {
		c.ConsoleLabels.Emergency.SetAside = "本市提示：{rule}／拟拨{number}／命中「{cue}」，请核实"
	})
	agent := person(t, b)
	deskLogin(t, agent, d.url, "wang")
	run(t, agent, "the agent opens 来电登记 for a line the switch does not report",
		chromedp.WaitVisible(chromedp.CSS("#nav-call")),
		chromedp.Click(chromedp.CSS("#nav-call")),
		chromedp.WaitVisible(chromedp.CSS("#call-manual-number")),
		chromedp.SendKeys(chromedp.CSS("#call-manual-number"), "13953706604"),
		chromedp.Click(`//form[@id="call-manual"]//button[@type="submit"]`),
		chromedp.WaitVisible(chromedp.CSS("#call-note")),
	)
	run(t, agent, "the note's flag set aside shows as the order page shows it",
		chromedp.SendKeys(chromedp.CSS("#call-note"), vetoedText),
		chromedp.WaitVisible(`//*[@id="call-set-aside" and contains(., "本市提示：") and contains(., "／拟拨120／命中「")]`),
	)
	line, _ := chromedp.Run(agent, chromedp.Text(chromedp.CSS("#call-set-aside")))
	conf, _ := chromedp.Run(agent, chromedp.Text(chromedp.CSS("#call-confidence")))
	browsertest.Shot(t, agent, "call-set-aside")
	if strings.Contains(line, "{") || strings.Contains(conf, "120") {
		t.Errorf("line %q, classification %q; want every placeholder filled and no emergency number", line, conf)
	}
	if _, err := chromedp.Run(agent, chromedp.Evaluate[bool](`(document.getElementById("call-note").value = "") === ""`)); err != nil {
		t.Fatal(err)
	}
	run(t, agent, "an ordinary note has no such line",
		chromedp.SendKeys(chromedp.CSS("#call-note"), "任城区古槐路的垃圾箱好几天没人清运了，臭味很大"),
		chromedp.WaitNotVisible(chromedp.CSS("#call-set-aside")),
	)
}
