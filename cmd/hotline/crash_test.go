package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"hotline/desk"
	"hotline/domain"
	"hotline/events/eventstest"
	"hotline/internal/raceexit"
	"hotline/store"
)

// TestMain lets the test binary act as `hotline` for tests that need the
// server in a child process they can kill (which hashes passwords as the
// shipped binary does). The tests' own accounts are hashed at bcrypt's
// lowest cost (users add and passwd through the real command: the
// default cost takes a few tenths of a second of CPU a hash under the
// race detector); desk's tests check that production keeps the default.
func TestMain(m *testing.M) {
	raceexit.NoSleep()
	if os.Getenv("HOTLINE_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	desk.LowerPasswordCostForTests()
	// The demo history is built beside the tests that run before the first
	// test that needs it (most run one at a time: they set environment
	// variables), rather than after them.
	flag.Parse()
	var building chan struct{}
	if selected(demoFixtureUsers...) {
		building = make(chan struct{})
		go func() { defer close(building); buildDemoFixture() }()
	}
	code := m.Run()
	if building != nil {
		<-building
	}
	for _, dir := range fixtureDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// selected tells whether -test.run and -test.skip select one of the
// top-level tests named (-test.list runs none). A pattern with a subtest
// part (A/B) is matched on its first part, and skips no top-level test.
func selected(names ...string) bool {
	if flag.Lookup("test.list").Value.String() != "" {
		return false
	}
	matches := func(flagName, name string) (match, subtests bool) {
		pat := flag.Lookup(flagName).Value.String()
		first, sub, _ := strings.Cut(pat, "/")
		re, err := regexp.Compile(first)
		return err == nil && re.MatchString(name), sub != ""
	}
	for _, name := range names {
		if run, _ := matches("test.run", name); !run {
			continue
		}
		if skip, subtests := matches("test.skip", name); flag.Lookup("test.skip").Value.String() != "" && skip && !subtests {
			continue
		}
		return true
	}
	return false
}

// fixtureDirs are the directories of fixtures built once for several
// tests (demoData), removed after the last test.
var fixtureDirs []string

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServer runs `hotline serve` in a child process and waits until it
// says it listens (the banner's first line: connections are accepted from
// then on), then checks /healthz once.
func startServer(t *testing.T, dataDir, addr string) *serverCmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "--addr", addr, "--data", dataDir)
	// The child inherits GORACE's atexit_sleep_ms=0 (TestMain, raceexit):
	// every server these tests stop would otherwise wait out a second.
	cmd.Env = append(os.Environ(), "HOTLINE_TEST_MAIN=1", "HOTLINE_DESK_TOKEN=crash")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out := &lockedBuffer{}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	listening := make(chan struct{})
	exited := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(pr)
		once := sync.Once{}
		for sc.Scan() {
			out.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), " 已在 ") && strings.HasSuffix(sc.Text(), " 上运行") {
				once.Do(func() { close(listening) })
			}
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	go func() { _ = cmd.Wait(); pw.Close(); close(exited) }()
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); <-exited })
	select {
	case <-listening:
	case <-exited:
		t.Fatalf("server exited before it listened: %s", out.String())
	case <-time.After(eventstest.Hang):
		t.Fatalf("server hung before it listened: %s", out.String())
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("healthz: %v; %s", err, out.String())
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz answered %d: %s", resp.StatusCode, out.String())
	}
	return &serverCmd{Cmd: cmd, exited: exited}
}

// serverCmd is the child server; Wait waits for it to exit (its output
// is read to the end first).
type serverCmd struct {
	*exec.Cmd
	exited chan struct{}
}

func (c *serverCmd) Wait() error {
	<-c.exited
	return nil
}

// lockedBuffer is a buffer written by one goroutine and read by another.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) WriteString(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.WriteString(s)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type acked struct {
	conv, clientID, text string
	order                string
}

var orderRe = regexp.MustCompile(`工单号：(\d{8}-\d{4,})`)

