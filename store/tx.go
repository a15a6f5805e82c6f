package store

import (
	bolt "go.etcd.io/bbolt"
)

// Tx is one transaction as the rest of hotline sees it: every aggregate's
// operations (Ops), whatever the backend. Values returned by its getters
// are decoded copies and stay valid after the transaction ends.
type Tx struct{ Ops }

// boltTx implements Ops over a bbolt transaction.
type boltTx struct {
	tx *bolt.Tx
	// convIdx remembers the index-relevant state of conversations read in
	// this transaction, so PutConversation need not decode them again.
	convIdx map[string]convIndex
	rollup  *Rollup // the report counters kept with each order (rollups.go)
}

func (t *boltTx) b(name []byte) *bolt.Bucket { return t.tx.Bucket(name) }
