package store

import (
	"bytes"
	"errors"
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

// openTest opens a store without fsync (NoSync; Close still syncs): the
// tests that use it, and the others opened with NoSync, check what is
// stored, not that a commit outlives a power cut, which no test can
// observe, and an fsync a commit made store's test binary wait on the disk
// more than it computed. The tests of the file across an interruption or a
// reopen keep the production options, fsync included, so that they run
// the path a server runs: the migrations (migrate_test.go), damage and the
// check (check_test.go, but for buildSoundDB's fixture), restore and its
// journal, backup and restore with the archive, compaction offline and
// online, the archive's runs (archive_test.go), deflate's file format,
// dedupe's reopen, the schema's reopen and the group commit.
func openTest(t *testing.T) *Store {
	t.Helper()
	st, err := Open(filepath.Join(t.TempDir(), "h.db"), &Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var day = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func TestSchemaVersionAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := st.Version(); v != SchemaVersion {
		t.Fatalf("version %d, want %d", v, SchemaVersion)
	}
	st.Close()
	st, err = Open(path, nil)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	// A second process cannot open it while the first holds it.
	if _, err := Open(path, &Options{Timeout: 100 * time.Millisecond}); err == nil {
		t.Fatal("opened a database held by another handle")
	}
	st.Close()
}

func TestTicketNumbersAreGapFreePerDay(t *testing.T) {
	st := openTest(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var num string
			err := st.Update(func(tx *Tx) error {
				var err error
				num, err = tx.NextTicketNumber(day)
				return err
			})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			seen[num] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	for i := 1; i <= 50; i++ {
		if n := ticket.FormatNumber(day, i); !seen[n] {
			t.Errorf("number %s missing: numbers are not gap-free", n)
		}
	}
	// A failed transaction gives its number back.
	_ = st.Update(func(tx *Tx) error {
		if _, err := tx.NextTicketNumber(day); err != nil {
			return err
		}
		return errors.New("rollback")
	})
	var next string
	_ = st.Update(func(tx *Tx) error {
		var err error
		next, err = tx.NextTicketNumber(day)
		return err
	})
	if next != ticket.FormatNumber(day, 51) {
		t.Fatalf("after a rollback got %s", next)
	}
	_ = st.Update(func(tx *Tx) error {
		next, _ = tx.NextTicketNumber(day.AddDate(0, 0, 1))
		return nil
	})
	if next != "20261128-0001" {
		t.Fatalf("a new day starts at %s", next)
	}
}

func TestTicketIndexesFollowChanges(t *testing.T) {
	st := openTest(t)
	tk := &ticket.Ticket{Number: "20261127-0001", CitizenID: "c1", Department: "市公安局", Status: ticket.Accepted, Due: day.AddDate(0, 0, 5)}
	other := &ticket.Ticket{Number: "20261127-0002", CitizenID: "c2", Department: "市教育局", Status: ticket.Accepted, Due: day.AddDate(0, 0, 2)}
	if err := st.Update(func(tx *Tx) error {
		if err := tx.PutTicket(tk); err != nil {
			return err
		}
		return tx.PutTicket(other)
	}); err != nil {
		t.Fatal(err)
	}
	check := func(f TicketFilter, want ...string) {
		t.Helper()
		_ = st.View(func(tx *Tx) error {
			list, err := tx.Tickets(f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, x := range list {
				got = append(got, x.Number)
			}
			if len(got) != len(want) || (len(got) > 0 && got[0] != want[0]) {
				t.Errorf("filter %+v: got %v, want %v", f, got, want)
			}
			return nil
		})
	}
	check(TicketFilter{Department: "市公安局"}, "20261127-0001")
	check(TicketFilter{CitizenID: "c2"}, "20261127-0002")
	check(TicketFilter{Status: ticket.Accepted}, "20261127-0001", "20261127-0002")
	check(TicketFilter{DueBefore: day.AddDate(0, 0, 3)}, "20261127-0002")
	// Moving the order to another department and state moves its index entries.
	tk.Department = "市民政局"
	tk.Status = ticket.Closed
	if err := st.Update(func(tx *Tx) error { return tx.PutTicket(tk) }); err != nil {
		t.Fatal(err)
	}
	check(TicketFilter{Department: "市公安局"})
	check(TicketFilter{Department: "市民政局"}, "20261127-0001")
	check(TicketFilter{Status: ticket.Accepted}, "20261127-0002")
	check(TicketFilter{DueBefore: day.AddDate(0, 0, 30)}, "20261127-0002")
	_ = st.View(func(tx *Tx) error {
		c := tx.CountByStatus()
		if c[ticket.Accepted] != 1 || c[ticket.Closed] != 1 {
			t.Errorf("counts %v", c)
		}
		return nil
	})
}

// TestTicketIndexKeptWhenUnchanged: an order whose state alone changes
// keeps its department, citizen and deadline entries as they are, and an
// entry found missing is put back.
func TestTicketIndexKeptWhenUnchanged(t *testing.T) {
	st := openTest(t)
	tk := &ticket.Ticket{Number: "20261127-0001", CitizenID: "c1", Department: "市公安局", Status: ticket.Dispatched,
		Due: day.AddDate(0, 0, 5), SignDue: day.Add(time.Hour)}
	if err := st.Update(func(tx *Tx) error { return tx.PutTicket(tk) }); err != nil {
		t.Fatal(err)
	}
	if err := st.Update(func(tx *Tx) error {
		// An index that lost the order's citizen entry.
		return tx.Ops.(*boltTx).b(bIdxCitizen).Delete(idx("c1", tk.Number))
	}); err != nil {
		t.Fatal(err)
	}
	tk.Status = ticket.Signed
	if err := st.Update(func(tx *Tx) error { return tx.PutTicket(tk) }); err != nil {
		t.Fatal(err)
	}
	_ = st.View(func(tx *Tx) error {
		bt := tx.Ops.(*boltTx)
		for _, k := range []bucketKey{{bIdxStatus, idx("signed", tk.Number)}, {bIdxDept, idx("市公安局", tk.Number)},
			{bIdxCitizen, idx("c1", tk.Number)}, {bIdxDue, dueKey(tk)}} {
			if !hasKey(bt.b(k.b), k.k) {
				t.Errorf("%s has no %q", k.b, k.k)
			}
		}
		for _, k := range []bucketKey{{bIdxStatus, idx("dispatched", tk.Number)}, {bIdxSign, signKey(tk)}} {
			if hasKey(bt.b(k.b), k.k) {
				t.Errorf("%s still has %q", k.b, k.k)
			}
		}
		return nil
	})
}

func TestQueueOrderAndDraftIndex(t *testing.T) {
	st := openTest(t)
	convs := []*domain.Conversation{
		{ID: "a", State: domain.ConvQueued, QueuedAt: day},
		{ID: "b", State: domain.ConvQueued, QueuedAt: day.Add(time.Minute), Emergency: true},
		{ID: "c", State: domain.ConvQueued, QueuedAt: day.Add(-time.Minute)},
		{ID: "d", State: domain.ConvCollecting, UpdatedAt: day},
	}
	err := st.Update(func(tx *Tx) error {
		for _, c := range convs {
			if err := tx.PutConversation(c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = st.View(func(tx *Tx) error {
		q, _ := tx.Queue(0)
		if len(q) != 3 || q[0].ID != "b" || q[1].ID != "c" || q[2].ID != "a" {
			t.Errorf("queue order wrong")
		}
		if ids := tx.StaleDrafts(day.Add(time.Second), 10); len(ids) != 1 || ids[0] != "d" {
			t.Errorf("stale drafts %v", ids)
		}
		if ids := tx.StaleDrafts(day, 10); len(ids) != 0 {
			t.Errorf("fresh draft reported stale: %v", ids)
		}
		return nil
	})
	// Taking a conversation out of the queue and finishing the draft.
	_ = st.Update(func(tx *Tx) error {
		c, _ := tx.Conversation("b")
		c.State = domain.ConvAgent
		if err := tx.PutConversation(c); err != nil {
			return err
		}
		d, _ := tx.Conversation("d")
		d.State = domain.ConvIdle
		return tx.PutConversation(d)
	})
	_ = st.View(func(tx *Tx) error {
		q, _ := tx.Queue(0)
		if len(q) != 2 || q[0].ID != "c" {
			t.Errorf("queue after take: %d", len(q))
		}
		if ids := tx.StaleDrafts(day.Add(time.Hour), 10); len(ids) != 0 {
			t.Errorf("finished draft still indexed: %v", ids)
		}
		return nil
	})
}

func TestDedupeExpiresAndPurges(t *testing.T) {
	st := openTest(t)
	_ = st.Update(func(tx *Tx) error {
		_ = tx.MarkSeen(DedupeKey{ID: "wechat:1"}, day.Add(time.Hour))
		_ = tx.MarkSeen(DedupeKey{ID: "wechat:2"}, day.Add(48*time.Hour))
		return nil
	})
	_ = st.View(func(tx *Tx) error {
		if !tx.Seen(DedupeKey{ID: "wechat:1"}, day) || !tx.Seen(DedupeKey{ID: "wechat:2"}, day) || tx.Seen(DedupeKey{ID: "wechat:3"}, day) {
			t.Error("seen before expiry wrong")
		}
		if tx.Seen(DedupeKey{ID: "wechat:1"}, day.Add(2*time.Hour)) {
			t.Error("expired key still seen")
		}
		return nil
	})
	var removed int
	_ = st.Update(func(tx *Tx) error {
		var err error
		removed, _, err = tx.PurgeDedupe(day.Add(2*time.Hour), "", 100)
		return err
	})
	if removed != 1 {
		t.Fatalf("purged %d keys, want 1", removed)
	}
	_ = st.View(func(tx *Tx) error {
		if !tx.Seen(DedupeKey{ID: "wechat:2"}, day) {
			t.Error("a live key was purged")
		}
		return nil
	})
}

func TestOutboxDueAndIdempotencyKey(t *testing.T) {
	st := openTest(t)
	err := st.Update(func(tx *Tx) error {
		if err := tx.Enqueue(&OutboxEntry{Key: "k1", Channel: "sms", NextAt: day, CreatedAt: day}); err != nil {
			return err
		}
		if err := tx.Enqueue(&OutboxEntry{Key: "k1", Channel: "sms", NextAt: day}); !errors.Is(err, ErrDuplicate) {
			t.Errorf("second entry with the same key: %v", err)
		}
		return tx.Enqueue(&OutboxEntry{Key: "k2", Channel: "sms", NextAt: day.Add(time.Minute), CreatedAt: day})
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = st.View(func(tx *Tx) error {
		due, _ := tx.DueOutbox(day, 10)
		if len(due) != 1 || due[0].Key != "k1" {
			t.Errorf("due now: %v", due)
		}
		n, oldest := tx.OutboxStats()
		if n != 2 || !oldest.Equal(day) {
			t.Errorf("stats %d %v", n, oldest)
		}
		return nil
	})
	_ = st.Update(func(tx *Tx) error {
		e, _ := tx.OutboxEntry(1)
		e.Status = OutSent
		return tx.PutOutboxEntry(e)
	})
	_ = st.View(func(tx *Tx) error {
		if due, _ := tx.DueOutbox(day.Add(time.Hour), 10); len(due) != 1 || due[0].Key != "k2" {
			t.Errorf("sent entry still due: %v", due)
		}
		return nil
	})
}

func TestBackupWhileWritingAndRestore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "h.db")
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	written := make(chan struct{}, 100)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			err := st.Update(func(tx *Tx) error {
				num, err := tx.NextTicketNumber(day)
				if err != nil {
					return err
				}
				return tx.PutTicket(&ticket.Ticket{Number: num, Status: ticket.Accepted, CitizenID: "c"})
			})
			if err == nil {
				select {
				case written <- struct{}{}:
				default:
				}
			}
		}
	}()
	// The snapshot is taken while the writer goes on, after its first
	// few commits.
	for range 3 {
		<-written
	}
	backup := filepath.Join(dir, "backup.db")
	if _, err := st.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	st.Close()
	// The snapshot is consistent: every order the counter gave out is there.
	snapPath := filepath.Join(dir, "snap", "hotline.db")
	if _, err := Restore(backup, snapPath); err != nil {
		t.Fatal(err)
	}
	snap, err := Open(snapPath, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var inSnap int
	_ = snap.View(func(tx *Tx) error {
		list, _ := tx.Tickets(TicketFilter{})
		inSnap = len(list)
		for i := 1; i <= inSnap; i++ {
			if _, err := tx.Ticket(ticket.FormatNumber(day, i)); err != nil {
				t.Errorf("snapshot lacks order %d of %d", i, inSnap)
			}
		}
		return nil
	})
	snap.Close()
	if inSnap == 0 {
		t.Fatal("empty snapshot")
	}
	if _, err := Restore(backup, path); err != nil {
		t.Fatal(err)
	}
	if kept, _ := filepath.Glob(path + ".before-restore-*"); len(kept) != 1 {
		t.Errorf("old database not kept: %v", kept)
	}
	st, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_ = st.View(func(tx *Tx) error {
		list, _ := tx.Tickets(TicketFilter{})
		if len(list) != inSnap {
			t.Errorf("restored %d orders, snapshot had %d", len(list), inSnap)
		}
		return nil
	})
	// Not a database: refused, nothing replaced.
	junk := filepath.Join(dir, "junk.db")
	_ = os.WriteFile(junk, bytes.Repeat([]byte("x"), 8192), 0o600)
	if _, err := Restore(junk, path); err == nil {
		t.Fatal("restored from junk")
	}
}

func TestMessagesAndKV(t *testing.T) {
	st := openTest(t)
	_ = st.Update(func(tx *Tx) error {
		for i := 0; i < 3; i++ {
			_ = tx.AddMessage(&domain.Message{ConversationID: "webchat:a", Text: "m", At: day})
		}
		_ = tx.AddMessage(&domain.Message{ConversationID: "webchat:ab", Text: "other", At: day})
		return nil
	})
	_ = st.View(func(tx *Tx) error {
		all, _ := tx.Messages("webchat:a", 0, 0)
		after, _ := tx.Messages("webchat:a", all[0].ID, 0)
		if len(all) != 3 || len(after) != 2 {
			t.Errorf("messages %d, after first %d", len(all), len(after))
		}
		return nil
	})
	if err := st.PutKV("token", []byte("abc")); err != nil {
		t.Fatal(err)
	}
	if v, _ := st.GetKV("token"); string(v) != "abc" {
		t.Errorf("kv = %q", v)
	}
	_ = st.PutKV("token", nil)
	if v, _ := st.GetKV("token"); v != nil {
		t.Errorf("deleted kv = %q", v)
	}
}

func TestMigrationsUpgradeOlderAndRefuseNewer(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "v1.db")
	// A database as schema version 1 left it.
	db, err := bolt.Open(old, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		if err := migrations[1](tx); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put([]byte("schema_version"), u64(1))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// A backup of it can be restored; the server migrates it on open.
	if _, err := Restore(old, filepath.Join(dir, "restored.db")); err != nil {
		t.Fatalf("restore of a version-1 backup: %v", err)
	}
	st, err := Open(old, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := st.Version(); v != SchemaVersion {
		t.Fatalf("migrated to %d, want %d", v, SchemaVersion)
	}
	if err := st.View(func(tx *Tx) error {
		for _, b := range [][]byte{bWfFired, bWfInbox, bWfVisits, bWfNotices, bIdxCoDept, bConvCitizen, bRatingsAway} {
			if tx.Ops.(*boltTx).tx.Bucket(b) == nil {
				t.Errorf("bucket %s missing after migration", b)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	// A database from a newer build is refused, untouched.
	newer := filepath.Join(dir, "v99.db")
	db, _ = bolt.Open(newer, 0o600, nil)
	_ = db.Update(func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucketIfNotExists(bMeta)
		return b.Put([]byte("schema_version"), u64(99))
	})
	db.Close()
	if _, err := Open(newer, nil); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("opened a newer database: %v", err)
	}
}