// TestCrashSafety kills the server with SIGKILL at random moments while
// many clients write, restarts it, and checks that every message that got
// a 2xx answer is in the store and that no order number was given twice.
func TestCrashSafety(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	dataDir := t.TempDir()
	var mu sync.Mutex
	var all []acked
	rng := rand.New(rand.NewPCG(42, 7))
	const rounds = 4
	for round := 0; round < rounds; round++ {
		addr := freePort(t)
		cmd := startServer(t, dataDir, addr)
		base := "http://" + addr + "/chat/api"
		ctx, cancel := context.WithCancel(context.Background())
		// The kill comes after a random number of acknowledged messages,
		// however fast the machine is, with requests in flight.
		mu.Lock()
		killAt := len(all) + 30 + rng.IntN(300)
		mu.Unlock()
		kill := make(chan struct{})
		var killOnce sync.Once
		var wg sync.WaitGroup
		for c := 0; c < 12; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				client := &http.Client{Timeout: eventstest.Hang}
				for n := 0; ctx.Err() == nil; n++ {
					var conv struct {
						ID string `json:"conversation_id"`
					}
					if err := postJSON(ctx, client, base+"/conversations", nil, &conv); err != nil {
						return
					}
					phone := fmt.Sprintf("139%02d%02d%04d", round, c, n)
					for i, text := range []string{"任城区古槐路有烧烤摊占道经营，油烟很大", "电话 " + phone, "确认"} {
						id := fmt.Sprintf("r%dc%dn%di%d", round, c, n, i)
						var res struct {
							Replies []struct {
								Text string `json:"text"`
							} `json:"replies"`
						}
						err := postJSON(ctx, client, base+"/messages", map[string]string{"conversation_id": conv.ID, "text": text, "client_id": id}, &res)
						if err != nil {
							return
						}
						a := acked{conv: conv.ID, clientID: id, text: text}
						for _, r := range res.Replies {
							if m := orderRe.FindStringSubmatch(r.Text); m != nil {
								a.order = m[1]
							}
						}
						mu.Lock()
						all = append(all, a)
						if len(all) >= killAt {
							killOnce.Do(func() { close(kill) })
						}
						mu.Unlock()
					}
				}
			}()
		}
		select {
		case <-kill:
		case <-cmd.exited:
			t.Fatal("the server exited before it was killed")
		case <-time.After(eventstest.Hang):
			t.Fatal("hung waiting for acknowledged messages")
		}
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		cancel()
		wg.Wait()
	}
	// One more start proves the database opens cleanly after the last kill.
	addr := freePort(t)
	cmd := startServer(t, dataDir, addr)
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	_ = cmd.Wait()

	st, err := store.Open(filepath.Join(dataDir, "hotline.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if len(all) < 50 {
		t.Fatalf("only %d acknowledged messages: the load did not run", len(all))
	}
	orders := map[string]string{}
	err = st.View(func(tx *store.Tx) error {
		byConv := map[string][]*domain.Message{}
		for _, a := range all {
			msgs, ok := byConv[a.conv]
			if !ok {
				var err error
				if msgs, err = tx.Messages("webchat:"+a.conv, 0, 0); err != nil {
					return err
				}
				byConv[a.conv] = msgs
			}
			found := false
			for _, m := range msgs {
				if m.Direction == domain.In && m.ExternalID == a.conv+":"+a.clientID && m.Text == a.text {
					found = true
				}
			}
			if !found {
				t.Errorf("acknowledged message %s/%s (%q) is not in the store", a.conv, a.clientID, a.text)
			}
			if a.order != "" {
				if other, dup := orders[a.order]; dup && other != a.conv {
					t.Errorf("order number %s given to two conversations", a.order)
				}
				orders[a.order] = a.conv
				tk, err := tx.Ticket(a.order)
				if err != nil {
					t.Errorf("acknowledged order %s missing: %v", a.order, err)
				} else if tk.ConversationID != "webchat:"+a.conv {
					t.Errorf("order %s belongs to %s, acknowledged to %s", a.order, tk.ConversationID, a.conv)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d acknowledged messages and %d orders survived %d SIGKILLs", len(all), len(orders), rounds)
}

func postJSON(ctx context.Context, client *http.Client, url string, body, out any) error {
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s", resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// TestBackupWhileServing takes `hotline backup FILE` while the server
// holds the database: the snapshot comes through the running server.
func TestBackupWhileServing(t *testing.T) {
	dataDir := t.TempDir()
	addr := freePort(t)
	cmd := startServer(t, dataDir, addr)
	defer func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM); _ = cmd.Wait() }()
	var conv struct {
		ID string `json:"conversation_id"`
	}
	client := &http.Client{Timeout: eventstest.Hang}
	if err := postJSON(context.Background(), client, "http://"+addr+"/chat/api/conversations", nil, &conv); err != nil {
		t.Fatal(err)
	}
	var out struct{}
	if err := postJSON(context.Background(), client, "http://"+addr+"/chat/api/messages", map[string]string{"conversation_id": conv.ID, "text": "你好"}, &out); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOTLINE_DESK_TOKEN", "crash")
	// Only the token in the environment, the address in the config file,
	// no local database (./data does not exist here), flags after the
	// file name: the snapshot comes through the configured address.
	cfgFile := filepath.Join(t.TempDir(), "hotline.yaml")
	if err := os.WriteFile(cfgFile, []byte("server:\n  addr: \""+addr+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	snap0 := filepath.Join(t.TempDir(), "snap0.db")
	if code, stdout, stderr := runCLI(t, "", "backup", snap0, "--config", cfgFile); code != 0 || !strings.Contains(stdout, "在线备份已写入") || !strings.Contains(stdout, addr) {
		t.Fatalf("backup with only the token and the configured address: %d %q %q", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "", "backup"); code != 2 || !strings.Contains(stderr, "--token") {
		t.Errorf("backup usage: %d %q", code, stderr)
	}
	t.Setenv("HOTLINE_SERVER_ADDR", addr)
	snap := filepath.Join(t.TempDir(), "snap.db")
	if code, stdout, stderr := runCLI(t, "", "backup", "--data", dataDir, snap); code != 0 || !strings.Contains(stdout, "在线备份已写入") {
		t.Fatalf("backup while serving: %d %q %q", code, stdout, stderr)
	}
	restored := filepath.Join(t.TempDir(), "hotline.db")
	if _, err := store.Restore(snap, restored); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(restored, &store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_ = st.View(func(tx *store.Tx) error {
		if msgs, _ := tx.Messages("webchat:"+conv.ID, 0, 0); len(msgs) < 2 {
			t.Errorf("snapshot lacks the conversation: %d messages", len(msgs))
		}
		return nil
	})
}
