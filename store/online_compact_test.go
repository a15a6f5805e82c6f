package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hotline/domain"
	"hotline/ticket"
)

func TestCompactOnlineWhileReadingAndWriting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hotline.db")
	st, err := Open(path, &Options{MaxBatchDelay: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { st.Close() }()
	big := strings.Repeat("x", 2000)
	// 6,000 records, then 5,000 of them deleted: most pages are free.
	for i := 0; i < 6000; i += 500 {
		err := st.UpdateNow(func(tx *Tx) error {
			for j := i; j < i+500; j++ {
				if err := tx.Put(fmt.Sprintf("k%05d", j), []byte(big)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err = st.UpdateNow(func(tx *Tx) error {
		for j := 1000; j < 6000; j++ {
			if err := tx.Delete(fmt.Sprintf("k%05d", j)); err != nil {
				return err
			}
		}
		// An archived order, to read after the swap.
		return tx.PutTicket(&ticket.Ticket{Number: "20240301-0001", Status: ticket.Closed, ReceivedAt: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC),
			ClosedAt: time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC)})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.RunArchive(context.Background(), ArchiveOptions{Before: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Archive().Ticket("20240301-0001"); err != nil {
		t.Fatal(err)
	}

	// Writers and readers go on while it compacts: values written,
	// rewritten and deleted, audit entries and messages (sequences), work
	// orders with their indexes.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var written, deleted atomic.Int64
	var maxWait atomic.Int64
	errs := make(chan error, 8)
	day := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				start := time.Now()
				key := fmt.Sprintf("w%d-%06d", w, i)
				err := st.Update(func(tx *Tx) error {
					if err := tx.Put(key, []byte(key)); err != nil {
						return err
					}
					if i%3 == 2 {
						if err := tx.Delete(fmt.Sprintf("w%d-%06d", w, i-1)); err != nil {
							return err
						}
					}
					if err := tx.Audit(AuditEntry{At: day.Add(time.Duration(i) * time.Second), Actor: key, Action: "test"}); err != nil {
						return err
					}
					if err := tx.AddMessage(&domain.Message{ConversationID: fmt.Sprintf("c%d", w), Text: key, At: day}); err != nil {
						return err
					}
					if i%10 == 0 {
						return tx.PutTicket(&ticket.Ticket{Number: fmt.Sprintf("20261202-%d%04d", w, i), Status: ticket.Accepted, ReceivedAt: day})
					}
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
				if d := int64(time.Since(start)); d > maxWait.Load() {
					maxWait.Store(d)
				}
				written.Add(1)
				if i%3 == 2 {
					deleted.Add(1)
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			v, err := st.GetKV("k00007")
			if err != nil || string(v) != big {
				errs <- fmt.Errorf("read during compaction: %v (%d bytes)", err, len(v))
				return
			}
		}
	}()
	// progress waits until the writers have made n more writes.
	progress := func(n int64) {
		for want := written.Load() + n; written.Load() < want; {
			select {
			case err := <-errs:
				t.Error(err)
				return
			default:
				runtime.Gosched()
			}
		}
	}
	var atCopy, atPause int64
	var compared time.Duration
	compactHooks.copied = func() {
		atCopy = written.Load()
		progress(30) // writes the catch-up has to bring over
	}
	compactHooks.paused = func(live *bolt.DB, copyPath string) error {
		// Every record of the live file is in the compacted one, and
		// nothing else: every bucket, nested ones, every sequence.
		start := time.Now()
		defer func() { compared = time.Since(start) }()
		atPause = written.Load()
		cp, err := bolt.Open(copyPath, 0o400, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		if err != nil {
			return err
		}
		defer cp.Close()
		return live.View(func(ltx *bolt.Tx) error {
			return cp.View(func(ctx *bolt.Tx) error { return sameState(ltx, ctx) })
		})
	}
	t.Cleanup(func() { compactHooks.copied, compactHooks.paused = nil, nil })
	res, err := st.CompactOnline(context.Background())
	if err == nil {
		progress(20) // and on the new file
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if res.Stalled {
		t.Fatal("the compaction gave up its snapshot")
	}
	t.Logf("compacted %d → %d bytes online; writes paused %v (%v of it the test's comparison of the two files); %d changed pages caught up; %d writes during the copy, %d during the catch-up, %d in all; longest write %v",
		res.Before, res.After, res.Pause.Round(time.Millisecond), compared.Round(time.Millisecond), res.CatchUpPages,
		atCopy, atPause-atCopy, written.Load(), time.Duration(maxWait.Load()).Round(time.Millisecond))
	if atPause == 0 {
		t.Fatal("the files were not compared")
	}
	if res.After >= res.Before/2 {
		t.Fatalf("not compacted: %d → %d", res.Before, res.After)
	}
	if _, err := os.Stat(res.Kept); err != nil {
		t.Fatalf("old file not kept: %v", err)
	}
	check := func(st *Store) {
		t.Helper()
		err := st.View(func(tx *Tx) error {
			for j := 0; j < 1000; j++ {
				if v := tx.Get(fmt.Sprintf("k%05d", j)); string(v) != big {
					return fmt.Errorf("k%05d lost", j)
				}
			}
			n := 0
			err := tx.ScanKV("w", func(k string, v []byte) error {
				if k != string(v) {
					return fmt.Errorf("%s holds %q", k, v)
				}
				n++
				return nil
			})
			if err == nil && int64(n) != written.Load()-deleted.Load() {
				err = fmt.Errorf("%d keys found, %d written and %d of them deleted", n, written.Load(), deleted.Load())
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Archive().Ticket("20240301-0001"); err != nil {
			t.Fatalf("the archive after the swap: %v", err)
		}
	}
	check(st)
	// And from the file, after a restart.
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	check(st)
}

// TestCompactOnlineWhenAWriteGrowsTheFile: a write that grows the file
// past bbolt's memory map waits for every read transaction to end, the
// compaction's snapshot too; the compaction then gives the snapshot up
// and copies the file with writes paused, and loses nothing.
func TestCompactOnlineWhenAWriteGrowsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hotline.db")
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { st.Close() }()
	for i := range 100 {
		must(t, st.PutKV(fmt.Sprintf("k%03d", i), []byte(strings.Repeat("x", 1000))))
	}
	must(t, st.Close())
	if st, err = Open(path, nil); err != nil { // mapped for twice this size
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	huge := strings.Repeat("h", int(4*fi.Size())+(1<<20))
	wrote := make(chan error, 1)
	inFlight := make(chan struct{})
	defer func(d time.Duration) { writesLockWait = d }(writesLockWait)
	writesLockWait = 50 * time.Millisecond
	compactHooks.copied = func() {
		go func() {
			var once sync.Once
			wrote <- st.Update(func(tx *Tx) error {
				once.Do(func() { close(inFlight) })
				return tx.Put("huge", []byte(huge))
			})
		}()
		<-inFlight
	}
	t.Cleanup(func() { compactHooks.copied = nil })
	res, err := st.CompactOnline(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	if !res.Stalled {
		t.Error("the write that grew the file did not wait for the snapshot")
	}
	v, err := st.GetKV("huge")
	if err != nil || string(v) != huge {
		t.Fatalf("the write during the compaction: %v (%d bytes)", err, len(v))
	}
	if v, _ := st.GetKV("k042"); len(v) != 1000 {
		t.Fatalf("k042: %d bytes", len(v))
	}
}
