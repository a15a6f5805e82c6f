package server

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hotline/internal/browsertest"
)

// TestHandedChatAlertsInBrowser: a chat an agent hands over (转交) to a
// leader, whose console opens on 督办/批示 without the queue's alerts,
// tells the leader at once, with a note that stays and links to the chat;
// the leader's console said nothing, and the citizen waited for someone
// who did not know.
func TestHandedChatAlertsInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)

	mayor := person(t, b)
	deskLogin(t, mayor, d.url, "mayor")
	run(t, mayor, "the leader's console opens on its own page",
		chromedp.WaitVisible(chromedp.CSS(`#nav a[data-view="wq-supervised"]`)),
	)

	citizen := d.client(t, "")
	tok := citizen.must("POST", "/chat/api/conversations", nil, 201)["conversation_id"].(string)
	for i, s := range []string{"我想向领导反映，任城区古槐街道的老旧小区改造拖了两年还没动工，电话13953706688", "人工"} {
		citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": s, "client_id": fmt.Sprint("m", i)}, 200)
	}
	wang := d.client(t, "wang")
	conv := "/desk/api/conversations/webchat:" + tok
	wang.must("POST", conv+"/take", nil, 200)
	wang.must("POST", conv+"/transfer", map[string]string{"to": "mayor"}, 200)

	run(t, mayor, "the leader is told, with the link to the chat",
		chromedp.WaitVisible(`//div[@id="flash" and contains(., "转交给您")]//a[@id="handed-open"]`),
	)
	browsertest.Shot(t, mayor, "handed-1-told")
	alerted := evalIn[int](t, mayor, `window.deskAlerts.filter(function (a) { return a.title.indexOf("转交给您") >= 0; }).length`)
	if alerted != 1 {
		t.Errorf("%d alerts of the handed chat, want 1", alerted)
	}
	evalIn[bool](t, mayor, `(document.getElementById("handed-open").click(), true)`)
	run(t, mayor, "the link opens the chat, which the leader holds",
		chromedp.WaitVisible(msgWith("msg", "老旧小区改造")),
	)
	loc, err := chromedp.Run(mayor, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil || !strings.HasPrefix(u.Path, "/desk/conversations/") {
		t.Errorf("the link went to %s", loc)
	}
}
