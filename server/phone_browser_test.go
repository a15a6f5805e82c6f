package server

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"hotline/events/eventstest"
	"hotline/internal/browsertest"
	"hotline/store"
	"hotline/ticket"
)

// phone is one person's browser profile on a phone: 390 × 844 CSS pixels,
// three device pixels to one, touch, the mobile viewport.
func phone(t *testing.T, b context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// phoneLogin fills in the login page the tab is on and submits it.
func phoneLogin(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	run(t, ctx, "log in as "+name+" on the phone",
		chromedp.WaitVisible(chromedp.CSS("#login-form")),
		chromedp.SetValue(chromedp.CSS("#name"), name),
		chromedp.SetValue(chromedp.CSS("#password"), deskTestPass),
		chromedp.Click(chromedp.CSS("#login")),
	)
}

// fitsThePhone fails the test when the page is wider than the screen (a
// sideways scroll), naming where.
func fitsThePhone(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	if w := evalIn[[]int](t, ctx, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		t.Errorf("%s is %d px wide on a %d px screen", where, w[0], w[1])
	}
}

// TestClerkOnPhoneInBrowser: a department's clerk follows a notice's link
// to an order on a phone while logged out, logs in and lands on the order,
// signs it and replies with a photo (the file input offers the camera),
// all by tapping controls a finger can hit without zooming; then finds
// the order in the department's list, a card whose whole area opens it.
// The leader who gave the order an instruction, logged in on a phone
// from a login link that names another site (which it does not follow),
// sees the reply arrive in the inbox of the start page without a reload,
// and reads the dashboard's open instructions, a row a card.
// No page is wider than the screen, and none breaks the console's
// Content-Security-Policy.
func TestClerkOnPhoneInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	loc := d.srv.Config.Location()
	at := time.Now().In(loc).Add(-time.Hour).Truncate(time.Minute)
	const number = "20261004-0001"
	err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		tk := &ticket.Ticket{Number: number, Status: ticket.Dispatched, Channel: "webchat",
			Title: "任城区古槐路路灯不亮已经一个星期了，晚上走路很危险", Description: "任城区古槐路路灯不亮已经一个星期了，晚上走路很危险",
			Type: ticket.TypeComplaint, Category: "SZSS", Department: "市城市管理局", Urgency: ticket.UrgencyNormal, Phone: "13953706612",
			ReceivedAt: at, AcceptedAt: at, DispatchedAt: at, SignDue: at.AddDate(0, 0, 1), Due: at.AddDate(0, 0, 7)}
		tk.Events = []ticket.Event{{At: at, Actor: "bot", Action: "accept", To: ticket.Accepted},
			{At: at, Actor: "agent:wang", Action: "dispatch", From: ticket.Accepted, To: ticket.Dispatched}}
		return tx.PutTicket(tk)
	})
	if err != nil {
		t.Fatal(err)
	}
	d.client(t, "mayor").must("POST", "/desk/api/orders/"+number+"/supervise", map[string]any{"note": "请尽快修复，并回复市民", "instruction": true}, 200)

	var policies []*browsertest.Policy
	leader, clerk := phone(t, b), phone(t, b)
	for _, ctx := range []context.Context{leader, clerk} {
		policies = append(policies, browsertest.WatchPolicy(t, ctx, eventstest.Hang))
	}

	// The leader: a login link whose next page is another site lands on
	// the console's start page, the 督办/批示 queue with the inbox.
	run(t, leader, "the leader logs in from a link naming another site",
		chromedp.Navigate(d.url+"/desk/login?next="+"https%3A%2F%2Fevil.example%2Fdesk%2F"))
	phoneLogin(t, leader, "mayor")
	run(t, leader, "the leader's start page",
		chromedp.WaitVisible(chromedp.CSS(`#wq-list a.order-link[data-number="`+number+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#leader-inbox")),
	)
	if at := evalIn[string](t, leader, `location.href`); at != d.url+"/desk/" {
		t.Errorf("the leader's login went on to %s, want the console's start page", at)
	}
	fitsThePhone(t, leader, "the leader's start page")
	run(t, leader, "the leader reads the dashboard's open instructions",
		chromedp.Click(chromedp.CSS("#nav-reports")),
		chromedp.WaitVisible(`//table[@id="instr"]//td[@data-label]/a[.="`+number+`"]`))
	fitsThePhone(t, leader, "the reports page")
	run(t, leader, "back to the start page",
		chromedp.Click(chromedp.CSS(`header nav a[href="/desk/"]`)),
		chromedp.WaitVisible(chromedp.CSS("#leader-inbox")))

	// The clerk: the notice's link, logged out.
	run(t, clerk, "the notice's link opens the login page",
		chromedp.Navigate(d.url+"/desk/orders/"+number),
		chromedp.WaitVisible(chromedp.CSS("#login-form")))
	if at := evalIn[string](t, clerk, `location.pathname + location.search`); at != "/desk/login?next=%2Fdesk%2Forders%2F"+number {
		t.Errorf("the notice's link went to %s, want the login page keeping the order", at)
	}
	fitsThePhone(t, clerk, "the login page")
	// Login names are case-sensitive: the phone's keyboard must not
	// capitalise the first letter (city → City, 登录失败).
	if caps := evalIn[string](t, clerk, `document.getElementById("name").autocapitalize`); caps != "none" {
		t.Errorf("the login name's field capitalises (%q): a phone writes City for city", caps)
	}
	phoneLogin(t, clerk, "city")
	run(t, clerk, "the clerk lands on the order", chromedp.WaitVisible(chromedp.CSS("#sign")))
	if at := evalIn[string](t, clerk, `location.pathname`); at != "/desk/orders/"+number {
		t.Errorf("after the login the clerk is on %s, want the order", at)
	}
	fitsThePhone(t, clerk, "the order's page")
	// Every control of the order's actions is big enough for a finger
	// and its text too big for the phone to zoom in on a tap.
	small := evalIn[[]string](t, clerk, `Array.from(document.querySelectorAll("#order-actions button, #order-actions input, #order-actions select, #order-actions textarea"))
		.filter(function (el) { var r = el.getBoundingClientRect(); return r.width > 0 && (r.height < 40 || (el.tagName !== "BUTTON" && parseFloat(getComputedStyle(el).fontSize) < 16)); })
		.map(function (el) { var r = el.getBoundingClientRect(); return el.id + " " + Math.round(r.height) + "px " + getComputedStyle(el).fontSize; })`)
	if len(small) > 0 {
		t.Errorf("controls a finger hardly hits, or that zoom the page: %v", small)
	}
	browsertest.Shot(t, clerk, "phone-order")
	run(t, clerk, "the clerk signs",
		chromedp.Click(chromedp.CSS("#sign")),
		chromedp.WaitVisible(chromedp.CSS(`#order-status[data-status="signed"]`)),
		chromedp.WaitVisible(chromedp.CSS("#dept-reply-file")),
	)
	if accept := evalIn[string](t, clerk, `document.getElementById("dept-reply-file").accept`); !strings.Contains(accept, "image/jpeg") {
		t.Errorf("the reply's file input accepts %q: a phone offers no camera", accept)
	}
	photo := filepath.Join(t.TempDir(), "现场照片.jpg")
	if err := os.WriteFile(photo, []byte("\xff\xd8\xff\xe0 a photo of the street light"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, clerk, "the clerk replies with a photo",
		chromedp.SetValue(chromedp.CSS("#dept-reply-text"), "已更换古槐路故障路灯三盏，并电话回复市民。"),
		chromedp.SetUploadFiles(chromedp.CSS("#dept-reply-file"), []string{photo}),
		chromedp.Click(chromedp.CSS("#dept-reply")),
		chromedp.WaitVisible(chromedp.CSS(`#order-status[data-status="replied"]`)),
		chromedp.WaitVisible(`//a[@class="attachment" and .="现场照片.jpg"]`),
	)
	fitsThePhone(t, clerk, "the replied order's page")

	// The phone loses its signal: the page's event stream is cut and
	// cannot come back while the office approves the reply; once it is
	// back, the page shows the order as it is now, without a reload.
	setBlocked := func(patterns ...string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			blocked := []*network.BlockPattern{}
			for _, p := range patterns {
				blocked = append(blocked, &network.BlockPattern{URLPattern: p, Block: true})
			}
			_, err := cdp.Call(ctx, tg, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: blocked})
			return err
		})
	}
	run(t, clerk, "the clerk's phone loses its signal",
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{})
			return err
		}),
		setBlocked(d.url+"/desk/api/events"))
	office := d.client(t, "office")
	d.ts.CloseClientConnections()
	// The tests' clients keep idle connections in the default transport's
	// pool, which the cut closed too.
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	office.must("POST", "/desk/api/orders/"+number+"/review", map[string]any{"approve": true}, 200)
	run(t, clerk, "the signal is back: the page shows the approved reply",
		setBlocked(),
		chromedp.WaitVisible(`//span[@id="order-status" and @data-status!="replied"]`))

	// The leader's inbox shows the reply without a reload.
	run(t, leader, "the reply reaches the leader's inbox",
		chromedp.WaitVisible(`//section[@id="leader-inbox"]//li[contains(., "`+number+`") and contains(., "已更换古槐路故障路灯")]`))
	browsertest.Shot(t, leader, "phone-leader")
	fitsThePhone(t, leader, "the leader's start page with the reply")

	// The department's list: each order a card that opens with a tap
	// anywhere on it, here on its title.
	row := `#dept-all tr[data-number="` + number + `"]`
	run(t, clerk, "the department's orders",
		chromedp.Click(chromedp.CSS(`#nav a[data-view="dept"]`)),
		chromedp.WaitVisible(chromedp.CSS(row)),
	)
	fitsThePhone(t, clerk, "the department's orders")
	if kind := evalIn[string](t, clerk, `document.getElementById("f-phone").type`); kind != "tel" {
		t.Errorf("the search's phone number field is %q: a phone shows letters, not its keypad", kind)
	}
	browsertest.Shot(t, clerk, "phone-orders")
	run(t, clerk, "a tap on the card's title opens the order",
		chromedp.Click(chromedp.CSS(row+" td:nth-child(2)")),
		chromedp.WaitVisible(chromedp.CSS(`#order-number`)),
	)
	if at := evalIn[string](t, clerk, `location.pathname`); at != "/desk/orders/"+number {
		t.Errorf("a tap on the card went to %s, want the order", at)
	}
	for _, p := range policies {
		if v := p.Violations(); len(v) > 0 {
			t.Errorf("the console broke its Content-Security-Policy: %q", v)
		}
	}
}
