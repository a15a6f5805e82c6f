package report

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"hotline/config"
)

// Kinds of period.
const (
	Weekly    = "weekly"
	Monthly   = "monthly"
	Quarterly = "quarterly"
	Range     = "range"
)

// Period is a span of whole days, city time: From and To are the first and
// the last day (inclusive). Its zh-CN label comes from the config
// (Label).
type Period struct {
	Kind string // weekly, monthly, quarterly, range
	Name string // 2026-W48, 2026-11, 2026-Q4; any span of days: 2026-11-01~2026-11-15
	From time.Time
	To   time.Time // the last day, at midnight
}

// Label is p's label in the words of report_texts.periods: 2026年第48周（11月23日至11月29日）,
// 2026年11月, 2026年第四季度, or a span of days (also a weekly, monthly
// or quarterly report given --from and --to).
func (p Period) Label(t config.ReportPeriodTexts) string {
	kind := p.Kind
	if strings.Contains(p.Name, "~") {
		kind = Range
	}
	return t.Label(kind, p.From, p.To)
}

// Days is the number of days in p.
func (p Period) Days() int { return int(p.To.Sub(p.From).Hours()/24+0.5) + 1 }

// FromDay and ToDay are p's bounds as rollup days (YYYYMMDD).
func (p Period) FromDay() string { return p.From.Format("20060102") }

// ToDay is the last day as a rollup day (YYYYMMDD).
func (p Period) ToDay() string { return p.To.Format("20060102") }

func date(y int, m time.Month, d int, loc *time.Location) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// Codes of a PeriodError: each names its text of
// report_texts.period_errors.
const (
	ErrDatesTogether = "dates_together" // a first day without a last, or the reverse
	ErrBadDate       = "bad_date"       // a day that is no YYYY-MM-DD
	ErrDatesReversed = "dates_reversed" // the last day before the first
	ErrTooLong       = "too_long"       // more than MaxRangeYears
	ErrBadPeriod     = "bad_period"     // a period not written as its kind's
	ErrNoWeek        = "no_week"        // a week the year does not have
	ErrRangeDates    = "range_dates"    // a range without its days
	ErrUnknownKind   = "unknown_kind"   // no such kind of report
)

// MaxRangeYears is the longest range of days a report covers.
const MaxRangeYears = 3

// A PeriodError says why a period cannot be read: Code picks its words
// of report_texts.period_errors (Text), Data fills them.
type PeriodError struct {
	Code string
	Data config.PeriodErrorData
}

// Error is the code and what was given, for logs; people read Text.
func (e *PeriodError) Error() string {
	d := e.Data
	return fmt.Sprintf("report: period %s (kind %q, value %q, from %q, to %q)", e.Code, d.Kind, d.Value, d.From, d.To)
}

// Text is e in the words of t.PeriodErrors, the kind named by t.Names.
func (e *PeriodError) Text(t config.ReportTexts) string {
	d := e.Data
	d.Name = t.Names.Label(d.Kind)
	return config.Render(config.LabelMap(t.PeriodErrors)[e.Code], d)
}

// PeriodText is err in the words of t when it is a PeriodError, else its
// own.
func PeriodText(err error, t config.ReportTexts) string {
	if pe, ok := errors.AsType[*PeriodError](err); ok {
		return pe.Text(t)
	}
	return err.Error()
}

