package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BenchmarkCompactOnlinePause compacts files of several sizes online while
// two writers go on and reports how long writes were paused (pause-ms, the
// mean) beside the time of the whole compaction (ns/op), and, once, how
// long they waited when the copy was made with writes paused (stopped-ms,
// as before the catch-up): the pause stays about the same as the file
// grows, the copy does not.
//
//	go test -run '^$' -bench CompactOnlinePause -benchtime 3x ./store
func BenchmarkCompactOnlinePause(b *testing.B) {
	for _, mb := range []int{8, 32, 128} {
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "hotline.db")
			st, err := Open(path, &Options{NoSync: true})
			if err != nil {
				b.Fatal(err)
			}
			value := []byte(strings.Repeat("v", 2000))
			for i := 0; i < mb*1024*1024/2000; i += 1000 {
				err := st.UpdateNow(func(tx *Tx) error {
					for j := i; j < i+1000; j++ {
						if err := tx.Put(fmt.Sprintf("k%08d", j), value); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			if err := st.Close(); err != nil {
				b.Fatal(err)
			}
			if st, err = Open(path, &Options{MaxBatchDelay: time.Millisecond}); err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for w := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; ; i++ {
						select {
						case <-stop:
							return
						default:
						}
						key := fmt.Sprintf("w%d-%08d", w, i)
						if err := st.Update(func(tx *Tx) error { return tx.Put(key, value) }); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			var pause time.Duration
			var before int64
			b.ResetTimer()
			for range b.N {
				res, err := st.CompactOnline(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				if res.Stalled {
					b.Fatal("the compaction gave up its snapshot")
				}
				pause += res.Pause
				before += res.Before
			}
			b.StopTimer()
			// What writes waited for before the catch-up: the copy and its
			// check with writes paused (the rename and open left out).
			st.writes.Lock()
			began := time.Now()
			tmp := path + ".stopped"
			dst, err := openCopy(tmp)
			if err == nil {
				err = bolt.Compact(dst, st.Backend().(*boltBackend).db, compactTxSize)
				if err == nil {
					err = dst.Sync()
				}
				dst.Close()
			}
			if err == nil {
				_, err = check(tmp, false)
			}
			stopped := time.Since(began)
			st.writes.Unlock()
			os.Remove(tmp)
			if err != nil {
				b.Fatal(err)
			}
			close(stop)
			wg.Wait()
			b.ReportMetric(float64(pause.Microseconds())/1000/float64(b.N), "pause-ms")
			b.ReportMetric(float64(stopped.Microseconds())/1000, "stopped-ms")
			b.ReportMetric(float64(before)/float64(b.N)/(1<<20), "file-MB")
		})
	}
}
