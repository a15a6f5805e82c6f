package config

import "testing"

// Render parses a text once and fills it anew each time; a text that
// does not parse gives itself, every time.
func TestRenderKeepsParsedTexts(t *testing.T) {
	const tmpl = "工单{{.Number}}"
	for _, n := range []string{"20261201-0001", "20261201-0002"} {
		if got := Render(tmpl, ReminderData{Number: n}); got != "工单"+n {
			t.Errorf("Render = %q, want 工单%s", got, n)
		}
	}
	const bad = "工单{{.Number"
	for range 2 {
		if got := Render(bad, ReminderData{Number: "x"}); got != bad {
			t.Errorf("Render of a broken text = %q, want the text itself", got)
		}
	}
}
