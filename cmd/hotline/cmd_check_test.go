package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/store"
)

// newDataDir makes a data directory with a database of a few hundred
// records and returns the directory and the database path.
func newDataDir(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "hotline.db")
	st, err := store.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		if err := st.PutKV(fmt.Sprintf("k%04d", i), bytes.Repeat([]byte("v"), 200)); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	return dir, path
}

// oneLine checks that a failing command said one line naming want.
func oneLine(t *testing.T, what string, code int, stderr, want string) {
	t.Helper()
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, want) {
		t.Fatalf("%s: want exit 1 and one line naming %s, got %d %q", what, want, code, stderr)
	}
}

func TestCLIDamagedFiles(t *testing.T) {
	t.Parallel()
	cut := func(path string) error {
		st, err := os.Stat(path)
		if err != nil {
			return err
		}
		return os.Truncate(path, st.Size()/2)
	}
	zero := func(path string) error { return os.Truncate(path, 0) }
	for name, damage := range map[string]func(string) error{"zero-length": zero, "truncated": cut} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir, path := newDataDir(t)
			if code, out, errOut := runCLI(t, "", "check", "--data", dir); code != 0 || !strings.Contains(out, "完好") {
				t.Fatalf("check of a sound database: %d %q %q", code, out, errOut)
			}
			if err := damage(path); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(path)
			code, _, errOut := runCLI(t, "", "serve", "--data", dir, "--addr", "127.0.0.1:0")
			oneLine(t, "serve", code, errOut, path)
			code, _, errOut = runCLI(t, "", "check", "--data", dir)
			oneLine(t, "check", code, errOut, path)
			code, _, errOut = runCLI(t, "", "check", path)
			oneLine(t, "check FILE", code, errOut, path)

			// The damaged file as a backup: refused, nothing replaced.
			live, livePath := newDataDir(t)
			liveBefore, _ := os.ReadFile(livePath)
			code, _, errOut = runCLI(t, "", "restore", "--data", live, path)
			oneLine(t, "restore of a damaged backup", code, errOut, path)
			if after, _ := os.ReadFile(livePath); !bytes.Equal(after, liveBefore) {
				t.Fatal("a refused restore changed the database")
			}
			// A good backup over the damaged database.
			code, out, errOut := runCLI(t, "", "restore", "--data", dir, livePath)
			if code != 0 || !strings.Contains(out, "原数据库保留为") {
				t.Fatalf("restore over a damaged database: %d %q %q", code, out, errOut)
			}
			if kept, _ := filepath.Glob(path + ".before-restore-*"); len(kept) != 1 {
				t.Fatalf("the damaged file was not kept: %v", kept)
			} else if b, _ := os.ReadFile(kept[0]); !bytes.Equal(b, before) {
				t.Fatal("the kept file differs from the damaged one")
			}
			if code, out, _ := runCLI(t, "", "check", "--data", dir); code != 0 {
				t.Fatalf("check after restore: %q", out)
			}
		})
	}
}

func TestCLICompact(t *testing.T) {
	t.Parallel()
	dir, path := newDataDir(t)
	code, out, errOut := runCLI(t, "", "compact", "--data", dir)
	if code != 0 || !strings.Contains(out, "已压缩 "+path) || !strings.Contains(out, "旧文件保留为") {
		t.Fatalf("compact: %d %q %q", code, out, errOut)
	}
	if code, out, _ := runCLI(t, "", "check", "--data", dir); code != 0 {
		t.Fatalf("check after compact: %q", out)
	}
	// A damaged database is refused with one line, untouched.
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, "", "compact", "--data", dir)
	oneLine(t, "compact of a damaged database", code, errOut, path)
}
