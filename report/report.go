// Package report makes the office's weekly, monthly and quarterly reports
// (and reports over any range of days) from rollups: counters per day ×
// department × category that the store keeps in the same transaction as
// every work order (facts.go says what is counted). A quarter's report
// reads days × departments, not every order; FromScan computes the same
// report from the orders themselves, which the tests and the benchmark
// compare against.
//
// Departments are ranked in separate leagues by their kind in the config:
// districts, counties and functional areas (government); municipal
// departments; public utilities. A department with fewer dispatched
// orders than report.min_sample is listed but not ranked.
package report

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"hotline/config"
	"hotline/store"
	"hotline/ticket"
)

// Report is one report. Rates are fractions (0..1); Score is 0..100.
type Report struct {
	Kind        string    `json:"kind"`
	KindLabel   string    `json:"kind_label,omitempty"` // report_texts.kinds: 周, 月度, 季度, 统计
	Period      string    `json:"period"`
	Label       string    `json:"label"`
	From        string    `json:"from"` // first day, YYYY-MM-DD
	To          string    `json:"to"`   // last day
	PrevPeriod  string    `json:"previous_period"`
	City        string    `json:"city"`
	GeneratedAt time.Time `json:"generated_at"`

	// Received counts orders received in the period (city time), drafts
	// and withdrawn orders excluded.
	Received     int64   `json:"received"`
	PrevReceived int64   `json:"previous_received"`
	Change       float64 `json:"change"` // relative to the previous period; 0 when it had none

	ByChannel  []Volume `json:"by_channel"`
	ByType     []Volume `json:"by_type"`
	ByCategory []Volume `json:"by_category"`
	ByDistrict []Volume `json:"by_district"`
	HotTowns   []Volume `json:"hot_towns"` // top places
	Spikes     []Volume `json:"spikes"`    // categories that grew most
	Trend      []Point  `json:"trend"`     // received per day

	Ranking      []Row          `json:"ranking"`
	Leagues      []League       `json:"leagues"`
	Satisfaction Satisfaction   `json:"satisfaction"`
	Dispatch     DispatchStats  `json:"dispatch_accuracy"`
	Leader       []FlaggedOrder `json:"leader_items"`
	Instructions []FlaggedOrder `json:"instructions"`
	Totals       Row            `json:"totals"` // all departments together
	Weights      Weights        `json:"weights"`
	MinSample    int            `json:"min_sample"`

	// Direct counts the orders of the period answered directly by the
	// office (直接答复), DirectRate them over Received (直办率).
	Direct     int64   `json:"direct"`
	DirectRate float64 `json:"direct_rate"`
	// KPIs is set on reports that carry every KPI of the design (the
	// rates of Row, Direct): the workbook's KPI sheet and the page's KPI
	// section are drawn for those only, not from an archived report made
	// before, whose rows lack the counts to compute them.
	KPIs bool `json:"kpis,omitempty"`
	// SignLateKept is set on reports whose 按时签收率 counts an order not
	// signed for by its deadline as late (Row.SignLate, Row.ToSign); a
	// report archived before is read with ToSign = Signed, its rate's
	// denominator then (Load).
	SignLateKept bool `json:"sign_late_kept,omitempty"`
}

// Volume is a count with the previous period's.
type Volume struct {
	Key    string  `json:"key"`
	Label  string  `json:"label"`
	Count  int64   `json:"count"`
	Prev   int64   `json:"previous"`
	Change float64 `json:"change"`
}

// Point is one day of the trend.
type Point struct {
	Day      string `json:"day"`
	Received int64  `json:"received"`
}

