package ticket

import (
	"strings"
	"testing"
	"time"

	"hotline/config"
)

func testLimits() config.TimeLimits {
	return config.TimeLimits{
		SignDays:         1,
		FinishDays:       5,
		UrgentHours:      config.Duration(24 * time.Hour),
		EmergencyHours:   config.Duration(4 * time.Hour),
		ConsultSameDay:   true,
		ReturnDays:       2,
		MaxExtensionDays: 10,
		WarnDays:         1,
		VisitDays:        3,
		WorkdayEndHour:   18,
	}
}

func TestDeadlines(t *testing.T) {
	cal := newTestCalendar(t, config.Calendar{})
	water := config.Category{Code: "GS", Name: "供水", Department: "中山水务公司", Utility: true}
	streets := config.Category{Code: "SRHW", Name: "市容环卫", Department: config.Territorial}
	quick := config.Category{Code: "FCJY", Name: "房产交易", Department: "市房产交易中心", FinishDays: 3}
	lim := testLimits()
	noConsult := lim
	noConsult.ConsultSameDay = false
	noEmergency := lim
	noEmergency.EmergencyHours = 0
	endAt17 := lim
	endAt17.WorkdayEndHour = 17
	slowSign := lim
	slowSign.SignDays = 3
	slowSign.FinishDays = 2

	tests := []struct {
		name          string
		lim           config.TimeLimits
		cat           config.Category
		reqType       string
		urgency       string
		accepted      time.Time
		wantSign, due time.Time
	}{
		{"emergency: hours, sign at most due", lim, streets, TypeHelp, UrgencyEmergency,
			at(2026, 9, 30, 10, 0), at(2026, 9, 30, 14, 0), at(2026, 9, 30, 14, 0)},
		{"emergency on a holiday night", lim, water, TypeHelp, UrgencyEmergency,
			at(2026, 10, 1, 23, 0), at(2026, 10, 2, 3, 0), at(2026, 10, 2, 3, 0)},
		{"emergency beats a same-day consultation", lim, streets, TypeConsult, UrgencyEmergency,
			at(2026, 11, 30, 9, 0), at(2026, 11, 30, 13, 0), at(2026, 11, 30, 13, 0)},
		{"urgent utility outage on a holiday: 24 clock hours", lim, water, TypeHelp, UrgencyUrgent,
			at(2026, 10, 2, 9, 0), at(2026, 10, 3, 9, 0), at(2026, 10, 3, 9, 0)},
		{"urgent utility outage on a working day: sign next working day is later, so due", lim, water, TypeHelp, UrgencyUrgent,
			at(2026, 11, 30, 9, 0), at(2026, 12, 1, 9, 0), at(2026, 12, 1, 9, 0)},
		{"urgent but not a utility: working days", lim, streets, TypeComplaint, UrgencyUrgent,
			at(2026, 11, 23, 10, 0), at(2026, 11, 24, 18, 0), at(2026, 11, 30, 18, 0)},
		{"consultation in office hours: same day", lim, water, TypeConsult, UrgencyNormal,
			at(2026, 11, 30, 10, 0), at(2026, 11, 30, 18, 0), at(2026, 11, 30, 18, 0)},
		{"consultation after hours: next working day", lim, water, TypeConsult, UrgencyNormal,
			at(2026, 11, 30, 19, 0), at(2026, 12, 1, 18, 0), at(2026, 12, 1, 18, 0)},
		{"consultation on a holiday: first working day after", lim, water, TypeConsult, UrgencyNormal,
			at(2026, 10, 3, 10, 0), at(2026, 10, 8, 18, 0), at(2026, 10, 8, 18, 0)},
		{"consultation on a make-up Saturday: that day", lim, water, TypeConsult, UrgencyNormal,
			at(2026, 10, 10, 10, 0), at(2026, 10, 10, 18, 0), at(2026, 10, 10, 18, 0)},
		{"consultation without same-day rule", noConsult, water, TypeConsult, UrgencyNormal,
			at(2026, 11, 23, 10, 0), at(2026, 11, 24, 18, 0), at(2026, 11, 30, 18, 0)},
		{"default over Spring Festival", lim, streets, TypeComplaint, UrgencyNormal,
			at(2026, 2, 13, 10, 0), at(2026, 2, 14, 18, 0), at(2026, 2, 27, 18, 0)},
		{"default over National Day", lim, streets, TypeComplaint, UrgencyNormal,
			at(2026, 9, 29, 10, 0), at(2026, 9, 30, 18, 0), at(2026, 10, 12, 18, 0)},
		{"category FinishDays override", lim, quick, TypeHelp, UrgencyNormal,
			at(2026, 9, 29, 10, 0), at(2026, 9, 30, 18, 0), at(2026, 10, 9, 18, 0)},
		{"emergency hours unset: working days", noEmergency, streets, TypeHelp, UrgencyEmergency,
			at(2026, 11, 23, 10, 0), at(2026, 11, 24, 18, 0), at(2026, 11, 30, 18, 0)},
		{"working day ends at 17", endAt17, streets, TypeHelp, UrgencyNormal,
			at(2026, 11, 23, 10, 0), at(2026, 11, 24, 17, 0), at(2026, 11, 30, 17, 0)},
		{"sign limit longer than finish limit is cut to due", slowSign, streets, TypeHelp, UrgencyNormal,
			at(2026, 11, 23, 10, 0), at(2026, 11, 25, 18, 0), at(2026, 11, 25, 18, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sign, due := Deadlines(cal, tt.lim, tt.cat, tt.reqType, tt.urgency, tt.accepted)
			if !due.Equal(tt.due) {
				t.Errorf("due = %v, want %v", due, tt.due)
			}
			if !sign.Equal(tt.wantSign) {
				t.Errorf("signDue = %v, want %v", sign, tt.wantSign)
			}
			if sign.After(due) {
				t.Errorf("signDue %v after due %v", sign, due)
			}
		})
	}
}

