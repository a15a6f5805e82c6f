package store

import ()

// User returns a console user.
func (t *boltTx) User(name string) (*User, error) {
	var u User
	ok, err := getJSON(t.b(bUsers), []byte(name), &u)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}
	return &u, nil
}

// PutUser saves a console user.
func (t *boltTx) PutUser(u *User) error { return putJSON(t.b(bUsers), []byte(u.Name), u) }

// Users lists console users by name.
func (t *boltTx) Users() ([]*User, error) {
	var out []*User
	err := t.b(bUsers).ForEach(func(k, v []byte) error {
		var u User
		if err := unmarshalRecord(v, &u); err != nil {
			return err
		}
		out = append(out, &u)
		return nil
	})
	return out, err
}
