package bot

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"text/template"

	"hotline/config"
)

// Every reply of the default city renders the same through render's plain
// path as through text/template, with every field set and with none.
func TestPlainRepliesRenderAsTemplates(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	ts, err := parseReplies(cfg.Replies)
	if err != nil {
		t.Fatal(err)
	}
	plain := plainReplies(ts)
	if len(plain) < len(ts)/2 {
		t.Errorf("%d of the default city's %d replies are plain, want most", len(plain), len(ts))
	}
	var full config.ReplyData
	v := reflect.ValueOf(&full).Elem()
	for i := range v.NumField() {
		v.Field(i).SetString(fmt.Sprintf("〔%s %d〕\n", v.Type().Field(i).Name, i))
	}
	e := &Engine{replies: ts, plain: plain}
	slow := &Engine{replies: ts}
	for name := range ts {
		for _, d := range []config.ReplyData{full, {}, {Number: "20261127-0042", Department: "市城市管理局", Due: " <no value> "}} {
			got, err1 := e.render(name, d)
			want, err2 := slow.render(name, d)
			if got != want || (err1 == nil) != (err2 == nil) {
				t.Errorf("%s: plain %q (%v), template %q (%v)", name, got, err1, want, err2)
			}
		}
	}
}

// Templates with more than text and fields are left to text/template.
func TestPlainRepliesOnlyTextAndFields(t *testing.T) {
	for text, want := range map[string]bool{
		"您的工单号是{{.Number}}，由{{.Department}}办理。": true,
		"  {{- .Number -}}  ":                        true,
		"纯文字":                                        true,
		"{{if .Due}}请在{{.Due}}前{{end}}":              false,
		"{{.Number | printf \"%q\"}}":                false,
		"{{printf \"%s\" .Number}}":                  false,
		"{{$x := .Number}}{{$x}}":                    false,
		"{{.Nope}}":                                  false,
		"{{.}}":                                      false,
		"{{template \"x\"}}{{define \"x\"}}a{{end}}": false,
	} {
		tm, err := template.New("r").Option("missingkey=zero").Parse(text)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		ts := map[config.ReplyName]*template.Template{"r": tm}
		_, plain := plainReplies(ts)["r"]
		if plain != want {
			t.Errorf("%q: plain %v, want %v", text, plain, want)
		}
		if !plain {
			continue
		}
		d := config.ReplyData{Number: "20261127-0042", Department: "市城市管理局"}
		got, _ := (&Engine{replies: ts, plain: plainReplies(ts)}).render("r", d)
		wantText, _ := (&Engine{replies: ts}).render("r", d)
		if got != wantText || strings.Contains(got, "{{") {
			t.Errorf("%q: plain %q, template %q", text, got, wantText)
		}
	}
}
