package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"hotline/config"
)

// Formats a report is written in.
const (
	FormatJSON = "json"
	FormatXLSX = "xlsx"
	FormatHTML = "html"
)

// ContentType is the MIME type of format.
func ContentType(format string) string {
	switch format {
	case FormatXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case FormatHTML:
		return "text/html; charset=utf-8"
	}
	return "application/json; charset=utf-8"
}

// Write writes r in format (json, xlsx or html); the workbook and the
// page are headed in the words of t, the config's report_texts.
func Write(w io.Writer, r *Report, format string, t config.ReportTexts) error {
	switch format {
	case FormatJSON, "":
		return WriteJSON(w, r)
	case FormatXLSX:
		return WriteXLSX(w, r, t.Workbook)
	case FormatHTML:
		return WriteHTML(w, r, t.Page)
	}
	return fmt.Errorf("unknown format %q: use json, xlsx or html", format)
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// sheetWriter fills a sheet row by row.
type sheetWriter struct {
	f     *excelize.File
	name  string
	row   int
	err   error
	head  int // the header style
	pct   int // the percentage style
	title int
}

func (s *sheetWriter) put(vals ...any) {
	if s.err != nil {
		return
	}
	s.row++
	s.err = s.f.SetSheetRow(s.name, cell(1, s.row), &vals)
}

func (s *sheetWriter) header(titles ...string) {
	vals := make([]any, len(titles))
	for i, t := range titles {
		vals[i] = t
	}
	s.put(vals...)
	if s.err == nil {
		s.err = s.f.SetCellStyle(s.name, cell(1, s.row), cell(len(vals), s.row), s.head)
	}
}

func (s *sheetWriter) heading(text string) {
	s.put(text)
	if s.err == nil {
		s.err = s.f.SetCellStyle(s.name, cell(1, s.row), cell(1, s.row), s.title)
	}
}

func (s *sheetWriter) percent(fromCol, toCol, fromRow, toRow int) {
	if s.err == nil && toRow >= fromRow {
		s.err = s.f.SetCellStyle(s.name, cell(fromCol, fromRow), cell(toCol, toRow), s.pct)
	}
}

// sheetRef is a sheet's name as a formula refers to it: quoted when it
// holds more than letters and digits.
func sheetRef(name string) string {
	if strings.ContainsAny(name, " !\"#$%&'()*+,-.;<=>@^`{|}~（），、；：") {
		return "'" + strings.ReplaceAll(name, "'", "''") + "'"
	}
	return name
}

// WriteXLSX writes r as a workbook with native Excel charts: the daily
// trend (line) and each league's scores (bars), in the words of t.
func WriteXLSX(w io.Writer, r *Report, t config.ReportWorkbookTexts) error {
	sh := t.Sheets
	f := excelize.NewFile()
	defer f.Close()
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	newSheet := func(name string) *sheetWriter {
		if _, err := f.NewSheet(name); err != nil {
			return &sheetWriter{err: err}
		}
		return &sheetWriter{f: f, name: name, head: head, pct: pct, title: title}
	}
	if err := f.SetSheetName("Sheet1", sh.Summary); err != nil {
		return err
	}
	titles := titleData(r)
	sm := t.Summary
	sum := &sheetWriter{f: f, name: sh.Summary, head: head, pct: pct, title: title}
	sum.heading(config.Render(t.Title, titles))
	sum.put(sm.Period, r.Label, config.Render(sm.Days, titles))
	sum.put(sm.Generated, titles.Generated)
	sum.put()
	sum.header(sm.Indicator, t.Current, t.Previous, t.Change)
	sum.put(sm.Received, r.Received, r.PrevReceived, r.Change)
	sum.percent(4, 4, sum.row, sum.row)
	// The rates have no previous period: under a header of their own,
	// each with the count it is over (the received row's 上期 and 变化
	// would head them wrongly).
	sum.put()
	sum.header(sm.Indicator, t.Current, sm.Base)
	rate := func(label string, v float64, base int64) {
		sum.put(label, rateCell(v, base), base)
		sum.percent(2, 2, sum.row, sum.row)
	}
	rate(sm.Satisfied, r.Satisfaction.Rate, r.Satisfaction.Rated)
	rate(sm.Response, r.Totals.ResponseRate, r.Totals.ToSign)
	rate(sm.Finish, r.Totals.FinishRate, r.Totals.Replied)
	if r.KPIs {
		rate(sm.Direct, r.DirectRate, r.Received)
		rate(sm.Visit, r.Totals.VisitRate, r.Totals.Visited+r.Totals.NotVisited)
	}
	rate(sm.Auto, r.Dispatch.Auto.Rate, r.Dispatch.Auto.Dispatched)
	rate(sm.Manual, r.Dispatch.Manual.Rate, r.Dispatch.Manual.Dispatched)
	sum.put(sm.Leader, len(r.Leader))
	sum.put(sm.Instruct, len(r.Instructions))
	sum.put()
	sum.put(sm.Weights, config.Render(sm.WeightsValue, weightsData(r)))
	sum.put(sm.MinSample, r.MinSample)
	if sum.err != nil {
		return sum.err
	}
	_ = f.SetColWidth(sh.Summary, "A", "A", 22)
	_ = f.SetColWidth(sh.Summary, "B", "C", 18)

	// Trend with a line chart.
	tr := newSheet(sh.Trend)
	tr.header(t.Trend.Day, t.Trend.Received)
	for _, p := range r.Trend {
		tr.put(p.Day, p.Received)
	}
	if tr.err != nil {
		return tr.err
	}
	_ = f.SetColWidth(sh.Trend, "A", "A", 12)
	if len(r.Trend) > 0 {
		n := len(r.Trend) + 1
		ref := sheetRef(sh.Trend)
		if err := f.AddChart(sh.Trend, "D2", &excelize.Chart{
			Type: excelize.Line,
			Series: []excelize.ChartSeries{{Name: ref + "!$B$1", Categories: fmt.Sprintf("%s!$A$2:$A$%d", ref, n),
				Values: fmt.Sprintf("%s!$B$2:$B$%d", ref, n)}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t.Trend.Chart}}},
			Legend:    excelize.ChartLegend{Position: "none"},
			Dimension: excelize.ChartDimension{Width: 720, Height: 320},
		}); err != nil {
			return err
		}
	}

	// Sources.
	src := newSheet(sh.Sources)
	so := t.Sources
	for _, part := range []struct {
		title string
		vs    []Volume
	}{{so.ByChannel, r.ByChannel}, {so.ByType, r.ByType}, {so.ByCategory, r.ByCategory}, {so.ByDistrict, r.ByDistrict}, {so.HotTowns, r.HotTowns}, {so.Spikes, r.Spikes}} {
		src.heading(part.title)
		src.header(so.Name, t.Current, t.Previous, t.Change)
		first := src.row + 1
		for _, v := range part.vs {
			src.put(v.Label, v.Count, v.Prev, v.Change)
		}
		src.percent(4, 4, first, src.row)
		src.put()
	}
	if src.err != nil {
		return src.err
	}
	_ = f.SetColWidth(sh.Sources, "A", "A", 20)

	// Rankings, one table and one bar chart per league.
	rk := newSheet(sh.Ranking)
	rkRef := sheetRef(sh.Ranking)
	chartRow := 1
	for _, lg := range r.Leagues {
		rk.heading(lg.Label)
		rk.header(config.Columns(t.Ranking.Columns)...)
		first := rk.row + 1
		for _, x := range lg.Rows {
			rank := any(x.Rank)
			if x.Rank == 0 {
				rank = "—"
			}
			rk.put(rank, x.Department, x.Received, x.SignedOnTime, x.FinishedOnTime, x.Overdue, x.Returned, x.Extended,
				x.Reopened, x.Visited, x.Resolved, x.Satisfied, x.ResponseRate, x.FinishRate, x.ResolveRate, x.SatisfactionRate, x.Score, inspectionCell(x), x.Note)
		}
		last := rk.row
		rk.percent(13, 16, first, last)
		rk.put()
		if rk.err != nil {
			return rk.err
		}
		if last >= first {
			if err := f.AddChart(sh.Ranking, cell(20, chartRow), &excelize.Chart{
				Type: excelize.Bar,
				Series: []excelize.ChartSeries{{Name: rkRef + "!$Q$" + fmt.Sprint(first-1),
					Categories: fmt.Sprintf("%s!$B$%d:$B$%d", rkRef, first, last), Values: fmt.Sprintf("%s!$Q$%d:$Q$%d", rkRef, first, last)}},
				Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: config.Render(t.Ranking.Chart, config.ReportChartData{League: lg.Label})}}},
				Legend:    excelize.ChartLegend{Position: "none"},
				Dimension: excelize.ChartDimension{Width: 560, Height: uint(120 + 22*(last-first+1))},
			}); err != nil {
				return err
			}
			chartRow += 8 + (last-first+1)*22/20 + 2
			if chartRow < rk.row {
				chartRow = rk.row
			}
		}
	}
	_ = f.SetColWidth(sh.Ranking, "B", "B", 26)

	// Satisfaction and dispatch accuracy.
	st := t.Satisfaction
	sat := newSheet(sh.Satisfaction)
	sat.heading(st.Heading)
	sat.header(config.Columns(st.Columns)...)
	s := r.Satisfaction
	sat.put(s.Rated, s.Satisfied, s.BasicSatisfied, s.Unsatisfied, s.Rate, s.Visited, s.NotVisited)
	sat.percent(5, 5, sat.row, sat.row)
	sat.put()
	sat.heading(st.Dispatch)
	sat.header(config.Columns(st.Accuracy)...)
	sat.put(st.Auto, r.Dispatch.Auto.Dispatched, r.Dispatch.Auto.Held, r.Dispatch.Auto.Rate)
	sat.put(st.Manual, r.Dispatch.Manual.Dispatched, r.Dispatch.Manual.Held, r.Dispatch.Manual.Rate)
	sat.put(st.All, r.Dispatch.All.Dispatched, r.Dispatch.All.Held, r.Dispatch.All.Rate)
	sat.percent(4, 4, sat.row-2, sat.row)
	if sat.err != nil {
		return sat.err
	}

	// Leader items and 批示件.
	fs := t.Flagged
	fl := newSheet(sh.Flagged)
	fl.heading(fs.Leader)
	fl.header(config.Columns(fs.LeaderCols)...)
	for _, o := range r.Leader {
		over := ""
		if o.Overdue {
			over = t.Yes
		}
		fl.put(o.Number, o.Title, o.Leader, o.Department, o.StatusLabel, o.ReceivedAt, o.Due, over)
	}
	fl.put()
	fl.heading(fs.Instructions)
	fl.header(config.Columns(fs.InstructCols)...)
	for _, o := range r.Instructions {
		fl.put(o.Number, o.Title, o.Department, o.Leader, o.Instruction, o.InstructedAt, o.InstructionDue, o.StateLabel, o.DoneAt, o.StatusLabel)
	}
	fl.put()
	if fl.err != nil {
		return fl.err
	}
	_ = f.SetColWidth(sh.Flagged, "A", "C", 18)

	// The design's KPIs, a table per league and the city's totals, with
	// how each is computed; only for a report that carries them all.
	if r.KPIs {
		kp := newSheet(sh.KPIs)
		row := func(x Row) {
			kp.put(x.Department, x.Received, rateCell(x.ResponseRate, x.ToSign), rateCell(x.FinishRate, x.Replied),
				rateCell(x.OverdueRate, x.FinishedOnTime+x.Overdue), rateCell(x.ReturnRate, x.Signed+x.Returned), rateCell(x.ReopenRate, x.Closed+x.Reopened),
				rateCell(x.VisitRate, x.Visited+x.NotVisited), rateCell(x.ResolveRate, x.Rated), rateCell(x.SatisfactionRate, x.Rated))
		}
		for _, lg := range r.Leagues {
			kp.heading(lg.Label)
			kp.header(config.Columns(t.KPIs.Columns)...)
			first := kp.row + 1
			for _, x := range lg.Rows {
				row(x)
			}
			kp.percent(3, 10, first, kp.row)
			kp.put()
		}
		kp.header(config.Columns(t.KPIs.Columns)...)
		row(r.Totals)
		kp.percent(3, 10, kp.row, kp.row)
		kp.put()
		kp.put(t.KPIs.Definitions)
		if kp.err != nil {
			return kp.err
		}
		_ = f.SetColWidth(sh.KPIs, "A", "A", 26)
		_ = f.SetColWidth(sh.KPIs, "C", "J", 11)
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// rateCell is a rate over den items, or — when there were none: a rate
// over nothing is no rate at all, not 0%.
// inspectionCell is a row's 质检均分, — when none of its orders was scored.
func inspectionCell(x Row) any {
	if x.Inspected == 0 {
		return "—"
	}
	return x.InspectionScore
}

func rateCell(f float64, den int64) any {
	if den == 0 {
		return "—"
	}
	return f
}

// titleData fills a report's titles.
func titleData(r *Report) config.ReportTitleData {
	return config.ReportTitleData{City: r.City, KindLabel: r.KindLabel, Label: r.Label, From: r.From, To: r.To,
		Generated: r.GeneratedAt.Format("2006-01-02 15:04")}
}

// weightsData writes the score's weights in percent.
func weightsData(r *Report) config.ReportWeightsData {
	pc := func(f float64) string { return fmt.Sprintf("%.0f", f*100) }
	return config.ReportWeightsData{Response: pc(r.Weights.Response), Resolve: pc(r.Weights.Resolve),
		Satisfaction: pc(r.Weights.Satisfaction), MinSample: r.MinSample}
}
