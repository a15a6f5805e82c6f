package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hotline/events/eventstest"
	"hotline/internal/browsertest"
)

// browser returns the shared headless Chromium (browsertest.Shared),
// with the test's 3 minutes on every tab it opens; it skips the test when
// Chromium is not installed (fails under CI=true, where it must be).
func browser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.Shared(t, 1366, 768, eventstest.Hang)
}

// person is one browser profile (its own cookies and local storage).
func person(t *testing.T, b context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func run(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, eventstest.Hang)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			_ = os.WriteFile(filepath.Join(os.TempDir(), "hotline-desk-failed.png"), png, 0o644)
		}
		t.Fatalf("%s (at %s): %v", step, loc, err)
	}
}

func deskLogin(t *testing.T, ctx context.Context, base, name string) {
	t.Helper()
	run(t, ctx, "login as "+name,
		chromedp.Navigate(base+"/desk/login"),
		chromedp.WaitVisible(chromedp.CSS("#login-form")),
		chromedp.SetValue(chromedp.CSS("#name"), name),
		chromedp.SetValue(chromedp.CSS("#password"), deskTestPass),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#nav a")),
	)
}

// msgWith is an XPath for an element of class cls containing text.
func msgWith(cls, text string) string {
	return `//*[contains(concat(" ", normalize-space(@class), " "), " ` + cls + ` ") and contains(., "` + text + `")]`
}

