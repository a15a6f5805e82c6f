package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"hotline/domain"
)

// A live conversation's id is "CHANNEL:USER": for WeChat the citizen's
// openid, for the web chat the token the citizen's browser writes with.
// Once a conversation has been idle past the personal-data retention,
// every order of it finished before the cut and its platform user id
// masked (maskOldConversation), rekeyLive keeps it under its masked id
// (maskedID, as the archive does), with every record that points to it,
// in the masking run's transaction:
//
//   - the conversation, its draft (whose ConversationID changes too) and
//     its list of messages; its queue, draft-expiry and citizen index
//     entries (PutConversation makes the new ones);
//   - its messages, stored with a hash of their conversation's id
//     (encodeMessage), written again under the new one; version 4's
//     messages, kept under the id itself, move to the current form;
//   - its orders (the conversation's own and the citizen's others that
//     name it);
//   - the outbox entries of its messages and those an entry was rerouted
//     to (Key ">" channel); a rating question such an entry left for an
//     answer on another channel (RatingAway, keyed by the phone number)
//     is void so long after and is deleted;
//   - the key-value records other packages keep by conversation id
//     (convKV), and WeChat's count of customer-service messages, kept by
//     openid, which is deleted.
//
// Nothing is left under the old id, so a citizen who writes again from
// the same openid or token starts a new conversation; if that one too is
// masked one day, it joins the first under the same masked id.

// convKV are the key-value prefixes under which other packages keep a
// record by conversation id: the console's index of held conversations
// (desk/console.go heldPrefix), the duty leader's hand-overs (desk/duty.go
// handoverPrefix) and the Telegram agents' topic of a conversation
// (channels/telegram/agents.go convKey).
var convKV = []string{"desk.held:", "duty.handover:", "tg:conv:"}

// tgTopicKV keys the Telegram agents' map from a topic to its
// conversation id (channels/telegram/agents.go topicKey).
const tgTopicKV = "tg:topic:"

// wechatCSKV keys WeChat's count of customer-service messages by openid
// (channels/wechat/send.go csKey).
const wechatCSKV = "wechat:cs:"

// rekeyable reports whether live conversation c, with its messages msgs,
// may be kept under its masked id: not masked yet, idle since before cut
// (no message after it) and every order of it, live or archived, finished
// before it. When an order of it finished after cut holds it back, retry
// is when that order finished (pipl_due.go).
func (t *boltTx) rekeyable(c *domain.Conversation, msgs []*domain.Message, cut time.Time) (ok bool, retry time.Time) {
	if isMaskedID(c.ID) || !c.UpdatedAt.Before(cut) || !c.LastInbound.Before(cut) || !c.CreatedAt.Before(cut) {
		return false, retry
	}
	for _, m := range msgs {
		if !m.At.Before(cut) {
			return false, retry
		}
	}
	ok = true
	for _, n := range c.Orders {
		tk, err := t.Ticket(n)
		if err == ErrNotFound {
			if tk, err = t.archivedTicket(n); err == ErrNotFound {
				continue
			}
		}
		if err != nil {
			return false, time.Time{}
		}
		if at, done := archivable(tk); !done || !at.Before(cut) {
			ok = false
			if done && at.After(retry) {
				retry = at
			}
		}
	}
	return ok, retry
}

