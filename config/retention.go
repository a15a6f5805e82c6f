package config

import (
	"time"
)

// Retention says how long finished orders stay in the live database and
// how long personal data is kept at all (PIPL: no longer than needed).
type Retention struct {
	// ArchiveAfterDays: closed, answered and cancelled orders finished
	// this many days ago move, with their conversations, to the yearly
	// read-only archive (DATA/archive/YYYY.db); 0 = never (730).
	ArchiveAfterDays int `yaml:"archive_after_days"`
	// MaskPersonalAfterDays: the personal data of orders finished this
	// many days ago (names, phones, ID numbers, house numbers, platform
	// ids, numbers in messages) is masked for good, in the archive and in
	// the live database; 0 = never (1095).
	MaskPersonalAfterDays int `yaml:"mask_personal_after_days"`
	// RunAt is the time of day (city time, HH:MM) serve runs the archive;
	// "" = only by `hotline archive` ("03:30").
	RunAt string `yaml:"run_at"`
	// CheckAt is the time of day (city time, HH:MM) serve checks the whole
	// database for damage (a copy of a snapshot, fully checked like
	// `hotline check`); "" = never ("04:30").
	CheckAt string `yaml:"check_at"`
}

// MinRetentionDays is the shortest retention accepted: an order's rating,
// returns and reopening all happen within weeks of its closing.
const MinRetentionDays = 30

// ArchiveBefore is the time before which finished orders move to the
// archive at now (zero when archiving is off).
func (r Retention) ArchiveBefore(now time.Time) time.Time {
	if r.ArchiveAfterDays <= 0 {
		return time.Time{}
	}
	return now.AddDate(0, 0, -r.ArchiveAfterDays)
}

// MaskBefore is the time before which personal data is masked at now
// (zero when masking is off).
func (r Retention) MaskBefore(now time.Time) time.Time {
	if r.MaskPersonalAfterDays <= 0 {
		return time.Time{}
	}
	return now.AddDate(0, 0, -r.MaskPersonalAfterDays)
}

// RunClock returns RunAt's hour and minute; ok is false when the
// scheduled run is off.
func (r Retention) RunClock() (hour, minute int, ok bool, err error) { return dailyClock(r.RunAt) }

// CheckClock returns CheckAt's hour and minute; ok is false when the
// daily check is off.
func (r Retention) CheckClock() (hour, minute int, ok bool, err error) { return dailyClock(r.CheckAt) }

// dailyClock reads a time of day HH:MM ("" = off).
func dailyClock(at string) (hour, minute int, ok bool, err error) {
	if at == "" {
		return 0, 0, false, nil
	}
	t, err := time.Parse("15:04", at)
	if err != nil {
		return 0, 0, false, msgClock.err(at)
	}
	return t.Hour(), t.Minute(), true, nil
}

func (v *validator) retention() {
	r := v.c.Retention
	for _, d := range []struct {
		path string
		val  int
	}{{"retention.archive_after_days", r.ArchiveAfterDays}, {"retention.mask_personal_after_days", r.MaskPersonalAfterDays}} {
		if d.val != 0 && (d.val < MinRetentionDays || d.val > 36500) {
			v.add(d.path, msgDaysRange, d.val, MinRetentionDays)
		}
	}
	if _, _, _, err := r.RunClock(); err != nil {
		v.addErr("retention.run_at", err)
	}
	if _, _, _, err := r.CheckClock(); err != nil {
		v.addErr("retention.check_at", err)
	}
}
