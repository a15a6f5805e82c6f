package main

import (
	"bytes"
	"encoding/json"
	"hotline/domain"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// demoArgs is the history of the shared demo database (demoData).
var demoArgs = []string{"--orders", "400", "--days", "62", "--seed", "7", "--end", "2026-11-30"}

// demoFixture is `hotline demo` with demoArgs, run once per test binary
// in a directory TestMain removes; demoData gives each test a copy.
var demoFixture fixture

// fixture is a history built once per test binary.
type fixture struct {
	sync.Once
	dir, out, errOut string
	code             int
	err              error
}

// demoData returns a data directory of the test's own holding a copy of
// the demo history of demoArgs (built once: a few hundred requests through
// the whole pipeline take most of this package's time under -race).
func demoData(t *testing.T) string {
	t.Helper()
	f := buildDemoFixture()
	if f.err != nil {
		t.Fatal(f.err)
	}
	if f.code != 0 {
		t.Fatalf("demo %v: %d %s %s", demoArgs, f.code, f.out, f.errOut)
	}
	data := filepath.Join(t.TempDir(), "data")
	if err := os.CopyFS(data, os.DirFS(filepath.Join(f.dir, "data"))); err != nil {
		t.Fatal(err)
	}
	return data
}

// demoFixtureUsers are the tests that call demoData: TestMain starts
// building the fixture when the run includes one of them.
var demoFixtureUsers = []string{"TestDemoThenReport", "TestReportWhileServing"}

// buildDemoFixture builds the shared demo history, once; a call while
// another builds it waits for that one.
func buildDemoFixture() *fixture {
	f := &demoFixture
	f.Do(func() {
		if f.dir, f.err = os.MkdirTemp("", "hotline-demo-fixture-"); f.err != nil {
			return
		}
		fixtureDirs = append(fixtureDirs, f.dir)
		var out, errOut bytes.Buffer
		f.code = run(append([]string{"demo", "--data", filepath.Join(f.dir, "data")}, demoArgs...), &out, &errOut)
		f.out, f.errOut = out.String(), errOut.String()
	})
	return f
}

// TestDemoThenReport builds a demo history through the real pipeline and
// checks the monthly report's intake against `tickets list --json`
// (orders received that month, city time, drafts and withdrawn orders
// excluded) and its leagues (demo's TestDemoHistory: the same seed gives
// the same report).
func TestDemoThenReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := demoData(t)
	args := append([]string{"demo", "--data", data}, demoArgs...)
	if code, _, errOut := runCLI(t, "", args...); code != 1 ||
		!regexp.MustCompile(`^hotline demo: `+regexp.QuoteMeta(filepath.Join(data, "hotline.db"))+` 中已有 \d+ 件工单，演示数据会与它们混在一起：请用 --data 给 demo 一个空的数据目录\n$`).MatchString(errOut) {
		t.Fatalf("demo over a database with orders: %d %q", code, errOut)
	}
	city := filepath.Join(dir, "city.yaml")
	if err := os.WriteFile(city, []byte("report_texts:\n  command_line:\n    demo_not_empty: \"{{.Path}} 不空\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, "", append(args, "--config", city)...); code != 1 || errOut != "hotline demo: "+filepath.Join(data, "hotline.db")+" 不空\n" {
		t.Fatalf("demo over a database with orders, --config: %d %q", code, errOut)
	}
	code, out, errOut := runCLI(t, "", "tickets", "list", "--json", "--data", data)
	if code != 0 {
		t.Fatalf("tickets list: %d %s", code, errOut)
	}
	var orders []struct {
		Number     string    `json:"number"`
		Status     string    `json:"status"`
		Phone      string    `json:"phone"`
		ReceivedAt time.Time `json:"received_at"`
	}
	if err := json.Unmarshal([]byte(out), &orders); err != nil {
		t.Fatal(err)
	}
	// The demo's citizens give mobile numbers, which the pipeline takes
	// into the order (a 12-digit one once slipped through unnoticed).
	for _, o := range orders {
		if n, err := domain.Parse(o.Phone); err != nil || !n.Mobile() {
			t.Fatalf("order %s: phone %q is not a mobile number", o.Number, o.Phone)
		}
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	perMonth := map[string]int64{}
	for _, o := range orders {
		if o.Status != "draft" && o.Status != "cancelled" {
			perMonth[o.ReceivedAt.In(loc).Format("2006-01")]++
		}
	}
	reports := map[string]string{}
	for _, month := range []string{"2026-10", "2026-11"} {
		code, out, errOut := runCLI(t, "", "report", "monthly", "--period", month, "--data", data)
		if code != 0 {
			t.Fatalf("report %s: %d %s", month, code, errOut)
		}
		reports[month] = out
		var rep struct {
			Received int64 `json:"received"`
			Ranking  []struct {
				Department string  `json:"department"`
				League     string  `json:"league"`
				Received   int64   `json:"received"`
				Score      float64 `json:"score"`
				Rank       int     `json:"rank"`
			} `json:"ranking"`
			Satisfaction struct {
				Rate float64 `json:"rate"`
			} `json:"satisfaction"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Received == 0 || rep.Received != perMonth[month] {
			t.Errorf("%s: report received %d, tickets list %d", month, rep.Received, perMonth[month])
		}
		ranked := map[string]bool{}
		for _, r := range rep.Ranking {
			if r.Rank > 0 {
				ranked[r.League] = true
			}
		}
		if len(ranked) < 2 {
			t.Errorf("%s: ranked leagues %v, want at least two", month, ranked)
		}
		if rep.Satisfaction.Rate < 0.85 || rep.Satisfaction.Rate > 0.97 {
			t.Errorf("%s: satisfaction %.3f, want near 0.9", month, rep.Satisfaction.Rate)
		}
	}
	// XLSX and HTML files.
	for _, f := range []string{"xlsx", "html"} {
		out := filepath.Join(dir, "r."+f)
		if code, _, errOut := runCLI(t, "", "report", "quarterly", "--period", "2026-Q4", "--format", f, "--out", out, "--data", data); code != 0 {
			t.Fatalf("report %s: %d %s", f, code, errOut)
		}
		if st, err := os.Stat(out); err != nil || st.Size() < 1000 {
			t.Fatalf("report %s: %v", f, err)
		}
	}
	// Bad input: exit 2 with one line.
	for _, bad := range [][]string{
		{"report", "monthly", "--period", "2026-13", "--data", data},
		{"report", "yearly", "--data", data},
		{"report", "monthly", "--format", "pdf", "--data", data},
		{"report", "monthly", "--format", "xlsx", "--data", data},
	} {
		if code, _, errOut := runCLI(t, "", bad...); code != 2 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v: %d %q", bad, code, errOut)
		}
	}

}

// TestReportWhileServing makes the same report with the server stopped
// and, while it holds the database, through it (like backup).
func TestReportWhileServing(t *testing.T) {
	dataDir := demoData(t)
	code, offline, errOut := runCLI(t, "", "report", "monthly", "--period", "2026-11", "--data", dataDir)
	if code != 0 {
		t.Fatalf("report, server stopped: %d %s", code, errOut)
	}
	addr := freePort(t)
	cmd := startServer(t, dataDir, addr)
	defer func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM); _ = cmd.Wait() }()
	t.Setenv("HOTLINE_SERVER_ADDR", addr)
	if code, _, errOut := runCLI(t, "", "report", "monthly", "--period", "2026-11", "--data", dataDir); code != 1 || !strings.Contains(errOut, "请设置 HOTLINE_DESK_TOKEN 或使用 --server 地址 --token 令牌，通过服务生成报表") {
		t.Errorf("report while serving without a token: %d %q", code, errOut)
	}
	t.Setenv("HOTLINE_DESK_TOKEN", "crash")
	code, online, errOut := runCLI(t, "", "report", "monthly", "--period", "2026-11", "--data", dataDir)
	if code != 0 {
		t.Fatalf("report while serving: %d %s", code, errOut)
	}
	gen := regexp.MustCompile(`"generated_at": "[^"]*"`)
	if gen.ReplaceAllString(online, "") != gen.ReplaceAllString(offline, "") {
		t.Errorf("the report through the server differs from the one read with the server stopped")
	}
	xlsx := filepath.Join(t.TempDir(), "m.xlsx")
	if code, _, errOut := runCLI(t, "", "report", "monthly", "--period", "2026-11", "--format", "xlsx", "--out", xlsx, "--server", "http://"+addr); code != 0 {
		t.Fatalf("xlsx through --server: %d %s", code, errOut)
	}
	if b, err := os.ReadFile(xlsx); err != nil || len(b) < 1000 || string(b[:2]) != "PK" {
		t.Fatalf("xlsx through the server: %d bytes, %v", len(b), err)
	}
	if code, _, errOut := runCLI(t, "", "report", "monthly", "--period", "2026-11", "--server", "http://"+addr, "--token", "wrong"); code != 1 ||
		errOut != "hotline report: 通过服务 http://"+addr+" 未能完成：需要有效的令牌\n" {
		t.Errorf("a wrong token: %d %q", code, errOut)
	}
}
