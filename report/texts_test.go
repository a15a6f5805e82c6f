package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"hotline/config"
)

// TestPeriodLabelFromConfig: a period's label comes from
// report_texts.periods, in the report's JSON and on its page; the
// district of orders without one from report_texts.unknown_district.
func TestPeriodLabelFromConfig(t *testing.T) {
	def := sampleReport(t)
	if def.Label != "2026年11月" {
		t.Errorf("default label %q, want 2026年11月", def.Label)
	}
	rep := sampleReportWith(t, func(c *config.Config) {
		c.ReportTexts.Periods.Monthly = "{{.Year}}年{{.Month}}月份（{{.From.Day}}日至{{.To.Day}}日）"
		c.ReportTexts.UnknownDistrict = "未填区县"
	})
	const want = "2026年11月份（1日至30日）"
	var buf bytes.Buffer
	if err := Write(&buf, rep, FormatJSON); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Label      string   `json:"label"`
		ByDistrict []Volume `json:"by_district"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Label != want {
		t.Errorf("JSON label %q, want %q", got.Label, want)
	}
	found := false
	for _, v := range got.ByDistrict {
		found = found || v.Key == unknownPlaceName && v.Label == "未填区县"
	}
	if !found {
		t.Errorf("no district labelled 未填区县: %+v", got.ByDistrict)
	}
	buf.Reset()
	if err := Write(&buf, rep, FormatHTML); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), want) || !strings.Contains(buf.String(), "未填区县") {
		t.Errorf("page lacks %q or 未填区县", want)
	}
}

// A weekly, monthly or quarterly report over --from and --to is labelled
// as the span of days it covers.
func TestPeriodLabelKinds(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	loc := cfg.Location()
	for _, c := range []struct{ kind, name, from, to, want string }{
		{Weekly, "2026-W48", "", "", "2026年第48周（11月23日至11月29日）"},
		{Monthly, "2026-11", "", "", "2026年11月"},
		{Quarterly, "2026-Q4", "", "", "2026年第四季度"},
		{Range, "", "2026-11-01", "2026-11-15", "2026年11月1日至2026年11月15日"},
		{Weekly, "", "2026-11-23", "2026-11-29", "2026年11月23日至2026年11月29日"},
	} {
		p, err := ParsePeriod(c.kind, c.name, c.from, c.to, loc)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Label(cfg.ReportTexts.Periods); got != c.want {
			t.Errorf("%s %s%s: %q, want %q", c.kind, c.name, c.from, got, c.want)
		}
	}
	cfg.ReportTexts.Periods.Quarters = []string{"春", "夏", "秋", "冬"}
	p, _ := ParsePeriod(Quarterly, "2026-Q1", "", "", loc)
	if got := p.Label(cfg.ReportTexts.Periods); got != "2026年第春季度" {
		t.Errorf("quarter named 春: %q", got)
	}
}
