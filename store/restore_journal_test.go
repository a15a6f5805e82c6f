package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hotline/ticket"
)

// copyTree copies the files under src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if fi.IsDir() {
			return os.MkdirAll(to, 0o750)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(to)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, in)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRestoreInterruptedIsFinished: a restore that stops after any of its
// steps (as a crash would) leaves its journal, and the next open of the
// database, or the next restore, finishes it: the backup's database with
// the backup's archive, never the backup's archive beside the previous
// database.
func TestRestoreInterruptedIsFinished(t *testing.T) {
	base := t.TempDir()
	path := filepath.Join(base, "hotline.db")
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	archived := func(number string, year int) {
		t.Helper()
		at := time.Date(year, 3, 1, 0, 0, 0, 0, time.UTC)
		must(t, st.UpdateNow(func(tx *Tx) error {
			return tx.PutTicket(&ticket.Ticket{Number: number, Status: ticket.Closed, ReceivedAt: at, ClosedAt: at.Add(time.Hour)})
		}))
		if _, err := st.RunArchive(context.Background(), ArchiveOptions{Before: time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
	}
	archived("20240301-0001", 2024)
	must(t, st.PutKV("which", []byte("backup")))
	backup := filepath.Join(t.TempDir(), "backup.tar")
	if _, err := st.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	// After the backup: the database changes and an archive file of a
	// year the backup lacks appears.
	must(t, st.PutKV("which", []byte("previous")))
	archived("20230301-0001", 2023)
	must(t, st.Close())

	restored := func(t *testing.T, dir string) {
		t.Helper()
		p := filepath.Join(dir, "hotline.db")
		st, err := Open(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := os.Stat(journalPath(p)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("the journal is still there: %v", err)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".restoring-*")); len(left) != 0 {
			t.Fatalf("the extracted backup is still there: %v", left)
		}
		if v, _ := st.GetKV("which"); string(v) != "backup" {
			t.Fatalf("the database is %q", v)
		}
		if _, err := st.Archive().Ticket("20240301-0001"); err != nil {
			t.Fatalf("the backup's archive: %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, ArchiveDir, "2023.db")); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("the archive file the backup lacks is in place: %v", err)
		}
	}
	crash := errors.New("crash")
	t.Cleanup(func() { restoreStep = nil })
	for k := 0; ; k++ {
		dir := t.TempDir()
		copyTree(t, base, dir)
		p := filepath.Join(dir, "hotline.db")
		restoreStep = func(i int) error {
			if i == k {
				return crash
			}
			return nil
		}
		_, err := RestoreBackup(backup, p)
		restoreStep = nil
		if err == nil { // every step done: no crash left to try
			restored(t, dir)
			if k < 5 {
				t.Fatalf("%d steps, expected 5 (keep and set aside the two archive files, put one, keep and put the database)", k)
			}
			break
		}
		if !errors.Is(err, crash) {
			t.Fatal(err)
		}
		if _, err := os.Stat(journalPath(p)); err != nil {
			t.Fatalf("after step %d: no journal: %v", k, err)
		}
		t.Run(fmt.Sprintf("stopped before step %d", k+1), func(t *testing.T) {
			if k%2 == 0 {
				restored(t, dir) // finished by the open
				return
			}
			if _, err := RestoreBackup(backup, p); err != nil { // by the next restore
				t.Fatal(err)
			}
			restored(t, dir)
		})
	}
}
