package ticket

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"hotline/config"
)

// cst is China Standard Time. China has no daylight saving time, so a fixed
// zone is exact and the tests need no tzdata.
var cst = time.FixedZone("CST", 8*3600)

func at(y int, m time.Month, d, hour, min int) time.Time {
	return time.Date(y, m, d, hour, min, 0, 0, cst)
}

func newTestCalendar(t *testing.T, c config.Calendar) *Calendar {
	t.Helper()
	cal, err := NewCalendar(c, cst)
	if err != nil {
		t.Fatalf("NewCalendar: %v", err)
	}
	return cal
}

// officialArrangement is a year's holiday notice of the State Council
// (国务院办公厅关于…部分节假日安排的通知): days off and make-up working days.
type officialArrangement struct {
	off  []string // YYYY-MM-DD, also first..last ranges written "A..B"
	work []string
}

func expandDays(t *testing.T, specs []string) map[string]bool {
	t.Helper()
	out := make(map[string]bool)
	for _, s := range specs {
		first, last, isRange := strings.Cut(s, "..")
		if !isRange {
			last = first
		}
		a, err := time.Parse(time.DateOnly, first)
		if err != nil {
			t.Fatal(err)
		}
		b, err := time.Parse(time.DateOnly, last)
		if err != nil {
			t.Fatal(err)
		}
		for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
			out[d.Format(time.DateOnly)] = true
		}
	}
	return out
}

// TestLibraryMatchesOfficialNotices checks every day of 2025 and 2026
// against the State Council's notices.
func TestLibraryMatchesOfficialNotices(t *testing.T) {
	years := map[int]officialArrangement{
		2025: {
			off: []string{"2025-01-01", "2025-01-28..2025-02-04", "2025-04-04..2025-04-06",
				"2025-05-01..2025-05-05", "2025-05-31..2025-06-02", "2025-10-01..2025-10-08"},
			work: []string{"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"},
		},
		2026: {
			off: []string{"2026-01-01..2026-01-03", "2026-02-15..2026-02-23", "2026-04-04..2026-04-06",
				"2026-05-01..2026-05-05", "2026-06-19..2026-06-21", "2026-09-25..2026-09-27",
				"2026-10-01..2026-10-07"},
			work: []string{"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"},
		},
	}
	cal := newTestCalendar(t, config.Calendar{})
	for year, arr := range years {
		t.Run(time.Date(year, 1, 1, 0, 0, 0, 0, cst).Format("2006"), func(t *testing.T) {
			if !cal.Covers(year) {
				t.Fatalf("Covers(%d) = false", year)
			}
			off, work := expandDays(t, arr.off), expandDays(t, arr.work)
			for d := at(year, 1, 1, 12, 0); d.Year() == year; d = d.AddDate(0, 0, 1) {
				key := d.Format(time.DateOnly)
				weekday := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
				want := work[key] || (weekday && !off[key])
				if got := cal.IsWorkday(d); got != want {
					t.Errorf("IsWorkday(%s %s) = %v, want %v", key, d.Weekday(), got, want)
				}
			}
		})
	}
}