// TestConsoleInBrowser drives the console and the citizen's web chat in
// headless Chromium: (a) a citizen writes, an agent takes the chat and
// replies, the citizen sees the reply; (b) the agent registers and
// dispatches the order, the department signs and replies, the office
// approves, and the citizen sees the result and the rating question; (c)
// another department cannot open the order (404 page). Screenshots of the
// main screens go to $HOTLINE_ARTIFACTS when it is set (browsertest.Shot).
func TestConsoleInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	citizen, agent := person(t, b), person(t, b)
	// Every page of the console and the chat, as each role uses it,
	// raises no violation of its Content-Security-Policy.
	var policies []*browsertest.Policy
	watch := func(ctx context.Context) {
		policies = append(policies, browsertest.WatchPolicy(t, ctx, eventstest.Hang))
	}
	watch(citizen)
	watch(agent)

	// (a) The citizen writes; the agent takes over and replies.
	run(t, citizen, "citizen opens the chat",
		chromedp.Navigate(d.url+"/chat/"),
		chromedp.WaitVisible(chromedp.CSS(".msg.bot")),
		chromedp.SetValue(chromedp.CSS("#text"), "任城区古槐路的垃圾箱好几天没人清运了，臭味很大"),
		chromedp.Click(chromedp.CSS("#send")),
		chromedp.WaitVisible(msgWith("citizen", "古槐路")),
		chromedp.Click(chromedp.CSS(`.quick button[data-text="人工"]`)),
		chromedp.WaitVisible(msgWith("bot", "人工坐席")),
	)
	deskLogin(t, agent, d.url, "wang")
	run(t, agent, "agent sees the queue and takes the chat",
		chromedp.WaitVisible(chromedp.CSS("#queue .queue-item")),
		chromedp.WaitVisible(msgWith("queue-item", "古槐路")),
	)
	browsertest.Shot(t, agent, "1-agent-queue")
	run(t, agent, "agent takes the chat",
		chromedp.Click(chromedp.CSS("#queue .queue-item")),
		chromedp.WaitVisible(chromedp.CSS("#take")),
		chromedp.Click(chromedp.CSS("#take")),
		chromedp.WaitVisible(chromedp.CSS("#reply-text")),
		chromedp.WaitVisible(msgWith("holder", "wang")),
		chromedp.SetValue(chromedp.CSS("#reply-text"), "您好，我是话务员小王，马上为您登记转办。"),
		chromedp.Click(chromedp.CSS("#reply-send")),
		chromedp.WaitVisible(msgWith("msg", "话务员小王")),
	)
	run(t, citizen, "the citizen sees the agent's reply",
		chromedp.WaitVisible(msgWith("agent", "话务员小王")),
	)
	browsertest.Shot(t, agent, "2-agent-conversation")
	browsertest.Shot(t, citizen, "3-citizen-chat-reply")

	// (b) Register, dispatch, sign, reply, approve.
	var number string
	run(t, agent, "agent registers and dispatches the order",
		chromedp.SetValue(chromedp.CSS("#reg-title"), "垃圾清运不及时"),
		chromedp.Click(chromedp.CSS("#register")),
		chromedp.WaitVisible(chromedp.CSS("#dispatch")),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			var err error
			number, err = chromedp.Text(chromedp.CSS("#order-number"))(ctx, tg)
			return err
		}),
		chromedp.SetValue(chromedp.CSS("#dispatch-dept"), "市城市管理局"),
		chromedp.SetValue(chromedp.CSS("#dispatch-note"), "请尽快清运"),
		chromedp.Click(chromedp.CSS("#dispatch")),
		chromedp.WaitVisible(chromedp.CSS(`#order-status[data-status="dispatched"]`)),
	)
	browsertest.Shot(t, agent, "4-order-dispatched")
	if !strings.HasPrefix(number, "20") {
		t.Fatalf("order number %q", number)
	}
	dept := person(t, b)
	watch(dept)
	deskLogin(t, dept, d.url, "city")
	run(t, dept, "the department sees the new order",
		chromedp.WaitVisible(chromedp.CSS(`#dept-new a.order-link[data-number="`+number+`"]`)),
	)
	browsertest.Shot(t, dept, "5-department-orders")
	run(t, dept, "the department signs and replies",
		chromedp.Click(chromedp.CSS(`#dept-new a.order-link[data-number="`+number+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#sign")),
		chromedp.Click(chromedp.CSS("#sign")),
		chromedp.WaitVisible(chromedp.CSS("#dept-reply-text")),
		chromedp.SetValue(chromedp.CSS("#dept-reply-text"), "已安排环卫车辆清运，并增加清运频次。"),
		chromedp.Click(chromedp.CSS("#dept-reply")),
		chromedp.WaitVisible(chromedp.CSS(`#order-status[data-status="replied"]`)),
	)
	browsertest.Shot(t, dept, "6-department-replied")
	office := person(t, b)
	watch(office)
	deskLogin(t, office, d.url, "office")
	run(t, office, "the office sees the reply to review",
		chromedp.WaitVisible(chromedp.CSS(`#sup-review a.order-link[data-number="`+number+`"]`)),
	)
	browsertest.Shot(t, office, "7-supervisor-lists")
	run(t, office, "the office approves",
		chromedp.Click(chromedp.CSS(`#sup-review a.order-link[data-number="`+number+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#review-approve")),
		chromedp.Click(chromedp.CSS("#review-approve")),
		chromedp.WaitVisible(chromedp.CSS(`#order-status[data-status="reviewed"]`)),
	)
	run(t, citizen, "the citizen sees the result and the rating question",
		chromedp.WaitVisible(msgWith("bot", "已安排环卫车辆清运")),
		chromedp.WaitVisible(msgWith("bot", "评价")),
	)
	browsertest.Shot(t, citizen, "8-citizen-result-rating")

	// (c) Another department's user gets the 404 page.
	police := person(t, b)
	watch(police)
	deskLogin(t, police, d.url, "police")
	run(t, police, "another department opens the order",
		chromedp.Navigate(d.url+"/desk/orders/"+number),
		chromedp.WaitVisible(chromedp.CSS("#not-found")),
	)
	page, err := chromedp.Run(police, chromedp.Text(chromedp.CSS("#not-found")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page, "404") || strings.Contains(page, "古槐路") {
		t.Fatalf("404 page: %q", page)
	}
	browsertest.Shot(t, police, "9-other-department-404")

	// The agent's queue on a phone.
	run(t, agent, "phone layout", chromedp.EmulateViewport(390, 844), chromedp.Navigate(d.url+"/desk/"), chromedp.WaitVisible(chromedp.CSS("#queue")))
	browsertest.Shot(t, agent, "10-agent-phone")
	for _, p := range policies {
		if v := p.Violations(); len(v) > 0 {
			t.Errorf("a page violates its Content-Security-Policy: %q", v)
		}
	}
}
