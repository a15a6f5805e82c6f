package outbox

import (
	"context"
	"errors"
	"sync"
	"time"

	"hotline/store"
)

// Outbox lanes: Run gives every channel a lane of its own, with its own
// workers, so that a channel whose API hangs holds up only its own
// messages. A dispatcher scans the due index and hands entry ids to the
// lanes that have room; a lane's worker claims its entry (a lease as long
// as the call deadline plus a margin), calls the channel with the call
// deadline, and records the outcome of that one entry at once. A crash
// therefore repeats at most the calls that were really in flight, after
// their lease.

// DefaultCallTimeout bounds one call to a channel when outbox.call_timeout
// is not set.
const DefaultCallTimeout = 30 * time.Second

// leaseMargin is how much longer than the call deadline a claim lasts:
// half the deadline, at most 15 s.
func leaseMargin(call time.Duration) time.Duration { return min(call/2, 15*time.Second) }

// StopGrace is how long a stopping outbox lets calls in flight finish
// before it cancels them (their entries are retried after the lease).
const StopGrace = 3 * time.Second

type lane struct {
	name  string
	queue chan uint64
}

type lanes struct {
	o        *Outbox
	byName   map[string]*lane
	unknown  *lane // entries of channels without a sender: they fail at once
	mu       sync.Mutex
	inflight map[uint64]bool
	chanOf   map[uint64]string // channel of due entries seen, so a scan decodes each once
	done     chan struct{}
}

func (o *Outbox) newLanes() *lanes {
	ls := &lanes{o: o, byName: map[string]*lane{}, inflight: map[uint64]bool{}, chanOf: map[uint64]string{},
		done: make(chan struct{}, 1)}
	for name := range o.senders {
		ls.byName[name] = &lane{name: name, queue: make(chan uint64, o.cfg.Workers)}
	}
	ls.unknown = &lane{name: "", queue: make(chan uint64, 1)}
	return ls
}

func (ls *lanes) all() []*lane {
	out := []*lane{ls.unknown}
	for _, l := range ls.byName {
		out = append(out, l)
	}
	return out
}

// Run delivers due entries, each channel in its own lane, until ctx
// ends; calls in flight then get StopGrace to finish before they are
// cancelled.
func (o *Outbox) Run(ctx context.Context) error {
	ls := o.newLanes()
	callCtx, cancelCalls := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelCalls()
	var wg sync.WaitGroup
	for _, l := range ls.all() {
		n := cap(l.queue)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for id := range l.queue {
					ls.deliver(callCtx, id)
				}
			}()
		}
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			for _, l := range ls.all() {
				close(l.queue)
			}
			finished := make(chan struct{})
			go func() { wg.Wait(); close(finished) }()
			select {
			case <-finished:
			case <-time.After(StopGrace):
				cancelCalls()
				<-finished
			}
			return nil
		case <-timer.C:
		case <-o.wake:
		case <-ls.done:
		}
		next, err := ls.dispatch()
		var unavailable *store.UnavailableError
		if err != nil && !errors.As(err, &unavailable) {
			o.log.Error("outbox scan failed", "err", err)
		}
		wait := time.Second
		if !next.IsZero() {
			if d := next.Sub(o.now()); d < wait {
				wait = max(d, time.Millisecond)
			}
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(wait)
	}
}

// dispatch hands due entries to the lanes that have room and returns when
// the earliest entry not handed out is due.
func (ls *lanes) dispatch() (next time.Time, err error) {
	now := ls.o.now()
	room := 0
	for _, l := range ls.all() {
		room += cap(l.queue) - len(l.queue)
	}
	seen := make(map[uint64]string, len(ls.chanOf))
	err = ls.o.st.View(func(tx *store.Tx) error {
		tx.ScanDueOutbox(now, func(id uint64) bool {
			if room == 0 {
				return false
			}
			ch, ok := ls.chanOf[id]
			if !ok {
				e, err := tx.OutboxEntry(id)
				if err != nil {
					return true
				}
				ch = e.Channel
			}
			seen[id] = ch
			if ls.isInflight(id) {
				return true
			}
			l := ls.byName[ch]
			if l == nil {
				l = ls.unknown
			}
			ls.setInflight(id, true)
			select {
			case l.queue <- id:
				room--
			default:
				ls.setInflight(id, false)
			}
			return true
		})
		next = tx.NextOutboxDue()
		return nil
	})
	if room > 0 || len(seen) > len(ls.chanOf)/2 {
		ls.chanOf = seen
	} else {
		for id, ch := range seen {
			ls.chanOf[id] = ch
		}
	}
	if !next.IsZero() && !next.After(now) {
		next = now.Add(time.Second) // due but waiting for room: a worker's end wakes the dispatcher
	}
	return next, err
}

func (ls *lanes) isInflight(id uint64) bool {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return ls.inflight[id]
}

func (ls *lanes) setInflight(id uint64, on bool) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if on {
		ls.inflight[id] = true
	} else {
		delete(ls.inflight, id)
	}
}

// deliver claims entry id, calls its channel and records the outcome.
func (ls *lanes) deliver(ctx context.Context, id uint64) {
	o := ls.o
	defer func() {
		ls.setInflight(id, false)
		select {
		case ls.done <- struct{}{}:
		default:
		}
	}()
	var claimed *store.OutboxEntry
	err := o.st.BatchContext(ctx, func(tx *store.Tx) error {
		claimed = nil
		e, err := tx.OutboxEntry(id)
		if err != nil {
			return err
		}
		now := o.now()
		if e.Status != store.OutPending || e.NextAt.After(now) {
			return nil // settled or claimed meanwhile
		}
		e.Attempts++
		e.NextAt = now.Add(o.lease)
		if err := tx.PutOutboxEntry(e); err != nil {
			return err
		}
		claimed = e
		return nil
	})
	if err != nil || claimed == nil {
		return
	}
	result := o.deliver(ctx, claimed)
	if err := o.record([]*store.OutboxEntry{claimed}, []error{result}); err != nil {
		var unavailable *store.UnavailableError
		if !errors.As(err, &unavailable) {
			o.log.Error("outbox: unable to record a delivery; it is retried after its lease", "channel", claimed.Channel, "entry", claimed.ID, "err", err)
		}
	}
}
