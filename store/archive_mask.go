package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"

	"hotline/domain"
	"hotline/ticket"
)

// Masking personal data past its retention (PIPL). Records are masked
// with the console's forms (domain.MaskTicketPersonal and its kin); a
// masked conversation is kept under a masked id (maskedID), and an order
// points to it. bbolt leaves an overwritten record's old bytes in its
// free pages, so an archive file whose records were masked is then
// rewritten whole (bbolt's compaction into a new file, checked, renamed
// into place): the personal data is gone from the file's bytes, not only
// from its records. In the live file the masked orders' old bytes stay in
// free pages until bbolt reuses them or `hotline compact` rewrites it.

// metaArchDirty marks an archive file masked in place and not yet
// rewritten.
var metaArchDirty = []byte("archive_dirty")

// maskTicket masks tk's personal data and points it to its conversation's
// masked id (key nil: the id stays).
func maskTicket(tk *ticket.Ticket, key []byte) {
	domain.MaskTicketPersonal(tk)
	maskDraftRef(tk, key)
}

func maskDraftRef(tk *ticket.Ticket, key []byte) {
	if tk != nil && key != nil && tk.ConversationID != "" && !isMaskedID(tk.ConversationID) {
		tk.ConversationID = maskedID(key, tk.ConversationID)
	}
}

// maskArchive masks, in every archive file holding records older than
// opts.MaskBefore that are not masked yet, those records, then rewrites
// the file.
func (s *Store) maskArchive(ctx context.Context, a *Archive, opts ArchiveOptions, keyFn func() ([]byte, error), res *ArchiveResult) error {
	years, err := a.Years()
	if err != nil {
		return err
	}
	for _, y := range years {
		if err := ctx.Err(); err != nil {
			return err
		}
		due, dirty := false, false
		if _, err := a.view(y, func(tx *bolt.Tx) error {
			meta := tx.Bucket(bMeta)
			v := meta.Get(metaArchUnmasked)
			due = len(v) == 8 && bytes.Compare(v, tsKey(opts.MaskBefore)) < 0
			dirty = meta.Get(metaArchDirty) != nil
			return nil
		}); err != nil {
			return err
		}
		if opts.DryRun {
			if due {
				_, err := a.view(y, func(tx *bolt.Tx) error {
					n, err := maskFile(tx, nil, opts.MaskBefore, true)
					res.Masked += n
					return err
				})
				if err != nil {
					return err
				}
			}
			continue
		}
		if err := s.maskYear(a, y, due, dirty, opts, keyFn, res); err != nil {
			return err
		}
	}
	return nil
}

// maskYear masks year's file when due and rewrites it when masked, as one
// step of the run (a backup waits for it).
func (s *Store) maskYear(a *Archive, y string, due, dirty bool, opts ArchiveOptions, keyFn func() ([]byte, error), res *ArchiveResult) error {
	if !due && !dirty {
		return nil
	}
	var key []byte
	if due {
		var err error
		if key, err = keyFn(); err != nil {
			return err
		}
	}
	defer a.step()()
	if due {
		err := a.write(y, func(db *bolt.DB) error {
			return db.Update(func(tx *bolt.Tx) error {
				n, err := maskFile(tx, key, opts.MaskBefore, false)
				res.Masked += n
				if err != nil {
					return err
				}
				return tx.Bucket(bMeta).Put(metaArchDirty, []byte{1})
			})
		})
		if err != nil {
			return fmt.Errorf("store: mask %s: %w", a.Path(y), err)
		}
	}
	// Masked now or by an interrupted run: rewritten without the old bytes.
	return a.rewrite(y)
}

