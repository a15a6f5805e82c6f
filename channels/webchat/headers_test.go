package webchat

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"hotline/config"
)

// TestSecurityHeaders: the page, its files and its API carry the page's
// Content-Security-Policy (no inline script or style, nothing from
// elsewhere, no frame), nosniff and no Referer; a city's
// channels.webchat.frame_ancestors become the frame-ancestors of the
// policy, without X-Frame-Options, which would forbid them.
func TestSecurityHeaders(t *testing.T) {
	for _, c := range []struct {
		ancestors []string
		frame     string
		xfo       string
	}{
		{nil, "frame-ancestors 'none'", "DENY"},
		{[]string{"https://www.jining.gov.cn/", "https://*.jining.gov.cn"}, "frame-ancestors https://www.jining.gov.cn https://*.jining.gov.cn", ""},
	} {
		ch := New(greeter{}, nil, "/chat", []byte("test key of the web chat tokens"))
		ch.FrameAncestors = c.ancestors
		mux := http.NewServeMux()
		ch.Routes(mux)
		for _, r := range []*http.Request{
			httptest.NewRequest(http.MethodGet, "/chat/", nil),
			httptest.NewRequest(http.MethodGet, "/chat/chat.js", nil),
			httptest.NewRequest(http.MethodGet, "/chat/chat.css", nil),
			httptest.NewRequest(http.MethodPost, "/chat/api/conversations", nil),
			httptest.NewRequest(http.MethodGet, "/chat/no-such.js", nil),
		} {
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, r)
			h := rec.Header()
			csp := h.Get("Content-Security-Policy")
			where := r.Method + " " + r.URL.Path
			for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "base-uri 'none'", c.frame} {
				if !strings.Contains(csp, want+";") && !strings.HasSuffix(csp, want) {
					t.Errorf("%s: Content-Security-Policy %q lacks %q", where, csp, want)
				}
			}
			if strings.Contains(csp, "unsafe") {
				t.Errorf("%s: Content-Security-Policy %q allows unsafe sources", where, csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Frame-Options") != c.xfo {
				t.Errorf("%s: X-Content-Type-Options %q, Referrer-Policy %q, X-Frame-Options %q, want nosniff, no-referrer, %q",
					where, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"), h.Get("X-Frame-Options"), c.xfo)
			}
		}
	}
}

// TestFrameAncestorsChecked: config check refuses a frame_ancestors entry
// that is not an origin (a path, a second directive, no scheme), in
// zh-CN, naming the entry; origins, a wildcard's among them, pass.
func TestFrameAncestorsChecked(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Channels.Webchat.FrameAncestors = []string{"https://www.jining.gov.cn", "https://*.jining.gov.cn:8443/",
		"https://www.jining.gov.cn/chat", "https://a.cn; script-src *", "www.jining.gov.cn", "'self'"}
	err = cfg.RunChecks(Descriptor.Check)
	probs, _ := err.(config.Problems)
	got := map[string]string{}
	for _, p := range probs {
		got[p.Path] = p.Msg
	}
	for i := range cfg.Channels.Webchat.FrameAncestors {
		path := "channels.webchat.frame_ancestors[" + string(rune('0'+i)) + "]"
		msg, refused := got[path]
		if refused != (i >= 2) {
			t.Errorf("%s %q: refused %v (%q)", path, cfg.Channels.Webchat.FrameAncestors[i], refused, msg)
		}
		if refused && !strings.Contains(msg, "不是网站的来源") {
			t.Errorf("%s: %q", path, msg)
		}
	}
}
