package config

import (
	"reflect"
	"strings"
	"testing"
)

// renderData lists every data type the config's texts are filled with.
func renderData() []any {
	return []any{CitizenLabelData{}, DeskTextData{}, DutySessionData{}, DutyPageData{}, HTTPErrorData{}, InputData{},
		ReportNoticeData{}, NotifyData{}, RecipientData{}, ReportTitleData{}, ReportWeightsData{}, ReportChartData{},
		RankingData{}, PeriodErrorData{}, ReportPeriodData{}, BannerData{}, ShowData{}, ExampleData{}, DamageData{},
		FailureData{}, BackupData{}, MistakeData{}, OSErrorData{}, UsageData{}, ToolData{}, KBProblemData{}, KBData{},
		ArchiveData{}, ReportFileData{}, ClassifyData{}, DemoData{}, ListData{}, UserData{}, RuleData{}, AgentTextData{},
		ReminderData{}, HistoryData{}, HoldData{}, DeliveryData{}, SummaryData{}, ReplyData{}}
}

// filled returns zero with every exported string, bool and int field set
// (strings to their field's name in brackets, so that a field printed in
// the wrong place shows), or all left zero when set is false, or the
// bools alone set.
func filled(zero any, strs, bools bool) any {
	v := reflect.New(reflect.TypeOf(zero)).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if !v.Type().Field(i).IsExported() {
			continue
		}
		switch f.Kind() {
		case reflect.String:
			if strs {
				f.SetString("‹" + v.Type().Field(i).Name + "›")
			}
		case reflect.Bool:
			f.SetBool(bools)
		case reflect.Int, reflect.Int64:
			if strs {
				f.SetInt(int64(i + 3))
			}
		}
	}
	return v.Interface()
}

// configTexts returns every string of the default config.
func configTexts(t *testing.T) []string {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			if s := v.String(); !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(it.Key())
				walk(it.Value())
			}
		}
	}
	walk(reflect.ValueOf(c).Elem())
	return out
}

// Every text of the default config, filled with every data type (fields
// set, fields empty, flags set and unset), renders the same written from
// its parts as through text/template; the texts the write path renders in
// the store's transaction are plain.
func TestPlainRendersAsTemplate(t *testing.T) {
	texts := configTexts(t)
	extra := []string{
		"{{if .Number}}有{{.Number}}{{else}}无{{end}}",
		"{{with .Note}}；{{.}}{{else}}空{{end}}",
		"{{with .Note}}{{.}}{{else with .Department}}{{.}}{{end}}",
		"{{.Attempts}}次",
		"{{.Emergency}}",
		"{{if .Emergency}}急{{end}}",
		"{{.Number | printf \"%s\"}}",
		"{{$n := .Number}}{{$n}}",
		"{{with .Note}}{{.Number}}{{end}}",
		"{{.}}",
		"{{.Nope}}",
		"{{.Number",
		"{{/* a comment */}}x{{- .Number -}} y",
		"{{range .Number}}{{end}}",
	}
	// A text with no action is its own rendering whatever the data: a few
	// of them check that path, every text with an action checks the rest.
	var checked []string
	bare := 0
	for _, text := range append(texts, extra...) {
		if !strings.Contains(text, "{{") {
			if bare++; bare > 20 {
				continue
			}
		}
		checked = append(checked, text)
	}
	var datas []any
	for _, zero := range renderData() {
		datas = append(datas, filled(zero, true, true), filled(zero, true, false), filled(zero, false, false), filled(zero, false, true))
	}
	plain := 0
	for _, text := range checked {
		for _, data := range datas {
			want := renderTemplate(text, data)
			got, ok := renderPlain(text, data)
			if !ok {
				continue
			}
			plain++
			if got != want {
				t.Errorf("%T %q: plain %q, text/template %q", data, text, got, want)
			}
			if r := Render(text, data); r != want {
				t.Errorf("%T %q: Render %q, text/template %q", data, text, r, want)
			}
		}
	}
	t.Logf("%d of %d texts × data rendered as plain (%d texts without an action left out)", plain, len(checked)*len(datas), bare-min(bare, 20))
	if plain == 0 {
		t.Fatal("no text rendered as plain")
	}
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		text string
		data any
	}{
		"history_texts.dispatch":  {c.HistoryTexts.Dispatch, HistoryData{}},
		"history_texts.hold":      {c.HistoryTexts.Hold, HistoryData{}},
		"reminder_texts.dispatch": {c.ReminderTexts.Dispatch, ReminderData{}},
		"summary_texts.summary":   {c.SummaryTexts.Summary, SummaryData{}},
		"hold_reasons.repeat":     {c.HoldReasons.Repeat, HoldData{}},
	} {
		if _, ok := renderPlain(tc.text, tc.data); !ok {
			t.Errorf("%s (%q) is not rendered as plain", name, tc.text)
		}
	}
}

// Texts that are not plain for their data go through text/template: data
// that is not a struct, a pointer, a method's name, a pipeline.
func TestNotPlain(t *testing.T) {
	for _, tc := range []struct {
		text string
		data any
	}{
		{"工单{{.Number}}", &ReminderData{Number: "1"}},
		{"工单{{.n}}", map[string]string{"n": "1"}},
		{"工单{{.Number}}", nil},
		{"{{.Number | len}}", ReminderData{Number: "1"}},
		{"{{.Number}}", struct{ Number []byte }{[]byte("1")}},
		{"{{.Title}}", withMethod{Number: "field"}},
	} {
		if got, ok := renderPlain(tc.text, tc.data); ok {
			t.Errorf("%q with %T rendered as plain: %q", tc.text, tc.data, got)
		}
		if got, want := Render(tc.text, tc.data), renderTemplate(tc.text, tc.data); got != want {
			t.Errorf("Render(%q, %T) = %q, want %q", tc.text, tc.data, got, want)
		}
	}
}

type withMethod struct{ Number string }

func (withMethod) Title() string { return "method" }
