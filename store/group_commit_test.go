package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// groupDB is a bbolt file with one bucket "b" and its group committer;
// delay is MaxBatchDelay, size MaxBatchSize.
func groupDB(t *testing.T, delay time.Duration, size int) (*bolt.DB, *groupCommit) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"), 0o600, boltOptions(time.Second, false))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.MaxBatchDelay, db.MaxBatchSize = delay, size
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("b")); return err }); err != nil {
		t.Fatal(err)
	}
	return db, newGroupCommit(db)
}

// queued waits until g's queue holds n callers (they are parked on their
// result, so the loop ends when the last one has queued).
func queued(g *groupCommit, n int) {
	for {
		g.mu.Lock()
		l := len(g.queue)
		g.mu.Unlock()
		if l >= n {
			return
		}
		runtime.Gosched()
	}
}

// put is a write of key k that records the id of the transaction it ran
// in.
func put(k string, ids *sync.Map) func(*bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		ids.Store(k, tx.ID())
		return tx.Bucket([]byte("b")).Put([]byte(k), []byte("v"))
	}
}

func TestGroupCommitFullQueueCommitsOnce(t *testing.T) {
	// A delay no test waits out: the commit starts because the queue is
	// full.
	db, g := groupDB(t, time.Hour, 8)
	var ids sync.Map
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if err := g.do(put(fmt.Sprint(i), &ids)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	txs := map[any]bool{}
	ids.Range(func(_, id any) bool { txs[id] = true; return true })
	if len(txs) != 1 {
		t.Errorf("8 callers with MaxBatchSize 8 ran in %d transactions, want 1", len(txs))
	}
	err := db.View(func(tx *bolt.Tx) error {
		if n := tx.Bucket([]byte("b")).Stats().KeyN; n != 8 {
			t.Errorf("%d keys stored, want 8", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestGroupCommitQueueJoinsNextCommit: callers that queue while a commit
// runs are the next commit, together and at once (not after another
// MaxBatchDelay, not each in a transaction of its own).
func TestGroupCommitQueueJoinsNextCommit(t *testing.T) {
	_, g := groupDB(t, time.Hour, 2)
	release := make(chan struct{})
	entered := make(chan struct{})
	var ids sync.Map
	var wg sync.WaitGroup
	blocking := func(tx *bolt.Tx) error {
		close(entered)
		<-release
		return put("first", &ids)(tx)
	}
	wg.Go(func() {
		if err := g.do(blocking); err != nil {
			t.Error(err)
		}
	})
	wg.Go(func() {
		if err := g.do(put("second", &ids)); err != nil {
			t.Error(err)
		}
	})
	<-entered // the first commit (the two, the queue full) is under way
	for i := range 2 {
		wg.Go(func() {
			if err := g.do(put(fmt.Sprint("later", i), &ids)); err != nil {
				t.Error(err)
			}
		})
	}
	queued(g, 2)
	close(release)
	wg.Wait()
	first, _ := ids.Load("first")
	second, _ := ids.Load("second")
	l0, _ := ids.Load("later0")
	l1, _ := ids.Load("later1")
	if first != second || l0 != l1 || l0 == first {
		t.Errorf("transactions: first %v, second %v, later %v and %v; want the first two in one, the later two in the next", first, second, l0, l1)
	}
}

// TestGroupCommitFailingCallRunsAlone: a function that fails leaves the
// others committed and gets its own error, from a run of its own; one
// that panics panics in its own caller.
func TestGroupCommitFailingCallRunsAlone(t *testing.T) {
	db, g := groupDB(t, time.Hour, 4)
	mine := errors.New("mine")
	var failRuns, panicRuns int
	var mu sync.Mutex
	var ids sync.Map
	var wg sync.WaitGroup
	wg.Go(func() {
		err := g.do(func(tx *bolt.Tx) error {
			mu.Lock()
			failRuns++
			mu.Unlock()
			if err := tx.Bucket([]byte("b")).Put([]byte("failed"), []byte("v")); err != nil {
				return err
			}
			return mine
		})
		if !errors.Is(err, mine) {
			t.Errorf("failing write: %v, want its own error", err)
		}
	})
	wg.Go(func() {
		defer func() {
			if p := recover(); p != "boom" {
				t.Errorf("panicking write: recovered %v, want its own panic", p)
			}
		}()
		g.do(func(tx *bolt.Tx) error {
			mu.Lock()
			panicRuns++
			mu.Unlock()
			panic("boom")
		})
		t.Error("the panicking write returned")
	})
	for i := range 2 {
		wg.Go(func() {
			if err := g.do(put(fmt.Sprint(i), &ids)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if failRuns != 2 || panicRuns != 2 {
		t.Errorf("the failing write ran %d times, the panicking one %d; want each twice (shared, then alone)", failRuns, panicRuns)
	}
	err := db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("b"))
		if b.Get([]byte("failed")) != nil {
			t.Error("the failing write's change was committed")
		}
		for _, k := range []string{"0", "1"} {
			if b.Get([]byte(k)) == nil {
				t.Errorf("write %s lost", k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestGroupCommitBoundedBySize: no commit takes more than MaxBatchSize
// callers.
func TestGroupCommitBoundedBySize(t *testing.T) {
	_, g := groupDB(t, time.Hour, 3)
	release := make(chan struct{})
	entered := make(chan struct{})
	var ids sync.Map
	var wg sync.WaitGroup
	blocking := func(tx *bolt.Tx) error {
		close(entered)
		<-release
		return nil
	}
	for i := range 3 {
		wg.Go(func() {
			fn := put(fmt.Sprint("a", i), &ids)
			if i == 0 {
				fn = blocking
			}
			if err := g.do(fn); err != nil {
				t.Error(err)
			}
		})
	}
	<-entered
	for i := range 6 {
		wg.Go(func() {
			if err := g.do(put(fmt.Sprint("b", i), &ids)); err != nil {
				t.Error(err)
			}
		})
	}
	queued(g, 6)
	close(release)
	wg.Wait()
	per := map[any]int{}
	ids.Range(func(k, id any) bool {
		if k.(string)[0] == 'b' {
			per[id]++
		}
		return true
	})
	if len(per) != 2 {
		t.Errorf("6 queued callers with MaxBatchSize 3: transactions %v, want 2 of 3", per)
	}
	for id, n := range per {
		if n != 3 {
			t.Errorf("transaction %v took %d callers, want 3", id, n)
		}
	}
}
