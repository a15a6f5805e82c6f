package desk

import (
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hotline/store"
)

// TestAttachmentKeepsItsNameAndIsInBackups: an uploaded file downloads
// under the name it was uploaded with, the order lists it by that name,
// and a backup of the database holds the file.
func TestAttachmentKeepsItsNameAndIsInBackups(t *testing.T) {
	e := newEnv(t, nil)
	police := e.login(t, "police")
	const name = "现场照片 2026-11-27.JPG"
	if code, body := e.postReply(t, police, ownOrder, "已处理", `C:\Users\警员\`+name); code != 200 {
		t.Fatalf("reply: %d %s", code, body)
	}
	var ref string
	for _, c := range e.wf.calls {
		if strings.HasPrefix(c, "reply /desk/attachments/") {
			ref = strings.Fields(c)[1]
		}
	}
	if ref == "" {
		t.Fatalf("no attachment: %v", e.wf.calls)
	}
	resp, body := e.download(t, police, ref)
	if resp.StatusCode != 200 || string(body) != "scan of the result" {
		t.Fatalf("download: %d %q", resp.StatusCode, body)
	}
	cd := resp.Header.Get("Content-Disposition")
	if !strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape(name)) || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("headers: %q %q", cd, resp.Header.Get("Content-Type"))
	}
	e.wf.mu.Lock()
	e.wf.orders[ownOrder].Attachments = []string{ref, "wechat:media-1"}
	e.wf.mu.Unlock()
	_, m := e.do(t, police, "GET", "/desk/api/orders/"+ownOrder, nil)
	files := m["files"].([]any)
	if len(files) != 1 || files[0].(map[string]any)["name"] != name || files[0].(map[string]any)["url"] != ref {
		t.Fatalf("files: %v", m["files"])
	}

	// The backup holds the file; nothing is left on disk to copy.
	bak := filepath.Join(t.TempDir(), "backup.tar")
	if _, err := e.st.BackupFile(bak); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Check(bak); err != nil {
		t.Fatalf("hotline check of the backup: %v", err)
	}
	restoredPath := filepath.Join(t.TempDir(), "hotline.db")
	if _, err := store.Restore(bak, restoredPath); err != nil {
		t.Fatal(err)
	}
	restored, err := store.Open(restoredPath, &store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	id := strings.TrimPrefix(ref, consolePath+"/attachments/")
	data, err := restored.GetKV(attachmentDataPrefix + id)
	if err != nil || string(data) != "scan of the result" {
		t.Fatalf("the backup's copy: %q %v", data, err)
	}
	if len(e.stored(t)) != 1 || strings.Contains(strings.Join(e.stored(t), " "), ".JPG") && !strings.HasPrefix(e.stored(t)[0], attachmentPrefix) {
		t.Fatalf("stored: %v", e.stored(t))
	}
}

func TestCleanFileName(t *testing.T) {
	for in, want := range map[string]string{
		`C:\docs\回复.pdf`:                   "回复.pdf",
		"../../etc/passwd":                 "passwd",
		"a\x00b\r\n.txt":                   "ab.txt",
		"..":                               "未命名",
		strings.Repeat("长", 120) + ".docx": strings.Repeat("长", 95) + ".docx",
	} {
		if got := cleanFileName(in, "未命名"); got != want {
			t.Errorf("cleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRevealPhone: the department holding an order sees the citizen's
// full number on request, and the look is audited as 查看号码.
func TestRevealPhone(t *testing.T) {
	e := newEnv(t, nil)
	police := e.login(t, "police")
	_, m := e.do(t, police, "GET", "/desk/api/orders/"+ownOrder, nil)
	if p := m["ticket"].(map[string]any)["phone"]; p != "139****6688" {
		t.Fatalf("phone before: %v", p)
	}
	code, m := e.do(t, police, "POST", "/desk/api/orders/"+ownOrder+"/phone", nil)
	if code != 200 || m["phone"] != "13953706688" {
		t.Fatalf("reveal: %d %v", code, m)
	}
	if code, _ := e.do(t, e.login(t, "city"), "POST", "/desk/api/orders/"+ownOrder+"/phone", nil); code != 404 {
		t.Fatalf("another department: %d", code)
	}
	if code, _ := e.do(t, e.login(t, "agent1"), "POST", "/desk/api/orders/"+ownOrder+"/phone", nil); code != 403 {
		t.Fatalf("an agent: %d", code)
	}
	e.wf.mu.Lock()
	e.wf.orders[ownOrder].Status = "closed"
	e.wf.mu.Unlock()
	if code, m := e.do(t, police, "POST", "/desk/api/orders/"+ownOrder+"/phone", nil); code != 409 || !strings.Contains(m["error"].(map[string]any)["message"].(string), "已办结") {
		t.Fatalf("closed order: %d %v", code, m)
	}
	var n int
	_ = e.st.View(func(tx *store.Tx) error {
		log, _ := tx.AuditLog(100)
		for _, a := range log {
			if a.Action == "order.reveal_phone" && a.Object == ownOrder && a.Actor == "desk:police" && !strings.Contains(a.After, "13953706688") {
				n++
			}
		}
		return nil
	})
	if n != 1 || e.con.ActionLabel("order.reveal_phone") != "查看号码" {
		t.Fatalf("%d reveals audited", n)
	}
}

// TestRemovedAttachmentIsListedNotServed: an upload whose content the
// retention run deleted (store/pipl_uploads.go) is still listed on the
// order, marked removed, and no longer downloads.
func TestRemovedAttachmentIsListedNotServed(t *testing.T) {
	e := newEnv(t, nil)
	police := e.login(t, "police")
	if code, body := e.postReply(t, police, ownOrder, "已处理", "身份证.jpg"); code != 200 {
		t.Fatalf("reply: %d %s", code, body)
	}
	var ref string
	for _, c := range e.wf.calls {
		if strings.HasPrefix(c, "reply /desk/attachments/") {
			ref = strings.Fields(c)[1]
		}
	}
	id := strings.TrimPrefix(ref, consolePath+"/attachments/")
	// What the retention run leaves.
	err := e.st.UpdateNow(func(tx *store.Tx) error {
		if err := tx.Delete(attachmentDataPrefix + id); err != nil {
			return err
		}
		return tx.Put(attachmentPrefix+id, []byte(`{"number":"`+ownOrder+`","name":"身份证.jpg","size":18,"at":"2022-05-03T09:00:00Z","removed":"2026-12-02T03:30:00Z"}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	e.wf.mu.Lock()
	e.wf.orders[ownOrder].Attachments = []string{ref}
	e.wf.mu.Unlock()
	_, m := e.do(t, police, "GET", "/desk/api/orders/"+ownOrder, nil)
	files := m["files"].([]any)
	if len(files) != 1 || files[0].(map[string]any)["removed"] != "2026-12-02T03:30:00Z" || files[0].(map[string]any)["name"] != "身份证.jpg" {
		t.Fatalf("files: %v", m["files"])
	}
	if resp, _ := e.download(t, police, ref); resp.StatusCode != 404 {
		t.Fatalf("a removed file downloads: %d", resp.StatusCode)
	}
}

// TestAttachmentAcceptOffersTheCamera: the reply's file input (meta's
// attachment_accept) names every type the server takes and the images'
// media types, so that a phone offers its camera; a photo in a type the
// server refuses (HEIC) is not offered.
func TestAttachmentAcceptOffersTheCamera(t *testing.T) {
	e := newEnv(t, nil)
	code, m := e.do(t, e.login(t, "police"), "GET", "/desk/api/meta", nil)
	if code != 200 {
		t.Fatalf("meta: %d %v", code, m)
	}
	accept, _ := m["attachment_accept"].(string)
	offered := strings.Split(accept, ",")
	for _, want := range []string{".jpg", ".pdf", ".docx", "image/jpeg", "image/png"} {
		if !slices.Contains(offered, want) {
			t.Errorf("attachment_accept %q lacks %s", accept, want)
		}
	}
	for _, a := range offered {
		if strings.HasPrefix(a, ".") {
			if _, ok := attachmentExt("照片" + a); !ok {
				t.Errorf("attachment_accept offers %s, which a reply refuses", a)
			}
		} else if !strings.HasPrefix(a, "image/") {
			t.Errorf("attachment_accept offers %s: neither an extension nor an image type", a)
		}
	}
	if slices.Contains(offered, ".heic") || slices.Contains(offered, "image/heic") || slices.Contains(offered, "image/*") {
		t.Errorf("attachment_accept %q offers photos a reply refuses", accept)
	}
}
