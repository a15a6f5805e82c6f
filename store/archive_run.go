package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"hotline/domain"
	"hotline/ticket"
)

// An archive run moves closed orders past their retention, with the
// conversations whose orders are all archived, into the archive, batch by
// batch. Each batch runs inside one live write transaction, so nothing
// changes under it:
//
//  1. the batch is written to the year's archive file together with a
//     note of what it holds (metaArchPending), and committed (fsync);
//  2. the same records are deleted from the live database, whose commit
//     makes the move final;
//  3. the note is cleared.
//
// A crash before 2's commit leaves the records in both files: the live
// copy wins for every reader, and the next run (which always starts by
// settling notes) takes the archive's copies out again before moving
// them anew. A crash after it leaves a note whose records are gone from
// the live file: settling keeps them. Order numbers and message ids are
// never reused, so "still in the live file" is a sure sign that step 2
// did not happen; a conversation id can come back (the citizen writes
// again), so the note keeps a hash of the live record it moved.
//
// The report rollups are left as they are: they count archived orders
// still (RebuildRollups reads the archive too), and the flagged index
// keeps archived leader items and 批示件, which FlaggedTickets finds in
// the archive.

// LeaderItemKey + an order's number keys, in the key-value area, the
// console login of the leader whose item (领导接听件) the order is
// (duty.ItemLeader): the entry is the order's and goes with it when it is
// archived (deleteBatch, sweepLeaderItems).
const LeaderItemKey = "duty.item:"

// InstructionLeaderKey + an order's number keys, in the key-value area,
// the console logins of the leaders whose instructions (批示) the office
// recorded on the order, by the instruction's time (workflow's leaders'
// inbox): the entry is the order's and is deleted with it when it is
// archived (deleteBatch).
const InstructionLeaderKey = "instruction.leaders:"

// ArchiveOptions say what an archive run does.
type ArchiveOptions struct {
	// Before: closed, answered and cancelled orders finished before it
	// move to the archive (zero: nothing moves).
	Before time.Time
	// MaskBefore: personal data of records older than it is masked for
	// good (archive_mask.go), in the archive and in the live file's
	// finished orders (zero: nothing is masked).
	MaskBefore time.Time
	// DryRun counts what would move and be masked, changing nothing.
	DryRun bool
	// Now is when the run runs (zero: the clock's time), recorded where
	// it removes something (pipl_uploads.go).
	Now time.Time
	// Batch is how many orders one transaction moves (default 200).
	Batch int
	// Others mask what other packages keep in the key-value area (the
	// calls' numbers and recordings): run after the store's own masking,
	// their counts added to MaskedLive and Read.
	Others []Masker
	// Fail, in tests, simulates a crash at a step of a batch: it is asked
	// after the archive's commit ("archived", before the live one) and
	// after the live commit ("moved", before the note is cleared); an
	// error it returns ends the run there.
	Fail func(step string) error
}

// Masker masks another package's records whose personal data lies
// before before; it reports how many records it changed and read. Run
// again, it changes nothing more.
type Masker func(ctx context.Context, before time.Time, dryRun bool) (masked, read int, err error)

// ArchiveResult says what a run did (or, dry, would do).
type ArchiveResult struct {
	Orders        int `json:"orders"`        // moved to the archive
	Conversations int `json:"conversations"` // moved with them
	Messages      int `json:"messages"`      // moved with them
	Masked        int `json:"masked"`        // orders and archived records whose personal data was masked
	// MaskedLive counts the live file's other records masked: messages,
	// conversations, outbox entries and citizens (pipl_live.go), and
	// audit entries (audit_mask.go).
	MaskedLive int `json:"masked_live"`
	// RemovedUploads counts the console uploads whose content was
	// deleted (pipl_uploads.go), also counted in MaskedLive.
	RemovedUploads int `json:"removed_uploads"`
	// Read counts the live records the masking read to find those: what
	// the daily run costs.
	Read    int      `json:"read"`
	Settled int      `json:"settled"` // records of an interrupted run put right
	Marks   int      `json:"marks"`   // scheduler marks of orders archived earlier, deleted
	Years   []string `json:"years"`   // archive files written
	DryRun  bool     `json:"dry_run"`
}

// archivable reports whether tk is finished for good enough to archive,
// and when it finished.
func archivable(tk *ticket.Ticket) (time.Time, bool) {
	switch tk.Status {
	case ticket.Closed, ticket.Cancelled, ticket.Answered:
	default:
		return time.Time{}, false
	}
	return finishedAt(tk), true
}

