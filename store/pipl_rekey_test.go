package store

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"hotline/domain"
	"hotline/ticket"
)

const piplToken = "WebChatTokenOfTheCitizen9"

// rekeyFixture is a live database with a WeChat conversation idle since
// 2022 and everything that points to it (its orders, one only the
// citizen's, its draft, a message of version 4, an answer through the
// outbox rerouted to SMS with a rating question waiting there, the
// console's, the duty leader's and the Telegram agents' records, WeChat's
// count of customer-service messages), a web-chat conversation left
// collecting a draft in 2022, and two that must keep their ids: one
// active last week, one idle since 2022 whose order is still open.
func rekeyFixture(t *testing.T) *Store {
	t.Helper()
	_, st := piplFixture(t)
	old := time.Date(2022, 5, 3, 9, 0, 0, 0, time.UTC)
	wx := "wechat:" + piplOpenID
	err := st.UpdateNow(func(tx *Tx) error {
		t := tx.Ops.(*boltTx)
		// A second order of the conversation, and one of the citizen's
		// registered there by an agent (not in the conversation's list).
		for i, n := range []string{"20220504-0002", "20220505-0003"} {
			tk := &ticket.Ticket{Number: n, Status: ticket.Closed, CitizenID: "c1", Phone: piplPhone, ConversationID: wx,
				Category: "SRHW", Department: "市城市管理局", ReceivedAt: old.Add(time.Duration(i+1) * 24 * time.Hour),
				ClosedAt: old.Add(time.Duration(i+2) * 24 * time.Hour)}
			if err := t.PutTicket(tk); err != nil {
				return err
			}
		}
		c, err := t.Conversation(wx)
		if err != nil {
			return err
		}
		c.Orders = append(c.Orders, "20220504-0002")
		c.Draft = &ticket.Ticket{Status: ticket.Closed, Number: "20220504-0002", ConversationID: wx, Name: piplName}
		c.State, c.RatingFor = domain.ConvIdle, ""
		if err := t.PutConversation(c); err != nil {
			return err
		}
		// A message of version 4, kept under the conversation's id.
		if err := putJSON(t.b(bMessages), legacyMessageKey(wx, 1000), &domain.Message{ID: 1000, ConversationID: wx,
			Direction: domain.In, Text: "老消息", At: old.Add(-time.Hour)}); err != nil {
			return err
		}
		// The rating question, rerouted to SMS; its answer is awaited there.
		e := &OutboxEntry{Key: "ask:20220503-0001", Channel: "wechat", To: piplOpenID, ConversationID: wx, Kind: "ask_rating",
			Ticket: "20220503-0001", Text: "请评价", Status: OutSent, CreatedAt: old.Add(49 * time.Hour)}
		if err := t.Enqueue(e); err != nil {
			return err
		}
		alt := &OutboxEntry{Key: e.Key + ">sms", Channel: "sms", To: "+86" + piplPhone, ConversationID: wx, Kind: "ask_rating",
			Ticket: "20220503-0001", Text: "请评价", Status: OutSent, CreatedAt: old.Add(49 * time.Hour)}
		if err := t.Enqueue(alt); err != nil {
			return err
		}
		if err := t.PutRatingAway("sms", "+86"+piplPhone, RatingAway{Number: "20220503-0001", ConversationID: wx, At: alt.CreatedAt}); err != nil {
			return err
		}
		if err := t.AddMessage(&domain.Message{ConversationID: wx, Direction: domain.Out, Sender: "bot", Channel: "wechat",
			Text: "请评价", OutboxID: e.ID, Status: OutSent, At: e.CreatedAt}); err != nil {
			return err
		}
		for k, v := range map[string]string{
			"desk.held:" + wx: "1", "duty.handover:" + wx: `{"leader":"l"}`, "tg:conv:" + wx: `{"thread":7,"mirrored":3}`,
			"tg:topic:7": wx, "wechat:cs:" + piplOpenID: `{"since":1,"sent":2}`,
		} {
			if err := t.Put(k, []byte(v)); err != nil {
				return err
			}
		}
		// Web chat: a draft left collecting in 2022 (its expiry index too).
		wc := &domain.Conversation{ID: "webchat:" + piplToken, Channel: "webchat", UserID: piplToken, CitizenID: "c3",
			State: domain.ConvCollecting, CreatedAt: old, UpdatedAt: old, LastInbound: old,
			Draft: &ticket.Ticket{Status: ticket.Draft, ConversationID: "webchat:" + piplToken, Description: "路灯坏了"}}
		if err := t.PutConversation(wc); err != nil {
			return err
		}
		if err := t.AddMessage(&domain.Message{ConversationID: wc.ID, Direction: domain.In, Text: "路灯坏了", At: old}); err != nil {
			return err
		}
		// Idle since 2022, but its order is still open: it stays.
		open := &ticket.Ticket{Number: "20220506-0004", Status: ticket.Dispatched, CitizenID: "c4", ConversationID: "wechat:oStillOpen",
			Department: "市公安局", ReceivedAt: old}
		if err := t.PutTicket(open); err != nil {
			return err
		}
		return t.PutConversation(&domain.Conversation{ID: "wechat:oStillOpen", Channel: "wechat", UserID: "oStillOpen", CitizenID: "c4",
			State: domain.ConvIdle, CreatedAt: old, UpdatedAt: old, LastInbound: old, Orders: []string{open.Number}})
	})
	must(t, err)
	return st
}

