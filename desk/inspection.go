package desk

import (
	"cmp"
	"errors"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hotline/config"
	"hotline/httpx"
	"hotline/report"
	"hotline/store"
	"hotline/ticket"
)

// Quality inspection (质检): a supervisor draws closed orders at random,
// a number per department (inspection.sample) among those closed in a
// period (last week by default) or of one department, and scores each on
// the config's items (inspection.items) with a note; a department reads
// the scores of its own orders; the reports average them
// (report.Inspection holds the record).

// inspectionNoteMax is the most characters of an inspection's note.
const inspectionNoteMax = 1000

// inspectionView is an inspection as the console shows it.
type inspectionView struct {
	*report.Inspection
	Percent float64 `json:"percent"` // the score on a scale of 100
}

// inspections answers GET /desk/api/inspections: the orders drawn and
// not scored yet (pending, the office only) and those scored, the latest
// first; a department's account sees the scored orders of its own
// department only.
func (c *Console) inspections(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	pending, scored := []inspectionView{}, []inspectionView{}
	err := c.o.Store.ViewContext(r.Context(), func(tx *store.Tx) error {
		return report.ScanInspections(tx, func(in *report.Inspection) error {
			if a.Role == RoleDepartment && (in.Department != a.Department || !in.Scored()) {
				return nil
			}
			v := inspectionView{Inspection: in, Percent: in.Percent()}
			if in.Scored() {
				scored = append(scored, v)
			} else {
				pending = append(pending, v)
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	slices.SortFunc(pending, func(x, y inspectionView) int {
		return cmp.Or(strings.Compare(x.Department, y.Department), y.ClosedAt.Compare(x.ClosedAt))
	})
	slices.SortFunc(scored, func(x, y inspectionView) int { return y.InspectedAt.Compare(x.InspectedAt) })
	out := map[string]any{"scored": scored}
	if a.Role != RoleDepartment {
		out["pending"] = pending
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// lastWeek returns the last complete week (Monday to Sunday) before now
// in the city's time zone.
func lastWeek(now time.Time, loc *time.Location) (from, to time.Time) {
	d := now.In(loc)
	monday := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, -7), monday.AddDate(0, 0, -1)
}

// sampleInspections answers POST /desk/api/inspections/sample
// {from, to, department, category, n}: n orders (inspection.sample when
// 0) drawn at random from each department's orders closed from from to to
// (dates, both included; last week when both are empty), or from
// department's only, of category only when one is given, leaving out
// those drawn before. Each drawn order is audited.
func (c *Console) sampleInspections(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		From       string `json:"from"`
		To         string `json:"to"`
		Department string `json:"department"`
		Category   string `json:"category"`
		N          int    `json:"n"`
	}
	if err := httpx.DecodeJSON(r, 4<<10, &req); err != nil {
		return err
	}
	cfg := c.o.Config
	loc := cfg.Location()
	from, to := lastWeek(c.now(), loc)
	if req.From != "" || req.To != "" {
		for _, d := range []struct {
			s    string
			what httpx.Text
			dst  *time.Time
		}{{req.From, inDateFrom, &from}, {req.To, inDateTo, &to}} {
			day, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(d.s), loc)
			if err != nil {
				return httpx.ErrBadDate.WithFunc(d.what)
			}
			*d.dst = day
		}
	}
	if to.Before(from) {
		return httpx.ErrBadQuery.WithText(txtDatesReversed, noData)
	}
	end := to.AddDate(0, 0, 1)
	dept := strings.TrimSpace(req.Department)
	if dept != "" {
		if _, ok := cfg.Department(dept); !ok {
			return httpx.ErrBadDepartment.With(dept)
		}
	}
	category := strings.TrimSpace(req.Category)
	if err := checkPlace(cfg, category, ""); err != nil {
		return err
	}
	n := req.N
	if n == 0 {
		n = cfg.Inspection.Sample
	}
	if n < 1 || n > config.MaxInspectionSample {
		return httpx.ErrBadQuery.WithText(txtInspectionSample, config.HTTPErrorData{Max: config.MaxInspectionSample})
	}
	a := actorOf(r)
	now := c.now()
	var drawn []*report.Inspection
	err := c.o.Store.UpdateContext(r.Context(), func(tx *store.Tx) error {
		drawn = nil
		byDept := map[string][]*ticket.Ticket{}
		// The period's closed orders only, from the index of closing
		// times: a draw reads the week's orders, not the file's.
		var numbers []string
		tx.ScanClosed(from, end, func(number string, _ time.Time) bool {
			numbers = append(numbers, number)
			return true
		})
		for _, number := range numbers {
			if in, err := report.GetInspection(tx, number); err != nil || in != nil {
				if err != nil {
					return err
				}
				continue
			}
			tk, err := tx.Ticket(number)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if tk.Status != ticket.Closed || dept != "" && tk.Department != dept || category != "" && tk.Category != category ||
				tk.ClosedAt.Before(from) || !tk.ClosedAt.Before(end) {
				continue
			}
			byDept[tk.Department] = append(byDept[tk.Department], tk)
		}
		for _, d := range slices.Sorted(func(yield func(string) bool) {
			for d := range byDept {
				if !yield(d) {
					return
				}
			}
		}) {
			list := byDept[d]
			slices.SortFunc(list, func(x, y *ticket.Ticket) int { return strings.Compare(x.Number, y.Number) })
			rand.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
			for _, tk := range list[:min(n, len(list))] {
				in := &report.Inspection{Number: tk.Number, Department: tk.Department, Category: tk.Category, Title: tk.Title,
					ClosedAt: tk.ClosedAt, SampledAt: now, SampledBy: a.Name}
				if err := report.PutInspection(tx, in); err != nil {
					return err
				}
				if err := tx.Audit(store.AuditEntry{At: now, Actor: "desk:" + a.Name, Action: "inspection.sample", Object: tk.Number,
					After: from.Format("2006-01-02") + "~" + to.Format("2006-01-02")}); err != nil {
					return err
				}
				drawn = append(drawn, in)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	numbers := make([]string, 0, len(drawn))
	for _, in := range drawn {
		numbers = append(numbers, in.Number)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"drawn": numbers, "from": from.Format("2006-01-02"), "to": to.Format("2006-01-02"),
		"done": confirmation{ID: confirmInspectSample, Vars: map[string]string{"n": strconv.Itoa(len(drawn)),
			"from": from.Format("2006-01-02"), "to": to.Format("2006-01-02")}}})
	return nil
}

// scoreInspection answers POST /desk/api/inspections/{number}
// {scores: {code: points}, note}: every item of inspection.items scored
// from 0 to its points; scoring again replaces the score (the audit log
// keeps both).
func (c *Console) scoreInspection(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Scores map[string]int `json:"scores"`
		Note   string         `json:"note"`
	}
	if err := httpx.DecodeJSON(r, 16<<10, &req); err != nil {
		return err
	}
	items := c.o.Config.Inspection.Items
	total := 0
	for _, it := range items {
		v, ok := req.Scores[it.Code]
		if !ok || v < 0 || v > it.Points {
			return httpx.ErrBadField.WithText(txtInspectionScore, config.HTTPErrorData{What: it.Name, Max: int64(it.Points)})
		}
		total += v
	}
	for code := range req.Scores {
		if !slices.ContainsFunc(items, func(it config.InspectionItem) bool { return it.Code == code }) {
			return httpx.ErrBadField.With(code)
		}
	}
	note := strings.TrimSpace(req.Note)
	if !utf8.ValidString(note) || utf8.RuneCountInString(note) > inspectionNoteMax {
		return httpx.ErrTooLong.SayFunc(func(m *config.HTTPErrors) string {
			return config.Render(txtTooLong(m), config.HTTPErrorData{What: inInspectionNote(m), Max: inspectionNoteMax})
		})
	}
	a := actorOf(r)
	now := c.now()
	number := r.PathValue("id")
	var out *report.Inspection
	err := c.o.Store.UpdateContext(r.Context(), func(tx *store.Tx) error {
		in, err := report.GetInspection(tx, number)
		if err != nil {
			return err
		}
		if in == nil {
			return httpx.New(http.StatusNotFound, "not_found", txtInspectionNotFound, noData)
		}
		before := ""
		if in.Scored() {
			before = strconv.Itoa(in.Total) + "/" + strconv.Itoa(in.Max)
		}
		in.Scores, in.Total, in.Max, in.Note, in.Inspector, in.InspectedAt = req.Scores, total, c.o.Config.Inspection.MaxPoints(), note, a.Name, now
		if err := report.PutInspection(tx, in); err != nil {
			return err
		}
		out = in
		return tx.Audit(store.AuditEntry{At: now, Actor: "desk:" + a.Name, Action: "inspection.score", Object: number,
			Before: before, After: strconv.Itoa(in.Total) + "/" + strconv.Itoa(in.Max)})
	})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"inspection": inspectionView{Inspection: out, Percent: out.Percent()},
		"done": confirmation{ID: confirmInspectScore, Vars: map[string]string{"number": number, "total": strconv.Itoa(total), "max": strconv.Itoa(out.Max)}}})
	return nil
}
