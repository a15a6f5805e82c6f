package store

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hotline/domain"
	"hotline/ticket"
)

// TestMigrateFromVersion4 opens a database as version 4 wrote it (JSON
// records, messages under conversation id \x00 id, drafts inside their
// conversations, dedupe keys as they came): everything reads the same,
// new writes take the version 5 forms, and the upgrade rewrites no record.
func TestMigrateFromVersion4(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v4.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	put := func(tx *bolt.Tx, bucket, key []byte, v any) {
		t.Helper()
		js, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Bucket(bucket).Put(key, js); err != nil {
			t.Fatal(err)
		}
	}
	draft := &ticket.Ticket{Status: ticket.Draft, Title: "路灯不亮", Description: "兖州区建设路的路灯坏了"}
	old := []*domain.Message{
		{ID: 1, ConversationID: "webchat:a", Direction: domain.Out, Sender: "bot", Channel: "webchat", Text: "您好", At: day},
		{ID: 2, ConversationID: "webchat:a", Direction: domain.In, Sender: "citizen", Channel: "webchat", Text: "路灯坏了", ExternalID: "a:0", At: day.Add(time.Second)},
		{ID: 3, ConversationID: "webchat:ab", Direction: domain.In, Sender: "citizen", Channel: "webchat", Text: "别人的", At: day},
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for v := 1; v <= 4; v++ {
			if err := migrations[v](tx); err != nil {
				return err
			}
		}
		put(tx, bConversations, []byte("webchat:a"), &domain.Conversation{ID: "webchat:a", Channel: "webchat", CitizenID: "c1",
			State: domain.ConvCollecting, Draft: draft, UpdatedAt: day})
		if err := tx.Bucket(bDrafts).Put([]byte("webchat:a"), tsKey(day)); err != nil {
			return err
		}
		put(tx, bCitizens, []byte("c1"), &domain.Citizen{ID: "c1", Identities: []domain.Identity{{Channel: "webchat", UserID: "a"}}})
		for _, m := range old {
			put(tx, bMessages, legacyMessageKey(m.ConversationID, m.ID), m)
		}
		if _, err := tx.Bucket(bMessages).NextSequence(); err != nil {
			return err
		}
		if err := tx.Bucket(bMessages).SetSequence(3); err != nil {
			return err
		}
		put(tx, bTickets, []byte("20261127-0001"), &ticket.Ticket{Number: "20261127-0001", Status: ticket.Accepted, Department: "水务"})
		if err := tx.Bucket(bIdxDept).Put(idx("水务", "20261127-0001"), nil); err != nil {
			return err
		}
		if err := tx.Bucket(bDedupe).Put([]byte("webchat:a:0"), tsKey(day.Add(48*time.Hour))); err != nil {
			return err
		}
		if err := tx.Bucket(bDedupe).Put([]byte("webchat:old"), tsKey(day.Add(-time.Hour))); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put([]byte("schema_version"), u64(4))
	})
	if err != nil {
		t.Fatal(err)
	}
	snapshot := func() map[string][]byte {
		out := map[string][]byte{}
		_ = db.View(func(tx *bolt.Tx) error {
			return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
				return b.ForEach(func(k, v []byte) error {
					if string(name) != string(bMeta) {
						out[string(name)+"/"+string(k)] = append([]byte(nil), v...)
					}
					return nil
				})
			})
		})
		return out
	}
	before := snapshot()
	db.Close()

	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := st.Version(); v != SchemaVersion {
		t.Fatalf("version %d after migration", v)
	}
	st.Close()
	db, err = bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	after := snapshot()
	db.Close()
	for k, v := range before {
		if !bytes.Equal(after[k], v) {
			t.Errorf("the migration rewrote %q", k)
		}
	}

	st, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = st.Update(func(tx *Tx) error {
		c, err := tx.Conversation("webchat:a")
		if err != nil {
			return err
		}
		if c.Draft == nil || c.Draft.Title != "路灯不亮" {
			t.Errorf("the draft inside a version 4 conversation: %+v", c.Draft)
		}
		ms, err := tx.Messages("webchat:a", 0, 0)
		if err != nil {
			return err
		}
		if len(ms) != 2 || ms[0].Text != "您好" || ms[1].ExternalID != "a:0" {
			t.Errorf("version 4 messages: %d", len(ms))
		}
		if !tx.Seen(DedupeKey{ID: "webchat:a:0"}, day) {
			t.Error("a version 4 dedupe key is no longer seen")
		}
		if tk, err := tx.Tickets(TicketFilter{Department: "水务"}); err != nil || len(tk) != 1 {
			t.Errorf("version 4 order: %v", err)
		}
		// New writes: a message after the old ones, the draft moved out.
		if err := tx.AddMessage(&domain.Message{ConversationID: "webchat:a", Direction: domain.Out, Sender: "bot", Text: "请留下电话", At: day.Add(2 * time.Second)}); err != nil {
			return err
		}
		c.Draft.Address = "建设路"
		if err := tx.PutConversation(c); err != nil {
			return err
		}
		old, err := tx.Message("webchat:a", 2)
		if err != nil {
			return err
		}
		old.Status = "read"
		if err := tx.PutMessage(old); err != nil {
			return err
		}
		_, _, err = tx.PurgeDedupe(day, "", 10)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = st.View(func(tx *Tx) error {
		ms, _ := tx.Messages("webchat:a", 0, 0)
		if len(ms) != 3 || ms[2].Text != "请留下电话" || ms[2].ID <= 3 || ms[1].Status != "read" {
			t.Errorf("messages after new writes: %d", len(ms))
		}
		if ms, _ := tx.Messages("webchat:a", 2, 0); len(ms) != 1 {
			t.Errorf("messages after id 2: %d", len(ms))
		}
		if ms, _ := tx.Messages("webchat:ab", 0, 0); len(ms) != 1 || ms[0].Text != "别人的" {
			t.Errorf("the other conversation's messages: %d", len(ms))
		}
		c, err := tx.Conversation("webchat:a")
		if err != nil || c.Draft == nil || c.Draft.Address != "建设路" {
			t.Errorf("draft after a write: %+v %v", c, err)
		}
		if tx.Ops.(*boltTx).b(bConversations).Get([]byte("webchat:a"))[0] != compactJSON {
			t.Error("a rewritten conversation is not in the compact form")
		}
		if tx.Seen(DedupeKey{ID: "webchat:old"}, day.Add(-2*time.Hour)) {
			t.Error("an expired version 4 dedupe key was not purged")
		}
		return nil
	})
}

// TestRawDedupeUntil: Seen looks for a dedupe key as version 4 stored it
// only while one may be unexpired, which the file records once: 0 for a
// new file, the latest expiry in its dedupe bucket for one that had none.
func TestRawDedupeUntil(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Backend().(*boltBackend).rawDedupe; got != 0 {
		t.Errorf("a new file: raw dedupe keys until %d, want 0", got)
	}
	if err := st.Update(func(tx *Tx) error { return tx.MarkSeen(DedupeKey{ID: "wechat:1"}, day.Add(time.Hour)) }); err != nil {
		t.Fatal(err)
	}
	st.Close()

	// A file whose version 4 keys an earlier build of version 5 or 6
	// left behind, without the record.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bDedupe).Put([]byte("webchat:a:0"), tsKey(day.Add(48*time.Hour))); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Delete(metaRawDedupe)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second open reads what the first stored
		st, err = Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := st.Backend().(*boltBackend).rawDedupe, day.Add(48*time.Hour).UnixNano(); got != want {
			t.Errorf("raw dedupe keys until %d, want %d", got, want)
		}
		_ = st.View(func(tx *Tx) error {
			if !tx.Seen(DedupeKey{ID: "webchat:a:0"}, day.Add(47*time.Hour)) || !tx.Seen(DedupeKey{ID: "wechat:1"}, day) {
				t.Error("a dedupe key is no longer seen")
			}
			if tx.Seen(DedupeKey{ID: "webchat:a:0"}, day.Add(48*time.Hour)) {
				t.Error("an expired version 4 key is seen")
			}
			return nil
		})
		st.Close()
	}
	ro, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if got, want := ro.Backend().(*boltBackend).rawDedupe, day.Add(48*time.Hour).UnixNano(); got != want {
		t.Errorf("read-only: raw dedupe keys until %d, want %d", got, want)
	}
}
