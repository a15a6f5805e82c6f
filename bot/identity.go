package bot

// Who is writing: deduplication of platform retries, the citizen behind a
// channel identity, and linking identities by a vouched phone number.

import (
	"errors"
	"slices"
	"time"

	"hotline/domain"
	"hotline/inbound"
	"hotline/store"
)

// citizen finds or creates the citizen behind channel/user and records a
// phone number and name the channel knows.
func (e *Engine) citizen(tx *store.Tx, channel, userID, phone, name string, now time.Time) (*domain.Citizen, error) {
	c, err := tx.CitizenByIdentity(channel, userID)
	isNew := false
	if errors.Is(err, store.ErrNotFound) && phone != "" {
		if c, err = tx.CitizenByPhone(phone); err == nil {
			c.Identities = append(c.Identities, domain.Identity{Channel: channel, UserID: userID})
			isNew = true
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		isNew = true
		id, err := tx.NewCitizenID()
		if err != nil {
			return nil, err
		}
		c = &domain.Citizen{ID: id, Identities: []domain.Identity{{Channel: channel, UserID: userID}}, CreatedAt: now}
	} else if err != nil {
		return nil, err
	}
	if c.MergedInto != "" {
		if c, err = tx.Citizen(c.MergedInto); err != nil {
			return nil, err
		}
	}
	before := c.Phones
	if phone != "" && !slices.Contains(c.Phones, phone) {
		if c, err = e.linkPhone(tx, c, phone); err != nil {
			return nil, err
		}
	}
	changed := isNew || phone != "" && !slices.Contains(before, phone)
	if name != "" && c.Name == "" {
		c.Name = name
		changed = true
	}
	// The exact time of the last message lives on the conversation (the
	// WeChat 48-hour window uses it); the citizen keeps a coarse one, so
	// that a chat does not rewrite the citizen with every message.
	if c.LastInbound == nil {
		c.LastInbound = map[string]time.Time{}
	}
	if now.Sub(c.LastInbound[channel]) > time.Hour {
		c.LastInbound[channel] = now
		changed = true
	}
	if !changed {
		return c, nil
	}
	return c, tx.PutCitizen(c)
}

// linkPhone adds phone to c. When another citizen already has that number
// they are the same person: c is folded into the other one, which keeps
// all identities, so follow-ups on any channel find every order.
func (e *Engine) linkPhone(tx *store.Tx, c *domain.Citizen, phone string) (*domain.Citizen, error) {
	other, err := tx.CitizenByPhone(phone)
	if errors.Is(err, store.ErrNotFound) || (err == nil && other.ID == c.ID) {
		c.Phones = append(c.Phones, phone)
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	if other.MergedInto != "" {
		if other, err = tx.Citizen(other.MergedInto); err != nil {
			return nil, err
		}
	}
	for _, id := range c.Identities {
		if !slices.Contains(other.Identities, id) {
			other.Identities = append(other.Identities, id)
		}
	}
	for _, p := range c.Phones {
		if !slices.Contains(other.Phones, p) {
			other.Phones = append(other.Phones, p)
		}
	}
	other.Merged = append(other.Merged, c.ID)
	other.Merged = append(other.Merged, c.Merged...)
	if other.Name == "" {
		other.Name = c.Name
	}
	for ch, at := range c.LastInbound {
		if other.LastInbound == nil {
			other.LastInbound = map[string]time.Time{}
		}
		if at.After(other.LastInbound[ch]) {
			other.LastInbound[ch] = at
		}
	}
	old := *c
	old.MergedInto = other.ID
	if err := tx.PutCitizen(&old); err != nil {
		return nil, err
	}
	return other, nil
}

// duplicate reports whether the platform already delivered m (same
// channel and platform message id: WeChat retries three times, SMS
// gateways retry too), and marks it seen otherwise.
func (e *Engine) duplicate(tx *store.Tx, m inbound.Message, now time.Time) (bool, error) {
	if m.ExternalID == "" {
		return false, nil
	}
	key := store.DedupeKey{ID: m.Channel + ":" + m.ExternalID, At: m.ExternalTime}
	if tx.Seen(key, now) {
		return true, nil
	}
	ttl := e.cfg.Bot.DedupeTTL.D()
	if ttl < 24*time.Hour {
		ttl = 24 * time.Hour
	}
	return false, tx.MarkSeen(key, now.Add(ttl))
}
