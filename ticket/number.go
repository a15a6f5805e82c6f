package ticket

import (
	"fmt"
	"strconv"
	"time"
)

// dayLayout is the date part of a number and of a day key.
const dayLayout = "20060102"

// FormatNumber returns the human-readable number of the seq-th order
// registered on day, e.g. 20261127-0042: the date as the caller's day is
// written in its own location, a dash, and seq with at least four digits
// (20261127-10000 after 9999). seq counts from 1.
func FormatNumber(day time.Time, seq int) string {
	return fmt.Sprintf("%s-%04d", day.Format(dayLayout), seq)
}

// ParseNumber is the strict inverse of FormatNumber: it accepts only what
// FormatNumber writes for a valid date and a seq of 1 or more, so that a
// number has one spelling (20261127-0042, never 20261127-42 or
// 20261127-00042). day is midnight UTC of the number's date.
func ParseNumber(s string) (day time.Time, seq int, err error) {
	bad := func(why string) (time.Time, int, error) {
		return time.Time{}, 0, fmt.Errorf("ticket: bad number %q: %s", s, why)
	}
	if len(s) < len(dayLayout)+1+4 || s[len(dayLayout)] != '-' {
		return bad("want YYYYMMDD-NNNN")
	}
	date, digits := s[:len(dayLayout)], s[len(dayLayout)+1:]
	if !allDigits(date) || !allDigits(digits) {
		return bad("want YYYYMMDD-NNNN")
	}
	day, err = time.Parse(dayLayout, date)
	if err != nil {
		return bad("no such date")
	}
	if len(digits) > 4 && digits[0] == '0' {
		return bad("sequence has a leading zero beyond four digits")
	}
	seq, err = strconv.Atoi(digits)
	if err != nil {
		return bad("sequence out of range")
	}
	if seq < 1 {
		return bad("sequence starts at 1")
	}
	return day, seq, nil
}

// DayKey returns the date of t in loc as YYYYMMDD, the day that an order's
// number and the daily sequence belong to. A nil loc keeps t's own location.
func DayKey(t time.Time, loc *time.Location) string {
	if loc != nil {
		t = t.In(loc)
	}
	return t.Format(dayLayout)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
