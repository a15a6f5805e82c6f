// Package storetest is the conformance suite of store backends: what the
// engine, the workflow, the console and the outbox rely on, checked
// through store.Backend alone. A backend's own test calls Run:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, storetest.Harness{Open: openMine, Restore: restoreMine,
//			OpenRollup: openMineRollup, ReopenRollup: reopenMineRollup})
//	}
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hotline/domain"
	"hotline/store"
	"hotline/ticket"
)

// Harness makes backends for the suite.
type Harness struct {
	// Open returns a new, empty backend; the suite closes it.
	Open func(t *testing.T) store.Backend
	// Restore returns a new backend holding what snapshot (written by
	// Backup) holds; the suite closes it.
	Restore func(t *testing.T, snapshot []byte) store.Backend
	// OpenRollup returns a new, empty backend opened with the Rollup r
	// (store.Options.Rollup), for the rollups' cases; the suite closes
	// it. Required: the suite fails without it.
	OpenRollup func(t *testing.T, r *store.Rollup) store.Backend
	// ReopenRollup closes b (made by OpenRollup or ReopenRollup) and
	// returns a backend opened on b's data with the Rollup r, as a new
	// release with another Rollup opens the city's file; the suite closes
	// it. Required: the suite fails without it.
	ReopenRollup func(t *testing.T, b store.Backend, r *store.Rollup) store.Backend
}

// Run runs the suite against the backends h makes.
func Run(t *testing.T, h Harness) {
	tests := []struct {
		name string
		fn   func(t *testing.T, b store.Backend)
	}{
		{"CommitAndRollback", testCommitAndRollback},
		{"ViewIsReadOnly", testViewIsReadOnly},
		{"CanceledContext", testCanceledContext},
		{"BatchRetriesLeaveOneEffect", testBatchRetries},
		{"TicketNumbersGapFree", testTicketNumbers},
		{"Dedupe", testDedupe},
		{"Citizens", testCitizens},
		{"ConversationsQueueAndDrafts", testConversations},
		{"ConversationVersion", testConversationVersion},
		{"MessagesInOrder", testMessages},
		{"MessagesWithTheirConversation", testMessagesWithConversation},
		{"OrdersAndIndexes", testOrders},
		{"OutboxDueOrderAndKeys", testOutboxOrder},
		{"OutboxLeases", testOutboxLeases},
		{"UsersAndSessions", testUsersAndSessions},
		{"Audit", testAudit},
		{"Workflow", testWorkflow},
		{"Ratings", testRatings},
		{"SignDeadlineIndex", testScanSignDue},
		{"ClosedIndex", testScanClosed},
		{"OrdersByNumberAndAll", testOrdersByNumber},
		{"OutboxRewrite", testOutboxRewrite},
		{"NoRollup", testNoRollup},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := h.Open(t)
			t.Cleanup(func() { b.Close() })
			tc.fn(t, b)
		})
	}
	t.Run("Rollups", func(t *testing.T) {
		if h.OpenRollup == nil || h.ReopenRollup == nil {
			t.Fatal("the harness must set OpenRollup and ReopenRollup: every backend keeps the reports' rollups")
		}
		b := h.OpenRollup(t, testRollup)
		t.Cleanup(func() { b.Close() })
		testRollups(t, b)
		b = h.ReopenRollup(t, b, otherRollup)
		testRollupChanged(t, b)
	})
	t.Run("BackupRestoreRoundTrip", func(t *testing.T) {
		b := h.Open(t)
		t.Cleanup(func() { b.Close() })
		testBackupRestore(t, b, h.Restore)
	})
}

var (
	ctx = context.Background()
	day = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
)

