package store

import "encoding/binary"

// OutboxByKey returns the outbox entry with idempotency key key. Delivery
// reports (Kannel DLRs, Twilio status callbacks) name the entry by the key
// the channel was given, so that they find the message they are about.
func (t *Tx) OutboxByKey(key string) (*OutboxEntry, error) {
	v := t.b(bOutboxKeys).Get([]byte(key))
	if len(v) != 8 {
		return nil, ErrNotFound
	}
	return t.OutboxEntry(binary.BigEndian.Uint64(v))
}
