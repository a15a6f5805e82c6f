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

// phoneDigits is the key form of a phone number: a Chinese number in its
// national digits ("13953706688", "05377212345", "01012345678") whether
// written "+8613953706688", "139 5370 6688", "0086…", "86…" or
// "+86 537 7212345"; any other country's number keeps its "+" and code,
// so that "+13953706688" is not the mainland mobile 139 5370 6688.
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
	s := strings.TrimSpace(phone)
	intl := strings.HasPrefix(s, "+") || strings.HasPrefix(s, "＋")
	if !intl && strings.HasPrefix(d, "00") {
		d, intl = d[2:], true
	}
	// No national number starts with 86 (mobiles start with 1, area
	// codes with 0): a long one is the country code without its "+".
	if !intl && strings.HasPrefix(d, "86") && len(d) >= 12 {
		intl = true
	}
	if !intl || d == "" {
		return d
	}
	national, ok := strings.CutPrefix(d, "86")
	if !ok {
		return "+" + d
	}
	national = strings.TrimPrefix(national, "0") // "+86 0537…"
	if len(national) == 11 && national[0] == '1' {
		return national // a mobile
	}
	return "0" + national // a landline, with its trunk 0
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
