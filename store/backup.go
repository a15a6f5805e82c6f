package store

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A backup is one file: a tar archive holding a consistent snapshot of the
// database and of each archive file (archive.go), and last a manifest
// naming every file with its size and SHA-256:
//
//	hotline.db
//	archive/2023.db
//	archive/2024.db
//	hotline-backup.json
//
// The snapshots are taken with the archive runs held off (Archive.step),
// so no batch is half moved between them; each is bbolt's tx.WriteTo of a
// read transaction, so writers go on. The manifest comes last: a backup
// cut short lacks it and is refused. A backup of a hotline from before the
// archive was backed up is a bare database file; Restore and Check read
// both.

const (
	backupDB       = "hotline.db"
	backupManifest = "hotline-backup.json"
	backupFormat   = "hotline-backup/1"
)

// backupArchiveName is the name of an archive file in a backup.
var backupArchiveName = regexp.MustCompile(`^archive/\d{4}\.db$`)

type manifest struct {
	Format  string         `json:"format"`
	Created time.Time      `json:"created"`
	Files   []manifestFile `json:"files"`
}

type manifestFile struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Backup writes a consistent snapshot of the live database alone to w
// while writers go on (BackupAll adds the archive); it returns the number
// of bytes written.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.use(func(b Backend) error {
		var err error
		n, err = b.Backup(context.Background(), w)
		return err
	})
	return n, err
}

// BackupAll writes a backup (the database and its archive files, see
// above) to w while writers go on; an archive run waits for it. It
// returns the number of bytes written.
func (s *Store) BackupAll(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	err := s.use(func(b Backend) error {
		bb, ok := b.(*boltBackend)
		if !ok {
			return fmt.Errorf("store: this backend writes no backup file")
		}
		return bb.backupAll(cw)
	})
	return cw.n, err
}

func (b *boltBackend) backupAll(w io.Writer) error {
	a := b.arch
	a.snap.Lock()
	defer a.snap.Unlock()
	tw := tar.NewWriter(w)
	m := manifest{Format: backupFormat, Created: time.Now().UTC().Truncate(time.Second)}
	add := func(name string, tx *bolt.Tx) error {
		size := tx.Size()
		err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: m.Created, Typeflag: tar.TypeReg})
		if err != nil {
			return err
		}
		h := sha256.New()
		if _, err := tx.WriteTo(io.MultiWriter(tw, h)); err != nil {
			return fmt.Errorf("store: backup of %s: %w", name, err)
		}
		m.Files = append(m.Files, manifestFile{Name: name, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))})
		return nil
	}
	// The live file first: a batch moved before it is in the archive.
	if err := b.db.View(func(tx *bolt.Tx) error { return add(backupDB, tx) }); err != nil {
		return err
	}
	years, err := a.Years()
	if err != nil {
		return err
	}
	for _, y := range years {
		if _, err := a.view(y, func(tx *bolt.Tx) error { return add(ArchiveDir+"/"+y+".db", tx) }); err != nil {
			return err
		}
	}
	mb, err := json.MarshalIndent(&m, "", "  ")
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: backupManifest, Mode: 0o600, Size: int64(len(mb)), ModTime: m.Created, Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	if _, err := tw.Write(mb); err != nil {
		return err
	}
	return tw.Close()
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// BackupFile writes a backup (BackupAll) to path atomically (temp file +
// rename).
func (s *Store) BackupFile(path string) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hotline-backup-*")
	if err != nil {
		return 0, fmt.Errorf("store: unable to create backup in %s: %w", filepath.Dir(path), err)
	}
	defer os.Remove(tmp.Name())
	n, err := s.BackupAll(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return n, nil
}

// isBundle reports whether the file at path is a backup of several files
// (a tar archive) rather than a bare database file.
func isBundle(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err // it names the file
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	// tar's ustar, PAX and GNU headers carry "ustar" at offset 257; a
	// bbolt file has its meta page there (zeros past the meta).
	return n == 512 && bytes.HasPrefix(head[257:], []byte("ustar")), nil
}

// unpacked is a backup's files extracted to a folder.
type unpacked struct {
	src   string            // the backup file
	files map[string]string // name in the backup → extracted path
	names []string          // in the backup's order
}

// damaged is the error for a file of the backup.
func (u *unpacked) damaged(name string, err error) error {
	var de *DamageError
	if errors.As(err, &de) {
		de.Path = u.src + " (" + name + ")"
		return de
	}
	return fmt.Errorf("%s (%s): %w", u.src, name, err)
}

