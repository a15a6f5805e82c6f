package report

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotline/config"
	"hotline/store"
	"hotline/ticket"
)

// TestKPIsFromTheirCounts: every rate of the design (按时签收率 over signed
// on time + late, an order not signed by its deadline counting as late; 按时办结率,
// 超期率, 退单率, 重办率, 回访率, 解决率, 满意率; 直办率 for the city) is
// its counts' ratio and stays within 0..100% in every row, though a
// month signs, replies to and rates orders dispatched the month before.
func TestKPIsFromTheirCounts(t *testing.T) {
	rep := sampleReport(t)
	if !rep.KPIs {
		t.Fatal("a new report does not say it carries the KPIs")
	}
	rows := append(append([]Row(nil), rep.Ranking...), rep.Totals)
	for _, x := range rows {
		for _, c := range []struct {
			name     string
			got      float64
			num, den int64
		}{
			{"按时签收率", x.ResponseRate, x.SignedOnTime, x.SignedOnTime + x.SignLate},
			{"按时办结率", x.FinishRate, x.FinishedOnTime, x.Replied},
			{"超期率", x.OverdueRate, x.Overdue, x.FinishedOnTime + x.Overdue},
			{"退单率", x.ReturnRate, x.Returned, x.Signed + x.Returned},
			{"重办率", x.ReopenRate, x.Reopened, x.Closed + x.Reopened},
			{"回访率", x.VisitRate, x.Visited, x.Visited + x.NotVisited},
			{"解决率", x.ResolveRate, x.Resolved, x.Rated},
			{"满意率", x.SatisfactionRate, x.Satisfied, x.Rated},
		} {
			if x.ToSign != x.SignedOnTime+x.SignLate {
				t.Errorf("%s 按时签收率 over %d, want signed on time %d + late %d", x.Department, x.ToSign, x.SignedOnTime, x.SignLate)
			}
			if c.got != ratio(c.num, c.den) || c.got < 0 || c.got > 1 {
				t.Errorf("%s %s = %v, want %d/%d within 0..1", x.Department, c.name, c.got, c.num, c.den)
			}
		}
	}
	if rep.Totals.NotVisited != rep.Satisfaction.NotVisited {
		t.Errorf("totals not visited %d, satisfaction's %d", rep.Totals.NotVisited, rep.Satisfaction.NotVisited)
	}
	if rep.Direct == 0 || rep.DirectRate != ratio(rep.Direct, rep.Received) {
		t.Errorf("直办率 %v of %d direct answers, %d received", rep.DirectRate, rep.Direct, rep.Received)
	}
}