func TestIsWorkday(t *testing.T) {
	lib := newTestCalendar(t, config.Calendar{})
	bare := newTestCalendar(t, config.Calendar{NoLibrary: true})
	overridden := newTestCalendar(t, config.Calendar{
		Holidays: []string{"2026-10-10", "2026-11-30"}, // a make-up Saturday and a plain Monday off
		Workdays: []string{"2026-10-03", "2026-11-28"}, // a holiday Saturday and a plain Saturday worked
	})
	tests := []struct {
		name string
		cal  *Calendar
		t    time.Time
		want bool
	}{
		{"plain Friday", lib, at(2026, 11, 27, 10, 0), true},
		{"plain Saturday", lib, at(2026, 11, 28, 10, 0), false},
		{"National Day Thursday", lib, at(2026, 10, 1, 10, 0), false},
		{"make-up Sunday before National Day", lib, at(2026, 9, 20, 10, 0), true},
		{"make-up Sunday after New Year", lib, at(2026, 1, 4, 10, 0), true},
		{"make-up Saturday before Spring Festival", lib, at(2026, 2, 14, 10, 0), true},
		{"Spring Festival Monday", lib, at(2026, 2, 23, 10, 0), false},
		{"UTC time on a holiday in China", lib, time.Date(2026, 9, 30, 16, 30, 0, 0, time.UTC), false},
		{"UTC time on a working day in China", lib, time.Date(2026, 10, 7, 16, 30, 0, 0, time.UTC), true},
		{"no library: National Day is a Thursday like any", bare, at(2026, 10, 1, 10, 0), true},
		{"no library: make-up Saturday is a weekend", bare, at(2026, 10, 10, 10, 0), false},
		{"config holiday beats library make-up day", overridden, at(2026, 10, 10, 10, 0), false},
		{"config holiday on a Monday", overridden, at(2026, 11, 30, 10, 0), false},
		{"config workday beats library holiday", overridden, at(2026, 10, 3, 10, 0), true},
		{"config workday on a plain Saturday", overridden, at(2026, 11, 28, 10, 0), true},
		{"library still applies elsewhere", overridden, at(2026, 10, 2, 10, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.IsWorkday(tt.t); got != tt.want {
				t.Errorf("IsWorkday(%v) = %v, want %v", tt.t, got, tt.want)
			}
		})
	}
}

