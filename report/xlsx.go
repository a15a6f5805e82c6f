package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
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

// Write writes r in format (json, xlsx or html).
func Write(w io.Writer, r *Report, format string) error {
	switch format {
	case FormatJSON, "":
		return WriteJSON(w, r)
	case FormatXLSX:
		return WriteXLSX(w, r)
	case FormatHTML:
		return WriteHTML(w, r)
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

func (s *sheetWriter) header(vals ...any) {
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

// WriteXLSX writes r as a workbook with native Excel charts: the daily
// trend (line) and each league's scores (bars).
func WriteXLSX(w io.Writer, r *Report) error {
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
	if err := f.SetSheetName("Sheet1", "概况"); err != nil {
		return err
	}
	sum := &sheetWriter{f: f, name: "概况", head: head, pct: pct, title: title}
	sum.heading(fmt.Sprintf("%s 12345 市长公开电话 %s报告", r.City, r.KindLabel))
	sum.put("统计期间", r.Label, r.From+" 至 "+r.To)
	sum.put("生成时间", r.GeneratedAt.Format("2006-01-02 15:04"))
	sum.put()
	sum.header("指标", "本期", "上期", "变化")
	sum.put("受理量", r.Received, r.PrevReceived, r.Change)
	sum.percent(4, 4, sum.row, sum.row)
	sum.put("回访满意率", r.Satisfaction.Rate)
	sum.percent(2, 2, sum.row, sum.row)
	sum.put("按时签收率（全市）", r.Totals.ResponseRate)
	sum.percent(2, 2, sum.row, sum.row)
	sum.put("按时办结率（全市）", r.Totals.FinishRate)
	sum.percent(2, 2, sum.row, sum.row)
	sum.put("派单准确率（自动）", r.Dispatch.Auto.Rate, r.Dispatch.Auto.Dispatched)
	sum.percent(2, 2, sum.row, sum.row)
	sum.put("派单准确率（人工）", r.Dispatch.Manual.Rate, r.Dispatch.Manual.Dispatched)
	sum.percent(2, 2, sum.row, sum.row)
	sum.put("领导接听件", len(r.Leader))
	sum.put("批示件", len(r.Instructions))
	sum.put()
	sum.put("综合得分权重", fmt.Sprintf("响应率 %.0f%%，解决率 %.0f%%，满意率 %.0f%%", r.Weights.Response*100, r.Weights.Resolve*100, r.Weights.Satisfaction*100))
	sum.put("排名最低样本量", r.MinSample)
	if sum.err != nil {
		return sum.err
	}
	_ = f.SetColWidth("概况", "A", "A", 22)
	_ = f.SetColWidth("概况", "B", "C", 18)

	// Trend with a line chart.
	tr := newSheet("趋势")
	tr.header("日期", "受理量")
	for _, p := range r.Trend {
		tr.put(p.Day, p.Received)
	}
	if tr.err != nil {
		return tr.err
	}
	_ = f.SetColWidth("趋势", "A", "A", 12)
	if len(r.Trend) > 0 {
		n := len(r.Trend) + 1
		if err := f.AddChart("趋势", "D2", &excelize.Chart{
			Type: excelize.Line,
			Series: []excelize.ChartSeries{{Name: "趋势!$B$1", Categories: fmt.Sprintf("趋势!$A$2:$A$%d", n),
				Values: fmt.Sprintf("趋势!$B$2:$B$%d", n)}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "每日受理量"}}},
			Legend:    excelize.ChartLegend{Position: "none"},
			Dimension: excelize.ChartDimension{Width: 720, Height: 320},
		}); err != nil {
			return err
		}
	}

	// Sources.
	src := newSheet("来源")
	for _, part := range []struct {
		title string
		vs    []Volume
	}{{"按渠道", r.ByChannel}, {"按诉求类型", r.ByType}, {"按类别", r.ByCategory}, {"按区县", r.ByDistrict}, {"热点地点", r.HotTowns}, {"激增类别", r.Spikes}} {
		src.heading(part.title)
		src.header("名称", "本期", "上期", "变化")
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
	_ = f.SetColWidth("来源", "A", "A", 20)

	// Rankings, one table and one bar chart per league.
	rk := newSheet("排名")
	chartRow := 1
	for _, lg := range r.Leagues {
		rk.heading(lg.Label)
		rk.header("名次", "单位", "派单量", "按时签收", "按时办结", "超期", "退回", "延期", "重办", "回访", "已解决", "满意", "响应率", "按时办结率", "解决率", "满意率", "综合得分", "备注")
		first := rk.row + 1
		for _, x := range lg.Rows {
			rank := any(x.Rank)
			if x.Rank == 0 {
				rank = "—"
			}
			rk.put(rank, x.Department, x.Received, x.SignedOnTime, x.FinishedOnTime, x.Overdue, x.Returned, x.Extended,
				x.Reopened, x.Visited, x.Resolved, x.Satisfied, x.ResponseRate, x.FinishRate, x.ResolveRate, x.SatisfactionRate, x.Score, x.Note)
		}
		last := rk.row
		rk.percent(13, 16, first, last)
		rk.put()
		if rk.err != nil {
			return rk.err
		}
		if last >= first {
			if err := f.AddChart("排名", cell(20, chartRow), &excelize.Chart{
				Type: excelize.Bar,
				Series: []excelize.ChartSeries{{Name: "排名!$Q$" + fmt.Sprint(first-1),
					Categories: fmt.Sprintf("排名!$B$%d:$B$%d", first, last), Values: fmt.Sprintf("排名!$Q$%d:$Q$%d", first, last)}},
				Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: lg.Label + "综合得分"}}},
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
	_ = f.SetColWidth("排名", "B", "B", 26)

	// Satisfaction and dispatch accuracy.
	sat := newSheet("满意度与派单")
	sat.heading("回访满意度")
	sat.header("已评价", "满意", "基本满意", "不满意", "满意率", "回访", "未回访")
	s := r.Satisfaction
	sat.put(s.Rated, s.Satisfied, s.BasicSatisfied, s.Unsatisfied, s.Rate, s.Visited, s.NotVisited)
	sat.percent(5, 5, sat.row, sat.row)
	sat.put()
	sat.heading("派单准确率（未退回、未改派的派单占比）")
	sat.header("方式", "派单", "准确", "准确率")
	sat.put("自动派单", r.Dispatch.Auto.Dispatched, r.Dispatch.Auto.Held, r.Dispatch.Auto.Rate)
	sat.put("人工派单", r.Dispatch.Manual.Dispatched, r.Dispatch.Manual.Held, r.Dispatch.Manual.Rate)
	sat.put("合计", r.Dispatch.All.Dispatched, r.Dispatch.All.Held, r.Dispatch.All.Rate)
	sat.percent(4, 4, sat.row-2, sat.row)
	if sat.err != nil {
		return sat.err
	}

	// Leader items and 批示件.
	fl := newSheet("领导接听件与批示件")
	fl.heading("领导接听件")
	fl.header("工单号", "标题", "接听领导", "承办单位", "状态", "受理时间", "办理期限", "超期")
	for _, o := range r.Leader {
		over := ""
		if o.Overdue {
			over = "是"
		}
		fl.put(o.Number, o.Title, o.Leader, o.Department, o.StatusLabel, o.ReceivedAt, o.Due, over)
	}
	fl.put()
	fl.heading("批示件")
	fl.header("工单号", "标题", "承办单位", "批示领导", "批示", "批示时间", "批示期限", "办理情况", "办结时间", "工单状态")
	for _, o := range r.Instructions {
		fl.put(o.Number, o.Title, o.Department, o.Leader, o.Instruction, o.InstructedAt, o.InstructionDue, o.StateLabel, o.DoneAt, o.StatusLabel)
	}
	fl.put()
	if fl.err != nil {
		return fl.err
	}
	_ = f.SetColWidth("领导接听件与批示件", "A", "C", 18)
	f.SetActiveSheet(0)
	return f.Write(w)
}
