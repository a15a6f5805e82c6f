package store

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"hotline/domain"
)

// Masking in the live file what is past the personal-data retention
// besides finished orders (maskLive):
//
//   - messages older than the cut, in every conversation, also one still
//     in use: their texts, platform message ids, exact locations and the
//     platform's file ids and links of media; the conversation goes on
//     working (its id and its citizen's user id stay while it is in use);
//   - conversations begun before the cut: their first text; idle since
//     before it: the draft, what the citizen sent that no order took, and
//     the platform's user id; once every order of it finished before the
//     cut too, it moves to its masked id (pipl_rekey.go);
//   - outbox entries created before the cut and done (sent or given up),
//     also those of no message: their recipient and text;
//   - citizens not heard from since before the cut, with no order and no
//     conversation after it: name, numbers and platform ids, and the
//     indexes that linked a channel or a number to them (a citizen who
//     writes again is a new one).
//
// Each record is masked with the console's forms (domain/pipl.go) and
// only when masking changes it, so a second run masks nothing.

// maskBatch is how many records one transaction masks.
const maskBatch = 200

// maskLiveRest masks the live records above older than opts.MaskBefore:
// the conversations and citizens listed as due (pipl_due.go; a dry run on
// a file whose list is not built yet reads them all), and the outbox
// entries after the last one the previous run looked at.
func (s *Store) maskLiveRest(ctx context.Context, opts ArchiveOptions, keyFn func() ([]byte, error), res *ArchiveResult) error {
	cut := opts.MaskBefore
	built := false
	if err := s.View(func(tx *Tx) error {
		v := tx.Ops.(*boltTx).b(bMeta).Get(dueBuilt)
		built = len(v) == 1 && v[0] >= dueVersion
		return nil
	}); err != nil {
		return err
	}
	if !built && !opts.DryRun {
		n, err := s.buildDue(ctx)
		res.Read += n
		if err != nil {
			return err
		}
		built = true
	}
	// Conversations (with their messages) first: the citizens' names are
	// still there to find in the texts.
	var convs *dueList
	var err error
	if built {
		convs, err = s.due(dueConv, cut, &res.Read)
	} else {
		convs, err = s.scanDue(bConversations, &res.Read, func(v []byte) (bool, error) {
			var c domain.Conversation
			err := unmarshalConversation(v, &c)
			return c.CreatedAt.Before(cut) || c.UpdatedAt.Before(cut), err
		})
	}
	if err != nil {
		return err
	}
	// Idle ones move to their masked ids (pipl_rekey.go), made with the
	// mask key.
	var key []byte
	if len(convs.ids) > 0 {
		if key, err = keyFn(); err != nil {
			return err
		}
	}
	if err := s.maskInBatches(ctx, convs.ids, opts.DryRun, res, func(t *boltTx, id string, write bool) (int, error) {
		n, err := t.maskOldConversation(id, cut, key, write)
		if err == nil && write {
			err = convs.done(t, id)
		}
		return n, err
	}); err != nil {
		return err
	}
	// Console uploads of orders finished before the cut (pipl_uploads.go).
	var orders *dueList
	if built {
		orders, err = s.due(dueUploads, cut, &res.Read)
	} else {
		orders = &dueList{}
		err = s.View(func(tx *Tx) error {
			return tx.ScanKV(uploadPrefix, func(_ string, v []byte) error {
				res.Read++
				if n, _ := uploadOrder(v); n != "" && !slices.Contains(orders.ids, n) {
					orders.ids = append(orders.ids, n)
				}
				return nil
			})
		})
	}
	if err != nil {
		return err
	}
	dir := ""
	if p := s.Path(); p != "" {
		dir = filepath.Dir(p)
	}
	removed := res.MaskedLive
	if err := s.maskInBatches(ctx, orders.ids, opts.DryRun, res, func(t *boltTx, number string, write bool) (int, error) {
		n, err := t.removeUploads(number, cut, opts.Now, dir, write)
		if err == nil && write {
			err = orders.done(t, number)
		}
		return n, err
	}); err != nil {
		return err
	}
	res.RemovedUploads += res.MaskedLive - removed
	if err := s.maskOutbox(ctx, cut, opts.DryRun, res); err != nil {
		return err
	}
	var citizens *dueList
	if built {
		citizens, err = s.due(dueCitizen, cut, &res.Read)
	} else {
		citizens, err = s.scanDue(bCitizens, &res.Read, func(v []byte) (bool, error) {
			var c domain.Citizen
			err := unmarshalRecord(v, &c)
			return lastHeard(&c).Before(cut) && !domain.CitizenMasked(&c), err
		})
	}
	if err != nil {
		return err
	}
	return s.maskInBatches(ctx, citizens.ids, opts.DryRun, res, func(t *boltTx, id string, write bool) (int, error) {
		n, err := t.maskOldCitizen(id, cut, write)
		if err == nil && write {
			err = citizens.done(t, id)
		}
		return n, err
	})
}

