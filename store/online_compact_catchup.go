package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Catching a compacted copy up with the live file (online compaction).
//
// bbolt never writes a page in place: a commit writes every leaf it
// changed, and each branch page above it up to the root, to pages that
// were free, and a page a read transaction can see is not handed out
// again while that transaction is open (bbolt keeps it pending). So while
// a snapshot S of the live file stays open, a page reachable in a later
// state C that was in use in S (below S's high-water mark, not in S's
// stored freelist, which lists the free and the pending pages) is the very
// page S had, with the same bytes, and so is everything below it. The
// catch-up walks C's tree through the file, as open_check.go does, and
// stops at such pages: it reads what changed since S and the branch pages
// above it, whatever the file's size. An unchanged subtree holds keys
// [first, last] of its bucket, and in S, in C and in every state between
// them exactly those keys lie in that interval (a B+tree's pages hold
// contiguous keys); between these intervals the copy, which holds S (or a
// state between S and C), is made equal to C by a merge of the two.
//
// Pages change buckets only through bbolt's MoveBucket, which hotline
// never calls (TestOnlineCompactNeedsNoMoveBucket); a bucket deleted and
// created again has new pages only.

// errNoFreelist: the live file has no stored freelist yet (written by a
// hotline before it was stored); its next commit writes one.
var errNoFreelist = errors.New("store: the file has no stored freelist")

// liveState is a read transaction of the live file with its meta page and
// the pages free in it.
type liveState struct {
	tx   *bolt.Tx
	meta boltMeta
	// free are the free and pending pages (sorted), and flFirst..flLast
	// the freelist's own pages: none of them is in the tree.
	free            []uint64
	flFirst, flLast uint64
}

// beginState begins a read transaction on db, the file open as f, and
// reads its meta page and, with free set, its freelist from the file (the
// freelist is needed of the state a later one is compared with; reading
// it takes time that grows with the free pages). A commit may overwrite
// the meta page between the two (the page of transaction id is rewritten
// by id+2): then it begins again.
func beginState(db *bolt.DB, f *os.File, free bool) (*liveState, error) {
	ps := int64(db.Info().PageSize)
	for range 1000 {
		tx, err := db.Begin(false)
		if err != nil {
			return nil, err
		}
		id := uint64(tx.ID())
		buf := make([]byte, pageHeaderSize+64)
		if _, err := f.ReadAt(buf, int64(id%2)*ps); err != nil {
			_ = tx.Rollback()
			return nil, err
		}
		m, err := readMeta(buf)
		if err != nil || m.txid != id {
			_ = tx.Rollback()
			runtime.Gosched()
			continue
		}
		st := &liveState{tx: tx, meta: m}
		if !free {
			return st, nil
		}
		if err := st.readFree(f, ps); err != nil {
			_ = tx.Rollback()
			return nil, err
		}
		return st, nil
	}
	return nil, errors.New("store: the live file's meta page changed at every read")
}

// readFree reads the state's freelist (its page stays as it is while the
// transaction is open).
func (st *liveState) readFree(f *os.File, ps int64) error {
	id := st.meta.freelist
	if id == noFreelist {
		return errNoFreelist
	}
	r := pageReader{f: f, pageSize: ps, hwm: st.meta.hwm}
	p, err := r.page(id)
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	if fl := le.Uint16(p[8:]); fl != flagFreelist {
		return fmt.Errorf("store: page %d is not the freelist (flags %#x)", id, fl)
	}
	n, off := uint64(le.Uint16(p[10:])), uint64(pageHeaderSize)
	if n == 0xFFFF {
		n, off = le.Uint64(p[pageHeaderSize:]), pageHeaderSize+8
	}
	ids, err := slice(p, off, n*8, id)
	if err != nil {
		return err
	}
	st.free = make([]uint64, n)
	for i := range st.free {
		st.free[i] = le.Uint64(ids[i*8:])
	}
	slices.Sort(st.free)
	st.flFirst, st.flLast = id, id+uint64(le.Uint32(p[12:]))
	return nil
}

// unchanged reports whether page id, reachable in a later state, is one of
// st's own pages (and so holds what it held in st).
func (st *liveState) unchanged(id uint64) bool {
	if id < 2 || id >= st.meta.hwm || (id >= st.flFirst && id <= st.flLast) {
		return false
	}
	_, free := slices.BinarySearch(st.free, id)
	return !free
}

