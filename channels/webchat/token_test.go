package webchat

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"hotline/httpx"
)

func TestTokensSortByCreationAndVerify(t *testing.T) {
	c := New(nil, nil, "", []byte("test key of the web chat tokens"))
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	var tokens []string
	for i := range 200 {
		tok, err := c.newToken(t0.Add(time.Duration(i) * time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		if len(tok) != tokenLen {
			t.Fatalf("token %q has %d characters, want %d", tok, len(tok), tokenLen)
		}
		if err := c.checkToken(tok); err != nil {
			t.Fatalf("own token %q rejected: %v", tok, err)
		}
		tokens = append(tokens, tok)
	}
	// Conversations opened a millisecond apart are neighbours in the
	// store's key order (what keeps a busy commit's pages few).
	if !slices.IsSorted(tokens) {
		t.Errorf("tokens are not in creation order: %q", tokens[:5])
	}
	if a, b := tokens[0], tokens[1]; a == b {
		t.Errorf("two tokens are equal: %q", a)
	}
}

func TestCheckTokenTellsMalformedFromForged(t *testing.T) {
	c := New(nil, nil, "", []byte("key A"))
	other := New(nil, nil, "", []byte("key B"))
	forged, err := other.newToken(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	own, err := c.newToken(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	flipped := []byte(own)
	if flipped[3] == '0' { // another hex digit: well formed, wrong MAC
		flipped[3] = '1'
	} else {
		flipped[3] = '0'
	}
	cases := []struct {
		tok    string
		status int
	}{
		{"", http.StatusBadRequest},
		{"xyz", http.StatusBadRequest},
		{own[:tokenLen-2], http.StatusBadRequest},
		{forged, http.StatusNotFound},
		{string(flipped), http.StatusNotFound},
	}
	for _, tc := range cases {
		err := c.checkToken(tc.tok)
		var he *httpx.Error
		if !errors.As(err, &he) || he.Status != tc.status {
			t.Errorf("checkToken(%q) = %v, want HTTP %d", tc.tok, err, tc.status)
		}
	}
}
