package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hotline/domain"
	"hotline/ticket"
)

// soundDB writes a database with records of every kind and enough
// messages to span many pages into dir and returns its path. The file is
// built once per test binary (buildSoundDB) and copied: some forty tests
// and subtests each damage a copy of their own.
func soundDB(t *testing.T, dir string) string {
	t.Helper()
	b, err := soundFile()
	if err != nil {
		t.Fatalf("build the sound database: %v", err)
	}
	path := filepath.Join(dir, "hotline.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// soundFile is the bytes of the file buildSoundDB writes, built once.
var soundFile = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "hotline-sound-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "hotline.db")
	if err := buildSoundDB(path); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
})

// buildSoundDB writes the sound database of soundDB at path and closes it.
func buildSoundDB(path string) error {
	st, err := Open(path, &Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		return err
	}
	err = st.UpdateNow(func(tx *Tx) error {
		c := &domain.Citizen{ID: "c1", Identities: []domain.Identity{{Channel: "sms", UserID: "+8613953706688"}}, CreatedAt: day}
		if err := tx.PutCitizen(c); err != nil {
			return err
		}
		conv := &domain.Conversation{ID: "sms:abc", Channel: "sms", UserID: "+8613953706688", CitizenID: "c1", State: domain.ConvIdle, CreatedAt: day, UpdatedAt: day}
		if err := tx.PutConversation(conv); err != nil {
			return err
		}
		drafting := &domain.Conversation{ID: "sms:def", Channel: "sms", State: domain.ConvCollecting, Draft: &ticket.Ticket{Status: ticket.Draft, Title: "路灯不亮"}, CreatedAt: day, UpdatedAt: day}
		if err := tx.PutConversation(drafting); err != nil {
			return err
		}
		for i := range 400 {
			m := &domain.Message{ConversationID: conv.ID, Direction: domain.In, Sender: "citizen", Channel: "sms",
				Text: strings.Repeat("任城区古槐路有烧烤摊占道经营", 5) + fmt.Sprint(i), At: day.Add(time.Duration(i) * time.Second)}
			if err := tx.AddMessage(m); err != nil {
				return err
			}
		}
		// A message of a conversation not stored keeps its list in
		// conv_messages, where versions 5–7 kept every list.
		if err := tx.AddMessage(&domain.Message{ConversationID: "sms:ghi", Direction: domain.In, Sender: "citizen", Channel: "sms", Text: "喂", At: day}); err != nil {
			return err
		}
		num, err := tx.NextTicketNumber(day)
		if err != nil {
			return err
		}
		if err := tx.PutTicket(&ticket.Ticket{Number: num, Status: ticket.Accepted, Department: "市城市管理局"}); err != nil {
			return err
		}
		if err := tx.Enqueue(&OutboxEntry{Key: "k1", Channel: "sms", To: "+8613953706688", ConversationID: conv.ID, Text: "您好", CreatedAt: day, NextAt: day}); err != nil {
			return err
		}
		if err := tx.PutUser(&User{Name: "admin", Role: "admin"}); err != nil {
			return err
		}
		if err := tx.Audit(AuditEntry{At: day, Actor: "admin", Action: "login"}); err != nil {
			return err
		}
		if err := tx.AddReminder("市城市管理局", domain.Reminder{At: day, Number: num, Kind: "sign"}); err != nil {
			return err
		}
		if err := tx.AddNotice(&domain.Notice{Number: num, Kind: "dispatched", At: day}); err != nil {
			return err
		}
		if err := tx.PutRatingAway("sms", "+8613953706688", RatingAway{Number: num, ConversationID: conv.ID, At: day}); err != nil {
			return err
		}
		if err := tx.MarkFired("sign:"+num, day); err != nil {
			return err
		}
		if err := tx.WatchVisit(num, day); err != nil {
			return err
		}
		draft := &domain.Conversation{ID: "sms:def", Channel: "sms", UserID: "+8613953706689", CitizenID: "c1", State: domain.ConvCollecting,
			Draft: &ticket.Ticket{Status: ticket.Draft}, CreatedAt: day, UpdatedAt: day}
		if err := tx.PutConversation(draft); err != nil {
			return err
		}
		return tx.MarkSeen(DedupeKey{ID: "sms:x1"}, day.Add(time.Hour))
	})
	if err != nil {
		st.Close()
		return err
	}
	return st.Close()
}

