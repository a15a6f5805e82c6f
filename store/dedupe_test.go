package store

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestDedupeKeysInTimeOrder: keys with a time are stored in the order of
// their times, whatever their ids, 16 bytes each and without the id in
// clear; a key without one keeps the hashed form of schema versions 5
// and 6.
func TestDedupeKeysInTimeOrder(t *testing.T) {
	st := openTest(t)
	var keys []DedupeKey
	for i := range 200 {
		// Ids in an order unrelated to the times.
		keys = append(keys, DedupeKey{ID: fmt.Sprintf("wechat:oAbC%05d", (i*7919)%200), At: day.Add(time.Duration(i) * 1500 * time.Millisecond)})
	}
	untimed := DedupeKey{ID: "sms:SM0123456789abcdef"}
	err := st.Update(func(tx *Tx) error {
		for _, k := range append(slices.Clone(keys), untimed) {
			if err := tx.MarkSeen(k, day.Add(48*time.Hour)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var stored [][]byte
	_ = st.View(func(tx *Tx) error {
		return tx.Ops.(*boltTx).b(bDedupe).ForEach(func(k, _ []byte) error {
			stored = append(stored, bytes.Clone(k))
			return nil
		})
	})
	var timed [][]byte
	for _, k := range stored {
		if len(k) != 16 {
			t.Errorf("a stored key of %d bytes", len(k))
		}
		if bytes.Contains(k, []byte("oAbC")) || bytes.Contains(k, []byte("SM01")) {
			t.Errorf("a stored key shows its id: %q", k)
		}
		if !bytes.Equal(k, hashedDedupeKey(untimed.ID)) {
			timed = append(timed, k)
		}
	}
	if len(timed) != len(keys) || len(stored) != len(keys)+1 {
		t.Fatalf("%d keys stored, %d with a time; want %d and %d", len(stored), len(timed), len(keys)+1, len(keys))
	}
	for i, k := range keys {
		if !bytes.Equal(timed[i], storedDedupeKey(k)) {
			t.Fatalf("stored key %d is not the key of time %s", i, k.At)
		}
	}
	_ = st.View(func(tx *Tx) error {
		for _, k := range append(keys, untimed) {
			if !tx.Seen(k, day) {
				t.Errorf("%s of %s is not seen", k.ID, k.At)
			}
		}
		if tx.Seen(DedupeKey{ID: keys[3].ID, At: keys[4].At}, day) {
			t.Error("a key is seen under another time")
		}
		return nil
	})
	// Times a stored key cannot hold are stored as keys without one.
	for _, at := range []time.Time{{}, time.Unix(-5, 0), time.UnixMilli(1 << 48)} {
		if got := storedDedupeKey(DedupeKey{ID: "x", At: at}); !bytes.Equal(got, hashedDedupeKey("x")) {
			t.Errorf("time %v: stored as %x", at, got)
		}
	}
}

// TestDedupeCommitWritesFewPages: a commit of 50 new keys with times into
// a bucket of 20,000 writes a few pages, where the same keys without
// times (hashed alone, the form of schema versions 5 and 6) land on a
// page each. Pages are counted by bbolt's own statistics of the commit.
func TestDedupeCommitWritesFewPages(t *testing.T) {
	pages := func(timed bool) int64 {
		st, err := Open(filepath.Join(t.TempDir(), "h.db"), &Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		db := st.Backend().(*boltBackend).db
		key := func(i int) DedupeKey {
			k := DedupeKey{ID: fmt.Sprintf("webchat:%d", i)}
			if timed {
				k.At = day.Add(time.Duration(i) * 10 * time.Millisecond)
			}
			return k
		}
		for from := 0; from < 20000; from += 2000 {
			if err := db.Update(func(btx *bolt.Tx) error {
				for i := from; i < from+2000; i++ {
					if err := st.Backend().(*boltBackend).newTx(btx).MarkSeen(key(i), day.Add(48*time.Hour)); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		s0 := db.Stats()
		before := s0.TxStats.GetPageCount()
		if err := db.Update(func(btx *bolt.Tx) error {
			for i := 20000; i < 20050; i++ {
				if err := st.Backend().(*boltBackend).newTx(btx).MarkSeen(key(i), day.Add(48*time.Hour)); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		s1 := db.Stats()
		return s1.TxStats.GetPageCount() - before
	}
	timed, hashed := pages(true), pages(false)
	t.Logf("pages written by a commit of 50 keys into 20,000: %d with times, %d hashed alone", timed, hashed)
	if timed > 10 {
		t.Errorf("keys with times: %d pages for 50 keys, want a few", timed)
	}
	if hashed < 30 {
		t.Errorf("keys hashed alone: %d pages for 50 keys; the comparison no longer shows the random pages", hashed)
	}
}

// TestHashedDedupeUntil: a key with a time is also looked for as
// versions 5 and 6 stored it (hashed alone) while one may be unexpired,
// which the file records once when it meets version 7: 0 for a new file,
// the latest expiry in its dedupe bucket for an upgraded one.
func TestHashedDedupeUntil(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if be := st.Backend().(*boltBackend); be.hashedDedupe != 0 || be.rawDedupe != 0 {
		t.Errorf("a new file: dedupe bounds %d, %d, want 0", be.rawDedupe, be.hashedDedupe)
	}
	st.Close()

	// The file as a build of version 6 left it: two messages with times
	// stored hashed alone.
	first := DedupeKey{ID: "webchat:0190aa:1", At: day.Add(-time.Minute)}
	gone := DedupeKey{ID: "wechat:23456789", At: day.Add(-time.Hour)}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bDedupe).Put(hashedDedupeKey(first.ID), tsKey(day.Add(48*time.Hour))); err != nil {
			return err
		}
		if err := tx.Bucket(bDedupe).Put(hashedDedupeKey(gone.ID), tsKey(day.Add(time.Hour))); err != nil {
			return err
		}
		if err := tx.Bucket(bMeta).Delete(metaHashedDedupe); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put([]byte("schema_version"), u64(6))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	want := day.Add(48 * time.Hour).UnixNano()
	for i := range 2 { // the second open reads what the first stored
		st, err = Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Backend().(*boltBackend).hashedDedupe; got != want {
			t.Errorf("open %d: hashed dedupe keys until %d, want %d", i, got, want)
		}
		_ = st.View(func(tx *Tx) error {
			if !tx.Seen(first, day.Add(47*time.Hour)) || !tx.Seen(gone, day) {
				t.Error("a key of version 6 is not seen")
			}
			if tx.Seen(first, day.Add(48*time.Hour)) || tx.Seen(gone, day.Add(time.Hour)) {
				t.Error("an expired key of version 6 is seen")
			}
			return nil
		})
		// A later key, expiring after the bound, does not move it.
		if err := st.Update(func(tx *Tx) error {
			return tx.MarkSeen(DedupeKey{ID: fmt.Sprintf("webchat:new%d", i), At: day}, day.Add(100*time.Hour))
		}); err != nil {
			t.Fatal(err)
		}
		st.Close()
	}
	ro, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if got := ro.Backend().(*boltBackend).hashedDedupe; got != want {
		t.Errorf("read-only: hashed dedupe keys until %d, want %d", got, want)
	}
	_ = ro.View(func(tx *Tx) error {
		if !tx.Seen(DedupeKey{ID: "webchat:new1", At: day}, day.Add(99*time.Hour)) {
			t.Error("a key of version 7 is not seen")
		}
		return nil
	})
}

// BenchmarkDedupeMark commits new dedupe keys, 20 a transaction without
// fsync, into a bucket that holds 200,000: keys with times (schema 7)
// and hashed alone (the form of versions 5 and 6, and of keys without a
// time). It reports the time and the pages written a key.
func BenchmarkDedupeMark(b *testing.B) {
	for _, timed := range []bool{true, false} {
		name := map[bool]string{true: "keys=time", false: "keys=hashed"}[timed]
		b.Run(name, func(b *testing.B) {
			st, err := Open(filepath.Join(b.TempDir(), "h.db"), &Options{NoSync: true})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			be := st.Backend().(*boltBackend)
			n := 0
			mark := func(count int) {
				if err := be.db.Update(func(btx *bolt.Tx) error {
					t := be.newTx(btx)
					for range count {
						k := DedupeKey{ID: fmt.Sprintf("webchat:%d", n)}
						if timed {
							k.At = day.Add(time.Duration(n) * 5 * time.Millisecond)
						}
						n++
						if err := t.MarkSeen(k, day.Add(48*time.Hour)); err != nil {
							return err
						}
					}
					return nil
				}); err != nil {
					b.Fatal(err)
				}
			}
			for range 100 {
				mark(2000)
			}
			s0 := be.db.Stats()
			b.ResetTimer()
			for range b.N {
				mark(20)
			}
			b.StopTimer()
			s1 := be.db.Stats()
			keys := float64(20 * b.N)
			b.ReportMetric(float64(b.Elapsed().Microseconds())/keys, "µs/key")
			b.ReportMetric(float64(s1.TxStats.GetPageCount()-s0.TxStats.GetPageCount())/keys, "pages/key")
		})
	}
}
