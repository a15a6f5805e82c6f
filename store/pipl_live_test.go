package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hotline/domain"
	"hotline/ticket"
)

const (
	piplPhone  = "13953706688"
	piplName   = "王建国"
	piplIDCard = "370802198001011234"
	piplOpenID = "oPiPlOpenIdOfTheCitizen42"
	piplMedia  = "AgADBAADtelegramFileId77"
)

// piplFixture is a live database with a citizen last heard from in 2022
// (name, phone, ID number, openid everywhere: citizen record, indexes,
// an idle conversation, an order with a photo, an outbox entry of no
// message), and a conversation still in use whose first messages are of
// 2022 too.
func piplFixture(t *testing.T) (string, *Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hotline.db")
	st, err := Open(path, &Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	must(t, err)
	old := time.Date(2022, 5, 3, 9, 0, 0, 0, time.UTC)
	recent := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	text := "我叫" + piplName + "，电话" + piplPhone + "，身份证" + piplIDCard
	err = st.UpdateNow(func(tx *Tx) error {
		c := &domain.Citizen{ID: "c1", Name: piplName, Phones: []string{piplPhone}, Contact: piplPhone, CreatedAt: old,
			Identities:  []domain.Identity{{Channel: "wechat", UserID: piplOpenID}, {Channel: "sms", UserID: "+86" + piplPhone}},
			LastInbound: map[string]time.Time{"wechat": old.Add(time.Hour)}}
		if err := tx.PutCitizen(c); err != nil {
			return err
		}
		tk := &ticket.Ticket{Number: "20220503-0001", Status: ticket.Closed, CitizenID: "c1", Name: piplName, Phone: piplPhone,
			Description: text, ConversationID: "wechat:" + piplOpenID, ReceivedAt: old, ClosedAt: old.Add(48 * time.Hour),
			Attachments: []string{"image:" + piplMedia + " https://api.example/file/" + piplMedia, "/desk/attachments/abc"}}
		if err := tx.PutTicket(tk); err != nil {
			return err
		}
		conv := &domain.Conversation{ID: "wechat:" + piplOpenID, Channel: "wechat", UserID: piplOpenID, CitizenID: "c1",
			State: domain.ConvIdle, CreatedAt: old, UpdatedAt: old.Add(2 * time.Hour), FirstText: text, Orders: []string{tk.Number},
			Pending: []string{"image:" + piplMedia}}
		if err := tx.PutConversation(conv); err != nil {
			return err
		}
		for _, m := range []*domain.Message{
			{ConversationID: conv.ID, Direction: domain.In, Sender: "citizen", Channel: "wechat", Text: text, ExternalID: "wxmsg-1", At: old},
			{ConversationID: conv.ID, Direction: domain.In, Sender: "citizen", Channel: "wechat", Text: "[图片]", At: old.Add(time.Minute),
				Media: []domain.MediaRef{{Kind: "image", ID: piplMedia, URL: "https://api.example/file/" + piplMedia}}},
		} {
			if err := tx.AddMessage(m); err != nil {
				return err
			}
		}
		// A notice that went out on its own (no message of it).
		if err := tx.Enqueue(&Enqueued{Key: "notice:1", Channel: "sms", To: "+86" + piplPhone, Text: piplName + "您好，您的工单已办结",
			Status: OutSent, CreatedAt: old.Add(72 * time.Hour)}); err != nil {
			return err
		}
		// A conversation in use: begun in 2022, written to last week.
		live := &domain.Conversation{ID: "webchat:tok", Channel: "webchat", UserID: "tok", CitizenID: "c2",
			State: domain.ConvQueued, QueuedAt: recent, CreatedAt: old, UpdatedAt: recent, FirstText: "电话" + piplPhone}
		if err := tx.PutConversation(live); err != nil {
			return err
		}
		for _, m := range []*domain.Message{
			{ConversationID: live.ID, Direction: domain.In, Sender: "citizen", Channel: "webchat", Text: "身份证" + piplIDCard, At: old},
			{ConversationID: live.ID, Direction: domain.In, Sender: "citizen", Channel: "webchat", Text: "还是那个问题，电话13800000001", At: recent},
		} {
			if err := tx.AddMessage(m); err != nil {
				return err
			}
		}
		return tx.PutCitizen(&domain.Citizen{ID: "c2", CreatedAt: old, LastInbound: map[string]time.Time{"webchat": recent},
			Identities: []domain.Identity{{Channel: "webchat", UserID: "tok"}}})
	})
	must(t, err)
	return path, st
}

// Enqueued is an outbox entry (a shorter name for the fixture).
type Enqueued = OutboxEntry

// piiIn lists the personal data found in the file at path: in its raw
// bytes, and in every record decoded (inflated records and messages).
func piiIn(t *testing.T, path string, pii ...string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	must(t, err)
	var found []string
	seen := map[string]bool{}
	add := func(where, p string) {
		if !seen[where+p] {
			seen[where+p] = true
			found = append(found, p+" in "+where)
		}
	}
	for _, p := range pii {
		if bytes.Contains(raw, []byte(p)) {
			add("the raw bytes", p)
		}
	}
	db, err := bolt.Open(path, 0o400, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	must(t, err)
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				vals := [][]byte{k, v}
				if js, err := expand(v); err == nil {
					vals = append(vals, js)
				}
				if body, err := messageBody(v); err == nil {
					vals = append(vals, body)
				}
				for _, x := range vals {
					for _, p := range pii {
						if bytes.Contains(x, []byte(p)) {
							add("bucket "+string(name), p)
						}
					}
				}
				return nil
			})
		})
	})
	must(t, err)
	return found
}