// Row is one department's figures in the period.
type Row struct {
	Department   string `json:"department"`
	League       string `json:"league"`
	LeagueLabel  string `json:"league_label"`
	Received     int64  `json:"received"` // orders dispatched to it
	Signed       int64  `json:"signed"`
	SignedOnTime int64  `json:"signed_on_time"`
	// SignLate counts the dispatches whose signing the period judged
	// late: the sign deadline passed unsigned (超时未签收, counted on the
	// deadline's day; the later signing adds nothing), or a signing after
	// it. ToSign is what 按时签收率 is over: signed on time + SignLate
	// (in a report archived before SignLate was kept: Signed, Load).
	SignLate       int64 `json:"sign_late"`
	ToSign         int64 `json:"to_sign"`
	Replied        int64 `json:"replied"`
	FinishedOnTime int64 `json:"finished_on_time"`
	Overdue        int64 `json:"overdue"`
	Returned       int64 `json:"returned"`
	Extended       int64 `json:"extended"`
	Reopened       int64 `json:"reopened"`
	Visited        int64 `json:"visited"`
	Rated          int64 `json:"rated"`
	Resolved       int64 `json:"resolved"`
	Satisfied      int64 `json:"satisfied"` // 满意 + 基本满意
	Instructions   int64 `json:"instructions"`
	// NotVisited counts the orders closed without a rating after
	// time_limits.visit_days (未回访).
	NotVisited       int64   `json:"not_visited"`
	Closed           int64   `json:"closed"`            // 办结
	ResponseRate     float64 `json:"response_rate"`     // 按时签收率: signed on time / ToSign
	FinishRate       float64 `json:"finish_rate"`       // 按时办结率: finished on time / replied
	ResolveRate      float64 `json:"resolve_rate"`      // 解决率: resolved / rated
	SatisfactionRate float64 `json:"satisfaction_rate"` // 满意率: satisfied / rated
	OverdueRate      float64 `json:"overdue_rate"`      // 超期率: overdue / (finished on time + overdue)
	ReturnRate       float64 `json:"return_rate"`       // 退单率: returned / (signed + returned)
	ReopenRate       float64 `json:"reopen_rate"`       // 重办率: reopened / (closed + reopened)
	VisitRate        float64 `json:"visit_rate"`        // 回访率: visited / (visited + not visited)
	Score            float64 `json:"score"`
	// Inspected counts the department's orders scored by 质检 in the
	// period, InspectionScore their average on 100 (质检均分; — when
	// none): beside the ranking, not in its composite score.
	Inspected       int64   `json:"inspected"`
	InspectionScore float64 `json:"inspection_score"`
	Rank            int     `json:"rank"` // in its league; 0 = not ranked
	Note            string  `json:"note,omitempty"`
}

// League is one ranking table.
type League struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Rows  []Row  `json:"rows"`
	// Note, on the dashboard, names the departments not ranked yet
	// (rankingNotes); reports say it in each row's Note.
	Note string `json:"note,omitempty"`
}

// Satisfaction is the return visits' result.
type Satisfaction struct {
	Rated          int64   `json:"rated"`
	Satisfied      int64   `json:"satisfied"`
	BasicSatisfied int64   `json:"basic_satisfied"`
	Unsatisfied    int64   `json:"unsatisfied"`
	Rate           float64 `json:"rate"` // (满意 + 基本满意) / rated
	Visited        int64   `json:"visited"`
	NotVisited     int64   `json:"not_visited"`
}

// DispatchStats is the office's dispatch accuracy (派单准确率): the share
// of dispatches neither returned nor re-dispatched, automatic and manual
// apart.
type DispatchStats struct {
	Auto   Accuracy `json:"auto"`
	Manual Accuracy `json:"manual"`
	All    Accuracy `json:"all"`
}

// Accuracy is one line of DispatchStats.
type Accuracy struct {
	Dispatched int64   `json:"dispatched"`
	Held       int64   `json:"held"`
	Rate       float64 `json:"rate"`
}

