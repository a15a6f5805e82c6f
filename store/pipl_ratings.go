package store

import (
	"context"
	"fmt"
)

// maskRatingsAway deletes the rating questions sent on another channel
// (RatingAway, kept by the citizen's phone number) that were asked before
// the personal-data age: one nobody answered stays until a later question
// to the same number replaces it, and so long after it answers nothing.
// The bucket holds one record a number, so the run reads it whole.
func (s *Store) maskRatingsAway(ctx context.Context, opts ArchiveOptions, res *ArchiveResult) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var old [][]byte
	err := s.View(func(tx *Tx) error {
		c := tx.Ops.(*boltTx).b(bRatingsAway).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			res.Read++
			var r RatingAway
			if err := unmarshalRecord(v, &r); err != nil {
				return fmt.Errorf("store: corrupt rating question %q: %w", k, err)
			}
			if r.At.Before(opts.MaskBefore) {
				old = append(old, append([]byte(nil), k...))
			}
		}
		return nil
	})
	if err != nil || len(old) == 0 || opts.DryRun {
		return err
	}
	for len(old) > 0 {
		n := min(len(old), maskBatch)
		err := s.UpdateNow(func(tx *Tx) error {
			b := tx.Ops.(*boltTx).b(bRatingsAway)
			for _, k := range old[:n] {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		res.MaskedLive += n
		old = old[n:]
	}
	return nil
}
