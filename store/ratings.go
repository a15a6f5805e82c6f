package store

import (
	"time"

	"hotline/domain"
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

func ratingAwayKey(channel, phone string) []byte {
	return []byte(channel + "\x00" + domain.Key(phone))
}

// PutRatingAway records that the rating question r went to phone on
// channel; a later question to the same number replaces it.
func (t *boltTx) PutRatingAway(channel, phone string, r RatingAway) error {
	if domain.Key(phone) == "" || r.Number == "" {
		return nil
	}
	return putJSON(t.b(bRatingsAway), ratingAwayKey(channel, phone), &r)
}

// RatingAway returns the rating question sent to phone on channel.
func (t *boltTx) RatingAway(channel, phone string) (RatingAway, bool) {
	var r RatingAway
	if domain.Key(phone) == "" {
		return r, false
	}
	ok, err := getJSON(t.b(bRatingsAway), ratingAwayKey(channel, phone), &r)
	return r, ok && err == nil
}

// DeleteRatingAway forgets the rating question sent to phone on channel.
func (t *boltTx) DeleteRatingAway(channel, phone string) error {
	return t.b(bRatingsAway).Delete(ratingAwayKey(channel, phone))
}
