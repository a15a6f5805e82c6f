package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DamageError says that a database or backup file is not a usable hotline
// database: empty, cut short, from another program, or with damaged pages.
// Open, Check and Restore return it instead of letting bbolt panic on the
// file; its message names the file and what to do.
type DamageError struct {
	Path    string
	Problem string // what is wrong, e.g. "page 12 is not a B+tree page", in English for logs
	// Backup is true when the file was given as a backup to restore.
	Backup bool
	// Kind is what is wrong, for the words a person reads (the command
	// line's report_texts.command_line.damage), with the figures of
	// some kinds: Size and Want (DamageCutShort), Version
	// (DamageSchema), Name (a bucket, or a file of a backup).
	Kind    DamageKind
	Size    int64
	Want    int64
	Version int
	Name    string
}

// DamageKind is what a DamageError found.
type DamageKind int

const (
	DamageOther    DamageKind = iota // none of the kinds below (a panic of bbolt's)
	DamageEmpty                      // the file is empty (0 bytes)
	DamageZeros                      // its first page is all zeros
	DamageNotBolt                    // not a bbolt database file at all
	DamageForeign                    // a bbolt file of another program: no hotline schema
	DamageMeta                       // a meta page is damaged or points at what cannot be
	DamageCutShort                   // shorter (Size) than its meta page says (Want)
	DamagePages                      // a page of the tree or the freelist is damaged
	DamageSchema                     // a schema version (Version) no hotline wrote
	DamageBucket                     // a bucket every database has (Name) is missing
	DamageRecord                     // a record of the bucket Name does not decode
	DamageBackup                     // a backup file that is not a hotline backup, or cut short
	DamageMember                     // a backup's file Name differs from its manifest, or is missing
)

func (e *DamageError) Error() string {
	problem := strings.Join(strings.Fields(e.Problem), " ") // one line
	if e.Backup {
		return fmt.Sprintf("%s is not a usable backup: %s; nothing was replaced, take another backup file", e.Path, problem)
	}
	return fmt.Sprintf("%s is damaged: %s; keep the file for inspection and restore the last good backup with `hotline restore FILE` (see `hotline check`)", e.Path, problem)
}

// ErrDamaged matches every *DamageError with errors.Is.
var ErrDamaged = errors.New("store: damaged database file")

// Is makes errors.Is(err, ErrDamaged) true for a *DamageError.
func (e *DamageError) Is(target error) bool { return target == ErrDamaged }

// bbolt's on-disk format (go.etcd.io/bbolt internal/common), read here by
// hand so that a damaged file is reported before bbolt maps it: bbolt
// panics, sometimes on a goroutine of its own where nothing can recover,
// when the pages it walks at open are not what they claim to be.
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	pageHeaderSize   = 16
	elemSize         = 16 // branch and leaf page elements alike
	bucketHeaderSize = 16 // root pgid, sequence
	flagBranch       = 0x01
	flagLeaf         = 0x02
	flagMeta         = 0x04
	flagFreelist     = 0x10
	leafFlagBucket   = 0x01
	noFreelist       = ^uint64(0)
)

// boltMeta is a decoded meta page.
type boltMeta struct {
	pageSize uint32
	root     uint64 // the root bucket's page
	freelist uint64
	hwm      uint64 // high-water mark: pages in use
	txid     uint64
}

// readMeta decodes and validates the meta page at the start of buf.
func readMeta(buf []byte) (boltMeta, error) {
	if len(buf) < pageHeaderSize+64 {
		return boltMeta{}, errors.New("too short")
	}
	le := binary.LittleEndian
	if le.Uint16(buf[8:]) != flagMeta {
		return boltMeta{}, errors.New("not a meta page")
	}
	m := buf[pageHeaderSize:]
	if le.Uint32(m[0:]) != boltMagic {
		return boltMeta{}, errors.New("no bbolt marker")
	}
	if v := le.Uint32(m[4:]); v != boltVersion {
		return boltMeta{}, fmt.Errorf("bbolt format version %d, this build reads %d", v, boltVersion)
	}
	h := fnv.New64a()
	h.Write(m[:56])
	if h.Sum64() != le.Uint64(m[56:]) {
		return boltMeta{}, errors.New("checksum mismatch")
	}
	return boltMeta{pageSize: le.Uint32(m[8:]), root: le.Uint64(m[16:]), freelist: le.Uint64(m[32:]),
		hwm: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}, nil
}

// fileCheck is what preflight learned about a file.
type fileCheck struct {
	meta boltMeta
	// warning is a problem bbolt survives (one meta page damaged: it
	// opens on the other, possibly losing the last commit).
	warning string
	// pages is how many pages were read.
	pages int
}