func TestExtensionAllowed(t *testing.T) {
	cal := newTestCalendar(t, config.Calendar{})
	lim := testLimits()
	none := lim
	none.MaxExtensionDays = 0
	current := at(2026, 10, 12, 18, 0)
	tests := []struct {
		name    string
		lim     config.TimeLimits
		newDue  time.Time
		wantErr string
	}{
		{"one working day", lim, at(2026, 10, 13, 18, 0), ""},
		{"exactly 10 working days", lim, at(2026, 10, 26, 18, 0), ""},
		{"11 working days", lim, at(2026, 10, 27, 18, 0), "goes past 2026-10-26 18:00:00, the end of the 10 working days"},
		{"one hour past the 10th day", lim, at(2026, 10, 26, 19, 0), "goes past 2026-10-26 18:00:00"},
		{"same deadline", lim, current, "not after the current deadline"},
		{"earlier", lim, at(2026, 10, 9, 18, 0), "not after the current deadline"},
		{"extensions off", none, at(2026, 10, 13, 18, 0), "max_extension_days is 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ExtensionAllowed(cal, tt.lim, current, tt.newDue)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ExtensionAllowed: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestReturnAllowed(t *testing.T) {
	cal := newTestCalendar(t, config.Calendar{})
	lim := testLimits()
	dispatched := at(2026, 9, 29, 10, 0) // +2 working days: 09-30, 10-08
	tests := []struct {
		name string
		now  time.Time
		want bool
	}{
		{"same day", at(2026, 9, 29, 15, 0), true},
		{"during the holiday", at(2026, 10, 5, 10, 0), true},
		{"last minute of the window", at(2026, 10, 8, 18, 0), true},
		{"after the window", at(2026, 10, 8, 18, 1), false},
		{"next working day", at(2026, 10, 9, 9, 0), false},
		{"before the dispatch", at(2026, 9, 29, 9, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReturnAllowed(cal, lim, dispatched, tt.now); got != tt.want {
				t.Errorf("ReturnAllowed = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWarning(t *testing.T) {
	cal := newTestCalendar(t, config.Calendar{})
	lim := testLimits()
	twoDays := lim
	twoDays.WarnDays = 2
	tests := []struct {
		name     string
		lim      config.TimeLimits
		due, now time.Time
		want     string
	}{
		{"two working days ahead", lim, at(2026, 11, 27, 18, 0), at(2026, 11, 25, 10, 0), WarnNone},
		{"one working day ahead", lim, at(2026, 11, 27, 18, 0), at(2026, 11, 26, 10, 0), WarnYellow},
		{"due today", lim, at(2026, 11, 27, 18, 0), at(2026, 11, 27, 17, 0), WarnYellow},
		{"at the deadline", lim, at(2026, 11, 27, 18, 0), at(2026, 11, 27, 18, 0), WarnYellow},
		{"past due", lim, at(2026, 11, 27, 18, 0), at(2026, 11, 27, 18, 1), WarnRed},
		{"holiday days do not count", lim, at(2026, 10, 8, 18, 0), at(2026, 9, 30, 10, 0), WarnYellow},
		{"over a weekend", lim, at(2026, 11, 30, 18, 0), at(2026, 11, 27, 10, 0), WarnYellow},
		{"wider warning window", twoDays, at(2026, 11, 27, 18, 0), at(2026, 11, 25, 10, 0), WarnYellow},
		{"no deadline", lim, time.Time{}, at(2026, 11, 27, 10, 0), WarnNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Warning(cal, tt.lim, tt.due, tt.now); got != tt.want {
				t.Errorf("Warning = %q, want %q", got, tt.want)
			}
		})
	}
}
