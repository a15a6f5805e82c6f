package store

import (
	bolt "go.etcd.io/bbolt"
)

// Tx is a transaction with hotline's domain methods. Values returned by its
// getters are decoded copies and stay valid after the transaction ends.
type Tx struct {
	tx *bolt.Tx
	// convIdx remembers the index-relevant state of conversations read in
	// this transaction, so PutConversation need not decode them again.
	convIdx map[string]convIndex
	rollup  *Rollup // the report counters kept with each order (rollups.go)
}

func (t *Tx) b(name []byte) *bolt.Bucket { return t.tx.Bucket(name) }