// ParsePeriod reads a period of kind: weekly "2026-W48" (ISO week,
// Monday to Sunday), monthly "2026-11", quarterly "2026-Q4", or range with
// from and to as YYYY-MM-DD. For the three named kinds, from and to may
// be given instead of name (a range of that kind). Its errors are
// *PeriodError.
func ParsePeriod(kind, name, from, to string, loc *time.Location) (Period, error) {
	fail := func(code string, d config.PeriodErrorData) error {
		d.Kind, d.From, d.To, d.Years = kind, from, to, MaxRangeYears
		return &PeriodError{Code: code, Data: d}
	}
	if from != "" || to != "" {
		if from == "" || to == "" {
			return Period{}, fail(ErrDatesTogether, config.PeriodErrorData{})
		}
		f, err := time.ParseInLocation("2006-01-02", from, loc)
		if err != nil {
			return Period{}, fail(ErrBadDate, config.PeriodErrorData{Value: from})
		}
		t, err := time.ParseInLocation("2006-01-02", to, loc)
		if err != nil {
			return Period{}, fail(ErrBadDate, config.PeriodErrorData{Value: to})
		}
		if t.Before(f) {
			return Period{}, fail(ErrDatesReversed, config.PeriodErrorData{})
		}
		if t.Sub(f) > MaxRangeYears*366*24*time.Hour {
			return Period{}, fail(ErrTooLong, config.PeriodErrorData{})
		}
		k := kind
		if k == "" {
			k = Range
		}
		return Period{Kind: k, Name: from + "~" + to, From: f, To: t}, nil
	}
	name = strings.TrimSpace(name)
	bad := func(want string) error {
		return fail(ErrBadPeriod, config.PeriodErrorData{Value: name, Want: want})
	}
	switch kind {
	case Weekly:
		y, w, ok := strings.Cut(name, "-W")
		yy, e1 := strconv.Atoi(y)
		ww, e2 := strconv.Atoi(w)
		if !ok || e1 != nil || e2 != nil || yy < 2000 || yy > 2200 || ww < 1 || ww > 53 {
			return Period{}, bad("2026-W48")
		}
		// ISO week 1 holds January 4th.
		jan4 := date(yy, time.January, 4, loc)
		mon := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
		f := mon.AddDate(0, 0, 7*(ww-1))
		if y2, w2 := f.ISOWeek(); y2 != yy || w2 != ww {
			return Period{}, fail(ErrNoWeek, config.PeriodErrorData{Value: name, Year: yy, Week: strconv.Itoa(ww)})
		}
		return Period{Kind: Weekly, Name: fmt.Sprintf("%d-W%02d", yy, ww), From: f, To: f.AddDate(0, 0, 6)}, nil
	case Monthly:
		t, err := time.ParseInLocation("2006-01", name, loc)
		if err != nil {
			return Period{}, bad("2026-11")
		}
		return Period{Kind: Monthly, Name: t.Format("2006-01"), From: t, To: t.AddDate(0, 1, -1)}, nil
	case Quarterly:
		y, q, ok := strings.Cut(name, "-Q")
		yy, e1 := strconv.Atoi(y)
		qq, e2 := strconv.Atoi(q)
		if !ok || e1 != nil || e2 != nil || yy < 2000 || yy > 2200 || qq < 1 || qq > 4 {
			return Period{}, bad("2026-Q4")
		}
		f := date(yy, time.Month(3*(qq-1)+1), 1, loc)
		return Period{Kind: Quarterly, Name: fmt.Sprintf("%d-Q%d", yy, qq), From: f, To: f.AddDate(0, 3, -1)}, nil
	case Range:
		return Period{}, fail(ErrRangeDates, config.PeriodErrorData{})
	}
	return Period{}, fail(ErrUnknownKind, config.PeriodErrorData{Value: kind})
}

// Previous is the period just before p: the previous week, month or
// quarter, or a range of the same length ending the day before.
func (p Period) Previous() Period {
	loc := p.From.Location()
	switch p.Kind {
	case Weekly:
		y, w := p.From.AddDate(0, 0, -7).ISOWeek()
		q, _ := ParsePeriod(Weekly, fmt.Sprintf("%d-W%02d", y, w), "", "", loc)
		return q
	case Monthly:
		if p.From.Day() == 1 && p.To.AddDate(0, 0, 1).Day() == 1 {
			q, _ := ParsePeriod(Monthly, p.From.AddDate(0, -1, 0).Format("2006-01"), "", "", loc)
			return q
		}
	case Quarterly:
		if p.Days() > 80 && p.From.Day() == 1 {
			f := p.From.AddDate(0, -3, 0)
			q, _ := ParsePeriod(Quarterly, fmt.Sprintf("%d-Q%d", f.Year(), (int(f.Month())-1)/3+1), "", "", loc)
			return q
		}
	}
	to := p.From.AddDate(0, 0, -1)
	from := to.AddDate(0, 0, -(p.Days() - 1))
	q, _ := ParsePeriod(p.Kind, "", from.Format("2006-01-02"), to.Format("2006-01-02"), loc)
	return q
}

// LastComplete is the last complete period of kind before now (the week,
// month or quarter a scheduled report covers).
func LastComplete(kind string, now time.Time, loc *time.Location) Period {
	now = now.In(loc)
	today := date(now.Year(), now.Month(), now.Day(), loc)
	var p Period
	switch kind {
	case Weekly:
		y, w := today.AddDate(0, 0, -7).ISOWeek()
		p, _ = ParsePeriod(Weekly, fmt.Sprintf("%d-W%02d", y, w), "", "", loc)
	case Monthly:
		p, _ = ParsePeriod(Monthly, date(now.Year(), now.Month(), 1, loc).AddDate(0, -1, 0).Format("2006-01"), "", "", loc)
	case Quarterly:
		f := date(now.Year(), time.Month(3*((int(now.Month())-1)/3)+1), 1, loc).AddDate(0, -3, 0)
		p, _ = ParsePeriod(Quarterly, fmt.Sprintf("%d-Q%d", f.Year(), (int(f.Month())-1)/3+1), "", "", loc)
	}
	return p
}
