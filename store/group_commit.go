package store

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// groupCommit coalesces concurrent writers into shared transactions, one
// fsync for many, as bbolt's DB.Batch does, and differs from it in what a
// writer waits for while the file's single writer is busy.
//
// DB.Batch closes a batch MaxBatchDelay after its first caller and then
// queues it for the writer lock, while the next callers form a new batch
// that closes MaxBatchDelay later and queues behind it. When a commit takes
// longer than the delay (an fsync of a few milliseconds and the handlers
// of a dozen messages), batches pile up in front of the lock and a caller
// waits for every commit ahead of its own: at hotline bench's peak a
// message waited for 2.5–4.5 commits from its call to its answer, each
// commit shared by 7–12 messages and each paying its own fsync.
//
// groupCommit keeps one queue instead. While a commit runs, new callers
// join the queue; when it ends, the whole queue (up to MaxBatchSize
// callers) is the next commit, at once. A caller waits for at most the
// commit under way and its own. An idle file's first caller still waits
// MaxBatchDelay for others to join it, as with DB.Batch.
//
// A failing or panicking function fails the shared transaction; as in
// DB.Batch it is rolled back, the others run again without the failing one,
// and that one runs again alone in its caller's Update, which returns its
// own error or panic. So a function may run more than once and must be
// idempotent.
type groupCommit struct {
	db *bolt.DB

	mu      sync.Mutex
	queue   []*groupCall
	running bool // a committer goroutine owns the queue
	// full is closed when the queue reaches MaxBatchSize while the
	// committer waits out MaxBatchDelay before its first commit (nil
	// after that wait).
	full chan struct{}
}

type groupCall struct {
	fn  func(*bolt.Tx) error
	err chan error
}

// errAlone tells a caller that its function failed the shared transaction
// and must run again in one of its own.
var errAlone = errors.New("store: run the write alone")

func newGroupCommit(db *bolt.DB) *groupCommit {
	return &groupCommit{db: db}
}

// maxSize is how many callers one commit takes (bbolt's MaxBatchSize; 0
// or less: each alone).
func (g *groupCommit) maxSize() int { return max(g.db.MaxBatchSize, 1) }

// do runs fn in a transaction shared with the callers queued with it and
// returns once that transaction is durable (or fn's own error).
func (g *groupCommit) do(fn func(*bolt.Tx) error) error {
	c := &groupCall{fn: fn, err: make(chan error, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, c)
	if !g.running {
		g.running = true
		g.full = make(chan struct{})
		go g.run(g.full)
	}
	if g.full != nil && len(g.queue) >= g.maxSize() {
		close(g.full)
		g.full = nil
	}
	g.mu.Unlock()
	err := <-c.err
	if err == errAlone {
		err = g.db.Update(fn)
	}
	return err
}

// run commits the queue until it is empty: the first commit after
// MaxBatchDelay (or when the queue is full), each next one as soon as the
// previous is durable, with everyone who queued meanwhile.
func (g *groupCommit) run(full <-chan struct{}) {
	t := time.NewTimer(g.db.MaxBatchDelay)
	select {
	case <-t.C:
	case <-full:
		t.Stop()
	}
	for first := true; ; first = false {
		g.mu.Lock()
		if first {
			g.full = nil
		}
		n := min(len(g.queue), g.maxSize())
		if n == 0 {
			g.running = false
			g.mu.Unlock()
			return
		}
		calls := slices.Clone(g.queue[:n])
		g.queue = slices.Delete(g.queue, 0, n)
		g.mu.Unlock()
		g.commit(calls)
	}
}

// commit runs calls in one transaction and tells each its outcome; a
// function that fails is dropped and told to run alone, and the others
// run again without it.
func (g *groupCommit) commit(calls []*groupCall) {
	for len(calls) > 0 {
		failed := -1
		err := g.db.Update(func(tx *bolt.Tx) error {
			for i, c := range calls {
				if err := callSafely(c.fn, tx); err != nil {
					failed = i
					return err
				}
			}
			return nil
		})
		if failed >= 0 {
			calls[failed].err <- errAlone
			calls = slices.Delete(calls, failed, failed+1)
			continue
		}
		for _, c := range calls {
			c.err <- err
		}
		return
	}
}

// callSafely runs fn, turning a panic into an error so that the others
// sharing the transaction go on; the caller's own run alone panics again.
func callSafely(fn func(*bolt.Tx) error, tx *bolt.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: a write panicked: %v", p)
		}
	}()
	return fn(tx)
}
