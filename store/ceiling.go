package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BoltCeiling measures how many durable DB.Batch writes a second raw
// bbolt does on this disk with the store's batch settings and as many
// concurrent writers as the gateway had citizens: the
// yardstick of hotline bench.
func BoltCeiling(path string, writers int, d, delay time.Duration) (float64, error) {
	db, err := bolt.Open(path, 0o600, boltOptions(time.Second, false))
	if err != nil {
		return 0, err
	}
	defer os.Remove(path)
	defer db.Close()
	db.MaxBatchDelay = delay
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucketIfNotExists([]byte("b")); return err }); err != nil {
		return 0, err
	}
	var n atomic.Int64
	var failed atomic.Value
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	value := bytes.Repeat([]byte("x"), 512)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				key := fmt.Appendf(nil, "%04d-%09d", w, i)
				err := db.Batch(func(tx *bolt.Tx) error { return tx.Bucket([]byte("b")).Put(key, value) })
				if err != nil {
					failed.Store(err)
					return
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	if err, ok := failed.Load().(error); ok {
		return 0, errors.Join(errors.New("bbolt ceiling"), err)
	}
	return float64(n.Load()) / d.Seconds(), nil
}
