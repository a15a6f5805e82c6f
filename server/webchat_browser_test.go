package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hotline/config"
)

// TestWebChatOverLongMessageKeepsTheText: a message over bot.max_text_len
// stays in the box, and the page says the limit and the count; the API
// refuses it with both too.
func TestWebChatOverLongMessageKeepsTheText(t *testing.T) {
	t.Parallel()
	d := newDeskServer(t)
	citizen := d.client(t, "")
	start := citizen.must("POST", "/chat/api/conversations", nil, 201)
	if start["max_text_len"] != float64(4000) {
		t.Errorf("the page is not told the limit: %v", start["max_text_len"])
	}
	long := strings.Repeat("堆", 4001)
	code, body := citizen.call("POST", "/chat/api/messages", map[string]string{"conversation_id": start["conversation_id"].(string), "text": long})
	msg, _ := body["error"].(map[string]any)["message"].(string)
	if code != 400 || !strings.Contains(msg, "4001") || !strings.Contains(msg, "4000") {
		t.Errorf("API: %d %q, want 400 naming 4001 and 4000", code, msg)
	}

	b := browser(t)
	page := person(t, b)
	run(t, page, "the citizen sends an over-long message",
		chromedp.Navigate(d.url+"/chat/"),
		chromedp.WaitVisible(chromedp.CSS(".msg.bot")),
		chromedp.SetValue(chromedp.CSS("#text"), long),
		chromedp.Click(chromedp.CSS("#send")),
		chromedp.WaitVisible(`//*[@id="notice" and contains(., "共 4001 字") and contains(., "最多 4000 字")]`),
		chromedp.WaitVisible(`//*[@id="count" and contains(@class, "over")]`),
	)
	kept, err := chromedp.Run(page, chromedp.Value(chromedp.CSS("#text")))
	if err != nil || kept != long {
		t.Errorf("the text box holds %d characters after the refusal (err %v), want the %d typed", len([]rune(kept)), err, 4001)
	}
}

// TestWebChatAgentGreetingInBrowser: when an agent takes the chat, the
// greeting the citizen reads is labelled as the agent's
// (replies.agent_label: 人工客服 and the display name or, without one, the
// agent's number on the switch), not as the bot's.
func TestWebChatAgentGreetingInBrowser(t *testing.T) {
	t.Parallel()
	d := newDeskServer(t, func(c *config.Config) { c.Calls.Agents = map[string]string{"8001": "wang"} })
	b := browser(t)
	page := person(t, b)
	run(t, page, "the citizen asks for a person",
		chromedp.Navigate(d.url+"/chat/"),
		chromedp.WaitVisible(chromedp.CSS(".msg.bot")),
		chromedp.SetValue(chromedp.CSS("#text"), "人工"),
		chromedp.Click(chromedp.CSS("#send")),
		// The bot's answer (to_agent) comes once the chat is queued.
		chromedp.WaitVisible(`(//div[contains(@class,"msg") and contains(@class,"bot")])[2]`),
	)
	agent := d.client(t, "wang")
	queue, _ := agent.must("GET", "/desk/api/queue", nil, 200)["queue"].([]any)
	if len(queue) != 1 {
		t.Fatalf("queue %v", queue)
	}
	id := queue[0].(map[string]any)["id"].(string)
	agent.must("POST", "/desk/api/conversations/"+id+"/take", nil, 200)
	run(t, page, "the agent's greeting, labelled as the agent's",
		chromedp.WaitVisible(`//div[contains(@class,"msg") and contains(@class,"agent")]/span[@class="who" and normalize-space(.)="人工客服 8001"]`),
	)
	bots := evalIn[[]string](t, page, `Array.from(document.querySelectorAll(".msg.bot")).map(function (m) { return m.textContent; })`)
	for _, m := range bots {
		if strings.Contains(m, "很高兴为您服务") {
			t.Errorf("the greeting is shown as the bot's: %q", m)
		}
	}
}

// TestWebChatTextsFromConfigInBrowser: a city's webchat_texts reach what
// the citizen reads, the page's (a button) and the script's (a speaker's
// name, the over-long notice and its count), and the quick button for a
// person sends the first of bot.human_commands, which the bot takes.
func TestWebChatTextsFromConfigInBrowser(t *testing.T) {
	t.Parallel()
	d := newDeskServer(t, func(c *config.Config) {
		c.WebchatTexts["quick.human"] = "联系客服"
		c.WebchatTexts["who.bot"] = "小济"
		c.WebchatTexts["who.citizen"] = "市民"
		c.WebchatTexts["notice.too_long"] = "超出字数：{n}，上限 {max}"
		c.Bot.MaxTextLen = 20
		c.Bot.HumanCommands = []string{"找客服", "人工"}
	})
	b := browser(t)
	page := person(t, b)
	run(t, page, "the citizen reads the city's words and asks for a person",
		chromedp.Navigate(d.url+"/chat/"),
		chromedp.WaitVisible(`//div[contains(@class,"msg") and contains(@class,"bot")]/span[@class="who" and .="小济"]`),
		chromedp.SetValue(chromedp.CSS("#text"), strings.Repeat("堆", 21)),
		chromedp.Click(chromedp.CSS("#send")),
		chromedp.WaitVisible(`//*[@id="notice" and .="超出字数：21，上限 20"]`),
		chromedp.Click(`//nav[@class="quick"]/button[.="联系客服"]`),
		chromedp.WaitVisible(`//div[contains(@class,"msg") and contains(@class,"citizen")][span[@class="who" and .="市民"]][contains(., "找客服")]`),
		chromedp.WaitVisible(`(//div[contains(@class,"msg") and contains(@class,"bot")])[2]`),
	)
	agent := d.client(t, "wang")
	if queue, _ := agent.must("GET", "/desk/api/queue", nil, 200)["queue"].([]any); len(queue) != 1 {
		t.Errorf("the quick button's 找客服 did not queue the chat for a person: %v", queue)
	}
}
