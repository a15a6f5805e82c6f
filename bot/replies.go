package bot

import (
	"fmt"
	"strings"
	"text/template"

	"hotline/config"
)

// parseReplies parses every reply template of the config.
func parseReplies(r config.Replies) (map[config.ReplyName]*template.Template, error) {
	out := map[config.ReplyName]*template.Template{}
	for _, name := range config.ReplyNames() {
		text, _ := r.Text(name)
		if text == "" {
			return nil, fmt.Errorf("bot: replies.%s is empty", name)
		}
		t, err := template.New(string(name)).Option("missingkey=zero").Parse(text)
		if err != nil {
			return nil, fmt.Errorf("bot: replies.%s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

func (e *Engine) render(name config.ReplyName, data config.ReplyData) (string, error) {
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
