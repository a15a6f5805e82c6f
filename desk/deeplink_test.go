package desk

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestDeepLinkKeepsTheOrderThroughLogin: a notice's link to an order
// (server.base_url + /desk/orders/N), opened without a session, goes to
// the login page with the order's path as next, only ever a path of the
// console (login.js follows no other); with a session the page opens for
// the department that holds the order and is 404 to another.
func TestDeepLinkKeepsTheOrderThroughLogin(t *testing.T) {
	e := newEnv(t, nil)
	get := func(ck *http.Cookie, path string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		if ck != nil {
			r.AddCookie(ck)
		}
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		return w
	}
	for _, tc := range []struct{ path, next string }{
		{"/desk/orders/" + ownOrder, "/desk/orders/" + ownOrder},
		{"/desk/orders/%2F%2Fevil.example", "/desk/orders///evil.example"},
		{"/desk/conversations/webchat:x", "/desk/conversations/webchat:x"},
	} {
		w := get(nil, tc.path)
		loc, err := url.Parse(w.Header().Get("Location"))
		if w.Code != http.StatusFound || err != nil || loc.Path != "/desk/login" || loc.Host != "" {
			t.Errorf("%s without a session: %d to %q, want 302 to /desk/login", tc.path, w.Code, w.Header().Get("Location"))
			continue
		}
		if next := loc.Query().Get("next"); next != tc.next || !strings.HasPrefix(next, "/desk/") {
			t.Errorf("%s: next=%q, want %q", tc.path, next, tc.next)
		}
	}
	if w := get(e.login(t, "police"), "/desk/orders/"+ownOrder); w.Code != 200 || !strings.Contains(w.Body.String(), "app.js") {
		t.Errorf("the department's own order: %d", w.Code)
	}
	if w := get(e.login(t, "city"), "/desk/orders/"+ownOrder); w.Code != 404 {
		t.Errorf("another department's order: %d, want 404", w.Code)
	}
}