// rekeyLive keeps live conversation c (masked already, as read in this
// transaction, with its messages msgs) under masked instead of c.ID, with
// everything that points to it (see above).
func (t *boltTx) rekeyLive(c *domain.Conversation, msgs []*domain.Message, masked string) error {
	id := c.ID
	if id == masked || isMaskedID(id) {
		return nil
	}
	// Messages: under the new conversation's hash; version 4's move to
	// the current form.
	var ids []uint64
	var outbox []uint64
	for _, m := range msgs {
		legacy := legacyMessageKey(id, m.ID)
		if t.b(bMessages).Get(legacy) != nil {
			if v := t.b(bMessages).Get(u64(m.ID)); v != nil {
				return fmt.Errorf("store: message %d of %s is kept twice", m.ID, id)
			}
			if err := t.b(bMessages).Delete(legacy); err != nil {
				return err
			}
		}
		m.ConversationID = masked
		v, err := packMessage(m)
		if err != nil {
			return err
		}
		if err := t.b(bMessages).Put(u64(m.ID), v); err != nil {
			return err
		}
		ids = append(ids, m.ID)
		if m.OutboxID != 0 {
			outbox = append(outbox, m.OutboxID)
		}
	}
	// The old records and index entries.
	old := indexOf(c)
	for _, d := range []struct{ b, k []byte }{
		{bConversations, []byte(id)}, {bConvDrafts, []byte(id)}, {bConvMessages, []byte(id)}, {bDrafts, []byte(id)},
		{bQueue, queueKey(old.emergency, old.queuedAt, id)},
		{bConvCitizen, idx2(c.CitizenID, id)},
	} {
		if err := t.b(d.b).Delete(d.k); err != nil {
			return err
		}
	}
	delete(t.convIdx, id)
	delete(t.lists, id)
	// A conversation masked before under the same id (the citizen wrote
	// again from the same openid): one record, the newer, with both's
	// orders and messages.
	prev, err := t.Conversation(masked)
	var prevCitizen string
	switch {
	case err == nil:
		prevCitizen = prev.CitizenID
		prevIDs, _, err := t.messageList(masked)
		if err != nil {
			return err
		}
		ids = append(ids, prevIDs...)
		orders := mergeStrings(prev.Orders, c.Orders)
		if prev.UpdatedAt.After(c.UpdatedAt) {
			c = prev
		}
		c.Orders = orders
	case err != ErrNotFound:
		return err
	}
	c.ID = masked
	if c.Draft != nil {
		c.Draft.ConversationID = masked
	}
	if err := t.PutConversation(c); err != nil {
		return err
	}
	// Masked whole: nothing of it is due any more (pipl_due.go).
	if err := t.dropDue(dueConv, c.UpdatedAt, masked); err != nil {
		return err
	}
	if prevCitizen != "" && prevCitizen != c.CitizenID {
		// Both citizens' pages still list it.
		if err := t.b(bConvCitizen).Put(idx2(prevCitizen, masked), nil); err != nil {
			return err
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if err := t.setMessageList(masked, ids, true); err != nil {
		return err
	}
	if err := t.rekeyOrders(c, id, masked); err != nil {
		return err
	}
	if err := t.rekeyOutbox(outbox, id, masked); err != nil {
		return err
	}
	return t.rekeyKV(id, masked)
}

// rekeyOrders points the live orders that name conversation id to masked:
// c's own and its citizen's others.
func (t *boltTx) rekeyOrders(c *domain.Conversation, id, masked string) error {
	numbers := slices.Clone(c.Orders)
	if c.CitizenID != "" {
		pfx := []byte(c.CitizenID + "\x00")
		cur := t.b(bIdxCitizen).Cursor()
		for k, _ := cur.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, _ = cur.Next() {
			numbers = append(numbers, string(k[len(pfx):]))
		}
	}
	slices.Sort(numbers)
	for _, n := range slices.Compact(numbers) {
		tk, err := t.Ticket(n)
		if err == ErrNotFound {
			continue // archived: masked there with its conversation's masked id
		}
		if err != nil {
			return err
		}
		if tk.ConversationID != id {
			continue
		}
		tk.ConversationID = masked
		if err := t.PutTicket(tk); err != nil {
			return err
		}
	}
	return nil
}

// rekeyOutbox points the outbox entries ids, and those they were
// rerouted to, from conversation id to masked, and deletes the rating
// questions they left for an answer on another channel.
func (t *boltTx) rekeyOutbox(ids []uint64, id, masked string) error {
	seen := map[uint64]bool{}
	for len(ids) > 0 {
		eid := ids[0]
		ids = ids[1:]
		if seen[eid] {
			continue
		}
		seen[eid] = true
		e, err := t.OutboxEntry(eid)
		if err == ErrNotFound {
			continue
		}
		if err != nil {
			return err
		}
		// Rerouted: Key ">" channel, found by its key.
		pfx := []byte(e.Key + ">")
		cur := t.b(bOutboxKeys).Cursor()
		for k, v := cur.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, v = cur.Next() {
			if len(v) == 8 {
				ids = append(ids, binary.BigEndian.Uint64(v))
			}
		}
		if e.ConversationID != id {
			continue
		}
		if e.Kind == "ask_rating" && !strings.Contains(e.To, "***") {
			if r, ok := t.RatingAway(e.Channel, e.To); ok && r.ConversationID == id {
				if err := t.DeleteRatingAway(e.Channel, e.To); err != nil {
					return err
				}
			}
		}
		e.ConversationID = masked
		if err := t.PutOutboxEntry(e); err != nil {
			return err
		}
	}
	return nil
}

// rekeyKV moves the key-value records kept by conversation id to masked,
// and deletes WeChat's count of customer-service messages to its openid.
func (t *boltTx) rekeyKV(id, masked string) error {
	kv := t.b(bKV)
	for _, p := range convKV {
		v := kv.Get([]byte(p + id))
		if v == nil {
			continue
		}
		v = clone(v)
		if err := kv.Delete([]byte(p + id)); err != nil {
			return err
		}
		if err := kv.Put([]byte(p+masked), v); err != nil {
			return err
		}
		if p == "tg:conv:" {
			var rec struct {
				Thread int `json:"thread"`
			}
			if json.Unmarshal(v, &rec) == nil && rec.Thread != 0 {
				k := []byte(fmt.Sprintf("%s%d", tgTopicKV, rec.Thread))
				if string(kv.Get(k)) == id {
					if err := kv.Put(k, []byte(masked)); err != nil {
						return err
					}
				}
			}
		}
	}
	if ch, user, ok := strings.Cut(id, ":"); ok && ch == "wechat" && user != "" {
		return kv.Delete([]byte(wechatCSKV + user))
	}
	return nil
}
