package server

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hotline/ticket"
)

// TestDepartmentStateFilterInBrowser: the state filter of a department's
// orders offers the states its orders can be in (meta.department_statuses,
// ticket.DepartmentStatuses), not 草稿 nor 已受理; the office's search
// offers every state.
func TestDepartmentStateFilterInBrowser(t *testing.T) {
	t.Parallel()
	b := browser(t)
	d := newDeskServer(t)
	options := func(name string) []string {
		page := person(t, b)
		deskLogin(t, page, d.url, name)
		run(t, page, name+" opens the order search",
			chromedp.Navigate(d.url+"/desk/?v=orders"),
			chromedp.WaitVisible(chromedp.CSS("#f-status")),
		)
		got := evalIn[string](t, page, `Array.from(document.querySelectorAll("#f-status option")).map(function (o) { return o.value; }).filter(Boolean).join(",")`)
		return strings.Split(got, ",")
	}
	want := []string{}
	for _, s := range ticket.DepartmentStatuses() {
		want = append(want, string(s))
	}
	if got := options("city"); !slices.Equal(got, want) || slices.Contains(got, "draft") || slices.Contains(got, "accepted") {
		t.Errorf("a department's state filter offers %v; want %v", got, want)
	}
	if got := options("office"); len(got) != len(ticket.AllStatuses()) {
		t.Errorf("the office's state filter offers %v; want every state", got)
	}
}
