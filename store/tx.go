package store

import (
	"sync/atomic"

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
	// or forgets the number here. A number NextTicketNumber gave in this
	// transaction is here with nil: no order has it yet.
	written map[string]*storedTicket
	// fresh is the last order number NextTicketNumber gave in this
	// transaction: its records may have been packed by a rehearsal
	// (prepare_record.go).
	fresh  string
	taken  *atomic.Int64 // counts the records written so (WriteStats.Rehearsed)
	rollup *Rollup       // the report counters kept with each order (rollups.go)
	arch   *Archive      // the yearly archive (archive.go); nil in an archive file's own transactions
	// rawDedupe is until when (Unix nanoseconds) Seen also looks for a
	// key as schema version 4 stored it, hashedDedupe for a key with a
	// time as versions 5 and 6 stored it (dedupe.go); 0 in an archive
	// file's transactions, which keep no dedupe keys.
	rawDedupe, hashedDedupe int64
	// lists are the conversations' lists of message ids this transaction
	// changed and has not stored yet (messages.go); deferLists: it keeps
	// them there until PutConversation or flushLists, which the store's
	// write transactions call at their end.
	lists      map[string]*pendingList
	deferLists bool
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

// rootCheckEvery is how many write transactions pass between two looks at
// the tree of buckets (tidyRoot): a look reads one page header, and a split
// tree costs pages at every commit until it is merged.
const rootCheckEvery = 64

// tidyRoot merges the leaves of the tree of buckets (bbolt's root: every
// top-level bucket's header, and the small buckets themselves, which bbolt
// stores inside it) back into one page when everything in them fits in
// one, every rootCheckEvery write transactions.
//
// A commit rewrites each page of that tree that holds a bucket it changed
// (a changed bucket's root page moves), and a message changes buckets all
// over the alphabet, so a commit rewrites every leaf of the tree. The
// leaves split while the file is new and its buckets still small enough to
// be stored inside them, and bbolt merges leaves only after a deletion, so
// once those buckets have pages of their own the tree stays split: 4–5
// pages every commit writes where one would hold it. Creating and deleting
// a bucket beside each one (its name and a zero byte: no bucket of the
// store has one) is such a deletion in every leaf; at commit bbolt merges
// each leaf under half a page into its neighbour, and a branch left with
// one child gives way to it. Nothing else changes.
func (b *boltBackend) tidyRoot(tx *bolt.Tx) error {
	if b.writes.Add(1)%rootCheckEvery != 0 {
		return nil
	}
	return tidyRoot(tx)
}

// tidyRoot merges the tree of buckets of tx into one leaf when it is split
// and its contents fit in one page; see boltBackend.tidyRoot.
func tidyRoot(tx *bolt.Tx) error {
	root := tx.Cursor().Bucket()
	info, err := tx.Page(int(root.Root()))
	if err != nil || info == nil || info.Type != "branch" || !rootFits(tx) {
		return nil
	}
	// Leaves under half a page merge (bbolt's threshold is half the fill
	// percent), and a merged leaf that outgrows a page splits into full
	// ones.
	root.FillPercent = 1
	var names [][]byte
	c := tx.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		names = append(names, append([]byte(nil), k...))
	}
	for _, name := range names {
		beside := append(name, 0)
		if _, err := tx.CreateBucket(beside); err != nil {
			continue // taken (by nothing of the store's): no deletion here
		}
		if err := tx.DeleteBucket(beside); err != nil {
			return err
		}
	}
	return nil
}

// rootFits reports whether the tree of buckets of tx fits in one page: a
// leaf element and a bucket header for each bucket, and the contents of
// those stored inline.
func rootFits(tx *bolt.Tx) bool {
	const pageHeader, element, bucketHeader = 16, 16, 16
	size := pageHeader
	c := tx.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		size += element + len(k) + bucketHeader
		if bk := tx.Bucket(k); bk != nil && bk.Root() == 0 {
			size += bk.Stats().InlineBucketInuse
		}
	}
	return size <= tx.DB().Info().PageSize
}