// countsOf are the rollup-free facts a report counts: orders by status,
// department and category.
func countsOf(t *testing.T, st *Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	err := st.View(func(tx *Tx) error {
		return tx.Ops.(*boltTx).ForEachTicket(func(tk *ticket.Ticket) error {
			out[string(tk.Status)+"/"+tk.Department+"/"+tk.Category+"/"+tk.ReceivedAt.Format("20060102")]++
			return nil
		})
	})
	must(t, err)
	return out
}

// TestMaskLiveRekeysIdleConversations: past the retention, an idle
// WeChat or web-chat conversation is kept under its masked id with
// everything that pointed to it; nothing in the file holds the openid or
// the token any more; one in use or with an open order keeps its id; a
// second run changes nothing; a citizen who writes again from the openid
// starts a new conversation, which joins the first when it too is masked.
func TestMaskLiveRekeysIdleConversations(t *testing.T) {
	st := rekeyFixture(t)
	ctx := context.Background()
	wx, wc := "wechat:"+piplOpenID, "webchat:"+piplToken
	before := countsOf(t, st)
	cut := time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC)
	dry, err := st.RunArchive(ctx, ArchiveOptions{MaskBefore: cut, DryRun: true})
	must(t, err)
	res, err := st.RunArchive(ctx, ArchiveOptions{MaskBefore: cut})
	must(t, err)
	t.Logf("dry %+v, run %+v", dry, res)
	if res.MaskedLive != dry.MaskedLive {
		t.Errorf("the dry run counted %d, the run %d", dry.MaskedLive, res.MaskedLive)
	}
	if again, err := st.RunArchive(ctx, ArchiveOptions{MaskBefore: cut}); err != nil || again.MaskedLive != 0 || again.Masked != 0 {
		t.Fatalf("a second run: %+v %v", again, err)
	}
	key := st.Backend().(*boltBackend).maskKey()
	mwx, mwc := maskedID(key, wx), maskedID(key, wc)
	err = st.View(func(tx *Tx) error {
		t2 := tx.Ops.(*boltTx)
		for _, id := range []string{wx, wc} {
			if _, err := t2.Conversation(id); err != ErrNotFound {
				t.Errorf("%s is still there: %v", id, err)
			}
		}
		c, err := t2.Conversation(mwx)
		if err != nil || c.ID != mwx || c.UserID != "oPi***" || c.Draft == nil || c.Draft.ConversationID != mwx || len(c.Orders) != 2 {
			t.Fatalf("the rekeyed conversation %+v %v", c, err)
		}
		msgs, err := t2.Messages(mwx, 0, 0)
		var legacy, out *domain.Message
		for _, m := range msgs {
			if m.ID == 1000 {
				legacy = m
			}
			if m.OutboxID != 0 {
				out = m
			}
		}
		if err != nil || len(msgs) != 4 || legacy == nil || legacy.Text != "老消息" || out == nil {
			t.Fatalf("its messages %d %v", len(msgs), err)
		}
		if m, err := t2.Message(mwx, 1000); err != nil || m.ConversationID != mwx {
			t.Errorf("its message of version 4: %+v %v", m, err)
		}
		for _, n := range []string{"20220503-0001", "20220504-0002", "20220505-0003"} {
			if tk, err := t2.Ticket(n); err != nil || tk.ConversationID != mwx {
				t.Errorf("order %s points to %v (%v)", n, tk, err)
			}
		}
		if tk, _ := t2.Ticket("20220506-0004"); tk.ConversationID != "wechat:oStillOpen" {
			t.Errorf("the open order's conversation was moved: %s", tk.ConversationID)
		}
		if c, err := t2.Conversation("wechat:oStillOpen"); err != nil || c.UserID != "oStillOpen" {
			t.Errorf("the conversation of the open order: %+v %v", c, err)
		}
		if c, err := t2.Conversation("webchat:tok"); err != nil || c.State != domain.ConvQueued {
			t.Errorf("the conversation in use: %+v %v", c, err)
		}
		e, err := t2.OutboxEntry(out.OutboxID)
		if err != nil || e.ConversationID != mwx {
			t.Errorf("the outbox entry of its message: %+v %v", e, err)
		}
		if alt, err := t2.OutboxByKey("ask:20220503-0001>sms"); err != nil || alt.ConversationID != mwx {
			t.Errorf("the rerouted entry: %+v %v", alt, err)
		}
		if _, ok := t2.RatingAway("sms", "+86"+piplPhone); ok {
			t.Error("the rating question of 2022 still waits for an answer by SMS")
		}
		of, err := t2.ConversationsOf("c1")
		if err != nil || len(of) != 1 || of[0].ID != mwx {
			t.Errorf("the citizen's conversations %v %v", of, err)
		}
		if d := t2.StaleDrafts(time.Now(), 10); !slices.Equal(d, []string{mwc}) {
			t.Errorf("draft expiry index %v, want %s", d, mwc)
		}
		if c, err := t2.Conversation(mwc); err != nil || c.UserID != "Web***" || c.Draft.ConversationID != mwc {
			t.Errorf("the web chat %+v %v", c, err)
		}
		for k, want := range map[string]string{
			"desk.held:" + mwx: "1", "duty.handover:" + mwx: `{"leader":"l"}`, "tg:conv:" + mwx: `{"thread":7,"mirrored":3}`, "tg:topic:7": mwx,
		} {
			if v := t2.Get(k); v == nil || string(v) != want {
				t.Errorf("kv %s = %q, want %q", k, v, want)
			}
		}
		return nil
	})
	must(t, err)
	// Neither the openid nor the token is in any record (their old bytes
	// wait in free pages for the compaction).
	for _, f := range piiInStore(t, st, piplOpenID, piplToken) {
		if !strings.HasSuffix(f, "the raw bytes") {
			t.Errorf("after masking: %s", f)
		}
	}
	if after := countsOf(t, st); !maps.Equal(before, after) {
		t.Errorf("counts before %v, after %v", before, after)
	}

	// The citizen writes again from the same openid: a new conversation.
	later := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	err = st.UpdateNow(func(tx *Tx) error {
		if _, err := tx.Conversation(wx); err != ErrNotFound {
			t.Errorf("the openid finds %v", err)
		}
		if err := tx.PutCitizen(&domain.Citizen{ID: "c9", CreatedAt: later, Identities: []domain.Identity{{Channel: "wechat", UserID: piplOpenID}},
			LastInbound: map[string]time.Time{"wechat": later}}); err != nil {
			return err
		}
		if err := tx.PutConversation(&domain.Conversation{ID: wx, Channel: "wechat", UserID: piplOpenID, CitizenID: "c9",
			State: domain.ConvIdle, CreatedAt: later, UpdatedAt: later, LastInbound: later}); err != nil {
			return err
		}
		return tx.AddMessage(&domain.Message{ConversationID: wx, Direction: domain.In, Text: "又来了", At: later})
	})
	must(t, err)
	res, err = st.RunArchive(ctx, ArchiveOptions{MaskBefore: cut})
	must(t, err)
	if res.MaskedLive != 0 {
		t.Errorf("the new conversation was masked before its time: %+v", res)
	}
	// Masked too, three years on: it joins the first.
	res, err = st.RunArchive(ctx, ArchiveOptions{MaskBefore: later.AddDate(0, 1, 0)})
	must(t, err)
	if res.MaskedLive == 0 {
		t.Errorf("nothing was masked three years on: %+v", res)
	}
	err = st.View(func(tx *Tx) error {
		if _, err := tx.Conversation(wx); err != ErrNotFound {
			t.Errorf("the second conversation is still under the openid: %v", err)
		}
		c, err := tx.Conversation(mwx)
		if err != nil || !c.UpdatedAt.Equal(later) || len(c.Orders) != 2 {
			t.Errorf("the joined conversation %+v %v", c, err)
		}
		msgs, err := tx.Messages(mwx, 0, 0)
		if err != nil || len(msgs) != 5 || !slices.ContainsFunc(msgs, func(m *domain.Message) bool { return m.Text == "又来了" }) {
			t.Errorf("the joined messages %d %v", len(msgs), err)
		}
		for _, cit := range []string{"c1", "c9"} {
			of, err := tx.ConversationsOf(cit)
			if err != nil || len(of) != 1 || of[0].ID != mwx {
				t.Errorf("the conversations of %s: %v %v", cit, of, err)
			}
		}
		return nil
	})
	must(t, err)
}