func TestCheckSoundDatabase(t *testing.T) {
	path := soundDB(t, t.TempDir())
	rep, err := Check(path)
	if err != nil {
		t.Fatalf("check of a sound database: %v", err)
	}
	if rep.Schema != SchemaVersion || rep.Records < 400 {
		t.Fatalf("report %+v", rep)
	}
	// Every decoder in recordChecks met at least one record.
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		for name := range recordChecks {
			if b := tx.Bucket([]byte(name)); b == nil || b.Stats().KeyN == 0 {
				t.Errorf("the test database has no record in %s: its decoder is untested", name)
			}
		}
		return nil
	})
}

// damage is one way a file goes bad.
type damage struct {
	name string
	do   func(t *testing.T, path string)
	// deep is damage below the pages Open reads (a leaf of a bucket): the
	// open check does not see it, hotline check and restore do.
	deep bool
	// kind is the DamageError's Kind (Open's, or Check's when deep).
	kind DamageKind
}

var damages = []damage{
	{name: "zero-length", kind: DamageEmpty, do: func(t *testing.T, path string) { must(t, os.Truncate(path, 0)) }},
	{name: "cut in half", kind: DamageCutShort, do: func(t *testing.T, path string) {
		m, err := readMeta(readAt(t, path, 0, 4096))
		must(t, err)
		must(t, os.Truncate(path, int64(m.hwm)*int64(m.pageSize)/2))
	}},
	{name: "a zeroed page", deep: true, kind: DamagePages, do: func(t *testing.T, path string) {
		id, ps := deepestPage(t, path)
		writeAt(t, path, int64(id)*ps, make([]byte, ps))
	}},
	{name: "flipped bytes", deep: true, kind: DamagePages, do: func(t *testing.T, path string) {
		id, ps := deepestPage(t, path)
		b := readAt(t, path, int64(id)*ps+16, 64)
		for i := range b {
			b[i] ^= 0xA5
		}
		writeAt(t, path, int64(id)*ps+16, b)
	}},
	{name: "a bucket's first page zeroed", kind: DamagePages, do: func(t *testing.T, path string) {
		id, ps := bucketRoot(t, path, bMessages)
		writeAt(t, path, int64(id)*ps, make([]byte, ps))
	}},
	{name: "the root page zeroed", kind: DamagePages, do: func(t *testing.T, path string) {
		m, err := readMeta(readAt(t, path, 0, 4096))
		must(t, err)
		writeAt(t, path, int64(m.root)*int64(m.pageSize), make([]byte, m.pageSize))
	}},
	{name: "both meta pages damaged", kind: DamageMeta, do: func(t *testing.T, path string) {
		m, err := readMeta(readAt(t, path, 0, 4096))
		must(t, err)
		writeAt(t, path, 40, []byte{1, 2, 3, 4})
		writeAt(t, path, int64(m.pageSize)+40, []byte{1, 2, 3, 4})
	}},
	{name: "a foreign file", kind: DamageNotBolt, do: func(t *testing.T, path string) {
		must(t, os.WriteFile(path, bytes.Repeat([]byte("PK\x03\x04 not a database "), 2000), 0o600))
	}},
	{name: "a bbolt file of another program", kind: DamageForeign, do: func(t *testing.T, path string) {
		must(t, os.Remove(path))
		db, err := bolt.Open(path, 0o600, nil)
		must(t, err)
		must(t, db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket([]byte("widgets"))
			if err != nil {
				return err
			}
			return b.Put([]byte("a"), []byte("b"))
		}))
		must(t, db.Close())
	}},
}

func TestDamagedDatabaseIsRefusedWithoutPanic(t *testing.T) {
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			dir := t.TempDir()
			path := soundDB(t, dir)
			d.do(t, path)
			if d.deep {
				// Open reads none of the damaged page's bucket beyond its
				// first page: it opens; the full check names the page.
				st, err := Open(path, nil)
				if err != nil {
					t.Fatalf("open: %v", err)
				}
				st.Close()
				_, err = Check(path)
				var de *DamageError
				if !errors.As(err, &de) || !strings.Contains(err.Error(), "page") || de.Kind != d.kind {
					t.Fatalf("check: want damage of kind %d naming the page, got %v", d.kind, err)
				}
				return
			}
			before := readAll(t, path)
			st, err := Open(path, nil)
			if err == nil {
				st.Close()
				t.Fatal("a damaged database opened")
			}
			var de *DamageError
			if !errors.As(err, &de) || de.Path != path || strings.Contains(err.Error(), "\n") {
				t.Fatalf("open: want a one-line *DamageError naming %s, got %T %v", path, err, err)
			}
			t.Logf("open: %v", err)
			if de.Kind != d.kind {
				t.Errorf("open: kind %d, want %d", de.Kind, d.kind)
			}
			if d.kind == DamageCutShort && (de.Size <= 0 || de.Want <= de.Size) {
				t.Errorf("a file cut short: size %d, its meta page's %d", de.Size, de.Want)
			}
			if !strings.Contains(err.Error(), "hotline restore") {
				t.Errorf("the error says not what to do: %v", err)
			}
			if !bytes.Equal(readAll(t, path), before) {
				t.Error("open changed the damaged file")
			}
			if _, err := Check(path); !errors.Is(err, ErrDamaged) {
				t.Fatalf("check: want damage, got %v", err)
			}
		})
	}
}