// preflight checks path before bbolt opens it: not empty, both meta pages,
// the file no shorter than the high-water mark, the stored freelist, and
// the root bucket with the first page of every bucket in it: the pages
// bbolt reads at open, a few pages whatever the file's size, so that
// opening a large database does not read it. The walk of every page
// reachable from the root runs when full is set (hotline check, restore,
// compact) or when the file has no stored freelist (written by an older
// hotline): bbolt then makes that walk itself to rebuild the freelist, and
// panics on a goroutine nothing can recover when a page is damaged.
func preflight(path string, full bool) (*fileCheck, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	damaged := func(kind DamageKind, format string, a ...any) *DamageError {
		return &DamageError{Path: path, Problem: fmt.Sprintf(format, a...), Kind: kind}
	}
	size := st.Size()
	if size == 0 {
		return nil, damaged(DamageEmpty, "the file is empty (0 bytes), not a database; a new database is only created where none exists")
	}
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	m0, err0 := readMeta(head)
	if err0 != nil {
		if bytes.Count(head, []byte{0}) == len(head) {
			return nil, damaged(DamageZeros, "the first page is all zeros")
		}
		if n < pageHeaderSize+64 || binary.LittleEndian.Uint32(head[pageHeaderSize:]) != boltMagic {
			return nil, damaged(DamageNotBolt, "not a bbolt database file (no bbolt marker on its first page)")
		}
	}
	// The second meta page sits one page further; its size comes from the
	// first meta page, or is guessed when that one is damaged.
	var m1 boltMeta
	var err1 error = errors.New("unreadable")
	sizes := []uint32{m0.pageSize}
	if err0 != nil {
		sizes = []uint32{4096, 8192, 16384, 65536, 1024, 2048}
	}
	for _, ps := range sizes {
		if ps < 1024 || ps > 1<<20 || int64(ps)*2 > size {
			continue
		}
		buf := make([]byte, pageHeaderSize+64)
		if _, err := f.ReadAt(buf, int64(ps)); err != nil {
			continue
		}
		m, err := readMeta(buf)
		if err == nil || err1.Error() == "unreadable" {
			m1, err1 = m, err
		}
		if err == nil {
			break
		}
	}
	var fc fileCheck
	switch {
	case err0 != nil && err1 != nil:
		return nil, damaged(DamageMeta, "both meta pages are damaged (%v; %v)", err0, err1)
	case err0 != nil:
		fc.meta, fc.warning = m1, fmt.Sprintf("meta page 0 is damaged (%v); bbolt uses meta page 1", err0)
	case err1 != nil:
		fc.meta, fc.warning = m0, fmt.Sprintf("meta page 1 is damaged (%v); bbolt uses meta page 0", err1)
	case m1.txid > m0.txid:
		fc.meta = m1
	default:
		fc.meta = m0
	}
	m := fc.meta
	ps := int64(m.pageSize)
	if ps < 1024 || ps > 1<<20 || ps&(ps-1) != 0 {
		return nil, damaged(DamageMeta, "page size %d in the meta page is impossible", ps)
	}
	if m.hwm < 3 || m.root < 2 || m.root >= m.hwm || (m.freelist != noFreelist && (m.freelist < 2 || m.freelist >= m.hwm)) {
		return nil, damaged(DamageMeta, "the meta page points outside the file (root page %d, freelist %d, %d pages)", m.root, m.freelist, m.hwm)
	}
	if want := int64(m.hwm) * ps; size < want {
		de := damaged(DamageCutShort, "the file is cut short: %d bytes, its meta page says at least %d", size, want)
		de.Size, de.Want = size, want
		return nil, de
	}
	w := &pageWalker{f: f, pageSize: ps, hwm: m.hwm, seen: map[uint64]bool{}, shallow: !full && m.freelist != noFreelist}
	if m.freelist != noFreelist {
		if err := w.freelist(m.freelist); err != nil {
			return nil, damaged(DamagePages, "%v", err)
		}
	}
	if _, err := w.tree(m.root, nil, nil); err != nil {
		return nil, damaged(DamagePages, "%v", err)
	}
	fc.pages = w.pages
	return &fc, nil
}

// pageWalker reads B+tree pages through the file (bounds-checked slices,
// never bbolt's mmap) and checks what bbolt assumes of them.
type pageWalker struct {
	f        *os.File
	pageSize int64
	hwm      uint64
	seen     map[uint64]bool
	pages    int
	// shallow stops at the first page of each bucket of the root bucket:
	// its elements are checked, the pages below it are not read.
	shallow bool
}

