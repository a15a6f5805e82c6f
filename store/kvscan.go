package store

import "bytes"

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
