package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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

	// Writers and readers go on while it compacts.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var written atomic.Int64
	var maxWait atomic.Int64
	errs := make(chan error, 8)
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
				if err := st.Update(func(tx *Tx) error { return tx.Put(key, []byte(key)) }); err != nil {
					errs <- err
					return
				}
				if d := int64(time.Since(start)); d > maxWait.Load() {
					maxWait.Store(d)
				}
				written.Add(1)
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
	res, err := st.CompactOnline(context.Background())
	// Let the writers make some progress on the new file too.
	for n := written.Load(); written.Load() < n+20; {
		select {
		case err := <-errs:
			t.Fatal(err)
		default:
		}
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
	t.Logf("compacted %d → %d bytes online; writes paused %v (longest write %v); %d writes during the run", res.Before, res.After, res.Pause.Round(time.Millisecond),
		time.Duration(maxWait.Load()).Round(time.Millisecond), written.Load())
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
			if err == nil && int64(n) != written.Load() {
				err = fmt.Errorf("%d writes found, %d made", n, written.Load())
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
