package browsertest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Policy holds the violations of a Content-Security-Policy in the pages
// of one tab, from its next navigation on (WatchPolicy).
type Policy struct {
	mu   sync.Mutex
	seen []string
	more chan struct{} // a receive for each violation, when there is room
}

// WatchPolicy records every violation of a Content-Security-Policy in the
// pages ctx opens from now on, as the browser logs them and as each page
// sees them (its securitypolicyviolation events, listened to before its
// first script runs and said on its console, so that they outlive the
// page). within bounds the one command it sends.
func WatchPolicy(t *testing.T, ctx context.Context, within time.Duration) *Policy {
	t.Helper()
	p := &Policy{more: make(chan struct{}, 16)}
	add := func(s string) {
		p.mu.Lock()
		p.seen = append(p.seen, s)
		p.mu.Unlock()
		select {
		case p.more <- struct{}{}:
		default:
		}
	}
	if err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *cdplog.EventEntryAdded:
			if e.Entry.Source == cdplog.EntrySourceSecurity || strings.Contains(e.Entry.Text, "Content Security Policy") {
				add("log: " + e.Entry.Text)
			}
		case *runtime.EventConsoleAPICalled:
			for _, a := range e.Args {
				if v := string(a.Value); strings.Contains(v, "hotline-csp-violation") {
					add("page: " + v)
				}
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{
			Source: `document.addEventListener("securitypolicyviolation", function (e) {
  console.error("hotline-csp-violation " + e.violatedDirective + " " + e.blockedURI + " " + location.pathname);
});`})
		return err
	})); err != nil {
		t.Fatalf("listen for violations of the page's policy: %v", err)
	}
	return p
}

// Violations are the violations seen so far.
func (p *Policy) Violations() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...)
}

// WaitFor waits until n violations have been seen, and fails the test if
// they are not within hang.
func (p *Policy) WaitFor(t *testing.T, n int, hang time.Duration) {
	t.Helper()
	for len(p.Violations()) < n {
		select {
		case <-p.more:
		case <-time.After(hang):
			t.Fatalf("%d violations seen, waited for %d: %q", len(p.Violations()), n, p.Violations())
		}
	}
}
