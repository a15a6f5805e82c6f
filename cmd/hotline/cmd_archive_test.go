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
	"hotline/domain"
	"hotline/server"
	"hotline/store"
	"hotline/ticket"
)

func TestCLIArchive(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "hotline.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	// An order of 2000: past any retention whatever today is.
	at := time.Date(2000, 3, 1, 9, 0, 0, 0, time.UTC)
	tk := &ticket.Ticket{Number: "20000301-0001", Status: ticket.Closed, Department: "市公安局", Category: "QT", Title: "旧工单",
		Phone: "13953706688", Name: "王建国", ReceivedAt: at, ClosedAt: at.Add(48 * time.Hour), Channel: "webchat"}
	if err := st.UpdateNow(func(tx *store.Tx) error { return tx.PutTicket(tk) }); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errOut := runCLI(t, "", "archive", "--data", dir, "--dry-run")
	if code != 0 || !strings.Contains(out, "试运行：将把 1 件工单") || !strings.Contains(out, "遮蔽 1 条记录") || !strings.Contains(out, "（2000）") {
		t.Fatalf("dry run: %d %q %q", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "", "archive", "--data", dir)
	if code != 0 || !strings.Contains(out, "已将 1 件工单") || !strings.Contains(out, "（2000），遮蔽 1 条记录") {
		t.Fatalf("archive: %d %q %q", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "", "tickets", "show", "20000301-0001", "--json", "--data", dir)
	if code != 0 || !strings.Contains(errOut, "已归档") || !strings.Contains(out, `"phone": "139****6688"`) || !strings.Contains(out, `"name": "王**"`) {
		t.Fatalf("show an archived order: %d %q %q", code, out, errOut)
	}
	if code, _, errOut = runCLI(t, "", "check", filepath.Join(dir, "archive", "2000.db")); code != 0 {
		t.Fatalf("check the archive file: %d %q", code, errOut)
	}
	if code, _, errOut = runCLI(t, "", "archive", "--data", dir, "extra"); code != 2 {
		t.Fatalf("usage: %d %q", code, errOut)
	}
}

// TestCLIArchiveAndCompactThroughTheServer: while the server holds the
// database, archive and compact go through it.
func TestCLIArchiveAndCompactThroughTheServer(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	cfg.Server.DataDir = data
	cfg.Desk.Token = "cli-token"
	srv, err := server.New(cfg, server.Options{StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	at := time.Date(2000, 3, 1, 9, 0, 0, 0, time.UTC)
	tk := &ticket.Ticket{Number: "20000301-0001", Status: ticket.Closed, Department: "市公安局", Category: "QT",
		ReceivedAt: at, ClosedAt: at.Add(48 * time.Hour), Channel: "webchat"}
	if err := srv.Store.UpdateNow(func(tx *store.Tx) error { return tx.PutTicket(tk) }); err != nil {
		t.Fatal(err)
	}
	// Without a token: the database is held, and the line says what to do.
	t.Setenv("HOTLINE_DESK_TOKEN", "")
	if code, _, errOut := runCLI(t, "", "archive", "--data", data); code != 1 || !strings.Contains(errOut, "HOTLINE_DESK_TOKEN") {
		t.Fatalf("archive while the server runs, no token: %d %q", code, errOut)
	}
	code, out, errOut := runCLI(t, "", "archive", "--server", hs.URL, "--token", "cli-token")
	if code != 0 || !strings.Contains(out, "已将 1 件工单") || !strings.Contains(out, "（通过 "+hs.URL+"）") {
		t.Fatalf("archive through the server: %d %q %q", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "", "compact", "--server", hs.URL, "--token", "cli-token", "--remove-old")
	if code != 0 || !strings.Contains(out, "已通过 "+hs.URL+" 在线压缩") || !strings.Contains(out, "已删除") {
		t.Fatalf("compact through the server: %d %q %q", code, out, errOut)
	}
	if kept, _ := filepath.Glob(filepath.Join(data, "*.before-compact-*")); len(kept) != 0 {
		t.Fatalf("compact --remove-old left %v", kept)
	}
	if _, err := srv.Store.Archive().Ticket("20000301-0001"); err != nil {
		t.Fatalf("after the online compaction: %v", err)
	}
}

// TestCLIArchiveMaskAndCompact: `hotline archive` says that masked
// values stay in free pages until compaction; with --compact it compacts,
// the database's bytes no longer hold the citizen's phone number, and the
// previous file, which does, is deleted (kept with --keep-old).
func TestCLIArchiveMaskAndCompact(t *testing.T) {
	for _, flags := range [][]string{nil, {"--compact"}, {"--compact", "--keep-old"}} {
		withCompact, keepOld := len(flags) > 0, len(flags) > 1
		dir := t.TempDir()
		path := filepath.Join(dir, "hotline.db")
		st, err := store.Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2000, 3, 1, 9, 0, 0, 0, time.UTC)
		err = st.UpdateNow(func(tx *store.Tx) error {
			if err := tx.PutTicket(oldOrder()); err != nil {
				return err
			}
			return tx.PutCitizen(&domain.Citizen{ID: "c1", Name: "王建国", Phones: []string{"13953706688"}, CreatedAt: at,
				Identities: []domain.Identity{{Channel: "sms", UserID: "+8613953706688"}}})
		})
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		if raw, _ := os.ReadFile(path); !bytes.Contains(raw, []byte("13953706688")) {
			t.Fatal("fixture: the phone is not in the file's bytes")
		}
		args := []string{"archive", "--data", dir}
		args = append(args, flags...)
		code, out, errOut := runCLI(t, "", args...)
		if code != 0 || !strings.Contains(out, "另遮蔽在用数据库中的消息、会话、发送记录和市民信息 1 条") {
			t.Fatalf("archive %v: %d %q %q", args, code, out, errOut)
		}
		if !withCompact {
			if !strings.Contains(out, "请运行 hotline compact --remove-old") {
				t.Fatalf("archive does not say the old values stay: %q", out)
			}
			continue
		}
		said := "已删除"
		if keepOld {
			said = "其中仍有已遮蔽记录的旧内容"
		}
		if !strings.Contains(out, "已压缩 "+path) || !strings.Contains(out, said) {
			t.Fatalf("archive %v: %q", flags, out)
		}
		if raw, _ := os.ReadFile(path); bytes.Contains(raw, []byte("13953706688")) || bytes.Contains(raw, []byte("王建国")) {
			t.Fatal("the phone or the name is still in the compacted file's bytes")
		}
		if kept, _ := filepath.Glob(path + ".before-compact-*"); len(kept) != map[bool]int{false: 0, true: 1}[keepOld] {
			t.Fatalf("archive %v: previous files %v", flags, kept)
		}
	}
}
