package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"hotline/domain"
	"hotline/ticket"
)

// addCitizenConvs writes through the store's operations n citizens, from
// number i on, each with a WeChat conversation of two messages (a phone
// number in the first), the k-th on day at(k).
func addCitizenConvs(t *testing.T, st *Store, i, n int, at func(k int) time.Time) map[string]time.Time {
	t.Helper()
	out := map[string]time.Time{}
	must(t, st.UpdateNow(func(tx *Tx) error {
		for k := range n {
			conv, err := addCitizenConv(tx, i+k, at(k))
			if err != nil {
				return err
			}
			out[conv] = at(k)
		}
		return nil
	}))
	return out
}

func addCitizenConv(tx *Tx, i int, at time.Time) (string, error) {
	cid, openid := fmt.Sprintf("c%d", i), fmt.Sprintf("oDue%06d", i)
	conv := "wechat:" + openid
	return conv, func() error {
		if err := tx.PutCitizen(&domain.Citizen{ID: cid, Phones: []string{"13953706688"}, CreatedAt: at,
			Identities: []domain.Identity{{Channel: "wechat", UserID: openid}}, LastInbound: map[string]time.Time{"wechat": at}}); err != nil {
			return err
		}
		if err := tx.PutConversation(&domain.Conversation{ID: conv, Channel: "wechat", UserID: openid, CitizenID: cid,
			State: domain.ConvIdle, CreatedAt: at, UpdatedAt: at.Add(time.Minute), LastInbound: at}); err != nil {
			return err
		}
		for k, text := range []string{"电话13953706688", "谢谢"} {
			if err := tx.AddMessage(&domain.Message{ConversationID: conv, Direction: domain.In, Text: text, At: at.Add(time.Duration(k) * time.Minute)}); err != nil {
				return err
			}
		}
		return nil
	}()
}

// TestMaskReadsOnlyWhatIsDue: the first run on a file lists every
// conversation and citizen once; from then on a daily run reads the
// records that passed the age since the day before, however many others
// the file holds; a record held back by an open order is masked once
// the order has finished and passed the age too; nothing younger than
// the age is masked.
func TestMaskReadsOnlyWhatIsDue(t *testing.T) {
	_, st := piplFixture(t)
	ctx := context.Background()
	start := time.Date(2022, 1, 1, 9, 0, 0, 0, time.UTC)
	// One every three days, 2022 to 2024.
	convs := addCitizenConvs(t, st, 100, 300, func(k int) time.Time { return start.AddDate(0, 0, 3*k) })
	// Idle since 2022 with an order still open in 2023.
	open := &ticket.Ticket{Number: "20220110-0009", Status: ticket.Dispatched, CitizenID: "c100", ConversationID: "wechat:oHeld", ReceivedAt: start}
	must(t, st.UpdateNow(func(tx *Tx) error {
		if err := tx.PutTicket(open); err != nil {
			return err
		}
		return tx.PutConversation(&domain.Conversation{ID: "wechat:oHeld", Channel: "wechat", UserID: "oHeld", CitizenID: "c100",
			State: domain.ConvIdle, CreatedAt: start, UpdatedAt: start, LastInbound: start, Orders: []string{open.Number}})
	}))
	cut := time.Date(2023, 1, 1, 3, 30, 0, 0, time.UTC)
	first, err := st.RunArchive(ctx, ArchiveOptions{MaskBefore: cut})
	must(t, err)
	t.Logf("first run %+v", first)
	if first.Read < 600 {
		t.Fatalf("the first run read %d records, not every conversation and citizen", first.Read)
	}
	masked := func() (n int) {
		must(t, st.View(func(tx *Tx) error {
			for id := range convs {
				if _, err := tx.Conversation(id); err == ErrNotFound {
					n++
				}
			}
			return nil
		}))
		return n
	}
	due := func(cut time.Time) (n int) {
		for _, at := range convs {
			if dueDay(at) < dueDay(cut) {
				n++
			}
		}
		return n
	}
	if got, want := masked(), due(cut); got != want {
		t.Fatalf("after the first run %d conversations moved to masked ids, want %d", got, want)
	}
	// The order finishes in March 2023; a thousand recent conversations
	// are added (younger than any cut below).
	must(t, st.UpdateNow(func(tx *Tx) error {
		tk, err := tx.Ticket(open.Number)
		if err != nil {
			return err
		}
		tk.Status, tk.ClosedAt = ticket.Closed, time.Date(2023, 3, 1, 9, 0, 0, 0, time.UTC)
		return tx.PutTicket(tk)
	}))
	addCitizenConvs(t, st, 1000, 1000, func(k int) time.Time {
		return time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(k) * time.Minute)
	})
	// Day by day through January 2023: each run reads what that day made
	// due (a conversation and its citizen every third day), not the file.
	most := 0
	for d := 1; d <= 30; d++ {
		c := cut.AddDate(0, 0, d)
		res, err := st.RunArchive(ctx, ArchiveOptions{MaskBefore: c})
		must(t, err)
		most = max(most, res.Read)
		if res.Read > 6 {
			t.Errorf("the run of %s read %d records: %+v", dueDay(c), res.Read, res)
		}
		if got, want := masked(), due(c); got != want {
			t.Fatalf("after the run of %s %d conversations moved, want %d", dueDay(c), got, want)
		}
	}
	t.Logf("the daily runs of January 2023 read at most %d records each (the file holds %d conversations)", most, len(convs)+1000+3)
	heldMoved := func() bool {
		moved := false
		must(t, st.View(func(tx *Tx) error {
			_, err := tx.Conversation("wechat:oHeld")
			moved = err == ErrNotFound
			return nil
		}))
		return moved
	}
	if heldMoved() {
		t.Fatal("the conversation of an order finished after the cut moved")
	}
	res, err := st.RunArchive(ctx, ArchiveOptions{MaskBefore: time.Date(2023, 3, 2, 3, 30, 0, 0, time.UTC)})
	must(t, err)
	t.Logf("March run %+v", res)
	if !heldMoved() {
		t.Fatal("the conversation whose order finished in March did not move once that passed the age")
	}
	// Nothing younger than the age was touched.
	must(t, st.View(func(tx *Tx) error {
		for id, at := range convs {
			if !at.Before(time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)) {
				msgs, err := tx.Messages(id, 0, 0)
				if err != nil || len(msgs) != 2 || !strings.Contains(msgs[0].Text, "13953706688") {
					t.Errorf("conversation %s of %s: %v %v", id, at, msgs, err)
				}
			}
		}
		return nil
	}))
}
