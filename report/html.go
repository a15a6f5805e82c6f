package report

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"

	"hotline/config"
)

// WriteJSON writes r as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// trendSVG draws the daily intake as an inline SVG line chart.
func trendSVG(pts []Point, label string) template.HTML {
	const W, H, pad = 680.0, 200.0, 30.0
	if len(pts) == 0 {
		return ""
	}
	var max int64 = 1
	for _, p := range pts {
		max = maxInt(max, p.Received)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="%s">`, W, H, template.HTMLEscapeString(label))
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#999"/>`, pad, H-pad, W-pad/2, H-pad)
	fmt.Fprintf(&b, `<text x="2" y="%.0f" font-size="10">%d</text><text x="2" y="%.0f" font-size="10">0</text>`, pad, max, H-pad)
	step := (W - pad*1.5) / float64(maxInt(1, int64(len(pts)-1)))
	b.WriteString(`<polyline fill="none" stroke="#c0392b" stroke-width="2" points="`)
	for i, p := range pts {
		x := pad + float64(i)*step
		y := H - pad - float64(p.Received)/float64(max)*(H-2*pad)
		fmt.Fprintf(&b, "%.1f,%.1f ", x, y)
	}
	b.WriteString(`"/>`)
	for i, p := range pts {
		if len(pts) <= 10 || i%(len(pts)/8+1) == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="9" text-anchor="middle">%s</text>`, pad+float64(i)*step, H-pad+14, template.HTMLEscapeString(p.Day[5:]))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// barsSVG draws a league's scores as horizontal bars.
func barsSVG(rows []Row, name string) template.HTML {
	const W, label, bar = 680.0, 210.0, 18.0
	H := bar*float64(len(rows)) + 10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="%s">`, W, H, template.HTMLEscapeString(name))
	for i, r := range rows {
		y := 5 + float64(i)*bar
		w := r.Score / 100 * (W - label - 50)
		color := "#2e86c1"
		if r.Rank == 0 {
			color = "#bbb"
		}
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="11" text-anchor="end">%s</text>`, label-6, y+bar*0.7, template.HTMLEscapeString(r.Department))
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, label, y+2, w, bar-4, color)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10">%.2f</text>`, label+w+4, y+bar*0.7, r.Score)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func maxInt(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	// rate is a percentage of den items, or — when there were none: a
	// rate over nothing is no rate at all, not 0%.
	"rate": func(f float64, den int64) string {
		if den == 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f%%", f*100)
	},
	"chg": func(f float64) string {
		if f == 0 {
			return "—"
		}
		return fmt.Sprintf("%+.1f%%", f*100)
	},
	"add":   func(a, b int64) int64 { return a + b },
	"trend": trendSVG,
	"bars":  barsSVG,
	"rank": func(n int) string {
		if n == 0 {
			return "—"
		}
		return fmt.Sprint(n)
	},
}).Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.HeadTitle}}</title>
<style>
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 11pt; color: #222; max-width: 190mm; margin: 0 auto; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4px; }
h2 { font-size: 13pt; border-left: 4px solid #c0392b; padding-left: 6px; margin: 18px 0 6px; }
.sub { text-align: center; color: #555; margin-bottom: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 4px 0 8px; }
th, td { border: 1px solid #bbb; padding: 2px 4px; text-align: right; }
th { background: #eef3f8; text-align: center; }
td.l { text-align: left; }
.kpis { display: flex; flex-wrap: wrap; gap: 8px; }
.kpi { border: 1px solid #ccc; padding: 6px 10px; min-width: 30mm; }
.kpi b { display: block; font-size: 15pt; }
section { break-inside: avoid; }
.league { break-before: auto; }
.muted { color: #777; }
</style></head><body>
<h1>{{.Title}}</h1>
<div class="sub">{{.Subtitle}}</div>
<section><h2>{{.T.Sections.Overview}}</h2>
<div class="kpis">{{$k := .T.KPIs}}
<div class="kpi">{{$k.Received}}<b>{{.Received}}</b>{{$k.Previous}} {{.PrevReceived}}，{{chg .Change}}</div>
<div class="kpi">{{$k.Satisfied}}<b>{{rate .Satisfaction.Rate .Satisfaction.Rated}}</b>{{$k.Rated}} {{.Satisfaction.Rated}}</div>
<div class="kpi">{{$k.Response}}<b>{{rate .Totals.ResponseRate .Totals.ToSign}}</b>{{$k.Signed}} {{.Totals.Signed}}</div>
<div class="kpi">{{$k.Finish}}<b>{{rate .Totals.FinishRate .Totals.Replied}}</b>{{$k.Replied}} {{.Totals.Replied}}</div>
<div class="kpi">{{$k.Accuracy}}<b>{{rate .Dispatch.All.Rate .Dispatch.All.Dispatched}}</b>{{$k.Auto}} {{rate .Dispatch.Auto.Rate .Dispatch.Auto.Dispatched}} · {{$k.Manual}} {{rate .Dispatch.Manual.Rate .Dispatch.Manual.Dispatched}}</div>
{{if .KPIs}}<div class="kpi">{{$k.Direct}}<b>{{rate .DirectRate .Received}}</b>{{$k.Received}} {{.Received}}</div>
<div class="kpi">{{$k.Visit}}<b>{{rate .Totals.VisitRate (add .Totals.Visited .Totals.NotVisited)}}</b>{{$k.VisitBase}} {{add .Totals.Visited .Totals.NotVisited}}</div>{{end}}
</div>
{{trend .Trend .T.TrendChart}}
</section>{{$v := .T.Volumes}}{{$none := .T.None}}
<section><h2>{{.T.Sections.Sources}}</h2>
<table><tr><th>{{$v.ByChannel}}</th><th>{{$v.Current}}</th><th>{{$v.Previous}}</th><th>{{$v.Change}}</th></tr>
{{range .ByChannel}}<tr><td class="l">{{.Label}}</td><td>{{.Count}}</td><td>{{.Prev}}</td><td>{{chg .Change}}</td></tr>{{end}}</table>
<table><tr><th>{{$v.ByType}}</th><th>{{$v.Current}}</th><th>{{$v.Previous}}</th><th>{{$v.Change}}</th></tr>
{{range .ByType}}<tr><td class="l">{{.Label}}</td><td>{{.Count}}</td><td>{{.Prev}}</td><td>{{chg .Change}}</td></tr>{{end}}</table>
<table><tr><th>{{$v.ByCategory}}</th><th>{{$v.Current}}</th><th>{{$v.Previous}}</th><th>{{$v.Change}}</th></tr>
{{range .ByCategory}}<tr><td class="l">{{.Label}}</td><td>{{.Count}}</td><td>{{.Prev}}</td><td>{{chg .Change}}</td></tr>{{end}}</table>
<table><tr><th>{{$v.ByDistrict}}</th><th>{{$v.Current}}</th><th>{{$v.Previous}}</th><th>{{$v.Change}}</th></tr>
{{range .ByDistrict}}<tr><td class="l">{{.Label}}</td><td>{{.Count}}</td><td>{{.Prev}}</td><td>{{chg .Change}}</td></tr>{{end}}</table>
</section>
<section><h2>{{.T.Sections.Hot}}</h2>
<table><tr><th>{{$v.HotTowns}}</th><th>{{$v.Current}}</th><th>{{$v.Previous}}</th><th>{{$v.Change}}</th></tr>
{{range .HotTowns}}<tr><td class="l">{{.Label}}</td><td>{{.Count}}</td><td>{{.Prev}}</td><td>{{chg .Change}}</td></tr>{{else}}<tr><td colspan="4" class="muted">{{$none}}</td></tr>{{end}}</table>
<table><tr><th>{{$v.Spikes}}</th><th>{{$v.Current}}</th><th>{{$v.Previous}}</th><th>{{$v.Change}}</th></tr>
{{range .Spikes}}<tr><td class="l">{{.Label}}</td><td>{{.Count}}</td><td>{{.Prev}}</td><td>{{chg .Change}}</td></tr>{{else}}<tr><td colspan="4" class="muted">{{$none}}</td></tr>{{end}}</table>
</section>
<h2>{{.T.Sections.Ranking}}</h2>
<p class="muted">{{.Weights}}</p>{{$score := .T.ScoreChart}}{{$lc := .LeagueCols}}
{{range .Leagues}}<section class="league"><h3>{{.Label}}</h3>
<table><tr>{{range $lc}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr><td>{{rank .Rank}}</td><td class="l">{{.Department}}</td><td>{{.Received}}</td><td>{{.SignedOnTime}}</td><td>{{.FinishedOnTime}}</td><td>{{.Overdue}}</td><td>{{.Returned}}</td><td>{{.Extended}}</td><td>{{.Reopened}}</td><td>{{.Visited}}</td><td>{{.Resolved}}</td><td>{{.Satisfied}}</td><td>{{rate .ResponseRate .ToSign}}</td><td>{{rate .ResolveRate .Rated}}</td><td>{{rate .SatisfactionRate .Rated}}</td><td>{{printf "%.2f" .Score}}</td><td>{{if .Inspected}}{{printf "%.2f" .InspectionScore}}{{else}}—{{end}}</td></tr>{{end}}</table>
{{bars .Rows $score}}</section>{{else}}<p class="muted">{{.T.NoRanking}}</p>{{end}}
<section><h2>{{.T.Sections.Satisfaction}}</h2>
<table><tr>{{range .SatisfiedCols}}<th>{{.}}</th>{{end}}</tr>
<tr><td>{{.Satisfaction.Rated}}</td><td>{{.Satisfaction.Satisfied}}</td><td>{{.Satisfaction.BasicSatisfied}}</td><td>{{.Satisfaction.Unsatisfied}}</td><td>{{rate .Satisfaction.Rate .Satisfaction.Rated}}</td><td>{{.Satisfaction.Visited}}</td><td>{{.Satisfaction.NotVisited}}</td></tr></table>
<table><tr>{{range .AccuracyCols}}<th>{{.}}</th>{{end}}</tr>
<tr><td class="l">{{.T.Auto}}</td><td>{{.Dispatch.Auto.Dispatched}}</td><td>{{.Dispatch.Auto.Held}}</td><td>{{rate .Dispatch.Auto.Rate .Dispatch.Auto.Dispatched}}</td></tr>
<tr><td class="l">{{.T.Manual}}</td><td>{{.Dispatch.Manual.Dispatched}}</td><td>{{.Dispatch.Manual.Held}}</td><td>{{rate .Dispatch.Manual.Rate .Dispatch.Manual.Dispatched}}</td></tr></table>
</section>
<section><h2>{{.T.Sections.Flagged}}</h2>{{$over := .T.Overdue}}
<table><tr>{{range .LeaderCols}}<th>{{.}}</th>{{end}}</tr>
{{range .Leader}}<tr><td class="l">{{.Number}}</td><td class="l">{{.Title}}</td><td class="l">{{.Leader}}</td><td class="l">{{.Department}}</td><td>{{.StatusLabel}}{{if .Overdue}}{{$over}}{{end}}</td><td>{{.Due}}</td></tr>{{else}}<tr><td colspan="6" class="muted">{{$none}}</td></tr>{{end}}</table>
<table id="instructions"><tr>{{range .InstructCols}}<th>{{.}}</th>{{end}}</tr>
{{range .Instructions}}<tr><td class="l">{{.Number}}</td><td class="l">{{.Title}}</td><td class="l">{{.Department}}</td><td class="l">{{.Leader}}</td><td class="l">{{.Instruction}}</td><td>{{.InstructedAt}}</td><td>{{.InstructionDue}}</td><td>{{.StateLabel}}</td><td>{{.StatusLabel}}</td></tr>{{else}}<tr><td colspan="9" class="muted">{{$none}}</td></tr>{{end}}</table>
</section>{{if .KPIs}}{{$kc := .KPICols}}
<section id="kpis"><h2>{{.T.Sections.KPIs}}</h2>
{{range .Leagues}}<h3>{{.Label}}</h3>
<table><tr>{{range $kc}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}{{template "kpirow" .}}{{end}}</table>{{end}}
<table><tr>{{range $kc}}<th>{{.}}</th>{{end}}</tr>
{{template "kpirow" .Totals}}</table>
<p class="muted">{{.T.KPIDefinitions}}</p>
</section>{{end}}
</body></html>
{{define "kpirow"}}<tr><td class="l">{{.Department}}</td><td>{{.Received}}</td><td>{{rate .ResponseRate .ToSign}}</td><td>{{rate .FinishRate .Replied}}</td><td>{{rate .OverdueRate (add .FinishedOnTime .Overdue)}}</td><td>{{rate .ReturnRate (add .Signed .Returned)}}</td><td>{{rate .ReopenRate (add .Closed .Reopened)}}</td><td>{{rate .VisitRate (add .Visited .NotVisited)}}</td><td>{{rate .ResolveRate .Rated}}</td><td>{{rate .SatisfactionRate .Rated}}</td></tr>{{end}}`))

// page is what the page's template reads: the report, its texts and
// what is made of them.
type page struct {
	*Report
	T                                      config.ReportPageTexts
	HeadTitle, Title, Subtitle             string
	Weights                                string // shadows Report.Weights: the sentence written from them
	LeagueCols, SatisfiedCols              []string
	AccuracyCols, LeaderCols, InstructCols []string
	KPICols                                []string
}

// WriteHTML writes r as a printable zh-CN page (A4) in the words of t, its
// charts inline as SVG, with nothing loaded from elsewhere.
func WriteHTML(w io.Writer, r *Report, t config.ReportPageTexts) error {
	titles := titleData(r)
	weights := weightsData(r)
	pc := func(f float64) string { return fmt.Sprintf("%.1f", f*100) }
	weights.Response, weights.Resolve, weights.Satisfaction = pc(r.Weights.Response), pc(r.Weights.Resolve), pc(r.Weights.Satisfaction)
	return htmlTmpl.Execute(w, page{Report: r, T: t,
		HeadTitle: config.Render(t.HeadTitle, titles), Title: config.Render(t.Title, titles), Subtitle: config.Render(t.Subtitle, titles),
		Weights:    config.Render(t.Weights, weights),
		LeagueCols: config.Columns(t.League), SatisfiedCols: config.Columns(t.Satisfaction),
		AccuracyCols: config.Columns(t.Accuracy), LeaderCols: config.Columns(t.Leader), InstructCols: config.Columns(t.Instructions),
		KPICols: config.Columns(t.KPIColumns)})
}
