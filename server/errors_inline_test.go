package server_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoInlineHTTPErrors walks the handlers' source (the gateway, the
// console, the phone desk, the channels): an error a handler answers is a
// value of httpx's catalogue, whose message is the city's http_errors
// (issue 9 item 8), never a message written at the call. It fails on
//   - http.Error with a message written in the call,
//   - httpx.WriteJSON with an error status (errors go through
//     httpx.WriteError, which writes the catalogue's message),
//   - a catalogue value's With, Withf or Say given a text written in the
//     call (a detail is a value the request gave, such as a name or a
//     number; a message is a text of the config),
//   - httpx.Errorf with a format other than "%s" (it passes on a message
//     already worded in the city's words, such as an inbound.InputError's).
//
// TestHTTPErrorsFromConfig and TestDeskErrorsFromConfig check that the
// catalogue's messages are the city's.
func TestNoInlineHTTPErrors(t *testing.T) {
	var files []string
	for _, dir := range []string{".", "../desk", "../calls", "../duty", "../channels/sms", "../channels/telegram",
		"../channels/webchat", "../channels/wechat", "../httpx"} {
		names, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if !strings.HasSuffix(n, "_test.go") {
				files = append(files, n)
			}
		}
	}
	if len(files) < 40 {
		t.Fatalf("found %d source files: the walk lost its way", len(files))
	}
	fset := token.NewFileSet()
	calls := 0
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		inHTTPX := f.Name.Name == "httpx"
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			at := fset.Position(call.Pos())
			recv := exprText(src, fset, sel.X)
			switch {
			case recv == "http" && sel.Sel.Name == "Error" && len(call.Args) == 3:
				calls++
				if hasLiteral(call.Args[1]) {
					t.Errorf("%s: http.Error with a message written in the call", at)
				}
			case (recv == "httpx" || inHTTPX && recv == "") && sel.Sel.Name == "WriteJSON" && len(call.Args) == 3:
				calls++
				if s, ok := call.Args[1].(*ast.SelectorExpr); ok && errorStatus(s.Sel.Name) {
					t.Errorf("%s: WriteJSON with %s: an error goes through httpx.WriteError", at, s.Sel.Name)
				}
			case strings.HasPrefix(recv, "httpx.Err") && (sel.Sel.Name == "With" || sel.Sel.Name == "Withf" || sel.Sel.Name == "Say"):
				calls++
				for _, a := range call.Args {
					if hasLiteral(a) {
						t.Errorf("%s: %s.%s with a text written in the call", at, recv, sel.Sel.Name)
					}
				}
			case recv == "httpx" && sel.Sel.Name == "Errorf":
				calls++
				if lit, ok := call.Args[2].(*ast.BasicLit); !ok || lit.Value != `"%s"` {
					t.Errorf("%s: httpx.Errorf with a message written in the call; add the error to the catalogue", at)
				}
			}
			return true
		})
	}
	if calls < 10 {
		t.Fatalf("checked %d calls: the walk lost its way", calls)
	}
}

// exprText is the source text of e.
func exprText(src []byte, fset *token.FileSet, e ast.Expr) string {
	return string(src[fset.Position(e.Pos()).Offset:fset.Position(e.End()).Offset])
}

// hasLiteral tells whether e holds a string literal with a letter in it
// (a message, not a separator).
func hasLiteral(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if strings.IndexFunc(lit.Value, func(r rune) bool { return r > 127 || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }) >= 0 {
				found = true
			}
		}
		return !found
	})
	return found
}

// errorStatus tells whether the net/http constant name is a 4xx or 5xx
// status.
func errorStatus(name string) bool {
	switch name {
	case "StatusOK", "StatusCreated", "StatusAccepted", "StatusNoContent", "StatusFound", "StatusSeeOther",
		"StatusNotModified", "StatusMovedPermanently", "StatusTemporaryRedirect", "StatusPartialContent":
		return false
	}
	return strings.HasPrefix(name, "Status")
}
