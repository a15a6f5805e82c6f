package bot

import (
	"fmt"
	"reflect"
	"strings"
	"text/template"

	"hotline/config"
)

// parseReplies parses every reply template of the config, keyed by its
// YAML name (registered, ask_place, ...).
func parseReplies(r config.Replies) (map[string]*template.Template, error) {
	out := map[string]*template.Template{}
	v := reflect.ValueOf(r)
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		text := v.Field(i).String()
		if text == "" {
			return nil, fmt.Errorf("bot: replies.%s is empty", name)
		}
		t, err := template.New(name).Option("missingkey=zero").Parse(text)
		if err != nil {
			return nil, fmt.Errorf("bot: replies.%s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

func (e *Engine) render(name string, data map[string]any) (string, error) {
	t, ok := e.replies[name]
	if !ok {
		return "", fmt.Errorf("bot: no reply template %q", name)
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("bot: reply %s: %w", name, err)
	}
	return strings.TrimSpace(strings.ReplaceAll(b.String(), "<no value>", "")), nil
}