// scanDue lists the records of bucket b that keep says are due, reading
// them all (a dry run on a file whose due list is not built yet).
func (s *Store) scanDue(b []byte, read *int, keep func(v []byte) (bool, error)) (*dueList, error) {
	l := &dueList{}
	err := s.View(func(tx *Tx) error {
		return tx.Ops.(*boltTx).b(b).ForEach(func(k, v []byte) error {
			*read++
			ok, err := keep(v)
			if ok {
				l.ids = append(l.ids, string(k))
			}
			return err
		})
	})
	return l, err
}

// metaOutboxMasked is the key of the last outbox entry a masking run
// looked at: entries are keyed by a sequence that grows with their
// creation time, so the next run goes on after it.
var metaOutboxMasked = []byte("outbox_masked_to")

// maskOutbox masks the outbox entries created before cut after the last
// one the previous run looked at. An entry still pending when the run
// passes it stays as it is (the outbox gives up on an entry within days).
func (s *Store) maskOutbox(ctx context.Context, cut time.Time, dry bool, res *ArchiveResult) error {
	var entries []string
	var from []byte
	err := s.View(func(tx *Tx) error {
		t := tx.Ops.(*boltTx)
		from = clone(t.b(bMeta).Get(metaOutboxMasked))
		c := t.b(bOutbox).Cursor()
		for k, v := seekAfter(c, from); k != nil; k, v = c.Next() {
			res.Read++
			var e OutboxEntry
			if err := unmarshalRecord(v, &e); err != nil {
				return err
			}
			if !e.CreatedAt.Before(cut) {
				break
			}
			entries = append(entries, string(k))
		}
		return nil
	})
	if err != nil || len(entries) == 0 {
		return err
	}
	last := []byte(entries[len(entries)-1])
	err = s.maskInBatches(ctx, entries, dry, res, func(t *boltTx, k string, write bool) (int, error) {
		n, err := t.maskOldOutbox([]byte(k), cut, write)
		if err == nil && write && k == string(last) {
			err = t.b(bMeta).Put(metaOutboxMasked, last)
		}
		return n, err
	})
	return err
}

// maskInBatches runs mask on keys, maskBatch of them a transaction (a
// read-only one when dry), adding what it masked to res.MaskedLive.
func (s *Store) maskInBatches(ctx context.Context, keys []string, dry bool, res *ArchiveResult, mask func(t *boltTx, key string, write bool) (int, error)) error {
	for len(keys) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		part := keys[:min(len(keys), maskBatch)]
		keys = keys[len(part):]
		n := 0
		run := func(tx *Tx) error {
			n = 0
			for _, k := range part {
				m, err := mask(tx.Ops.(*boltTx), k, !dry)
				if err != nil {
					return err
				}
				n += m
			}
			return nil
		}
		var err error
		if dry {
			err = s.View(run)
		} else {
			err = s.UpdateNow(run)
		}
		if err != nil {
			return err
		}
		res.MaskedLive += n
	}
	return nil
}

