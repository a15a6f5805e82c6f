package store

import (
	"errors"
	"fmt"
	"sync"
	"syscall"
	"time"
)

// RetryAfter is how long clients are asked to wait when the store cannot
// write (UnavailableError).
const RetryAfter = 30 * time.Second

// UnavailableError is a write that failed because the storage under the
// database failed (the disk is full, a quota is reached, an I/O error, a
// read-only file system), not because of what was written. bbolt rolled
// the transaction back; the same write succeeds once the storage recovers.
// HTTP handlers answer it with 503 and Retry-After (its Unavailable
// method), never as an internal error.
type UnavailableError struct {
	Kind string // no_space, quota, io, read_only
	Err  error
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("store: unable to write (%s): %v", e.Kind, e.Err)
}
func (e *UnavailableError) Unwrap() error { return e.Err }

// Unavailable says how long to wait before trying again.
func (e *UnavailableError) Unavailable() time.Duration { return RetryAfter }

// storageKind names the storage failure behind err, or "" when err is not
// one (a domain error, a conflict).
func storageKind(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return "no_space"
	case errors.Is(err, syscall.EDQUOT):
		return "quota"
	case errors.Is(err, syscall.EIO):
		return "io"
	case errors.Is(err, syscall.EROFS):
		return "read_only"
	}
	return ""
}

// WriteHealth is the state of the store's writes.
type WriteHealth struct {
	Failing  bool      // the last write failed for a storage reason
	Kind     string    // of the last storage failure
	LastErr  string    // its error
	Since    time.Time // first failure of the current run of failures
	Failures map[string]uint64
}

// health tracks storage failures of writes.
type health struct {
	mu       sync.Mutex
	failing  bool
	kind     string
	lastErr  string
	since    time.Time
	failures map[string]uint64
	// fault and onError come from Options.
	fault   func() error
	onError func(kind string, err error)
}

// observe records the outcome of a write and turns a storage failure into
// an *UnavailableError.
func (h *health) observe(err error) error {
	if err == nil {
		h.mu.Lock()
		h.failing = false
		h.mu.Unlock()
		return nil
	}
	var ue *UnavailableError
	if errors.As(err, &ue) {
		return err
	}
	kind := storageKind(err)
	if kind == "" {
		return err
	}
	h.mu.Lock()
	if !h.failing {
		h.since = time.Now()
	}
	h.failing, h.kind, h.lastErr = true, kind, err.Error()
	if h.failures == nil {
		h.failures = map[string]uint64{}
	}
	h.failures[kind]++
	onError := h.onError
	h.mu.Unlock()
	if onError != nil {
		onError(kind, err)
	}
	return &UnavailableError{Kind: kind, Err: err}
}

// commitFault is what Options.WriteFault says of the commit about to be
// made (nil: none).
func (h *health) commitFault() error {
	if h.fault == nil {
		return nil
	}
	return h.fault()
}

// WriteHealth returns the state of the store's writes.
func (s *Store) WriteHealth() WriteHealth {
	h := &s.health
	h.mu.Lock()
	defer h.mu.Unlock()
	out := WriteHealth{Failing: h.failing, Kind: h.kind, LastErr: h.lastErr, Since: h.since,
		Failures: make(map[string]uint64, len(h.failures))}
	for k, v := range h.failures {
		out.Failures[k] = v
	}
	return out
}

// Probe makes a small write, so that a store whose writes failed finds out
// that they work again even when nobody else writes.
func (s *Store) Probe() error {
	return s.PutKV("health:probe", []byte(time.Now().UTC().Format(time.RFC3339Nano)))
}
