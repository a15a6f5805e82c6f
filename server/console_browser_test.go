package server

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"hotline/events/eventstest"
	"hotline/internal/browsertest"
	"hotline/store"
	"hotline/ticket"
)

// seedOrders stores n dispatched orders, one a day from 2026-11-01; order
// i has phone 1395370%04d, and every third is 市城市管理局's (市容环卫).
func seedOrders(t *testing.T, d *deskServer, n int) {
	t.Helper()
	loc := d.srv.Config.Location()
	err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		for i := 1; i <= n; i++ {
			at := time.Date(2026, 11, 1, 9, 30, 0, 0, loc).AddDate(0, 0, i-1)
			tk := &ticket.Ticket{Number: fmt.Sprintf("20261101-%04d", i), Status: ticket.Dispatched, Channel: "webchat",
				Title: fmt.Sprintf("路灯不亮 %d", i), Description: "小区门口路灯不亮", Type: ticket.TypeComplaint,
				Category: "QT", Department: "市公安局", Phone: fmt.Sprintf("1395370%04d", i), Urgency: ticket.UrgencyNormal,
				ReceivedAt: at, AcceptedAt: at, DispatchedAt: at, Due: at.AddDate(0, 0, 7)}
			if i%3 == 0 {
				tk.Department, tk.Category, tk.District, tk.Title = "市城市管理局", "SRHW", "任城区", fmt.Sprintf("烧烤占道 %d", i)
			}
			tk.Events = []ticket.Event{{At: at, Actor: "bot", Action: "accept", To: ticket.Accepted},
				{At: at, Actor: "agent:wang", Action: "dispatch", From: ticket.Accepted, To: ticket.Dispatched}}
			if err := tx.PutTicket(tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// openpyxl is Debian's python3-openpyxl: an XLSX reader that shares no
// code with excelize. Under CI=true it must be installed.
const openpyxlPython = "/usr/bin/python3"

func readXLSX(t *testing.T, path string) [][]string {
	t.Helper()
	script := `import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
ws = wb.active
print(json.dumps({"sheet": ws.title, "rows": [[("" if c is None else str(c)) for c in r] for r in ws.iter_rows(values_only=True)]}, ensure_ascii=False))`
	out, err := exec.Command(openpyxlPython, "-c", script, path).CombinedOutput()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("openpyxl: %v\n%s (apt-get install -y python3-openpyxl)", err, out)
		}
		t.Skipf("skipping the XLSX check: %v %s (apt-get install -y python3-openpyxl)", err, out)
	}
	var res struct {
		Sheet string
		Rows  [][]string
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("openpyxl output %s: %v", out, err)
	}
	if res.Sheet != "工单" {
		t.Errorf("sheet %q", res.Sheet)
	}
	return res.Rows
}

// TestConsoleSearchExportAlerts drives the console in headless Chromium:
// (a) the agent searches orders by a phone number written another way
// and gets the one order; (b) a filtered list is exported and the XLSX
// file, opened by openpyxl, holds exactly that list; (c) with alerts
// turned on, a citizen asking for a person raises a browser notification
// and puts the count in the tab's title, and an emergency raises an
// urgent one; (d) the queue and the search at 390 px wide have no
// horizontal scrolling.
func TestConsoleSearchExportAlerts(t *testing.T) {
	t.Parallel()
	// The full browser: the headless shell the other tests drive keeps
	// desktop notifications denied even when they are granted below.
	b := browsertest.SharedFull(t, 1366, 768, eventstest.Hang)
	d := newDeskServer(t)
	seedOrders(t, d, 30)
	agent := person(t, b)
	deskLogin(t, agent, d.url, "wang")

	// (a) Search by phone, written with +86 and spaces.
	run(t, agent, "search by phone",
		chromedp.Click(chromedp.CSS(`#nav a[data-view="orders"]`)),
		chromedp.WaitVisible(chromedp.CSS("#f-phone")),
		chromedp.SetValue(chromedp.CSS("#f-phone"), "+86 139 5370 0017"),
		chromedp.Click(chromedp.CSS("#f-search")),
		chromedp.Poll[chromedp.Void](`document.getElementById("orders-total").textContent.indexOf("共 1 条") >= 0`),
		chromedp.WaitVisible(chromedp.CSS(`#orders-list a.order-link[data-number="20261101-0017"]`)),
	)
	rows, err := chromedp.Run(agent, chromedp.Evaluate[int](`document.querySelectorAll("#orders-list tbody tr").length`))
	if err != nil || rows != 1 {
		t.Fatalf("search by phone shows %d rows (%v)", rows, err)
	}
	total, _ := chromedp.Run(agent, chromedp.Text(chromedp.CSS("#orders-total")))
	if !strings.Contains(total, "共 1 条") {
		t.Fatalf("total %q", total)
	}
	browsertest.Shot(t, agent, "11-search-by-phone")

	// (b) Filter by department and category (by name), export to XLSX.
	run(t, agent, "filter by department and category",
		chromedp.Click(chromedp.CSS("#f-reset")),
		chromedp.WaitVisible(chromedp.CSS("#f-department")),
		chromedp.SetValue(chromedp.CSS("#f-department"), "市城市管理局"),
		chromedp.SetValue(chromedp.CSS("#f-category"), "SRHW"),
		chromedp.Click(chromedp.CSS("#f-search")),
		chromedp.Poll[chromedp.Void](`document.getElementById("orders-total").textContent.indexOf("共 10 条") >= 0`),
	)
	cat, _ := chromedp.Run(agent, chromedp.Evaluate[string](`document.querySelector("#orders-list tbody tr td:nth-child(4)").textContent`))
	if cat != "市容环卫" {
		t.Fatalf("category column shows %q, want the name", cat)
	}
	browsertest.Shot(t, agent, "12-search-filtered")
	b64, err := chromedp.Run(agent, chromedp.Evaluate[string](`fetch(document.getElementById("export-xlsx").href, {credentials: "same-origin"})
		.then(function (r) { if (!r.ok) throw new Error(r.status); return r.arrayBuffer(); })
		.then(function (b) { var s = "", u = new Uint8Array(b); for (var i = 0; i < u.length; i++) s += String.fromCharCode(u[i]); return btoa(s); })`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	xlsx := filepath.Join(cmp.Or(browsertest.Artifacts(t), t.TempDir()), "13-export-filtered.xlsx")
	if err := os.WriteFile(xlsx, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	table := readXLSX(t, xlsx)
	if len(table) != 11 || table[0][0] != "编号" || table[0][5] != "类别" {
		t.Fatalf("xlsx has %d rows: %q", len(table), table[0])
	}
	for _, r := range table[1:] {
		if r[6] != "市城市管理局" || r[5] != "市容环卫" || r[1] != "已派单" || !strings.Contains(r[13], "****") {
			t.Fatalf("xlsx row %q is not in the filter (or shows a full phone)", r)
		}
	}

	// (c) Alerts: opt in, then a citizen asks for a person.
	bctx := chromedp.FromContext(agent).BrowserContextID
	if _, err := chromedp.CallBrowser(agent, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
		Permission: &cdpbrowser.PermissionDescriptor{Name: "notifications"}, Setting: cdpbrowser.PermissionSettingGranted,
		Origin: d.url, BrowserContextID: bctx}); err != nil {
		t.Fatalf("grant notifications: %v", err)
	}
	run(t, agent, "turn alerts on",
		chromedp.Click(chromedp.CSS(`#nav a[data-view="queue"]`)),
		chromedp.WaitVisible(chromedp.CSS("#alerts-toggle")),
		chromedp.Click(chromedp.CSS("#alerts-toggle")),
		chromedp.Poll[chromedp.Void](`document.getElementById("alerts-toggle").textContent === "提醒：开"`),
	)
	citizen := d.client(t, "")
	say := func(text string) string {
		start := citizen.must("POST", "/chat/api/conversations", nil, 201)
		tok := start["conversation_id"].(string)
		for i, s := range []string{text, "人工"} {
			citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": s, "client_id": fmt.Sprint("m", i)}, 200)
		}
		return tok
	}
	say("任城区古槐路的垃圾箱好几天没人清运了")
	run(t, agent, "a notification for the new conversation",
		chromedp.Poll[chromedp.Void](`window.deskAlerts.some(function (a) { return a.notified && !a.emergency && a.body.indexOf("古槐路") >= 0; })`),
		chromedp.Poll[chromedp.Void](`document.title.indexOf("(1)") === 0`),
		chromedp.WaitVisible(chromedp.CSS("#alerts-count")),
	)
	start := citizen.must("POST", "/chat/api/conversations", nil, 201)
	citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": start["conversation_id"].(string), "text": "小区3号楼着火了，有人被困", "client_id": "f1"}, 200)
	run(t, agent, "an urgent notification for the emergency",
		chromedp.Poll[chromedp.Void](`window.deskAlerts.some(function (a) { return a.notified && a.emergency; })`),
		chromedp.Poll[chromedp.Void](`document.title.indexOf("【紧急1】(2)") === 0`),
	)
	title, _ := chromedp.Run(agent, chromedp.Title())
	t.Logf("tab title: %s", title)
	browsertest.Shot(t, agent, "14-queue-alerts")

	// (d) 390 px: nothing wider than the screen.
	for _, page := range []struct{ path, ready, name string }{
		{"/desk/", "#queue .queue-item", "15-phone-queue"},
		{"/desk/?v=orders", "#orders-list table", "16-phone-search"},
	} {
		run(t, agent, "phone layout "+page.path,
			chromedp.EmulateViewport(390, 844),
			chromedp.Navigate(d.url+page.path),
			chromedp.WaitVisible(chromedp.CSS(page.ready)),
		)
		w, err := chromedp.Run(agent, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil || w > 390 {
			t.Errorf("%s at 390 px is %d px wide (%v)", page.path, w, err)
		}
		browsertest.Shot(t, agent, page.name)
	}
}

// TestConsoleUsersInBrowser: an administrator gives an agent a display
// name (the citizen's greeting uses it), disables another agent (whose
// open console goes to the login page at once), enables them again and
// resets their password (the old one fails, the new one works); the
// agent then transfers a chat to a colleague picked from the agents on
// duty, and the conversation's header shows the channel and a masked
// citizen.
func TestConsoleUsersInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	if err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		u, err := tx.User("wang")
		if err != nil {
			return err
		}
		u.Name, u.Role = "root", "admin"
		return tx.PutUser(u)
	}); err != nil {
		t.Fatal(err)
	}
	admin, wang, li := person(t, b), person(t, b), person(t, b)
	deskLogin(t, admin, d.url, "root")
	deskLogin(t, li, d.url, "li")
	deskLogin(t, wang, d.url, "wang")
	// No confirmation dialogs in a headless browser.
	if _, err := chromedp.Run(admin, chromedp.Evaluate[bool](`window.confirm = function () { return true; }, true`)); err != nil {
		t.Fatal(err)
	}
	row := func(name string) string { return `#users-list tr[data-user="` + name + `"]` }
	run(t, admin, "the administrator names wang",
		chromedp.Click(chromedp.CSS(`#nav a[data-view="users"]`)),
		chromedp.WaitVisible(chromedp.CSS(row("wang"))),
		chromedp.Click(chromedp.CSS(row("wang")+" .u-edit")),
		chromedp.SetValue(chromedp.CSS(row("wang")+" .e-display"), "王芳"),
		chromedp.Click(chromedp.CSS(row("wang")+" .e-save")),
		chromedp.WaitVisible(msgWith("users", "王芳")),
	)
	run(t, admin, "the administrator disables li",
		chromedp.Click(chromedp.CSS(row("li")+" .u-disable")),
		chromedp.WaitVisible(chromedp.CSS(row("li")+".disabled")),
	)
	// The console moves to the login page by itself; a query waits
	// across that navigation (a Poll fails when its page goes).
	run(t, li, "li's console ends",
		chromedp.WaitVisible(chromedp.CSS("#login-form")),
	)
	if path, err := chromedp.Run(li, chromedp.Evaluate[string](`location.pathname`)); err != nil || path != "/desk/login" {
		t.Fatalf("li's console is at %q (%v), want /desk/login", path, err)
	}
	browsertest.Shot(t, admin, "17-users-disabled")
	run(t, admin, "the administrator enables li and resets the password",
		chromedp.Click(chromedp.CSS(row("li")+" .u-enable")),
		chromedp.WaitVisible(chromedp.CSS(row("li")+" .u-disable")),
		chromedp.Click(chromedp.CSS(row("li")+" .u-edit")),
		chromedp.SetValue(chromedp.CSS(row("li")+" .e-pass"), "li-new-password-1"),
		chromedp.Click(chromedp.CSS(row("li")+" .e-reset")),
		chromedp.WaitVisible(msgWith("ok", "密码已重置")),
	)
	run(t, li, "the old password fails",
		chromedp.SetValue(chromedp.CSS("#name"), "li"),
		chromedp.SetValue(chromedp.CSS("#password"), deskTestPass),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#login-error")),
	)
	run(t, li, "the new password works",
		chromedp.SetValue(chromedp.CSS("#password"), "li-new-password-1"),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#queue")),
	)

	// A citizen asks for a person; wang takes the chat and transfers it.
	citizen := d.client(t, "")
	start := citizen.must("POST", "/chat/api/conversations", nil, 201)
	tok := start["conversation_id"].(string)
	for i, s := range []string{"任城区古槐路的垃圾箱好几天没人清运了，我的电话13953706688", "人工"} {
		citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": s, "client_id": fmt.Sprint("m", i)}, 200)
	}
	run(t, wang, "wang takes the chat",
		chromedp.Navigate(d.url+"/desk/"),
		chromedp.WaitVisible(chromedp.CSS("#queue .queue-item")),
		chromedp.Click(chromedp.CSS("#queue .queue-item")),
		chromedp.WaitVisible(chromedp.CSS("#take")),
		chromedp.Click(chromedp.CSS("#take")),
		chromedp.WaitVisible(msgWith("msg", "话务员王芳")),
		chromedp.WaitReady(chromedp.CSS(`#transfer-to option[value="li"]`)),
	)
	head, err := chromedp.Run(wang, chromedp.Text(chromedp.CSS(".conv-head strong")))
	if err != nil || !strings.HasPrefix(head, "网页 · 市民 139****6688") {
		t.Fatalf("conversation header %q (%v)", head, err)
	}
	browsertest.Shot(t, wang, "18-agent-transfer")
	run(t, wang, "wang transfers to li",
		chromedp.SetValue(chromedp.CSS("#transfer-to"), "li"),
		chromedp.Click(chromedp.CSS("#transfer")),
		chromedp.WaitVisible(chromedp.CSS("#held-by")),
	)
	run(t, li, "li holds the chat",
		chromedp.WaitVisible(msgWith("holder", "li")),
	)
	if texts := citizen.citizenTexts(tok); strings.Contains(texts, "wang") {
		t.Fatalf("the citizen saw the login name: %s", texts)
	}
	run(t, admin, "the audit log in Chinese",
		chromedp.Click(chromedp.CSS(`#nav a[data-view="audit"]`)),
		chromedp.WaitVisible(msgWith("audit", "停用账号")),
		chromedp.WaitVisible(msgWith("audit", "重置密码")),
		chromedp.WaitVisible(msgWith("audit", "转接会话")),
		chromedp.WaitVisible(msgWith("audit", "（控制台）")),
		chromedp.WaitVisible(chromedp.CSS(`#audit-export[href="/desk/api/audit/export"]`)),
	)
	browsertest.Shot(t, admin, "19-audit-log")
}

// TestConsoleDepartmentInBrowser: a department's home page at 1366 px
// lays its lists out without squeezing a column to a character a line,
// and on an order it handles the department reveals the citizen's number
// with one click.
func TestConsoleDepartmentInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	seedOrders(t, d, 30)
	city := person(t, b)
	deskLogin(t, city, d.url, "city")
	run(t, city, "the department's home page",
		chromedp.WaitVisible(chromedp.CSS(`#dept-all a.order-link[data-number="20261101-0003"]`)),
	)
	browsertest.Shot(t, city, "20-department-home-1366")
	// Every header and every order number, state and title cell is at
	// least three characters wide, and headers stay on one line.
	squeezed, err := chromedp.Run(city, chromedp.Evaluate[[]string](`Array.prototype.slice.call(document.querySelectorAll("#app table.orders th, #app table.orders td:nth-child(-n+3)"))
		.filter(function (c) {
			if (!c.textContent.trim()) return false;
			var fs = parseFloat(getComputedStyle(c).fontSize), r = c.getBoundingClientRect();
			return r.width < 3 * fs || (c.tagName === "TH" && r.height > 2 * fs + 16);
		}).map(function (c) { return c.textContent + " " + Math.round(c.getBoundingClientRect().width) + "x" + Math.round(c.getBoundingClientRect().height); })`))
	if err != nil {
		t.Fatal(err)
	}
	if len(squeezed) > 0 {
		t.Fatalf("squeezed cells at 1366 px: %q", squeezed)
	}
	if w, _ := chromedp.Run(city, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 1366 {
		t.Fatalf("the page is %d px wide", w)
	}
	run(t, city, "reveal the citizen's number",
		chromedp.Click(chromedp.CSS(`#dept-all a.order-link[data-number="20261101-0003"]`)),
		chromedp.WaitVisible(chromedp.CSS("#reveal-phone")),
	)
	masked, _ := chromedp.Run(city, chromedp.Text(chromedp.CSS("#citizen-phone")))
	if !strings.Contains(masked, "139****0003") {
		t.Fatalf("before: %q", masked)
	}
	run(t, city, "one click",
		chromedp.Click(chromedp.CSS("#reveal-phone")),
		chromedp.WaitVisible(chromedp.CSS(`#full-phone[href="tel:13953700003"]`)),
	)
	browsertest.Shot(t, city, "21-department-phone-revealed")
	var seen bool
	_ = d.srv.Store.View(func(tx *store.Tx) error {
		log, _ := tx.AuditLog(50)
		for _, a := range log {
			seen = seen || a.Action == "order.reveal_phone" && a.Object == "20261101-0003"
		}
		return nil
	})
	if !seen {
		t.Fatal("the reveal is not in the audit log")
	}
}
