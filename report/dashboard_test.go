package report

import (
	"path/filepath"
	"testing"
	"time"

	"hotline/config"
	"hotline/store"
	"hotline/ticket"
)

// TestDashboardCalendarMonth: the dashboard's league tables, intake and
// satisfaction are the calendar month to date in city time, not the last
// 30 days; the trend still shows 30 days.
func TestDashboardCalendarMonth(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Report.MinSample = 1
	cfg.ChannelLabels["wechat"] = "微信公众号" // a city's own name reaches the dashboard and the report
	loc := cfg.Location()
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"), &store.Options{Rollup: Rollup(loc), NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// 00:30 on 1 December in Jining is still 30 November in UTC: it
	// belongs to December.
	days := map[time.Time]int{
		time.Date(2026, 11, 20, 10, 0, 0, 0, loc):  4,
		time.Date(2026, 11, 30, 23, 30, 0, 0, loc): 2,
		time.Date(2026, 12, 1, 0, 30, 0, 0, loc):   3,
		time.Date(2026, 12, 2, 9, 0, 0, 0, loc):    1,
	}
	n := 0
	err = st.UpdateNow(func(tx *store.Tx) error {
		for at, count := range days {
			for range count {
				n++
				tk := &ticket.Ticket{Number: ticket.FormatNumber(at.In(loc), n), Channel: "wechat", Type: ticket.TypeComplaint,
					Category: "SRHW", Department: "市城市管理局", Urgency: ticket.UrgencyNormal, Status: ticket.Draft, ReceivedAt: at, Title: "测试"}
				if err := tk.Transition(ticket.Accepted, ticket.Event{At: at, Actor: "bot"}); err != nil {
					return err
				}
				ev := ticket.Event{At: at.Add(time.Minute), Actor: "system",
					Fields: map[string][2]string{"due": {"", at.Add(120 * time.Hour).Format(time.RFC3339)}}}
				if err := tk.Transition(ticket.Dispatched, ev); err != nil {
					return err
				}
				tk.Due = at.Add(120 * time.Hour)
				if err := tx.PutTicket(tk); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, loc)
	d, err := MakeDashboard(st, cfg, now)
	if err != nil {
		t.Fatal(err)
	}
	if d.MonthTotal != 4 || d.MonthFrom != "2026-12-01" || d.MonthTo != "2026-12-02" || d.Month != "2026年12月（1日至2日）" {
		t.Errorf("month %q %s..%s received %d, want 2026年12月（1日至2日） 2026-12-01..2026-12-02 received 4", d.Month, d.MonthFrom, d.MonthTo, d.MonthTotal)
	}
	if len(d.ByChannel) != 1 || d.ByChannel[0].Label != "微信公众号" {
		t.Errorf("dashboard by channel %+v, want the city's label 微信公众号", d.ByChannel)
	}
	p, err := ParsePeriod(Monthly, "2026-11", "", "", loc)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := Make(st, cfg, p, now); err != nil || len(r.ByChannel) != 1 || r.ByChannel[0].Label != "微信公众号" {
		t.Errorf("report by channel %+v (%v), want the city's label 微信公众号", r.ByChannel, err)
	}
	var ranked int64
	for _, lg := range d.Leagues {
		for _, r := range lg.Rows {
			ranked += r.Received
		}
	}
	if ranked != 4 {
		t.Errorf("the league tables count %d dispatched orders, want the month's 4", ranked)
	}
	var trend int64
	for _, p := range d.Trend {
		trend += p.Received
	}
	if len(d.Trend) != 30 || trend != 10 || d.Today != 1 {
		t.Errorf("trend of %d days with %d orders, today %d; want 30 days, 10 orders, today 1", len(d.Trend), trend, d.Today)
	}
	// The month's label is report_texts.periods.month_to_date.
	cfg.ReportTexts.Periods.MonthToDate = "{{.Month}}月1日至{{.To.Format \"1月2日\"}}"
	d, err = MakeDashboard(st, cfg, now)
	if err != nil {
		t.Fatal(err)
	}
	if d.Month != "12月1日至12月2日" {
		t.Errorf("month %q, want 12月1日至12月2日", d.Month)
	}
}

// putDispatched stores count orders of dept received and dispatched at at.
func putDispatched(t *testing.T, st *store.Store, at time.Time, dept string, count int) {
	t.Helper()
	err := st.UpdateNow(func(tx *store.Tx) error {
		for range count {
			n, err := tx.NextTicketNumber(at)
			if err != nil {
				return err
			}
			tk := &ticket.Ticket{Number: n, Channel: "webchat", Type: ticket.TypeComplaint,
				Category: "SRHW", Department: dept, Urgency: ticket.UrgencyNormal, Status: ticket.Draft, ReceivedAt: at, Title: "测试"}
			if err := tk.Transition(ticket.Accepted, ticket.Event{At: at, Actor: "bot"}); err != nil {
				return err
			}
			ev := ticket.Event{At: at.Add(time.Minute), Actor: "system",
				Fields: map[string][2]string{"due": {"", at.Add(120 * time.Hour).Format(time.RFC3339)}}}
			if err := tk.Transition(ticket.Dispatched, ev); err != nil {
				return err
			}
			tk.Due = at.Add(120 * time.Hour)
			if err := tx.PutTicket(tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Early in a month the dashboard says why its league tables rank few
// departments or none (report_texts.dashboard_not_ranked and
// dashboard_no_ranking), instead of showing empty tables.
func TestDashboardSaysWhyNotRanked(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Report.MinSample = 3
	loc := cfg.Location()
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"), &store.Options{Rollup: Rollup(loc), NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// November's orders do not count in December.
	putDispatched(t, st, time.Date(2026, 11, 28, 10, 0, 0, 0, loc), "市城市管理局", 5)

	d, err := MakeDashboard(st, cfg, time.Date(2026, 12, 1, 8, 0, 0, 0, loc))
	if err != nil {
		t.Fatal(err)
	}
	if want := "本月尚无派单，暂无排名（派单满 3 件的单位参与排名）"; len(d.Leagues) != 0 || d.RankingNote != want {
		t.Fatalf("1 December before any order: leagues %+v, note %q, want none and %q", d.Leagues, d.RankingNote, want)
	}

	putDispatched(t, st, time.Date(2026, 12, 1, 9, 0, 0, 0, loc), "市城市管理局", 3)
	putDispatched(t, st, time.Date(2026, 12, 1, 9, 30, 0, 0, loc), "市公安局", 2)
	putDispatched(t, st, time.Date(2026, 12, 1, 10, 0, 0, 0, loc), "任城区人民政府", 1)
	d, err = MakeDashboard(st, cfg, time.Date(2026, 12, 1, 11, 0, 0, 0, loc))
	if err != nil {
		t.Fatal(err)
	}
	if d.RankingNote != "" {
		t.Errorf("a note for the whole dashboard with leagues: %q", d.RankingNote)
	}
	notes := map[string]string{}
	for _, lg := range d.Leagues {
		notes[lg.Name] = lg.Note
	}
	for league, want := range map[string]string{
		LeagueMunicipal: "样本不足（本月派单不足 3 件），暂不排名：市公安局",
		LeagueDistricts: "样本不足（本月派单不足 3 件），暂不排名：任城区人民政府",
	} {
		if notes[league] != want {
			t.Errorf("league %s's note %q, want %q (all: %v)", league, notes[league], want, notes)
		}
	}
	if len(notes) != 2 {
		t.Errorf("leagues %v, want the municipal and the districts'", notes)
	}

	// Once every department has enough, no note; a city's own words.
	putDispatched(t, st, time.Date(2026, 12, 2, 9, 0, 0, 0, loc), "市公安局", 1)
	cfg.ReportTexts.DashboardNotRanked = "{{.Count}} 个单位不足 {{.Min}} 件：{{.Departments}}"
	d, err = MakeDashboard(st, cfg, time.Date(2026, 12, 2, 11, 0, 0, 0, loc))
	if err != nil {
		t.Fatal(err)
	}
	for _, lg := range d.Leagues {
		want := ""
		if lg.Name == LeagueDistricts {
			want = "1 个单位不足 3 件：任城区人民政府"
		}
		if lg.Note != want {
			t.Errorf("2 December, league %s's note %q, want %q", lg.Name, lg.Note, want)
		}
	}
}