// FlaggedOrder is a leader item or a 批示件 with its status.
type FlaggedOrder struct {
	Number      string `json:"number"`
	Title       string `json:"title"`
	Department  string `json:"department"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	ReceivedAt  string `json:"received_at"`
	Due         string `json:"due,omitempty"`
	Overdue     bool   `json:"overdue,omitempty"`
	Instruction string `json:"instruction,omitempty"` // the leader's instruction
	// Leader is the leader who took the call or gave the instruction.
	Leader string `json:"leader,omitempty"`
	// A 批示件 against its own deadline: when the (latest) instruction was
	// given, its deadline, its state (ticket.InstructionOnTime, Overdue,
	// Done) with the zh-CN label, and for a done one when and whether late.
	InstructedAt   string `json:"instructed_at,omitempty"`
	InstructionDue string `json:"instruction_due,omitempty"`
	State          string `json:"instruction_state,omitempty"`
	StateLabel     string `json:"instruction_state_label,omitempty"`
	DoneAt         string `json:"done_at,omitempty"`
	DoneLate       bool   `json:"done_late,omitempty"`
}

// Weights are the score's weights.
type Weights struct {
	Response     float64 `json:"response"`
	Resolve      float64 `json:"resolve"`
	Satisfaction float64 `json:"satisfaction"`
}

// Leagues, from the departments' kinds.
const (
	LeagueDistricts = "districts" // government: districts, counties, functional areas
	LeagueMunicipal = "municipal"
	LeagueUtilities = "utilities"
)

var leagueOrder = []string{LeagueDistricts, LeagueMunicipal, LeagueUtilities}

// leagueOf returns the department's league, "" for the office itself and
// departments the config does not know.
func leagueOf(cfg *config.Config, dept string) string {
	d, ok := cfg.Department(dept)
	if !ok {
		return ""
	}
	switch d.Kind {
	case config.KindGovernment:
		return LeagueDistricts
	case config.KindMunicipal:
		return LeagueMunicipal
	case config.KindUtility:
		return LeagueUtilities
	}
	return ""
}

// acc sums counters of the days in [from, to].
type acc struct {
	from, to string
	total    store.Counters
	dept     map[string]store.Counters
	cat      map[string]store.Counters
	days     map[string]int64
	// insp are the 质检 scores given in the period by department
	// (inspections), and inspAll the city's.
	insp    map[string]inspSum
	inspAll inspSum
}

// inspSum adds up 质检 scores: how many orders and their scores on 100.
type inspSum struct {
	n   int64
	sum float64
}

// average is the mean score on 100, to two decimals (0 of none).
func (s inspSum) average() float64 {
	if s.n == 0 {
		return 0
	}
	return math.Round(s.sum/float64(s.n)*100) / 100
}

// inspections adds the 质检 scores given in the period (InspectedAt,
// city time), under the department the order was drawn in.
func (a *acc) inspections(tx *store.Tx, p Period) error {
	end := p.To.AddDate(0, 0, 1)
	return ScanInspections(tx, func(in *Inspection) error {
		if !in.Scored() || in.InspectedAt.Before(p.From) || !in.InspectedAt.Before(end) {
			return nil
		}
		s := a.insp[in.Department]
		s.n++
		s.sum += in.Percent()
		a.insp[in.Department] = s
		a.inspAll.n++
		a.inspAll.sum += in.Percent()
		return nil
	})
}

func newAcc(p Period) *acc {
	return &acc{from: p.FromDay(), to: p.ToDay(), total: store.Counters{},
		dept: map[string]store.Counters{}, cat: map[string]store.Counters{}, days: map[string]int64{}, insp: map[string]inspSum{}}
}

func (a *acc) in(day string) bool { return day >= a.from && day <= a.to }

func (a *acc) row(k store.RollupKey, c store.Counters) {
	for n, v := range c {
		a.add(k, n, v)
	}
}

func (a *acc) add(k store.RollupKey, n string, v int64) {
	if !a.in(k.Day) {
		return
	}
	d := a.dept[k.Department]
	if d == nil {
		d = store.Counters{}
		a.dept[k.Department] = d
	}
	ct := a.cat[k.Category]
	if ct == nil {
		ct = store.Counters{}
		a.cat[k.Category] = ct
	}
	a.total[n] += v
	d[n] += v
	ct[n] += v
	if n == CReceived {
		a.days[k.Day] += v
	}
}

// FromRollups makes the report of p from the store's rollups.
func FromRollups(st *store.Store, cfg *config.Config, p Period, now time.Time) (*Report, error) {
	prev := p.Previous()
	cur, old := newAcc(p), newAcc(prev)
	var flagged []*ticket.Ticket
	err := st.View(func(tx *store.Tx) error {
		if err := tx.Rollups(prev.FromDay(), p.ToDay(), func(k store.RollupKey, c store.Counters) error {
			cur.row(k, c)
			old.row(k, c)
			return nil
		}); err != nil {
			return err
		}
		if err := cur.inspections(tx, p); err != nil {
			return err
		}
		var err error
		flagged, err = tx.FlaggedTickets()
		return err
	})
	if err != nil {
		return nil, err
	}
	return build(cfg, p, prev, cur, old, flagged, now), nil
}

// FromScan makes the same report by reading every order: what rollups
// avoid, kept to check them.
func FromScan(st *store.Store, cfg *config.Config, p Period, now time.Time) (*Report, error) {
	loc := cfg.Location()
	prev := p.Previous()
	cur, old := newAcc(p), newAcc(prev)
	var flagged []*ticket.Ticket
	err := st.View(func(tx *store.Tx) error {
		if err := cur.inspections(tx, p); err != nil {
			return err
		}
		return tx.ForEachTicket(func(tk *ticket.Ticket) error {
			Facts(tk, loc, func(k store.RollupKey, n string, v int64) {
				cur.add(k, n, v)
				old.add(k, n, v)
			})
			if counted(tk) && (tk.Flags.LeaderItem || tk.Flags.Instruction) {
				flagged = append(flagged, tk)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return build(cfg, p, prev, cur, old, flagged, now), nil
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return math.Round(float64(a)/float64(b)*10000) / 10000
}

func change(cur, prev int64) float64 {
	if prev == 0 {
		return 0
	}
	return math.Round(float64(cur-prev)/float64(prev)*10000) / 10000
}

// volumes lists the counters with prefix, largest first.
func volumes(cur, prev store.Counters, prefix string, label func(string) string) []Volume {
	var out []Volume
	seen := map[string]bool{}
	for n, v := range cur {
		if !strings.HasPrefix(n, prefix) || v == 0 {
			continue
		}
		key := n[len(prefix):]
		seen[key] = true
		out = append(out, Volume{Key: key, Label: label(key), Count: v, Prev: prev[n], Change: change(v, prev[n])})
	}
	for n, v := range prev {
		if key, ok := strings.CutPrefix(n, prefix); ok && v != 0 && !seen[key] {
			out = append(out, Volume{Key: key, Label: label(key), Prev: v, Change: -1})
		}
	}
	slices.SortFunc(out, func(a, b Volume) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(b.Prev, a.Prev), strings.Compare(a.Key, b.Key))
	})
	return out
}

func rowOf(cfg *config.Config, dept string, c store.Counters, w Weights) Row {
	r := Row{
		Department: dept, League: leagueOf(cfg, dept),
		Received: c[CDispatched], Signed: c[CSigned], SignedOnTime: c[CSignedOnTime], SignLate: c[CSignLate],
		Replied: c[CReplied], FinishedOnTime: c[CFinishedOnTime], Overdue: c[COverdue],
		Returned: c[CReturned], Extended: c[CExtended], Reopened: c[CReopened],
		Visited: c[CVisited], Rated: c[CRated], Resolved: c[CResolved],
		Satisfied: c[CSatisfied] + c[CBasicSatisfied], Instructions: c[CInstruction],
		NotVisited: c[CNotVisited], Closed: c[CClosed],
	}
	r.LeagueLabel = config.LabelMap(cfg.ReportTexts.Leagues)[r.League]
	// Each rate is over what the period's events can bound it by: a
	// period signs, replies to and rates orders dispatched in an earlier
	// one too, so signed on time over the period's dispatches went past
	// 100% (市城市管理局 107.69% in the demo's November).
	// An order never signed for is the worst case of signing: once its
	// sign deadline has passed it counts as late (SignLate), so a
	// department that signs nothing does not read —.
	r.ToSign = r.SignedOnTime + r.SignLate
	r.ResponseRate = ratio(r.SignedOnTime, r.ToSign)
	r.FinishRate = ratio(r.FinishedOnTime, r.Replied)
	r.ResolveRate = ratio(r.Resolved, r.Rated)
	r.SatisfactionRate = ratio(r.Satisfied, r.Rated)
	r.OverdueRate = ratio(r.Overdue, r.FinishedOnTime+r.Overdue)
	// Returns too: an order dispatched last period and returned in this
	// one is no dispatch of this period, so returned over dispatched went
	// past 100% in a week; over the period's decisions on a dispatch
	// (signed or returned) it stays within it.
	r.ReturnRate = ratio(r.Returned, r.Signed+r.Returned)
	r.ReopenRate = ratio(r.Reopened, r.Closed+r.Reopened)
	r.VisitRate = ratio(r.Visited, r.Visited+r.NotVisited)
	if sum := w.Response + w.Resolve + w.Satisfaction; sum > 0 {
		s := (w.Response*r.ResponseRate + w.Resolve*r.ResolveRate + w.Satisfaction*r.SatisfactionRate) / sum * 100
		r.Score = math.Round(s*100) / 100
	}
	return r
}

func build(cfg *config.Config, p, prev Period, cur, old *acc, flagged []*ticket.Ticket, now time.Time) *Report {
	loc := cfg.Location()
	w := Weights{Response: cfg.Report.Weights.Response, Resolve: cfg.Report.Weights.Resolve, Satisfaction: cfg.Report.Weights.Satisfaction}
	r := &Report{
		Kind: p.Kind, KindLabel: cfg.ReportTexts.Kinds.Label(p.Kind), Period: p.Name, Label: p.Label(cfg.ReportTexts.Periods),
		From: p.From.Format("2006-01-02"), To: p.To.Format("2006-01-02"), PrevPeriod: prev.Name,
		City: cfg.City.Name, GeneratedAt: now.In(loc).Truncate(time.Second),
		Received: cur.total[CReceived], PrevReceived: old.total[CReceived],
		Weights: w, MinSample: cfg.Report.MinSample,
	}
	r.Change = change(r.Received, r.PrevReceived)
	r.Direct = cur.total[CDirect]
	r.DirectRate = ratio(r.Direct, r.Received)
	r.KPIs = true
	r.SignLateKept = true
	r.ByChannel = volumes(cur.total, old.total, prefixChannel, func(k string) string { return cfg.ChannelLabel(k, "") })
	same := func(k string) string { return k }
	r.ByType = volumes(cur.total, old.total, prefixType, same)
	// Orders without a district keep the key the rollups always had (a
	// new key would rebuild every store's); the config names it.
	r.ByDistrict = volumes(cur.total, old.total, prefixDistrict, func(k string) string {
		if k == unknownPlaceName {
			return cfg.ReportTexts.UnknownDistrict
		}
		return k
	})
	r.HotTowns = volumes(cur.total, old.total, prefixTown, same)
	if len(r.HotTowns) > 10 {
		r.HotTowns = r.HotTowns[:10]
	}
	catTotals, catPrev := store.Counters{}, store.Counters{}
	for c, cs := range cur.cat {
		catTotals[c] = cs[CReceived]
	}
	for c, cs := range old.cat {
		catPrev[c] = cs[CReceived]
	}
	catLabel := func(code string) string {
		if c, ok := cfg.Category(code); ok {
			return c.Name
		}
		if code == "" {
			return cfg.ReportTexts.Uncategorised
		}
		return code
	}
	r.ByCategory = volumes(catTotals, catPrev, "", catLabel)
	for _, v := range r.ByCategory {
		if v.Count >= 5 && v.Prev > 0 && v.Change >= 0.5 {
			r.Spikes = append(r.Spikes, v)
		}
	}
	slices.SortFunc(r.Spikes, func(a, b Volume) int {
		return cmp.Or(cmp.Compare(b.Change, a.Change), strings.Compare(a.Key, b.Key))
	})
	for d := p.From; !d.After(p.To); d = d.AddDate(0, 0, 1) {
		r.Trend = append(r.Trend, Point{Day: d.Format("2006-01-02"), Received: cur.days[d.Format("20060102")]})
	}

	// Departments and their leagues.
	leagues := map[string][]Row{}
	for dept, c := range cur.dept {
		row := rowOf(cfg, dept, c, w)
		if row.League == "" || row.Received == 0 && row.Rated == 0 && row.Replied == 0 {
			continue
		}
		row.Inspected, row.InspectionScore = cur.insp[dept].n, cur.insp[dept].average()
		leagues[row.League] = append(leagues[row.League], row)
	}
	for _, name := range leagueOrder {
		rows := leagues[name]
		if len(rows) == 0 {
			continue
		}
		slices.SortFunc(rows, func(a, b Row) int {
			aOK, bOK := a.Received >= int64(r.MinSample), b.Received >= int64(r.MinSample)
			if aOK != bOK {
				if aOK {
					return -1
				}
				return 1
			}
			return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(b.Received, a.Received), strings.Compare(a.Department, b.Department))
		})
		rank := 0
		for i := range rows {
			if rows[i].Received >= int64(r.MinSample) {
				rank++
				rows[i].Rank = rank
			} else {
				rows[i].Note = cfg.ReportTexts.NotRanked
			}
		}
		r.Leagues = append(r.Leagues, League{Name: name, Label: config.LabelMap(cfg.ReportTexts.Leagues)[name], Rows: rows})
		r.Ranking = append(r.Ranking, rows...)
	}
	r.Totals = rowOf(cfg, cfg.ReportTexts.Totals, cur.total, w)
	r.Totals.League, r.Totals.LeagueLabel = "", ""
	r.Totals.Inspected, r.Totals.InspectionScore = cur.inspAll.n, cur.inspAll.average()

	t := cur.total
	r.Satisfaction = Satisfaction{Rated: t[CRated], Satisfied: t[CSatisfied], BasicSatisfied: t[CBasicSatisfied],
		Unsatisfied: t[CUnsatisfied], Rate: ratio(t[CSatisfied]+t[CBasicSatisfied], t[CRated]),
		Visited: t[CVisited], NotVisited: t[CNotVisited]}
	acc := func(d, h int64) Accuracy { return Accuracy{Dispatched: d, Held: h, Rate: ratio(h, d)} }
	r.Dispatch = DispatchStats{
		Auto:   acc(t[CDispatchAuto], t[CDispatchOKAuto]),
		Manual: acc(t[CDispatchManual], t[CDispatchOKMan]),
		All:    acc(t[CDispatchAuto]+t[CDispatchManual], t[CDispatchOKAuto]+t[CDispatchOKMan]),
	}
	r.Leader, r.Instructions = flaggedRows(cfg, flagged, p, loc, now)
	return r
}

// flaggedRows lists the leader items received in p and the 批示件 whose
// instruction was given in p or that are still open.
func flaggedRows(cfg *config.Config, tks []*ticket.Ticket, p Period, loc *time.Location, now time.Time) (leader, instr []FlaggedOrder) {
	from, to := p.FromDay(), p.ToDay()
	in := func(t time.Time) bool { d := Day(t, loc); return d >= from && d <= to }
	slices.SortFunc(tks, func(a, b *ticket.Ticket) int { return strings.Compare(a.Number, b.Number) })
	for _, tk := range tks {
		row := FlaggedOrder{Number: tk.Number, Title: tk.Title, Department: tk.Department,
			Status: string(tk.Status), StatusLabel: cfg.StatusLabels.Label(string(tk.Status)),
			ReceivedAt: tk.ReceivedAt.In(loc).Format("2006-01-02 15:04")}
		if !tk.Due.IsZero() {
			row.Due = tk.Due.In(loc).Format("2006-01-02 15:04")
			row.Overdue = tk.Status.AtDepartment() && now.After(tk.Due)
		}
		if tk.Flags.LeaderItem && in(tk.ReceivedAt) {
			lr := row
			for _, ev := range tk.Events {
				if ev.Action == "leader_item" {
					lr.Leader = ev.Fields["leader"][1]
				}
			}
			leader = append(leader, lr)
		}
		if tk.Flags.Instruction {
			given := false
			for _, ev := range tk.Events {
				if ev.Action == "instruct" {
					row.Instruction = ev.Note
					row.Leader = ev.Fields["leader"][1]
					row.InstructedAt = ev.At.In(loc).Format("2006-01-02 15:04")
					given = given || in(ev.At)
				}
			}
			state, doneAt, late := ticket.InstructionState(tk, now)
			row.State, row.StateLabel, row.DoneLate = state, config.LabelMap(cfg.ReportTexts.InstructionStates)[state], late
			if late {
				row.StateLabel += cfg.ReportTexts.DoneLate
			}
			if !doneAt.IsZero() {
				row.DoneAt = doneAt.In(loc).Format("2006-01-02 15:04")
			}
			if !tk.InstructionDue.IsZero() {
				row.InstructionDue = tk.InstructionDue.In(loc).Format("2006-01-02 15:04")
			}
			if given || state != ticket.InstructionDone && Day(tk.ReceivedAt, loc) <= to {
				instr = append(instr, row)
			}
		}
	}
	return leader, instr
}

// Make makes the report of p from the rollups, or by a scan when the
// store's rollups are not current (a store opened read-only after a
// writer that kept none).
func Make(st *store.Store, cfg *config.Config, p Period, now time.Time) (*Report, error) {
	ok, err := st.RollupsCurrent()
	if err != nil {
		return nil, err
	}
	if ok {
		return FromRollups(st, cfg, p, now)
	}
	return FromScan(st, cfg, p, now)
}
