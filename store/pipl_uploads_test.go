package store

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hotline/ticket"
)

// TestRemoveUploadsPastTheAge: the console's uploads of an order finished
// before the cut lose their content (in the database, or a file of the
// old kind under the data folder) and keep a record marked removed with
// the name masked; uploads of an order finished later or still open stay
// until that order has passed the age too; the reports' counts do not
// change and a second run removes nothing.
func TestRemoveUploadsPastTheAge(t *testing.T) {
	path, st := piplFixture(t)
	dir := filepath.Dir(path)
	old := time.Date(2022, 5, 3, 9, 0, 0, 0, time.UTC)
	const (
		idOld    = "0123456789abcdef0123456789abcdef.jpg" // of 20220503-0001
		idFile   = "abcdef0123456789abcdef0123456789.png" // the same, kept as a file
		idLater  = "11111111111111111111111111111111.pdf" // of an order finished in 2024
		idOpen   = "22222222222222222222222222222222.jpg" // of an order still open
		contents = "a photo of an ID card"
	)
	must(t, os.MkdirAll(filepath.Join(dir, "attachments"), 0o700))
	must(t, os.WriteFile(filepath.Join(dir, "attachments", idFile), []byte(contents), 0o600))
	record := func(number, name string, at time.Time) []byte {
		b, _ := json.Marshal(map[string]any{"number": number, "name": name, "size": len(contents), "at": at})
		return b
	}
	must(t, st.UpdateNow(func(tx *Tx) error {
		tk, err := tx.Ticket("20220503-0001")
		if err != nil {
			return err
		}
		tk.Attachments = append(tk.Attachments, "/desk/attachments/"+idOld, "/desk/attachments/"+idFile)
		if err := tx.PutTicket(tk); err != nil {
			return err
		}
		for k, v := range map[string][]byte{
			"desk.attachment:" + idOld: record(tk.Number, piplName+"身份证.jpg", old), "desk.attachment.data:" + idOld: []byte(contents),
			"desk.attachment:" + idFile: []byte(tk.Number),
		} {
			if err := tx.Put(k, v); err != nil {
				return err
			}
		}
		return nil
	}))
	before := countsOf(t, st)
	cut := time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC)
	now := cut.AddDate(3, 0, 0)
	res, err := st.RunArchive(context.Background(), ArchiveOptions{MaskBefore: cut, Now: now})
	must(t, err)
	t.Logf("run %+v", res)
	if res.RemovedUploads != 2 {
		t.Fatalf("removed %d uploads, want 2", res.RemovedUploads)
	}
	// Uploads written after the list was built: one of an order that
	// finishes in 2024, one of an open order.
	must(t, st.UpdateNow(func(tx *Tx) error {
		for _, tk := range []*ticket.Ticket{
			{Number: "20231105-0001", Status: ticket.Closed, CitizenID: "c2", ReceivedAt: cut.AddDate(0, -1, 0), ClosedAt: cut.AddDate(0, 2, 0),
				Attachments: []string{"/desk/attachments/" + idLater}},
			{Number: "20230106-0002", Status: ticket.Dispatched, CitizenID: "c2", ReceivedAt: cut.AddDate(0, -11, 0),
				Attachments: []string{"/desk/attachments/" + idOpen}},
		} {
			if err := tx.PutTicket(tk); err != nil {
				return err
			}
		}
		for k, v := range map[string][]byte{
			"desk.attachment:" + idLater: record("20231105-0001", "回复.pdf", cut.AddDate(0, -1, 0)), "desk.attachment.data:" + idLater: []byte(contents),
			"desk.attachment:" + idOpen: record("20230106-0002", "现场.jpg", cut.AddDate(0, -11, 0)), "desk.attachment.data:" + idOpen: []byte(contents),
		} {
			if err := tx.Put(k, v); err != nil {
				return err
			}
		}
		return nil
	}))
	if res, err := st.RunArchive(context.Background(), ArchiveOptions{MaskBefore: cut, Now: now}); err != nil || res.RemovedUploads != 0 {
		t.Fatalf("a second run: %+v %v", res, err)
	}
	// A year on, the order finished in 2024 has passed the age; the open one has not.
	res, err = st.RunArchive(context.Background(), ArchiveOptions{MaskBefore: cut.AddDate(1, 0, 0), Now: now.AddDate(1, 0, 0)})
	must(t, err)
	if res.RemovedUploads != 1 {
		t.Fatalf("a year on removed %d uploads, want 1 (%+v)", res.RemovedUploads, res)
	}
	must(t, st.View(func(tx *Tx) error {
		for id, gone := range map[string]bool{idOld: true, idLater: true, idOpen: false} {
			if data := tx.Get("desk.attachment.data:" + id); (data == nil) != gone {
				t.Errorf("content of %s: %q", id, data)
			}
		}
		var rec struct {
			Number  string    `json:"number"`
			Name    string    `json:"name"`
			Removed time.Time `json:"removed"`
		}
		must(t, json.Unmarshal(tx.Get("desk.attachment:"+idOld), &rec))
		if rec.Number != "20220503-0001" || rec.Name != "王**身份证.jpg" || !rec.Removed.Equal(now) {
			t.Errorf("the removed upload's record %+v", rec)
		}
		rec.Removed = time.Time{}
		must(t, json.Unmarshal(tx.Get("desk.attachment:"+idFile), &rec))
		if rec.Number != "20220503-0001" || rec.Removed.IsZero() {
			t.Errorf("the old kind's record %+v", rec)
		}
		if v := tx.Get("desk.attachment:" + idOpen); v == nil || json.Unmarshal(v, &rec) != nil || rec.Name != "现场.jpg" {
			t.Errorf("the open order's upload %s", v)
		}
		tk, err := tx.Ticket("20220503-0001")
		if err != nil || len(tk.Attachments) != 3 {
			t.Errorf("the order keeps its references: %v %v", tk.Attachments, err)
		}
		return nil
	}))
	if _, err := os.Stat(filepath.Join(dir, "attachments", idFile)); !os.IsNotExist(err) {
		t.Errorf("the old kind's file: %v", err)
	}
	after := countsOf(t, st)
	delete(after, "closed//"+"/20231101")
	delete(after, "dispatched//"+"/20230101")
	if !maps.Equal(before, after) {
		t.Errorf("counts before %v, after %v", before, after)
	}
}
