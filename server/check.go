package server

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hotline/store"
)

// The daily consistency check (retention.check_at): the damage an open
// finds (it reads a few pages) is only the shallow kind; deeper damage, a
// leaf page of a bucket, is found by reading every page. Once a day, at a
// quiet hour, the server checks a snapshot of the whole file as `hotline
// check` does (store.CheckOnline): its result is one log line, the
// metrics hotline_store_check_ok and hotline_store_check_timestamp_seconds,
// and, when it found damage, /healthz degraded until a later check finds
// the file sound or a restore replaces it (the finding is kept beside the
// database, store.MarkDamaged, so a restart does not forget it).

// checkRun is the daily check's state.
type checkRun struct {
	mu      sync.Mutex
	running sync.Mutex // one check at a time
	lastDay string     // city day of the last scheduled run
	at      time.Time  // when the last check ended (zero: none yet)
	damage  string     // what the last check found ("" = sound)
}

// CheckDatabase checks the whole database now and records the result.
// An error that is not damage (no room for the copy) changes nothing of
// the recorded result.
func (s *Server) CheckDatabase(ctx context.Context) (*store.CheckReport, error) {
	s.check.running.Lock()
	defer s.check.running.Unlock()
	dir := s.Config.Server.DataDir
	if fi, err := os.Stat(s.Store.Path()); err == nil {
		if free, err := s.freeSpace(dir); err == nil && free < uint64(fi.Size())+s.minFree() {
			return nil, fmt.Errorf("the check needs %d MB free under %s for its copy, %d MB are", (uint64(fi.Size())+s.minFree())>>20, dir, free>>20)
		}
	}
	rep, err := s.Store.CheckOnline(ctx, dir)
	var de *store.DamageError
	if err != nil && !errors.As(err, &de) {
		return nil, err
	}
	s.check.mu.Lock()
	defer s.check.mu.Unlock()
	s.check.at, s.check.damage = s.now(), ""
	if de != nil {
		s.check.damage = de.Problem
		// Kept beside the database, so that a restart still says so.
		if merr := store.MarkDamaged(s.Store.Path(), store.DamageMark{At: s.check.at, Problem: de.Problem}); merr != nil {
			s.log.Error("the check's finding is not kept: a restart will not say degraded", "err", merr)
		}
		return nil, err
	}
	if merr := store.ClearDamageMark(s.Store.Path()); merr != nil {
		s.log.Error("the earlier check's finding could not be removed: a restart will say degraded", "err", merr)
	}
	return rep, nil
}

// loadCheckMark takes up what an earlier check found damaged (and kept
// beside the database): /healthz stays degraded after a restart until a
// later check finds the file sound or a restore replaces it.
func (s *Server) loadCheckMark() {
	m, ok, err := store.ReadDamageMark(s.Store.Path())
	if err != nil {
		s.log.Error("the earlier check's finding is unreadable", "err", err)
		return
	}
	if ok {
		s.check.mu.Lock()
		s.check.at, s.check.damage = m.At, m.Problem
		s.check.mu.Unlock()
	}
}

// checkDue runs the scheduled check when retention.check_at has come today
// (city time) and it has not run yet today; it reports whether it ran.
func (s *Server) checkDue(ctx context.Context) bool {
	day, passed, on := s.checkHour()
	if !on {
		return false
	}
	s.check.mu.Lock()
	if !passed || s.check.lastDay == day {
		s.check.mu.Unlock()
		return false
	}
	s.check.lastDay = day
	s.check.mu.Unlock()
	start := time.Now()
	rep, err := s.CheckDatabase(ctx)
	took := time.Since(start).Round(time.Millisecond)
	var de *store.DamageError
	switch {
	case errors.As(err, &de):
		s.log.Error("database check found damage; /healthz says degraded", "err", err, "took", took)
	case err != nil:
		s.log.Error("database check could not run; the next one tries again", "err", err, "took", took)
	default:
		s.log.Info("database check: sound", "bytes", rep.Bytes, "records", rep.Records, "took", took)
	}
	return true
}

// checkHour returns today's city day and whether retention.check_at has
// passed today (on is false when the check is off).
func (s *Server) checkHour() (day string, passed, on bool) {
	h, m, on, err := s.Config.Retention.CheckClock()
	if !on || err != nil {
		return "", false, false
	}
	day, passed = s.cityDayAt(h, m)
	return day, passed, true
}

// cityDayAt returns today's city day (2006-01-02) and whether h:m city
// time has come today, by the server's clock.
func (s *Server) cityDayAt(h, m int) (day string, passed bool) {
	now := s.now().In(s.Config.Location())
	at := time.Date(now.Year(), now.Month(), now.Day(), h, m, 0, 0, now.Location())
	return now.Format("2006-01-02"), !now.Before(at)
}

// runCheckSchedule checks every minute whether the daily check is due. A
// start after today's check_at waits for tomorrow's: a restart never
// reads the whole file.
func (s *Server) runCheckSchedule(ctx context.Context) {
	day, passed, on := s.checkHour()
	if !on {
		return
	}
	if passed {
		s.check.mu.Lock()
		s.check.lastDay = day
		s.check.mu.Unlock()
	}
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		s.checkDue(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// checkDamage is what the last check found ("" when sound or none ran)
// and when.
func (s *Server) checkDamage() (string, time.Time) {
	s.check.mu.Lock()
	defer s.check.mu.Unlock()
	return s.check.damage, s.check.at
}

var (
	descCheckOK = prometheus.NewDesc("hotline_store_check_ok", "1 when the last daily database check found the file sound, 0 when it found damage (absent before the first).", nil, nil)
	descCheckAt = prometheus.NewDesc("hotline_store_check_timestamp_seconds", "When the last daily database check ended (Unix time; absent before the first).", nil, nil)
)

// collectCheck exports the last check's result.
func (s *Server) collectCheck(ch chan<- prometheus.Metric) {
	damage, at := s.checkDamage()
	if at.IsZero() {
		return
	}
	ok := 1.0
	if damage != "" {
		ok = 0
	}
	ch <- prometheus.MustNewConstMetric(descCheckOK, prometheus.GaugeValue, ok)
	ch <- prometheus.MustNewConstMetric(descCheckAt, prometheus.GaugeValue, float64(at.UnixNano())/1e9)
}