// end ends the read transaction.
func (st *liveState) end() {
	if st != nil && st.tx != nil {
		_ = st.tx.Rollback()
		st.tx = nil
	}
}

// pageReader reads pages of a file through the file, not bbolt's mmap.
type pageReader struct {
	f        *os.File
	pageSize int64
	hwm      uint64
}

// page reads page id with its overflow pages.
func (r pageReader) page(id uint64) ([]byte, error) {
	if id < 2 || id >= r.hwm {
		return nil, fmt.Errorf("store: a reference to page %d, outside the %d pages in use", id, r.hwm)
	}
	hdr := make([]byte, pageHeaderSize)
	if _, err := r.f.ReadAt(hdr, int64(id)*r.pageSize); err != nil {
		return nil, err
	}
	if got := binary.LittleEndian.Uint64(hdr); got != id {
		return nil, fmt.Errorf("store: page %d says it is page %d", id, got)
	}
	overflow := uint64(binary.LittleEndian.Uint32(hdr[12:]))
	if id+overflow >= r.hwm {
		return nil, fmt.Errorf("store: page %d runs past the %d pages in use", id, r.hwm)
	}
	buf := make([]byte, int64(overflow+1)*r.pageSize)
	if _, err := r.f.ReadAt(buf, int64(id)*r.pageSize); err != nil {
		return nil, err
	}
	return buf, nil
}

// catchUp brings dst, a copy of old's state (or of a state between old
// and cur), to cur's state, reading cur's pages from f.
type catchUp struct {
	old, cur *liveState
	r        pageReader
	// Pages is how many changed pages of cur were read.
	Pages int
}

func newCatchUp(old, cur *liveState, f *os.File, pageSize int) *catchUp {
	return &catchUp{old: old, cur: cur, r: pageReader{f: f, pageSize: int64(pageSize), hwm: cur.meta.hwm}}
}

// apply makes dst, a writable transaction of the copy, equal to cur.
func (d *catchUp) apply(dst *bolt.Tx) error {
	return d.bucket(nil, d.cur.tx, dst, d.cur.meta.root, true)
}

// keySpan is the keys of unchanged pages, first and last included.
type keySpan struct{ first, last []byte }

