package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hotline/domain"
	"hotline/ticket"
)

// TestRecordDictFrozen: the preset dictionary is part of the file format;
// records written with it cannot be read with another.
func TestRecordDictFrozen(t *testing.T) {
	sum := sha256.Sum256(recordDict)
	const want = "a0e6903739b6b7d3d2502082a794147945ffc3ad8b0187d7fe7e42a45744b8e4"
	if got := hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("recordDict changed (sha256 %s, %d bytes): records deflated with the old one would no longer read; add a new format byte instead", got, len(recordDict))
	}
}

func TestDeflatedRecordsRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 27, 1, 0, 0, 680_000_000, time.UTC)
	tk := &ticket.Ticket{Number: "20261127-0001", Channel: "webchat", CitizenID: "c1", ConversationID: "webchat:0123",
		Phone: "13953706688", Title: "古槐路烧烤摊占道经营", Description: "任城区古槐路有烧烤摊占道经营，油烟很大",
		Department: "市城市管理局", Status: ticket.Dispatched, Confidence: map[string]float64{"category": 0.9999999917333694},
		ReceivedAt: at, AcceptedAt: at, Events: []ticket.Event{{At: at, Actor: "citizen", Action: "accept", From: ticket.Draft, To: ticket.Accepted, Note: "市民确认，机器人受理"}}}
	rec, err := marshalDeflated(tk)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := marshalRecord(tk)
	if rec[0] != deflatedJSON || len(rec) >= len(plain)/2 {
		t.Fatalf("deflated %d bytes, compact form %d", len(rec), len(plain))
	}
	var back ticket.Ticket
	if err := unmarshalRecord(rec, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, tk) {
		t.Fatalf("round trip:\n%+v\n%+v", &back, tk)
	}
	// Short records stay as they are.
	if short, _ := marshalDeflated(map[string]int{"a": 1}); short[0] == deflatedJSON {
		t.Fatal("a short record was deflated")
	}
	// Damage gives an error, never a panic.
	for _, bad := range [][]byte{{deflatedJSON}, {deflatedJSON, 0xff, 0xff, 0xff}, rec[:len(rec)/2]} {
		if err := unmarshalRecord(bad, &back); err == nil {
			t.Errorf("%x decoded", bad)
		}
	}

	m := &domain.Message{ID: 9, ConversationID: "webchat:0123", Direction: domain.Out, Sender: "bot", Channel: "webchat",
		Text: "请留下您的联系电话，方便承办单位与您联系并反馈办理结果。您的号码我们会严格保密。", At: at, Status: "sent"}
	v1, _ := encodeMessage(m)
	v2, err := packMessage(m)
	if err != nil {
		t.Fatal(err)
	}
	if v2[0] != msgFormat2 || len(v2) >= len(v1)/2 {
		t.Fatalf("message: format %d, %d bytes, format 1 %d", v2[0], len(v2), len(v1))
	}
	for _, v := range [][]byte{v1, v2} {
		got, mine, err := decodeMessage(v, m.ConversationID, m.ID)
		if err != nil || !mine || !reflect.DeepEqual(got, m) {
			t.Fatalf("format %d: %v %v %+v", v[0], err, mine, got)
		}
		if err := checkMessage(v); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := decodeMessage(append(v2[:9:9], 0xff, 0xff), m.ConversationID, m.ID); err == nil {
		t.Fatal("a damaged deflated message decoded")
	}
}

