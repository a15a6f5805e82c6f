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
// who did not know. The leader answers neither the chat queue nor the
// phone: their navigation has neither (meta.can's chat_queue and
// phone_desk, the routes' groups), only their own chats (我接听的会话),
// which list the handed chat and not the one still waiting; the server
// answers them the same and refuses them a waiting chat and the phone
// desk.
func TestHandedChatAlertsInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)

	mayor := person(t, b)
	deskLogin(t, mayor, d.url, "mayor")
	run(t, mayor, "the leader's console opens on its own page",
		chromedp.WaitVisible(chromedp.CSS(`#nav a[data-view="wq-supervised"]`)),
	)

	if pick := evalIn[string](t, mayor, `(document.querySelector('#nav a[data-view="queue"]').click(), document.getElementById("conv").textContent)`); pick != "话务员转交给您的会话会列在左侧，点击即可打开。" {
		t.Errorf("the leader's own chats, none yet, say %q", pick)
	}
	nav := evalIn[string](t, mayor, `Array.prototype.map.call(document.querySelectorAll("#nav a"), function (a) { return (a.dataset.view || a.id) + "=" + a.textContent; }).join("|")`)
	if !strings.Contains(nav, "queue=我接听的会话") || strings.Contains(nav, "会话队列") || strings.Contains(nav, "call") {
		t.Errorf("the leader's navigation: %s; want 我接听的会话, neither the chat queue nor the phone desk", nav)
	}

	waiting := d.client(t, "")
	wtok := waiting.must("POST", "/chat/api/conversations", nil, 201)["conversation_id"].(string)
	for i, s := range []string{"东关街道的路灯坏了", "人工"} {
		waiting.must("POST", "/chat/api/messages", map[string]string{"conversation_id": wtok, "text": s, "client_id": fmt.Sprint("w", i)}, 200)
	}
	leader := d.client(t, "mayor")
	if code, body := leader.call("POST", "/desk/api/conversations/webchat:"+wtok+"/take", nil); code != 403 || !strings.Contains(fmt.Sprint(body), "接听领导账号不能进行此操作") {
		t.Errorf("a leader takes a waiting chat: %d %v, want 403", code, body)
	}
	for _, op := range []string{"close", "release"} {
		if code, body := leader.call("POST", "/desk/api/conversations/webchat:"+wtok+"/"+op, nil); code != 403 || !strings.Contains(fmt.Sprint(body), "接听领导账号不能进行此操作") {
			t.Errorf("a leader's %s of a waiting chat: %d %v, want 403", op, code, body)
		}
	}
	for _, path := range []string{"/desk/api/callbacks", "/desk/api/calls/current"} {
		if code, _ := leader.call("GET", path, nil); code != 403 {
			t.Errorf("a leader on the phone desk's %s: %d, want 403", path, code)
		}
	}

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
	shown := evalIn[string](t, mayor, `[document.getElementById("queue").hidden, document.querySelectorAll("#held li[data-id]").length, document.querySelectorAll("#queue li[data-id]").length].join(",")`)
	if shown != "true,1,0" {
		t.Errorf("the leader's chats (waiting list hidden, held, waiting): %s, want true,1,0", shown)
	}
	q := leader.must("GET", "/desk/api/queue", nil, 200)
	if held := q["held"].([]any); len(q["queue"].([]any)) != 0 || len(held) != 1 || held[0].(map[string]any)["agent"] != "mayor" {
		t.Errorf("the leader's queue: %v; want no waiting chat, only the one handed to them", q)
	}
	if q := wang.must("GET", "/desk/api/queue", nil, 200); len(q["queue"].([]any)) != 1 || len(q["held"].([]any)) != 1 {
		t.Errorf("the agent's queue: %v; want the waiting chat and the leader's", q)
	}
}
