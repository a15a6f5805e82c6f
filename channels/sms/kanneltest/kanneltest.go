//go:build linux

// Package kanneltest runs a real Kannel for end-to-end tests: bearerbox,
// smsbox and the fake SMSC of the kannel-extras package (fakesmsc), on
// free loopback ports with a configuration generated in a temporary
// directory. fakesmsc runs in interactive mode: SendMO writes a line to
// its input, and the messages Kannel sends to handsets are read from its
// log ("Got message N: <from to ucs-2 data>").
//
// Every process runs in its own process group and is stopped (SIGTERM,
// then SIGKILL) when the test ends. Linux only, like Debian's packages.
package kanneltest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"hotline/events/eventstest"
)

// Binaries are the programs a test Kannel runs.
type Binaries struct {
	Bearerbox, Smsbox, Fakesmsc string
}

// Where Debian's kannel and kannel-extras packages install them.
var searchPaths = map[string][]string{
	"bearerbox": {"/usr/sbin/bearerbox", "/usr/local/sbin/bearerbox"},
	"smsbox":    {"/usr/sbin/smsbox", "/usr/local/sbin/smsbox"},
	"fakesmsc":  {"/usr/lib/kannel/test/fakesmsc", "/usr/local/lib/kannel/test/fakesmsc"},
}

// Find locates bearerbox, smsbox and fakesmsc in the Debian locations or
// on PATH. The error names what is missing and the packages to install.
func Find() (Binaries, error) {
	find := func(name string) string {
		for _, p := range searchPaths[name] {
			if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
				return p
			}
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
		return ""
	}
	b := Binaries{Bearerbox: find("bearerbox"), Smsbox: find("smsbox"), Fakesmsc: find("fakesmsc")}
	var missing []string
	for name, p := range map[string]string{"bearerbox": b.Bearerbox, "smsbox": b.Smsbox, "fakesmsc": b.Fakesmsc} {
		if p == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return b, fmt.Errorf("kanneltest: %s not found; install the Debian packages kannel and kannel-extras (apt-get install -y kannel kannel-extras)", strings.Join(missing, ", "))
	}
	return b, nil
}

// Config is what the test's Kannel needs to reach the gateway.
type Config struct {
	// PostURL is the sms-service post-url, with Kannel's escapes (%p …).
	PostURL string
	// Username and Password of the sendsms-user; Sender is the
	// global-sender.
	Username, Password, Sender string
}

// MT is a message Kannel sent to a handset.
type MT struct {
	From, To string
	Coding   string // "ucs-2", "text", …
	Text     string
}

// Kannel is a test Kannel. SendsmsURL is known from New on, so that the
// gateway can be configured before Kannel starts.
type Kannel struct {
	SendsmsURL string
	Dir        string

	bins                         Binaries
	adminPort, boxPort, smscPort int
	sendsmsPort                  int
	procs                        []proc
	mo                           io.WriteCloser
	mts                          chan MT
	logMu                        sync.Mutex
	logs                         map[string]*strings.Builder
	logged                       chan struct{} // closed (and replaced) at each line logged; under logMu
	readers                      sync.WaitGroup
}

// proc is a started program; done closes when it has exited.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{}
}

// New reserves free loopback ports and a directory for a Kannel.
func New(t testing.TB, bins Binaries) *Kannel {
	t.Helper()
	k := &Kannel{bins: bins, Dir: t.TempDir(), mts: make(chan MT, 64), logs: map[string]*strings.Builder{}, logged: make(chan struct{})}
	ports := freePorts(t, 4)
	k.adminPort, k.boxPort, k.smscPort, k.sendsmsPort = ports[0], ports[1], ports[2], ports[3]
	k.SendsmsURL = fmt.Sprintf("http://127.0.0.1:%d/cgi-bin/sendsms", k.sendsmsPort)
	return k
}

