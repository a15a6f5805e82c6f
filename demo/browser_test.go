package demo

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"hotline/config"
	"hotline/desk"
	"hotline/report"
	"hotline/server"
	"hotline/store"
)

const chromiumPath = "/usr/bin/chromium"

func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: install the chromium package", chromiumPath)
		}
		t.Skipf("skipping browser test: %s not found (apt-get install -y chromium)", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "zh-CN"), chromedp.WindowSize(1366, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	b, cancelB := chromedp.NewContext(alloc)
	t.Cleanup(cancelB)
	if err := chromedp.Run(b, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return b
}

func step(t *testing.T, ctx context.Context, name string, actions ...chromedp.Action) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 40*time.Second)
	defer cancel()
	if err := chromedp.Run(sctx, actions...); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("HOTLINE_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 90)); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDashboardInBrowser builds a demo history, generates the scheduled
// reports, and drives the reports page in headless Chromium: a supervisor
// sees the live dashboard (ECharts charts, league tables) and the archive;
// a department sees the archive only, and its download holds its own rows
// alone. Screenshots go to $HOTLINE_ARTIFACTS.
func TestDashboardInBrowser(t *testing.T) {
	b := browser(t)
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	cfg.Report.MinSample = 3
	loc := cfg.Location()
	end := time.Date(2026, 11, 30, 0, 0, 0, 0, loc)
	clock := NewClock(end.AddDate(0, 0, -44))
	srv, err := server.New(cfg, server.Options{Logger: slog.New(slog.DiscardHandler), Now: clock.Now,
		StoreOptions: &store.Options{MaxBatchDelay: time.Microsecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if _, err := Run(context.Background(), srv, clock, Options{Orders: 500, Days: 45, End: end, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	rs := &report.Scheduler{St: srv.Store, Cfg: cfg, Now: clock.Now}
	made, err := rs.Tick()
	if err != nil || len(made) != 3 {
		t.Fatalf("scheduled reports: %v %v", made, err)
	}
	for _, u := range []struct{ name, role, dept string }{{"sup", "supervisor", ""}, {"city", "department", "市城市管理局"}} {
		usr, err := desk.NewUser(cfg, u.name, u.role, u.dept, "demo-pass-123", clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := desk.AddUser(srv.Store, usr, "test"); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(srv.Handler)
	defer ts.Close()

	login := func(ctx context.Context, name string) {
		step(t, ctx, "login "+name,
			chromedp.Navigate(ts.URL+"/desk/login"),
			chromedp.WaitVisible("#login-form", chromedp.ByQuery),
			chromedp.SetValue("#name", name, chromedp.ByQuery),
			chromedp.SetValue("#password", "demo-pass-123", chromedp.ByQuery),
			chromedp.Click("#login", chromedp.ByQuery),
			chromedp.WaitVisible("#nav-reports", chromedp.ByQuery),
		)
	}

	sup, cancel := chromedp.NewContext(b, chromedp.WithNewBrowserContext())
	defer cancel()
	login(sup, "sup")
	var kpis string
	var leagueCharts, svgs int
	step(t, sup, "dashboard",
		chromedp.Click("#nav-reports", chromedp.ByQuery),
		chromedp.WaitVisible("#c-league-1 svg", chromedp.ByQuery),
		chromedp.WaitVisible("#archive-list tbody a", chromedp.ByQuery),
		chromedp.Text("#kpis", &kpis, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#leagues .chart").length`, &leagueCharts),
		chromedp.Evaluate(`document.querySelectorAll("#dash .chart svg").length`, &svgs),
	)
	for _, want := range []string{"今日受理", "已超期", "本月满意率", "派单准确率"} {
		if !strings.Contains(kpis, want) {
			t.Errorf("KPIs lack %s: %q", want, kpis)
		}
	}
	if leagueCharts < 2 || svgs < 4+leagueCharts {
		t.Errorf("%d league charts, %d charts drawn", leagueCharts, svgs)
	}
	shot(t, sup, "report-dashboard")
	var archive string
	step(t, sup, "archive", chromedp.Text("#archive-list", &archive, chromedp.ByQuery))
	for _, want := range []string{"周报", "月报", "季报", "2026年第48周"} {
		if !strings.Contains(archive, want) {
			t.Errorf("archive lacks %s: %q", want, archive)
		}
	}
	var title string
	step(t, sup, "printable report",
		chromedp.Navigate(ts.URL+"/desk/api/reports/weekly/2026-W48?format=html"),
		chromedp.WaitVisible("h1", chromedp.ByQuery),
		chromedp.Text("h1", &title, chromedp.ByQuery),
	)
	if !strings.Contains(title, "周报告") {
		t.Errorf("printable report title %q", title)
	}
	shot(t, sup, "report-weekly-html")

	dep, cancel2 := chromedp.NewContext(b, chromedp.WithNewBrowserContext())
	defer cancel2()
	login(dep, "city")
	var dashHidden bool
	var depts []string
	step(t, dep, "department's reports",
		chromedp.Click("#nav-reports", chromedp.ByQuery),
		chromedp.WaitVisible("#archive-list tbody a", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("dash").hidden`, &dashHidden),
		chromedp.Evaluate(`fetch("/desk/api/reports/weekly/2026-W48").then(r => r.json()).then(j => j.ranking.map(x => x.department))`, &depts,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	)
	if !dashHidden {
		t.Error("a department sees the dashboard")
	}
	if len(depts) == 0 || slices.ContainsFunc(depts, func(d string) bool { return d != "市城市管理局" }) {
		t.Errorf("the department's report has rows %v", depts)
	}
	shot(t, dep, "report-department")
}
