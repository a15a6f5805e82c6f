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
	// written remembers what PutTicket needs of the orders it wrote in
	// this transaction (their index keys and rollup counters), so that an
	// order written twice (registered, then dispatched automatically) is
	// not decoded again. Every write of bTickets goes through PutTicket,
	// or forgets the number here.
	written map[string]*storedTicket
	rollup  *Rollup  // the report counters kept with each order (rollups.go)
	arch    *Archive // the yearly archive (archive.go); nil in an archive file's own transactions
	// rawDedupe is until when (Unix nanoseconds) Seen also looks for a
	// key as schema version 4 stored it, hashedDedupe for a key with a
	// time as versions 5 and 6 stored it (dedupe.go); 0 in an archive
	// file's transactions, which keep no dedupe keys.
	rawDedupe, hashedDedupe int64
}

func (t *boltTx) b(name []byte) *bolt.Bucket {
	b := t.tx.Bucket(name)
	if b != nil && t.tx.Writable() {
		if f, ok := fillPercent[string(name)]; ok {
			b.FillPercent = f
		}
	}
	return b
}

// fillPercent is how full bbolt fills a page it splits, for the buckets
// whose keys grow (ids, numbers, times): new keys land on the last page,
// so a split that leaves the page nearly full loses nothing, where bbolt's
// default (half) would leave every page of the bucket half empty.
var fillPercent = map[string]float64{
	string(bMessages):      0.95,
	string(bTickets):       0.95,
	string(bConversations): 0.9,
	string(bCitizens):      0.8,
	string(bWfInbox):       0.9,
	string(bConvMessages):  0.9,
	string(bIdentities):    0.9,
	string(bAudit):         0.95,
	string(bOutbox):        0.95,
	string(bWfNotices):     0.95,
}
