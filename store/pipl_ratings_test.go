package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestMaskRatingsAwayPastTheAge: a rating question sent on another
// channel and never answered, asked before the personal-data age, is
// deleted with the phone number it is kept by; a recent one stays; a
// second run deletes nothing.
func TestMaskRatingsAwayPastTheAge(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "hotline.db"), &Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	must(t, err)
	defer st.Close()
	old := time.Date(2022, 5, 3, 9, 0, 0, 0, time.UTC)
	recent := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	must(t, st.UpdateNow(func(tx *Tx) error {
		if err := tx.PutRatingAway("sms", "13953706688", RatingAway{Number: "20220501-0001", ConversationID: "wechat:o1", At: old}); err != nil {
			return err
		}
		return tx.PutRatingAway("sms", "13800000001", RatingAway{Number: "20261118-0002", ConversationID: "wechat:o2", At: recent})
	}))
	cut := time.Date(2023, 11, 20, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()
	res, err := st.RunArchive(ctx, ArchiveOptions{MaskBefore: cut})
	must(t, err)
	must(t, st.View(func(tx *Tx) error {
		if _, ok := tx.RatingAway("sms", "13953706688"); ok {
			t.Error("the old rating question is still kept by the phone number")
		}
		if r, ok := tx.RatingAway("sms", "13800000001"); !ok || r.Number != "20261118-0002" {
			t.Errorf("the recent rating question: %+v %v", r, ok)
		}
		return nil
	}))
	if res.MaskedLive < 1 {
		t.Errorf("the run counted nothing: %+v", res)
	}
	again, err := st.RunArchive(ctx, ArchiveOptions{MaskBefore: cut})
	must(t, err)
	if again.MaskedLive != 0 {
		t.Errorf("a second run masked %d", again.MaskedLive)
	}
}
