package store

import (
	"bytes"
	"fmt"
	"strconv"

	"hotline/domain"
)

func identityKey(channel, userID string) []byte { return []byte(channel + "\x00" + userID) }

// CitizenByIdentity returns the citizen with that channel identity.
func (t *boltTx) CitizenByIdentity(channel, userID string) (*domain.Citizen, error) {
	id := t.b(bIdentities).Get(identityKey(channel, userID))
	if id == nil {
		return nil, ErrNotFound
	}
	return t.Citizen(string(id))
}

// CitizenByPhone returns the citizen with that normalised phone number.
func (t *boltTx) CitizenByPhone(phone string) (*domain.Citizen, error) {
	id := t.b(bPhones).Get([]byte(phone))
	if id == nil {
		return nil, ErrNotFound
	}
	return t.Citizen(string(id))
}

// Citizen returns a citizen by id.
func (t *boltTx) Citizen(id string) (*domain.Citizen, error) {
	var c domain.Citizen
	ok, err := getJSON(t.b(bCitizens), []byte(id), &c)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}
	return &c, nil
}

// NewCitizenID allocates a citizen id.
func (t *boltTx) NewCitizenID() (string, error) {
	seq, err := t.b(bCitizens).NextSequence()
	if err != nil {
		return "", err
	}
	return "c" + strconv.FormatUint(seq, 10), nil
}

// PutCitizen saves a citizen and indexes its identities and phones.
func (t *boltTx) PutCitizen(c *domain.Citizen) error {
	if c.ID == "" {
		return fmt.Errorf("store: citizen without id")
	}
	for _, id := range c.Identities {
		k := identityKey(id.Channel, id.UserID)
		if bytes.Equal(t.b(bIdentities).Get(k), []byte(c.ID)) {
			continue
		}
		if err := t.b(bIdentities).Put(k, []byte(c.ID)); err != nil {
			return err
		}
	}
	for _, p := range c.Phones {
		if bytes.Equal(t.b(bPhones).Get([]byte(p)), []byte(c.ID)) {
			continue
		}
		if err := t.b(bPhones).Put([]byte(p), []byte(c.ID)); err != nil {
			return err
		}
	}
	if err := t.markDue(dueCitizen, lastHeard(c), c.ID); err != nil { // pipl_due.go
		return err
	}
	return putJSON(t.b(bCitizens), []byte(c.ID), c)
}