// finishedAt is when an order finished: closed, else its last event.
func finishedAt(tk *ticket.Ticket) time.Time {
	if !tk.ClosedAt.IsZero() {
		return tk.ClosedAt
	}
	if n := len(tk.Events); n > 0 {
		return tk.Events[n-1].At
	}
	return tk.ReceivedAt
}

var archiveStatuses = []ticket.Status{ticket.Closed, ticket.Cancelled, ticket.Answered}

// Archive returns the database's yearly archive (nil for a backend
// without one).
func (s *Store) Archive() *Archive {
	if a, ok := s.Backend().(interface{ Archive() *Archive }); ok {
		return a.Archive()
	}
	return nil
}

// Archive is the bbolt backend's yearly archive.
func (b *boltBackend) Archive() *Archive { return b.arch }

// RunArchive moves what opts says into the archive and masks what is past
// the personal-data retention. It is safe to run while the server runs
// and to run again after an interruption.
func (s *Store) RunArchive(ctx context.Context, opts ArchiveOptions) (*ArchiveResult, error) {
	a := s.Archive()
	if a == nil {
		return nil, fmt.Errorf("store: this backend keeps no archive")
	}
	if opts.Batch <= 0 {
		opts.Batch = 200
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	res := &ArchiveResult{DryRun: opts.DryRun}
	if !opts.DryRun {
		if err := s.settleArchive(a, res); err != nil {
			return res, err
		}
	}
	// The mask key is made when first needed: a run with nothing to do
	// writes nothing.
	var key []byte
	keyFn := func() ([]byte, error) {
		if key != nil || opts.MaskBefore.IsZero() || opts.DryRun {
			return key, nil
		}
		var err error
		key, err = s.maskKey()
		return key, err
	}
	if !opts.Before.IsZero() {
		if !opts.DryRun {
			// Marks of orders moved before they were listed by order.
			n, err := s.sweepFired(ctx)
			res.Marks += n
			if err != nil {
				return res, err
			}
			if err := s.sweepLeaderItems(ctx); err != nil {
				return res, err
			}
		}
		if err := s.moveAll(ctx, a, opts, keyFn, res); err != nil {
			return res, err
		}
	}
	if !opts.MaskBefore.IsZero() {
		// The live records besides finished orders first, while their
		// orders still name the citizens (pipl_live.go).
		if err := s.maskLiveRest(ctx, opts, keyFn, res); err != nil {
			return res, err
		}
		// The audit log too, while the orders still name the citizens
		// (audit_mask.go).
		n, err := s.maskAudit(ctx, opts, keyFn, res)
		res.Read += n
		if err != nil {
			return res, err
		}
		if err := s.maskArchive(ctx, a, opts, keyFn, res); err != nil {
			return res, err
		}
		if err := s.maskLive(ctx, opts, res); err != nil {
			return res, err
		}
		if err := s.maskRatingsAway(ctx, opts, res); err != nil {
			return res, err
		}
		for _, m := range opts.Others {
			masked, read, err := m(ctx, opts.MaskBefore, opts.DryRun)
			res.MaskedLive += masked
			res.Read += read
			if err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// maskKey returns the key masked conversation ids are made with, creating
// it on first use.
func (s *Store) maskKey() ([]byte, error) {
	var key []byte
	err := s.UpdateNow(func(tx *Tx) error {
		key = tx.Get(kvMaskKey)
		if len(key) == 32 {
			return nil
		}
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return err
		}
		return tx.Put(kvMaskKey, key)
	})
	return key, err
}

// candidates returns up to limit numbers of orders of one year (the
// oldest found) that finished before before, leaving out skip.
func (s *Store) candidates(before time.Time, limit int, skip map[string]bool) ([]string, error) {
	lastDay := before.UTC().AddDate(0, 0, 1).Format("20060102")
	var out []string
	err := s.View(func(tx *Tx) error {
		t, ok := tx.Ops.(*boltTx)
		if !ok {
			return fmt.Errorf("store: this backend keeps no archive")
		}
		for _, st := range archiveStatuses {
			pfx := []byte(string(st) + "\x00")
			c := t.b(bIdxStatus).Cursor()
			for k, _ := c.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, _ = c.Next() {
				number := string(k[len(pfx):])
				if len(number) < 8 || number[:8] > lastDay {
					break
				}
				if skip[number] {
					continue
				}
				tk, err := t.Ticket(number)
				if err != nil {
					return err
				}
				if at, ok := archivable(tk); ok && at.Before(before) {
					out = append(out, number)
					if len(out) >= 4*limit {
						break
					}
				}
			}
		}
		return nil
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	slices.Sort(out)
	year := out[0][:4]
	n := 0
	for n < len(out) && n < limit && out[n][:4] == year {
		n++
	}
	return out[:n], nil
}

// archBatch is one batch: what moves, read in the live transaction.
type archBatch struct {
	year    string
	tickets []*ticket.Ticket
	convs   []*archConv
	masked  int // records masked as they were written
}

type archConv struct {
	conv *domain.Conversation
	hash []byte // of the live record, for settling
	msgs []*domain.Message
	// legacy are the keys of the conversation's version 4 messages.
	legacy [][]byte
}

// pendingNote is the archive file's note of a batch (metaArchPending).
type pendingNote struct {
	Tickets []string      `json:"tickets"`
	Convs   []pendingConv `json:"convs"`
}

type pendingConv struct {
	ID    string   `json:"id"`    // live id
	Key   string   `json:"key"`   // id in the archive (masked or not)
	Hash  []byte   `json:"hash"`  // of the live record
	Msgs  []uint64 `json:"msgs"`  // message ids it brought
	Prev  []byte   `json:"prev"`  // the archive's record before (nil: none)
	PrevL []byte   `json:"prevl"` // the archive's message list before
	PrevD []byte   `json:"prevd"` // the archive's draft before
}

func (s *Store) moveAll(ctx context.Context, a *Archive, opts ArchiveOptions, keyFn func() ([]byte, error), res *ArchiveResult) error {
	skip := map[string]bool{}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		numbers, err := s.candidates(opts.Before, opts.Batch, skip)
		if err != nil || len(numbers) == 0 {
			return err
		}
		for _, n := range numbers {
			skip[n] = true // looked at once per run, moved or not
		}
		if opts.DryRun {
			err = s.View(func(tx *Tx) error {
				b, err := tx.Ops.(*boltTx).planBatch(numbers, opts.Before)
				if err != nil {
					return err
				}
				for _, tk := range b.tickets {
					if masked(opts.MaskBefore, finishedAt(tk)) {
						b.masked++
					}
				}
				for _, c := range b.convs {
					if masked(opts.MaskBefore, c.conv.UpdatedAt) {
						b.masked++
					}
				}
				b.count(res)
				if len(b.tickets) > 0 && !slices.Contains(res.Years, b.year) {
					res.Years = append(res.Years, b.year)
				}
				return nil
			})
			if err != nil {
				return err
			}
			continue
		}
		key, err := keyFn()
		if err != nil {
			return err
		}
		var b *archBatch
		done := a.step()
		err = s.UpdateNow(func(tx *Tx) error {
			t := tx.Ops.(*boltTx)
			var err error
			if b, err = t.planBatch(numbers, opts.Before); err != nil || len(b.tickets) == 0 {
				return err
			}
			if err := a.write(b.year, func(db *bolt.DB) error { return b.writeTo(db, key, opts.MaskBefore) }); err != nil {
				return err
			}
			if opts.Fail != nil {
				if err := opts.Fail("archived"); err != nil {
					return err
				}
			}
			return t.deleteBatch(b)
		})
		done()
		if err != nil {
			return err
		}
		if len(b.tickets) == 0 {
			continue
		}
		b.count(res)
		if !slices.Contains(res.Years, b.year) {
			res.Years = append(res.Years, b.year)
		}
		if opts.Fail != nil {
			if err := opts.Fail("moved"); err != nil {
				return err
			}
		}
		if err := a.write(b.year, func(db *bolt.DB) error {
			return db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Delete(metaArchPending) })
		}); err != nil {
			return err
		}
	}
}

func (b *archBatch) count(res *ArchiveResult) {
	res.Masked += b.masked
	res.Orders += len(b.tickets)
	res.Conversations += len(b.convs)
	for _, c := range b.convs {
		res.Messages += len(c.msgs)
	}
}

// planBatch reads the orders numbers (all of one year) and the
// conversations that move with them, checking again that each may move.
func (t *boltTx) planBatch(numbers []string, before time.Time) (*archBatch, error) {
	b := &archBatch{}
	in := map[string]bool{}
	for _, n := range numbers {
		tk, err := t.Ticket(n)
		if err == ErrNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if at, ok := archivable(tk); !ok || !at.Before(before) {
			continue
		}
		b.year = n[:4]
		b.tickets = append(b.tickets, tk)
		in[n] = true
	}
	seen := map[string]bool{}
	for _, tk := range b.tickets {
		id := tk.ConversationID
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		c, err := t.movableConversation(id, before, in)
		if err != nil {
			return nil, err
		}
		if c != nil {
			b.convs = append(b.convs, c)
		}
	}
	return b, nil
}

// movableConversation returns the live conversation id with its messages
// when it may move: idle since before, and every order of it archived or
// moving in this batch. It returns nil otherwise.
func (t *boltTx) movableConversation(id string, before time.Time, moving map[string]bool) (*archConv, error) {
	raw := t.b(bConversations).Get([]byte(id))
	if raw == nil {
		return nil, nil
	}
	c, err := t.Conversation(id)
	if err != nil {
		return nil, err
	}
	if st := c.State; st != domain.ConvIdle && st != domain.ConvKB || !c.UpdatedAt.Before(before) || !c.LastInbound.Before(before) {
		return nil, nil
	}
	for _, n := range c.Orders {
		if moving[n] {
			continue
		}
		if t.b(bTickets).Get([]byte(n)) != nil {
			return nil, nil
		}
	}
	h := sha256.Sum256(raw)
	ac := &archConv{conv: c, hash: h[:]}
	if ac.msgs, err = t.Messages(id, 0, 0); err != nil {
		return nil, err
	}
	pfx := join([]byte(id), []byte{0})
	cur := t.b(bMessages).Cursor()
	for k, _ := cur.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx) && len(k) == len(pfx)+8; k, _ = cur.Next() {
		ac.legacy = append(ac.legacy, append([]byte(nil), k...))
	}
	return ac, nil
}

// writeTo writes the batch and its note to the archive file db in one
// transaction: orders, conversations (merged with what the archive
// already holds of them), drafts, message lists and messages, masked when
// older than maskBefore.
func (b *archBatch) writeTo(db *bolt.DB, key []byte, maskBefore time.Time) error {
	return db.Update(func(btx *bolt.Tx) error {
		meta := btx.Bucket(bMeta)
		if meta.Get(metaArchPending) != nil {
			return fmt.Errorf("store: archive file of %s has a batch not settled", b.year)
		}
		t := &boltTx{tx: btx}
		note := pendingNote{}
		oldest := time.Time{}
		unmasked := func(at time.Time) {
			if oldest.IsZero() || at.Before(oldest) {
				oldest = at
			}
		}
		for _, tk := range b.tickets {
			cp := *tk
			if masked(maskBefore, finishedAt(tk)) {
				maskTicket(&cp, key)
				b.masked++
			} else {
				unmasked(finishedAt(tk))
			}
			if err := putJSON(t.b(bTickets), []byte(cp.Number), &cp); err != nil {
				return err
			}
			note.Tickets = append(note.Tickets, cp.Number)
		}
		al, err := btx.CreateBucketIfNotExists(bArchAlias)
		if err != nil {
			return err
		}
		names := map[string][]string{}
		for _, tk := range b.tickets {
			names[tk.ConversationID] = append(names[tk.ConversationID], domain.PersonalNames(tk)...)
		}
		for _, ac := range b.convs {
			c := *ac.conv
			mask := masked(maskBefore, c.UpdatedAt)
			k := c.ID
			if mask {
				if !isMaskedID(c.ID) { // masked in the live file already (pipl_rekey.go)
					k = maskedID(key, c.ID)
				}
				b.masked++
			} else {
				unmasked(c.UpdatedAt)
				if key != nil && !isMaskedID(c.ID) {
					if err := al.Put([]byte(maskedID(key, c.ID)), []byte(c.ID)); err != nil {
						return err
					}
				}
			}
			pc := pendingConv{ID: c.ID, Key: k, Hash: ac.hash,
				Prev:  clone(t.b(bConversations).Get([]byte(k))),
				PrevL: clone(t.b(bConvMessages).Get([]byte(k))),
				PrevD: clone(t.b(bConvDrafts).Get([]byte(k)))}
			msgs := make([]*domain.Message, len(ac.msgs))
			for i, m := range ac.msgs {
				cp := *m
				cp.ConversationID = k
				if mask {
					domain.MaskMessagePersonal(&cp, names[ac.conv.ID]...)
				}
				msgs[i] = &cp
				pc.Msgs = append(pc.Msgs, m.ID)
			}
			if pc.Prev != nil {
				// Archived before (the citizen wrote again later): the
				// newer record, and every order of both.
				var prev domain.Conversation
				if err := unmarshalRecord(pc.Prev, &prev); err == nil {
					c.Orders = mergeStrings(prev.Orders, c.Orders)
				}
			}
			if mask {
				c.ID = k
				domain.MaskConversationPersonal(&c, names[ac.conv.ID]...)
				maskDraftRef(c.Draft, key)
			}
			if err := t.putArchivedConversation(&c, msgs); err != nil {
				return err
			}
			note.Convs = append(note.Convs, pc)
		}
		if !oldest.IsZero() {
			if v := meta.Get(metaArchUnmasked); len(v) != 8 || bytes.Compare(tsKey(oldest), v) < 0 {
				if err := meta.Put(metaArchUnmasked, tsKey(oldest)); err != nil {
					return err
				}
			}
		}
		if b.masked > 0 {
			// The note names the live conversation ids: once cleared, its
			// bytes stay in free pages until the file is rewritten, which
			// this run's masking pass does (archive_mask.go).
			if err := meta.Put(metaArchDirty, []byte{1}); err != nil {
				return err
			}
		}
		js, err := json.Marshal(note)
		if err != nil {
			return err
		}
		return meta.Put(metaArchPending, js)
	})
}

func masked(before, at time.Time) bool { return !before.IsZero() && at.Before(before) }

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}

