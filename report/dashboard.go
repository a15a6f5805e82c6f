package report

import (
	"strings"
	"time"

	"hotline/config"
	"hotline/store"
	"hotline/ticket"
)

// Dashboard is the live view for supervisors and leaders: today's intake
// by channel and hour, the queues, overdue orders, the league tables and
// satisfaction of the calendar month to date (city time), and the trend
// of the last 30 days.
type Dashboard struct {
	Now       time.Time      `json:"now"`
	Today     int64          `json:"today"`
	ByChannel []Volume       `json:"by_channel"` // today
	ByHour    [24]int64      `json:"by_hour"`    // today, city time
	Queues    []QueueCount   `json:"queues"`
	Overdue   int            `json:"overdue"`
	Month     string         `json:"month"`      // the calendar month to date, as a label: 2026年12月（1日至2日） (report_texts.periods.month_to_date)
	MonthFrom string         `json:"month_from"` // its first day, YYYY-MM-DD
	MonthTo   string         `json:"month_to"`   // today
	Leagues   []League       `json:"leagues"`
	Trend     []DayStat      `json:"trend"`
	Satisfied Satisfaction   `json:"satisfaction"` // the month to date
	Dispatch  DispatchStats  `json:"dispatch_accuracy"`
	Flagged   []FlaggedOrder `json:"instructions"` // 批示件 not yet handled
	MinSample int            `json:"min_sample"`
	// RankingNote says why there is no league table at all: no department
	// has had an order this month (report_texts.dashboard_no_ranking). A
	// league some of whose departments are not ranked yet says so in its
	// Note (report_texts.dashboard_not_ranked).
	RankingNote string `json:"ranking_note,omitempty"`
	MonthTotal  int64  `json:"month_received"` // the month to date
}

// QueueCount is the number of orders in one state.
type QueueCount struct {
	Status string `json:"status"`
	Label  string `json:"label"`
	Count  int    `json:"count"`
}

// DayStat is one day of the trend.
type DayStat struct {
	Day       string  `json:"day"`
	Received  int64   `json:"received"`
	Rated     int64   `json:"rated"`
	Satisfied int64   `json:"satisfied"` // 满意 + 基本满意
	Rate      float64 `json:"rate"`
}

// MakeDashboard reads the dashboard at now.
func MakeDashboard(st *store.Store, cfg *config.Config, now time.Time) (*Dashboard, error) {
	loc := cfg.Location()
	now = now.In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	d := &Dashboard{Now: now, MinSample: cfg.Report.MinSample}
	channels := store.Counters{}
	trendFrom := today.AddDate(0, 0, -29)
	days := map[string]*DayStat{}
	err := st.View(func(tx *store.Tx) error {
		if err := tx.TicketsNumbered(today.Format("20060102")+"-", func(tk *ticket.Ticket) error {
			if !counted(tk) || Day(tk.ReceivedAt, loc) != Day(now, loc) {
				return nil
			}
			d.Today++
			channels[prefixChannel+tk.Channel]++
			d.ByHour[tk.ReceivedAt.In(loc).Hour()]++
			return nil
		}); err != nil {
			return err
		}
		counts := tx.CountByStatus()
		for _, s := range ticket.AllStatuses() {
			if s.Open() {
				d.Queues = append(d.Queues, QueueCount{Status: string(s), Label: cfg.StatusLabels.Label(string(s)), Count: counts[s]})
			}
		}
		overdue, err := tx.Tickets(store.TicketFilter{DueBefore: now})
		if err != nil {
			return err
		}
		for _, tk := range overdue {
			if tk.Status.AtDepartment() {
				d.Overdue++
			}
		}
		return tx.Rollups(Day(trendFrom, loc), Day(now, loc), func(k store.RollupKey, c store.Counters) error {
			ds := days[k.Day]
			if ds == nil {
				ds = &DayStat{}
				days[k.Day] = ds
			}
			ds.Received += c[CReceived]
			ds.Rated += c[CRated]
			ds.Satisfied += c[CSatisfied] + c[CBasicSatisfied]
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	d.ByChannel = volumes(channels, store.Counters{}, prefixChannel, func(k string) string { return cfg.ChannelLabel(k, "") })
	for t := trendFrom; !t.After(today); t = t.AddDate(0, 0, 1) {
		ds := DayStat{Day: t.Format("2006-01-02")}
		if x := days[Day(t, loc)]; x != nil {
			ds.Received, ds.Rated, ds.Satisfied = x.Received, x.Rated, x.Satisfied
			ds.Rate = ratio(x.Satisfied, x.Rated)
		}
		d.Trend = append(d.Trend, ds)
	}
	// The league tables of the calendar month to date, as the monthly
	// bulletin will rank it.
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, loc)
	month := Period{Kind: Range, Name: first.Format("2006-01-02") + "~" + today.Format("2006-01-02"), From: first, To: today}
	rep, err := Make(st, cfg, month, now)
	if err != nil {
		return nil, err
	}
	d.Month = cfg.ReportTexts.Periods.MonthToDateLabel(first, today)
	d.Leagues, d.Satisfied, d.Dispatch, d.MonthTotal = rep.Leagues, rep.Satisfaction, rep.Dispatch, rep.Received
	rankingNotes(cfg, d)
	d.MonthFrom, d.MonthTo = month.From.Format("2006-01-02"), month.To.Format("2006-01-02")
	for _, o := range rep.Instructions {
		if o.State != ticket.InstructionDone {
			d.Flagged = append(d.Flagged, o)
		}
	}
	return d, nil
}

// rankingNotes says, early in a month, why the league tables rank few
// departments or none: under each league the departments with fewer than
// report.min_sample orders so far, and the whole dashboard's note when no
// department has had an order.
func rankingNotes(cfg *config.Config, d *Dashboard) {
	texts := cfg.ReportTexts
	if len(d.Leagues) == 0 {
		d.RankingNote = config.Render(texts.DashboardNoRanking, config.RankingData{Min: d.MinSample})
		return
	}
	for i, lg := range d.Leagues {
		var few []string
		for _, r := range lg.Rows {
			if r.Rank == 0 {
				few = append(few, r.Department)
			}
		}
		if len(few) > 0 {
			d.Leagues[i].Note = config.Render(texts.DashboardNotRanked,
				config.RankingData{Min: d.MinSample, Departments: strings.Join(few, "、"), Count: len(few)})
		}
	}
}
