package demo

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/crypto/bcrypt"

	"hotline/config"
	"hotline/desk"
	"hotline/events/eventstest"
	"hotline/internal/browsertest"
	"hotline/report"
	"hotline/server"
	"hotline/store"
	"hotline/workflow"
)

// browser returns the shared headless Chromium (browsertest.Shared),
// started by the first test that calls it once its data is ready.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.Shared(t, 1366, 900, eventstest.Hang)
}

// tab opens a tab of browser b in a browser context of its own (its own
// cookies). The tab is started here, on a context without a deadline:
// chromedp binds a tab's life to the context of its first Run, so a tab
// first used inside act's context (with its hang guard) is closed when act returns,
// and every later command on it waits forever, past any deadline of its
// own. That was the "department login that hangs" of an earlier version
// of these tests: its first command was the login, inside act.
func tab(t *testing.T, b context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return ctx
}

func act(t *testing.T, ctx context.Context, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	start := time.Now()
	sctx, cancel := context.WithTimeout(ctx, eventstest.Hang)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		path := filepath.Join(cmp.Or(browsertest.Artifacts(t), os.TempDir()), "failed-"+strings.ReplaceAll(t.Name(), "/", "_")+".png")
		if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			_ = os.WriteFile(path, png, 0o644)
		}
		t.Fatalf("%s: %v after %s (screenshot in %s)", name, err, time.Since(start).Round(time.Millisecond), path)
	}
	t.Logf("%s: %s", name, time.Since(start).Round(time.Millisecond))
}

