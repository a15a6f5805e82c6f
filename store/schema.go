package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the version of the bucket layout this code writes.
const SchemaVersion = 8

var (
	bMeta          = []byte("meta")
	bCitizens      = []byte("citizens")
	bIdentities    = []byte("identities")
	bPhones        = []byte("phones")
	bConversations = []byte("conversations")
	bQueue         = []byte("idx_queue")
	bDrafts        = []byte("idx_drafts")
	bMessages      = []byte("messages")
	bTickets       = []byte("tickets")
	bTicketSeq     = []byte("ticket_seq")
	bIdxStatus     = []byte("idx_ticket_status")
	bIdxDept       = []byte("idx_ticket_dept")
	bIdxDue        = []byte("idx_ticket_due")
	bIdxCitizen    = []byte("idx_ticket_citizen")
	bDedupe        = []byte("dedupe")
	bOutbox        = []byte("outbox")
	bOutboxDue     = []byte("outbox_due")
	bOutboxKeys    = []byte("outbox_keys")
	bUsers         = []byte("users")
	bAudit         = []byte("audit")
	bKV            = []byte("kv")
	bConvCitizen   = []byte("idx_conv_citizen")
)

// migrations bring a database from version i to i+1 (index = target version).
var migrations = map[int]func(tx *bolt.Tx) error{
	1: func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bMeta, bCitizens, bIdentities, bPhones, bConversations, bQueue, bDrafts,
			bMessages, bTickets, bTicketSeq, bIdxStatus, bIdxDept, bIdxDue, bIdxCitizen, bDedupe,
			bOutbox, bOutboxDue, bOutboxKeys, bUsers, bAudit, bKV} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 2: the workflow's scheduler marks, department inboxes, return-visit
	// watches, pending citizen notices and the co-department index
	// (workflow.go).
	2: func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bWfFired, bWfInbox, bWfVisits, bWfNotices, bIdxCoDept} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 3: conversations by citizen (conversation ids need not be
	// channel:user any more), built from the stored conversations.
	3: func(tx *bolt.Tx) error {
		idx, err := tx.CreateBucketIfNotExists(bConvCitizen)
		if err != nil {
			return err
		}
		return tx.Bucket(bConversations).ForEach(func(k, v []byte) error {
			var c struct {
				CitizenID string `json:"citizen_id"`
			}
			if unmarshalRecord(v, &c) != nil || c.CitizenID == "" {
				return nil
			}
			return idx.Put(idx2(c.CitizenID, string(k)), nil)
		})
	},
	// 4: rating questions that went out on another channel than their
	// conversation's (ratings.go).
	4: func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bRatingsAway)
		return err
	},
	// 5: messages keyed by id alone with a list of ids per conversation,
	// in a compact form (messages.go); drafts apart from their
	// conversations (conversations.go); dedupe keys hashed (dedupe.go).
	// Records of version 4 are read as they are, so nothing is rewritten.
	5: func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bConvMessages, bConvDrafts} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
	// 6: work orders, audit entries, departments' reminders and messages
	// deflated with a preset dictionary (deflate.go). Records of version 5
	// are read as they are, so nothing is rewritten; the version keeps
	// older builds, which cannot read the new records, from opening the
	// file.
	6: func(tx *bolt.Tx) error { return nil },
	// 7: dedupe keys with the platform's time in front (dedupe.go), so
	// that new ones are appended instead of landing on random pages. Keys
	// of version 6 are looked up too while one may be unexpired
	// (dedupe_hashed_until, stored after the migrations); the version
	// keeps older builds, which would miss the new keys and handle a
	// retried message twice, from opening the file.
	7: func(tx *bolt.Tx) error { return nil },
	// 8: a conversation's list of message ids inside its value
	// (convListed, conversations.go) instead of a record of bConvMessages
	// beside it, so that a message writes one bucket less. Lists of
	// version 7 are read where they are and move into the value when the
	// conversation next gets a message, so nothing is rewritten; the
	// version keeps older builds, which would not find the new lists,
	// from opening the file.
	8: func(tx *bolt.Tx) error { return nil },
}

// idx2 is an index key: field, a zero byte, id.
func idx2(field, id string) []byte { return []byte(field + "\x00" + id) }

func (s *boltBackend) migrate() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bMeta)
		if err != nil {
			return err
		}
		v := 0
		if b := meta.Get([]byte("schema_version")); len(b) == 8 {
			v = int(binary.BigEndian.Uint64(b))
		} else if foreign(tx) {
			return &DamageError{Path: s.path, Problem: "a bbolt database of another program (it has no hotline schema version)", Kind: DamageForeign}
		}
		if v > SchemaVersion {
			return &OpenError{Problem: OpenNewerSchema, Path: s.path, Version: v}
		}
		for next := v + 1; next <= SchemaVersion; next++ {
			if err := migrations[next](tx); err != nil {
				return fmt.Errorf("store: migration to version %d: %w", next, err)
			}
			if err := meta.Put([]byte("schema_version"), u64(uint64(next))); err != nil {
				return err
			}
		}
		if s.rawDedupe, s.hashedDedupe, err = dedupeBounds(tx, v == 0); err != nil {
			return err
		}
		// Indexes older builds neither need nor harm, outside the
		// versions.
		t := s.newTx(tx)
		if err := t.ensureSignIndex(); err != nil {
			return err
		}
		return t.ensureClosedIndex()
	})
}
