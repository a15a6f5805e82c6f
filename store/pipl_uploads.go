package store

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"hotline/domain"
	"hotline/ticket"
)

// Files uploaded in the console and attached to an order (a department's
// photos of the site, scans of documents) may show faces, ID cards or
// addresses, and no form masks a picture. Past the personal-data
// retention, counted from the order's end, removeUploads deletes their
// content and keeps their record, marked removed (with the time) and
// with the personal data of its file name masked: the order page still
// says that a file was attached and that it was removed under the rule.
// What the office must keep of the case is the order itself (its reply
// and history, masked by the same run), which stays.
//
// The console keeps an upload's record under uploadPrefix+id (JSON:
// number, name, size, at; or, before the uploads moved into the
// database, the order number alone, with the bytes in a file under the
// data folder's attachments/) and its bytes under uploadDataPrefix+id
// (desk/attachments.go); an order refers to it as uploadRef+id.
const (
	uploadPrefix     = "desk.attachment:"
	uploadDataPrefix = "desk.attachment.data:"
	uploadRef        = "/desk/attachments/"
	uploadDir        = "attachments"
)

// dueUploads lists an order with console uploads on the day it finished
// (pipl_due.go).
const dueUploads = 'a'

// hasUploads reports whether refs name a console upload.
func hasUploads(refs []string) bool {
	for _, r := range refs {
		if strings.HasPrefix(r, uploadRef) {
			return true
		}
	}
	return false
}

// listUploads lists, while the due list is built, the order of every
// upload record on the day it was uploaded (the run looks at the order
// then, and lists it again on the day it finishes if it had not).
func (t *boltTx) listUploads(from []byte, limit int) (next []byte, n int, err error) {
	c := t.b(bKV).Cursor()
	pfx := []byte(uploadPrefix)
	k, v := c.Seek(pfx)
	if from != nil {
		k, v = seekAfter(c, from)
	}
	for ; k != nil && strings.HasPrefix(string(k), uploadPrefix) && n < limit; k, v = c.Next() {
		n++
		next = clone(k)
		number, at := uploadOrder(v)
		if number != "" {
			if err := t.b(bDue).Put(dueEntry(dueUploads, dueDay(at), number), []byte{}); err != nil {
				return next, n, err
			}
		}
	}
	return next, n, nil
}

// uploadOrder reads an upload record's order and time (zero for an old
// record that holds the order number alone).
func uploadOrder(v []byte) (string, time.Time) {
	var rec struct {
		Number string    `json:"number"`
		At     time.Time `json:"at"`
	}
	if len(v) > 0 && v[0] == '{' {
		if json.Unmarshal(v, &rec) != nil {
			return "", time.Time{}
		}
		return rec.Number, rec.At
	}
	return string(v), time.Time{}
}

// removeUploads removes the content of order number's console uploads
// when the order finished before cut (see above), dir being the data
// folder; it returns how many it removed (would remove, without write).
func (t *boltTx) removeUploads(number string, cut, now time.Time, dir string, write bool) (int, error) {
	tk, err := t.Ticket(number)
	if err == ErrNotFound {
		tk, err = t.archivedTicket(number)
	}
	if err == ErrNotFound {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	at, done := archivable(tk)
	if !done {
		return 0, nil // listed again when it finishes
	}
	if !at.Before(cut) {
		if write {
			return 0, t.markDue(dueUploads, at, number)
		}
		return 0, nil
	}
	names := domain.PersonalNames(tk)
	n := 0
	for _, ref := range tk.Attachments {
		id, ok := strings.CutPrefix(ref, uploadRef)
		if !ok || id == "" || strings.ContainsAny(id, `/\`) {
			continue
		}
		raw := t.b(bKV).Get([]byte(uploadPrefix + id))
		if raw == nil {
			continue
		}
		rec := map[string]any{}
		if raw[0] == '{' {
			if err := json.Unmarshal(raw, &rec); err != nil {
				continue // not a record the console wrote
			}
		} else {
			rec["number"], rec["name"] = string(raw), id
		}
		if _, removed := rec["removed"]; removed {
			continue
		}
		n++
		if !write {
			continue
		}
		if err := t.b(bKV).Delete([]byte(uploadDataPrefix + id)); err != nil {
			return n, err
		}
		if dir != "" {
			// An upload kept as a file before; gone before the record says
			// so (a failed transaction leaves the record to mark again).
			if err := os.Remove(filepath.Join(dir, uploadDir, id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return n, err
			}
		}
		if name, ok := rec["name"].(string); ok {
			rec["name"] = domain.MaskPersonalText(name, names...)
		}
		rec["removed"] = now
		v, err := json.Marshal(rec)
		if err != nil {
			return n, err
		}
		if err := t.b(bKV).Put([]byte(uploadPrefix+id), v); err != nil {
			return n, err
		}
	}
	return n, nil
}

// markUploads lists a finished order with console uploads on the day it
// finished.
func (t *boltTx) markUploads(tk *ticket.Ticket, at time.Time) error {
	if !hasUploads(tk.Attachments) {
		return nil
	}
	return t.markDue(dueUploads, at, tk.Number)
}
