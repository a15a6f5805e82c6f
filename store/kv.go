package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// GetKV returns a copy of the value under key in the key-value area (nil
// when absent). Channels keep caches here (the WeChat access token).
func (s *Store) GetKV(key string) ([]byte, error) {
	var v []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bKV).Get([]byte(key)); b != nil {
			v = append([]byte(nil), b...)
		}
		return nil
	})
	return v, err
}

// PutKV stores value under key; a nil value deletes the key.
func (s *Store) PutKV(key string, value []byte) error {
	return s.health.observe(s.db.Update(func(tx *bolt.Tx) error {
		var err error
		if value == nil {
			err = tx.Bucket(bKV).Delete([]byte(key))
		} else {
			err = tx.Bucket(bKV).Put([]byte(key), value)
		}
		if err != nil {
			return err
		}
		return s.health.commitFault()
	}))
}

// Get returns a copy of the value stored under key in the key-value area.
func (t *Tx) Get(key string) []byte {
	v := t.b(bKV).Get([]byte(key))
	if v == nil {
		return nil
	}
	return append([]byte(nil), v...)
}

// Put stores value under key in the key-value area.
func (t *Tx) Put(key string, value []byte) error { return t.b(bKV).Put([]byte(key), value) }

// Delete removes key from the key-value area.
func (t *Tx) Delete(key string) error { return t.b(bKV).Delete([]byte(key)) }

// ScanKV calls fn for every key in the key-value area that starts with
// prefix, in key order; value is a copy. The console keeps its sessions and
// its index of held conversations under such prefixes.
func (t *Tx) ScanKV(prefix string, fn func(key string, value []byte) error) error {
	pfx := []byte(prefix)
	c := t.b(bKV).Cursor()
	for k, v := c.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, v = c.Next() {
		if err := fn(string(k), append([]byte(nil), v...)); err != nil {
			return err
		}
	}
	return nil
}