// page reads page id with its overflow pages.
func (w *pageWalker) page(id uint64) ([]byte, error) {
	if id < 2 || id >= w.hwm {
		return nil, fmt.Errorf("a reference to page %d, outside the %d pages in use", id, w.hwm)
	}
	hdr := make([]byte, pageHeaderSize)
	if _, err := w.f.ReadAt(hdr, int64(id)*w.pageSize); err != nil {
		return nil, fmt.Errorf("page %d: %v", id, err)
	}
	if got := binary.LittleEndian.Uint64(hdr); got != id {
		return nil, fmt.Errorf("page %d says it is page %d (overwritten or zeroed)", id, got)
	}
	overflow := uint64(binary.LittleEndian.Uint32(hdr[12:]))
	if id+overflow >= w.hwm {
		return nil, fmt.Errorf("page %d runs past the %d pages in use", id, w.hwm)
	}
	for i := id; i <= id+overflow; i++ {
		if w.seen[i] {
			return nil, fmt.Errorf("page %d is referenced twice", i)
		}
		w.seen[i] = true
	}
	w.pages += int(overflow + 1)
	buf := make([]byte, int64(overflow+1)*w.pageSize)
	if _, err := w.f.ReadAt(buf, int64(id)*w.pageSize); err != nil {
		return nil, fmt.Errorf("page %d: %v", id, err)
	}
	return buf, nil
}

// elems returns the count and checks that the elements fit in p.
func elems(p []byte, id uint64) (int, error) {
	n := int(binary.LittleEndian.Uint16(p[10:]))
	if pageHeaderSize+n*elemSize > len(p) {
		return 0, fmt.Errorf("page %d claims %d elements, more than fit", id, n)
	}
	return n, nil
}

// slice returns p[off:off+n] or an error when it is out of bounds.
func slice(p []byte, off, n uint64, id uint64) ([]byte, error) {
	if off > uint64(len(p)) || n > uint64(len(p))-off {
		return nil, fmt.Errorf("page %d: an element points outside the page", id)
	}
	return p[off : off+n], nil
}

// freelist checks the stored freelist page: its type and that the free
// page ids lie inside the file.
func (w *pageWalker) freelist(id uint64) error {
	p, err := w.page(id)
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	if f := le.Uint16(p[8:]); f != flagFreelist {
		return fmt.Errorf("page %d is not the freelist (flags %#x)", id, f)
	}
	n, off := uint64(le.Uint16(p[10:])), uint64(pageHeaderSize)
	if n == 0xFFFF {
		n, off = le.Uint64(p[pageHeaderSize:]), pageHeaderSize+8
	}
	if n > w.hwm {
		return fmt.Errorf("page %d: the freelist names %d pages, more than the file has", id, n)
	}
	ids, err := slice(p, off, n*8, id)
	if err != nil {
		return fmt.Errorf("page %d: the freelist does not fit its page", id)
	}
	for i := uint64(0); i < n; i++ {
		if free := le.Uint64(ids[i*8:]); free < 2 || free >= w.hwm {
			return fmt.Errorf("page %d: the freelist names page %d, outside the %d pages in use", id, free, w.hwm)
		}
	}
	return nil
}

// tree checks the subtree at id and returns its largest key.
func (w *pageWalker) tree(id uint64, lo, hi []byte) ([]byte, error) {
	p, err := w.page(id)
	if err != nil {
		return nil, err
	}
	return w.node(p, id, lo, hi, false)
}

