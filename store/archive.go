package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"hotline/domain"
	"hotline/ticket"
)

// The archive holds closed work orders past their retention, with their
// conversations and messages, in one bbolt file a year beside the
// database (DATA/archive/2024.db; the year is the order number's). An
// archive file is a hotline database of the same schema holding only
// tickets, conversations (with their drafts and message lists) and
// messages, so `hotline check` reads it; the server opens it read-only
// and only an archive run (archive_run.go) writes to it.
//
// A conversation moves with the last of its orders, once it is idle and
// all of them are archived; a masked conversation (archive_mask.go) is
// keyed by a masked id, and the archive keeps an alias from the masked id
// to the real one while the conversation itself is not masked yet, so
// that an order finds its conversation whichever of the two was masked
// first.

// ArchiveDir is the archive's folder inside the data directory.
const ArchiveDir = "archive"

var (
	// bArchAlias maps a masked conversation id to the real one (archive
	// files only).
	bArchAlias = []byte("archive_alias")
	// metaArchPending is the archive file's record of the batch an
	// interrupted run may have left half done (archive_run.go).
	metaArchPending = []byte("archive_pending")
	// metaArchUnmasked is the time (tsKey) of the oldest record of the
	// file whose personal data is not masked yet; absent when none is.
	metaArchUnmasked = []byte("archive_unmasked_from")
	// kvMaskKey is the live database's key for masked conversation ids.
	kvMaskKey = "archive/mask_key"
)

var yearFile = regexp.MustCompile(`^\d{4}\.db$`)

// Archive is the yearly archive of a database. Its methods are safe for
// concurrent use; reads open a year's file read-only on first use.
type Archive struct {
	dir string
	// key returns the live database's key for masked ids (nil when none
	// was made yet).
	key func() []byte

	mu    sync.Mutex
	files map[string]*archFile
	// snap keeps a backup's snapshots and an archive run's steps apart: a
	// run holds it shared for each step that writes an archive file
	// (settling a note, moving a batch, masking and rewriting a year), a
	// backup exclusively while it copies the live file and the archive
	// files, so that no batch is half moved between the copies.
	snap sync.RWMutex
}

// step holds backups off while an archive run writes; call the result
// when the step is done.
func (a *Archive) step() func() {
	a.snap.RLock()
	return a.snap.RUnlock
}

type archFile struct {
	mu sync.RWMutex // readers hold it shared; a run writing the file, exclusively
	db *bolt.DB     // read-only handle, nil until first read
}

func newArchive(dir string, key func() []byte) *Archive {
	return &Archive{dir: dir, key: key, files: map[string]*archFile{}}
}

func (a *Archive) keyFn() func() []byte {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.key
}

// setKey makes key the archive's source of the mask key (online_compact.go).
func (a *Archive) setKey(key func() []byte) {
	a.mu.Lock()
	a.key = key
	a.mu.Unlock()
}

// Dir is the archive's folder.
func (a *Archive) Dir() string { return a.dir }

// Path is the file of year.
func (a *Archive) Path(year string) string { return filepath.Join(a.dir, year+".db") }

func (a *Archive) file(year string) *archFile {
	a.mu.Lock()
	defer a.mu.Unlock()
	f := a.files[year]
	if f == nil {
		f = &archFile{}
		a.files[year] = f
	}
	return f
}

// Years lists the years the archive has a file for, oldest first.
func (a *Archive) Years() ([]string, error) {
	ents, err := os.ReadDir(a.dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: archive %s: %w", a.dir, err)
	}
	var out []string
	for _, e := range ents {
		if e.Type().IsRegular() && yearFile.MatchString(e.Name()) {
			out = append(out, strings.TrimSuffix(e.Name(), ".db"))
		}
	}
	slices.Sort(out)
	return out, nil
}

// close releases every open file.
func (a *Archive) close() {
	a.mu.Lock()
	files := a.files
	a.files = map[string]*archFile{}
	a.mu.Unlock()
	for _, f := range files {
		f.mu.Lock()
		f.closeLocked()
		f.mu.Unlock()
	}
}

func (f *archFile) closeLocked() {
	if f.db != nil {
		f.db.Close()
		f.db = nil
	}
}

// openArchiveFile opens an archive file: read-only, or for writing
// (created through a temporary file when missing, its schema brought to
// this build's). Damage is a *DamageError, never a panic.
func openArchiveFile(path string, write bool) (db *bolt.DB, err error) {
	if write {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("store: unable to create %s: %w", filepath.Dir(path), err)
		}
	} else if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	if _, err := prepare(path, !write, 5*time.Second); err != nil {
		return nil, err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &DamageError{Path: path, Problem: fmt.Sprint(r)}
		}
		if err != nil && db != nil {
			db.Close()
			db = nil
		}
	}()
	// The freelist is written at each commit (unlike the live database's):
	// an archive file is opened for each batch, and rebuilding its
	// freelist would read the whole file every time.
	db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second, FreelistType: bolt.FreelistMapType, ReadOnly: !write})
	if err != nil {
		return nil, fmt.Errorf("store: unable to open the archive %s: %w", path, err)
	}
	if write {
		if err := (&boltBackend{db: db, path: path}).migrate(); err != nil {
			return db, err
		}
	}
	return db, nil
}

