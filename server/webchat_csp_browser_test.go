package server

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"hotline/events/eventstest"
)

// policyWatch holds the violations of a Content-Security-Policy in the
// pages of one tab, from its next navigation on.
type policyWatch struct {
	mu   sync.Mutex
	seen []string
	more chan struct{} // a receive for each violation, when there is room
}

// watchPolicy records every violation of a Content-Security-Policy in the
// pages ctx opens from now on, as the browser logs them and as each page
// sees them (its securitypolicyviolation events, listened to before its
// first script runs and said on its console, so that they outlive the
// page).
func watchPolicy(t *testing.T, ctx context.Context) *policyWatch {
	t.Helper()
	w := &policyWatch{more: make(chan struct{}, 16)}
	add := func(s string) {
		w.mu.Lock()
		w.seen = append(w.seen, s)
		w.mu.Unlock()
		select {
		case w.more <- struct{}{}:
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
	run(t, ctx, "listen for violations before the page's scripts",
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{
				Source: `document.addEventListener("securitypolicyviolation", function (e) {
  console.error("hotline-csp-violation " + e.violatedDirective + " " + e.blockedURI + " " + location.pathname);
});`})
			return err
		}),
	)
	return w
}

// violations are the violations seen so far.
func (w *policyWatch) violations() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.seen...)
}

// TestWebChatUnderItsCSPInBrowser: the citizen's chat page works under its
// Content-Security-Policy (its style applied, the welcome shown, a message
// sent and answered) and raises no violation; an inline script put into
// the page is refused and seen, so the test would see the page's own.
func TestWebChatUnderItsCSPInBrowser(t *testing.T) {
	t.Parallel()
	d := newDeskServer(t)
	resp, err := http.Get(d.url + "/chat/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Fatalf("the page's Content-Security-Policy is %q", csp)
	}

	b := browser(t)
	page := person(t, b)
	policy := watchPolicy(t, page)
	run(t, page, "the citizen writes and is answered",
		chromedp.Navigate(d.url+"/chat/"),
		chromedp.WaitVisible(chromedp.CSS(".msg.bot")),
		chromedp.SetValue(chromedp.CSS("#text"), "任城区古槐路有烧烤摊占道经营，油烟很大"),
		chromedp.Click(chromedp.CSS("#send")),
		chromedp.WaitVisible(`//div[contains(@class,"msg") and contains(@class,"citizen")][contains(., "烧烤摊")]`),
		chromedp.WaitVisible(`(//div[contains(@class,"msg") and contains(@class,"bot")])[2]`),
	)
	if bg := evalIn[string](t, page, `getComputedStyle(document.querySelector("header")).backgroundColor`); bg != "rgb(200, 22, 29)" {
		t.Errorf("the header's background is %q: chat.css was not applied", bg)
	}
	if v := policy.violations(); len(v) > 0 {
		t.Errorf("the chat page violates its policy: %q", v)
	}

	// The control: an inline script is refused, and the watch sees it.
	ran, err := chromedp.Run(page, chromedp.Evaluate[bool](`new Promise(function (done) {
  document.addEventListener("securitypolicyviolation", function () { done(window.hotlineInline === true); }, {once: true});
  var s = document.createElement("script");
  s.textContent = "window.hotlineInline = true";
  document.body.appendChild(s);
})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if ran {
		t.Error("an inline script ran under the page's policy")
	}
	for len(policy.violations()) < 2 {
		select {
		case <-policy.more:
		case <-time.After(eventstest.Hang):
			t.Fatalf("an inline script's violation was not seen by both listeners: %q", policy.violations())
		}
	}
	for _, v := range policy.violations() {
		if !strings.Contains(v, "script-src") {
			t.Errorf("violation %q, want the inline script's", v)
		}
	}
}