// TestSignedOnTimeOverSigned: orders dispatched at the end of October and
// signed for on time in November count in November's 按时签收率 over the
// orders signed then, not over November's dispatches (it read 200% here,
// and 107.69% for 市城市管理局 in the demo's November); and orders returned
// in November count in its 退单率 over the period's signed and returned
// orders, not over its dispatches.
func TestSignedOnTimeOverSigned(t *testing.T) {
	cfg, st := rollupStore(t)
	loc := cfg.Location()
	const dept = "市城市管理局"
	// order is dispatched, then signed at at, or returned then when
	// returned is true.
	order := func(n int, dispatched, at time.Time, returned bool) *ticket.Ticket {
		tk := &ticket.Ticket{Number: "2026110" + string(rune('0'+n)) + "-0001", Channel: "webchat", Type: ticket.TypeComplaint,
			Category: "SZSS", Department: dept, Urgency: ticket.UrgencyNormal, Status: ticket.Draft, ReceivedAt: dispatched, Title: "路灯不亮"}
		must := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(tk.Transition(ticket.Accepted, ticket.Event{At: dispatched, Actor: "bot"}))
		signDue := dispatched.Add(24 * time.Hour)
		must(tk.Transition(ticket.Dispatched, ticket.Event{At: dispatched, Actor: "system",
			Fields: map[string][2]string{"sign_due": {"", signDue.Format(time.RFC3339)}}}))
		tk.SignDue = signDue
		if returned {
			must(tk.Transition(ticket.Returned, ticket.Event{At: at, Actor: "dept:" + dept + "/a", Action: "return", Note: "不属于本单位职责"}))
			return tk
		}
		must(tk.Transition(ticket.Signed, ticket.Event{At: at, Actor: "dept:" + dept + "/a", Action: "sign"}))
		return tk
	}
	err := st.UpdateNow(func(tx *store.Tx) error {
		for _, tk := range []*ticket.Ticket{
			order(1, time.Date(2026, 10, 31, 17, 0, 0, 0, loc), time.Date(2026, 11, 1, 9, 0, 0, 0, loc), false),
			order(2, time.Date(2026, 10, 31, 17, 30, 0, 0, loc), time.Date(2026, 11, 1, 10, 0, 0, 0, loc), false),
			order(3, time.Date(2026, 11, 5, 9, 0, 0, 0, loc), time.Date(2026, 11, 5, 11, 0, 0, 0, loc), false),
			// Dispatched in October, returned in November: two returns
			// against November's one dispatch read 退单率 200%.
			order(4, time.Date(2026, 10, 30, 16, 0, 0, 0, loc), time.Date(2026, 11, 2, 9, 0, 0, 0, loc), true),
			order(5, time.Date(2026, 10, 30, 16, 30, 0, 0, loc), time.Date(2026, 11, 2, 9, 30, 0, 0, loc), true),
		} {
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
	rep, err := FromRollups(st, cfg, p, time.Date(2026, 12, 1, 8, 0, 0, 0, loc))
	if err != nil {
		t.Fatal(err)
	}
	var row *Row
	for i := range rep.Ranking {
		if rep.Ranking[i].Department == dept {
			row = &rep.Ranking[i]
		}
	}
	if row == nil {
		t.Fatalf("%s not in the report: %+v", dept, rep.Ranking)
	}
	if row.Received != 1 || row.Signed != 3 || row.SignedOnTime != 3 || row.ResponseRate != 1 {
		t.Errorf("dispatched %d, signed %d, on time %d: 按时签收率 %v, want 1", row.Received, row.Signed, row.SignedOnTime, row.ResponseRate)
	}
	if row.Returned != 2 || row.ReturnRate != 0.4 {
		t.Errorf("returned %d of %d signed: 退单率 %v, want 2/(3+2) = 0.4", row.Returned, row.Signed, row.ReturnRate)
	}
}

// TestKPISheetAndSection: the workbook has a KPI sheet (report_texts.
// workbook.kpis) with a table per league and the city's totals, rates as
// percentages and — for a rate over nothing; the page has the KPI section;
// an archived report made before the KPIs were kept has neither, rather
// than rates of 0%.
func TestKPISheetAndSection(t *testing.T) {
	rep := sampleReport(t)
	tx := defaultTexts(t)
	var buf bytes.Buffer
	if err := Write(&buf, rep, FormatXLSX, tx); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(tx.Workbook.Sheets.KPIs)
	if err != nil {
		t.Fatalf("no sheet %s: %v (%v)", tx.Workbook.Sheets.KPIs, err, f.GetSheetList())
	}
	headers, totals := 0, false
	for _, r := range rows {
		if len(r) > 0 && r[0] == tx.Workbook.KPIs.Columns.Department {
			headers++
			if strings.Join(r, ",") != strings.Join(config.Columns(tx.Workbook.KPIs.Columns), ",") {
				t.Errorf("header %v", r)
			}
		}
		if len(r) > 2 && r[0] == rep.Totals.Department {
			totals = true
			if r[2] != formatPct(rep.Totals.ResponseRate) {
				t.Errorf("totals' 按时签收率 cell %q, want %q", r[2], formatPct(rep.Totals.ResponseRate))
			}
		}
	}
	if headers != len(rep.Leagues)+1 || !totals || rows[len(rows)-1][0] != tx.Workbook.KPIs.Definitions {
		t.Errorf("KPI sheet: %d headers for %d leagues, totals %v, last row %v", headers, len(rep.Leagues), totals, rows[len(rows)-1])
	}
	sum, _ := f.GetRows(tx.Workbook.Sheets.Summary)
	found := map[string]bool{}
	for _, r := range sum {
		if len(r) > 0 {
			found[r[0]] = true
		}
	}
	if !found[tx.Workbook.Summary.Direct] || !found[tx.Workbook.Summary.Visit] {
		t.Errorf("summary lacks %s or %s", tx.Workbook.Summary.Direct, tx.Workbook.Summary.Visit)
	}
	buf.Reset()
	if err := Write(&buf, rep, FormatHTML, tx); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id="kpis"`, tx.Page.Sections.KPIs, tx.Page.KPIColumns.VisitRate, tx.Page.KPIDefinitions, tx.Page.KPIs.Direct} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}

	old := *rep
	old.KPIs = false
	buf.Reset()
	if err := Write(&buf, &old, FormatXLSX, tx); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if idx, _ := g.GetSheetIndex(tx.Workbook.Sheets.KPIs); idx >= 0 {
		t.Errorf("an older report's workbook has a KPI sheet: %v", g.GetSheetList())
	}
	buf.Reset()
	if err := Write(&buf, &old, FormatHTML, tx); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), `id="kpis"`) {
		t.Error("an older report's page has a KPI section")
	}
}

// formatPct is a rate as excelize reads the percentage style (0.00%).
func formatPct(f float64) string { return fmt.Sprintf("%.2f%%", f*100) }

// TestArchivedSignRateKeepsItsDenominator: a report archived before
// 按时签收率 counted the orders not signed for by their deadline was over
// the orders signed; read back it keeps that denominator (a rate, not —),
// while a report of now says it counts them (SignLateKept).
func TestArchivedSignRateKeepsItsDenominator(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"), &store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	row := Row{Department: "市城市管理局", Signed: 4, SignedOnTime: 3, ResponseRate: 0.75}
	old := &Report{Kind: Monthly, Period: "2026-10", Totals: row, Leagues: []League{{Name: "departments", Rows: []Row{row}}}}
	if err := Archive(st, old); err != nil {
		t.Fatal(err)
	}
	got, err := Load(st, Monthly, "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	if got.Totals.ToSign != 4 || got.Leagues[0].Rows[0].ToSign != 4 {
		t.Errorf("the archived report's 按时签收率 is over %d and %d, want its signed, 4", got.Totals.ToSign, got.Leagues[0].Rows[0].ToSign)
	}
	cur := &Report{Kind: Monthly, Period: "2026-11", SignLateKept: true, Totals: Row{Signed: 4, SignedOnTime: 3, SignLate: 0, ToSign: 3}}
	if err := Archive(st, cur); err != nil {
		t.Fatal(err)
	}
	if got, err := Load(st, Monthly, "2026-11"); err != nil || got.Totals.ToSign != 3 {
		t.Errorf("a report of now read back: over %d (%v), want 3", got.Totals.ToSign, err)
	}
}

// TestSummaryRatesHeadedByTheirBase: on the summary sheet the rates sit
// under a header of their own (指标, 本期, 计算基数（件）) with the count
// each is over in the third column, not under the received row's 上期,
// where a reader took 424 dispatches for last month's 派单准确率.
func TestSummaryRatesHeadedByTheirBase(t *testing.T) {
	rep := sampleReport(t)
	tx := defaultTexts(t)
	wb := tx.Workbook
	var buf bytes.Buffer
	if err := Write(&buf, rep, FormatXLSX, tx); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(wb.Sheets.Summary)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{
		wb.Summary.Satisfied: rep.Satisfaction.Rated, wb.Summary.Response: rep.Totals.ToSign, wb.Summary.Finish: rep.Totals.Replied,
		wb.Summary.Direct: rep.Received, wb.Summary.Visit: rep.Totals.Visited + rep.Totals.NotVisited,
		wb.Summary.Auto: rep.Dispatch.Auto.Dispatched, wb.Summary.Manual: rep.Dispatch.Manual.Dispatched,
	}
	var header []string
	seen := 0
	for _, r := range rows {
		if len(r) > 0 && r[0] == wb.Summary.Indicator {
			header = r
			continue
		}
		if len(r) == 0 {
			continue
		}
		base, ok := want[r[0]]
		if !ok {
			continue
		}
		seen++
		if strings.Join(header, ",") != strings.Join([]string{wb.Summary.Indicator, wb.Current, wb.Summary.Base}, ",") {
			t.Errorf("%s is headed %v", r[0], header)
		}
		if len(r) < 3 || r[2] != fmt.Sprint(base) {
			t.Errorf("%s row %v, want its base %d in the third column", r[0], r, base)
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d rates in %v", seen, len(want), rows)
	}
}
