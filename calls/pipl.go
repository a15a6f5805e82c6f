package calls

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"hotline/domain"
	"hotline/store"
)

// The retention run (retention.mask_personal_after_days) masks the
// calls too: a call whose last event lies past the age keeps its times,
// state, agent and order, and loses the caller's number (139****6688),
// the recording link and the phone, ID and house numbers in the agent's
// note (a call knows no citizen's name to mask); its callback entry loses the number and the attempts' notes;
// the index that finds a number's calls forgets it.

// kvDue lists calls by the day they began (YYYYMMDD, UTC) for the
// masking: day \x00 call id → "". kvDueListed says that the calls of a
// file written before the list existed have been listed (once).
const (
	kvDue       = "calls.due:"
	kvDueListed = "calls.due-listed"
)

func dueKey(day, id string) string { return kvDue + day + "\x00" + id }

// errStop ends a scan early.
var errStop = errors.New("stop")

// lastAt is the time of a call's last event.
func lastAt(c *Call) time.Time {
	t := c.RingingAt
	for _, x := range []time.Time{c.AnsweredAt, c.EndedAt, c.MissedAt} {
		if x.After(t) {
			t = x
		}
	}
	return t
}

// firstDay is the day a call's first event fell on, in UTC.
func firstDay(c *Call) string {
	t := time.Time{}
	for _, x := range []time.Time{c.RingingAt, c.AnsweredAt, c.EndedAt, c.MissedAt} {
		if !x.IsZero() && (t.IsZero() || x.Before(t)) {
			t = x
		}
	}
	return t.UTC().Format("20060102")
}

// Masker is the calls' part of the retention run, for
// store.ArchiveOptions.Others.
func Masker(st *store.Store) store.Masker {
	return func(ctx context.Context, before time.Time, dryRun bool) (masked, read int, err error) {
		if dryRun || before.IsZero() {
			return 0, 0, nil
		}
		if err := listOld(st); err != nil {
			return 0, 0, err
		}
		last := before.UTC().Format("20060102")
		for {
			if err := ctx.Err(); err != nil {
				return masked, read, err
			}
			// One batch a transaction: the due entries of days before
			// the age's day, each call masked once and its entry gone.
			var keys []string
			err := st.View(func(tx *store.Tx) error {
				return tx.ScanKV(kvDue, func(k string, _ []byte) error {
					if len(keys) == 500 || k[len(kvDue):len(kvDue)+8] >= last {
						return errStop
					}
					keys = append(keys, k)
					return nil
				})
			})
			if errors.Is(err, errStop) {
				err = nil
			}
			if err != nil || len(keys) == 0 {
				return masked, read, err
			}
			err = st.Update(func(tx *store.Tx) error {
				for _, k := range keys {
					id := k[len(kvDue)+9:]
					n, err := maskCall(tx, id, before)
					if err != nil {
						return err
					}
					masked += n
					read++
					if err := tx.Delete(k); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return masked, read, err
			}
		}
	}
}

// maskCall masks call id and its callback if its last event lies before
// before; one not yet past is listed again under its last day. It reports
// how many records it changed; a second run changes nothing.
func maskCall(tx *store.Tx, id string, before time.Time) (int, error) {
	c, err := getCall(tx, id)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	cb, err := getCallback(tx, id)
	if errors.Is(err, store.ErrNotFound) {
		cb, err = nil, nil
	}
	if err != nil {
		return 0, err
	}
	end := lastAt(c)
	if cb != nil {
		for _, x := range []time.Time{cb.CreatedAt, cb.ClaimedAt, cb.DoneAt} {
			if x.After(end) {
				end = x
			}
		}
		for _, a := range cb.Attempts {
			if a.At.After(end) {
				end = a.At
			}
		}
	}
	if !end.Before(before) {
		return 0, tx.Put(dueKey(end.UTC().Format("20060102"), id), []byte{})
	}
	n := 0
	if c.Caller != "" && !strings.Contains(c.Caller, "****") || c.Recording != "" || c.Note != domain.MaskPersonalText(c.Note) {
		if c.Caller != "" {
			// the index that finds this number's calls forgets this one
			prefix := kvNumber + c.Caller + "\x00"
			var stale []string
			if err := tx.ScanKV(prefix, func(k string, v []byte) error {
				if string(v) == c.ID {
					stale = append(stale, k)
				}
				return nil
			}); err != nil {
				return 0, err
			}
			for _, k := range stale {
				if err := tx.Delete(k); err != nil {
					return 0, err
				}
			}
		}
		c.Caller, c.Recording, c.Note = domain.MaskPhone(c.Caller), "", domain.MaskPersonalText(c.Note)
		if err := putCall(tx, c); err != nil {
			return 0, err
		}
		n++
	}
	if cb != nil && !strings.Contains(cb.Caller, "****") {
		cb.Caller = domain.MaskPhone(cb.Caller)
		for i := range cb.Attempts {
			cb.Attempts[i].Note = domain.MaskPersonalText(cb.Attempts[i].Note)
		}
		if err := putCallback(tx, cb); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// listOld lists, once, the calls of a file written before calls were
// listed by day.
func listOld(st *store.Store) error {
	var done bool
	if err := st.View(func(tx *store.Tx) error { done = tx.Get(kvDueListed) != nil; return nil }); err != nil || done {
		return err
	}
	return st.Update(func(tx *store.Tx) error {
		var calls []*Call
		if err := tx.ScanKV(kvCall, func(_ string, v []byte) error {
			var c Call
			if err := json.Unmarshal(v, &c); err != nil {
				return err
			}
			calls = append(calls, &c)
			return nil
		}); err != nil {
			return err
		}
		for _, c := range calls {
			if err := tx.Put(dueKey(firstDay(c), c.ID), []byte{}); err != nil {
				return err
			}
		}
		return tx.Put(kvDueListed, []byte{1})
	})
}