// spans returns the key intervals of the unchanged subtrees of the tree
// at root, in key order, adjacent ones merged.
func (d *catchUp) spans(root uint64) ([]keySpan, error) {
	var out []keySpan
	var runFirst, runLast uint64 // the unchanged subtrees at the ends of the current run
	flush := func() error {
		if runFirst == 0 {
			return nil
		}
		first, err := d.edge(runFirst, false)
		if err != nil {
			return err
		}
		last, err := d.edge(runLast, true)
		if err != nil {
			return err
		}
		if first != nil && last != nil {
			out = append(out, keySpan{first, last})
		}
		runFirst, runLast = 0, 0
		return nil
	}
	var walk func(id uint64) error
	walk = func(id uint64) error {
		if d.old.unchanged(id) {
			if runFirst == 0 {
				runFirst = id
			}
			runLast = id
			return nil
		}
		p, err := d.r.page(id)
		if err != nil {
			return err
		}
		d.Pages++
		n, err := elems(p, id)
		if err != nil {
			return err
		}
		switch binary.LittleEndian.Uint16(p[8:]) {
		case flagBranch:
			for i := range n {
				e := pageHeaderSize + i*elemSize
				if err := walk(binary.LittleEndian.Uint64(p[e+8:])); err != nil {
					return err
				}
			}
			return nil
		case flagLeaf:
			if n > 0 {
				return flush()
			}
			return nil
		default:
			return fmt.Errorf("store: page %d is not a B+tree page", id)
		}
	}
	if err := walk(root); err != nil {
		return nil, err
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// edge returns the first (or, with last, the last) key of the subtree at
// id (nil when it holds none).
func (d *catchUp) edge(id uint64, last bool) ([]byte, error) {
	le := binary.LittleEndian
	for {
		p, err := d.r.page(id)
		if err != nil {
			return nil, err
		}
		n, err := elems(p, id)
		if err != nil || n == 0 {
			return nil, err
		}
		i := 0
		if last {
			i = n - 1
		}
		e := uint64(pageHeaderSize + i*elemSize)
		switch le.Uint16(p[8:]) {
		case flagBranch:
			id = le.Uint64(p[e+8:])
		case flagLeaf:
			k, err := slice(p, e+uint64(le.Uint32(p[e+4:])), uint64(le.Uint32(p[e+8:])), id)
			return bytes.Clone(k), err
		default:
			return nil, fmt.Errorf("store: page %d is not a B+tree page", id)
		}
	}
}

// container is a bucket or the root of a transaction.
type container interface {
	Cursor() *bolt.Cursor
	Bucket(name []byte) *bolt.Bucket
	CreateBucket(name []byte) (*bolt.Bucket, error)
	DeleteBucket(name []byte) error
}

// bucket makes dst equal to cur, the bucket at path whose tree is at root
// (0: an inline bucket, compared whole). With spans unset every key is
// compared.
func (d *catchUp) bucket(path [][]byte, cur, dst container, root uint64, spans bool) error {
	var sp []keySpan
	if root != 0 && spans {
		var err error
		if sp, err = d.spans(root); err != nil {
			return err
		}
	}
	var after []byte
	for _, s := range sp {
		if err := d.merge(path, cur, dst, after, s.first); err != nil {
			return err
		}
		after = s.last
	}
	return d.merge(path, cur, dst, after, nil)
}

// sub makes dst equal to cur, both the bucket at path.
func (d *catchUp) sub(path [][]byte, cur, dst *bolt.Bucket) error {
	root := uint64(cur.Root())
	spans := true
	if root != 0 && d.old.unchanged(root) {
		if d.oldRoot(path) == root {
			return nil // the same pages, the same sequence
		}
		spans = false
	}
	if err := d.bucket(path, cur, dst, root, spans); err != nil {
		return err
	}
	if dst.Sequence() != cur.Sequence() {
		return dst.SetSequence(cur.Sequence())
	}
	return nil
}

// oldRoot returns the root page of the bucket at path in old (0 when it
// has none there).
func (d *catchUp) oldRoot(path [][]byte) uint64 {
	b := d.old.tx.Bucket(path[0])
	for _, name := range path[1:] {
		if b == nil {
			return 0
		}
		b = b.Bucket(name)
	}
	if b == nil {
		return 0
	}
	return uint64(b.Root())
}

// merge makes the keys k of dst with after < k < before (nil: no bound)
// those of cur.
func (d *catchUp) merge(path [][]byte, cur, dst container, after, before []byte) error {
	from := func(c *bolt.Cursor, key []byte) ([]byte, []byte) {
		if key == nil {
			return c.First()
		}
		k, v := c.Seek(key)
		if k != nil && bytes.Equal(k, key) {
			return c.Next()
		}
		return k, v
	}
	in := func(k []byte) bool { return k != nil && (before == nil || bytes.Compare(k, before) < 0) }
	cc, dc := cur.Cursor(), dst.Cursor()
	ck, cv := from(cc, after)
	dk, dv := from(dc, after)
	for in(ck) || in(dk) {
		cmp := 0
		switch {
		case !in(dk):
			cmp = -1
		case !in(ck):
			cmp = 1
		default:
			cmp = bytes.Compare(ck, dk)
		}
		switch {
		case cmp < 0: // only in cur
			key := bytes.Clone(ck)
			if err := d.add(path, cur, dst, key, cv); err != nil {
				return err
			}
			ck, cv = cc.Next()
			dk, dv = from(dc, key)
		case cmp > 0: // only in the copy
			key := bytes.Clone(dk)
			if err := remove(dst, key, dv); err != nil {
				return err
			}
			dk, dv = dc.Seek(key)
		default:
			key := bytes.Clone(ck)
			cb, db := isBucket(cur, ck, cv), isBucket(dst, dk, dv)
			switch {
			case cb && db:
				if err := d.sub(append(path[:len(path):len(path)], key), cur.Bucket(key), dst.Bucket(key)); err != nil {
					return err
				}
			case !cb && !db && bytes.Equal(cv, dv):
				ck, cv = cc.Next()
				dk, dv = dc.Next()
				continue
			default:
				if err := remove(dst, key, dv); err != nil {
					return err
				}
				if err := d.add(path, cur, dst, key, cv); err != nil {
					return err
				}
			}
			ck, cv = cc.Next()
			dk, dv = from(dc, key)
		}
	}
	return nil
}

// isBucket reports whether key, read with value v from c, is a bucket.
func isBucket(c container, key, v []byte) bool { return v == nil && c.Bucket(key) != nil }

// add copies cur's key (a value v or a bucket) to dst, where it is absent.
func (d *catchUp) add(path [][]byte, cur, dst container, key, v []byte) error {
	if isBucket(cur, key, v) {
		nb, err := dst.CreateBucket(key)
		if err != nil {
			return err
		}
		return copyBucket(cur.Bucket(key), nb)
	}
	b, ok := dst.(*bolt.Bucket)
	if !ok {
		return fmt.Errorf("store: a value %q at the top level of the live file", shortKey(key))
	}
	return b.Put(key, bytes.Clone(v))
}

// remove deletes key, a value v or a bucket, from dst.
func remove(dst container, key, v []byte) error {
	if isBucket(dst, key, v) {
		return dst.DeleteBucket(key)
	}
	b, ok := dst.(*bolt.Bucket)
	if !ok {
		return fmt.Errorf("store: a value %q at the top level of the copy", shortKey(key))
	}
	return b.Delete(key)
}

// copyBucket copies src, nested buckets and sequences too, into the empty
// bucket dst.
func copyBucket(src, dst *bolt.Bucket) error {
	dst.FillPercent = 1.0
	c := src.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil && src.Bucket(k) != nil {
			sb := src.Bucket(k)
			nb, err := dst.CreateBucket(bytes.Clone(k))
			if err != nil {
				return err
			}
			if err := copyBucket(sb, nb); err != nil {
				return err
			}
			continue
		}
		if err := dst.Put(bytes.Clone(k), bytes.Clone(v)); err != nil {
			return err
		}
	}
	return dst.SetSequence(src.Sequence())
}

// copySnapshot copies everything src sees (buckets, nested ones, keys,
// values and sequences) into dst, the empty copy, committing every
// maxSize bytes. Values go to dst without a copy of their own: src's
// pages stay as they are until src ends, after the last commit.
func copySnapshot(src *bolt.Tx, dst *bolt.DB, maxSize int64) error {
	c := &snapshotCopier{dst: dst, max: maxSize}
	var err error
	if c.tx, err = dst.Begin(true); err != nil {
		return err
	}
	defer func() { _ = c.tx.Rollback() }()
	err = src.ForEach(func(name []byte, b *bolt.Bucket) error {
		nb, err := c.tx.CreateBucket(name)
		if err != nil {
			return err
		}
		if err := nb.SetSequence(b.Sequence()); err != nil {
			return err
		}
		return c.copy([][]byte{bytes.Clone(name)}, b)
	})
	if err != nil {
		return err
	}
	return c.tx.Commit()
}

type snapshotCopier struct {
	dst       *bolt.DB
	tx        *bolt.Tx
	size, max int64
}

// bucket returns the bucket at path in the current transaction.
func (c *snapshotCopier) bucket(path [][]byte) *bolt.Bucket {
	b := c.tx.Bucket(path[0])
	for _, name := range path[1:] {
		b = b.Bucket(name)
	}
	b.FillPercent = 1.0
	return b
}

func (c *snapshotCopier) copy(path [][]byte, src *bolt.Bucket) error {
	cur := src.Cursor()
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		if c.size += int64(len(k) + len(v)); c.size > c.max {
			if err := c.tx.Commit(); err != nil {
				return err
			}
			var err error
			if c.tx, err = c.dst.Begin(true); err != nil {
				return err
			}
			c.size = 0
		}
		b := c.bucket(path)
		if v == nil {
			sb := src.Bucket(k)
			if sb == nil {
				if err := b.Put(k, v); err != nil {
					return err
				}
				continue
			}
			nb, err := b.CreateBucket(k)
			if err != nil {
				return err
			}
			if err := nb.SetSequence(sb.Sequence()); err != nil {
				return err
			}
			if err := c.copy(append(path[:len(path):len(path)], bytes.Clone(k)), sb); err != nil {
				return err
			}
			continue
		}
		if err := b.Put(k, v); err != nil {
			return err
		}
	}
	return nil
}