func TestRestoreRefusesDamagedBackupAndReplacesDamagedLive(t *testing.T) {
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			live := soundDB(t, t.TempDir())
			backup := soundDB(t, t.TempDir())
			d.do(t, backup)
			before := readAll(t, live)
			_, err := Restore(backup, live)
			var de *DamageError
			if !errors.As(err, &de) || !de.Backup || strings.Contains(err.Error(), "\n") {
				t.Fatalf("restore of a damaged backup: %T %v", err, err)
			}
			if !bytes.Equal(readAll(t, live), before) {
				t.Fatal("a refused restore changed the live database")
			}
			if m, _ := filepath.Glob(filepath.Join(filepath.Dir(live), "*")); len(m) != 1 {
				t.Fatalf("a refused restore left files behind: %v", m)
			}

			// The other way round: a good backup replaces a damaged live
			// file, which is never opened as a database.
			good := soundDB(t, t.TempDir())
			d.do(t, live)
			kept, err := Restore(good, live)
			if err != nil {
				t.Fatalf("restore over a damaged database: %v", err)
			}
			if kept == "" {
				t.Fatal("the damaged file was not kept")
			}
			st, err := Open(live, nil)
			if err != nil {
				t.Fatalf("open after restore: %v", err)
			}
			st.Close()
		})
	}
}

// TestOpenReadsAFewPages: with the freelist stored, the open check reads
// the same few pages however large the file, and the full check every
// page in use.
func TestOpenReadsAFewPages(t *testing.T) {
	path := soundDB(t, t.TempDir())
	m, err := readMeta(readAt(t, path, 0, 4096))
	must(t, err)
	if m.freelist == noFreelist {
		t.Fatal("the freelist is not stored")
	}
	open, err := preflight(path, false)
	must(t, err)
	full, err := preflight(path, true)
	must(t, err)
	buckets := 0
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	must(t, err)
	_ = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func([]byte, *bolt.Bucket) error { buckets++; return nil })
	})
	must(t, db.Close())
	// The freelist, the root bucket's page and at most the first page of
	// each bucket.
	if open.pages > buckets+2 || full.pages <= open.pages {
		t.Fatalf("open read %d pages, the full check %d (%d buckets)", open.pages, full.pages, buckets)
	}
	t.Logf("open read %d pages, the full check %d", open.pages, full.pages)
}

// TestOlderFileWithoutFreelistIsWalkedOnce: a file written without a
// stored freelist (an older hotline) is walked at open, where bbolt would
// otherwise walk it and panic on damage, and has its freelist from then on.
func TestOlderFileWithoutFreelistIsWalkedOnce(t *testing.T) {
	withoutFreelist := func(t *testing.T) string {
		path := soundDB(t, t.TempDir())
		db, err := bolt.Open(path, 0o600, &bolt.Options{NoFreelistSync: true})
		must(t, err)
		must(t, db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bKV).Put([]byte("older"), []byte("x")) }))
		must(t, db.Close())
		m, err := readMeta(readAt(t, path, 0, 4096))
		must(t, err)
		m1, err := readMeta(readAt(t, path, int64(m.pageSize), 4096))
		must(t, err)
		if m1.txid > m.txid {
			m = m1
		}
		if m.freelist != noFreelist {
			t.Fatal("bbolt stored the freelist")
		}
		return path
	}
	t.Run("damaged", func(t *testing.T) {
		path := withoutFreelist(t)
		id, ps := deepestPage(t, path)
		writeAt(t, path, int64(id)*ps, make([]byte, ps))
		before := readAll(t, path)
		if _, err := Open(path, nil); !errors.Is(err, ErrDamaged) {
			t.Fatalf("open: want damage, got %v", err)
		}
		if !bytes.Equal(readAll(t, path), before) {
			t.Error("open changed the damaged file")
		}
	})
	t.Run("sound", func(t *testing.T) {
		path := withoutFreelist(t)
		fc, err := preflight(path, false)
		must(t, err)
		st, err := Open(path, nil)
		must(t, err)
		must(t, st.Close())
		after, err := preflight(path, false)
		must(t, err)
		if after.pages >= fc.pages {
			t.Fatalf("the first open read %d pages, the next %d: the freelist was not stored", fc.pages, after.pages)
		}
	})
}

func TestZeroLengthFileIsNotANewDatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "hotline.db")
	// A new data directory: the database is created.
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := os.Stat(path + ".creating"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("temporary file left: %v", err)
	}
	// An empty file where the database was is damage, not a new start.
	must(t, os.Truncate(path, 0))
	if _, err := Open(path, nil); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("open of an empty file: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Size() != 0 {
		t.Fatal("the empty file was initialised")
	}
}

// deepestPage returns the last page the walk from the root reached (a
// leaf holding records) and the page size.
func deepestPage(t *testing.T, path string) (uint64, int64) {
	t.Helper()
	f, err := os.Open(path)
	must(t, err)
	defer f.Close()
	m, err := readMeta(readAt(t, path, 0, 4096))
	must(t, err)
	w := &pageWalker{f: f, pageSize: int64(m.pageSize), hwm: m.hwm, seen: map[uint64]bool{}}
	if _, err := w.tree(m.root, nil, nil); err != nil {
		t.Fatal(err)
	}
	var last uint64
	for id := range w.seen {
		p := readAt(t, path, int64(id)*int64(m.pageSize), 16)
		if binary.LittleEndian.Uint16(p[8:]) == flagLeaf && id > last && id != m.root {
			last = id
		}
	}
	if last == 0 {
		t.Fatal("no leaf page")
	}
	return last, int64(m.pageSize)
}

// bucketRoot returns the first page of a bucket of the root bucket.
func bucketRoot(t *testing.T, path string, name []byte) (uint64, int64) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	must(t, err)
	defer db.Close()
	var id uint64
	var ps int64
	_ = db.View(func(tx *bolt.Tx) error {
		id, ps = uint64(tx.Bucket(name).RootPage()), int64(db.Info().PageSize)
		return nil
	})
	if id == 0 {
		t.Fatalf("bucket %s is inline", name)
	}
	return id, ps
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	return b
}

func readAt(t *testing.T, path string, off int64, n int) []byte {
	t.Helper()
	f, err := os.Open(path)
	must(t, err)
	defer f.Close()
	b := make([]byte, n)
	_, err = f.ReadAt(b, off)
	must(t, err)
	return b
}

func writeAt(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	must(t, err)
	defer f.Close()
	_, err = f.WriteAt(b, off)
	must(t, err)
}

func TestOneDamagedMetaPageOpensWithWarning(t *testing.T) {
	path := soundDB(t, t.TempDir())
	// Damage the meta page bbolt does not use now: it opens on the other.
	m0, err := readMeta(readAt(t, path, 0, 4096))
	must(t, err)
	m1, err := readMeta(readAt(t, path, int64(m0.pageSize), 4096))
	must(t, err)
	off := int64(0)
	if m0.txid > m1.txid {
		off = int64(m0.pageSize)
	}
	writeAt(t, path, off+40, []byte{9, 9, 9, 9})
	st, err := Open(path, nil)
	if err != nil {
		t.Fatalf("open with one meta page damaged: %v", err)
	}
	if !strings.Contains(st.Warning(), "meta page") {
		t.Errorf("no warning: %q", st.Warning())
	}
	st.Close()
	// bbolt rewrote the damaged meta page at its next commit (the
	// migration check); the full check finds the file sound again, or
	// names the meta page.
	if _, err := Check(path); err != nil && !strings.Contains(err.Error(), "meta page") {
		t.Fatalf("check: %v", err)
	}
}

// TestCheckOnlineWhileOpen: the full check of a database in use, through a
// snapshot copied beside it: sound, it reports the live file; with a leaf
// page zeroed deep inside (which the open does not read), it names the
// live file's damage; the copy is gone either way.
func TestCheckOnlineWhileOpen(t *testing.T) {
	dir := t.TempDir()
	path := soundDB(t, dir)
	st, err := Open(path, nil)
	must(t, err)
	rep, err := st.CheckOnline(t.Context(), dir)
	if err != nil || rep.Path != path || rep.Records == 0 {
		t.Fatalf("sound: %+v %v", rep, err)
	}
	must(t, st.Close())
	id, ps := deepestPage(t, path)
	writeAt(t, path, int64(id)*ps, make([]byte, ps))
	st, err = Open(path, nil)
	must(t, err)
	defer st.Close()
	_, err = st.CheckOnline(t.Context(), dir)
	var de *DamageError
	if !errors.As(err, &de) || de.Path != path || de.Backup {
		t.Fatalf("deep damage: %v", err)
	}
	ents, err := os.ReadDir(dir)
	must(t, err)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".hotline-check-") {
			t.Errorf("the check's copy %s was left", e.Name())
		}
	}
}