// unpackBackup extracts the backup src into dir, checking each file
// against the manifest: the names a backup holds, the sizes and the
// checksums, nothing missing or added. A problem is a *DamageError.
func unpackBackup(src, dir string) (*unpacked, error) {
	bad := func(format string, a ...any) error {
		return &DamageError{Path: src, Problem: fmt.Sprintf(format, a...), Backup: true, Kind: DamageBackup}
	}
	member := func(name, format string, a ...any) error {
		return &DamageError{Path: src, Problem: fmt.Sprintf(format, a...), Backup: true, Kind: DamageMember, Name: name}
	}
	f, err := os.Open(src)
	if err != nil {
		return nil, err // it names the file
	}
	defer f.Close()
	u := &unpacked{src: src, files: map[string]string{}}
	sums := map[string]manifestFile{}
	var m *manifest
	tr := tar.NewReader(f)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bad("the backup is cut short or damaged (%v)", err)
		}
		if m != nil {
			return nil, bad("%s after the manifest", hdr.Name)
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, bad("%s is not a regular file", hdr.Name)
		}
		if hdr.Name == backupManifest {
			data, err := io.ReadAll(io.LimitReader(tr, 1<<20))
			if err != nil {
				return nil, bad("the manifest is cut short (%v)", err)
			}
			m = &manifest{}
			if err := json.Unmarshal(data, m); err != nil || m.Format != backupFormat {
				return nil, bad("the manifest is not a hotline backup's (%s)", strings.TrimSpace(string(data[:min(len(data), 40)])))
			}
			continue
		}
		if hdr.Name != backupDB && !backupArchiveName.MatchString(hdr.Name) {
			return nil, bad("%s is not a file a hotline backup holds", hdr.Name)
		}
		if _, dup := u.files[hdr.Name]; dup {
			return nil, bad("%s is in it twice", hdr.Name)
		}
		path := filepath.Join(dir, filepath.FromSlash(hdr.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, err
		}
		h := sha256.New()
		n, err := writeSynced(path, io.TeeReader(tr, h))
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, bad("%s is cut short", hdr.Name)
			}
			return nil, fmt.Errorf("store: extract %s from %s: %w", hdr.Name, src, err)
		}
		u.files[hdr.Name] = path
		u.names = append(u.names, hdr.Name)
		sums[hdr.Name] = manifestFile{Name: hdr.Name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
	}
	if m == nil {
		return nil, bad("no manifest (%s): the backup is cut short", backupManifest)
	}
	for _, mf := range m.Files {
		got, ok := sums[mf.Name]
		if !ok {
			return nil, member(mf.Name, "%s, named in the manifest, is missing", mf.Name)
		}
		if got != mf {
			return nil, u.damaged(mf.Name, member(mf.Name, "the file differs from its size and checksum in the manifest"))
		}
		delete(sums, mf.Name)
	}
	if len(sums) > 0 {
		extra := slices.Sorted(maps.Keys(sums))
		return nil, bad("%s is not in the manifest", extra[0])
	}
	if _, ok := u.files[backupDB]; !ok {
		return nil, bad("it holds no %s", backupDB)
	}
	return u, nil
}

// writeSynced writes r to a new file at path and syncs it.
func writeSynced(path string, r io.Reader) (int64, error) {
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, r)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// checkAll runs the full check (check) on every file of u.
func (u *unpacked) checkAll(backup bool) (*CheckReport, error) {
	var rep *CheckReport
	for _, name := range u.names {
		r, err := check(u.files[name], backup)
		if err != nil {
			return nil, u.damaged(name, err)
		}
		if name == backupDB {
			rep = r
		}
	}
	return rep, nil
}