// node checks one branch or leaf page (or an inline bucket's page); with
// stop set it reads no page below it.
func (w *pageWalker) node(p []byte, id uint64, lo, hi []byte, stop bool) ([]byte, error) {
	le := binary.LittleEndian
	flags := le.Uint16(p[8:])
	n, err := elems(p, id)
	if err != nil {
		return nil, err
	}
	inOrder := func(i int, key, prev []byte) error {
		if (i == 0 && prev != nil && bytes.Compare(prev, key) > 0) || (i > 0 && bytes.Compare(prev, key) >= 0) ||
			(hi != nil && bytes.Compare(key, hi) >= 0) {
			return fmt.Errorf("page %d: keys out of order", id)
		}
		return nil
	}
	switch flags {
	case flagBranch:
		if n == 0 {
			return nil, fmt.Errorf("page %d: an empty branch page", id)
		}
		type child struct {
			key []byte
			id  uint64
		}
		kids := make([]child, n)
		for i := range n {
			e := uint64(pageHeaderSize + i*elemSize)
			key, err := slice(p, e+uint64(le.Uint32(p[e:])), uint64(le.Uint32(p[e+4:])), id)
			if err != nil {
				return nil, err
			}
			kids[i] = child{key: key, id: le.Uint64(p[e+8:])}
		}
		running := lo
		var last []byte
		for i, k := range kids {
			if err := inOrder(i, k.key, running); err != nil {
				return nil, err
			}
			next := hi
			if i < n-1 {
				next = kids[i+1].key
			}
			if stop {
				if k.id < 2 || k.id >= w.hwm {
					return nil, fmt.Errorf("page %d: a reference to page %d, outside the %d pages in use", id, k.id, w.hwm)
				}
				running, last = k.key, k.key
				continue
			}
			if last, err = w.tree(k.id, k.key, next); err != nil {
				return nil, err
			}
			running = last
		}
		return last, nil
	case flagLeaf:
		prev := lo
		for i := range n {
			e := uint64(pageHeaderSize + i*elemSize)
			pos, ks, vs := uint64(le.Uint32(p[e+4:])), uint64(le.Uint32(p[e+8:])), uint64(le.Uint32(p[e+12:]))
			key, err := slice(p, e+pos, ks, id)
			if err != nil {
				return nil, err
			}
			val, err := slice(p, e+pos+ks, vs, id)
			if err != nil {
				return nil, err
			}
			if err := inOrder(i, key, prev); err != nil {
				return nil, err
			}
			prev = key
			if le.Uint32(p[e:])&leafFlagBucket == 0 {
				continue
			}
			if len(val) < bucketHeaderSize {
				return nil, fmt.Errorf("page %d: a bucket entry too short", id)
			}
			if root := le.Uint64(val); root != 0 {
				switch {
				case stop:
					if root < 2 || root >= w.hwm {
						return nil, fmt.Errorf("page %d: a bucket at page %d, outside the %d pages in use", id, root, w.hwm)
					}
				case w.shallow:
					rp, err := w.page(root)
					if err != nil {
						return nil, err
					}
					if _, err := w.node(rp, root, nil, nil, true); err != nil {
						return nil, err
					}
				default:
					if _, err := w.tree(root, nil, nil); err != nil {
						return nil, err
					}
				}
				continue
			}
			// An inline bucket: its page follows the header in the value.
			inline := val[bucketHeaderSize:]
			if len(inline) < pageHeaderSize {
				return nil, fmt.Errorf("page %d: an inline bucket too short", id)
			}
			if le.Uint16(inline[8:]) != flagLeaf {
				return nil, fmt.Errorf("page %d: an inline bucket that is not a leaf", id)
			}
			if _, err := w.node(inline, id, nil, nil, stop); err != nil {
				return nil, err
			}
		}
		if n > 0 {
			return prev, nil
		}
		return nil, nil
	default:
		return nil, fmt.Errorf("page %d is not a B+tree page (flags %#x)", id, flags)
	}
}

// prepare makes path ready for bbolt: a missing file is created as a new
// database through a temporary file renamed into place (so a crash while
// creating never leaves an empty file behind, and an empty file is always
// damage); an existing file must pass preflight.
func prepare(path string, readOnly bool, timeout time.Duration) (warning string, err error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) && !readOnly {
		return "", createNew(path)
	}
	// Read the file only under its lock: a running server's writes would
	// look like damage.
	unlock, err := lockFile(path, !readOnly, timeout)
	if err != nil {
		return "", err
	}
	defer unlock()
	fc, err := preflight(path, false)
	if err != nil {
		var de *DamageError
		if errors.As(err, &de) {
			return "", err
		}
		return "", &OpenError{Problem: OpenFailed, Path: path, Err: err}
	}
	return fc.warning, nil
}

// createNew creates an empty database at path with the current schema.
func createNew(path string) error {
	tmp := path + ".creating"
	_ = os.Remove(tmp)
	db, err := bolt.Open(tmp, 0o600, boltOptions(time.Second, false))
	if err != nil {
		return &OpenError{Problem: OpenCreate, Path: path, Err: err}
	}
	err = (&boltBackend{db: db, path: path}).migrate()
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		_ = os.Remove(tmp)
		return &OpenError{Problem: OpenCreate, Path: path, Err: err}
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// foreign reports whether tx, which has no hotline schema version, holds
// data of some other program (a bucket besides meta, or keys in meta).
func foreign(tx *bolt.Tx) bool {
	other := false
	_ = tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		if string(name) != string(bMeta) {
			other = true
		} else if k, _ := b.Cursor().First(); k != nil {
			other = true
		}
		return nil
	})
	return other
}
