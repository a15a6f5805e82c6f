package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/config"
	"hotline/store"
	"hotline/ticket"
)

// sampleReport builds a month of random orders and its report.
func sampleReport(t *testing.T) *Report { t.Helper(); return sampleReportWith(t, nil) }

// sampleReportWith is sampleReport on the default config changed by mod.
func sampleReportWith(t *testing.T, mod func(*config.Config)) *Report {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Report.MinSample = 3
	if mod != nil {
		mod(cfg)
	}
	loc := cfg.Location()
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"), &store.Options{Rollup: Rollup(loc), NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r := rand.New(rand.NewPCG(5, 5))
	start := time.Date(2026, 10, 25, 9, 0, 0, 0, loc)
	err = st.UpdateNow(func(tx *store.Tx) error {
		for i := range 300 {
			at := start.Add(time.Duration(r.IntN(40*24)) * time.Hour)
			tk := newTicket(r, i+1, at)
			tk.Title = "测试工单<b>"
			_ = tk.Transition(ticket.Accepted, ticket.Event{At: at, Actor: "bot"})
			for j := range 12 {
				randomStep(r, tk, at.Add(time.Duration(j+1)*7*time.Hour))
			}
			if err := tx.PutTicket(tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePeriod(Monthly, "2026-11", "", "", loc)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := FromRollups(st, cfg, p, start.Add(60*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Received == 0 || len(rep.Leagues) < 2 {
		t.Fatalf("sample report too thin: received %d, %d leagues", rep.Received, len(rep.Leagues))
	}
	return rep
}

func TestJSONShape(t *testing.T) {
	rep := sampleReport(t)
	var buf bytes.Buffer
	if err := Write(&buf, rep, FormatJSON, defaultTexts(t)); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Received int64 `json:"received"`
		Ranking  []map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Received != rep.Received || len(got.Ranking) != len(rep.Ranking) {
		t.Fatalf("json: received %d ranking %d, want %d and %d", got.Received, len(got.Ranking), rep.Received, len(rep.Ranking))
	}
	for _, k := range []string{"department", "league", "received", "response_rate", "resolve_rate", "satisfaction_rate", "score", "rank"} {
		if _, ok := got.Ranking[0][k]; !ok {
			t.Errorf("ranking row has no %q: %v", k, got.Ranking[0])
		}
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	rep := sampleReport(t)
	var buf bytes.Buffer
	if err := Write(&buf, rep, FormatHTML, defaultTexts(t)); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{`lang="zh-CN"`, "size: A4", "<svg", "承办单位排名", rep.Leagues[0].Label, fmt.Sprint(rep.Received), "测试工单&lt;b&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "http://", "https://", "测试工单<b>"} {
		if bad == "http://" && strings.Count(page, "http://") == strings.Count(page, "http://www.w3.org/2000/svg") {
			continue
		}
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
}

// TestXLSXOpensInOpenpyxl reads the workbook with Python's openpyxl, an
// independent reader: the sheets, the figures and the native charts.
func TestXLSXOpensInOpenpyxl(t *testing.T) {
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		py = "python3"
	}
	if err := exec.Command(py, "-c", "import openpyxl").Run(); err != nil {
		t.Skip("python3-openpyxl is not installed (.ci/run installs it)")
	}
	rep := sampleReport(t)
	path := filepath.Join(t.TempDir(), "r.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(f, rep, FormatXLSX, defaultTexts(t)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "charts": {}, "received": None, "ranked": 0}
for ws in wb.worksheets:
    out["charts"][ws.title] = [type(c).__name__ for c in ws._charts]
s = wb["概况"]
for row in s.iter_rows(values_only=True):
    if row and row[0] == "受理量":
        out["received"] = row[1]
for row in wb["排名"].iter_rows(values_only=True):
    if row and isinstance(row[0], int):
        out["ranked"] += 1
print(json.dumps(out, ensure_ascii=False))
`
	cmd := exec.Command(py, "-c", script, path)
	outb, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, outb)
	}
	var got struct {
		Sheets   []string            `json:"sheets"`
		Charts   map[string][]string `json:"charts"`
		Received int64               `json:"received"`
		Ranked   int                 `json:"ranked"`
	}
	if err := json.Unmarshal(outb, &got); err != nil {
		t.Fatalf("%v: %s", err, outb)
	}
	if got.Received != rep.Received {
		t.Errorf("openpyxl reads 受理量 %d, want %d", got.Received, rep.Received)
	}
	ranked := 0
	for _, r := range rep.Ranking {
		if r.Rank > 0 {
			ranked++
		}
	}
	if got.Ranked != ranked {
		t.Errorf("openpyxl reads %d ranked rows, want %d", got.Ranked, ranked)
	}
	if c := got.Charts["趋势"]; len(c) != 1 || c[0] != "LineChart" {
		t.Errorf("trend sheet charts = %v, want one LineChart", c)
	}
	if c := got.Charts["排名"]; len(c) != len(rep.Leagues) || c[0] != "BarChart" {
		t.Errorf("ranking sheet charts = %v, want %d BarCharts", c, len(rep.Leagues))
	}
}

func TestParsePeriod(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	for _, c := range []struct{ kind, name, from, to, prev string }{
		{Weekly, "2026-W48", "2026-11-23", "2026-11-29", "2026-W47"},
		{Weekly, "2026-W01", "2025-12-29", "2026-01-04", "2025-W52"},
		{Monthly, "2026-11", "2026-11-01", "2026-11-30", "2026-10"},
		{Monthly, "2026-01", "2026-01-01", "2026-01-31", "2025-12"},
		{Quarterly, "2026-Q4", "2026-10-01", "2026-12-31", "2026-Q3"},
		{Quarterly, "2026-Q1", "2026-01-01", "2026-03-31", "2025-Q4"},
	} {
		p, err := ParsePeriod(c.kind, c.name, "", "", loc)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.From.Format("2006-01-02") + " " + p.To.Format("2006-01-02"); got != c.from+" "+c.to {
			t.Errorf("%s: %s, want %s %s", c.name, got, c.from, c.to)
		}
		if p.Previous().Name != c.prev {
			t.Errorf("%s: previous %s, want %s", c.name, p.Previous().Name, c.prev)
		}
	}
	for _, c := range []struct{ kind, name string }{{Weekly, "2026-48"}, {Weekly, "2026-W54"}, {Monthly, "2026-13"}, {Quarterly, "2026-Q5"}, {"yearly", "2026"}} {
		if _, err := ParsePeriod(c.kind, c.name, "", "", loc); err == nil {
			t.Errorf("%s %q accepted", c.kind, c.name)
		}
	}
	if _, err := ParsePeriod(Range, "", "2026-11-05", "2026-11-01", loc); err == nil {
		t.Error("a range ending before it starts was accepted")
	}
	p, _ := ParsePeriod(Range, "", "2026-11-01", "2026-11-10", loc)
	if q := p.Previous(); q.From.Format("2006-01-02") != "2026-10-22" || q.To.Format("2006-01-02") != "2026-10-31" {
		t.Errorf("previous range %s", q.Name)
	}
	if got := LastComplete(Weekly, time.Date(2026, 12, 7, 8, 0, 0, 0, loc), loc).Name; got != "2026-W49" {
		t.Errorf("last complete week on Monday 2026-12-07: %s", got)
	}
	if got := LastComplete(Quarterly, time.Date(2027, 1, 1, 8, 0, 0, 0, loc), loc).Name; got != "2026-Q4" {
		t.Errorf("last complete quarter on 2027-01-01: %s", got)
	}
}

// TestHTMLRateOverNothing: a rate whose denominator is zero (nothing
// rated, no automatic dispatch) is printed as —, not as a 0.0% that
// would read as a failure.
func TestHTMLRateOverNothing(t *testing.T) {
	rep := sampleReport(t)
	rep.Satisfaction = Satisfaction{}
	rep.Dispatch.Auto = Accuracy{}
	var buf bytes.Buffer
	if err := Write(&buf, rep, FormatHTML, defaultTexts(t)); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{"回访满意率<b>—</b>已评价 0", "自动 — · 人工"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if rep.Dispatch.Manual.Dispatched > 0 && !strings.Contains(page, "人工 "+fmt.Sprintf("%.1f%%", rep.Dispatch.Manual.Rate*100)) {
		t.Errorf("manual dispatch rate missing")
	}
}

// TestReportTextsFromConfig: the words a report writes itself come from
// report_texts: the default reads as before, a city's words reach the
// report and its HTML page.
func TestReportTextsFromConfig(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sampleReport(t), FormatHTML, defaultTexts(t)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"12345 月度报告", "12345 市长公开电话月度报告", "市直部门"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("default page lacks %q", want)
		}
	}
	rep := sampleReportWith(t, func(c *config.Config) {
		c.Report.MinSample = 1000
		c.ReportTexts.Kinds.Monthly = "月"
		c.ReportTexts.Leagues.Municipal = "市级部门"
		c.ReportTexts.Totals = "全市总计"
		c.ReportTexts.NotRanked = "件数太少，不排名"
	})
	if rep.KindLabel != "月" || rep.Totals.Department != "全市总计" {
		t.Errorf("kind %q, totals %q", rep.KindLabel, rep.Totals.Department)
	}
	leagues := map[string]bool{}
	for _, lg := range rep.Leagues {
		leagues[lg.Label] = true
		for _, r := range lg.Rows {
			if r.Note != "件数太少，不排名" {
				t.Errorf("%s: note %q", r.Department, r.Note)
			}
		}
	}
	if !leagues["市级部门"] {
		t.Errorf("leagues %v", leagues)
	}
	buf.Reset()
	if err := Write(&buf, rep, FormatHTML, defaultTexts(t)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"12345 市长公开电话月报告", "市级部门"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
