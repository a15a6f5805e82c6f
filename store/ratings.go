package store

import (
	"strings"
	"time"
)

// bRatingsAway (schema version 4): channel \x00 phone digits → RatingAway.
var bRatingsAway = []byte("ratings_away")

// RatingAway is a rating question that the outbox delivered on another
// channel than its conversation's (a WeChat order's question sent by SMS
// once WeChat's 48-hour window had closed). The citizen's answer arrives
// there, from a number the channel vouches for; this record tells the
// engine which order and conversation it answers.
type RatingAway struct {
	Number         string    `json:"number"`
	ConversationID string    `json:"conversation_id"`
	At             time.Time `json:"at"`
}

// phoneDigits is the key form of a phone number: its digits, without a
// +86/0086/86 prefix, so that "+8613953706688", "139 5370 6688" and
// "13953706688" agree, as do "0537-7212345" and "+865377212345" (the
// trunk 0 is put back).
func phoneDigits(phone string) string {
	var b strings.Builder
	for _, r := range phone {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		}
	}
	d := b.String()
	international := strings.HasPrefix(strings.TrimSpace(phone), "+") || strings.HasPrefix(d, "00")
	d = strings.TrimPrefix(d, "00")
	if international || len(d) == 13 {
		if rest, ok := strings.CutPrefix(d, "86"); ok {
			d = rest
			if !strings.HasPrefix(d, "1") && !strings.HasPrefix(d, "0") {
				d = "0" + d // a landline: back to its trunk form
			}
		}
	}
	return d
}

func ratingAwayKey(channel, phone string) []byte {
	return []byte(channel + "\x00" + phoneDigits(phone))
}

// PutRatingAway records that the rating question r went to phone on
// channel; a later question to the same number replaces it.
func (t *Tx) PutRatingAway(channel, phone string, r RatingAway) error {
	if phoneDigits(phone) == "" || r.Number == "" {
		return nil
	}
	return putJSON(t.b(bRatingsAway), ratingAwayKey(channel, phone), &r)
}

// RatingAway returns the rating question sent to phone on channel.
func (t *Tx) RatingAway(channel, phone string) (RatingAway, bool) {
	var r RatingAway
	if phoneDigits(phone) == "" {
		return r, false
	}
	ok, err := getJSON(t.b(bRatingsAway), ratingAwayKey(channel, phone), &r)
	return r, ok && err == nil
}

// DeleteRatingAway forgets the rating question sent to phone on channel.
func (t *Tx) DeleteRatingAway(channel, phone string) error {
	return t.b(bRatingsAway).Delete(ratingAwayKey(channel, phone))
}
