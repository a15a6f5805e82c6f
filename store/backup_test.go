package store

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// bundleOf writes a backup holding files (name in the backup, path) with
// a manifest that matches them, as BackupAll would.
func bundleOf(t *testing.T, path string, files ...[2]string) {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	m := manifest{Format: backupFormat, Created: time.Now().UTC()}
	for _, f := range files {
		data := readAll(t, f[1])
		must(t, tw.WriteHeader(&tar.Header{Name: f[0], Mode: 0o600, Size: int64(len(data)), Typeflag: tar.TypeReg}))
		_, err := tw.Write(data)
		must(t, err)
		sum := sha256.Sum256(data)
		m.Files = append(m.Files, manifestFile{Name: f[0], Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])})
	}
	mb, err := json.Marshal(&m)
	must(t, err)
	must(t, tw.WriteHeader(&tar.Header{Name: backupManifest, Mode: 0o600, Size: int64(len(mb)), Typeflag: tar.TypeReg}))
	_, err = tw.Write(mb)
	must(t, err)
	must(t, tw.Close())
	must(t, os.WriteFile(path, buf.Bytes(), 0o600))
}

// copyOf writes a copy of data to a new file and returns its path.
func copyOf(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "copy.db")
	must(t, os.WriteFile(path, data, 0o600))
	return path
}

// liveWithArchive is a data directory with a sound database and a sound
// archive file of 2024 (copies of sound), and their bytes.
func liveWithArchive(t *testing.T, sound []byte) (live, arch string, liveBytes, archBytes []byte) {
	t.Helper()
	dir := t.TempDir()
	live = filepath.Join(dir, "hotline.db")
	must(t, os.WriteFile(live, sound, 0o600))
	must(t, os.Mkdir(filepath.Join(dir, ArchiveDir), 0o750))
	arch = filepath.Join(dir, ArchiveDir, "2024.db")
	must(t, os.WriteFile(arch, sound, 0o600))
	return live, arch, readAll(t, live), readAll(t, arch)
}

// TestRestoreRefusesABackupWithADamagedArchiveFile: every kind of damage
// to an archive file in a backup, with a manifest that matches it (the
// full check finds it) or not (the checksum does), and a backup cut
// short: exit with one line naming the backup and the file, nothing
// replaced, nothing left behind.
func TestRestoreRefusesABackupWithADamagedArchiveFile(t *testing.T) {
	sound := readAll(t, soundDB(t, t.TempDir()))
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			live, arch, liveBytes, archBytes := liveWithArchive(t, sound)
			badArch := copyOf(t, sound)
			d.do(t, badArch)
			backup := filepath.Join(t.TempDir(), "backup.tar")
			bundleOf(t, backup, [2]string{"hotline.db", copyOf(t, sound)}, [2]string{"archive/2023.db", copyOf(t, sound)},
				[2]string{"archive/2024.db", badArch})
			refused(t, backup, live, arch, liveBytes, archBytes, "archive/2024.db")
			if _, err := Check(backup); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "archive/2024.db") {
				t.Fatalf("check of the backup: %v", err)
			}
		})
	}
	t.Run("checksum", func(t *testing.T) {
		live, arch, liveBytes, archBytes := liveWithArchive(t, sound)
		backup := filepath.Join(t.TempDir(), "backup.tar")
		bundleOf(t, backup, [2]string{"hotline.db", copyOf(t, sound)}, [2]string{"archive/2024.db", copyOf(t, sound)})
		// One byte of the archive file's data changed (its tar header is
		// the second one, after the database's data).
		raw := readAll(t, backup)
		i := bytes.Index(raw, []byte("archive/2024.db"))
		raw[i+512+3*4096+100] ^= 0xFF
		must(t, os.WriteFile(backup, raw, 0o600))
		refused(t, backup, live, arch, liveBytes, archBytes, "archive/2024.db")
	})
	t.Run("cut short", func(t *testing.T) {
		live, arch, liveBytes, archBytes := liveWithArchive(t, sound)
		backup := filepath.Join(t.TempDir(), "backup.tar")
		bundleOf(t, backup, [2]string{"hotline.db", copyOf(t, sound)}, [2]string{"archive/2024.db", copyOf(t, sound)})
		raw := readAll(t, backup)
		// At the manifest's header: every file whole, the manifest gone.
		must(t, os.WriteFile(backup, raw[:bytes.LastIndex(raw, []byte(backupManifest))], 0o600))
		refused(t, backup, live, arch, liveBytes, archBytes, "manifest")
	})
}

// refused restores backup over live and its archive file arch and wants
// a one-line damage error naming want, and nothing changed.
func refused(t *testing.T, backup, live, arch string, liveBytes, archBytes []byte, want string) {
	t.Helper()
	_, err := RestoreBackup(backup, live)
	var de *DamageError
	if !errors.As(err, &de) || !de.Backup || strings.Contains(err.Error(), "\n") ||
		!strings.Contains(err.Error(), backup) || !strings.Contains(err.Error(), want) {
		t.Fatalf("restore of a damaged backup: want a one-line *DamageError naming %s and %s, got %T %v", backup, want, err, err)
	}
	t.Log(err)
	if !bytes.Equal(readAll(t, live), liveBytes) || !bytes.Equal(readAll(t, arch), archBytes) {
		t.Fatal("a refused restore changed the live files")
	}
	for dir, want := range map[string]int{filepath.Dir(live): 2, filepath.Dir(arch): 1} {
		if ents, _ := os.ReadDir(dir); len(ents) != want {
			t.Fatalf("a refused restore left files behind in %s: %v", dir, ents)
		}
	}
}

// TestBackupWaitsForAnArchiveStep: a backup taken while an archive run
// writes a batch waits for the batch's step to end, so it never holds a
// batch half moved between the live file and an archive file.
func TestBackupWaitsForAnArchiveStep(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(filepath.Join(dir, "hotline.db"), &Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	must(t, err)
	defer st.Close()
	a := st.Archive()
	done := a.step() // a batch being moved
	var buf bytes.Buffer
	backedUp := make(chan error, 1)
	go func() {
		_, err := st.BackupAll(&buf)
		backedUp <- err
	}()
	// Wait until the backup waits for the step (a pending writer makes
	// TryRLock fail), or fail if it went on without waiting.
	for {
		select {
		case err := <-backedUp:
			t.Fatalf("the backup did not wait for the step: %v", err)
		default:
		}
		if !a.snap.TryRLock() {
			break
		}
		a.snap.RUnlock()
		runtime.Gosched()
	}
	// The step's write, then its end: the backup holds it.
	must(t, st.PutKV("moved", []byte("batch")))
	done()
	must(t, <-backedUp)
	backup := filepath.Join(dir, "backup.tar")
	must(t, os.WriteFile(backup, buf.Bytes(), 0o600))
	restored := filepath.Join(t.TempDir(), "hotline.db")
	_, err = Restore(backup, restored)
	must(t, err)
	r, err := Open(restored, &Options{ReadOnly: true})
	must(t, err)
	defer r.Close()
	if v, err := r.GetKV("moved"); err != nil || string(v) != "batch" {
		t.Fatalf("the backup lacks the step's write: %q %v", v, err)
	}
}
