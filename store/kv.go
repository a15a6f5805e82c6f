package store

import "bytes"

// Get returns a copy of the value stored under key in the key-value area.
func (t *boltTx) Get(key string) []byte {
	v := t.b(bKV).Get([]byte(key))
	if v == nil {
		return nil
	}
	return append([]byte(nil), v...)
}

// Put stores value under key in the key-value area.
func (t *boltTx) Put(key string, value []byte) error { return t.b(bKV).Put([]byte(key), value) }

// Delete removes key from the key-value area.
func (t *boltTx) Delete(key string) error { return t.b(bKV).Delete([]byte(key)) }

// ScanKV calls fn for every key in the key-value area that starts with
// prefix, in key order; value is a copy. The console keeps its sessions and
// its index of held conversations under such prefixes.
func (t *boltTx) ScanKV(prefix string, fn func(key string, value []byte) error) error {
	pfx := []byte(prefix)
	c := t.b(bKV).Cursor()
	for k, v := c.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, v = c.Next() {
		if err := fn(string(k), append([]byte(nil), v...)); err != nil {
			return err
		}
	}
	return nil
}
