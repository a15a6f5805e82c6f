package store

import (
	"path/filepath"
	"testing"
	"time"
)

func TestRatingAwayRoundTrip(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "h.db"), &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	if err := st.UpdateNow(func(tx *Tx) error {
		return tx.PutRatingAway("sms", "139 5370 6688", RatingAway{Number: "20261127-0001", ConversationID: "wechat:o1", At: at})
	}); err != nil {
		t.Fatal(err)
	}
	_ = st.UpdateNow(func(tx *Tx) error {
		if _, ok := tx.RatingAway("telegram", "13953706688"); ok {
			t.Error("found on another channel")
		}
		r, ok := tx.RatingAway("sms", "+8613953706688")
		if !ok || r.Number != "20261127-0001" || r.ConversationID != "wechat:o1" || !r.At.Equal(at) {
			t.Errorf("RatingAway = %+v, %v", r, ok)
		}
		if err := tx.DeleteRatingAway("sms", "13953706688"); err != nil {
			t.Fatal(err)
		}
		if _, ok := tx.RatingAway("sms", "13953706688"); ok {
			t.Error("still there after delete")
		}
		return nil
	})
}