// TestMigrateFromVersion5: records as version 5 wrote them (compact form,
// messages of format 1) read the same under version 6 and are not
// rewritten; new writes are deflated.
func TestMigrateFromVersion5(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v5.db")
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	tk := &ticket.Ticket{Number: "20261127-0001", Status: ticket.Accepted, Department: "市城市管理局", Title: strings.Repeat("路灯不亮", 10), ReceivedAt: at}
	m := &domain.Message{ID: 1, ConversationID: "webchat:a", Direction: domain.In, Sender: "citizen", Channel: "webchat", Text: strings.Repeat("路灯坏了", 20), At: at}
	var oldTicket, oldMsg []byte
	must(t, db.Update(func(tx *bolt.Tx) error {
		for v := 1; v <= 5; v++ {
			if err := migrations[v](tx); err != nil {
				return err
			}
		}
		oldTicket, _ = marshalRecord(tk)
		oldMsg, _ = encodeMessage(m)
		if err := tx.Bucket(bTickets).Put([]byte(tk.Number), oldTicket); err != nil {
			return err
		}
		if err := tx.Bucket(bMessages).Put(u64(1), oldMsg); err != nil {
			return err
		}
		if err := tx.Bucket(bConvMessages).Put([]byte("webchat:a"), encodeIDs([]uint64{1})); err != nil {
			return err
		}
		if err := tx.Bucket(bMessages).SetSequence(1); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put([]byte("schema_version"), u64(5))
	}))
	must(t, db.Close())
	st, err := Open(path, nil)
	must(t, err)
	defer st.Close()
	if v, _ := st.Backend().Version(t.Context()); v != SchemaVersion {
		t.Fatalf("version %d", v)
	}
	must(t, st.View(func(tx *Tx) error {
		got, err := tx.Ticket(tk.Number)
		if err != nil || got.Title != tk.Title {
			t.Fatalf("ticket %v %+v", err, got)
		}
		msgs, err := tx.Messages("webchat:a", 0, 0)
		if err != nil || len(msgs) != 1 || msgs[0].Text != m.Text {
			t.Fatalf("messages %v %+v", err, msgs)
		}
		return nil
	}))
	raw := st.Backend().(*boltBackend)
	must(t, raw.db.View(func(tx *bolt.Tx) error {
		if string(tx.Bucket(bTickets).Get([]byte(tk.Number))) != string(oldTicket) || string(tx.Bucket(bMessages).Get(u64(1))) != string(oldMsg) {
			t.Fatal("the upgrade rewrote a record")
		}
		return nil
	}))
	// New writes take the version 6 forms.
	tk.Status = ticket.Dispatched
	m2 := &domain.Message{ConversationID: "webchat:a", Direction: domain.Out, Sender: "bot", Channel: "webchat", Text: strings.Repeat("已派发", 20), At: at}
	must(t, st.UpdateNow(func(tx *Tx) error {
		if err := tx.PutTicket(tk); err != nil {
			return err
		}
		return tx.AddMessage(m2)
	}))
	must(t, raw.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bTickets).Get([]byte(tk.Number)); v[0] != deflatedJSON {
			t.Errorf("a rewritten order is not deflated: %x", v[:1])
		}
		if v := tx.Bucket(bMessages).Get(u64(m2.ID)); v[0] != msgFormat2 {
			t.Errorf("a new message is of format %d", v[0])
		}
		return nil
	}))
	if _, err := Check(path); err == nil {
		t.Fatal("check of an open database")
	}
}

// TestMaskingDeflatedOrdersOnce: a live order stored deflated is masked
// once; the next run finds nothing left to mask.
func TestMaskingDeflatedOrdersOnce(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "hotline.db"), nil)
	must(t, err)
	defer st.Close()
	closed := time.Date(2021, 3, 6, 10, 0, 0, 0, time.UTC)
	tk := &ticket.Ticket{Number: "20210306-0001", Status: ticket.Closed, Name: "王小明", Phone: "13953706688",
		Address: "古槐路12号3单元401室", Description: strings.Repeat("楼道灯坏了，", 10), ReceivedAt: closed, ClosedAt: closed}
	must(t, st.UpdateNow(func(tx *Tx) error { return tx.PutTicket(tk) }))
	opts := ArchiveOptions{MaskBefore: closed.AddDate(1, 0, 0)}
	res, err := st.RunArchive(t.Context(), opts)
	must(t, err)
	if res.Masked != 1 {
		t.Fatalf("first run masked %d, want 1", res.Masked)
	}
	res, err = st.RunArchive(t.Context(), opts)
	must(t, err)
	if res.Masked != 0 {
		t.Fatalf("second run masked %d, want 0", res.Masked)
	}
}

