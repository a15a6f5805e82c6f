package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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
