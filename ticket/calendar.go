package ticket

import (
	"errors"
	"fmt"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"hotline/config"
)

// DefaultWorkdayEndHour is the hour at which a working day ends when
// TimeLimits.WorkdayEndHour is not set: deadlines fall at 18:00 local time.
const DefaultWorkdayEndHour = 18

// Library years that NewCalendar copies from lunar-go. The library starts
// with the arrangement for 2002 (published at the end of 2001) and holds the
// years the State Council has announced by its release.
const (
	libraryFirstYear = 2001
	libraryLastYear  = 2100
)

// dateKey is a calendar date as YYYYMMDD, independent of any location.
type dateKey int

func keyOf(y int, m time.Month, d int) dateKey {
	return dateKey(y*10000 + int(m)*100 + d)
}

func (k dateKey) year() int { return int(k) / 10000 }

// Calendar knows which days are working days in the city: Monday to Friday,
// minus the public holidays, plus the make-up working days (调休) on
// weekends. It is immutable once built and safe for concurrent use.
//
// Deadlines counted in working days end at the end of a working day, which
// is WorkdayEndHour:00 local time (18:00 unless changed with WithWorkdayEnd):
// the same clock time as acceptance would mean nothing to a department that
// works office hours.
type Calendar struct {
	loc     *time.Location
	endHour int
	days    map[dateKey]bool // true: a working day; false: a day off
	years   map[int]bool     // years for which holidays are known
}

// NewCalendar builds the calendar of loc from China's statutory holidays and
// make-up working days as published by the State Council (from lunar-go's
// HolidayUtil, unless c.NoLibrary) and the lists in c, which win over the
// library in both directions: a date in c.Workdays is a working day and a
// date in c.Holidays is a day off, whatever the library says. Dates are
// written YYYY-MM-DD; a malformed one, or one in both lists, is an error
// that names it.
func NewCalendar(c config.Calendar, loc *time.Location) (*Calendar, error) {
	if loc == nil {
		return nil, errors.New("calendar: no time zone")
	}
	cal := &Calendar{
		loc:     loc,
		endHour: DefaultWorkdayEndHour,
		days:    make(map[dateKey]bool),
		years:   make(map[int]bool),
	}
	if !c.NoLibrary {
		for y := libraryFirstYear; y <= libraryLastYear; y++ {
			for e := HolidayUtil.GetHolidaysByYear(y).Front(); e != nil; e = e.Next() {
				h := e.Value.(*HolidayUtil.Holiday)
				k, err := parseDate(h.GetDay())
				if err != nil {
					return nil, fmt.Errorf("calendar: holiday library: %w", err)
				}
				cal.days[k] = h.IsWork()
				cal.years[k.year()] = true
			}
		}
	}
	holidays := make(map[dateKey]bool, len(c.Holidays))
	for i, s := range c.Holidays {
		k, err := parseDate(s)
		if err != nil {
			return nil, fmt.Errorf("calendar.holidays[%d]: %w", i, err)
		}
		holidays[k] = true
		cal.days[k] = false
		cal.years[k.year()] = true
	}
	for i, s := range c.Workdays {
		k, err := parseDate(s)
		if err != nil {
			return nil, fmt.Errorf("calendar.workdays[%d]: %w", i, err)
		}
		if holidays[k] {
			return nil, fmt.Errorf("calendar.workdays[%d]: %s is also listed in calendar.holidays", i, s)
		}
		cal.days[k] = true
		cal.years[k.year()] = true
	}
	return cal, nil
}

// parseDate reads a strict YYYY-MM-DD date.
func parseDate(s string) (dateKey, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s {
		return 0, fmt.Errorf("bad date %q, want YYYY-MM-DD", s)
	}
	y, m, d := t.Date()
	return keyOf(y, m, d), nil
}

// WithWorkdayEnd returns a copy of c whose working days end at hour:00
// local time. An hour outside 1..24 keeps c's end hour.
func (c *Calendar) WithWorkdayEnd(hour int) *Calendar {
	if hour < 1 || hour > 24 || hour == c.endHour {
		return c
	}
	cp := *c
	cp.endHour = hour
	return &cp
}

// Location returns the time zone that the calendar's days are counted in.
func (c *Calendar) Location() *time.Location { return c.loc }

// WorkdayEndHour returns the hour at which a working day ends.
func (c *Calendar) WorkdayEndHour() int { return c.endHour }

// Covers reports whether the calendar knows the holidays of year, from the
// library or the configured lists. A year it does not cover is counted on
// weekends alone until the administrator adds its holidays to the config.
func (c *Calendar) Covers(year int) bool { return c.years[year] }

// midnight returns 00:00 local of t's date in the calendar's zone.
func (c *Calendar) midnight(t time.Time) time.Time {
	y, m, d := t.In(c.loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, c.loc)
}

// nextDay returns 00:00 local of the date after day (itself a midnight).
func (c *Calendar) nextDay(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, c.loc)
}

// end returns the end of the working day on day's date.
func (c *Calendar) end(day time.Time) time.Time {
	y, m, d := day.In(c.loc).Date()
	return time.Date(y, m, d, c.endHour, 0, 0, 0, c.loc)
}

// IsWorkday reports whether the date of t, in the calendar's zone, is a
// working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	y, m, d := t.In(c.loc).Date()
	if work, ok := c.days[keyOf(y, m, d)]; ok {
		return work
	}
	wd := t.In(c.loc).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// NextWorkday returns 00:00 local of the first working day after the date
// of t.
func (c *Calendar) NextWorkday(t time.Time) time.Time {
	day := c.nextDay(c.midnight(t))
	for !c.IsWorkday(day) {
		day = c.nextDay(day)
	}
	return day
}

// EndOfWorkday returns the end of the working day that t falls in: the end
// hour of t's date when that is a working day and t is before its end, else
// the end of the next working day. It is the deadline of something due "the
// same working day".
func (c *Calendar) EndOfWorkday(t time.Time) time.Time {
	if c.IsWorkday(t) {
		if e := c.end(t); t.Before(e) {
			return e
		}
	}
	return c.end(c.NextWorkday(t))
}

// AddWorkingDays returns the deadline n working days after t: the end of
// the nth working day after t's date (the day of t itself never counts, as
// in "within 5 working days of acceptance"). Accepted on Tuesday 2026-09-29
// with n = 5, that is Monday 2026-10-12 18:00, the National Day holiday
// skipped and the make-up Saturday of 10-10 counted. n <= 0 gives
// EndOfWorkday(t).
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	if n <= 0 {
		return c.EndOfWorkday(t)
	}
	day := c.midnight(t)
	for ; n > 0; n-- {
		day = c.NextWorkday(day)
	}
	return c.end(day)
}

// WorkingDaysBetween counts the working days after a's date up to and
// including b's date, so that WorkingDaysBetween(t, AddWorkingDays(t, n))
// is n. It is 0 for two times on the same date and negative when b's date
// is before a's.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	from, to := c.midnight(a), c.midnight(b)
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	n := 0
	for day := c.nextDay(from); !day.After(to); day = c.nextDay(day) {
		if c.IsWorkday(day) {
			n++
		}
	}
	return sign * n
}
