package server

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestQueueByKeyboard: an agent reaches a waiting conversation with the
// keyboard (the entry takes the focus) and opens it with Enter, then
// takes it over, as with the mouse.
func TestQueueByKeyboard(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	citizen := d.client(t, "")
	tok := citizen.must("POST", "/chat/api/conversations", nil, 201)["conversation_id"].(string)
	for i, text := range []string{"任城区古槐路的垃圾箱好几天没人清运了，臭味很大", "人工"} {
		citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": text, "client_id": string(rune('a' + i))}, 200)
	}
	agent := person(t, b)
	deskLogin(t, agent, d.url, "wang")
	run(t, agent, "Enter on the focused entry opens the conversation",
		chromedp.WaitVisible(chromedp.CSS("#queue li.queue-item[tabindex]")),
		chromedp.Focus(chromedp.CSS("#queue li.queue-item")),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("#take")),
	)
	run(t, agent, "and the agent takes it over",
		chromedp.Focus(chromedp.CSS("#take")),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("#register")),
	)
}
