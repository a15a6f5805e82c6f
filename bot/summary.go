package bot

// The order summary shown before 确认, and how deadlines are written.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"hotline/ticket"
)

func (e *Engine) summary(d *ticket.Ticket) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【诉求】%s\n", d.Title)
	catName := d.Category
	if c, ok := e.cfg.Category(d.Category); ok {
		catName = c.Name
	}
	fmt.Fprintf(&b, "【类别】%s · %s\n", d.Type, catName)
	place := strings.TrimSpace(strings.Join(nonEmpty(d.District, d.Town, d.Address), " "))
	if place == "" && d.Location != nil {
		place = fmt.Sprintf("位置 %.5f, %.5f", d.Location.Lat, d.Location.Lng)
	}
	if place == "" {
		place = "未提供"
	}
	fmt.Fprintf(&b, "【地点】%s\n", place)
	phone := d.Phone
	if phone == "" {
		phone = "未提供"
	}
	fmt.Fprintf(&b, "【联系电话】%s\n", phone)
	fmt.Fprintf(&b, "【承办单位】%s", d.Department)
	if d.Urgency != "" && d.Urgency != ticket.UrgencyNormal {
		fmt.Fprintf(&b, "\n【紧急程度】%s", d.Urgency)
	}
	return b.String()
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
		return "待定"
	}
	return t.In(e.loc).Format("2006年1月2日 15:04")
}