// freePorts returns n distinct ports that were free a moment ago.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var out []int
	var lns []net.Listener
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns = append(lns, ln)
		out = append(out, ln.Addr().(*net.TCPAddr).Port)
	}
	for _, ln := range lns {
		ln.Close()
	}
	return out
}

// conf is the tested configuration of LIBRARIES.md §5, on our ports.
func (k *Kannel) conf(c Config) string {
	return fmt.Sprintf(`group = core
admin-port = %d
admin-password = kanneltest
smsbox-port = %d
box-allow-ip = "127.0.0.1"
dlr-storage = internal
log-level = 0

group = smsc
smsc = fake
smsc-id = FAKE
port = %d

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = %d
sendsms-port = %d
global-sender = %s
mo-recode = true
http-request-retry = 3
http-queue-delay = 1
log-level = 0

group = sendsms-user
username = %s
password = %s

group = sms-service
keyword = default
catch-all = true
post-url = "%s"
send-sender = true
max-messages = 0
omit-empty = true
`, k.adminPort, k.boxPort, k.smscPort, k.boxPort, k.sendsmsPort, c.Sender, c.Username, c.Password, c.PostURL)
}

// Start writes the configuration and starts bearerbox, smsbox and
// fakesmsc, returning once the fake SMSC is online and sendsms answers.
func (k *Kannel) Start(t testing.TB, c Config) {
	t.Helper()
	confPath := filepath.Join(k.Dir, "kannel.conf")
	if err := os.WriteFile(confPath, []byte(k.conf(c)), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		k.stop()
		if t.Failed() {
			k.dumpLogs(t)
		}
	})
	bearerbox := k.start(t, "bearerbox", k.bins.Bearerbox, confPath)
	// Its admin and box ports listen before the main loop starts.
	k.waitLog(t, "bearerbox", bearerbox, "Start-up done, entering mainloop")
	smsbox := k.start(t, "smsbox", k.bins.Smsbox, confPath)
	fakesmsc := k.start(t, "fakesmsc", k.bins.Fakesmsc, "-H", "127.0.0.1", "-r", fmt.Sprint(k.smscPort))
	k.mo = fakesmsc.stdin
	k.waitLog(t, "bearerbox", bearerbox, "Fakesmsc client connected")
	// smsbox opens its sendsms port before it connects to bearerbox.
	k.waitLog(t, "smsbox", smsbox, "Connected to bearerbox")
	k.waitLog(t, "bearerbox", bearerbox, "Client connected from")
}

// waitLog waits until program name (started as p) has logged a line
// containing want; it fails the test if the program exits first or
// nothing happens for eventstest.Hang.
func (k *Kannel) waitLog(t testing.TB, name string, p started, want string) {
	t.Helper()
	hang := time.NewTimer(eventstest.Hang)
	defer hang.Stop()
	for {
		k.logMu.Lock()
		found := strings.Contains(k.logs[name].String(), want)
		logged := k.logged
		k.logMu.Unlock()
		if found {
			return
		}
		select {
		case <-logged:
		case <-p.done:
			t.Fatalf("kanneltest: %s exited before it logged %q", name, want)
		case <-hang.C:
			t.Fatalf("kanneltest: hung waiting for %s to log %q", name, want)
		}
	}
}

// started is a program start returned: its stdin, and done closed when it
// has exited.
type started struct {
	stdin io.WriteCloser
	done  <-chan struct{}
}

