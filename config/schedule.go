package config

import (
	"strconv"
	"strings"
	"time"
)

// Schedule is when a periodic report is generated: a weekday (weekly) or a
// day of the month (monthly, quarterly), and a time of day, city time.
type Schedule struct {
	Off     bool
	Weekday time.Weekday
	Day     int // 1..28
	Hour    int
	Minute  int
}

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
	"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

// ParseSchedule reads "Mon 08:00" (weekly) or "1 08:00" (day of month); an
// empty string is Off.
func ParseSchedule(s string, weekly bool) (Schedule, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Schedule{Off: true}, nil
	}
	day, clock, ok := strings.Cut(s, " ")
	if !ok {
		return Schedule{}, msgScheduleForm.err(s, map[bool]string{true: "Mon 08:00", false: "1 08:00"}[weekly])
	}
	var sc Schedule
	if weekly {
		wd, ok := weekdays[strings.ToLower(strings.TrimSpace(day))[:min(3, len(strings.TrimSpace(day)))]]
		if !ok {
			return Schedule{}, msgScheduleWeek.err(s)
		}
		sc.Weekday = wd
	} else {
		d, err := strconv.Atoi(strings.TrimSpace(day))
		if err != nil || d < 1 || d > 28 {
			return Schedule{}, msgScheduleMonth.err(s)
		}
		sc.Day = d
	}
	t, err := time.Parse("15:04", strings.TrimSpace(clock))
	if err != nil {
		return Schedule{}, msgClock.err(s)
	}
	sc.Hour, sc.Minute = t.Hour(), t.Minute()
	return sc, nil
}
