package ticket

import (
	"fmt"
	"time"

	"hotline/config"
)

// Warning levels returned by Warning.
const (
	WarnNone   = ""
	WarnYellow = "yellow" // the deadline is near
	WarnRed    = "red"    // the deadline has passed
)

// Deadlines returns when a department must sign for the order (signDue) and
// when it must be finished (due), counted from acceptance on cal:
//
//   - emergency (特急): accepted + EmergencyHours, in clock hours;
//   - urgent (紧急) in a utility category (water, power, gas, heating
//     outages): accepted + UrgentHours, in clock hours;
//   - a consultation (咨询) when ConsultSameDay is set: the end of the same
//     working day, or of the next one when accepted on a day off or after
//     WorkdayEndHour;
//   - anything else: FinishDays working days (the category's FinishDays
//     when it is above 0), ending at WorkdayEndHour.
//
// A rule whose limit is 0 in lim is skipped, so that the next one applies.
// signDue is SignDays working days after acceptance (the end of the same
// working day when SignDays is 0) but never later than due, which makes it
// equal to due for emergencies, urgent outages and same-day consultations.
func Deadlines(cal *Calendar, lim config.TimeLimits, cat config.Category, reqType, urgency string, accepted time.Time) (signDue, due time.Time) {
	cal = cal.WithWorkdayEnd(lim.WorkdayEndHour)
	switch {
	case urgency == UrgencyEmergency && lim.EmergencyHours > 0:
		due = accepted.Add(lim.EmergencyHours.D())
	case urgency == UrgencyUrgent && cat.Utility && lim.UrgentHours > 0:
		due = accepted.Add(lim.UrgentHours.D())
	case reqType == TypeConsult && lim.ConsultSameDay:
		due = cal.EndOfWorkday(accepted)
	default:
		days := lim.FinishDays
		if cat.FinishDays > 0 {
			days = cat.FinishDays
		}
		due = cal.AddWorkingDays(accepted, days)
	}
	signDue = cal.AddWorkingDays(accepted, lim.SignDays)
	if signDue.After(due) {
		signDue = due
	}
	return signDue, due
}

// ExtensionAllowed checks a department's request to move the deadline from
// currentDue to newDue (延期): newDue must be later, and at most
// MaxExtensionDays working days later. A nil error means the office may
// grant it; the error says why not.
func ExtensionAllowed(cal *Calendar, lim config.TimeLimits, currentDue, newDue time.Time) error {
	loc := cal.Location()
	if lim.MaxExtensionDays <= 0 {
		return fmt.Errorf("ticket: extensions are not allowed (time_limits.max_extension_days is %d)", lim.MaxExtensionDays)
	}
	if !newDue.After(currentDue) {
		return fmt.Errorf("ticket: extension to %s is not after the current deadline %s",
			newDue.In(loc).Format(time.DateTime), currentDue.In(loc).Format(time.DateTime))
	}
	limit := cal.WithWorkdayEnd(lim.WorkdayEndHour).AddWorkingDays(currentDue, lim.MaxExtensionDays)
	if newDue.After(limit) {
		return fmt.Errorf("ticket: extension to %s goes past %s, the end of the %d working days allowed after the current deadline %s",
			newDue.In(loc).Format(time.DateTime), limit.Format(time.DateTime),
			lim.MaxExtensionDays, currentDue.In(loc).Format(time.DateTime))
	}
	return nil
}

// ReturnAllowed reports whether a department may still return (退回) an
// order dispatched at dispatchedAt: until the end of the ReturnDays-th
// working day after the dispatch.
func ReturnAllowed(cal *Calendar, lim config.TimeLimits, dispatchedAt, now time.Time) bool {
	if now.Before(dispatchedAt) {
		return false
	}
	limit := cal.WithWorkdayEnd(lim.WorkdayEndHour).AddWorkingDays(dispatchedAt, lim.ReturnDays)
	return !now.After(limit)
}

// Warning returns the supervision colour of an order due at due: WarnRed
// once due has passed, WarnYellow when due falls within WarnDays working
// days of now (on now's date or one of the next WarnDays working days),
// WarnNone otherwise or when there is no deadline.
func Warning(cal *Calendar, lim config.TimeLimits, due, now time.Time) string {
	switch {
	case due.IsZero():
		return WarnNone
	case now.After(due):
		return WarnRed
	case cal.WorkingDaysBetween(now, due) <= lim.WarnDays:
		return WarnYellow
	}
	return WarnNone
}
