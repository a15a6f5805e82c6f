package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hotline/events/eventstest"
	"hotline/internal/browsertest"
)

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
	policy := browsertest.WatchPolicy(t, page, eventstest.Hang)
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
	if v := policy.Violations(); len(v) > 0 {
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
	policy.WaitFor(t, 2, eventstest.Hang)
	for _, v := range policy.Violations() {
		if !strings.Contains(v, "script-src") {
			t.Errorf("violation %q, want the inline script's", v)
		}
	}
}
