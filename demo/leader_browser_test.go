package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/crypto/bcrypt"

	"hotline/config"
	"hotline/desk"
	"hotline/events/eventstest"
	"hotline/internal/browsertest"
	"hotline/report"
	"hotline/server"
	"hotline/store"
)

// sameChange finds a field change between two times in an order's
// history (签收时限：2026-12-09 18:00 → 2026-12-09 18:00).
var sameChange = regexp.MustCompile(`(\d{4}-\d\d-\d\d \d\d:\d\d) → (\d{4}-\d\d-\d\d \d\d:\d\d)`)

// TestLeaderSessionInBrowser follows a leader's duty session in headless
// Chromium, from planning to the report: a supervisor plans the session
// on the reports page naming the leader's account; an agent hands a chat
// to the leader, whose order is then a 领导接听件; the leader writes an
// instruction on the order page (the 批示件 gets its own deadline and leads
// the department's list); the department signs and replies in its
// console, and the leader reads the result on the start page; the
// weekly report lists the 批示件 as done, with the leader and
// the instruction. The server's clock is pinned. Screenshots go to
// $HOTLINE_ARTIFACTS (leader-*.png).
func TestLeaderSessionInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	cfg.Dispatch.Auto = false
	loc := cfg.Location()
	clock := NewClock(time.Date(2026, 12, 2, 8, 30, 0, 0, loc)) // a Wednesday
	srv, err := server.New(cfg, server.Options{Logger: slog.New(slog.DiscardHandler), Now: clock.Now, Channels: Channels(server.Channels),
		StoreOptions: &store.Options{MaxBatchDelay: time.Microsecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	const pass = "leader-pass-123"
	hash, err := bcrypt.GenerateFromPassword([]byte(pass), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ name, role, dept, display string }{
		{"sup", "supervisor", "", "李督办"}, {"ag", "agent", "", "王芳"}, {"mayor", "leader", "", "张明"}, {"city", "department", "市城市管理局", ""},
	} {
		// The accounts NewUser would make, with a hash of bcrypt's lowest
		// cost (logins check any cost; the default one takes seconds
		// under the race detector).
		usr := &store.User{Name: u.name, Role: u.role, Department: u.dept, DisplayName: u.display, PasswordHash: string(hash), CreatedAt: clock.Now()}
		if err := desk.AddUser(srv.Store, usr, "test"); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(srv.Handler)
	// The tabs' event streams stay open until the server hangs up.
	defer func() { ts.CloseClientConnections(); ts.Close() }()
	post := httpPoster(t, ts.URL)

	// login logs name in from the login page of a fresh browser context
	// and waits for ready on the page it lands on: every wait is on the
	// DOM, never on time.
	login := func(name, next, ready string) context.Context {
		ctx := tab(t, b)
		act(t, ctx, "login "+name,
			chromedp.EmulateViewport(1366, 900),
			chromedp.Navigate(ts.URL+"/desk/login?next="+next),
			chromedp.WaitVisible(chromedp.CSS("#login-form")),
			chromedp.SetValue(chromedp.CSS("#name"), name),
			chromedp.SetValue(chromedp.CSS("#password"), pass),
			chromedp.Click(chromedp.CSS("#login")),
			// The login page moves on by itself (location.href); waiting
			// for the console's menu and then loading the page again
			// through chromedp leaves no doubt about which document the
			// next commands act on.
			chromedp.WaitVisible(chromedp.CSS("header.top")),
			chromedp.Navigate(ts.URL+next),
			chromedp.WaitVisible(ready),
		)
		return ctx
	}

	// 1. The supervisor plans today's session for the leader's account.
	sup := login("sup", "/desk/reports", "#duty-form")
	act(t, sup, "plan the session",
		chromedp.SetValue(chromedp.CSS("#duty-date"), "2026-12-02"),
		chromedp.SetValue(chromedp.CSS("#duty-start"), "09:00"),
		chromedp.SetValue(chromedp.CSS("#duty-end"), "11:00"),
		chromedp.SetValue(chromedp.CSS("#duty-leader"), "张明"),
		chromedp.SetValue(chromedp.CSS("#duty-title"), "副市长"),
		chromedp.SetValue(chromedp.CSS("#duty-topic"), "老旧小区改造"),
		chromedp.SetValue(chromedp.CSS("#duty-account"), "mayor"),
		chromedp.WaitVisible(chromedp.CSS("#duty-form:valid")),
		chromedp.Click(chromedp.CSS("#duty-add")),
		// The planner reads which console account takes the session.
		chromedp.WaitVisible(`//table[@id="duty-list"]//td[contains(., "副市长 张明（工作台账号 mayor）")]`),
	)
	browsertest.Shot(t, sup, "leader-1-session-planned")

	// 2. In the session a citizen asks for a person; the agent hands the
	// chat to the leader, whose console is open, and the leader registers
	// the order.
	clock.set(time.Date(2026, 12, 2, 9, 20, 0, 0, loc))
	mayor := login("mayor", "/desk/", "#live.on")
	chat := func(text string) string {
		citizen := post("", "")
		var conv struct {
			ID string `json:"conversation_id"`
		}
		citizen.json("POST", "/chat/api/conversations", nil, http.StatusCreated, &conv)
		citizen.json("POST", "/chat/api/messages", map[string]string{"conversation_id": conv.ID, "text": text, "client_id": "m1"}, http.StatusOK, nil)
		citizen.json("POST", "/chat/api/messages", map[string]string{"conversation_id": conv.ID, "text": "人工", "client_id": "m2"}, http.StatusOK, nil)
		return "webchat:" + conv.ID
	}
	ag, office := post("ag", pass), post("sup", pass)
	// An order of the same department an agent took first: without the
	// instruction it would come first in the department's list.
	other := chat("兖州区九州路的路灯不亮了，晚上很黑")
	ag.json("POST", "/desk/api/conversations/"+other+"/take", nil, http.StatusOK, nil)
	var first struct {
		Ticket struct {
			Number string `json:"number"`
		} `json:"ticket"`
	}
	ag.json("POST", "/desk/api/conversations/"+other+"/register", map[string]string{"title": "九州路路灯不亮", "category": "SZSS"}, http.StatusCreated, &first)
	office.json("POST", "/desk/api/orders/"+first.Ticket.Number+"/dispatch", map[string]any{"department": "市城市管理局"}, http.StatusOK, nil)

	id := chat("任城区古槐街道的老旧小区楼道灯坏了好几个月，晚上上下楼很危险")
	ag.json("POST", "/desk/api/conversations/"+id+"/take", nil, http.StatusOK, nil)
	ag.json("POST", "/desk/api/conversations/"+id+"/transfer", map[string]string{"to": "mayor"}, http.StatusOK, nil)
	var reg struct {
		Ticket struct {
			Number string `json:"number"`
			Flags  struct {
				LeaderItem bool `json:"leader_item"`
			} `json:"flags"`
		} `json:"ticket"`
	}
	post("mayor", pass).json("POST", "/desk/api/conversations/"+id+"/register", map[string]string{"title": "老旧小区楼道灯不亮", "category": "SZSS"}, http.StatusCreated, &reg)
	number := reg.Ticket.Number
	if !reg.Ticket.Flags.LeaderItem {
		t.Fatalf("the order %s the leader registered from a handed-over chat is no leader item", number)
	}
	office.json("POST", "/desk/api/orders/"+number+"/dispatch", map[string]any{"department": "市城市管理局"}, http.StatusOK, nil)

	// 3. The leader writes an instruction on the order page.
	act(t, mayor, "the leader's instruction",
		chromedp.Navigate(ts.URL+"/desk/orders/"+number),
		chromedp.WaitVisible(`//h2//span[contains(@class,"badge") and text()="领导接听件"]`),
		chromedp.Click(chromedp.CSS("#instruct-open")),
		chromedp.WaitVisible(chromedp.CSS("#instruct-text")),
		chromedp.SetValue(chromedp.CSS("#instruct-text"), "请市城市管理局三日内修复楼道灯，并回复市民。"),
		chromedp.Click(chromedp.CSS("#instruct")),
		chromedp.WaitVisible(`//h2//span[contains(@class,"badge") and text()="批示件"]`),
		chromedp.WaitVisible(`//ol[contains(@class,"events")]/li[@data-action="instruct"]`),
	)
	// The dispatch kept the deadlines the order had since its acceptance:
	// the history names them once, not as a change from a time to itself.
	dispatched := get(t, mayor, "dispatch history", chromedp.Text(chromedp.CSS(`ol.events li[data-action="dispatch"]`)))
	for _, m := range sameChange.FindAllStringSubmatch(dispatched, -1) {
		if m[1] == m[2] {
			t.Errorf("the dispatch's history shows an unchanged deadline as a change: %q", dispatched)
		}
	}
	if !strings.Contains(dispatched, "办结时限：") {
		t.Errorf("the dispatch's history %q does not name the deadline", dispatched)
	}
	history := get(t, mayor, "history", chromedp.Text(chromedp.CSS(`ol.events li[data-action="instruct"]`)))
	due := get(t, mayor, "deadline", chromedp.Text(chromedp.CSS("#order table.kv")))
	if !strings.Contains(history, "张明") || !strings.Contains(history, "请市城市管理局三日内修复楼道灯") {
		t.Errorf("the history's instruction reads %q", history)
	}
	// The leader item's line names the leader once, after its action's
	// name, and not as the 批示领导 of an instruction.
	marked := get(t, mayor, "leader item history", chromedp.Text(chromedp.CSS(`ol.events li[data-action="leader_item"]`)))
	if !strings.Contains(marked, "列为领导接听件：") || strings.Count(marked, "领导接听件") != 1 || strings.Contains(marked, "批示领导") {
		t.Errorf("the history's leader item reads %q", marked)
	}
	if !strings.Contains(due, "批示件办理期限") || !strings.Contains(due, "2026-12-09 18:00") {
		t.Errorf("the order shows %q, want the 批示件's deadline 2026-12-09 18:00", due)
	}
	browsertest.Shot(t, mayor, "leader-2-instruction")

	// 4. The department logs in in the browser: the 批示件 leads its list;
	// it signs and replies.
	city := login("city", "/desk/", "#dept-new")
	act(t, city, "both new orders", chromedp.WaitVisible(chromedp.CSS("#dept-new tbody tr:nth-child(2)")))
	top := get(t, city, "first new order", chromedp.Text(chromedp.CSS("#dept-new tbody tr:first-child .order-link")))
	if top != number || number < first.Ticket.Number {
		t.Errorf("the department's first new order is %q, want the 批示件 %s ahead of %s", top, number, first.Ticket.Number)
	}
	browsertest.Shot(t, city, "leader-3-department-list")
	clock.set(time.Date(2026, 12, 2, 14, 0, 0, 0, loc))
	act(t, city, "the department handles the 批示件",
		chromedp.Navigate(ts.URL+"/desk/orders/"+number),
		chromedp.WaitVisible(chromedp.CSS("#sign")),
		chromedp.Click(chromedp.CSS("#sign")),
		chromedp.WaitVisible(chromedp.CSS("#dept-reply-text")),
		chromedp.SetValue(chromedp.CSS("#dept-reply-text"), "已更换楼道灯 12 盏，并电话回复市民。"),
		chromedp.Click(chromedp.CSS("#dept-reply")),
		chromedp.WaitVisible(`//span[@id="order-status" and @data-status="replied"]`),
	)
	browsertest.Shot(t, city, "leader-4-department-replied")
	// The leader's start page shows the result in the leader's own inbox,
	// linked to the order.
	act(t, mayor, "the leader reads the result",
		chromedp.Navigate(ts.URL+"/desk/"),
		chromedp.WaitVisible(`//section[@id="leader-inbox"]//li[a[text()="`+number+`"] and contains(., "已由市城市管理局答复：已更换楼道灯 12 盏")]`),
	)
	browsertest.Shot(t, mayor, "leader-4-inbox")
	// The department sees the session on the reports page but not the
	// planning form, which only supervisors and administrators may use.
	act(t, city, "the department's reports page",
		chromedp.Navigate(ts.URL+"/desk/reports"),
		chromedp.WaitVisible(`//table[@id="duty-list"]//td[contains(., "副市长 张明")]`),
	)
	if shown := get(t, city, "planning form", chromedp.Evaluate[string](`getComputedStyle(document.getElementById("duty-form")).display`)); shown != "none" {
		t.Errorf("the department sees the form planning duty sessions (display %q)", shown)
	}

	// 5. Monday's weekly report lists the 批示件, done, with the leader.
	clock.set(time.Date(2026, 12, 7, 9, 0, 0, 0, loc))
	cfg.Report.Monthly, cfg.Report.Quarterly = "", ""
	made, err := (&report.Scheduler{St: srv.Store, Cfg: cfg, Now: clock.Now}).Tick()
	if err != nil || len(made) != 1 || made[0].Period != "2026-W49" {
		t.Fatalf("the weekly report: %v %v", made, err)
	}
	// Sessions end after 12 idle hours on the server's clock: the
	// supervisor logs in again.
	sup = login("sup", "/desk/reports", `//table[@id="archive-list"]//a[text()="HTML"]`)
	act(t, sup, "the weekly report",
		chromedp.Navigate(ts.URL+"/desk/api/reports/weekly/2026-W49?format=html"),
		chromedp.WaitVisible(chromedp.CSS("#instructions")),
	)
	row := get(t, sup, "the 批示件's row", chromedp.Text(`//table[@id="instructions"]//tr[td[1][text()="`+number+`"]]`))
	for _, want := range []string{"老旧小区楼道灯不亮", "市城市管理局", "张明", "请市城市管理局三日内修复楼道灯", "2026-12-09 18:00", "已办结"} {
		if !strings.Contains(row, want) {
			t.Errorf("the report's 批示件 row lacks %s: %q", want, row)
		}
	}
	leaderRow := get(t, sup, "the leader item's row", chromedp.Text(`//table[1]//tr[td[1][text()="`+number+`"]]`))
	if !strings.Contains(leaderRow, "副市长张明") {
		t.Errorf("the report's leader-item row: %q", leaderRow)
	}
	browsertest.Shot(t, sup, "leader-5-weekly-report")
}

// poster is one HTTP client of the test server (a logged-in console user,
// or a citizen).
type poster struct {
	t   *testing.T
	url string
	c   *http.Client
}

func httpPoster(t *testing.T, base string) func(name, pass string) *poster {
	return func(name, pass string) *poster {
		jar, _ := cookiejar.New(nil)
		p := &poster{t: t, url: base, c: &http.Client{Jar: jar, Timeout: eventstest.Hang}}
		if name != "" {
			p.json("POST", "/desk/api/login", map[string]string{"name": name, "password": pass}, http.StatusOK, nil)
		}
		return p
	}
}

// json sends body as JSON and decodes the answer into out (if not nil),
// failing the test on another status than want.
func (p *poster) json(method, path string, body any, want int, out any) {
	p.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, p.url+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := p.c.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		p.t.Fatalf("%s %s: %d %s, want %d", method, path, resp.StatusCode, raw, want)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			p.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}