// lastHeard is the last time a citizen was heard from (created, or a
// message on any channel).
func lastHeard(c *domain.Citizen) time.Time {
	at := c.CreatedAt
	for _, t := range c.LastInbound {
		if t.After(at) {
			at = t
		}
	}
	return at
}

// personalNamesOf are the names of conversation c's citizen and of its
// live orders, for masking its texts.
func (t *boltTx) personalNamesOf(c *domain.Conversation) []string {
	var names []string
	if c.CitizenID != "" {
		if cit, err := t.Citizen(c.CitizenID); err == nil {
			names = append(names, cit.Name)
		}
	}
	for _, n := range c.Orders {
		if tk, err := t.Ticket(n); err == nil {
			names = append(names, domain.PersonalNames(tk)...)
		}
	}
	return append(names, domain.PersonalNames(c.Draft)...)
}

// maskOldConversation masks live conversation id's messages older than
// cut, and the conversation as the comment above says; one idle since
// before cut moves to its masked id under key (rekeyLive; without write,
// key may be nil). It returns how many records it changed (would change,
// without write), the conversation with its other records counting as
// one.
func (t *boltTx) maskOldConversation(id string, cut time.Time, key []byte, write bool) (int, error) {
	c, err := t.Conversation(id)
	if err == ErrNotFound {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	names := t.personalNamesOf(c)
	n := 0
	var msgs []*domain.Message
	if c.CreatedAt.Before(cut) {
		if msgs, err = t.Messages(id, 0, 0); err != nil {
			return 0, err
		}
		for _, m := range msgs {
			if !m.At.Before(cut) {
				continue
			}
			was := *m
			was.Media = slices.Clone(m.Media)
			if m.Location != nil {
				loc := *m.Location
				was.Location = &loc
			}
			domain.MaskMessagePersonal(m, names...)
			if reflect.DeepEqual(&was, m) {
				continue
			}
			n++
			if write {
				if err := t.PutMessage(m); err != nil {
					return n, err
				}
			}
		}
	}
	was, err := marshalRecord(c)
	if err != nil {
		return n, err
	}
	if c.CreatedAt.Before(cut) {
		c.FirstText = domain.MaskPersonalText(c.FirstText, names...)
	}
	if c.UpdatedAt.Before(cut) {
		domain.MaskTicketPersonal(c.Draft)
		c.Pending, c.PendingLocation = nil, nil
		if t.ordersDone(c.Orders, cut) {
			// Nothing will be sent to it any more; a citizen who writes
			// again gives the id back (bot: handleTx), or, once it has
			// moved to its masked id, starts a new conversation.
			c.UserID = domain.MaskPlatformID(c.UserID)
		}
	}
	now, err := marshalRecord(c)
	if err != nil {
		return n, err
	}
	rekey, retry := t.rekeyable(c, msgs, cut)
	if write && !retry.IsZero() {
		if err := t.markDue(dueConv, retry, id); err != nil {
			return n, err
		}
	}
	if bytes.Equal(was, now) && !rekey {
		return n, nil
	}
	if write {
		if rekey {
			if key == nil {
				return n, fmt.Errorf("store: no mask key to move conversation %s with", id)
			}
			err = t.rekeyLive(c, msgs, maskedID(key, id))
		} else if err = t.PutConversation(c); err == nil && dueDay(c.UpdatedAt) < dueDay(cut) {
			// Its day is done (PutConversation listed it again).
			err = t.dropDue(dueConv, c.UpdatedAt, id)
		}
		if err != nil {
			return n, err
		}
	}
	return n + 1, nil
}

// ordersDone reports whether every live order of numbers finished before
// cut (archived ones did).
func (t *boltTx) ordersDone(numbers []string, cut time.Time) bool {
	for _, n := range numbers {
		tk, err := t.Ticket(n)
		if err != nil {
			continue
		}
		if at, done := archivable(tk); !done || !at.Before(cut) {
			return false
		}
	}
	return true
}

// maskOldOutbox masks the outbox entry under k when it was created before
// cut and is done.
func (t *boltTx) maskOldOutbox(k []byte, cut time.Time, write bool) (int, error) {
	var e OutboxEntry
	ok, err := getJSON(t.b(bOutbox), k, &e)
	if err != nil || !ok || !e.CreatedAt.Before(cut) || e.Status == OutPending {
		return 0, err
	}
	// The names of its conversation's citizen and orders, of its order,
	// and of the citizen it went to.
	var names []string
	if c, err := t.Conversation(e.ConversationID); err == nil {
		names = t.personalNamesOf(c)
	}
	if tk, err := t.Ticket(e.Ticket); e.Ticket != "" && err == nil {
		names = append(names, domain.PersonalNames(tk)...)
	}
	if c, err := t.CitizenByIdentity(e.Channel, e.To); err == nil {
		names = append(names, c.Name)
	}
	was := e
	e.Text = domain.MaskPersonalText(e.Text, names...)
	e.LastError = domain.MaskPersonalText(e.LastError, names...)
	switch _, err := domain.Parse(e.To); {
	case strings.Contains(e.To, "***"): // masked already
	case err == nil:
		e.To = domain.MaskPhone(e.To)
	default:
		e.To = domain.MaskPlatformID(e.To)
	}
	if e == was {
		return 0, nil
	}
	if write {
		if err := putJSON(t.b(bOutbox), k, &e); err != nil {
			return 0, err
		}
	}
	return 1, nil
}

// maskOldCitizen masks citizen id when it was not heard from since before
// cut and no live order or conversation of it is newer.
func (t *boltTx) maskOldCitizen(id string, cut time.Time, write bool) (int, error) {
	c, err := t.Citizen(id)
	if err == ErrNotFound {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if !lastHeard(c).Before(cut) || domain.CitizenMasked(c) {
		return 0, nil
	}
	// An order of the citizen still open, or finished after the cut.
	var numbers []string
	pfx := []byte(id + "\x00")
	cur := t.b(bIdxCitizen).Cursor()
	for k, _ := cur.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, _ = cur.Next() {
		numbers = append(numbers, string(k[len(pfx):]))
	}
	// Held back by something of a known time: listed again on its day
	// (pipl_due.go); an open order lists it when it finishes.
	var retry time.Time
	later := func(at time.Time) {
		if at.After(retry) {
			retry = at
		}
	}
	done := true
	for _, n := range numbers {
		tk, err := t.Ticket(n)
		if err != nil {
			continue
		}
		if at, fin := archivable(tk); !fin || !at.Before(cut) {
			done = false
			if fin {
				later(at)
			}
		}
	}
	convs, err := t.ConversationsOf(id)
	if err != nil {
		return 0, err
	}
	for _, cv := range convs {
		if !cv.UpdatedAt.Before(cut) {
			done = false
			later(cv.UpdatedAt)
		}
	}
	if !done {
		if write && !retry.IsZero() {
			return 0, t.markDue(dueCitizen, retry, id)
		}
		return 0, nil
	}
	if !write {
		return 1, nil
	}
	for _, ident := range c.Identities {
		k := identityKey(ident.Channel, ident.UserID)
		if bytes.Equal(t.b(bIdentities).Get(k), []byte(id)) {
			if err := t.b(bIdentities).Delete(k); err != nil {
				return 0, err
			}
		}
	}
	for _, p := range c.Phones {
		if bytes.Equal(t.b(bPhones).Get([]byte(p)), []byte(id)) {
			if err := t.b(bPhones).Delete([]byte(p)); err != nil {
				return 0, err
			}
		}
	}
	domain.MaskCitizenPersonal(c)
	// Not PutCitizen: the masked numbers and ids are indexed nowhere.
	if err := putJSON(t.b(bCitizens), []byte(id), c); err != nil {
		return 0, err
	}
	return 1, nil
}
