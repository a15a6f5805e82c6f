package store

import (
	"bytes"
	"encoding/json"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
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
		v := tx.Ops.(*boltTx).b(bConversations).Get([]byte("webchat:a"))
		if list, rec, err := convParts(v); err != nil || len(list) == 0 || rec[0] != compactJSON {
			t.Errorf("a rewritten conversation is not in the compact form with its list of messages: %q", v)
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

// TestMigrateFromVersion7 opens a database as version 7 wrote it (each
// conversation's list of message ids a record of conv_messages beside
// it): everything reads the same and the file checks sound, the upgrade
// rewrites no record, and a conversation's next message moves its list
// into the conversation's value (version 8), whether the conversation is
// rewritten in the same transaction (a citizen's turn) or not (a reply
// recorded alone).
func TestMigrateFromVersion7(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v7.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	convs := []*domain.Conversation{
		{ID: "webchat:a", Channel: "webchat", UserID: "a", CitizenID: "c1", State: domain.ConvCollecting, FirstText: "路灯坏了",
			Draft:     &ticket.Ticket{Status: ticket.Draft, Title: "路灯不亮", Description: "兖州区建设路的路灯坏了", ConversationID: "webchat:a"},
			CreatedAt: day, UpdatedAt: day.Add(time.Second), LastInbound: day.Add(time.Second)},
		{ID: "webchat:b", Channel: "webchat", UserID: "b", CitizenID: "c2", State: domain.ConvIdle, Orders: []string{"20261127-0001"},
			CreatedAt: day, UpdatedAt: day.Add(time.Minute)},
		{ID: "webchat:c", Channel: "webchat", UserID: "c", CitizenID: "c3", State: domain.ConvIdle, CreatedAt: day, UpdatedAt: day},
	}
	msgs := []*domain.Message{
		{ID: 1, ConversationID: "webchat:a", Direction: domain.Out, Sender: "bot", Channel: "webchat", Text: "您好，请问有什么可以帮您？", At: day},
		{ID: 2, ConversationID: "webchat:b", Direction: domain.In, Sender: "citizen", Channel: "webchat", Text: "停水了", ExternalID: "b:0", At: day},
		{ID: 3, ConversationID: "webchat:a", Direction: domain.In, Sender: "citizen", Channel: "webchat", Text: "路灯坏了", ExternalID: "a:0", At: day.Add(time.Second)},
		{ID: 4, ConversationID: "webchat:b", Direction: domain.Out, Sender: "bot", Channel: "webchat", Text: "您的诉求已登记", Status: "sent", OutboxID: 7, At: day.Add(time.Minute)},
		{ID: 5, ConversationID: "webchat:b", Direction: domain.In, Sender: "citizen", Channel: "webchat", Text: "谢谢", ExternalID: "b:1", At: day.Add(time.Minute)},
	}
	// Version 7's writes, record for record (PutConversation, AddMessage).
	err = db.Update(func(tx *bolt.Tx) error {
		for v := 1; v <= 7; v++ {
			if err := migrations[v](tx); err != nil {
				return err
			}
		}
		lists := map[string][]uint64{}
		for _, m := range msgs {
			v, err := packMessage(m)
			if err != nil {
				return err
			}
			if err := tx.Bucket(bMessages).Put(u64(m.ID), v); err != nil {
				return err
			}
			lists[m.ConversationID] = append(lists[m.ConversationID], m.ID)
		}
		if err := tx.Bucket(bMessages).SetSequence(uint64(len(msgs))); err != nil {
			return err
		}
		for id, ids := range lists {
			if err := tx.Bucket(bConvMessages).Put([]byte(id), encodeIDs(ids)); err != nil {
				return err
			}
		}
		for _, c := range convs {
			stored := *c
			stored.Draft = nil
			if err := putJSON(tx.Bucket(bConversations), []byte(c.ID), &stored); err != nil {
				return err
			}
			if c.Draft != nil {
				if err := putJSON(tx.Bucket(bConvDrafts), []byte(c.ID), c.Draft); err != nil {
					return err
				}
				if err := tx.Bucket(bDrafts).Put([]byte(c.ID), tsKey(c.UpdatedAt)); err != nil {
					return err
				}
			}
			if err := tx.Bucket(bConvCitizen).Put(idx2(c.CitizenID, c.ID), nil); err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put([]byte("schema_version"), u64(7))
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
	if v, _ := st.Version(); v != SchemaVersion || SchemaVersion != 8 {
		t.Fatalf("version %d after migration, this build %d", v, SchemaVersion)
	}
	texts := func(tx *Tx, id string) []string {
		ms, err := tx.Messages(id, 0, 0)
		if err != nil {
			t.Fatalf("messages of %s: %v", id, err)
		}
		var out []string
		for _, m := range ms {
			out = append(out, m.Text)
		}
		return out
	}
	// Everything reads as version 7 wrote it.
	_ = st.View(func(tx *Tx) error {
		for _, want := range convs {
			got, err := tx.Conversation(want.ID)
			if err != nil {
				t.Fatalf("conversation %s: %v", want.ID, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("conversation %s reads\n%+v, want\n%+v", want.ID, got, want)
			}
		}
		for _, want := range msgs {
			got, err := tx.Message(want.ConversationID, want.ID)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("message %d reads %+v (%v), want %+v", want.ID, got, err, want)
			}
		}
		if got := texts(tx, "webchat:b"); !slices.Equal(got, []string{"停水了", "您的诉求已登记", "谢谢"}) {
			t.Errorf("webchat:b's messages %v", got)
		}
		if page, _ := tx.Messages("webchat:b", 2, 1); len(page) != 1 || page[0].ID != 4 {
			t.Errorf("webchat:b's messages after 2, one: %+v", page)
		}
		if got := texts(tx, "webchat:c"); len(got) != 0 {
			t.Errorf("webchat:c's messages %v", got)
		}
		return nil
	})
	st.Close()
	db, err = bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	after := snapshot()
	db.Close()
	if !maps.EqualFunc(before, after, bytes.Equal) {
		t.Error("the upgrade to version 8 rewrote records")
	}
	if _, err := Check(path); err != nil {
		t.Fatalf("check of the upgraded file: %v", err)
	}

	st, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A citizen's turn (messages, then the conversation), a reply recorded
	// alone, and the first message of a conversation that had none.
	err = st.Update(func(tx *Tx) error {
		c, err := tx.Conversation("webchat:a")
		if err != nil {
			return err
		}
		for _, text := range []string{"我的电话 13953700001", "请确认"} {
			if err := tx.AddMessage(&domain.Message{ConversationID: c.ID, Direction: domain.In, Sender: "citizen", Channel: "webchat", Text: text, At: day.Add(time.Hour)}); err != nil {
				return err
			}
		}
		c.State = domain.ConvConfirming
		return tx.PutConversation(c)
	})
	if err == nil {
		err = st.Update(func(tx *Tx) error {
			return tx.AddMessage(&domain.Message{ConversationID: "webchat:b", Direction: domain.Out, Sender: "bot", Channel: "webchat", Text: "请评价", At: day.Add(time.Hour)})
		})
	}
	if err == nil {
		err = st.Update(func(tx *Tx) error {
			return tx.AddMessage(&domain.Message{ConversationID: "webchat:c", Direction: domain.In, Sender: "citizen", Channel: "webchat", Text: "在吗", At: day.Add(time.Hour)})
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	_ = st.View(func(tx *Tx) error {
		bt := tx.Ops.(*boltTx)
		for id, want := range map[string][]string{
			"webchat:a": {"您好，请问有什么可以帮您？", "路灯坏了", "我的电话 13953700001", "请确认"},
			"webchat:b": {"停水了", "您的诉求已登记", "谢谢", "请评价"},
			"webchat:c": {"在吗"},
		} {
			if got := texts(tx, id); !slices.Equal(got, want) {
				t.Errorf("%s's messages %v, want %v", id, got, want)
			}
			if v := bt.b(bConvMessages).Get([]byte(id)); v != nil {
				t.Errorf("%s's list still in conv_messages", id)
			}
			list, rec, err := convParts(bt.b(bConversations).Get([]byte(id)))
			if ids, _ := messageIDs(list); err != nil || len(ids) != len(want) || rec[0] != compactJSON {
				t.Errorf("%s's value: list %v, %v", id, ids, err)
			}
		}
		c, err := tx.Conversation("webchat:a")
		if err != nil || c.State != domain.ConvConfirming || c.Draft == nil || c.Draft.Title != "路灯不亮" || c.FirstText != "路灯坏了" {
			t.Errorf("webchat:a after its turn: %+v, %v", c, err)
		}
		if got, err := tx.Conversation("webchat:b"); err != nil || !reflect.DeepEqual(got, convs[1]) {
			t.Errorf("webchat:b after a reply: %+v, %v", got, err)
		}
		return nil
	})
	st.Close()
	if _, err := Check(path); err != nil {
		t.Fatalf("check after new writes: %v", err)
	}
}