// piiInStore is piiIn of a snapshot of st's file (tx.WriteTo copies
// every page, the free ones too).
func piiInStore(t *testing.T, st *Store, pii ...string) []string {
	t.Helper()
	snap := filepath.Join(t.TempDir(), "snap.db")
	f, err := os.Create(snap)
	must(t, err)
	_, err = st.Backup(f)
	must(t, err)
	must(t, f.Close())
	return piiIn(t, snap, pii...)
}

// TestMaskLiveRecordsBesidesOrders: past the retention, the citizen
// record and its indexes, the idle conversation, its messages and media
// references, the order's photo reference, the outbox entry of no message,
// and the old messages of a conversation still in use are masked; no
// decoded record holds the name, phone, ID number, openid or platform
// file id any more, and after compaction neither do the file's bytes.
// The conversation in use goes on working.
func TestMaskLiveRecordsBesidesOrders(t *testing.T) {
	path, st := piplFixture(t)
	// The openid too: the idle conversation "wechat:OPENID" moves to its
	// masked id (pipl_rekey.go).
	pii := []string{piplPhone, piplName, piplIDCard, piplMedia, piplOpenID}
	if found := piiInStore(t, st, pii...); len(found) < 5 {
		t.Fatalf("fixture: %v", found)
	}
	cut := time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC)
	dry, err := st.RunArchive(context.Background(), ArchiveOptions{MaskBefore: cut, DryRun: true})
	must(t, err)
	res, err := st.RunArchive(context.Background(), ArchiveOptions{MaskBefore: cut})
	must(t, err)
	t.Logf("dry %+v, run %+v", dry, res)
	// 3 messages, 2 conversations, 1 outbox entry, 1 citizen; 1 order.
	if res.MaskedLive != 7 || dry.MaskedLive != 7 || res.Masked != 1 {
		t.Fatalf("masked %+v (dry %+v), want 7 live records and 1 order", res, dry)
	}
	again, err := st.RunArchive(context.Background(), ArchiveOptions{MaskBefore: cut})
	must(t, err)
	if again.MaskedLive != 0 || again.Masked != 0 {
		t.Fatalf("a second run masked %+v", again)
	}
	err = st.View(func(tx *Tx) error {
		if _, err := tx.CitizenByPhone(piplPhone); err != ErrNotFound {
			t.Errorf("the masked citizen is still found by phone: %v", err)
		}
		if _, err := tx.CitizenByIdentity("wechat", piplOpenID); err != ErrNotFound {
			t.Errorf("the masked citizen is still found by openid: %v", err)
		}
		c, err := tx.Citizen("c1")
		if err != nil || c.Name != "王**" || c.Phones[0] != "139****6688" || c.Identities[0].UserID != "oPi***" {
			t.Errorf("masked citizen %+v %v", c, err)
		}
		tk, err := tx.Ticket("20220503-0001")
		if err != nil || len(tk.Attachments) != 1 || tk.Attachments[0] != "/desk/attachments/abc" {
			t.Errorf("masked order's attachments %v %v", tk.Attachments, err)
		}
		if _, err := tx.Conversation("wechat:" + piplOpenID); err != ErrNotFound {
			t.Errorf("the idle conversation is still under its openid: %v", err)
		}
		if !isMaskedID(tk.ConversationID) {
			t.Errorf("the order points to %s", tk.ConversationID)
		}
		msgs, err := tx.Messages(tk.ConversationID, 0, 0)
		if err != nil || len(msgs) != 2 || msgs[0].Text != "我叫王**，电话139****6688，身份证370802********1234" ||
			msgs[1].Media[0] != (domain.MediaRef{Kind: "image"}) {
			t.Errorf("masked messages %+v %v", msgs, err)
		}
		// The conversation in use: old message masked, the recent one
		// and its working parts kept.
		live, err := tx.Conversation("webchat:tok")
		if err != nil || live.UserID != "tok" || live.State != domain.ConvQueued || live.FirstText != "电话139****6688" {
			t.Errorf("conversation in use %+v %v", live, err)
		}
		msgs, err = tx.Messages("webchat:tok", 0, 0)
		if err != nil || len(msgs) != 2 || msgs[0].Text != "身份证370802********1234" || msgs[1].Text != "还是那个问题，电话13800000001" {
			t.Errorf("messages of the conversation in use %+v %v", msgs, err)
		}
		if q, err := tx.Queue(0); err != nil || len(q) != 1 || q[0].ID != "webchat:tok" {
			t.Errorf("queue after masking: %v %v", q, err)
		}
		if c, err := tx.CitizenByIdentity("webchat", "tok"); err != nil || c.ID != "c2" {
			t.Errorf("the active citizen: %v", err)
		}
		return nil
	})
	must(t, err)
	// In no record any more; the raw bytes keep them in free pages until
	// the file is compacted.
	for _, f := range piiInStore(t, st, pii...) {
		if !bytes.HasSuffix([]byte(f), []byte("the raw bytes")) {
			t.Errorf("after masking: %s", f)
		}
	}
	must(t, st.Close())
	_, err = Compact(path)
	must(t, err)
	if found := piiIn(t, path, pii...); len(found) != 0 {
		t.Errorf("after masking and compaction: %v", found)
	}
}
