package store

import (
	"path/filepath"
	"testing"
	"time"
)

func TestPhoneDigitsAgreeAcrossForms(t *testing.T) {
	for _, group := range [][]string{
		{"13953706688", "+8613953706688", "139 5370 6688", "008613953706688", "8613953706688", "１３９５３７０６６８８"},
		{"0537-7212345", "+865377212345", "05377212345", "+86 537 7212345", "865377212345", "+86 0537 7212345"},
		{"010-12345678", "+86 10 1234 5678", "+861012345678"},
		{"+13953706688", "+1 395 370 6688", "0013953706688"},
	} {
		want := phoneDigits(group[0])
		for _, p := range group[1:] {
			if got := phoneDigits(p); got != want {
				t.Errorf("phoneDigits(%q) = %q, want %q (as %q)", p, got, want, group[0])
			}
		}
	}
	for _, pair := range [][2]string{
		{"13953706688", "13953706689"},
		{"+13953706688", "13953706688"}, // a US number is not the mainland mobile
		{"+13953706688", "+8613953706688"},
	} {
		if phoneDigits(pair[0]) == phoneDigits(pair[1]) {
			t.Errorf("%q and %q share the key %q", pair[0], pair[1], phoneDigits(pair[0]))
		}
	}
}

func TestRatingAwayRoundTrip(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "h.db"), nil)
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
