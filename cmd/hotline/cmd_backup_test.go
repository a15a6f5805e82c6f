package main

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/config"
	"hotline/server"
	"hotline/store"
	"hotline/ticket"
)

// oldOrder is an order of 2000: past any retention whatever today is.
func oldOrder() *ticket.Ticket {
	at := time.Date(2000, 3, 1, 9, 0, 0, 0, time.UTC)
	return &ticket.Ticket{Number: "20000301-0001", Status: ticket.Closed, Department: "市公安局", Category: "QT", Title: "旧工单",
		Phone: "13953706688", Name: "王建国", ReceivedAt: at, ClosedAt: at.Add(48 * time.Hour), Channel: "webchat"}
}

// TestCLIBackupRestoreWithArchive: `hotline backup` holds the archive
// files, `hotline restore` brings them back (archived orders are found
// again), and a backup whose archive file is damaged is refused with one
// line naming it, nothing replaced.
func TestCLIBackupRestoreWithArchive(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "hotline.db")
	st, err := store.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateNow(func(tx *store.Tx) error { return tx.PutTicket(oldOrder()) }); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, out, errOut := runCLI(t, "", "archive", "--data", dir); code != 0 || !strings.Contains(out, "已将 1 件工单") {
		t.Fatalf("archive: %d %q %q", code, out, errOut)
	}
	backup := filepath.Join(t.TempDir(), "backup.tar")
	if code, out, errOut := runCLI(t, "", "backup", "--data", dir, backup); code != 0 || !strings.Contains(out, "备份已写入 "+backup) {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "check", backup); code != 0 || !strings.Contains(out, "是 hotline.db、archive/2000.db 的完好备份") {
		t.Fatalf("check of the backup: %d %q %q", code, out, errOut)
	}
	// The archive file is lost: the restore brings it back.
	arch := filepath.Join(dir, "archive", "2000.db")
	if err := os.Remove(arch); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "restore", "--data", dir, backup)
	if code != 0 || !strings.Contains(out, "已恢复 "+arch) || !strings.Contains(out, "原数据库保留为") {
		t.Fatalf("restore: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "tickets", "show", "20000301-0001", "--json", "--data", dir); code != 0 || !strings.Contains(errOut, "已归档") || !strings.Contains(out, `"title": "旧工单"`) {
		t.Fatalf("the archived order after the restore: %d %q %q", code, out, errOut)
	}

	// One byte of the archive file in the backup changed: refused.
	raw, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(raw, []byte("archive/2000.db"))
	raw[i+512+2*4096+100] ^= 0xFF
	bad := filepath.Join(t.TempDir(), "bad.tar")
	if err := os.WriteFile(bad, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	liveBefore, _ := os.ReadFile(path)
	archBefore, _ := os.ReadFile(arch)
	code, _, errOut = runCLI(t, "", "restore", "--data", dir, bad)
	oneLine(t, "restore of a backup with a damaged archive file", code, errOut, "archive/2000.db")
	if !strings.Contains(errOut, bad) {
		t.Fatalf("the line does not name the backup: %q", errOut)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, liveBefore) {
		t.Fatal("a refused restore changed the database")
	}
	if after, _ := os.ReadFile(arch); !bytes.Equal(after, archBefore) {
		t.Fatal("a refused restore changed the archive file")
	}
	code, _, errOut = runCLI(t, "", "check", bad)
	oneLine(t, "check of a backup with a damaged archive file", code, errOut, "archive/2000.db")
}

// TestCLIBackupThroughTheServerHoldsTheArchive: the online backup of a
// running server holds its archive files too.
func TestCLIBackupThroughTheServerHoldsTheArchive(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	cfg.Desk.Token = "cli-token"
	srv, err := server.New(cfg, server.Options{StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	if err := srv.Store.UpdateNow(func(tx *store.Tx) error { return tx.PutTicket(oldOrder()) }); err != nil {
		t.Fatal(err)
	}
	if res, err := srv.Archive(t.Context(), false); err != nil || res.Orders != 1 {
		t.Fatalf("archive: %+v %v", res, err)
	}
	backup := filepath.Join(t.TempDir(), "online.tar")
	code, out, errOut := runCLI(t, "", "backup", "--server", hs.URL, "--token", "cli-token", backup)
	if code != 0 || !strings.Contains(out, "在线备份已写入") {
		t.Fatalf("online backup: %d %q %q", code, out, errOut)
	}
	data := t.TempDir()
	if code, out, errOut := runCLI(t, "", "restore", "--data", data, backup); code != 0 || !strings.Contains(out, filepath.Join(data, "archive", "2000.db")) {
		t.Fatalf("restore of the online backup: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, "", "tickets", "show", "20000301-0001", "--data", data); code != 0 || !strings.Contains(errOut, "已归档") {
		t.Fatalf("the archived order after the restore: %d %q %q", code, out, errOut)
	}
}
