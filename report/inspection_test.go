package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotline/store"
	"hotline/ticket"
)

// TestInspectionScoreInReport: a month's report gives each department the
// average of the 质检 scores given in the month (质检均分, on 100) and the
// number scored, the city's too, from the rollups as from a full scan;
// a score of another month or an order drawn and not scored counts not;
// the page and the workbook's ranking show it, — for a department with
// none.
func TestInspectionScoreInReport(t *testing.T) {
	cfg, st := rollupStore(t)
	loc := cfg.Location()
	nov := func(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, loc) }
	order := func(number, dept string, at time.Time) *ticket.Ticket {
		tk := &ticket.Ticket{Number: number, Channel: "webchat", Type: ticket.TypeComplaint, Category: "SZSS", Department: dept,
			Urgency: ticket.UrgencyNormal, Status: ticket.Draft, ReceivedAt: at, Title: "路灯不亮"}
		for _, step := range []struct {
			to ticket.Status
			ev ticket.Event
		}{
			{ticket.Accepted, ticket.Event{At: at, Actor: "bot"}},
			{ticket.Dispatched, ticket.Event{At: at, Actor: "system"}},
			{ticket.Signed, ticket.Event{At: at.Add(time.Hour), Actor: "dept:" + dept + "/a", Action: "sign"}},
		} {
			if err := tk.Transition(step.to, step.ev); err != nil {
				t.Fatal(err)
			}
		}
		return tk
	}
	scored := func(number, dept string, total int, at time.Time) *Inspection {
		in := &Inspection{Number: number, Department: dept, SampledAt: at.Add(-time.Hour), SampledBy: "office", Total: total, Max: 100,
			Scores: map[string]int{"reply": total}, Inspector: "office"}
		in.InspectedAt = at
		return in
	}
	err := st.UpdateNow(func(tx *store.Tx) error {
		for _, tk := range []*ticket.Ticket{order("20261102-0001", "市城市管理局", nov(2, 9)), order("20261102-0002", "市公安局", nov(2, 10))} {
			if err := tx.PutTicket(tk); err != nil {
				return err
			}
		}
		for _, in := range []*Inspection{
			scored("20261102-0001", "市城市管理局", 95, nov(10, 9)),
			scored("20261101-0001", "市城市管理局", 80, nov(30, 17)),
			scored("20261001-0001", "市城市管理局", 10, time.Date(2026, 10, 31, 23, 0, 0, 0, loc)), // October's
			{Number: "20261101-0002", Department: "市城市管理局", SampledAt: nov(20, 9)},           // not scored
		} {
			if err := PutInspection(tx, in); err != nil {
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
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, loc)
	fromRollups, err := FromRollups(st, cfg, p, now)
	if err != nil {
		t.Fatal(err)
	}
	byScan, err := FromScan(st, cfg, p, now)
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*Report{"rollups": fromRollups, "scan": byScan} {
		rows := map[string]Row{}
		for _, x := range r.Ranking {
			rows[x.Department] = x
		}
		if x := rows["市城市管理局"]; x.Inspected != 2 || x.InspectionScore != 87.5 {
			t.Errorf("%s: 市城市管理局 %d scored, 质检均分 %v; want 2 and 87.5", name, x.Inspected, x.InspectionScore)
		}
		if x := rows["市公安局"]; x.Inspected != 0 || x.InspectionScore != 0 {
			t.Errorf("%s: 市公安局 %d scored, %v", name, x.Inspected, x.InspectionScore)
		}
		if r.Totals.Inspected != 2 || r.Totals.InspectionScore != 87.5 {
			t.Errorf("%s: the city's %d scored, %v", name, r.Totals.Inspected, r.Totals.InspectionScore)
		}
	}
	var page bytes.Buffer
	if err := WriteHTML(&page, fromRollups, cfg.ReportTexts.Page); err != nil {
		t.Fatal(err)
	}
	html := page.String()
	if !strings.Contains(html, "<th>质检均分</th>") || !strings.Contains(html, "<td>87.50</td></tr>") || !strings.Contains(html, "<td>—</td></tr>") {
		t.Error("the page's league table lacks 质检均分 87.50 for 市城市管理局 and — for 市公安局")
	}
	var book bytes.Buffer
	if err := WriteXLSX(&book, fromRollups, cfg.ReportTexts.Workbook); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(book.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(cfg.ReportTexts.Workbook.Sheets.Ranking)
	if err != nil {
		t.Fatal(err)
	}
	col, got := -1, map[string]string{}
	for _, row := range rows {
		for i, c := range row {
			if c == "质检均分" {
				col = i
			}
		}
		if col >= 0 && len(row) > col && len(row) > 1 {
			got[row[1]] = row[col]
		}
	}
	if got["市城市管理局"] != "87.5" || got["市公安局"] != "—" {
		t.Errorf("the workbook's ranking: 质检均分 column %d, values %v", col, got)
	}
}
