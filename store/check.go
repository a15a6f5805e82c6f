package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"hotline/domain"
	"hotline/ticket"
)

// CheckReport is what Check found in a sound file.
type CheckReport struct {
	Path    string
	Bytes   int64
	Schema  int
	Buckets int
	Records int // keys in all buckets, every value decoded
	// Files are the files of a backup (backup.go), all checked; Schema
	// is the database's, Buckets and Records are summed over them.
	Files []string
}

// recordChecks says how each bucket's values must decode; a bucket not
// listed is checked by bbolt only. Keep it in step with the encodings in
// tx.go, workflow.go and ratings.go (TestCheckSoundDatabase writes one
// record of each kind and fails when a decoder here no longer matches).
var recordChecks = map[string]func(v []byte) error{
	string(bCitizens):      jsonAs[domain.Citizen],
	string(bConversations): checkConversation,
	string(bMessages):      checkMessage,
	string(bConvMessages):  checkMessageIDs,
	string(bConvDrafts):    jsonAs[ticket.Ticket],
	string(bTickets):       jsonAs[ticket.Ticket],
	string(bOutbox):        jsonAs[OutboxEntry],
	string(bUsers):         jsonAs[User],
	string(bAudit):         jsonAs[AuditEntry],
	string(bWfInbox):       jsonAs[domain.Reminder],
	string(bWfNotices):     jsonAs[domain.Notice],
	string(bRatingsAway):   jsonAs[RatingAway],
	string(bDedupe):        fixed8,
	string(bOutboxKeys):    fixed8,
	string(bDrafts):        fixed8,
	string(bWfFired):       fixed8,
	string(bWfVisits):      fixed8,
}

func jsonAs[T any](v []byte) error {
	var x T
	return unmarshalRecord(v, &x)
}

func checkConversation(v []byte) error {
	var c domain.Conversation
	return unmarshalConversation(v, &c)
}

func fixed8(v []byte) error {
	if len(v) != 8 {
		return fmt.Errorf("a value of %d bytes where 8 are expected", len(v))
	}
	return nil
}

// Check runs the full consistency check of the database or backup at
// path: the checks Open makes, a walk of every page, bbolt's own
// consistency check (tx.Check), the schema version, and the decoding of
// every record. The file is only read. Damage is a *DamageError naming the
// first problem; a file in use by a running server is refused. A backup
// of several files (backup.go) is checked file by file, after its
// manifest.
func Check(path string) (*CheckReport, error) {
	bundle, err := isBundle(path)
	if err != nil {
		return nil, err
	}
	if bundle {
		return checkBundle(path)
	}
	return check(path, false)
}

func check(path string, backup bool) (rep *CheckReport, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, &OpenError{Problem: OpenFailed, Path: path, Err: err}
	}
	if st.IsDir() {
		return nil, &OpenError{Problem: OpenFailed, Path: path, Err: &fs.PathError{Op: "check", Path: path, Err: syscall.EISDIR}}
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("store: %s is not a regular file", path)
	}
	// A running server holds the file (OpenInUse): the command line says
	// to check a backup of it instead.
	unlock, err := lockFile(path, false, time.Second)
	if err != nil {
		return nil, err
	}
	defer unlock()
	damaged := func(kind DamageKind, format string, a ...any) *DamageError {
		return &DamageError{Path: path, Problem: fmt.Sprintf(format, a...), Backup: backup, Kind: kind}
	}
	fc, err := preflight(path, true)
	if err != nil {
		var de *DamageError
		if errors.As(err, &de) {
			de.Backup = backup
		}
		return nil, err
	}
	if fc.warning != "" {
		return nil, damaged(DamageMeta, "%s", fc.warning)
	}
	rep = &CheckReport{Path: path, Bytes: st.Size()}
	var db *bolt.DB
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			rep, err = nil, damaged(DamagePages, "%v", r)
		}
		if db != nil {
			db.Close()
		}
	}()
	db, err = bolt.Open(path, 0o400, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		db = nil
		return nil, damaged(DamagePages, "%v", err)
	}
	err = db.View(func(tx *bolt.Tx) error {
		for cerr := range tx.Check() {
			if err == nil {
				err = damaged(DamagePages, "%v", cerr)
			}
		}
		if err != nil {
			return err
		}
		meta := tx.Bucket(bMeta)
		if meta == nil {
			return damaged(DamageForeign, "not a hotline database (no schema version)")
		}
		if b := meta.Get([]byte("schema_version")); len(b) == 8 {
			rep.Schema = int(binary.BigEndian.Uint64(b))
		}
		if rep.Schema < 1 || rep.Schema > SchemaVersion {
			de := damaged(DamageSchema, "schema version %d, this build reads 1 to %d", rep.Schema, SchemaVersion)
			de.Version = rep.Schema
			return de
		}
		for _, b := range [][]byte{bTickets, bConversations, bOutbox} {
			if tx.Bucket(b) == nil {
				de := damaged(DamageBucket, "bucket %s is missing", b)
				de.Name = string(b)
				return de
			}
		}
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			rep.Buckets++
			decode := recordChecks[string(name)]
			return b.ForEach(func(k, v []byte) error {
				rep.Records++
				if decode == nil || v == nil {
					return nil
				}
				if err := decode(v); err != nil {
					de := damaged(DamageRecord, "record %q in %s does not decode: %v", shortKey(k), name, err)
					de.Name = string(name)
					return de
				}
				return nil
			})
		})
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// shortKey shows at most 24 bytes of a key in messages.
func shortKey(k []byte) string {
	if len(k) > 24 {
		return string(k[:24]) + "…"
	}
	return string(k)
}
