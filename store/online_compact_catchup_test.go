package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// sameState returns the first difference between two transactions' data:
// every bucket, nested ones too, every key and value, every sequence.
func sameState(a, b *bolt.Tx) error {
	var cmp func(path string, ca, cb *bolt.Cursor, ba, bb func([]byte) *bolt.Bucket) error
	cmp = func(path string, ca, cb *bolt.Cursor, ba, bb func([]byte) *bolt.Bucket) error {
		ka, va := ca.First()
		kb, vb := cb.First()
		for ka != nil || kb != nil {
			if !bytes.Equal(ka, kb) {
				return fmt.Errorf("%s: key %q against %q", path, ka, kb)
			}
			sa, sb := ba(ka), bb(kb)
			if va != nil {
				sa = nil
			}
			if vb != nil {
				sb = nil
			}
			switch {
			case (sa == nil) != (sb == nil):
				return fmt.Errorf("%s/%s: a bucket in one only", path, ka)
			case sa != nil:
				if sa.Sequence() != sb.Sequence() {
					return fmt.Errorf("%s/%s: sequence %d against %d", path, ka, sa.Sequence(), sb.Sequence())
				}
				if err := cmp(path+"/"+string(ka), sa.Cursor(), sb.Cursor(), sa.Bucket, sb.Bucket); err != nil {
					return err
				}
			case !bytes.Equal(va, vb):
				return fmt.Errorf("%s/%s: values differ (%d and %d bytes)", path, ka, len(va), len(vb))
			}
			ka, va = ca.Next()
			kb, vb = cb.Next()
		}
		return nil
	}
	return cmp("", a.Cursor(), b.Cursor(), a.Bucket, b.Bucket)
}

// bucketPaths lists every bucket of tx.
func bucketPaths(tx *bolt.Tx) [][][]byte {
	var out [][][]byte
	var walk func(path [][]byte, b *bolt.Bucket)
	walk = func(path [][]byte, b *bolt.Bucket) {
		out = append(out, path)
		_ = b.ForEachBucket(func(k []byte) error {
			walk(append(path[:len(path):len(path)], bytes.Clone(k)), b.Bucket(k))
			return nil
		})
	}
	_ = tx.ForEach(func(k []byte, b *bolt.Bucket) error {
		walk([][]byte{bytes.Clone(k)}, b)
		return nil
	})
	return out
}

func bucketAt(tx *bolt.Tx, path [][]byte) *bolt.Bucket {
	b := tx.Bucket(path[0])
	for _, name := range path[1:] {
		if b == nil {
			return nil
		}
		b = b.Bucket(name)
	}
	return b
}

