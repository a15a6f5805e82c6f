package desk

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"hotline/config"
	"hotline/httpx"
	"hotline/store"
)

// Attachments of a department's reply (办理反馈) are kept in the database
// itself, next to the order: a backup (hotline backup, online or not)
// holds them, and a restore brings them back. Each has a record (the
// order, the file name as uploaded, size and time) under
// attachmentPrefix+id and its bytes under attachmentDataPrefix+id.
// Attachments from before this change are files under
// DataDir/attachments with a record that holds only the order number;
// they are still served, under their id, and are not in backups (copy
// that folder along with the backup).
const attachmentDataPrefix = "desk.attachment.data:"

// attachmentRecord is what the store keeps about an attachment.
type attachmentRecord struct {
	Number string    `json:"number"`
	Name   string    `json:"name"`
	Size   int64     `json:"size"`
	At     time.Time `json:"at"`
	// Removed is when the retention run deleted the file's content (past
	// retention.mask_personal_after_days from the order's end, with the
	// personal data of its name masked: store/pipl_uploads.go); the
	// record stays, so the order still shows that a file was attached.
	Removed time.Time `json:"removed,omitzero"`
}

// AttachmentView is an attachment as the order page lists it.
type AttachmentView struct {
	URL     string    `json:"url"`
	Name    string    `json:"name"`
	Size    int64     `json:"size,omitempty"`
	Removed time.Time `json:"removed,omitzero"` // content deleted under the retention rule
}

// attachmentTypes are the extensions of the files a department may attach.
var attachmentTypes = []string{".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".doc", ".docx", ".xls", ".xlsx", ".txt", ".zip"}

// attachmentExt returns the lower-case extension of a file type a
// department may attach.
func attachmentExt(name string) (string, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	if slices.Contains(attachmentTypes, ext) {
		return ext, true
	}
	return "", false
}

// attachmentAccept is the file input's accept attribute (served in meta):
// the extensions it takes and the media types of its images, which make a
// phone offer its camera beside its files (a list of extensions alone does
// not, in some browsers).
func attachmentAccept() string {
	accept := slices.Clone(attachmentTypes)
	for _, ext := range attachmentTypes {
		if t := mime.TypeByExtension(ext); strings.HasPrefix(t, "image/") && !slices.Contains(accept, t) {
			accept = append(accept, t)
		}
	}
	return strings.Join(accept, ",")
}

// cleanFileName keeps the last path element of an uploaded file's name,
// without control characters, at most 100 characters (the extension
// kept); a name with nothing left is unnamed (desk_texts.attachment).
func cleanFileName(name, unnamed string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = filepath.Base(name)
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 100 {
		ext := filepath.Ext(name)
		name = string(r[:100-utf8.RuneCountInString(ext)]) + ext
	}
	if strings.Trim(name, ". ") == "" {
		return unnamed
	}
	return name
}

// saveAttachment stores an upload for order number in the database and
// returns its reference, the console path that serves it.
func (c *Console) saveAttachment(f io.Reader, name string, size int64, number string) (string, error) {
	ext, ok := attachmentExt(name)
	if !ok {
		return "", httpx.ErrAttachmentType
	}
	tooLarge := httpx.ErrAttachmentTooLarge.WithText(txtUploadLimit, config.HTTPErrorData{Max: c.o.MaxUpload >> 20})
	if size > c.o.MaxUpload {
		return "", tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(f, c.o.MaxUpload+1))
	if err != nil {
		return "", fmt.Errorf("desk: unable to read attachment: %w", err)
	}
	if int64(len(data)) > c.o.MaxUpload {
		return "", tooLarge
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	id := hex.EncodeToString(b[:]) + ext
	rec, _ := json.Marshal(attachmentRecord{Number: number, Name: cleanFileName(name, c.o.Config.DeskTexts.Attachment), Size: int64(len(data)), At: c.now()})
	err = c.o.Store.UpdateNow(func(tx *store.Tx) error {
		if err := tx.Put(attachmentDataPrefix+id, data); err != nil {
			return err
		}
		return tx.Put(attachmentPrefix+id, rec)
	})
	if err != nil {
		return "", fmt.Errorf("desk: unable to store attachment %s: %w", id, err)
	}
	return consolePath + "/attachments/" + id, nil
}

// dropAttachment removes a stored upload (the reply it came with was
// rejected).
func (c *Console) dropAttachment(ref string) {
	id := strings.TrimPrefix(ref, consolePath+"/attachments/")
	err := c.o.Store.UpdateNow(func(tx *store.Tx) error {
		if err := tx.Delete(attachmentDataPrefix + id); err != nil {
			return err
		}
		return tx.Delete(attachmentPrefix + id)
	})
	if err != nil {
		c.log.Warn("drop attachment", "id", id, "err", err)
	}
}

// attachmentID checks the id part of an attachment's path.
func attachmentID(id string) bool {
	base, ext, _ := strings.Cut(id, ".")
	if len(base) != 32 || strings.Trim(base, "0123456789abcdef") != "" {
		return false
	}
	_, ok := attachmentExt("." + ext)
	return ok
}

// attachmentInfo reads an attachment's record; a record from before the
// attachments moved into the database holds only the order number.
func (c *Console) attachmentInfo(id string) (attachmentRecord, bool) {
	raw, err := c.o.Store.GetKV(attachmentPrefix + id)
	if err != nil || raw == nil {
		return attachmentRecord{}, false
	}
	var rec attachmentRecord
	if bytes.HasPrefix(raw, []byte("{")) {
		if json.Unmarshal(raw, &rec) != nil {
			return attachmentRecord{}, false
		}
		return rec, true
	}
	return attachmentRecord{Number: string(raw), Name: id}, true
}

// attachmentViews lists an order's attachments with their file names.
func (c *Console) attachmentViews(refs []string) []AttachmentView {
	out := []AttachmentView{}
	for _, ref := range refs {
		id, ok := strings.CutPrefix(ref, consolePath+"/attachments/")
		if !ok || !attachmentID(id) {
			continue // a channel's media reference, not a console upload
		}
		if rec, ok := c.attachmentInfo(id); ok {
			out = append(out, AttachmentView{URL: ref, Name: rec.Name, Size: rec.Size, Removed: rec.Removed})
		}
	}
	return out
}

// attachment serves an uploaded file, under the name it was uploaded
// with, to a user who may see the order it belongs to; any other id is
// "not found", like another department's order.
func (c *Console) attachment(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if !attachmentID(id) {
		return httpx.ErrAttachmentNotFound
	}
	rec, ok := c.attachmentInfo(id)
	if !ok || !rec.Removed.IsZero() {
		return httpx.ErrAttachmentNotFound
	}
	if _, err := c.visibleOrder(actorOf(r), rec.Number); err != nil {
		return httpx.ErrAttachmentNotFound
	}
	data, err := c.o.Store.GetKV(attachmentDataPrefix + id)
	if err != nil {
		return err
	}
	ctype := mime.TypeByExtension(filepath.Ext(id))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", contentDisposition(rec.Name))
	if data != nil {
		http.ServeContent(w, r, "", rec.At, bytes.NewReader(data))
		return nil
	}
	// An attachment stored as a file before.
	path := filepath.Join(c.o.DataDir, attachmentsDir, id)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return httpx.ErrAttachmentNotFound
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	http.ServeContent(w, r, "", st.ModTime(), f)
	return nil
}
