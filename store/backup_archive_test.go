package store_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"hotline/store"
)

// TestBackupRestoreKeepsTheArchive: a backup holds the archive files, and
// a restore brings them back with the database, so archived orders and
// conversations are found again; an archive file the backup lacks is set
// aside, and a bare database backup (an older hotline's) leaves the
// archive as it is.
func TestBackupRestoreKeepsTheArchive(t *testing.T) {
	f := openArchiveFixture(t)
	if _, err := f.st.RunArchive(context.Background(), store.ArchiveOptions{Before: archBefore}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "backup.tar")
	if _, err := f.st.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	rep, err := store.Check(backup)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rep.Files, []string{"hotline.db", "archive/2024.db"}) {
		t.Fatalf("the backup holds %v", rep.Files)
	}
	bare := filepath.Join(t.TempDir(), "bare.db")
	out, err := os.Create(bare)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.Backup(out); err != nil {
		t.Fatal(err)
	}
	out.Close()
	f.st.Close()
	f.st = nil

	// Into an empty data directory: the database and the archive.
	fresh := filepath.Join(t.TempDir(), "hotline.db")
	res, err := store.RestoreBackup(backup, fresh)
	if err != nil {
		t.Fatal(err)
	}
	if res.Bare || len(res.Archive) != 1 || res.Kept != "" {
		t.Fatalf("restore into an empty directory: %+v", res)
	}
	g := &archiveFixture{path: fresh, cfg: f.cfg}
	g.reopen(t)
	if live, arch := g.counts(t); live != 10 || arch != 30 {
		t.Fatalf("restored: live %d archived %d, want 10 and 30", live, arch)
	}
	tk, err := g.st.Archive().Ticket("20240306-0005")
	if err != nil {
		t.Fatal(err)
	}
	if _, msgs, err := g.st.Archive().Conversation(tk.ConversationID); err != nil || len(msgs) != 3 {
		t.Fatalf("archived conversation after the restore: %v, %d messages", err, len(msgs))
	}
	g.st.Close()
	g.st = nil

	// Over the data directory, with the archive file lost and one of a
	// year the backup does not have.
	archDir := filepath.Join(filepath.Dir(f.path), store.ArchiveDir)
	if err := os.Rename(filepath.Join(archDir, "2024.db"), filepath.Join(archDir, "2019.db")); err != nil {
		t.Fatal(err)
	}
	res, err = store.RestoreBackup(backup, f.path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Kept == "" || len(res.KeptArchive) != 1 || !strings.Contains(res.KeptArchive[0], "2019.db.before-restore-") {
		t.Fatalf("restore over the data: %+v", res)
	}
	if _, err := os.Stat(filepath.Join(archDir, "2019.db")); !os.IsNotExist(err) {
		t.Fatalf("an archive file the backup lacks is still in place: %v", err)
	}
	f.reopen(t)
	if live, arch := f.counts(t); live != 10 || arch != 30 {
		t.Fatalf("restored over: live %d archived %d, want 10 and 30", live, arch)
	}
	f.st.Close()
	f.st = nil

	// A bare database backup replaces the database and leaves the archive.
	res, err = store.RestoreBackup(bare, f.path)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Bare || len(res.Archive) != 0 || len(res.KeptArchive) != 0 {
		t.Fatalf("restore of a bare database: %+v", res)
	}
	f.reopen(t)
	if live, arch := f.counts(t); live != 10 || arch != 30 {
		t.Fatalf("after a bare restore: live %d archived %d, want 10 and 30", live, arch)
	}
}