// mutate commits n transactions of random changes of every kind: values
// put (some spilling over several pages), rewritten and deleted, runs of
// keys deleted (pages merge), sequences, nested buckets created (inline at
// first), filled and deleted, top-level buckets deleted and created again.
func mutate(t testing.TB, db *bolt.DB, rng *rand.Rand, n int) {
	t.Helper()
	for range n {
		err := db.Update(func(tx *bolt.Tx) error {
			paths := bucketPaths(tx)
			for range 1 + rng.IntN(40) {
				path := paths[rng.IntN(len(paths))]
				b := bucketAt(tx, path)
				if b == nil {
					continue // deleted in this transaction
				}
				key := []byte(fmt.Sprintf("k%05d", rng.IntN(3000)))
				var err error
				switch r := rng.IntN(100); {
				case r < 55:
					size := 1 + rng.IntN(200)
					if rng.IntN(30) == 0 {
						size = 4000 + rng.IntN(9000)
					}
					err = b.Put(key, bytes.Repeat([]byte{byte(rng.IntN(256))}, size))
				case r < 75:
					if b.Bucket(key) == nil {
						err = b.Delete(key)
					}
				case r < 78:
					c := b.Cursor()
					var doomed [][]byte
					for k, v := c.Seek(key); k != nil && len(doomed) < 60; k, v = c.Next() {
						if v != nil {
							doomed = append(doomed, bytes.Clone(k))
						}
					}
					for _, k := range doomed {
						if err = b.Delete(k); err != nil {
							break
						}
					}
				case r < 85:
					_, err = b.NextSequence()
				case r < 87:
					err = b.SetSequence(rng.Uint64N(1000))
				case r < 93 && len(path) < 3:
					name := []byte(fmt.Sprintf("sub%d", rng.IntN(4)))
					if b.Get(name) == nil && b.Bucket(name) == nil {
						var nb *bolt.Bucket
						if nb, err = b.CreateBucket(name); err == nil {
							for i := range rng.IntN(3) {
								err = nb.Put([]byte{byte(i + 1)}, []byte("inline"))
							}
						}
					}
				case r < 95 && len(path) > 1:
					if parent := bucketAt(tx, path[:len(path)-1]); parent != nil {
						err = parent.DeleteBucket(path[len(path)-1])
					}
				case r < 96 && len(path) == 1 && string(path[0]) != "a":
					if err = tx.DeleteBucket(path[0]); err == nil {
						var nb *bolt.Bucket
						if nb, err = tx.CreateBucket(path[0]); err == nil {
							err = nb.Put([]byte("again"), []byte("1"))
						}
					}
				default:
					if rng.IntN(20) == 0 {
						_, err = tx.CreateBucketIfNotExists([]byte(fmt.Sprintf("top%d", rng.IntN(3))))
					}
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestCatchUpMakesTheCopyEqual checks the copy of a snapshot and the
// catch-up against bbolt itself: the copy, caught up round after round
// with what random transactions changed, equals the live file every time.
func TestCatchUpMakesTheCopyEqual(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 12))
			dir := t.TempDir()
			live := filepath.Join(dir, "live.db")
			opts := boltOptions(time.Second, false)
			opts.InitialMmapSize = 256 << 20 // writes go on while the snapshot is open
			db, err := bolt.Open(live, 0o600, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			db.NoSync = true
			must(t, db.Update(func(tx *bolt.Tx) error {
				for _, name := range []string{"a", "b", "c", "d"} {
					if _, err := tx.CreateBucket([]byte(name)); err != nil {
						return err
					}
				}
				return nil
			}))
			mutate(t, db, rng, 60)
			f, err := os.Open(live)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			snap, err := beginState(db, f, true)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { snap.end() }()
			dst, err := openCopy(filepath.Join(dir, "copy.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer dst.Close()
			must(t, copySnapshot(snap.tx, dst, 1<<20))
			must(t, dst.View(func(tx *bolt.Tx) error { return sameState(snap.tx, tx) }))
			for round := range 4 {
				mutate(t, db, rng, 1+rng.IntN(15))
				cur, err := beginState(db, f, true)
				if err != nil {
					t.Fatal(err)
				}
				d := newCatchUp(snap, cur, f, db.Info().PageSize)
				must(t, dst.Update(d.apply))
				snap.end()
				snap = cur
				must(t, dst.View(func(tx *bolt.Tx) error { return sameState(cur.tx, tx) }))
				t.Logf("round %d: %d changed pages read of %d", round, d.Pages, cur.meta.hwm)
			}
			// One small change reads a few pages, not the file.
			must(t, db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("a")).Put([]byte("k01500"), []byte("one")) }))
			cur, err := beginState(db, f, true)
			if err != nil {
				t.Fatal(err)
			}
			d := newCatchUp(snap, cur, f, db.Info().PageSize)
			must(t, dst.Update(d.apply))
			snap.end()
			snap = cur
			must(t, dst.View(func(tx *bolt.Tx) error { return sameState(cur.tx, tx) }))
			if d.Pages > 6 {
				t.Errorf("one changed key: %d pages read", d.Pages)
			}
		})
	}
}

// TestOnlineCompactNeedsNoMoveBucket: the catch-up assumes that pages
// never move from one bucket to another, which only bbolt's MoveBucket
// does.
func TestOnlineCompactNeedsNoMoveBucket(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(src, []byte(".MoveBucket(")) {
			t.Errorf("%s moves a bucket: online compaction's catch-up (online_compact_catchup.go) would miss its changes", name)
		}
	}
}
