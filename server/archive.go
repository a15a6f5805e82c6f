package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"hotline/calls"
	"hotline/httpx"
	"hotline/store"
)

// The retention job (retention.*): finished orders past
// retention.archive_after_days move to the yearly archive, personal data
// past retention.mask_personal_after_days is masked. It runs daily at
// retention.run_at (city time), and on demand through
// POST /api/admin/archive (`hotline archive` while the server runs).

// archiveRun keeps two runs from overlapping.
type archiveRun struct {
	mu      sync.Mutex
	lastDay string // the city day of the last scheduled run, kept under lastRunKey
}

// lastRunKey keeps the city day of the last scheduled run in the store, so
// that a restart later that day does not run the job again.
const lastRunKey = "retention:last-run-day"

// errArchiveBusy: a run is already going on.
var errArchiveBusy = errors.New("an archive run is already going on")

// Archive runs the retention job now: what retention says, as of the
// server's clock. dryRun counts without changing anything.
func (s *Server) Archive(ctx context.Context, dryRun bool) (*store.ArchiveResult, error) {
	if !s.archive.mu.TryLock() {
		return nil, errArchiveBusy
	}
	defer s.archive.mu.Unlock()
	now := s.now()
	r := s.Config.Retention
	return s.Store.RunArchive(ctx, store.ArchiveOptions{Before: r.ArchiveBefore(now), MaskBefore: r.MaskBefore(now), DryRun: dryRun,
		Others: []store.Masker{calls.Masker(s.Store)}})
}

// archiveDue runs the scheduled job when retention.run_at has come today
// (city time) and it has not run yet today; it reports whether it ran.
func (s *Server) archiveDue(ctx context.Context) bool {
	h, m, on, err := s.Config.Retention.RunClock()
	if !on || err != nil {
		return false
	}
	day, passed := s.cityDayAt(h, m)
	if !passed {
		return false
	}
	if s.archive.lastDay == "" {
		v, err := s.Store.GetKV(lastRunKey)
		if err != nil {
			s.log.Error("archive run: unable to read the day of the last run", "err", err)
			return false
		}
		s.archive.lastDay = string(v)
	}
	if s.archive.lastDay == day {
		return false
	}
	s.archive.lastDay = day
	if err := s.Store.PutKV(lastRunKey, []byte(day)); err != nil {
		s.log.Error("archive run: unable to record the day of the run; a restart today runs it again", "err", err)
	}
	start := time.Now()
	res, err := s.Archive(ctx, false)
	if err != nil {
		s.log.Error("archive run failed; the next run finishes it", "err", err)
		return true
	}
	s.log.Info("archive run", "orders", res.Orders, "conversations", res.Conversations, "messages", res.Messages,
		"masked", res.Masked, "masked_live", res.MaskedLive, "removed_uploads", res.RemovedUploads, "read", res.Read, "settled", res.Settled, "years", strings.Join(res.Years, ","), "took", time.Since(start).Round(time.Millisecond))
	if res.Masked+res.MaskedLive+res.Orders > 0 {
		// bbolt keeps a changed record's old bytes in free pages.
		s.log.Info("the old values of masked and moved records stay in the database's free pages until it is compacted (hotline compact, at a quiet hour)")
	}
	return true
}

// runArchiveSchedule checks every minute whether the daily run is due.
func (s *Server) runArchiveSchedule(ctx context.Context) {
	if _, _, on, _ := s.Config.Retention.RunClock(); !on {
		return
	}
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		s.archiveDue(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// archiveNow answers POST /api/admin/archive[?dry_run=1] with what the
// run did; the desk token protects it, as for backups.
func (s *Server) archiveNow(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(tok), []byte(s.DeskToken)) != 1 {
		httpx.WriteError(w, r, httpx.ErrBadToken)
		return
	}
	dry := r.URL.Query().Get("dry_run")
	res, err := s.Archive(r.Context(), dry == "1" || dry == "true")
	if errors.Is(err, errArchiveBusy) {
		httpx.WriteError(w, r, httpx.ErrArchiveBusy)
		return
	}
	if err != nil {
		s.log.Error("archive run failed; the next run finishes it", "err", err)
		httpx.WriteError(w, r, httpx.ErrInternal)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, res)
}

// compactNow answers POST /api/admin/compact: the database compacted
// while the server runs (writes wait only for its last catch-up and the
// swap; store.CompactOnline); with remove_old=1 the previous file is
// deleted once the new one is open. Not while an archive run is going on.
func (s *Server) compactNow(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(tok), []byte(s.DeskToken)) != 1 {
		httpx.WriteError(w, r, httpx.ErrBadToken)
		return
	}
	if !s.archive.mu.TryLock() {
		httpx.WriteError(w, r, httpx.ErrArchiveBusy)
		return
	}
	defer s.archive.mu.Unlock()
	res, err := s.Store.CompactOnline(r.Context())
	if err != nil {
		s.log.Error("online compaction failed; the database is unchanged", "err", err)
		httpx.WriteError(w, r, httpx.ErrInternal)
		return
	}
	if r.URL.Query().Get("remove_old") == "1" {
		// The new file is checked and open: the old one, which still
		// holds what a masking run masked, goes.
		if err := store.RemoveKept(res); err != nil {
			s.log.Error("online compaction done; the previous file was not deleted", "err", err)
		}
	}
	s.log.Info("online compaction", "before", res.Before, "after", res.After, "kept", res.Kept, "kept_removed", res.KeptRemoved,
		"writes_paused", res.Pause.Round(time.Millisecond))
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"before": res.Before, "after": res.After, "kept": res.Kept,
		"kept_removed": res.KeptRemoved, "pause_ms": res.Pause.Milliseconds()})
}
