package bot

// The order summary shown before 确认, and how deadlines are written.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"hotline/config"
	"hotline/ticket"
)

func (e *Engine) summary(d *ticket.Ticket) string {
	st := e.cfg.SummaryTexts
	data := config.SummaryData{Title: d.Title, Type: d.Type, Category: d.Category, Phone: d.Phone, Department: d.Department}
	if c, ok := e.cfg.Category(d.Category); ok {
		data.Category = c.Name
	}
	data.Place = strings.TrimSpace(strings.Join(nonEmpty(d.District, d.Town, d.Address), " "))
	if data.Place == "" && d.Location != nil {
		data.Place = config.Render(st.Location, config.SummaryData{Lat: fmt.Sprintf("%.5f", d.Location.Lat), Lng: fmt.Sprintf("%.5f", d.Location.Lng)})
	}
	notGiven := config.Render(st.NotGiven, config.SummaryData{})
	if data.Place == "" {
		data.Place = notGiven
	}
	if data.Phone == "" {
		data.Phone = notGiven
	}
	if d.Urgency != ticket.UrgencyNormal {
		data.Urgency = d.Urgency
	}
	return config.Render(st.Summary, data)
}

// nonEmpty returns the non-empty ss, leaving out one that another
// contains: district 邹城市, town 千泉街道 and address 邹城市千泉街道某小区 are
// the address alone.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s == "" || slices.ContainsFunc(out, func(o string) bool { return strings.Contains(o, s) }) {
			continue
		}
		out = slices.DeleteFunc(out, func(o string) bool { return strings.Contains(s, o) })
		out = append(out, s)
	}
	return out
}

// formatDue writes a deadline for citizens: 2026年12月4日 18:00.
func (e *Engine) formatDue(t time.Time) string {
	if t.IsZero() {
		return config.Render(e.cfg.SummaryTexts.NoDue, config.SummaryData{})
	}
	return t.In(e.loc).Format(e.cfg.City.TimeFormat)
}
