package store

import (
	"bytes"
	"fmt"
	"maps"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestTidyRoot splits the tree of buckets the way a new file does (small
// buckets stored inside it grow, then move to pages of their own) and
// checks that it is merged back into one leaf within rootCheckEvery write
// transactions of the store, every bucket and record as it was, and that
// a tree whose contents do not fit in one page is left alone.
func TestTidyRoot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := Open(path, &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { st.Close() }()
	db := st.Backend().(*boltBackend).db
	rootType := func() string {
		t.Helper()
		var typ string
		if err := db.View(func(tx *bolt.Tx) error {
			info, err := tx.Page(int(tx.Cursor().Bucket().Root()))
			if err != nil {
				return err
			}
			typ = info.Type
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return typ
	}
	// dump is every bucket's records, and a bbolt check of the file.
	dump := func() map[string]map[string]string {
		t.Helper()
		out := map[string]map[string]string{}
		if err := db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				return err
			}
			return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
				if bytes.IndexByte(name, 0) >= 0 {
					return fmt.Errorf("bucket %q left behind", name)
				}
				recs := map[string]string{}
				out[string(name)] = recs
				return b.ForEach(func(k, v []byte) error {
					recs[string(k)] = string(v)
					return nil
				})
			})
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	update := func(fn func(tx *bolt.Tx) error) {
		t.Helper()
		if err := db.Update(fn); err != nil {
			t.Fatal(err)
		}
	}
	record := bytes.Repeat([]byte("x"), 900)
	names := []string{"test_a", "test_c", "test_e", "test_g", "test_i", "test_k", "test_m", "test_o"}
	// Eight buckets of 900 bytes, each stored inside the tree, split it.
	update(func(tx *bolt.Tx) error {
		for _, name := range names {
			b, err := tx.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			if err := b.Put([]byte("0"), record); err != nil {
				return err
			}
		}
		return nil
	})
	if typ := rootType(); typ != "branch" {
		t.Fatalf("the tree of buckets is a %s with %d buckets of 900 bytes inside it", typ, len(names))
	}
	// It does not fit in one page: left alone.
	before := dump()
	update(tidyRoot)
	if typ := rootType(); typ != "branch" {
		t.Fatalf("a tree of buckets that does not fit in a page became a %s", typ)
	}
	if after := dump(); !maps.EqualFunc(before, after, maps.Equal) {
		t.Fatal("tidyRoot changed records of a tree it left split")
	}
	// The buckets grow out of the tree; bbolt leaves it split.
	update(func(tx *bolt.Tx) error {
		for _, name := range names {
			for i := 1; i < 5; i++ {
				if err := tx.Bucket([]byte(name)).Put([]byte{'0' + byte(i)}, record); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if typ := rootType(); typ != "branch" {
		t.Fatalf("the tree of buckets is a %s after its buckets left it", typ)
	}
	before = dump()
	for i := range rootCheckEvery {
		if err := st.Update(func(tx *Tx) error { return nil }); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	if typ := rootType(); typ != "leaf" {
		t.Fatalf("after %d writes the tree of buckets is a %s, want one leaf", rootCheckEvery, typ)
	}
	if after := dump(); !maps.EqualFunc(before, after, maps.Equal) {
		t.Fatal("merging the tree of buckets changed records")
	}
	// The store still reads and writes it.
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st, err = Open(path, &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Update(func(tx *Tx) error { return tx.MarkSeen(DedupeKey{ID: "wechat:1", At: day}, day.Add(48*3600e9)) }); err != nil {
		t.Fatal(err)
	}
}