func get[T any](t *testing.T, ctx context.Context, name string, a chromedp.Action[T]) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, eventstest.Hang)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// TestDashboardInBrowser builds a demo history, generates the scheduled
// reports, and drives the reports page in headless Chromium: a supervisor
// sees the live dashboard (ECharts charts, league tables) and the archive;
// a department sees the archive only, and its download holds its own rows
// alone. Screenshots go to $HOTLINE_ARTIFACTS.
func TestDashboardInBrowser(t *testing.T) {
	t.Parallel()
	browsertest.Need(t)
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	cfg.Report.MinSample = 3
	loc := cfg.Location()
	// The console reads the server's clock: the history ends on a pinned
	// day, the dashboard's month runs from 1 December to then.
	end := time.Date(2026, 12, 17, 12, 0, 0, 0, loc)
	clock := NewClock(end.AddDate(0, 0, -44))
	srv, err := server.New(cfg, server.Options{Logger: slog.New(slog.DiscardHandler), Now: clock.Now, Channels: Channels(server.Channels),
		StoreOptions: &store.Options{MaxBatchDelay: time.Microsecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	// 500 orders, or 150 under the race detector (21.7 → 8.2 CPU-s for
	// this test): what it checks holds on both histories (charts drawn,
	// at least two leagues ranked with MinSample 3, instructions and
	// leader items marked, the week's and month's reports made), none of
	// it a figure that depends on the history's size.
	orders := 500
	if raceEnabled {
		orders = 150
	}
	if _, err := Run(context.Background(), srv, clock, Options{Orders: orders, Days: 45, End: end, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	// Each 批示件 names its leader, not the demo's login; the leader items
	// were marked by the demo's agent, whom the console names (王芳).
	instructed, marked := 0, 0
	if err := srv.Store.View(func(tx *store.Tx) error {
		list, err := tx.Tickets(store.TicketFilter{})
		for _, tk := range list {
			for _, ev := range tk.Events {
				if ev.Action == "leader_item" {
					marked++
				}
				if ev.Action == "instruct" {
					instructed++
					if l := ev.Fields[workflow.FieldLeader][1]; l != "张明" {
						t.Errorf("%s: the 批示件's leader is %q, want 张明", tk.Number, l)
					}
				}
			}
		}
		return err
	}); err != nil || instructed == 0 || marked == 0 {
		t.Errorf("%d instructions, %d leader items, %v", instructed, marked, err)
	}
	staffAreNamed(t, srv)
	// The first start makes the last week's and month's reports, not the
	// third quarter's: it ended before the history's first order.
	rs := &report.Scheduler{St: srv.Store, Cfg: cfg, Now: clock.Now}
	made, err := rs.Tick()
	if err != nil || len(made) != 2 || made[0].Kind != report.Weekly || made[1].Kind != report.Monthly {
		t.Fatalf("scheduled reports: %v %v; want the week's and the month's", made, err)
	}
	// The accounts NewUser would make, with a hash of bcrypt's lowest cost
	// (logins check any cost; the default one takes seconds under the
	// race detector).
	hash, err := bcrypt.GenerateFromPassword([]byte("demo-pass-123"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ name, role, dept string }{{"sup", "supervisor", ""}, {"city", "department", "市城市管理局"}} {
		usr := &store.User{Name: u.name, Role: u.role, Department: u.dept, PasswordHash: string(hash), CreatedAt: clock.Now()}
		if err := desk.AddUser(srv.Store, usr, "test"); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(srv.Handler)
	defer ts.Close()

	// Log in from the login page straight to the reports page (the nav
	// link, #nav-reports, is checked on the console's page first).
	login := func(ctx context.Context, name string) {
		act(t, ctx, "login "+name,
			chromedp.EmulateViewport(1366, 900),
			chromedp.Navigate(ts.URL+"/desk/login?next=/desk/reports"),
			chromedp.WaitVisible(chromedp.CSS("#login-form")),
			chromedp.SetValue(chromedp.CSS("#name"), name),
			chromedp.SetValue(chromedp.CSS("#password"), "demo-pass-123"),
			chromedp.Click(chromedp.CSS("#login")),
			chromedp.WaitVisible(chromedp.CSS("#archive-list tbody a")),
		)
	}

	// The browser starts once the history is built: its deadline is
	// for the browser's work, not for the history's.
	b := browser(t)
	sup := tab(t, b)
	// The dashboard and its charts (ECharts) raise no violation of the
	// console's Content-Security-Policy.
	policy := browsertest.WatchPolicy(t, sup, eventstest.Hang)
	t.Cleanup(func() {
		if v := policy.Violations(); len(v) > 0 {
			t.Errorf("the reports page violates its Content-Security-Policy: %q", v)
		}
	})
	var mu sync.Mutex
	var jsErrors []string
	if err := chromedp.Listen(sup, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			jsErrors = append(jsErrors, e.ExceptionDetails.Text+" "+fmt.Sprint(e.ExceptionDetails.Exception))
		case *runtime.EventConsoleAPICalled:
			if e.Type == "error" || e.Type == "warning" {
				for _, a := range e.Args {
					jsErrors = append(jsErrors, string(e.Type)+": "+string(a.Value)+" "+a.Description)
				}
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if len(jsErrors) > 0 {
			t.Errorf("the page reported errors: %q", jsErrors)
		}
	})
	login(sup, "sup")
	act(t, sup, "dashboard",
		chromedp.WaitVisible(chromedp.CSS("#c-league-1 svg")),
		chromedp.WaitVisible(chromedp.CSS("#archive-list tbody a")),
	)
	kpis := get(t, sup, "kpis", chromedp.Text(chromedp.CSS("#kpis")))
	if month := get(t, sup, "month", chromedp.Text(chromedp.CSS("#dash-month"))); month != "2026年12月（1日至17日）" {
		t.Errorf("the dashboard's month is %q, want 2026年12月（1日至17日）", month)
	}
	leagueCharts := get(t, sup, "league charts", chromedp.Evaluate[int](`document.querySelectorAll("#leagues .chart").length`))
	svgs := get(t, sup, "charts", chromedp.Evaluate[int](`document.querySelectorAll("#dash .chart svg").length`))
	for _, want := range []string{"今日受理", "已超期", "本月受理", "本月满意率", "派单准确率"} {
		if !strings.Contains(kpis, want) {
			t.Errorf("KPIs lack %s: %q", want, kpis)
		}
	}
	if leagueCharts < 2 || svgs < 4+leagueCharts {
		t.Errorf("%d league charts, %d charts drawn", leagueCharts, svgs)
	}
	browsertest.Shot(t, sup, "report-dashboard")
	// A leaders' duty session planned on the page is on the public page.
	day := clock.Now().In(loc).AddDate(0, 0, 2).Format("2006-01-02")
	act(t, sup, "plan a duty session",
		chromedp.SetValue(chromedp.CSS("#duty-date"), day),
		chromedp.SetValue(chromedp.CSS("#duty-leader"), "张明"),
		chromedp.SetValue(chromedp.CSS("#duty-title"), "副市长"),
		chromedp.SetValue(chromedp.CSS("#duty-topic"), "冬季供暖"),
		chromedp.Click(chromedp.CSS("#duty-add")),
		chromedp.WaitVisible(`//table[@id="duty-list"]//td[contains(., "副市长 张明")]`),
		// Planned, it says so, naming the session (done.duty_add).
		chromedp.WaitVisible(`//span[@id="duty-done" and contains(., "已添加领导接听安排：`+day+` 09:00-11:00 副市长 张明")]`),
	)
	browsertest.Shot(t, sup, "report-dashboard-duty")
	archive := get(t, sup, "archive", chromedp.Text(chromedp.CSS("#archive-list")))
	week := report.LastComplete(report.Weekly, clock.Now(), loc)
	for _, want := range []string{"周报", "月报", week.Label(cfg.ReportTexts.Periods)} {
		if !strings.Contains(archive, want) {
			t.Errorf("archive lacks %s: %q", want, archive)
		}
	}
	if q := report.LastComplete(report.Quarterly, clock.Now(), loc).Label(cfg.ReportTexts.Periods); strings.Contains(archive, q) {
		t.Errorf("archive has %s, a quarter before the first order: %q", q, archive)
	}
	act(t, sup, "printable report",
		chromedp.Navigate(ts.URL+"/desk/api/reports/weekly/"+week.Name+"?format=html"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	)
	title := get(t, sup, "title", chromedp.Text(chromedp.CSS("h1")))
	if !strings.Contains(title, "周报告") {
		t.Errorf("printable report title %q", title)
	}
	browsertest.Shot(t, sup, "report-weekly-html")
	act(t, sup, "public duty page",
		chromedp.Navigate(ts.URL+"/public/duty"),
		chromedp.WaitVisible(`//*[contains(., "副市长 张明")]`),
	)
	browsertest.Shot(t, sup, "public-duty")
	// Deleting a session asks first, naming it; refused, it stays, and
	// agreed, it goes.
	act(t, sup, "back to the reports page",
		chromedp.Navigate(ts.URL+"/desk/reports"),
		chromedp.WaitVisible(`//table[@id="duty-list"]//td[contains(., "副市长 张明")]`),
	)
	asked := get(t, sup, "delete, then refuse", chromedp.Evaluate[string](`window.confirm = function (m) { window.dutyAsked = m; return false; }, document.querySelector("#duty-list .duty-delete").click(), window.dutyAsked || ""`))
	if !strings.Contains(asked, day) || !strings.Contains(asked, "副市长 张明") {
		t.Errorf("deleting a duty session asks %q; want its date %s and leader named", asked, day)
	}
	act(t, sup, "refused, the session stays; agreed, it goes",
		chromedp.WaitVisible(`//table[@id="duty-list"]//td[contains(., "副市长 张明")]`),
		chromedp.Evaluate[chromedp.Void](`window.confirm = function () { return true; }, document.querySelector("#duty-list .duty-delete").click()`),
		chromedp.WaitNotPresent(`//table[@id="duty-list"]//td[contains(., "副市长 张明")]`),
		chromedp.WaitVisible(`//span[@id="duty-done" and contains(., "已删除领导接听安排：`+day+` 09:00-11:00 副市长 张明")]`),
	)

	// A department may not read the dashboard, and a download holds the
	// department's own rows alone.
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, Timeout: eventstest.Hang}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/desk/api/login", strings.NewReader(`{"name":"city","password":"demo-pass-123"}`))
	req.Header.Set("Content-Type", "application/json")
	if resp, err := cl.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("department login: %v %v", resp, err)
	}
	for path, want := range map[string]int{"/desk/api/dashboard": http.StatusForbidden, "/desk/api/reports": http.StatusOK,
		"/desk/api/reports/weekly/" + week.Name: http.StatusOK, "/desk/api/reports/weekly/1999-W01": http.StatusNotFound} {
		resp, err := cl.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("department GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	resp, err := cl.Get(ts.URL + "/desk/api/reports/weekly/" + week.Name)
	if err != nil {
		t.Fatal(err)
	}
	var depRep report.Report
	err = json.NewDecoder(resp.Body).Decode(&depRep)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	var depts []string
	for _, r := range depRep.Ranking {
		depts = append(depts, r.Department)
	}
	if len(depts) == 0 || slices.ContainsFunc(depts, func(d string) bool { return d != "市城市管理局" }) {
		t.Errorf("the department's report has rows %v", depts)
	}
}