// maskFile masks, in an archive file's transaction, the orders finished
// and the conversations last active before before, with their drafts and
// messages, and records the oldest record left unmasked. count only
// counts them.
func maskFile(tx *bolt.Tx, key []byte, before time.Time, count bool) (int, error) {
	t := &boltTx{tx: tx}
	n := 0
	oldest := time.Time{}
	keep := func(at time.Time) {
		if oldest.IsZero() || at.Before(oldest) {
			oldest = at
		}
	}
	type change struct {
		k []byte
		v []byte
	}
	var tks []change
	names := map[string][]string{} // conversation id → its citizens' names
	err := t.b(bTickets).ForEach(func(k, v []byte) error {
		var tk ticket.Ticket
		if err := unmarshalRecord(v, &tk); err != nil {
			return fmt.Errorf("store: corrupt archived order %s: %w", k, err)
		}
		if id := tk.ConversationID; id != "" && !isMaskedID(id) {
			names[id] = append(names[id], domain.PersonalNames(&tk)...)
		}
		if !finishedAt(&tk).Before(before) {
			keep(finishedAt(&tk))
			return nil
		}
		maskTicket(&tk, key)
		nv, err := marshalRecord(&tk)
		if err != nil {
			return err
		}
		if !bytes.Equal(nv, v) {
			n++
			tks = append(tks, change{clone(k), nv})
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	var convs []string
	err = t.b(bConversations).ForEach(func(k, v []byte) error {
		if isMaskedID(string(k)) {
			return nil
		}
		var c domain.Conversation
		if err := unmarshalConversation(v, &c); err != nil {
			return fmt.Errorf("store: corrupt archived conversation %s: %w", k, err)
		}
		if c.UpdatedAt.Before(before) {
			convs = append(convs, string(k))
		} else {
			keep(c.UpdatedAt)
		}
		return nil
	})
	if err != nil || count {
		return n + len(convs), err
	}
	for _, c := range tks {
		if err := t.b(bTickets).Put(c.k, c.v); err != nil {
			return n, err
		}
	}
	for _, id := range convs {
		if err := t.rekeyConversation(id, maskedID(key, id), names[id]); err != nil {
			return n, err
		}
		n++
	}
	meta := tx.Bucket(bMeta)
	if oldest.IsZero() {
		return n, meta.Delete(metaArchUnmasked)
	}
	return n, meta.Put(metaArchUnmasked, tsKey(oldest))
}

// rekeyConversation masks archived conversation id with its draft and
// messages and keeps it under masked instead.
func (t *boltTx) rekeyConversation(id, masked string, names []string) error {
	c, err := t.Conversation(id)
	if err != nil {
		return err
	}
	msgs, err := t.Messages(id, 0, 0)
	if err != nil {
		return err
	}
	for _, b := range [][]byte{bConversations, bConvDrafts, bConvMessages} {
		if err := t.b(b).Delete([]byte(id)); err != nil {
			return err
		}
	}
	if al := t.b(bArchAlias); al != nil {
		if err := al.Delete([]byte(masked)); err != nil {
			return err
		}
	}
	for _, m := range msgs {
		m.ConversationID = masked
		domain.MaskMessagePersonal(m, names...)
	}
	c.ID = masked
	domain.MaskConversationPersonal(c, names...)
	if c.Draft != nil {
		c.Draft.ConversationID = masked
	}
	// Merge with a masked record already there (the same conversation
	// archived in two parts).
	if prev, err := t.Conversation(masked); err == nil {
		c.Orders = mergeStrings(prev.Orders, c.Orders)
		if prev.UpdatedAt.After(c.UpdatedAt) {
			prev.Orders = c.Orders
			c = prev
		}
	}
	return t.putArchivedConversation(c, msgs)
}

// rewrite compacts year's file into a new one (bbolt's compaction: only
// live records are copied, so masked values' old bytes stay behind),
// checks it and renames it into place. The old file stays whole until the
// rename, so an interrupted rewrite loses nothing: the next run does it
// again.
func (a *Archive) rewrite(year string) error {
	path := a.Path(year)
	return a.write(year, func(src *bolt.DB) error {
		tmp := path + ".rewriting"
		_ = os.Remove(tmp)
		dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second, FreelistType: bolt.FreelistMapType})
		if err != nil {
			return fmt.Errorf("store: unable to create %s: %w", tmp, err)
		}
		err = bolt.Compact(dst, src, compactTxSize)
		if err == nil {
			err = dst.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Delete(metaArchDirty) })
		}
		if err == nil {
			err = dst.Sync()
		}
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			_, err = check(tmp, false)
		}
		if err == nil {
			err = os.Rename(tmp, path)
		}
		if err == nil {
			err = syncDir(a.dir)
		}
		if err != nil {
			os.Remove(tmp)
			return fmt.Errorf("store: rewrite %s: %w", path, err)
		}
		return nil
	})
}

// maskLive masks the personal data of the live file's finished orders
// older than opts.MaskBefore (with archive_after longer than the masking
// age, or no archive at all).
func (s *Store) maskLive(ctx context.Context, opts ArchiveOptions, res *ArchiveResult) error {
	lastDay := opts.MaskBefore.UTC().AddDate(0, 0, 1).Format("20060102")
	var due []string
	err := s.View(func(tx *Tx) error {
		t := tx.Ops.(*boltTx)
		for _, st := range archiveStatuses {
			pfx := []byte(string(st) + "\x00")
			c := t.b(bIdxStatus).Cursor()
			for k, _ := c.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, _ = c.Next() {
				number := string(k[len(pfx):])
				if len(number) < 8 || number[:8] > lastDay {
					break
				}
				v := t.b(bTickets).Get([]byte(number))
				var tk ticket.Ticket
				if err := unmarshalRecord(v, &tk); err != nil {
					return fmt.Errorf("store: corrupt work order %s: %w", number, err)
				}
				if !finishedAt(&tk).Before(opts.MaskBefore) || finishedAt(&tk).Before(opts.Before) {
					continue // not yet, or moving to the archive (masked there)
				}
				// Compared in one form: the stored record may be deflated.
				was, err := marshalRecord(&tk)
				if err != nil {
					return err
				}
				cp := tk
				cp.Events = append([]ticket.Event(nil), tk.Events...)
				for i := range cp.Events {
					if cp.Events[i].Fields != nil {
						f := make(map[string][2]string, len(cp.Events[i].Fields))
						for k, v := range cp.Events[i].Fields {
							f[k] = v
						}
						cp.Events[i].Fields = f
					}
				}
				domain.MaskTicketPersonal(&cp)
				nv, err := marshalRecord(&cp)
				if err != nil {
					return err
				}
				if !bytes.Equal(nv, was) {
					due = append(due, number)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if opts.DryRun {
		res.Masked += len(due)
		return nil
	}
	for len(due) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		part := due[:min(len(due), 500)]
		due = due[len(part):]
		err := s.UpdateNow(func(tx *Tx) error {
			for _, n := range part {
				tk, err := tx.Ticket(n)
				if err == ErrNotFound {
					continue
				}
				if err != nil {
					return err
				}
				domain.MaskTicketPersonal(tk)
				if err := tx.PutTicket(tk); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		res.Masked += len(part)
	}
	return nil
}
