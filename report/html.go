package report

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"
)

// WriteJSON writes r as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// trendSVG draws the daily intake as an inline SVG line chart.
func trendSVG(pts []Point) template.HTML {
	const W, H, pad = 680.0, 200.0, 30.0
	if len(pts) == 0 {
		return ""
	}
	var max int64 = 1
	for _, p := range pts {
		max = maxInt(max, p.Received)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="每日受理量">`, W, H)
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
func barsSVG(rows []Row) template.HTML {
	const W, label, bar = 680.0, 210.0, 18.0
	H := bar*float64(len(rows)) + 10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="综合得分">`, W, H)
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
	"pct": func(f float64) string { return fmt.Sprintf("%.1f%%", f*100) },
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
<title>{{.City}} 12345 {{.KindLabel}}报告 {{.Label}}</title>
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
<h1>{{.City}} 12345 市长公开电话{{.KindLabel}}报告</h1>
<div class="sub">{{.Label}}（{{.From}} 至 {{.To}}） · 生成于 {{.GeneratedAt.Format "2006-01-02 15:04"}}</div>
<section><h2>一、总体情况</h2>
<div class="kpis">
<div class="kpi">受理量<b>{{.Received}}</b>上期 {{.PrevReceived}}，{{chg .Change}}</div>
<div class="kpi">回访满意率<b>{{rate .Satisfaction.Rate .Satisfaction.Rated}}</b>已评价 {{.Satisfaction.Rated}}</div>
<div class="kpi">按时签收率<b>{{rate .Totals.ResponseRate .Totals.Received}}</b>派单 {{.Totals.Received}}</div>
<div class="kpi">按时办结率<b>{{rate .Totals.FinishRate .Totals.Replied}}</b>反馈 {{.Totals.Replied}}</div>
<div class="kpi">派单准确率<b>{{rate .Dispatch.All.Rate .Dispatch.All.Dispatched}}</b>自动 {{rate .Dispatch.Auto.Rate .Dispatch.Auto.Dispatched}} · 人工 {{rate .Dispatch.Manual.Rate .Dispatch.Manual.Dispatched}}</div>
</div>
{{trend .Trend}}
</section>
<section><h2>二、来源与类别</h2>
<table><tr><th>渠道</th><th>本期</th><th>上期</th><th>变化</th></tr>
{{range .ByChannel}}<tr><td class="l">{{.Label}}</td><td>{{.Count}}</td><td>{{.Prev}}</td><td>{{chg .Change}}</td></tr>{{end}}</table>
<table><tr><th>诉求类型</th><th>本期</th><th>上期</th><th>变化</th></tr>
{{range .ByType}}<tr><td class="l">{{.Label}}</td><td>{{.Count}}</td><td>{{.Prev}}</td><td>{{chg .Change}}</td></tr>{{end}}</table>
<table><tr><th>类别</th><th>本期</th><th>上期</th><th>变化</th></tr>
{{range .ByCategory}}<tr><td class="l">{{.Label}}</td><td>{{.Count}}</td><td>{{.Prev}}</td><td>{{chg .Change}}</td></tr>{{end}}</table>
<table><tr><th>区县</th><th>本期</th><th>上期</th><th>变化</th></tr>
{{range .ByDistrict}}<tr><td class="l">{{.Label}}</td><td>{{.Count}}</td><td>{{.Prev}}</td><td>{{chg .Change}}</td></tr>{{end}}</table>
</section>
<section><h2>三、热点</h2>
<table><tr><th>热点地点</th><th>本期</th><th>上期</th><th>变化</th></tr>
{{range .HotTowns}}<tr><td class="l">{{.Label}}</td><td>{{.Count}}</td><td>{{.Prev}}</td><td>{{chg .Change}}</td></tr>{{else}}<tr><td colspan="4" class="muted">无</td></tr>{{end}}</table>
<table><tr><th>激增类别（较上期增长50%以上）</th><th>本期</th><th>上期</th><th>变化</th></tr>
{{range .Spikes}}<tr><td class="l">{{.Label}}</td><td>{{.Count}}</td><td>{{.Prev}}</td><td>{{chg .Change}}</td></tr>{{else}}<tr><td colspan="4" class="muted">无</td></tr>{{end}}</table>
</section>
<h2>四、承办单位排名</h2>
<p class="muted">综合得分 = 响应率×{{pct .Weights.Response}} + 解决率×{{pct .Weights.Resolve}} + 满意率×{{pct .Weights.Satisfaction}}；派单量少于 {{.MinSample}} 件的单位不参与排名。</p>
{{range .Leagues}}<section class="league"><h3>{{.Label}}</h3>
<table><tr><th>名次</th><th>单位</th><th>派单</th><th>按时签收</th><th>按时办结</th><th>超期</th><th>退回</th><th>延期</th><th>重办</th><th>回访</th><th>解决</th><th>满意</th><th>响应率</th><th>解决率</th><th>满意率</th><th>得分</th></tr>
{{range .Rows}}<tr><td>{{rank .Rank}}</td><td class="l">{{.Department}}</td><td>{{.Received}}</td><td>{{.SignedOnTime}}</td><td>{{.FinishedOnTime}}</td><td>{{.Overdue}}</td><td>{{.Returned}}</td><td>{{.Extended}}</td><td>{{.Reopened}}</td><td>{{.Visited}}</td><td>{{.Resolved}}</td><td>{{.Satisfied}}</td><td>{{rate .ResponseRate .Received}}</td><td>{{rate .ResolveRate .Rated}}</td><td>{{rate .SatisfactionRate .Rated}}</td><td>{{printf "%.2f" .Score}}</td></tr>{{end}}</table>
{{bars .Rows}}</section>{{else}}<p class="muted">本期无派单。</p>{{end}}
<section><h2>五、回访满意度与派单准确率</h2>
<table><tr><th>已评价</th><th>满意</th><th>基本满意</th><th>不满意</th><th>满意率</th><th>回访</th><th>未回访</th></tr>
<tr><td>{{.Satisfaction.Rated}}</td><td>{{.Satisfaction.Satisfied}}</td><td>{{.Satisfaction.BasicSatisfied}}</td><td>{{.Satisfaction.Unsatisfied}}</td><td>{{rate .Satisfaction.Rate .Satisfaction.Rated}}</td><td>{{.Satisfaction.Visited}}</td><td>{{.Satisfaction.NotVisited}}</td></tr></table>
<table><tr><th>派单方式</th><th>派单</th><th>准确（未退回、未改派）</th><th>准确率</th></tr>
<tr><td class="l">自动派单</td><td>{{.Dispatch.Auto.Dispatched}}</td><td>{{.Dispatch.Auto.Held}}</td><td>{{rate .Dispatch.Auto.Rate .Dispatch.Auto.Dispatched}}</td></tr>
<tr><td class="l">人工派单</td><td>{{.Dispatch.Manual.Dispatched}}</td><td>{{.Dispatch.Manual.Held}}</td><td>{{rate .Dispatch.Manual.Rate .Dispatch.Manual.Dispatched}}</td></tr></table>
</section>
<section><h2>六、领导接听件与批示件</h2>
<table><tr><th>领导接听件</th><th>标题</th><th>接听领导</th><th>承办单位</th><th>状态</th><th>期限</th></tr>
{{range .Leader}}<tr><td class="l">{{.Number}}</td><td class="l">{{.Title}}</td><td class="l">{{.Leader}}</td><td class="l">{{.Department}}</td><td>{{.StatusLabel}}{{if .Overdue}}（超期）{{end}}</td><td>{{.Due}}</td></tr>{{else}}<tr><td colspan="6" class="muted">无</td></tr>{{end}}</table>
<table id="instructions"><tr><th>批示件</th><th>标题</th><th>承办单位</th><th>批示领导</th><th>批示</th><th>批示时间</th><th>批示期限</th><th>办理情况</th><th>工单状态</th></tr>
{{range .Instructions}}<tr><td class="l">{{.Number}}</td><td class="l">{{.Title}}</td><td class="l">{{.Department}}</td><td class="l">{{.Leader}}</td><td class="l">{{.Instruction}}</td><td>{{.InstructedAt}}</td><td>{{.InstructionDue}}</td><td>{{.StateLabel}}</td><td>{{.StatusLabel}}</td></tr>{{else}}<tr><td colspan="9" class="muted">无</td></tr>{{end}}</table>
</section>
</body></html>
`))

// WriteHTML writes r as a printable zh-CN page (A4), its charts inline as
// SVG, with nothing loaded from elsewhere.
func WriteHTML(w io.Writer, r *Report) error {
	return htmlTmpl.Execute(w, r)
}
