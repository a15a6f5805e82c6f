package store

import (
	"bytes"
	"context"
	"strings"

	"hotline/domain"
	"hotline/ticket"
)

// The audit log's entries keep who did what to which order, and when, for
// good; their before and after values can hold a citizen's name, phone
// number or address (an order's field changed, a reply's text), and the
// object of a conversation's action is its id (an openid or a web-chat
// token). Past the personal-data retention maskAudit masks the values
// with the console's forms (domain.MaskAuditValue) and puts the masked id
// of a conversation (maskedID, the id it is kept under once masked) in
// place of its id; the time, the actor, the action and an order's number
// stay.
//
// Entries are keyed by time, so the run goes on from where the previous
// one stopped (metaAuditMasked, written in each batch's transaction): each
// entry is read once, the day it passes the age.

// metaAuditMasked is the key of the last audit entry a masking run looked
// at; every entry up to it is masked.
var metaAuditMasked = []byte("audit_masked_to")

// auditBatch is how many audit entries one transaction looks at.
const auditBatch = 1000

// maskAudit masks the audit entries older than opts.MaskBefore that the
// previous runs did not look at, adding how many it changed to
// res.MaskedLive. It returns how many entries it read.
func (s *Store) maskAudit(ctx context.Context, opts ArchiveOptions, keyFn func() ([]byte, error), res *ArchiveResult) (int, error) {
	end := tsKey(opts.MaskBefore)
	// Nothing to read: no mask key made.
	var from []byte
	due := false
	err := s.View(func(tx *Tx) error {
		t := tx.Ops.(*boltTx)
		from = clone(t.b(bMeta).Get(metaAuditMasked))
		k, _ := seekAfter(t.b(bAudit).Cursor(), from)
		due = k != nil && bytes.Compare(k[:8], end) < 0
		return nil
	})
	if err != nil || !due {
		return 0, err
	}
	key, err := keyFn()
	if err != nil {
		return 0, err
	}
	read := 0
	for {
		if err := ctx.Err(); err != nil {
			return read, err
		}
		n, looked, next := 0, 0, from
		run := func(tx *Tx) error {
			t := tx.Ops.(*boltTx)
			if !opts.DryRun {
				from = clone(t.b(bMeta).Get(metaAuditMasked))
			}
			n, looked, next = 0, 0, from
			type change struct {
				k []byte
				e AuditEntry
			}
			var changes []change
			c := t.b(bAudit).Cursor()
			for k, v := seekAfter(c, from); k != nil && looked < auditBatch && bytes.Compare(k[:8], end) < 0; k, v = c.Next() {
				looked++
				next = clone(k)
				var e AuditEntry
				if err := unmarshalRecord(v, &e); err != nil {
					return err
				}
				if t.maskAuditEntry(&e, key) {
					changes = append(changes, change{next, e})
				}
			}
			n = len(changes)
			if opts.DryRun {
				return nil
			}
			for _, ch := range changes {
				if err := putDeflated(t.b(bAudit), ch.k, &ch.e); err != nil {
					return err
				}
			}
			if looked == 0 {
				return nil
			}
			return t.b(bMeta).Put(metaAuditMasked, next)
		}
		if opts.DryRun {
			err = s.View(run)
		} else {
			err = s.UpdateNow(run)
		}
		if err != nil {
			return read, err
		}
		read += looked
		res.MaskedLive += n
		from = next
		if looked < auditBatch {
			return read, nil
		}
	}
}

// seekAfter positions c on the first key after from (the first key when
// from is nil).
func seekAfter(c interface {
	First() ([]byte, []byte)
	Seek([]byte) ([]byte, []byte)
	Next() ([]byte, []byte)
}, from []byte) ([]byte, []byte) {
	if from == nil {
		return c.First()
	}
	k, v := c.Seek(from)
	if k != nil && bytes.Equal(k, from) {
		k, v = c.Next()
	}
	return k, v
}

// maskAuditEntry masks e (see above) and reports whether that changed
// it; key nil (a dry run) counts a conversation's id as changed.
func (t *boltTx) maskAuditEntry(e *AuditEntry, key []byte) bool {
	var names []string
	if _, _, err := ticket.ParseNumber(e.Object); err == nil {
		tk, err := t.Ticket(e.Object)
		if err == ErrNotFound {
			tk, err = t.archivedTicket(e.Object)
		}
		if err == nil {
			names = domain.PersonalNames(tk)
		}
	}
	changed := false
	if strings.HasPrefix(e.Action, "conversation.") && e.Object != "" && !isMaskedID(e.Object) {
		c, err := t.Conversation(e.Object)
		if err == ErrNotFound && key != nil {
			c, err = t.Conversation(maskedID(key, e.Object)) // moved already
		}
		if err == nil {
			names = t.personalNamesOf(c)
		}
		changed = true
		if key != nil {
			e.Object = maskedID(key, e.Object)
		}
	}
	before, after := domain.MaskAuditValue(e.Before, names...), domain.MaskAuditValue(e.After, names...)
	if before != e.Before || after != e.After {
		e.Before, e.After, changed = before, after, true
	}
	return changed
}
