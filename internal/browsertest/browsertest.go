// Package browsertest runs the browser tests' one headless Chromium per
// test binary (server's and demo's): started by the first browser test,
// closed by TestMain. Tests share the browser process only; each opens
// its pages in browser contexts of their own (own cookies and storage).
package browsertest

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path is the browser the tests drive: HOTLINE_CHROMIUM when set (the full
// browser, /usr/bin/chromium, or a copy unpacked elsewhere); otherwise
// Debian's chromium-headless-shell when it is installed, else its chromium.
// The headless shell is the same Chromium release without the browser's
// windows and UI: about half the CPU of the full browser in server's
// browser tests (measured in a cpuacct cgroup, 26 tests, two runs each:
// 110 and 102 CPU-s against 53 and 44).
var Path = choosePath(os.Getenv("HOTLINE_CHROMIUM"), os.Stat)

// Shell and Full are where Debian's chromium-headless-shell and chromium
// packages install the browser.
const (
	Shell = "/usr/bin/chromium-headless-shell"
	Full  = "/usr/bin/chromium"
)

// choosePath returns env if set, else Shell if stat finds it, else Full.
func choosePath(env string, stat func(string) (os.FileInfo, error)) string {
	if env != "" {
		return env
	}
	if _, err := stat(Shell); err == nil {
		return Shell
	}
	return Full
}

// Need skips the test when the browser Shared drives is not installed
// (fails it under CI=true, where it must be).
func Need(t *testing.T) {
	t.Helper()
	need(t, Path)
}

func need(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: install the chromium-headless-shell and chromium packages", path)
		}
		t.Skipf("skipping browser test: %s not found (apt-get install -y chromium-headless-shell chromium)", path)
	}
}

// FullPath is the full browser, for the tests that need what the headless
// shell leaves out: it keeps desktop notifications denied even when
// Browser.setPermission grants them. HOTLINE_CHROMIUM when set, else Full.
var FullPath = cmp.Or(os.Getenv("HOTLINE_CHROMIUM"), Full)

// browser is one Chromium process shared by a test binary's tests.
type browser struct {
	once   sync.Once
	ctx    context.Context // the browser's first tab
	cancel func()
	err    error
}

// Shared returns the binary's headless Chromium (a window of width ×
// height), started on the first call, which fails the test when the
// browser gives no answer within startWithin; the returned context ends
// with the test (tabs opened from it close then). It has no deadline: a
// whole test's time depends on the machine's load, and a test that must
// finish within a budget fails on a busy machine though nothing is wrong
// (each step has a hang guard of its own, eventstest.Hang). It skips the
// test when Chromium is not installed (Need).
func Shared(t *testing.T, width, height int, startWithin time.Duration) context.Context {
	t.Helper()
	need(t, Path)
	return shared(t, &chrome, Path, width, height, startWithin)
}

// SharedFull is Shared with the full browser (FullPath), started on its
// first call beside the headless shell: for a test that needs desktop
// notifications.
func SharedFull(t *testing.T, width, height int, startWithin time.Duration) context.Context {
	t.Helper()
	need(t, FullPath)
	return shared(t, &fullChrome, FullPath, width, height, startWithin)
}

var chrome, fullChrome browser

func shared(t *testing.T, chrome *browser, path string, width, height int, startWithin time.Duration) context.Context {
	t.Helper()
	chrome.once.Do(func() {
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
			chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("lang", "zh-CN"), chromedp.WindowSize(width, height),
			// Every window (each browser context the tests open is one)
			// otherwise loads the omnibox's popup as WebUI pages in
			// renderers of their own, which nobody sees in headless mode:
			// about 13% of Chromium's CPU in three of server's tests.
			chromedp.Flag("disable-features", "WebUIOmniboxPopup"),
		}
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		b, cancelB := chromedp.NewContext(alloc)
		chrome.ctx, chrome.cancel = b, func() { cancelB(); cancelAlloc() }
		// The first command runs on b itself, which the browser's life
		// is bound to; a start that hangs fails after startWithin.
		started := make(chan error, 1)
		go func() { started <- chromedp.Do(b, chromedp.Navigate("about:blank")) }()
		select {
		case chrome.err = <-started:
		case <-time.After(startWithin):
			chrome.err = fmt.Errorf("no answer after %s", startWithin)
		}
	})
	if chrome.err != nil {
		t.Fatalf("start chromium: %v", chrome.err)
	}
	ctx, cancel := context.WithCancel(chrome.ctx)
	t.Cleanup(cancel)
	return ctx
}

// Artifacts is where the browser tests save their screenshots:
// $HOTLINE_ARTIFACTS (created when missing; .ci/run sets it), or "" when
// it is not set.
func Artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("HOTLINE_ARTIFACTS")
	if dir == "" {
		return ""
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Shot saves a full-page screenshot of the tab as name.png in Artifacts.
// Without $HOTLINE_ARTIFACTS it takes none: nobody would see it (a
// temporary directory is deleted with the test). What a test checks never
// depends on a screenshot.
func Shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := Artifacts(t)
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Close ends the shared Chromiums, the tests started.
func Close() {
	for _, b := range []*browser{&chrome, &fullChrome} {
		if b.cancel != nil {
			b.cancel()
		}
	}
}
