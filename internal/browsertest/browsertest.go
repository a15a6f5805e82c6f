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

// Path is where the Debian chromium package installs the browser, or
// HOTLINE_CHROMIUM when set (a copy unpacked elsewhere).
var Path = cmp.Or(os.Getenv("HOTLINE_CHROMIUM"), "/usr/bin/chromium")

// Need skips the test when Chromium is not installed (fails it under
// CI=true, where it must be).
func Need(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(Path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: install the chromium package (apt-get install -y chromium)", Path)
		}
		t.Skipf("skipping browser test: %s not found (apt-get install -y chromium)", Path)
	}
}

var chrome struct {
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
	Need(t)
	chrome.once.Do(func() {
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(Path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
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

// Close ends the shared Chromium, if a test started it.
func Close() {
	if chrome.cancel != nil {
		chrome.cancel()
	}
}