// TestDeflateFixedRoundTrip: what deflateFixed writes, the standard
// library's inflater gives back, for records made of the dictionary's
// pieces, their own repeats (matches within the record, up to the longest
// length and beyond the farthest distance), random bytes and nothing.
func TestDeflateFixedRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		var b bytes.Buffer
		n := r.IntN(60)
		if i%200 == 0 {
			n = 3000 // past the 32 KB window
		}
		for range n {
			switch r.IntN(5) {
			case 0:
				p := dictParts[r.IntN(len(dictParts))]
				a := r.IntN(len(p))
				b.WriteString(p[a : a+r.IntN(len(p)-a+1)])
			case 1:
				b.WriteByte(byte(r.IntN(256)))
			case 2:
				if b.Len() > 0 && b.Len() < 40000 {
					a := r.IntN(b.Len())
					b.Write(bytes.Clone(b.Bytes()[a : a+r.IntN(b.Len()-a+1)]))
				}
			case 3:
				b.Write(bytes.Repeat([]byte{'x'}, r.IntN(600)))
			case 4:
				b.WriteString("任城区古槐路有烧烤摊占道经营，油烟很大")
			}
		}
		v := b.Bytes()
		d := deflateFixed([]byte{deflatedJSON}, v)
		back, err := inflateRecord(d[1:])
		if err != nil || !bytes.Equal(back, v) {
			t.Fatalf("case %d (%d bytes): %v", i, len(v), err)
		}
	}
}

// TestEarlierDeflatedRecordsRead: records as the earlier writer
// (klauspost/compress's flate, level 4, same dictionary) deflated them
// read the same: the format is DEFLATE with recordDict, whoever wrote it.
func TestEarlierDeflatedRecordsRead(t *testing.T) {
	at := time.Date(2026, 11, 27, 1, 0, 0, 680_000_000, time.UTC)
	tk := &ticket.Ticket{Number: "20261127-0001", Channel: "webchat", CitizenID: "c1", ConversationID: "webchat:0123",
		Phone: "13953706688", Title: "古槐路烧烤摊占道经营", Description: "任城区古槐路有烧烤摊占道经营，油烟很大",
		Department: "市城市管理局", Status: ticket.Dispatched, Confidence: map[string]float64{"category": 0.9999999917333694},
		ReceivedAt: at, AcceptedAt: at, Events: []ticket.Event{{At: at, Actor: "citizen", Action: "accept", From: ticket.Draft, To: ticket.Accepted, Note: "市民确认，机器人受理"}}}
	m := &domain.Message{ID: 9, ConversationID: "webchat:0123", Direction: domain.Out, Sender: "bot", Channel: "webchat",
		Text: "请留下您的联系电话，方便承办单位与您联系并反馈办理结果。您的号码我们会严格保密。", At: at, Status: "sent"}
	oldTicket, _ := hex.DecodeString(earlierTicket)
	var back ticket.Ticket
	if err := unmarshalRecord(oldTicket, &back); err != nil || !reflect.DeepEqual(&back, tk) {
		t.Fatalf("order: %v\n%+v", err, &back)
	}
	oldMsg, _ := hex.DecodeString(earlierMessage)
	if got, mine, err := decodeMessage(oldMsg, m.ConversationID, m.ID); err != nil || !mine || !reflect.DeepEqual(got, m) {
		t.Fatalf("message: %v %v %+v", err, mine, got)
	}
	// This writer's forms of the same records are not longer.
	if rec, _ := marshalDeflated(tk); len(rec) > len(oldTicket) {
		t.Errorf("order: %d bytes, %d before", len(rec), len(oldTicket))
	}
	if v, _ := packMessage(m); len(v) > len(oldMsg) {
		t.Errorf("message: %d bytes, %d before", len(v), len(oldMsg))
	}
}

// FuzzDeflateRecord: any record deflates to what inflates back to it.
func FuzzDeflateRecord(f *testing.F) {
	for _, p := range dictParts {
		f.Add([]byte(p))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		back, err := inflateRecord(deflateFixed(nil, v))
		if err != nil || !bytes.Equal(back, v) {
			t.Fatalf("%d bytes: %v", len(v), err)
		}
	})
}

// earlierTicket and earlierMessage are TestEarlierDeflatedRecordsRead's
// records as the earlier writer stored them (hex).
const (
	earlierTicket  = "fdfa4776a314471314de547cdebcfc79f3926713bb9ef62e78d938f9f9eefe171396421aa898edca67733ab1aa0725ba4d3b9f37cf7fbaafe3e992e590962da44d8ba73d2b006ec0c21ba7283521a8818aad618ad9b284565a7a661651988d4a54496c4d295415e83513a4f902ada9c96d45c5d6020600"
	earlierMessage = "021f243fe3c3a327b342575e315091c70076283f23030303dfa359670534da7f31fcffcfc0001800"
)