func TestNewCalendarErrors(t *testing.T) {
	tests := []struct {
		name string
		c    config.Calendar
		loc  *time.Location
		want []string
	}{
		{"bad holiday", config.Calendar{Holidays: []string{"2026-10-01", "2026/10/02"}}, cst, []string{"calendar.holidays[1]", `"2026/10/02"`}},
		{"no such month", config.Calendar{Workdays: []string{"2026-13-01"}}, cst, []string{"calendar.workdays[0]", `"2026-13-01"`}},
		{"no such day", config.Calendar{Workdays: []string{"2026-02-30"}}, cst, []string{"calendar.workdays[0]", `"2026-02-30"`}},
		{"short form", config.Calendar{Holidays: []string{"2026-1-1"}}, cst, []string{"calendar.holidays[0]", `"2026-1-1"`}},
		{"empty", config.Calendar{Holidays: []string{""}}, cst, []string{"calendar.holidays[0]", `""`}},
		{"in both lists", config.Calendar{Holidays: []string{"2026-10-10"}, Workdays: []string{"2026-10-10"}}, cst, []string{"calendar.workdays[0]", "2026-10-10", "calendar.holidays"}},
		{"no zone", config.Calendar{}, nil, []string{"no time zone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewCalendar(tt.c, tt.loc)
			if err == nil {
				t.Fatal("NewCalendar succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestCovers(t *testing.T) {
	lib := newTestCalendar(t, config.Calendar{})
	bare := newTestCalendar(t, config.Calendar{NoLibrary: true, Holidays: []string{"2031-10-01"}})
	tests := []struct {
		name string
		cal  *Calendar
		year int
		want bool
	}{
		{"library 2025", lib, 2025, true},
		{"library 2026", lib, 2026, true},
		{"library 2027", lib, 2027, true},
		{"library has nothing for 2031", lib, 2031, false},
		{"no library 2026", bare, 2026, false},
		{"config list 2031", bare, 2031, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.Covers(tt.year); got != tt.want {
				t.Errorf("Covers(%d) = %v, want %v", tt.year, got, tt.want)
			}
		})
	}
}

// TestAcceptedSep29FiveWorkingDays reproduces an order accepted on Tuesday
// 2026-09-29 with 5 working days: Wednesday 09-30, then the National Day
// holiday (10-01 to 10-07), Thursday 10-08, Friday 10-09, the make-up
// Saturday 10-10, Monday 10-12.
func TestAcceptedSep29FiveWorkingDays(t *testing.T) {
	cal := newTestCalendar(t, config.Calendar{})
	accepted := at(2026, 9, 29, 10, 15)
	due := cal.AddWorkingDays(accepted, 5)

	var worked []string
	for d := accepted.AddDate(0, 0, 1); !d.After(due); d = d.AddDate(0, 0, 1) {
		if cal.IsWorkday(d) {
			worked = append(worked, d.Format("01-02 Mon"))
		}
	}
	wantWorked := []string{"09-30 Wed", "10-08 Thu", "10-09 Fri", "10-10 Sat", "10-12 Mon"}
	if !reflect.DeepEqual(worked, wantWorked) {
		t.Errorf("working days = %v, want %v", worked, wantWorked)
	}
	if want := at(2026, 10, 12, 18, 0); !due.Equal(want) {
		t.Errorf("due = %v, want %v", due, want)
	}
	if n := cal.WorkingDaysBetween(accepted, due); n != 5 {
		t.Errorf("WorkingDaysBetween = %d, want 5", n)
	}
}

func TestAddWorkingDays(t *testing.T) {
	lib := newTestCalendar(t, config.Calendar{})
	noMakeUp := newTestCalendar(t, config.Calendar{Holidays: []string{"2026-10-10"}})
	tests := []struct {
		name string
		cal  *Calendar
		t    time.Time
		n    int
		want time.Time
	}{
		// Sat 02-14 is a working day, 02-15..02-23 are off.
		{"Spring Festival: Fri 02-13 + 1 is the make-up Saturday", lib, at(2026, 2, 13, 10, 0), 1, at(2026, 2, 14, 18, 0)},
		{"Spring Festival: Fri 02-13 + 2", lib, at(2026, 2, 13, 10, 0), 2, at(2026, 2, 24, 18, 0)},
		{"Spring Festival: Fri 02-13 + 5", lib, at(2026, 2, 13, 10, 0), 5, at(2026, 2, 27, 18, 0)},
		{"Spring Festival: Fri 02-13 + 6 is the make-up Saturday 02-28", lib, at(2026, 2, 13, 10, 0), 6, at(2026, 2, 28, 18, 0)},
		{"National Day: Wed 09-30 + 5 counts Sat 10-10", lib, at(2026, 9, 30, 9, 0), 5, at(2026, 10, 13, 18, 0)},
		{"National Day without the make-up day", noMakeUp, at(2026, 9, 30, 9, 0), 5, at(2026, 10, 14, 18, 0)},
		{"Tue 09-29 + 5", lib, at(2026, 9, 29, 23, 59), 5, at(2026, 10, 12, 18, 0)},
		{"a UTC time already on 09-30 in China", lib, time.Date(2026, 9, 29, 17, 0, 0, 0, time.UTC), 5, at(2026, 10, 13, 18, 0)},
		{"make-up Sunday 09-20 counts", lib, at(2026, 9, 18, 16, 0), 1, at(2026, 9, 20, 18, 0)},
		{"Mid-Autumn: Thu 09-24 + 1 skips 09-25..27", lib, at(2026, 9, 24, 16, 0), 1, at(2026, 9, 28, 18, 0)},
		{"make-up Sunday 2026-01-04 after the New Year break", lib, at(2025, 12, 31, 11, 0), 1, at(2026, 1, 4, 18, 0)},
		{"accepted on a Saturday", lib, at(2026, 11, 28, 10, 0), 1, at(2026, 11, 30, 18, 0)},
		{"accepted on a holiday", lib, at(2026, 10, 3, 10, 0), 1, at(2026, 10, 8, 18, 0)},
		{"plain week", lib, at(2026, 11, 23, 10, 0), 5, at(2026, 11, 30, 18, 0)},
		{"n = 0 is the end of the same working day", lib, at(2026, 11, 27, 10, 0), 0, at(2026, 11, 27, 18, 0)},
		{"other end hour", lib.WithWorkdayEnd(17), at(2026, 11, 23, 10, 0), 1, at(2026, 11, 24, 17, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cal.AddWorkingDays(tt.t, tt.n)
			if !got.Equal(tt.want) {
				t.Errorf("AddWorkingDays(%v, %d) = %v, want %v", tt.t, tt.n, got, tt.want)
			}
			if tt.n > 0 {
				if back := tt.cal.WorkingDaysBetween(tt.t, got); back != tt.n {
					t.Errorf("WorkingDaysBetween back = %d, want %d", back, tt.n)
				}
			}
		})
	}
	if lib.WorkdayEndHour() != DefaultWorkdayEndHour {
		t.Errorf("WithWorkdayEnd changed the original calendar: end hour %d", lib.WorkdayEndHour())
	}
}

func TestEndOfWorkdayAndNextWorkday(t *testing.T) {
	cal := newTestCalendar(t, config.Calendar{})
	tests := []struct {
		name     string
		t        time.Time
		wantEnd  time.Time
		wantNext time.Time
	}{
		{"Monday morning", at(2026, 11, 30, 9, 0), at(2026, 11, 30, 18, 0), at(2026, 12, 1, 0, 0)},
		{"Monday at the end hour", at(2026, 11, 30, 18, 0), at(2026, 12, 1, 18, 0), at(2026, 12, 1, 0, 0)},
		{"Friday evening", at(2026, 11, 27, 20, 0), at(2026, 11, 30, 18, 0), at(2026, 11, 30, 0, 0)},
		{"Saturday", at(2026, 11, 28, 10, 0), at(2026, 11, 30, 18, 0), at(2026, 11, 30, 0, 0)},
		{"make-up Sunday", at(2026, 9, 20, 10, 0), at(2026, 9, 20, 18, 0), at(2026, 9, 21, 0, 0)},
		{"Friday before the make-up Sunday", at(2026, 9, 18, 10, 0), at(2026, 9, 18, 18, 0), at(2026, 9, 20, 0, 0)},
		{"last day before National Day", at(2026, 9, 30, 19, 0), at(2026, 10, 8, 18, 0), at(2026, 10, 8, 0, 0)},
		{"National Day", at(2026, 10, 1, 10, 0), at(2026, 10, 8, 18, 0), at(2026, 10, 8, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.EndOfWorkday(tt.t); !got.Equal(tt.wantEnd) {
				t.Errorf("EndOfWorkday = %v, want %v", got, tt.wantEnd)
			}
			if got := cal.NextWorkday(tt.t); !got.Equal(tt.wantNext) {
				t.Errorf("NextWorkday = %v, want %v", got, tt.wantNext)
			}
		})
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	cal := newTestCalendar(t, config.Calendar{})
	tests := []struct {
		name string
		a, b time.Time
		want int
	}{
		{"same date", at(2026, 11, 27, 8, 0), at(2026, 11, 27, 20, 0), 0},
		{"over a weekend", at(2026, 11, 27, 8, 0), at(2026, 11, 30, 8, 0), 1},
		{"over National Day", at(2026, 9, 30, 8, 0), at(2026, 10, 8, 8, 0), 1},
		{"whole Golden Week range", at(2026, 9, 29, 8, 0), at(2026, 10, 12, 8, 0), 5},
		{"reversed", at(2026, 10, 12, 8, 0), at(2026, 9, 29, 8, 0), -5},
		{"the whole of 2026", at(2025, 12, 31, 12, 0), at(2026, 12, 31, 12, 0), 248},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.WorkingDaysBetween(tt.a, tt.b); got != tt.want {
				t.Errorf("WorkingDaysBetween = %d, want %d", got, tt.want)
			}
		})
	}
}