func mergeStrings(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// putArchivedConversation writes c (draft apart) and msgs into an archive
// file, adding the messages to the conversation's list there.
func (t *boltTx) putArchivedConversation(c *domain.Conversation, msgs []*domain.Message) error {
	stored := *c
	stored.Draft = nil
	if c.Draft != nil {
		if err := putJSON(t.b(bConvDrafts), []byte(c.ID), c.Draft); err != nil {
			return err
		}
	}
	if err := putJSON(t.b(bConversations), []byte(c.ID), &stored); err != nil {
		return err
	}
	ids, err := messageIDs(t.b(bConvMessages).Get([]byte(c.ID)))
	if err != nil {
		return err
	}
	for _, m := range msgs {
		v, err := encodeMessage(m)
		if err != nil {
			return err
		}
		if err := t.b(bMessages).Put(u64(m.ID), v); err != nil {
			return err
		}
		if !slices.Contains(ids, m.ID) {
			ids = append(ids, m.ID)
		}
	}
	slices.Sort(ids)
	return t.b(bConvMessages).Put([]byte(c.ID), encodeIDs(ids))
}

// encodeIDs is the stored form of a sorted list of message ids.
func encodeIDs(ids []uint64) []byte {
	var out []byte
	var last uint64
	for _, id := range ids {
		out = binary.AppendUvarint(out, id-last)
		last = id
	}
	if out == nil {
		out = []byte{}
	}
	return out
}

// deleteBatch deletes the batch's records and their index entries from the
// live file. The rollups and the flagged index stay: they still count the
// archived orders.
func (t *boltTx) deleteBatch(b *archBatch) error {
	for _, tk := range b.tickets {
		for _, d := range []struct{ b, k []byte }{
			{bIdxStatus, idx(string(tk.Status), tk.Number)},
			{bIdxDept, idx(tk.Department, tk.Number)},
			{bIdxCitizen, idx(tk.CitizenID, tk.Number)},
			{bIdxDue, dueKey(tk)},
			{bIdxClosed, closedKey(tk)},
			{bWfVisits, []byte(tk.Number)},
			{bTickets, []byte(tk.Number)},
		} {
			b := t.b(d.b)
			if b == nil && optionalIndex(d.b) {
				continue
			}
			if err := b.Delete(d.k); err != nil {
				return err
			}
		}
		for _, d := range tk.CoDepartments {
			if err := t.b(bIdxCoDept).Delete(idx(d, tk.Number)); err != nil {
				return err
			}
		}
		// Its scheduler marks: nothing fires for an archived order.
		if err := t.forgetFired(tk.Number); err != nil {
			return err
		}
		// Its leaders' logins: no reply comes to an archived order.
		if err := t.Delete(LeaderItemKey + tk.Number); err != nil {
			return err
		}
		if err := t.Delete(InstructionLeaderKey + tk.Number); err != nil {
			return err
		}
	}
	for _, ac := range b.convs {
		c := ac.conv
		id := []byte(c.ID)
		for _, d := range []struct{ b, k []byte }{
			{bConversations, id}, {bConvDrafts, id}, {bConvMessages, id}, {bDrafts, id},
			{bQueue, queueKey(c.Emergency, c.QueuedAt, c.ID)},
			{bConvCitizen, idx2(c.CitizenID, c.ID)},
		} {
			if err := t.b(d.b).Delete(d.k); err != nil {
				return err
			}
		}
		for _, m := range ac.msgs {
			if err := t.b(bMessages).Delete(u64(m.ID)); err != nil {
				return err
			}
			// A delivered (or given up) message's outbox entry holds its
			// text and recipient and serves nothing more: it goes; its
			// idempotency key stays, so the message is never sent again.
			if m.OutboxID != 0 {
				if e, err := t.OutboxEntry(m.OutboxID); err == nil && e.Status != OutPending {
					if err := t.b(bOutbox).Delete(u64(m.OutboxID)); err != nil {
						return err
					}
				}
			}
		}
		for _, k := range ac.legacy {
			if err := t.b(bMessages).Delete(k); err != nil {
				return err
			}
		}
		delete(t.convIdx, c.ID)
	}
	return nil
}

// settleArchive puts right the batches an interrupted run left noted in
// the archive files: records still in the live file come out of the
// archive again (the live commit did not happen), the others stay.
func (s *Store) settleArchive(a *Archive, res *ArchiveResult) error {
	years, err := a.Years()
	if err != nil {
		return err
	}
	for _, y := range years {
		var note *pendingNote
		if _, err := a.view(y, func(tx *bolt.Tx) error {
			if v := tx.Bucket(bMeta).Get(metaArchPending); v != nil {
				note = &pendingNote{}
				return json.Unmarshal(v, note)
			}
			return nil
		}); err != nil {
			return err
		}
		if note == nil {
			continue
		}
		// Hold the live writers off while deciding, so that nothing moves
		// in between.
		done := a.step()
		err := s.UpdateNow(func(tx *Tx) error {
			live := tx.Ops.(*boltTx)
			return a.write(y, func(db *bolt.DB) error {
				return db.Update(func(btx *bolt.Tx) error {
					n, err := settle(live, &boltTx{tx: btx}, note)
					res.Settled += n
					if err != nil {
						return err
					}
					return btx.Bucket(bMeta).Delete(metaArchPending)
				})
			})
		})
		done()
		if err != nil {
			return fmt.Errorf("store: settle the interrupted archive run in %s: %w", a.Path(y), err)
		}
	}
	return nil
}

// settle undoes in arch the noted records that live still holds.
func settle(live, arch *boltTx, note *pendingNote) (int, error) {
	n := 0
	for _, num := range note.Tickets {
		if live.b(bTickets).Get([]byte(num)) != nil {
			if err := arch.b(bTickets).Delete([]byte(num)); err != nil {
				return n, err
			}
			n++
		}
	}
	for _, pc := range note.Convs {
		raw := live.b(bConversations).Get([]byte(pc.ID))
		h := sha256.Sum256(raw)
		if raw == nil || !bytes.Equal(h[:], pc.Hash) {
			continue // moved: the live record is gone, or a new one began since
		}
		// The live commit did not happen: every message the batch brought
		// is still live.
		for _, id := range pc.Msgs {
			if err := arch.b(bMessages).Delete(u64(id)); err != nil {
				return n, err
			}
		}
		for _, r := range []struct {
			b    []byte
			prev []byte
		}{{bConversations, pc.Prev}, {bConvMessages, pc.PrevL}, {bConvDrafts, pc.PrevD}} {
			var err error
			if r.prev == nil {
				err = arch.b(r.b).Delete([]byte(pc.Key))
			} else {
				err = arch.b(r.b).Put([]byte(pc.Key), r.prev)
			}
			if err != nil {
				return n, err
			}
		}
		n++
	}
	return n, nil
}

// sweepLeaderItems deletes the leader-item logins (LeaderItemKey) of
// orders no longer in the live file: those archived before deleteBatch
// took them along. Leader items are few, so the walk is short.
func (s *Store) sweepLeaderItems(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var gone []string
	err := s.View(func(tx *Tx) error {
		t := tx.Ops.(*boltTx)
		return t.ScanKV(LeaderItemKey, func(key string, _ []byte) error {
			if t.b(bTickets).Get([]byte(key[len(LeaderItemKey):])) == nil {
				gone = append(gone, key)
			}
			return nil
		})
	})
	if err != nil || len(gone) == 0 {
		return err
	}
	return s.UpdateNow(func(tx *Tx) error {
		t := tx.Ops.(*boltTx)
		// Order numbers are never reused: an order gone stays gone.
		for _, key := range gone {
			if err := t.Delete(key); err != nil {
				return err
			}
		}
		return nil
	})
}