// checkBundle checks the backup at path whole (Check).
func checkBundle(path string) (*CheckReport, error) {
	dir, err := os.MkdirTemp("", "hotline-check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	u, err := unpackBackup(path, dir)
	if err != nil {
		return nil, err
	}
	var total CheckReport
	for _, name := range u.names {
		r, err := check(u.files[name], false)
		if err != nil {
			return nil, u.damaged(name, err)
		}
		if name == backupDB {
			total.Schema = r.Schema
		}
		total.Buckets += r.Buckets
		total.Records += r.Records
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	total.Path, total.Bytes, total.Files = path, st.Size(), u.names
	return &total, nil
}

// RestoreResult says what Restore did.
type RestoreResult struct {
	// Kept is the previous database, kept as dbPath.before-restore-<time>
	// ("" when there was none).
	Kept string
	// Archive lists the archive files put in place, KeptArchive the
	// previous ones kept beside them (archive/2024.db.before-restore-<time>),
	// those replaced and those the backup does not have.
	Archive, KeptArchive []string
	// Bare: the backup was a bare database file (from a hotline that did
	// not back up the archive); the archive was left as it is.
	Bare bool
}

// Restore replaces the database file at dbPath with the backup at src and
// returns the name the previous file is kept under (RestoreBackup).
func Restore(src, dbPath string) (kept string, err error) {
	r, err := RestoreBackup(src, dbPath)
	if r != nil {
		kept = r.Kept
	}
	return kept, err
}

// RestoreBackup replaces the database at dbPath and the archive files
// beside it with the backup at src, after every file of it was found sound
// (the manifest's sizes and checksums, then Check) and of a schema this
// build reads (an older schema is migrated when the server next opens
// it). The live files are never opened as databases, so damaged ones can
// be replaced: Restore only takes the database's lock, so that a running
// server makes it fail. The backup is extracted next to the database and
// synced before anything is replaced, so a refused or failed extraction
// leaves everything as it was; each previous file is kept under
// NAME.before-restore-<time>, and an archive file the backup does not
// hold is set aside under that name too. The steps that replace files are
// written to a journal (DATABASE.restore-journal) before the first of
// them: a restore interrupted among them (the archive files of the backup
// beside the previous database) is finished by the next open of the
// database or the next restore, never left half done.
//
// A bare database file (a backup of an older hotline) replaces the
// database only; the archive is left as it is.
func RestoreBackup(src, dbPath string) (*RestoreResult, error) {
	bundle, err := isBundle(src)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(dbPath)
	if !bundle {
		if _, err := check(src, true); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	if err := finishRestore(dbPath); err != nil {
		return nil, err
	}
	_, statErr := os.Stat(dbPath)
	existed := statErr == nil
	if existed {
		// A running server holds the file (OpenInUse): the command line
		// says to stop it first.
		unlock, err := lockFile(dbPath, true, time.Second)
		if err != nil {
			return nil, err
		}
		defer unlock()
	}
	stamp := ".before-restore-" + time.Now().Format("20060102-150405")
	res := &RestoreResult{Bare: !bundle}
	j := restoreJournal{}
	journaled := false // from then on the journal owns the extracted files
	var staged string
	if bundle {
		stage, err := os.MkdirTemp(dir, ".restoring-")
		if err != nil {
			return nil, err
		}
		j.Stage = stage
		defer func() {
			if !journaled {
				os.RemoveAll(stage)
			}
		}()
		u, err := unpackBackup(src, stage)
		if err != nil {
			return nil, err
		}
		if _, err := u.checkAll(true); err != nil {
			return nil, err
		}
		if err := archiveOps(u, filepath.Join(dir, ArchiveDir), stamp, res, &j); err != nil {
			return res, err
		}
		staged = u.files[backupDB]
	} else {
		staged = dbPath + ".restoring"
		if err := copyFile(src, staged); err != nil {
			os.Remove(staged)
			return nil, fmt.Errorf("store: copy %s: %w", src, err)
		}
		defer func() {
			if !journaled {
				os.Remove(staged)
			}
		}()
	}
	if existed {
		res.Kept = freeName(dbPath + stamp)
		j.Ops = append(j.Ops, restoreOp{Link: true, From: dbPath, To: res.Kept})
	}
	j.Ops = append(j.Ops, restoreOp{From: staged, To: dbPath})
	// From here on the restore is finished, by this run or, after a
	// crash, by the next open of the database or the next restore.
	if err := j.write(dbPath); err != nil {
		return res, err
	}
	journaled = true
	if err := finishJournal(dbPath, j); err != nil {
		return res, fmt.Errorf("%w (the restore is finished by the next start or restore)", err)
	}
	return res, nil
}

// restoreOp is one step of a restore: a hard link (keeping a file under
// another name) or a rename (putting a file in place, setting one aside).
// Each is done once: a step found done is skipped.
type restoreOp struct {
	Link bool   `json:"link,omitempty"`
	From string `json:"from"`
	To   string `json:"to"`
}

// restoreJournal is the steps of a restore, written (synced) before the
// first of them, so that a restore a crash interrupted is finished, not
// left with the new archive beside the old database.
type restoreJournal struct {
	Stage string      `json:"stage,omitempty"` // the extracted backup's folder, removed at the end
	Ops   []restoreOp `json:"ops"`
}

func journalPath(dbPath string) string { return dbPath + ".restore-journal" }

// restoreStep, set by tests, is asked before each step; an error stops
// the restore there as a crash would (the journal stays).
var restoreStep func(i int) error

func (j restoreJournal) write(dbPath string) error {
	data, err := json.Marshal(j)
	if err != nil {
		return err
	}
	path := journalPath(dbPath)
	tmp := path + ".writing"
	_ = os.Remove(tmp)
	if _, err := writeSynced(tmp, bytes.NewReader(data)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: unable to write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: unable to write %s: %w", path, err)
	}
	return syncDir(filepath.Dir(path))
}

// finishJournal does j's steps that are not done yet, syncs the folders,
// removes the journal and the extracted backup's folder.
func finishJournal(dbPath string, j restoreJournal) error {
	dirs := map[string]bool{filepath.Dir(dbPath): true}
	for i, op := range j.Ops {
		if restoreStep != nil {
			if err := restoreStep(i); err != nil {
				return err
			}
		}
		if err := op.do(); err != nil {
			return err
		}
		dirs[filepath.Dir(op.To)] = true
	}
	for d := range dirs {
		if err := syncDir(d); err != nil {
			return fmt.Errorf("store: sync %s: %w", d, err)
		}
	}
	if err := os.Remove(journalPath(dbPath)); err != nil {
		return err
	}
	if err := syncDir(filepath.Dir(dbPath)); err != nil {
		return err
	}
	if j.Stage != "" {
		os.RemoveAll(j.Stage)
	}
	// What a check found in the file replaced no longer holds.
	return ClearDamageMark(dbPath)
}

func (op restoreOp) do() error {
	exists := func(p string) bool { _, err := os.Lstat(p); return err == nil }
	if op.Link {
		if exists(op.To) {
			return nil
		}
		if err := os.Link(op.From, op.To); err != nil {
			return fmt.Errorf("store: unable to keep %s as %s: %w", op.From, op.To, err)
		}
		return nil
	}
	if !exists(op.From) && exists(op.To) {
		return nil // done
	}
	if err := os.Rename(op.From, op.To); err != nil {
		return fmt.Errorf("store: unable to put %s in place: %w", op.To, err)
	}
	return nil
}

// finishRestore finishes a restore of dbPath that was interrupted after
// its journal was written (RestoreBackup); without a journal it does
// nothing.
func finishRestore(dbPath string) error {
	data, err := os.ReadFile(journalPath(dbPath))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	var j restoreJournal
	if err == nil {
		err = json.Unmarshal(data, &j)
	}
	if err != nil {
		return fmt.Errorf("store: unable to read the journal of an interrupted restore %s: %w", journalPath(dbPath), err)
	}
	if err := finishJournal(dbPath, j); err != nil {
		return fmt.Errorf("store: finish the interrupted restore of %s: %w", dbPath, err)
	}
	return nil
}

// archiveOps adds to j the steps that put u's archive files in place in
// archDir, keeping the previous ones (and setting aside those u lacks)
// under NAME+stamp.
func archiveOps(u *unpacked, archDir, stamp string, res *RestoreResult, j *restoreJournal) error {
	want := map[string]string{} // file name in archDir → extracted path
	for _, name := range u.names {
		if name != backupDB {
			want[strings.TrimPrefix(name, ArchiveDir+"/")] = u.files[name]
		}
	}
	current, err := newArchive(archDir, nil).Years()
	if err != nil {
		return err
	}
	if len(want) == 0 && len(current) == 0 {
		return nil
	}
	if err := os.MkdirAll(archDir, 0o750); err != nil {
		return err
	}
	for _, y := range current {
		name := y + ".db"
		path := filepath.Join(archDir, name)
		kept := freeName(path + stamp)
		_, inBackup := want[name]
		// Not in the backup: set aside.
		j.Ops = append(j.Ops, restoreOp{Link: inBackup, From: path, To: kept})
		res.KeptArchive = append(res.KeptArchive, kept)
	}
	names := make([]string, 0, len(want))
	for name := range want {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		path := filepath.Join(archDir, name)
		j.Ops = append(j.Ops, restoreOp{From: want[name], To: path})
		res.Archive = append(res.Archive, path)
	}
	return nil
}

// freeName is name, or name-2, name-3… when it exists (two restores
// within a second).
func freeName(name string) string {
	try := name
	for i := 2; ; i++ {
		if _, err := os.Lstat(try); errors.Is(err, os.ErrNotExist) {
			return try
		}
		try = fmt.Sprintf("%s-%d", name, i)
	}
}

// copyFile copies src to dst (replacing what a restore interrupted there
// left) and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.Remove(dst); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	_, err = writeSynced(dst, in)
	return err
}
