package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/report"
	"hotline/store"
	"hotline/ticket"
)

// archiveFixture is a database with orders of 2024 (closed, with their
// conversations and messages) and of 2026 (some still open), and the
// personal data the orders carry, to look for in the files' bytes.
type archiveFixture struct {
	path  string
	st    *store.Store
	cfg   *config.Config
	total int // orders
	msgs  int // messages
}

var (
	// Personal data of the old orders (none of it is in the masked forms).
	piiPhone   = "13953706688"
	piiName    = "王建国"
	piiOpenID  = "oAbCdEfGhIjKlMnOpQrStUvWxYz1"
	piiHouse   = "古槐路18号3单元502室"
	piiIDCard  = "370802198001011234"
	loc        = time.FixedZone("CST", 8*3600)
	archNow    = time.Date(2026, 12, 2, 3, 30, 0, 0, loc)
	archBefore = archNow.AddDate(-2, 0, 0) // retention.archive_after_days: 730
)

func openArchiveFixture(t *testing.T) *archiveFixture {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := &archiveFixture{path: filepath.Join(dir, "hotline.db"), cfg: cfg}
	f.reopen(t)
	depts := []string{"任城区人民政府", "市城市管理局", "市公安局"}
	cats := []string{"SRHW", "GR", "JT"}
	add := func(day time.Time, i int, closeIt bool, conv string) {
		tk := &ticket.Ticket{
			Number: fmt.Sprintf("%s-%04d", day.Format("20060102"), i), Channel: "wechat", ConversationID: conv,
			CitizenID: fmt.Sprintf("c%d", i), Name: piiName, Phone: piiPhone, Title: "噪音扰民",
			Description: "楼下烧烤摊到凌晨，电话" + piiPhone + "，身份证" + piiIDCard, Address: piiHouse,
			Type: "投诉", Category: cats[i%3], Department: depts[i%3], District: "任城区", Urgency: ticket.UrgencyNormal,
			Status: ticket.Draft, ReceivedAt: day, Location: &ticket.Location{Label: piiHouse, Lat: 35.41234, Lng: 116.58765},
		}
		tk.Flags.LeaderItem = i%5 == 0
		steps := []struct {
			to ticket.Status
			ev ticket.Event
		}{
			{ticket.Accepted, ticket.Event{Actor: "bot"}},
			{ticket.Dispatched, ticket.Event{Actor: "system", Fields: map[string][2]string{"sign_due": {"", day.Add(24 * time.Hour).Format(time.RFC3339)}}}},
			{ticket.Signed, ticket.Event{Actor: "dept:" + depts[i%3]}},
			{ticket.Replied, ticket.Event{Actor: "dept:" + depts[i%3], Note: "已联系 " + piiPhone}},
			{ticket.Reviewed, ticket.Event{Actor: "supervisor:s"}},
			{ticket.Visited, ticket.Event{Actor: "citizen", Action: "visit", Note: "回访：满意"}},
			{ticket.Closed, ticket.Event{Actor: "system"}},
		}
		n := len(steps)
		if !closeIt {
			n = 3
		}
		for k, s := range steps[:n] {
			s.ev.At = day.Add(time.Duration(k+1) * time.Hour)
			if s.to == ticket.Visited {
				tk.Satisfaction = ticket.Satisfied
			}
			if err := tk.Transition(s.to, s.ev); err != nil {
				t.Fatal(err)
			}
		}
		if closeIt {
			tk.ClosedAt = day.Add(7 * time.Hour)
		}
		tk.Reply = "已处理，联系人" + piiName
		err := f.st.UpdateNow(func(tx *store.Tx) error {
			if err := tx.PutTicket(tk); err != nil {
				return err
			}
			c, err := tx.Conversation(conv)
			if err == store.ErrNotFound {
				c = &domain.Conversation{ID: conv, Channel: "wechat", UserID: piiOpenID + conv, CitizenID: fmt.Sprintf("c%d", i),
					State: domain.ConvIdle, CreatedAt: day, FirstText: "我叫" + piiName + "，电话" + piiPhone}
			} else if err != nil {
				return err
			}
			c.Orders = append(c.Orders, tk.Number)
			c.UpdatedAt, c.LastInbound = day.Add(2*time.Hour), day.Add(time.Hour)
			if err := tx.PutConversation(c); err != nil {
				return err
			}
			for k, text := range []string{"住在" + piiHouse + "，电话 " + piiPhone, "好的", "谢谢"} {
				m := &domain.Message{ConversationID: conv, Direction: domain.In, Sender: "citizen", Channel: "wechat",
					Text: text, ExternalID: "wx-" + tk.Number + fmt.Sprint(k), At: day.Add(time.Duration(k) * time.Minute)}
				if k == 1 { // an answer that went out through the outbox
					e := &store.OutboxEntry{Key: "reply:" + tk.Number, Channel: "wechat", To: piiOpenID, ConversationID: conv,
						Text: "已受理，联系电话 " + piiPhone, Status: store.OutSent, CreatedAt: day}
					if err := tx.Enqueue(e); err != nil {
						return err
					}
					m.Direction, m.Sender, m.OutboxID, m.Status = domain.Out, "bot", e.ID, store.OutSent
				}
				if err := tx.AddMessage(m); err != nil {
					return err
				}
				f.msgs++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		f.total++
	}
	for i := 1; i <= 30; i++ {
		// 2024: closed long ago; orders 1–20 one conversation each,
		// 21–30 share a conversation with an order of 2026 (not movable).
		day := time.Date(2024, 3, 1+i%28, 9, 0, 0, 0, loc)
		conv := fmt.Sprintf("wechat:%s%02d", piiOpenID, i)
		if i > 20 {
			conv = fmt.Sprintf("wechat:%slive%02d", piiOpenID, i)
		}
		add(day, i, true, conv)
	}
	for i := 1; i <= 10; i++ {
		day := time.Date(2026, 11, 1+i, 9, 0, 0, 0, loc)
		conv := fmt.Sprintf("wechat:%slive%02d", piiOpenID, 20+i)
		add(day, i, i%2 == 0, conv)
	}
	return f
}

func (f *archiveFixture) reopen(t *testing.T) {
	t.Helper()
	if f.st != nil {
		f.st.Close()
	}
	st, err := store.Open(f.path, &store.Options{Rollup: report.Rollup(loc), MaxBatchDelay: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	f.st = st
	t.Cleanup(func() { st.Close() })
}

// counts returns the live orders, the archived orders and every message
// (live and archived) found through the conversations.
func (f *archiveFixture) counts(t *testing.T) (live, archived int) {
	t.Helper()
	err := f.st.View(func(tx *store.Tx) error {
		list, err := tx.Tickets(store.TicketFilter{})
		live = len(list)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.Archive().EachTicket(func(*ticket.Ticket) error { archived++; return nil }); err != nil {
		t.Fatal(err)
	}
	return live, archived
}

func (f *archiveFixture) monthly(t *testing.T, period string) (*report.Report, *report.Report) {
	t.Helper()
	p, err := report.ParsePeriod("monthly", period, "", "", loc)
	if err != nil {
		t.Fatal(err)
	}
	a, err := report.FromRollups(f.st, f.cfg, p, archNow)
	if err != nil {
		t.Fatal(err)
	}
	b, err := report.FromScan(f.st, f.cfg, p, archNow)
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

func TestArchiveMovesOldClosedOrdersAndKeepsReports(t *testing.T) {
	f := openArchiveFixture(t)
	rollBefore, scanBefore := f.monthly(t, "2024-03")
	if rollBefore.Received != 30 || !reflect.DeepEqual(rollBefore, scanBefore) {
		t.Fatalf("fixture: received %d, rollups and scan equal %v", rollBefore.Received, reflect.DeepEqual(rollBefore, scanBefore))
	}
	var before []*ticket.Ticket
	_ = f.st.View(func(tx *store.Tx) error {
		var err error
		before, err = tx.Tickets(store.TicketFilter{})
		return err
	})

	dry, err := f.st.RunArchive(context.Background(), store.ArchiveOptions{Before: archBefore, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if live, arch := f.counts(t); live != f.total || arch != 0 || dry.Orders != 30 || dry.Conversations != 20 {
		t.Fatalf("dry run: live %d archived %d, would move %+v", live, arch, dry)
	}

	res, err := f.st.RunArchive(context.Background(), store.ArchiveOptions{Before: archBefore, Batch: 7})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("moved %+v", res)
	if res.Orders != 30 || res.Conversations != 20 || res.Messages != 60 || !reflect.DeepEqual(res.Years, []string{"2024"}) {
		t.Fatalf("result %+v, want 30 orders, 20 conversations, 60 messages in 2024", res)
	}
	live, arch := f.counts(t)
	if live != 10 || arch != 30 {
		t.Fatalf("after: live %d archived %d, want 10 and 30", live, arch)
	}
	// Every order is found, live or archived, as it was.
	for _, want := range before {
		var got *ticket.Ticket
		err := f.st.View(func(tx *store.Tx) error {
			var err error
			got, err = tx.Ticket(want.Number)
			return err
		})
		if errors.Is(err, store.ErrNotFound) {
			got, err = f.st.Archive().Ticket(want.Number)
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("order %s: %v, equal %v", want.Number, err, reflect.DeepEqual(got, want))
		}
	}
	// A moved conversation is in the archive with its messages, and gone
	// from the live file; one still in use stays live.
	conv, msgs, err := f.st.Archive().Conversation("wechat:" + piiOpenID + "05")
	if err != nil || len(msgs) != 3 || conv.Orders[0] != "20240306-0005" {
		t.Fatalf("archived conversation: %v, %d messages", err, len(msgs))
	}
	err = f.st.View(func(tx *store.Tx) error {
		if _, err := tx.Conversation("wechat:" + piiOpenID + "05"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("moved conversation still live: %v", err)
		}
		if m, _ := tx.Messages("wechat:"+piiOpenID+"05", 0, 0); len(m) != 0 {
			return fmt.Errorf("moved messages still live: %d", len(m))
		}
		m, _ := tx.Messages("wechat:"+piiOpenID+"live25", 0, 0)
		if len(m) != 6 {
			return fmt.Errorf("a conversation in use lost messages: %d", len(m))
		}
		if _, err := tx.OutboxEntry(m[1].OutboxID); err != nil {
			return fmt.Errorf("the outbox entry of a live message: %v", err)
		}
		if _, err := tx.OutboxByKey("reply:20240306-0005"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("a moved message's delivered outbox entry is still live: %v", err)
		}
		if err := tx.Enqueue(&store.OutboxEntry{Key: "reply:20240306-0005", Channel: "wechat"}); !errors.Is(err, store.ErrDuplicate) {
			return fmt.Errorf("a moved message's idempotency key was forgotten: %v", err)
		}
		if n := tx.CountByStatus()[ticket.Closed]; n != 5 {
			return fmt.Errorf("closed orders in the status index: %d, want 5", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Reports of the archived month: the same numbers, from the rollups
	// and from a full scan, and after the rollups are rebuilt.
	rollAfter, scanAfter := f.monthly(t, "2024-03")
	if !reflect.DeepEqual(rollAfter, rollBefore) || !reflect.DeepEqual(scanAfter, scanBefore) {
		t.Fatalf("report of 2024-03 changed: rollups %v→%v leaders %d→%d", rollBefore.Received, rollAfter.Received, len(rollBefore.Leader), len(rollAfter.Leader))
	}
	if err := f.st.RebuildRollups(); err != nil {
		t.Fatal(err)
	}
	if rebuilt, _ := f.monthly(t, "2024-03"); !reflect.DeepEqual(rebuilt, rollBefore) {
		t.Fatalf("report of 2024-03 after a rebuild: received %d, want %d", rebuilt.Received, rollBefore.Received)
	}
	// Again: nothing left to move.
	again, err := f.st.RunArchive(context.Background(), store.ArchiveOptions{Before: archBefore})
	if err != nil || again.Orders != 0 {
		t.Fatalf("second run: %+v %v", again, err)
	}
	// The archive file passes the full check and survives a reopen.
	if _, err := store.Check(f.st.Archive().Path("2024")); err != nil {
		t.Fatal(err)
	}
	f.reopen(t)
	if _, arch := f.counts(t); arch != 30 {
		t.Fatalf("after reopen: %d archived", arch)
	}
}

func TestArchiveInterruptedRunsFinishWithoutLossOrDuplicates(t *testing.T) {
	for _, step := range []string{"archived", "moved"} {
		t.Run(step, func(t *testing.T) {
			f := openArchiveFixture(t)
			rollBefore, _ := f.monthly(t, "2024-03")
			crash := errors.New("simulated crash")
			batches := 0
			_, err := f.st.RunArchive(context.Background(), store.ArchiveOptions{Before: archBefore, Batch: 7,
				Fail: func(s string) error {
					if s == "moved" {
						batches++
					}
					if s == step && batches >= 2 {
						return crash
					}
					return nil
				}})
			if !errors.Is(err, crash) {
				t.Fatalf("run: %v, want the simulated crash", err)
			}
			live, arch := f.counts(t)
			t.Logf("after the crash: live %d, archived %d", live, arch)
			// Readers see every order once: reports count each once.
			if _, scan := f.monthly(t, "2024-03"); scan.Received != rollBefore.Received {
				t.Fatalf("scan after the crash: received %d, want %d", scan.Received, rollBefore.Received)
			}
			f.reopen(t) // as after a restart
			res, err := f.st.RunArchive(context.Background(), store.ArchiveOptions{Before: archBefore, Batch: 7})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("re-run: %+v", res)
			live, arch = f.counts(t)
			if live != 10 || arch != 30 {
				t.Fatalf("after the re-run: live %d archived %d, want 10 and 30", live, arch)
			}
			nmsgs := 0
			for i := 1; i <= 20; i++ {
				_, msgs, err := f.st.Archive().Conversation(fmt.Sprintf("wechat:%s%02d", piiOpenID, i))
				if err != nil {
					t.Fatalf("conversation %d: %v", i, err)
				}
				nmsgs += len(msgs)
			}
			if nmsgs != 60 {
				t.Fatalf("archived messages %d, want 60", nmsgs)
			}
			roll, scan := f.monthly(t, "2024-03")
			if !reflect.DeepEqual(roll, rollBefore) || !reflect.DeepEqual(scan, rollBefore) {
				t.Fatalf("report changed: %d/%d, want %d", roll.Received, scan.Received, rollBefore.Received)
			}
		})
	}
}

func TestArchiveMasksPersonalDataInTheFileBytes(t *testing.T) {
	f := openArchiveFixture(t)
	// First archived unmasked, then masked by a later run (the order of a
	// real deployment: archive after 2 years, mask after 3).
	if _, err := f.st.RunArchive(context.Background(), store.ArchiveOptions{Before: archBefore}); err != nil {
		t.Fatal(err)
	}
	path := f.st.Archive().Path("2024")
	raw, _ := os.ReadFile(path)
	if !bytes.Contains(raw, []byte(piiName)) {
		t.Fatal("fixture: the unmasked archive does not hold the name")
	}
	res, err := f.st.RunArchive(context.Background(), store.ArchiveOptions{Before: archBefore, MaskBefore: archBefore})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("masked %+v", res)
	if res.Masked != 50 { // 30 orders, 20 conversations
		t.Fatalf("masked %d records, want 50", res.Masked)
	}
	raw, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, pii := range []string{piiPhone, piiName, piiOpenID, piiHouse, piiIDCard, "35.41234", "wx-2024"} {
		if bytes.Contains(raw, []byte(pii)) {
			t.Errorf("%s is still in the archive file's bytes", pii)
		}
	}
	// What is left reads as the console shows it, and reports still count.
	tk, err := f.st.Archive().Ticket("20240306-0005")
	if err != nil {
		t.Fatal(err)
	}
	if tk.Phone != "139****6688" || tk.Name != "王**" || tk.Address != "古槐路**号*单元***室" || tk.Department == "" {
		t.Fatalf("masked order: %q %q %q %q", tk.Phone, tk.Name, tk.Address, tk.Department)
	}
	conv, msgs, err := f.st.Archive().Conversation(tk.ConversationID)
	if err != nil || len(msgs) != 3 || msgs[0].Text != "住在古槐路**号*单元***室，电话 139****6688" || conv.UserID != "oAb***" {
		t.Fatalf("masked conversation %v: %d messages %+v", err, len(msgs), msgs)
	}
	if _, err := store.Check(path); err != nil {
		t.Fatal(err)
	}
	roll, _ := f.monthly(t, "2024-03")
	if roll.Received != 30 {
		t.Fatalf("report after masking: %d", roll.Received)
	}
	// The live file still holds the moved records' old bytes in its free
	// pages until it is compacted.
	f.st.Close()
	f.st = nil
	if _, err := store.Compact(f.path); err != nil {
		t.Fatal(err)
	}
	raw, _ = os.ReadFile(f.path)
	if bytes.Contains(raw, []byte(piiOpenID+"05")) {
		t.Error("a moved conversation's openid is in the compacted live file")
	}
	// Masking again changes nothing.
	f.reopen(t)
	res, err = f.st.RunArchive(context.Background(), store.ArchiveOptions{Before: archBefore, MaskBefore: archBefore})
	if err != nil || res.Masked != 0 {
		t.Fatalf("again: %+v %v", res, err)
	}
}

func TestArchiveMasksOnTheWayIn(t *testing.T) {
	f := openArchiveFixture(t)
	// Past both ages at once (a first run on an old database): the
	// personal data never reaches the archive file.
	res, err := f.st.RunArchive(context.Background(), store.ArchiveOptions{Before: archBefore, MaskBefore: archBefore})
	if err != nil {
		t.Fatal(err)
	}
	if res.Orders != 30 || res.Masked != 50 {
		t.Fatalf("result %+v, want 30 orders and 50 records masked", res)
	}
	raw, err := os.ReadFile(f.st.Archive().Path("2024"))
	if err != nil {
		t.Fatal(err)
	}
	for _, pii := range []string{piiPhone, piiName, piiOpenID, piiHouse, piiIDCard} {
		if bytes.Contains(raw, []byte(pii)) {
			t.Errorf("%s is in the archive file's bytes", pii)
		}
	}
	// The masked order still finds its masked conversation.
	tk, err := f.st.Archive().Ticket("20240302-0001")
	if err != nil {
		t.Fatal(err)
	}
	if _, msgs, err := f.st.Archive().Conversation(tk.ConversationID); err != nil || len(msgs) != 3 {
		t.Fatalf("conversation of a masked order: %v, %d messages", err, len(msgs))
	}
}

func TestMaskLiveFinishedOrders(t *testing.T) {
	f := openArchiveFixture(t)
	rollBefore, _ := f.monthly(t, "2024-03")
	// Masking without archiving: the live orders are masked in place, the
	// reports count the same.
	res, err := f.st.RunArchive(context.Background(), store.ArchiveOptions{MaskBefore: archBefore})
	if err != nil || res.Masked != 30 || res.Orders != 0 {
		t.Fatalf("mask live: %+v %v", res, err)
	}
	err = f.st.View(func(tx *store.Tx) error {
		tk, err := tx.Ticket("20240302-0001")
		if err != nil {
			return err
		}
		if tk.Phone != "139****6688" || tk.Name != "王**" {
			return fmt.Errorf("live order not masked: %q %q", tk.Phone, tk.Name)
		}
		tk, err = tx.Ticket("20261102-0001")
		if err != nil || tk.Phone != piiPhone {
			return fmt.Errorf("a recent order was masked: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if roll, scan := f.monthly(t, "2024-03"); !reflect.DeepEqual(roll, rollBefore) || !reflect.DeepEqual(scan, rollBefore) {
		t.Fatal("report changed by masking")
	}
	// The idle conversations of 2024 were kept under their masked ids
	// (pipl_rekey.go); they move to the archive under them later.
	var conv string
	err = f.st.View(func(tx *store.Tx) error {
		tk, err := tx.Ticket("20240302-0001")
		if err == nil {
			conv = tk.ConversationID
		}
		return err
	})
	if err != nil || !strings.Contains(conv, ":~") {
		t.Fatalf("the masked order's conversation %q %v", conv, err)
	}
	res, err = f.st.RunArchive(context.Background(), store.ArchiveOptions{Before: archBefore, MaskBefore: archBefore})
	if err != nil || res.Orders != 30 {
		t.Fatalf("archive after masking: %+v %v", res, err)
	}
	if c, msgs, err := f.st.Archive().Conversation(conv); err != nil || c.ID != conv || len(msgs) != 3 {
		t.Fatalf("the masked conversation in the archive: %v, %d messages", err, len(msgs))
	}
	raw, err := os.ReadFile(f.st.Archive().Path("2024"))
	if err != nil || bytes.Contains(raw, []byte(piiOpenID)) {
		t.Fatalf("the archive file holds the openid (%v)", err)
	}
	if roll, scan := f.monthly(t, "2024-03"); !reflect.DeepEqual(roll, rollBefore) || !reflect.DeepEqual(scan, rollBefore) {
		t.Fatal("report changed by the move")
	}
}

// TestArchiveTakesTheLeaderItemLogin: the login of a leader item's leader
// (store.LeaderItemKey + number, duty.ItemLeader) goes with its order into
// the archive, and one left by an order archived before is swept; a live
// order keeps its own, and a dry run deletes nothing.
func TestArchiveTakesTheLeaderItemLogin(t *testing.T) {
	f := openArchiveFixture(t)
	old := []string{"20240306-0005", "20240311-0010", "20230101-0001"} // two to archive, one archived long ago
	live := "20261106-0005"                                            // open, stays
	if err := f.st.UpdateNow(func(tx *store.Tx) error {
		for _, n := range append(old, live) {
			if err := tx.Put(store.LeaderItemKey+n, []byte("mayor")); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	kept := func() []string {
		var keys []string
		if err := f.st.View(func(tx *store.Tx) error {
			return tx.ScanKV(store.LeaderItemKey, func(k string, _ []byte) error {
				keys = append(keys, strings.TrimPrefix(k, store.LeaderItemKey))
				return nil
			})
		}); err != nil {
			t.Fatal(err)
		}
		return keys
	}
	all := append(slices.Sorted(slices.Values(old)), live)
	if _, err := f.st.RunArchive(context.Background(), store.ArchiveOptions{Before: archBefore, DryRun: true}); err != nil {
		t.Fatal(err)
	}
	if got := kept(); !slices.Equal(got, all) {
		t.Fatalf("after a dry run: %v, want %v", got, all)
	}
	if _, err := f.st.RunArchive(context.Background(), store.ArchiveOptions{Before: archBefore, Batch: 7}); err != nil {
		t.Fatal(err)
	}
	if got := kept(); !slices.Equal(got, []string{live}) {
		t.Errorf("leader-item logins after the archive run: %v, want only the live order's %s", got, live)
	}
}
