package main

import (
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"hotline/config"
)

// TestOSErrorText: each common error of the operating system about a file
// is worded in zh-CN with its path, inside the text around it; other
// errors keep their text.
func TestOSErrorText(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	texts := cfg.ReportTexts.CommandLine.Usage.OSErrors
	dir := t.TempDir()
	file := filepath.Join(dir, "f.txt")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	real := func(err error) error {
		if err == nil {
			t.Fatal("the operation succeeded")
		}
		return fmt.Errorf("写入失败：%w", err)
	}
	_, notExist := os.Open(filepath.Join(dir, "none.db"))
	_, isDir := os.ReadFile(dir)
	_, notDir := os.Open(filepath.Join(file, "x"))
	exist := os.Mkdir(dir, 0o700)
	rename := os.Rename(filepath.Join(dir, "a"), filepath.Join(dir, "b"))
	// Root may read anything, and a full or read-only disk cannot be made
	// in a test: those errors are built as the os package returns them.
	perm := &fs.PathError{Op: "open", Path: "/srv/hotline.db", Err: syscall.EACCES}
	full := &fs.PathError{Op: "write", Path: "/srv/hotline.db", Err: syscall.ENOSPC}
	readOnly := &fs.PathError{Op: "open", Path: "/srv/hotline.db", Err: syscall.EROFS}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	_, inUse := net.Listen("tcp", ln.Addr().String())
	if inUse == nil {
		t.Fatal("a second listener on the same port")
	}
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"not exist", real(notExist), "写入失败：" + filepath.Join(dir, "none.db") + " 不存在"},
		{"is a directory", real(isDir), "写入失败：" + dir + " 是目录，这里需要文件"},
		{"not a directory", real(notDir), "写入失败：" + filepath.Join(file, "x") + " 的上级路径不是目录"},
		{"exists", real(exist), "写入失败：" + dir + " 已存在"},
		{"rename", real(rename), "写入失败：" + filepath.Join(dir, "a") + " → " + filepath.Join(dir, "b") + " 不存在"},
		{"permission", real(perm), "写入失败：没有权限访问 /srv/hotline.db（请检查文件的属主和读写权限）"},
		{"disk full", real(full), "写入失败：磁盘已满，无法写入 /srv/hotline.db"},
		{"read-only", real(readOnly), "写入失败：/srv/hotline.db 所在的文件系统是只读的"},
		{"address in use", fmt.Errorf("listen on :8080: %w", inUse), "listen on :8080: 地址 127.0.0.1:" + port + " 已被占用（换一个端口，或先停止占用它的程序）"},
		{"other", fmt.Errorf("写入失败：%w", &fs.PathError{Op: "read", Path: "/x", Err: syscall.EIO}), "写入失败：read /x: input/output error"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := osErrorText(texts, tt.err); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestCLIFileErrorsInChinese: a command given a missing file, a directory
// or a config with bad YAML says so in zh-CN, naming the file (and the
// line yaml.v3 gives).
func TestCLIFileErrorsInChinese(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "city.yaml")
	if code, out, _ := runCLI(t, "", "config", "check", missing); code != 1 || out != missing+" 不存在\n" {
		t.Errorf("config check of a missing file: %d %q", code, out)
	}
	if code, out, _ := runCLI(t, "", "config", "check", dir); code != 1 || out != dir+" 是目录，这里需要文件\n" {
		t.Errorf("config check of a directory: %d %q", code, out)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("server:\n  addr: \":8080\"\n log_level: info\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runCLI(t, "", "config", "check", bad); code != 1 || out != bad+":2: YAML 格式错误：找不到应有的键，多半是缩进不齐\n" {
		t.Errorf("config check of bad YAML: %d %q", code, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if code, _, errOut := runCLI(t, "", "serve", "--addr", ln.Addr().String(), "--data", filepath.Join(dir, "data")); code != 1 ||
		errOut != "hotline serve: 地址 "+ln.Addr().String()+" 已被占用（换一个端口，或先停止占用它的程序）\n" {
		t.Errorf("serve on a taken port: %d %q", code, errOut)
	}
	code, _, errOut := runCLI(t, "", "eval", "--model", filepath.Join(dir, "none.model"), "--data", bad)
	if code != 1 || !strings.Contains(errOut, filepath.Join(dir, "none.model")+" 不存在") || strings.Contains(errOut, "no such file") {
		t.Errorf("eval of a missing model: %d %q", code, errOut)
	}
}
