package bot

import (
	"fmt"
	"reflect"
	"strings"
	"text/template"
	"text/template/parse"

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

// replyPart is a piece of a plain reply template: its text, or the
// ReplyData field it prints (field >= 0).
type replyPart struct {
	text  string
	field int
}

// plainReplies finds the templates made of text and fields of ReplyData
// alone ({{.Number}}, as most replies are) and lists their parts: render
// writes those without executing the template, whose reflective walk held
// the write transaction (and every writer waiting for it) a few µs a
// reply. A template with anything else (if, range, pipelines, functions,
// an unknown field) is left to text/template.
func plainReplies(ts map[config.ReplyName]*template.Template) map[config.ReplyName][]replyPart {
	data := reflect.TypeFor[config.ReplyData]()
	out := map[config.ReplyName][]replyPart{}
next:
	for name, t := range ts {
		if t.Tree == nil || t.Tree.Root == nil || len(t.Templates()) != 1 {
			continue
		}
		var parts []replyPart
		for _, n := range t.Tree.Root.Nodes {
			switch n := n.(type) {
			case *parse.TextNode:
				parts = append(parts, replyPart{text: string(n.Text), field: -1})
			case *parse.ActionNode:
				p := n.Pipe
				if p == nil || p.IsAssign || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
					continue next
				}
				f, ok := p.Cmds[0].Args[0].(*parse.FieldNode)
				if !ok || len(f.Ident) != 1 {
					continue next
				}
				sf, ok := data.FieldByName(f.Ident[0])
				if !ok || !sf.IsExported() || len(sf.Index) != 1 || sf.Type.Kind() != reflect.String {
					continue next
				}
				parts = append(parts, replyPart{field: sf.Index[0]})
			default:
				continue next
			}
		}
		out[name] = parts
	}
	return out
}

func (e *Engine) render(name config.ReplyName, data config.ReplyData) (string, error) {
	if parts, ok := e.plain[name]; ok {
		var b strings.Builder
		v := reflect.ValueOf(&data).Elem()
		for _, p := range parts {
			if p.field < 0 {
				b.WriteString(p.text)
			} else {
				b.WriteString(v.Field(p.field).String())
			}
		}
		return strings.TrimSpace(strings.ReplaceAll(b.String(), "<no value>", "")), nil
	}
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
