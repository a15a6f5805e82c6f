package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"hotline/config"
)

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range Catalogue() {
		msg := e.Message(nil)
		if e.Status < 400 || e.Status > 599 || e.Code == "" {
			t.Errorf("%+v: status or code", e)
		}
		han := false
		for _, r := range msg {
			if unicode.Is(unicode.Han, r) {
				han = true
			}
		}
		if !han {
			t.Errorf("%s: %q is not Chinese", e.Code, msg)
		}
		key := fmt.Sprint(e.Status, e.Code, msg)
		if seen[key] {
			t.Errorf("%s listed twice", e.Code)
		}
		seen[key] = true
	}
}

// TestCatalogueKeys: every error of the catalogue takes its message from
// a field of http_errors of its own, and every field is some error's.
func TestCatalogueKeys(t *testing.T) {
	var m config.HTTPErrors
	rv := reflect.ValueOf(&m).Elem()
	fields := map[string]bool{}
	for i := range rv.NumField() {
		if f := rv.Field(i); f.Kind() == reflect.String {
			name := rv.Type().Field(i).Name
			f.SetString(name)
			fields[name] = true
		}
	}
	for _, e := range Catalogue() {
		name := e.Message(&m)
		if !fields[name] {
			t.Errorf("%s (%d): message %q is no field of its own", e.Code, e.Status, name)
		}
		delete(fields, name)
	}
	for name := range fields {
		t.Errorf("config.HTTPErrors.%s is no error's message", name)
	}
}

func TestErrorDerived(t *testing.T) {
	e := ErrUserExists.With("li")
	if e.Error() != "用户已存在：li" || e.Status != 409 || e.Code != "exists" {
		t.Fatalf("%+v", e)
	}
	if !errors.Is(e, ErrUserExists) || errors.Is(e, ErrBadUser) || !errors.Is(ErrRule.Say("x").With("y"), ErrRule) {
		t.Fatal("errors.Is does not follow the catalogue")
	}
	if got := ErrRule.Say("x").With("y").With("z").Error(); got != "x：y：z" {
		t.Fatalf("Say then With twice: %q", got)
	}
	if ErrUserExists.Error() != "用户已存在" {
		t.Fatal("With changed the catalogue value")
	}
	w := httptest.NewRecorder()
	WriteError(w, nil, fmt.Errorf("wrapped: %w", e))
	var body struct{ Error errorJSON }
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != 409 || body.Error.Code != "exists" || body.Error.Message != e.Error() {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	WriteError(w, nil, errors.New("disk on fire"))
	if w.Code != 500 || !json.Valid(w.Body.Bytes()) || w.Body.String() == "" || strings.Contains(w.Body.String(), "fire") {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}

// TestMessagesFromContext: the messages the request's context carries
// (the server's http_errors) are the ones answered, details included;
// the status and code stay.
func TestMessagesFromContext(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.HTTPErrors.BadJSON = "格式不对"
	cfg.HTTPErrors.Details.JSONUnknownField = "多了 {{.Field}}"
	cfg.HTTPErrors.TooLarge = "太大"
	cfg.HTTPErrors.Details.BodyLimit = "上限 {{.Max}}"
	h := Messages(Handle(func(w http.ResponseWriter, r *http.Request) error {
		var v struct{ Text string }
		return DecodeJSON(r, 16, &v)
	}), &cfg.HTTPErrors)
	for _, tc := range []struct {
		body   string
		status int
		code   string
		msg    string
	}{
		{`{"x": 1}`, 400, "bad_json", `格式不对：多了 "x"`},
		{`{"text": "0123456789"}`, 413, "too_large", "太大：上限 16"},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/", strings.NewReader(tc.body)))
		var body struct{ Error errorJSON }
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != tc.status || body.Error.Code != tc.code || body.Error.Message != tc.msg {
			t.Errorf("%s: %d %s", tc.body, w.Code, w.Body)
		}
	}
}