// start runs one program in its own process group; its output is kept
// for the failure log (and waitLog), and fakesmsc's is scanned for MT
// messages.
func (k *Kannel) start(t testing.TB, name, bin string, args ...string) started {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = k.Dir
	// Its own process group, so that stop reaches the whole tree; and
	// killed with the test binary should that die before its cleanups.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatalf("kanneltest: unable to start %s: %v", name, err)
	}
	p := proc{cmd: cmd, done: make(chan struct{})}
	k.procs = append(k.procs, p)
	var log strings.Builder
	k.logMu.Lock()
	k.logs[name] = &log
	k.logMu.Unlock()
	k.readers.Add(1)
	go func() {
		defer k.readers.Done()
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			k.logMu.Lock()
			log.WriteString(line + "\n")
			close(k.logged)
			k.logged = make(chan struct{})
			k.logMu.Unlock()
			if name == "fakesmsc" {
				if mt, ok := ParseMT(line); ok {
					k.mts <- mt
				}
			}
		}
	}()
	go func() {
		_ = cmd.Wait()
		pw.Close()
		close(p.done)
	}()
	return started{stdin: stdin, done: p.done}
}

// stop ends the processes in reverse order: SIGTERM to each process
// group, SIGKILL to what is left after three seconds.
func (k *Kannel) stop() {
	if k.mo != nil {
		k.mo.Close()
	}
	for i := len(k.procs) - 1; i >= 0; i-- {
		_ = syscall.Kill(-k.procs[i].cmd.Process.Pid, syscall.SIGTERM)
	}
	grace := time.After(3 * time.Second)
	for _, p := range k.procs {
		select {
		case <-p.done:
		case <-grace:
		}
		// Whatever is left of the group (children, a box that ignored
		// SIGTERM) goes now.
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	}
	for _, p := range k.procs {
		select {
		case <-p.done:
		case <-time.After(2 * time.Second):
		}
	}
	done := make(chan struct{})
	go func() { k.readers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
}

func (k *Kannel) dumpLogs(t testing.TB) {
	k.logMu.Lock()
	defer k.logMu.Unlock()
	for name, log := range k.logs {
		s := log.String()
		if len(s) > 6000 {
			s = "…" + s[len(s)-6000:]
		}
		t.Logf("--- %s log ---\n%s", name, s)
	}
}

// SendMO makes the fake SMSC deliver an SMS from a handset. With ucs2 the
// text travels as UCS-2 (the way a Chinese SMS arrives), else as plain
// 7-bit text (no spaces: fakesmsc splits on them).
func (k *Kannel) SendMO(from, to, text string, ucs2 bool) error {
	if k.mo == nil {
		return errors.New("kanneltest: not started")
	}
	line := fmt.Sprintf("%s %s text %s\n", from, to, text)
	if ucs2 {
		var b []byte
		for _, u := range utf16.Encode([]rune(text)) {
			b = append(b, byte(u>>8), byte(u))
		}
		line = fmt.Sprintf("%s %s ucs2 %s\n", from, to, url.QueryEscape(string(b)))
	}
	_, err := io.WriteString(k.mo, line)
	return err
}

// WaitMT returns the next message Kannel sent to a handset.
func (k *Kannel) WaitMT(ctx context.Context) (MT, error) {
	select {
	case mt := <-k.mts:
		return mt, nil
	case <-ctx.Done():
		return MT{}, fmt.Errorf("kanneltest: no message reached the fake SMSC: %w", ctx.Err())
	}
}

var mtLine = regexp.MustCompile(`Got message \d+: <(\S+) (\S+) (\S+) ?(.*)>\s*$`)

// ParseMT reads one of fakesmsc's "Got message N: <from to type data>"
// lines; ucs-2 data is URL-encoded UTF-16BE, text data URL-encoded.
func ParseMT(line string) (MT, bool) {
	m := mtLine.FindStringSubmatch(line)
	if m == nil {
		return MT{}, false
	}
	mt := MT{From: m[1], To: m[2], Coding: m[3]}
	data, err := url.QueryUnescape(m[4])
	if err != nil {
		data = m[4]
	}
	if mt.Coding == "ucs-2" || mt.Coding == "ucs2" {
		if len(data)%2 != 0 {
			return MT{}, false
		}
		u := make([]uint16, len(data)/2)
		for i := range u {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		}
		data = string(utf16.Decode(u))
	}
	mt.Text = data
	return mt, true
}
