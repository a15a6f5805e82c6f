package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"testing"
	"unicode"
)

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range Catalogue() {
		if e.Status < 400 || e.Status > 599 || e.Code == "" {
			t.Errorf("%+v: status or code", e)
		}
		han := false
		for _, r := range e.Msg {
			if unicode.Is(unicode.Han, r) {
				han = true
			}
		}
		if !han {
			t.Errorf("%s: %q is not Chinese", e.Code, e.Msg)
		}
		key := fmt.Sprint(e.Status, e.Code, e.Msg)
		if seen[key] {
			t.Errorf("%s listed twice", e.Code)
		}
		seen[key] = true
	}
}

func TestErrorDerived(t *testing.T) {
	e := ErrUserExists.With("li")
	if e.Msg != "用户已存在：li" || e.Status != 409 || e.Code != "exists" {
		t.Fatalf("%+v", e)
	}
	if !errors.Is(e, ErrUserExists) || errors.Is(e, ErrBadUser) || !errors.Is(ErrRule.Say("x").With("y"), ErrRule) {
		t.Fatal("errors.Is does not follow the catalogue")
	}
	if ErrUserExists.Msg != "用户已存在" {
		t.Fatal("With changed the catalogue value")
	}
	w := httptest.NewRecorder()
	WriteError(w, fmt.Errorf("wrapped: %w", e))
	var body struct{ Error Error }
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != 409 || body.Error.Code != "exists" || body.Error.Msg != e.Msg {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	WriteError(w, errors.New("disk on fire"))
	if w.Code != 500 || !json.Valid(w.Body.Bytes()) || w.Body.String() == "" {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}