// must runs fn in its own read-write transaction and fails the test on
// an error.
func must(t *testing.T, b store.Backend, fn func(store.Ops) error) {
	t.Helper()
	if err := b.Update(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func view(t *testing.T, b store.Backend, fn func(store.Ops) error) {
	t.Helper()
	if err := b.View(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

var errBoom = errors.New("boom")

func testCommitAndRollback(t *testing.T, b store.Backend) {
	must(t, b, func(o store.Ops) error {
		return o.PutUser(&store.User{Name: "kept", Role: "agent", CreatedAt: day})
	})
	// A function that fails leaves nothing behind, whatever it wrote.
	for _, run := range []func(context.Context, func(store.Ops) error) error{b.Update, b.Batch} {
		err := run(ctx, func(o store.Ops) error {
			if err := o.PutUser(&store.User{Name: "lost", Role: "agent"}); err != nil {
				return err
			}
			if err := o.Put("lost", []byte("x")); err != nil {
				return err
			}
			m := &domain.Message{ConversationID: "c1", Text: "lost"}
			if err := o.AddMessage(m); err != nil {
				return err
			}
			return errBoom
		})
		if !errors.Is(err, errBoom) {
			t.Fatalf("a failed transaction returned %v, want its error", err)
		}
	}
	view(t, b, func(o store.Ops) error {
		if _, err := o.User("kept"); err != nil {
			t.Errorf("committed user: %v", err)
		}
		if _, err := o.User("lost"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("rolled back user: %v, want ErrNotFound", err)
		}
		if o.Get("lost") != nil {
			t.Error("rolled back key is there")
		}
		if ms, err := o.Messages("c1", 0, 0); err != nil || len(ms) != 0 {
			t.Errorf("rolled back messages: %d, %v", len(ms), err)
		}
		return nil
	})
}

func testViewIsReadOnly(t *testing.T, b store.Backend) {
	err := b.View(ctx, func(o store.Ops) error { return o.Put("k", []byte("v")) })
	if err == nil {
		t.Fatal("a write inside View succeeded")
	}
	view(t, b, func(o store.Ops) error {
		if o.Get("k") != nil {
			t.Error("a write inside View was kept")
		}
		return nil
	})
}

func testCanceledContext(t *testing.T, b store.Backend) {
	c, cancel := context.WithCancel(ctx)
	cancel()
	ran := false
	fn := func(o store.Ops) error { ran = true; return o.Put("k", []byte("v")) }
	for name, run := range map[string]func(context.Context, func(store.Ops) error) error{"Batch": b.Batch, "Update": b.Update, "View": b.View} {
		if err := run(c, fn); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a canceled context: %v", name, err)
		}
	}
	if ran {
		t.Error("a function ran under a canceled context")
	}
}

// testBatchRetries makes concurrent Batch callers share commits while one
// of them fails, which makes a coalescing backend re-run the others. Each caller's effects (a message, an order number, a
// counter kept in the transaction) must be there exactly once.
func testBatchRetries(t *testing.T, b store.Backend) {
	const n = 40
	var runs atomic.Int64
	var wg sync.WaitGroup
	numbers := make([]string, n)
	for i := range n {
		wg.Go(func() {
			err := b.Batch(ctx, func(o store.Ops) error {
				runs.Add(1)
				m := &domain.Message{ConversationID: "batch", Text: fmt.Sprint(i), At: day}
				if err := o.AddMessage(m); err != nil {
					return err
				}
				num, err := o.NextTicketNumber(day)
				if err != nil {
					return err
				}
				numbers[i] = num
				// A counter read and written in the transaction.
				c := 0
				if v := o.Get("counter"); v != nil {
					fmt.Sscan(string(v), &c)
				}
				if err := o.Put("counter", fmt.Append(nil, c+1)); err != nil {
					return err
				}
				if i == n/2 {
					return errBoom
				}
				return nil
			})
			if i == n/2 {
				if !errors.Is(err, errBoom) {
					t.Errorf("the failing caller got %v", err)
				}
				return
			}
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	// The failing caller's effects are gone; everyone else's are there once.
	view(t, b, func(o store.Ops) error {
		ms, err := o.Messages("batch", 0, 0)
		if err != nil {
			return err
		}
		texts := map[string]int{}
		for _, m := range ms {
			texts[m.Text]++
		}
		if len(ms) != n-1 || texts[fmt.Sprint(n/2)] != 0 {
			t.Errorf("%d messages for %d successful callers (the failed one's: %d)", len(ms), n-1, texts[fmt.Sprint(n/2)])
		}
		for k, c := range texts {
			if c != 1 {
				t.Errorf("message %s stored %d times", k, c)
			}
		}
		if got := string(o.Get("counter")); got != fmt.Sprint(n-1) {
			t.Errorf("counter %s after %d successful callers (%d runs)", got, n-1, runs.Load())
		}
		var got []string
		for i, num := range numbers {
			if i != n/2 {
				got = append(got, num)
			}
		}
		slices.Sort(got)
		for i, num := range got {
			if num != ticket.FormatNumber(day, i+1) {
				t.Fatalf("order numbers %v: want 1 to %d without gaps or repeats", got, n-1)
			}
		}
		return nil
	})
	if runs.Load() < n {
		t.Errorf("%d runs for %d callers", runs.Load(), n)
	}
	t.Logf("%d callers, %d runs", n, runs.Load())
}

func testTicketNumbers(t *testing.T, b store.Backend) {
	var first string
	must(t, b, func(o store.Ops) (err error) { first, err = o.NextTicketNumber(day); return err })
	// A rolled back number is given again.
	_ = b.Update(ctx, func(o store.Ops) error {
		_, _ = o.NextTicketNumber(day)
		return errBoom
	})
	var second, other string
	must(t, b, func(o store.Ops) (err error) {
		if second, err = o.NextTicketNumber(day); err != nil {
			return err
		}
		other, err = o.NextTicketNumber(day.AddDate(0, 0, 1))
		return err
	})
	if first != ticket.FormatNumber(day, 1) || second != ticket.FormatNumber(day, 2) {
		t.Errorf("numbers %s, %s: want %s, %s", first, second, ticket.FormatNumber(day, 1), ticket.FormatNumber(day, 2))
	}
	if other != ticket.FormatNumber(day.AddDate(0, 0, 1), 1) {
		t.Errorf("next day starts at %s", other)
	}
}

func testDedupe(t *testing.T, b store.Backend) {
	// Odd keys carry a platform time (as WeChat's and the web chat's do),
	// even ones none (as Twilio's); a key is its id and its time together.
	key := func(i int) store.DedupeKey {
		k := store.DedupeKey{ID: fmt.Sprintf("k%02d", i)}
		if i%2 == 1 {
			k.At = day.Add(-time.Duration(i) * time.Minute)
		}
		return k
	}
	wechat := store.DedupeKey{ID: "wechat:1", At: day.Add(-5 * time.Second)}
	must(t, b, func(o store.Ops) error {
		if o.Seen(wechat, day) || o.Seen(key(1), day) {
			t.Error("an unknown key is seen")
		}
		for i := range 10 {
			if err := o.MarkSeen(key(i), day.Add(time.Duration(i)*time.Hour)); err != nil {
				return err
			}
		}
		return o.MarkSeen(wechat, day.Add(48*time.Hour))
	})
	view(t, b, func(o store.Ops) error {
		if !o.Seen(wechat, day) || !o.Seen(key(5), day.Add(4*time.Hour)) || !o.Seen(key(4), day.Add(3*time.Hour)) {
			t.Error("a marked key is not seen before it expires")
		}
		if o.Seen(key(5), day.Add(5*time.Hour)) || o.Seen(key(4), day.Add(4*time.Hour)) {
			t.Error("an expired key is still seen")
		}
		if o.Seen(store.DedupeKey{ID: "wechat:2", At: wechat.At}, day) {
			t.Error("another id of the same time is seen")
		}
		return nil
	})
	// Purging in pages of 3 from 5:30 removes k00…k05 and nothing else.
	removed, after, pages := 0, "", 0
	for {
		var n int
		must(t, b, func(o store.Ops) (err error) {
			n, after, err = o.PurgeDedupe(day.Add(5*time.Hour+30*time.Minute), after, 3)
			return err
		})
		removed += n
		pages++
		if after == "" || pages > 10 {
			break
		}
	}
	if removed != 6 {
		t.Errorf("purged %d keys, want 6", removed)
	}
	view(t, b, func(o store.Ops) error {
		if !o.Seen(key(6), day) || !o.Seen(key(7), day) || !o.Seen(wechat, day) || o.Seen(key(5), day) || o.Seen(key(4), day) {
			t.Error("purge removed the wrong keys")
		}
		return nil
	})
}

func testCitizens(t *testing.T, b store.Backend) {
	var id1, id2 string
	must(t, b, func(o store.Ops) (err error) {
		if id1, err = o.NewCitizenID(); err != nil {
			return err
		}
		if id2, err = o.NewCitizenID(); err != nil {
			return err
		}
		return o.PutCitizen(&domain.Citizen{ID: id1, Identities: []domain.Identity{{Channel: "wechat", UserID: "o1"}, {Channel: "sms", UserID: "+8613900000001"}},
			Phones: []string{"13900000001"}, CreatedAt: day})
	})
	if id1 == "" || id1 == id2 {
		t.Fatalf("citizen ids %q, %q", id1, id2)
	}
	view(t, b, func(o store.Ops) error {
		for _, get := range []func() (*domain.Citizen, error){
			func() (*domain.Citizen, error) { return o.Citizen(id1) },
			func() (*domain.Citizen, error) { return o.CitizenByIdentity("wechat", "o1") },
			func() (*domain.Citizen, error) { return o.CitizenByIdentity("sms", "+8613900000001") },
			func() (*domain.Citizen, error) { return o.CitizenByPhone("13900000001") },
		} {
			if c, err := get(); err != nil || c.ID != id1 || !c.CreatedAt.Equal(day) {
				t.Errorf("citizen lookup: %+v, %v", c, err)
			}
		}
		if _, err := o.CitizenByIdentity("telegram", "o1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("identity on another channel: %v", err)
		}
		if _, err := o.CitizenByPhone("13900000002"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown phone: %v", err)
		}
		return nil
	})
	if err := b.Update(ctx, func(o store.Ops) error { return o.PutCitizen(&domain.Citizen{}) }); err == nil {
		t.Error("a citizen without id was saved")
	}
}

func testConversations(t *testing.T, b store.Backend) {
	convs := []*domain.Conversation{
		{ID: "a", CitizenID: "c1", State: domain.ConvQueued, QueuedAt: day},
		{ID: "b", CitizenID: "c1", State: domain.ConvQueued, QueuedAt: day.Add(time.Minute), Emergency: true},
		{ID: "c", CitizenID: "c2", State: domain.ConvQueued, QueuedAt: day.Add(-time.Minute)},
		{ID: "d", CitizenID: "c2", State: domain.ConvCollecting, UpdatedAt: day},
		{ID: "e", CitizenID: "c3", State: domain.ConvConfirming, UpdatedAt: day.Add(time.Hour)},
		{ID: "f", CitizenID: "c3", State: domain.ConvIdle, UpdatedAt: day.Add(-time.Hour)},
	}
	must(t, b, func(o store.Ops) error {
		for _, id := range []string{"c1", "c2", "c3"} {
			c := &domain.Citizen{ID: id}
			if id == "c1" {
				c.Merged = []string{"c3"}
			}
			if err := o.PutCitizen(c); err != nil {
				return err
			}
		}
		for _, c := range convs {
			if err := o.PutConversation(c); err != nil {
				return err
			}
		}
		return nil
	})
	ids := func(cs []*domain.Conversation) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	view(t, b, func(o store.Ops) error {
		q, err := o.Queue(0)
		if err != nil {
			return err
		}
		if got := ids(q); !slices.Equal(got, []string{"b", "c", "a"}) {
			t.Errorf("queue %v, want emergencies first, then by waiting time: [b c a]", got)
		}
		if q2, _ := o.Queue(2); len(q2) != 2 {
			t.Errorf("queue limit 2 gave %d", len(q2))
		}
		if got := o.StaleDrafts(day.Add(time.Second), 10); !slices.Equal(got, []string{"d"}) {
			t.Errorf("stale drafts %v, want [d]", got)
		}
		if got := o.StaleDrafts(day.Add(2*time.Hour), 10); len(got) != 2 {
			t.Errorf("stale drafts %v, want d and e", got)
		}
		of, err := o.ConversationsOf("c1")
		if err != nil {
			return err
		}
		got := ids(of)
		slices.Sort(got)
		if !slices.Equal(got, []string{"a", "b", "e", "f"}) {
			t.Errorf("conversations of c1 and the merged c3: %v", got)
		}
		return nil
	})
	// Leaving the queue, finishing a draft and moving to another citizen
	// move the indexes along.
	must(t, b, func(o store.Ops) error {
		c, err := o.Conversation("b")
		if err != nil {
			return err
		}
		c.State = domain.ConvAgent
		if err := o.PutConversation(c); err != nil {
			return err
		}
		d, err := o.Conversation("d")
		if err != nil {
			return err
		}
		d.State, d.CitizenID = domain.ConvIdle, "c1"
		if err := o.PutConversation(d); err != nil {
			return err
		}
		// Queued again later: it goes to the back.
		a, err := o.Conversation("a")
		if err != nil {
			return err
		}
		a.QueuedAt = day.Add(time.Hour)
		return o.PutConversation(a)
	})
	view(t, b, func(o store.Ops) error {
		q, _ := o.Queue(0)
		if got := ids(q); !slices.Equal(got, []string{"c", "a"}) {
			t.Errorf("queue after changes %v, want [c a]", got)
		}
		if got := o.StaleDrafts(day.Add(2*time.Hour), 10); !slices.Equal(got, []string{"e"}) {
			t.Errorf("stale drafts after changes %v, want [e]", got)
		}
		of, _ := o.ConversationsOf("c2")
		if got := ids(of); !slices.Equal(got, []string{"c"}) {
			t.Errorf("conversations of c2 after the move %v", got)
		}
		if _, err := o.Conversation("zz"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown conversation: %v", err)
		}
		return nil
	})
}

func testConversationVersion(t *testing.T, b store.Backend) {
	must(t, b, func(o store.Ops) error {
		return o.PutConversation(&domain.Conversation{ID: "v", State: domain.ConvIdle, FirstText: "one"})
	})
	var cached *domain.Conversation
	var version []byte
	view(t, b, func(o store.Ops) (err error) { cached, version, err = o.ConversationRaw("v"); return err })
	if cached == nil || cached.FirstText != "one" {
		t.Fatalf("ConversationRaw: %+v", cached)
	}
	// Unchanged: the cached value may be returned; changed: never.
	view(t, b, func(o store.Ops) error {
		c, err := o.ConversationSince("v", cached, version)
		if err != nil || c.FirstText != "one" {
			t.Errorf("unchanged conversation: %+v, %v", c, err)
		}
		return nil
	})
	must(t, b, func(o store.Ops) error {
		return o.PutConversation(&domain.Conversation{ID: "v", State: domain.ConvIdle, FirstText: "two"})
	})
	view(t, b, func(o store.Ops) error {
		c, err := o.ConversationSince("v", &domain.Conversation{ID: "v", FirstText: "one"}, version)
		if err != nil || c.FirstText != "two" {
			t.Errorf("changed conversation came back stale: %+v, %v", c, err)
		}
		return nil
	})
	// A change of the draft alone is a change too.
	view(t, b, func(o store.Ops) (err error) { cached, version, err = o.ConversationRaw("v"); return err })
	must(t, b, func(o store.Ops) error {
		c, err := o.Conversation("v")
		if err != nil {
			return err
		}
		c.Draft = &ticket.Ticket{Status: ticket.Draft, Title: "路灯不亮"}
		return o.PutConversation(c)
	})
	view(t, b, func(o store.Ops) error {
		c, err := o.ConversationSince("v", cached, version)
		if err != nil || c.Draft == nil || c.Draft.Title != "路灯不亮" || c.FirstText != "two" {
			t.Errorf("a conversation whose draft changed came back stale: %+v, %v", c, err)
		}
		return nil
	})
	must(t, b, func(o store.Ops) error {
		c, err := o.Conversation("v")
		if err != nil {
			return err
		}
		c.Draft = nil
		return o.PutConversation(c)
	})
	view(t, b, func(o store.Ops) error {
		if c, err := o.Conversation("v"); err != nil || c.Draft != nil {
			t.Errorf("a removed draft came back: %+v, %v", c, err)
		}
		return nil
	})
	if err := b.View(ctx, func(o store.Ops) error { _, _, err := o.ConversationRaw("none"); return err }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ConversationRaw of an unknown id: %v", err)
	}
}

func testMessages(t *testing.T, b store.Backend) {
	// Interleaved conversations, one id a prefix of the other.
	var ids []uint64
	for i := range 12 {
		conv := "conv1"
		if i%3 == 0 {
			conv = "conv10"
		}
		must(t, b, func(o store.Ops) error {
			m := &domain.Message{ConversationID: conv, Direction: domain.In, Text: fmt.Sprint(i), At: day.Add(time.Duration(i) * time.Second)}
			if err := o.AddMessage(m); err != nil {
				return err
			}
			if conv == "conv1" {
				ids = append(ids, m.ID)
			}
			return nil
		})
	}
	if !slices.IsSorted(ids) || len(ids) != 8 || ids[0] == 0 {
		t.Fatalf("message ids %v: want 8 growing ids", ids)
	}
	view(t, b, func(o store.Ops) error {
		ms, err := o.Messages("conv1", 0, 0)
		if err != nil {
			return err
		}
		var texts []string
		for _, m := range ms {
			texts = append(texts, m.Text)
		}
		if !slices.Equal(texts, []string{"1", "2", "4", "5", "7", "8", "10", "11"}) {
			t.Errorf("conv1's messages %v", texts)
		}
		page, _ := o.Messages("conv1", ids[2], 3)
		if len(page) != 3 || page[0].ID != ids[3] || page[2].ID != ids[5] {
			t.Errorf("page after %d: %d messages", ids[2], len(page))
		}
		if ms, _ := o.Messages("conv", 0, 0); len(ms) != 0 {
			t.Errorf("a prefix of conversation ids got %d messages", len(ms))
		}
		return nil
	})
	// A delivery status change is kept.
	must(t, b, func(o store.Ops) error {
		m, err := o.Message("conv1", ids[0])
		if err != nil {
			return err
		}
		m.Status = "delivered"
		return o.PutMessage(m)
	})
	view(t, b, func(o store.Ops) error {
		if m, err := o.Message("conv1", ids[0]); err != nil || m.Status != "delivered" || m.Text != "1" {
			t.Errorf("rewritten message: %+v, %v", m, err)
		}
		if _, err := o.Message("conv10", ids[0]); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a message under another conversation: %v", err)
		}
		return nil
	})
}

// testMessagesWithConversation: a conversation's messages stay listed
// whatever the order of the writes: added before the conversation is
// first stored (in the same transaction, as the engine does, or in an
// earlier one), after it, with and without the conversation rewritten in
// the same transaction, in a batch of several conversations.
func testMessagesWithConversation(t *testing.T, b store.Backend) {
	ctx := context.Background()
	add := func(o store.Ops, conv, text string) error {
		return o.AddMessage(&domain.Message{ConversationID: conv, Direction: domain.In, Sender: "citizen", Text: text, At: day})
	}
	texts := func(o store.Ops, conv string) []string {
		ms, err := o.Messages(conv, 0, 0)
		if err != nil {
			t.Fatalf("messages of %s: %v", conv, err)
		}
		var out []string
		for _, m := range ms {
			out = append(out, m.Text)
		}
		return out
	}
	// The engine's first turn: messages, then the new conversation.
	must(t, b, func(o store.Ops) error {
		if err := add(o, "w:a", "您好"); err != nil {
			return err
		}
		if err := add(o, "w:a", "路灯坏了"); err != nil {
			return err
		}
		if got := texts(o, "w:a"); !slices.Equal(got, []string{"您好", "路灯坏了"}) {
			t.Errorf("messages before the conversation is stored, in the same transaction: %v", got)
		}
		return o.PutConversation(&domain.Conversation{ID: "w:a", Channel: "w", State: domain.ConvCollecting, FirstText: "路灯坏了",
			Draft: &ticket.Ticket{Status: ticket.Draft, Title: "路灯"}, CreatedAt: day, UpdatedAt: day})
	})
	// A message stored before its conversation, in a transaction of its own.
	must(t, b, func(o store.Ops) error { return add(o, "w:b", "早") })
	must(t, b, func(o store.Ops) error {
		if err := o.PutConversation(&domain.Conversation{ID: "w:b", Channel: "w", State: domain.ConvIdle, CreatedAt: day, UpdatedAt: day}); err != nil {
			return err
		}
		return add(o, "w:b", "在吗")
	})
	// Later turns: the conversation rewritten after its messages, before
	// them, or not at all (a reply the outbox records).
	must(t, b, func(o store.Ops) error {
		c, err := o.Conversation("w:a")
		if err != nil {
			return err
		}
		if err := add(o, "w:a", "电话 13953700001"); err != nil {
			return err
		}
		c.State = domain.ConvConfirming
		return o.PutConversation(c)
	})
	must(t, b, func(o store.Ops) error {
		c, err := o.Conversation("w:a")
		if err != nil {
			return err
		}
		c.State, c.Draft = domain.ConvIdle, nil
		if err := o.PutConversation(c); err != nil {
			return err
		}
		return add(o, "w:a", "确认")
	})
	must(t, b, func(o store.Ops) error { return add(o, "w:a", "已登记") })
	// Several conversations in one batch.
	errs := make(chan error, 4)
	for i := range 4 {
		go func() {
			errs <- b.Batch(ctx, func(o store.Ops) error {
				id := fmt.Sprintf("w:c%d", i)
				if err := add(o, id, "一"); err != nil {
					return err
				}
				if err := o.PutConversation(&domain.Conversation{ID: id, Channel: "w", State: domain.ConvIdle, CreatedAt: day, UpdatedAt: day}); err != nil {
					return err
				}
				return add(o, id, "二")
			})
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	view(t, b, func(o store.Ops) error {
		if got := texts(o, "w:a"); !slices.Equal(got, []string{"您好", "路灯坏了", "电话 13953700001", "确认", "已登记"}) {
			t.Errorf("w:a's messages %v", got)
		}
		if got := texts(o, "w:b"); !slices.Equal(got, []string{"早", "在吗"}) {
			t.Errorf("w:b's messages %v", got)
		}
		for i := range 4 {
			if got := texts(o, fmt.Sprintf("w:c%d", i)); !slices.Equal(got, []string{"一", "二"}) {
				t.Errorf("w:c%d's messages %v", i, got)
			}
		}
		c, err := o.Conversation("w:a")
		if err != nil || c.State != domain.ConvIdle || c.Draft != nil || c.FirstText != "路灯坏了" {
			t.Errorf("w:a after its turns: %+v, %v", c, err)
		}
		ms, err := o.Messages("w:a", 0, 0)
		if err != nil || len(ms) != 5 {
			t.Fatalf("w:a: %d messages, %v", len(ms), err)
		}
		if page, _ := o.Messages("w:a", ms[1].ID, 2); len(page) != 2 || page[0].Text != "电话 13953700001" || page[1].Text != "确认" {
			t.Errorf("a page of w:a's messages: %d", len(page))
		}
		return nil
	})
}

func testOrders(t *testing.T, b store.Backend) {
	mk := func(n int, status ticket.Status, dept, citizen string, due time.Time) *ticket.Ticket {
		return &ticket.Ticket{Number: ticket.FormatNumber(day, n), Status: status, Department: dept, CitizenID: citizen,
			Due: due, ReceivedAt: day, Title: fmt.Sprint("order ", n)}
	}
	must(t, b, func(o store.Ops) error {
		for _, tk := range []*ticket.Ticket{
			mk(3, ticket.Dispatched, "水务", "c1", day.Add(3*time.Hour)),
			mk(1, ticket.Dispatched, "水务局", "c2", day.Add(1*time.Hour)),
			mk(2, ticket.Accepted, "水务", "c1", day.Add(2*time.Hour)),
			mk(4, ticket.Closed, "水务", "c1", day.Add(time.Minute)),
		} {
			if err := o.PutTicket(tk); err != nil {
				return err
			}
		}
		return o.SetCoDepartments(ticket.FormatNumber(day, 1), nil, []string{"城管", "公安"})
	})
	nums := func(ts []*ticket.Ticket) []int {
		var out []int
		for _, tk := range ts {
			_, n, _ := ticket.ParseNumber(tk.Number)
			out = append(out, n)
		}
		return out
	}
	check := func(name string, f store.TicketFilter, want ...int) {
		t.Helper()
		view(t, b, func(o store.Ops) error {
			ts, err := o.Tickets(f)
			if err != nil {
				return err
			}
			if got := nums(ts); !slices.Equal(got, want) {
				t.Errorf("%s: orders %v, want %v", name, got, want)
			}
			return nil
		})
	}
	check("all", store.TicketFilter{}, 1, 2, 3, 4)
	check("last two", store.TicketFilter{Limit: 2}, 3, 4)
	check("department", store.TicketFilter{Department: "水务"}, 2, 3, 4)
	check("status", store.TicketFilter{Status: ticket.Dispatched}, 1, 3)
	check("status and department", store.TicketFilter{Status: ticket.Dispatched, Department: "水务"}, 3)
	check("citizen", store.TicketFilter{CitizenID: "c1"}, 2, 3, 4)
	check("open and due before", store.TicketFilter{DueBefore: day.Add(150 * time.Minute)}, 1, 2)
	// A change of status, department and due time moves the indexes.
	must(t, b, func(o store.Ops) error {
		tk, err := o.Ticket(ticket.FormatNumber(day, 1))
		if err != nil {
			return err
		}
		tk.Status, tk.Department, tk.Due = ticket.Closed, "水务", day.Add(10*time.Hour)
		if err := o.PutTicket(tk); err != nil {
			return err
		}
		return o.SetCoDepartments(tk.Number, []string{"城管", "公安"}, []string{"公安"})
	})
	check("department after", store.TicketFilter{Department: "水务"}, 1, 2, 3, 4)
	check("old department after", store.TicketFilter{Department: "水务局"})
	check("status after", store.TicketFilter{Status: ticket.Dispatched}, 3)
	check("due after", store.TicketFilter{DueBefore: day.Add(24 * time.Hour)}, 2, 3)
	// The deadline and status indexes, read without the orders.
	view(t, b, func(o store.Ops) error {
		var due []string
		o.ScanDue(time.Time{}, func(number string, at time.Time) bool {
			due = append(due, number+"@"+at.Sub(day).String())
			return true
		})
		want := []string{ticket.FormatNumber(day, 2) + "@2h0m0s", ticket.FormatNumber(day, 3) + "@3h0m0s"}
		if !slices.Equal(due, want) {
			t.Errorf("ScanDue: %v, want %v", due, want)
		}
		due = nil
		o.ScanDue(day.Add(3*time.Hour), func(number string, _ time.Time) bool { due = append(due, number); return true })
		if !slices.Equal(due, []string{ticket.FormatNumber(day, 2)}) {
			t.Errorf("ScanDue before 3h: %v", due)
		}
		for _, tt := range []struct {
			n    int
			st   ticket.Status
			want bool
		}{{3, ticket.Dispatched, true}, {1, ticket.Dispatched, false}, {1, ticket.Closed, true}, {9, ticket.Closed, false}} {
			if got := o.HasStatus(ticket.FormatNumber(day, tt.n), tt.st); got != tt.want {
				t.Errorf("HasStatus(%d, %s) = %v", tt.n, tt.st, got)
			}
		}
		return nil
	})
	view(t, b, func(o store.Ops) error {
		counts := o.CountByStatus()
		if counts[ticket.Closed] != 2 || counts[ticket.Dispatched] != 1 || counts[ticket.Accepted] != 1 || len(counts) != 3 {
			t.Errorf("counts %v", counts)
		}
		co, err := o.CoTickets("公安")
		if err != nil {
			return err
		}
		if got := nums(co); !slices.Equal(got, []int{1}) {
			t.Errorf("co-department orders %v", got)
		}
		if co, _ := o.CoTickets("城管"); len(co) != 0 {
			t.Errorf("a removed co-department still has %d orders", len(co))
		}
		tk, err := o.Ticket(ticket.FormatNumber(day, 3))
		if err != nil || tk.Title != "order 3" || !tk.Due.Equal(day.Add(3*time.Hour)) {
			t.Errorf("order read back: %+v, %v", tk, err)
		}
		if _, err := o.Ticket("20261127-9999"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown order: %v", err)
		}
		return nil
	})
	if err := b.Update(ctx, func(o store.Ops) error { return o.PutTicket(&ticket.Ticket{}) }); err == nil {
		t.Error("an order without number was saved")
	}
}

func testOutboxOrder(t *testing.T, b store.Backend) {
	var ids []uint64
	must(t, b, func(o store.Ops) error {
		for i, at := range []time.Duration{3, 1, 2, 1} {
			e := &store.OutboxEntry{Key: fmt.Sprint("k", i), Channel: "sms", To: "x", Text: fmt.Sprint(i),
				NextAt: day.Add(at * time.Minute), CreatedAt: day.Add(time.Duration(i) * time.Second)}
			if err := o.Enqueue(e); err != nil {
				return err
			}
			if e.ID == 0 || e.Status != store.OutPending {
				t.Errorf("enqueued entry %+v", e)
			}
			ids = append(ids, e.ID)
		}
		return nil
	})
	var dup error
	_ = b.Update(ctx, func(o store.Ops) error {
		e := &store.OutboxEntry{Key: "k0", Channel: "sms", Text: "again", NextAt: day}
		dup = o.Enqueue(e)
		if e.ID != 0 {
			t.Errorf("a duplicate got id %d", e.ID)
		}
		return nil
	})
	if !errors.Is(dup, store.ErrDuplicate) {
		t.Errorf("enqueue of a known key: %v, want ErrDuplicate", dup)
	}
	view(t, b, func(o store.Ops) error {
		due, err := o.DueOutbox(day.Add(2*time.Minute), 10)
		if err != nil {
			return err
		}
		var texts []string
		for _, e := range due {
			texts = append(texts, e.Text)
		}
		// By due time, then by id.
		if !slices.Equal(texts, []string{"1", "3", "2"}) {
			t.Errorf("due entries %v, want [1 3 2]", texts)
		}
		var scanned []uint64
		o.ScanDueOutbox(day.Add(2*time.Minute), func(id uint64) bool {
			scanned = append(scanned, id)
			return len(scanned) < 2
		})
		if !slices.Equal(scanned, []uint64{ids[1], ids[3]}) {
			t.Errorf("scan of due ids %v, want %v then stop", scanned, []uint64{ids[1], ids[3]})
		}
		if next := o.NextOutboxDue(); !next.Equal(day.Add(time.Minute)) {
			t.Errorf("next due %v", next)
		}
		if e, err := o.OutboxByKey("k2"); err != nil || e.ID != ids[2] {
			t.Errorf("entry by key: %+v, %v", e, err)
		}
		if _, err := o.OutboxByKey("nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown key: %v", err)
		}
		n, oldest := o.OutboxStats()
		if n != 4 || !oldest.Equal(day) {
			t.Errorf("stats %d, %v", n, oldest)
		}
		return nil
	})
}

func testOutboxLeases(t *testing.T, b store.Backend) {
	const lease = time.Minute
	must(t, b, func(o store.Ops) error {
		for i, ch := range []string{"wechat", "sms", "wechat"} {
			if err := o.Enqueue(&store.OutboxEntry{Key: fmt.Sprint("e", i), Channel: ch, To: "u", Text: fmt.Sprint(i), NextAt: day, CreatedAt: day}); err != nil {
				return err
			}
		}
		return nil
	})
	claim := func(now time.Time, channel string) []*store.OutboxEntry {
		t.Helper()
		var got []*store.OutboxEntry
		must(t, b, func(o store.Ops) (err error) {
			got, err = o.ClaimOutbox(store.OutboxClaim{Now: now, Lease: lease, Limit: 10, Channel: channel})
			return err
		})
		return got
	}
	sms := claim(day, "sms")
	if len(sms) != 1 || sms[0].Channel != "sms" || sms[0].Attempts != 1 || !sms[0].NextAt.Equal(day.Add(lease)) {
		t.Fatalf("claim of the sms lane: %+v", sms)
	}
	all := claim(day.Add(time.Second), "")
	if len(all) != 2 || all[0].Text != "0" || all[1].Text != "2" {
		t.Fatalf("claim of the rest: %d entries", len(all))
	}
	// Leased entries are not due while the lease runs, concurrent claims
	// never share one, and the outbox still counts them as pending.
	var mu sync.Mutex
	seen := 0
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			var got []*store.OutboxEntry
			err := b.Batch(ctx, func(o store.Ops) (err error) {
				got, err = o.ClaimOutbox(store.OutboxClaim{Now: day.Add(30 * time.Second), Lease: lease, Limit: 10})
				return err
			})
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			seen += len(got)
			mu.Unlock()
		})
	}
	wg.Wait()
	if seen != 0 {
		t.Errorf("%d leased entries claimed again during their lease", seen)
	}
	view(t, b, func(o store.Ops) error {
		if n, _ := o.OutboxStats(); n != 3 {
			t.Errorf("%d pending during the leases, want 3", n)
		}
		return nil
	})
	// The sms entry is acknowledged; the others' deliverer died.
	must(t, b, func(o store.Ops) error { return o.AckOutbox(sms[0].ID, day.Add(2*time.Second)) })
	must(t, b, func(o store.Ops) error { return o.AckOutbox(sms[0].ID, day.Add(time.Hour)) }) // a repeated ack changes nothing
	// Once the lease expires, concurrent claimers split the entries.
	var mine [][]*store.OutboxEntry
	for range 3 {
		wg.Go(func() {
			var got []*store.OutboxEntry
			err := b.Batch(ctx, func(o store.Ops) (err error) {
				got, err = o.ClaimOutbox(store.OutboxClaim{Now: day.Add(2 * lease), Lease: lease, Limit: 1})
				return err
			})
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			mine = append(mine, got)
			mu.Unlock()
		})
	}
	wg.Wait()
	claimed := map[uint64]int{}
	for _, got := range mine {
		for _, e := range got {
			claimed[e.ID]++
			if e.Attempts != 2 {
				t.Errorf("entry %d after its second claim: %d attempts", e.ID, e.Attempts)
			}
		}
	}
	if len(claimed) != 2 || claimed[all[0].ID] != 1 || claimed[all[1].ID] != 1 {
		t.Errorf("after the lease expired the claims took %v, want both wechat entries once", claimed)
	}
	view(t, b, func(o store.Ops) error {
		e, err := o.OutboxEntry(sms[0].ID)
		if err != nil {
			return err
		}
		if e.Status != store.OutSent || !e.SentAt.Equal(day.Add(2*time.Second)) {
			t.Errorf("acknowledged entry: %s at %v", e.Status, e.SentAt)
		}
		if due, _ := o.DueOutbox(day.Add(time.Hour), 10); len(due) != 2 {
			t.Errorf("%d due entries, want the 2 unacknowledged", len(due))
		}
		return nil
	})
	if err := b.Update(ctx, func(o store.Ops) error { return o.AckOutbox(999, day) }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ack of an unknown entry: %v", err)
	}
}

func testUsersAndSessions(t *testing.T, b store.Backend) {
	must(t, b, func(o store.Ops) error {
		for _, n := range []string{"zhang", "admin", "li"} {
			if err := o.PutUser(&store.User{Name: n, Role: "agent", PasswordHash: "h-" + n, CreatedAt: day}); err != nil {
				return err
			}
		}
		// The console keeps sessions in the key-value area under a prefix.
		for _, k := range []string{"session:b", "session:a", "sessions", "held:x"} {
			if err := o.Put(k, []byte("v-"+k)); err != nil {
				return err
			}
		}
		return nil
	})
	must(t, b, func(o store.Ops) error {
		u, err := o.User("li")
		if err != nil {
			return err
		}
		u.Disabled = true
		if err := o.PutUser(u); err != nil {
			return err
		}
		return o.Delete("session:b")
	})
	view(t, b, func(o store.Ops) error {
		us, err := o.Users()
		if err != nil {
			return err
		}
		var names []string
		for _, u := range us {
			names = append(names, u.Name)
		}
		if !slices.Equal(names, []string{"admin", "li", "zhang"}) {
			t.Errorf("users %v, want by name", names)
		}
		if u, err := o.User("li"); err != nil || !u.Disabled || u.PasswordHash != "h-li" {
			t.Errorf("changed user: %+v, %v", u, err)
		}
		if _, err := o.User("wang"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown user: %v", err)
		}
		var keys []string
		err = o.ScanKV("session:", func(k string, v []byte) error {
			if !bytes.Equal(v, []byte("v-"+k)) {
				t.Errorf("value of %s: %q", k, v)
			}
			keys = append(keys, k)
			return nil
		})
		if err != nil {
			return err
		}
		if !slices.Equal(keys, []string{"session:a"}) {
			t.Errorf("sessions %v", keys)
		}
		if err := o.ScanKV("", func(string, []byte) error { return errBoom }); !errors.Is(err, errBoom) {
			t.Errorf("an error from the scan function: %v", err)
		}
		return nil
	})
}

func testAudit(t *testing.T, b store.Backend) {
	must(t, b, func(o store.Ops) error {
		for i, at := range []time.Duration{0, 2, 1, 2} {
			if err := o.Audit(store.AuditEntry{At: day.Add(at * time.Minute), Actor: "admin", Action: fmt.Sprint("a", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, b, func(o store.Ops) error {
		log, err := o.AuditLog(3)
		if err != nil {
			return err
		}
		var acts []string
		for _, e := range log {
			acts = append(acts, e.Action)
		}
		if !slices.Equal(acts, []string{"a3", "a1", "a2"}) {
			t.Errorf("audit log %v, want newest first, same time in reverse order of writing", acts)
		}
		return nil
	})
}

func testWorkflow(t *testing.T, b store.Backend) {
	must(t, b, func(o store.Ops) error {
		if _, ok := o.Fired("remind:1"); ok {
			t.Error("an unmarked key fired")
		}
		if err := o.MarkFired("remind:1", day); err != nil {
			return err
		}
		for i, dept := range []string{"水务", "水务局", "水务", "水务"} {
			if err := o.AddReminder(dept, domain.Reminder{At: day.Add(time.Duration(i) * time.Minute), Number: fmt.Sprint(i), Kind: "remind"}); err != nil {
				return err
			}
		}
		if err := o.WatchVisit("n1", day); err != nil {
			return err
		}
		if err := o.WatchVisit("n2", day.Add(time.Hour)); err != nil {
			return err
		}
		for _, k := range []string{"dispatched", "reply_ready", "ask_rating"} {
			if err := o.AddNotice(&domain.Notice{Number: "n1", Kind: k, At: day}); err != nil {
				return err
			}
		}
		return o.UnwatchVisit("n1")
	})
	var notices []domain.Notice
	view(t, b, func(o store.Ops) error {
		if at, ok := o.Fired("remind:1"); !ok || !at.Equal(day) {
			t.Errorf("fired %v %v", at, ok)
		}
		rs, err := o.Reminders("水务", 2)
		if err != nil {
			return err
		}
		if len(rs) != 2 || rs[0].Number != "3" || rs[1].Number != "2" {
			t.Errorf("reminders of 水务 %+v, want the newest two of its own", rs)
		}
		if all, _ := o.Reminders("水务", 0); len(all) != 3 {
			t.Errorf("all reminders of 水务: %d", len(all))
		}
		if w := o.VisitWatches(); len(w) != 1 || !w["n2"].Equal(day.Add(time.Hour)) {
			t.Errorf("visit watches %v", w)
		}
		notices, err = o.Notices(0)
		if err != nil {
			return err
		}
		if len(notices) != 3 || notices[0].Kind != "dispatched" || notices[2].Kind != "ask_rating" ||
			notices[0].ID >= notices[1].ID {
			t.Errorf("notices %+v, want in the order added", notices)
		}
		return nil
	})
	must(t, b, func(o store.Ops) error {
		n := notices[1]
		n.Attempts = 2
		if err := o.PutNotice(&n); err != nil {
			return err
		}
		if err := o.DeleteNotice(notices[0].ID); err != nil {
			return err
		}
		if err := o.PutNotice(&domain.Notice{ID: notices[0].ID}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("rewrite of a deleted notice: %v", err)
		}
		return nil
	})
	view(t, b, func(o store.Ops) error {
		ns, _ := o.Notices(1)
		if len(ns) != 1 || ns[0].ID != notices[1].ID || ns[0].Attempts != 2 {
			t.Errorf("notices after changes %+v", ns)
		}
		return nil
	})
}

func testRatings(t *testing.T, b store.Backend) {
	must(t, b, func(o store.Ops) error {
		return o.PutRatingAway("sms", "+86 139 5370 6688", store.RatingAway{Number: "n1", ConversationID: "wechat:o1", At: day})
	})
	view(t, b, func(o store.Ops) error {
		r, ok := o.RatingAway("sms", "13953706688")
		if !ok || r.Number != "n1" || r.ConversationID != "wechat:o1" {
			t.Errorf("rating question by another form of the number: %+v %v", r, ok)
		}
		if _, ok := o.RatingAway("telegram", "13953706688"); ok {
			t.Error("found on another channel")
		}
		return nil
	})
	must(t, b, func(o store.Ops) error { return o.DeleteRatingAway("sms", "8613953706688") })
	view(t, b, func(o store.Ops) error {
		if _, ok := o.RatingAway("sms", "13953706688"); ok {
			t.Error("deleted question still there")
		}
		return nil
	})
}

func testBackupRestore(t *testing.T, b store.Backend, restore func(*testing.T, []byte) store.Backend) {
	must(t, b, func(o store.Ops) error {
		if err := o.PutCitizen(&domain.Citizen{ID: "c1", Phones: []string{"13900000001"}}); err != nil {
			return err
		}
		if err := o.PutConversation(&domain.Conversation{ID: "q", CitizenID: "c1", State: domain.ConvQueued, QueuedAt: day}); err != nil {
			return err
		}
		if err := o.AddMessage(&domain.Message{ConversationID: "q", Text: "你好"}); err != nil {
			return err
		}
		if err := o.PutTicket(&ticket.Ticket{Number: ticket.FormatNumber(day, 1), Status: ticket.Dispatched, Department: "水务"}); err != nil {
			return err
		}
		if err := o.Enqueue(&store.OutboxEntry{Key: "k", Channel: "sms", NextAt: day}); err != nil {
			return err
		}
		return o.PutUser(&store.User{Name: "admin", Role: "admin"})
	})
	// Writers go on while the snapshot is taken.
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 20 {
			_ = b.Batch(ctx, func(o store.Ops) error {
				return o.AddMessage(&domain.Message{ConversationID: "later", Text: fmt.Sprint(i)})
			})
		}
	}()
	n, err := b.Backup(ctx, &buf)
	<-done
	if err != nil || n != int64(buf.Len()) || n == 0 {
		t.Fatalf("backup: %d bytes (%d written), %v", n, buf.Len(), err)
	}
	r := restore(t, buf.Bytes())
	t.Cleanup(func() { r.Close() })
	if v, err := r.Version(ctx); err != nil || v < 1 {
		t.Errorf("restored version %d, %v", v, err)
	}
	err = r.View(ctx, func(o store.Ops) error {
		if c, err := o.CitizenByPhone("13900000001"); err != nil || c.ID != "c1" {
			t.Errorf("restored citizen: %v", err)
		}
		if q, err := o.Queue(0); err != nil || len(q) != 1 || q[0].ID != "q" {
			t.Errorf("restored queue: %d, %v", len(q), err)
		}
		if ms, err := o.Messages("q", 0, 0); err != nil || len(ms) != 1 || ms[0].Text != "你好" {
			t.Errorf("restored messages: %v", err)
		}
		if ts, err := o.Tickets(store.TicketFilter{Department: "水务"}); err != nil || len(ts) != 1 {
			t.Errorf("restored orders: %d, %v", len(ts), err)
		}
		if due, err := o.DueOutbox(day, 10); err != nil || len(due) != 1 {
			t.Errorf("restored outbox: %d, %v", len(due), err)
		}
		if _, err := o.User("admin"); err != nil {
			t.Errorf("restored user: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The restored copy is writable and independent of the original.
	if err := r.Update(ctx, func(o store.Ops) error { return o.Put("only-restored", []byte("1")) }); err != nil {
		t.Fatal(err)
	}
	view(t, b, func(o store.Ops) error {
		if o.Get("only-restored") != nil {
			t.Error("a write to the restored copy reached the original")
		}
		return nil
	})
}