// view runs fn on year's file, read-only; found is false when the
// archive has no such file.
func (a *Archive) view(year string, fn func(*bolt.Tx) error) (found bool, err error) {
	f := a.file(year)
	for {
		f.mu.RLock()
		if f.db != nil {
			break
		}
		f.mu.RUnlock()
		f.mu.Lock()
		if f.db == nil {
			db, err := openArchiveFile(a.Path(year), false)
			if err != nil {
				f.mu.Unlock()
				if errors.Is(err, os.ErrNotExist) {
					return false, nil
				}
				return false, err
			}
			f.db = db
		}
		f.mu.Unlock()
	}
	defer f.mu.RUnlock()
	return true, f.db.View(fn)
}

// write runs fn on year's file opened for writing, with the file's
// readers held off; the file is closed again afterwards.
func (a *Archive) write(year string, fn func(db *bolt.DB) error) error {
	f := a.file(year)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closeLocked()
	db, err := openArchiveFile(a.Path(year), true)
	if err != nil {
		return err
	}
	err = fn(db)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// Ticket returns an archived order by number (ErrNotFound).
func (a *Archive) Ticket(number string) (*ticket.Ticket, error) {
	if len(number) < 8 {
		return nil, ErrNotFound
	}
	var tk *ticket.Ticket
	found, err := a.view(number[:4], func(tx *bolt.Tx) error {
		var t ticket.Ticket
		ok, err := getJSON(tx.Bucket(bTickets), []byte(number), &t)
		if ok {
			tk = &t
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if !found || tk == nil {
		return nil, ErrNotFound
	}
	return tk, nil
}

// EachTicket calls fn for every archived order, year by year and by
// number; an error from fn stops it.
func (a *Archive) EachTicket(fn func(*ticket.Ticket) error) error {
	return a.EachTicketOf(func(string) bool { return true }, fn)
}

// Conversation returns an archived conversation and its messages, found
// by its id, its masked id or, for an order masked before its
// conversation, the alias of a masked id (ErrNotFound).
func (a *Archive) Conversation(id string) (*domain.Conversation, []*domain.Message, error) {
	if id == "" {
		return nil, nil, ErrNotFound
	}
	ids := []string{id}
	if key := a.keyFn()(); key != nil && !isMaskedID(id) {
		ids = append(ids, maskedID(key, id))
	}
	years, err := a.Years()
	if err != nil {
		return nil, nil, err
	}
	for i := len(years) - 1; i >= 0; i-- {
		var conv *domain.Conversation
		var msgs []*domain.Message
		_, err := a.view(years[i], func(tx *bolt.Tx) error {
			t := &boltTx{tx: tx}
			for _, cid := range ids {
				if al := tx.Bucket(bArchAlias); al != nil && tx.Bucket(bConversations).Get([]byte(cid)) == nil {
					if real := al.Get([]byte(cid)); real != nil {
						cid = string(real)
					}
				}
				c, err := t.Conversation(cid)
				if err == ErrNotFound {
					continue
				}
				if err != nil {
					return err
				}
				conv = c
				msgs, err = t.Messages(cid, 0, 0)
				return err
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		if conv != nil {
			return conv, msgs, nil
		}
	}
	return nil, nil, ErrNotFound
}

// maskedID is the id a conversation is kept under once masked: its
// channel, ":~" and 80 bits of HMAC-SHA256 of the id under the
// database's mask key, like an SMS conversation's id.
func maskedID(key []byte, id string) string {
	ch, _, _ := strings.Cut(id, ":")
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id))
	return ch + ":~" + hex.EncodeToString(mac.Sum(nil))[:20]
}

func isMaskedID(id string) bool { return strings.Contains(id, ":~") }

// ErrArchived is returned for a change asked of an archived order: it is
// kept read-only.
var ErrArchived = errors.New("store: the order is archived and read-only")

// archivedTicket is the archive's order by number for a live transaction
// (FlaggedTickets keeps listing archived leader items and 批示件).
func (t *boltTx) archivedTicket(number string) (*ticket.Ticket, error) {
	if t.arch == nil {
		return nil, ErrNotFound
	}
	return t.arch.Ticket(number)
}

// maskKey is the live database's key for masked ids, read once (nil while
// none was made).
func (b *boltBackend) maskKey() []byte {
	b.keyOnce.Lock()
	defer b.keyOnce.Unlock()
	if b.key == nil {
		_ = b.db.View(func(tx *bolt.Tx) error {
			if kv := tx.Bucket(bKV); kv != nil {
				if v := kv.Get([]byte(kvMaskKey)); len(v) == 32 {
					b.key = clone(v)
				}
			}
			return nil
		})
	}
	return b.key
}

// EachTicketOf is EachTicket over the years keep accepts.
func (a *Archive) EachTicketOf(keep func(year string) bool, fn func(*ticket.Ticket) error) error {
	years, err := a.Years()
	if err != nil {
		return err
	}
	for _, y := range years {
		if !keep(y) {
			continue
		}
		if _, err := a.view(y, func(tx *bolt.Tx) error {
			return tx.Bucket(bTickets).ForEach(func(k, v []byte) error {
				var tk ticket.Ticket
				if err := unmarshalRecord(v, &tk); err != nil {
					return fmt.Errorf("store: corrupt archived order %s: %w", k, err)
				}
				return fn(&tk)
			})
		}); err != nil {
			return err
		}
	}
	return nil
}
