package config

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
)

// A plain text is a template made of text, a data struct's fields
// ({{.Number}}) and {{if .Field}} or {{with .Field}} blocks over them
// ({{with .Note}}；{{.}}{{end}}), the fields being plain strings, bools
// or ints: most of the config's texts are. Render writes such a text
// from its parts for the struct type it is given, without text/template's
// reflective walk, which was most of the time the work orders' history
// notes, reminders and the bot's summary held the store's write lock
// with. Anything else (pipelines, functions, variables, range, a field of
// a field, a method, a named type that may print itself) is left to
// text/template, and so is every text with data of another kind.
// TestPlainRendersAsTemplate compares the two.

// plainOp is one part of a plain text: a text, a field printed, the dot
// of a with block printed, or an if/with block.
type plainOp struct {
	kind  plainKind
	text  string
	field int       // opField, opIf, opWith: the struct's field
	then  []plainOp // opIf, opWith
	els   []plainOp // opIf, opWith: the {{else}} part
}

type plainKind uint8

const (
	opText plainKind = iota
	opField
	opDot // {{.}} inside a with block
	opIf
	opWith
)

// plainKey is a text with the type of the data it is rendered with.
type plainKey struct {
	tmpl string
	typ  reflect.Type
}

// plainCache holds, for each text and data type Render has seen, the
// text's parts, or nil when it is not plain. Past maxRendered entries it
// compiles without keeping, as renderCache does.
var plainCache struct {
	sync.RWMutex
	m map[plainKey]*[]plainOp
}

// renderPlain writes tmpl filled with data when it is plain for data's
// type, and says whether it did.
func renderPlain(tmpl string, data any) (string, bool) {
	typ := reflect.TypeOf(data)
	if typ == nil || typ.Kind() != reflect.Struct {
		return "", false
	}
	k := plainKey{tmpl, typ}
	plainCache.RLock()
	ops, ok := plainCache.m[k]
	plainCache.RUnlock()
	if !ok {
		ops = compilePlain(tmpl, typ)
		plainCache.Lock()
		if plainCache.m == nil {
			plainCache.m = map[plainKey]*[]plainOp{}
		}
		if len(plainCache.m) < maxRendered {
			plainCache.m[k] = ops
		}
		plainCache.Unlock()
	}
	if ops == nil {
		return "", false
	}
	var b strings.Builder
	b.Grow(2 * len(tmpl)) // the text and, mostly, fields shorter than it
	writePlain(&b, *ops, reflect.ValueOf(data), reflect.Value{})
	return b.String(), true
}

// compilePlain returns tmpl's parts for data of struct type typ, or nil
// when tmpl is not plain for it (or does not parse).
func compilePlain(tmpl string, typ reflect.Type) *[]plainOp {
	t := parsed(tmpl)
	if t == nil || t.Tree == nil || t.Tree.Root == nil || len(t.Templates()) != 1 {
		return nil
	}
	ops, ok := plainNodes(t.Tree.Root, typ, false)
	if !ok {
		return nil
	}
	return &ops
}

// plainNodes compiles list; inWith says that the dot is a with block's
// field, which only {{.}} may print.
func plainNodes(list *parse.ListNode, typ reflect.Type, inWith bool) ([]plainOp, bool) {
	if list == nil {
		return nil, true
	}
	var ops []plainOp
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			ops = append(ops, plainOp{kind: opText, text: string(n.Text)})
		case *parse.ActionNode:
			arg, ok := onlyArg(n.Pipe)
			if !ok {
				return nil, false
			}
			if _, dot := arg.(*parse.DotNode); dot && inWith {
				ops = append(ops, plainOp{kind: opDot})
				continue
			}
			if inWith {
				return nil, false
			}
			i, ok := plainField(arg, typ)
			if !ok {
				return nil, false
			}
			ops = append(ops, plainOp{kind: opField, field: i})
		case *parse.IfNode:
			op, ok := plainBranch(&n.BranchNode, opIf, typ, inWith)
			if !ok {
				return nil, false
			}
			ops = append(ops, op)
		case *parse.WithNode:
			op, ok := plainBranch(&n.BranchNode, opWith, typ, inWith)
			if !ok {
				return nil, false
			}
			ops = append(ops, op)
		default:
			return nil, false
		}
	}
	return ops, true
}

// plainBranch compiles an if or with block over a field of the data.
func plainBranch(b *parse.BranchNode, kind plainKind, typ reflect.Type, inWith bool) (plainOp, bool) {
	if inWith {
		return plainOp{}, false
	}
	arg, ok := onlyArg(b.Pipe)
	if !ok {
		return plainOp{}, false
	}
	i, ok := plainField(arg, typ)
	if !ok {
		return plainOp{}, false
	}
	then, ok := plainNodes(b.List, typ, kind == opWith)
	if !ok {
		return plainOp{}, false
	}
	els, ok := plainNodes(b.ElseList, typ, false)
	if !ok {
		return plainOp{}, false
	}
	return plainOp{kind: kind, field: i, then: then, els: els}, true
}

// onlyArg returns the one argument of a pipeline of one command without
// variables ({{.Number}}).
func onlyArg(p *parse.PipeNode) (parse.Node, bool) {
	if p == nil || p.IsAssign || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return nil, false
	}
	return p.Cmds[0].Args[0], true
}

// plainField returns the index of the field arg names in typ ({{.Name}}),
// when that field is a plain string, bool or int that text/template would
// print and test as Render does.
func plainField(arg parse.Node, typ reflect.Type) (int, bool) {
	f, ok := arg.(*parse.FieldNode)
	if !ok || len(f.Ident) != 1 {
		return 0, false
	}
	name := f.Ident[0]
	// text/template calls a method of that name before it reads a field.
	if _, ok := typ.MethodByName(name); ok {
		return 0, false
	}
	if _, ok := reflect.PointerTo(typ).MethodByName(name); ok {
		return 0, false
	}
	sf, ok := typ.FieldByName(name)
	if !ok || !sf.IsExported() || len(sf.Index) != 1 {
		return 0, false
	}
	switch sf.Type {
	case reflect.TypeFor[string](), reflect.TypeFor[bool](), reflect.TypeFor[int]():
		return sf.Index[0], true
	}
	return 0, false
}

// writePlain writes ops filled from v (the data struct); dot is a with
// block's field.
func writePlain(b *strings.Builder, ops []plainOp, v, dot reflect.Value) {
	for _, op := range ops {
		switch op.kind {
		case opText:
			b.WriteString(op.text)
		case opField:
			writeValue(b, v.Field(op.field))
		case opDot:
			writeValue(b, dot)
		case opIf, opWith:
			f := v.Field(op.field)
			switch {
			case truth(f) && op.kind == opWith:
				writePlain(b, op.then, v, f)
			case truth(f):
				writePlain(b, op.then, v, dot)
			default:
				writePlain(b, op.els, v, dot)
			}
		}
	}
}

// writeValue prints a string, bool or int field as text/template does.
func writeValue(b *strings.Builder, f reflect.Value) {
	switch f.Kind() {
	case reflect.String:
		b.WriteString(f.String())
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(f.Bool()))
	default:
		b.WriteString(strconv.FormatInt(f.Int(), 10))
	}
}

// truth is text/template's truth of a string, bool or int.
func truth(f reflect.Value) bool {
	switch f.Kind() {
	case reflect.String:
		return f.Len() > 0
	case reflect.Bool:
		return f.Bool()
	default:
		return f.Int() != 0
	}
}
