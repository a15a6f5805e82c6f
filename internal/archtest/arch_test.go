// Package archtest holds the architecture test: it reads the module's real
// import graph with `go list` and fails when a package imports what the
// rules of the house forbid (README, "Map of the code").
package archtest

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"path"
	"strings"
	"testing"
)

const module = "hotline"

// A rule forbids packages matching from to import packages matching to.
// A pattern is a package path relative to the module, and "x/..." matches
// x and everything below it. Direct rules look at a package's own
// imports; the others at everything it depends on.
type rule struct {
	from, to string
	direct   bool
	why      string
}

var rules = []rule{
	{from: "channels/...", to: "store/...", why: "channels know nothing of storage"},
	{from: "channels/...", to: "bot/...", why: "channels speak to the engine through inbound"},
	{from: "channels/...", to: "workflow/...", why: "channels know nothing of work-order rules"},
	{from: "channels/...", to: "outbox/...", why: "channels get outbound messages, not the delivery worker"},
	{from: "ticket/...", to: "store/...", why: "the work order is below storage"},
	{from: "nlp/...", to: "store/...", why: "the classifier does no I/O of its own"},
	{from: "nlp/...", to: "bot/...", why: "the classifier knows nothing of the dialog"},
	{from: "store/...", to: "bot/...", why: "storage is below the engine"},
	{from: "store/...", to: "channels/...", why: "storage is below the channels"},
	{from: "config/...", to: "store/...", why: "config imports nothing of ours"},
	{from: "bot/...", to: "desk/...", why: "the engine knows nothing of the console"},
	{from: "bot/...", to: "channels/...", why: "the engine knows nothing of the platforms"},
	{from: "workflow/...", to: "bot/...", why: "work-order rules live in workflow, not the dialog"},
	{from: "outbox/...", to: "bot/...", why: "delivery is below the engine"},
	{from: "events/...", to: "store/...", why: "live events are plain values"},
}

// domainMay lists all that the domain package may import of ours.
var domainMay = []string{"domain", "ticket", "config"}

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func match(pattern, rel string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return rel == base || strings.HasPrefix(rel, base+"/")
	}
	return rel == pattern
}

// ours returns p relative to the module, or false for another module's.
func ours(p string) (string, bool) {
	if p == module {
		return "", true
	}
	return strings.CutPrefix(p, module+"/")
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	return goList[pkg](t, "-deps=false", "-json=ImportPath,Imports,Deps")
}

// goList runs go list with args over the module's packages and decodes
// each package it prints as a T; it fails the test when go list does or
// finds fewer than 10.
func goList[T any](t *testing.T, args ...string) []T {
	t.Helper()
	out, err := exec.Command("go", append(append([]string{"list"}, args...), module+"/...")...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []T
	for dec := json.NewDecoder(strings.NewReader(string(out))); ; {
		var p T
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

func check(pkgs []pkg) []string {
	var bad []string
	for _, p := range pkgs {
		from, ok := ours(p.ImportPath)
		if !ok {
			continue
		}
		for _, r := range rules {
			if !match(r.from, from) {
				continue
			}
			list := p.Deps
			if r.direct {
				list = p.Imports
			}
			for _, imp := range list {
				if to, ok := ours(imp); ok && match(r.to, to) {
					bad = append(bad, from+" imports "+to+" ("+r.from+" ↛ "+r.to+": "+r.why+")")
				}
			}
		}
		if match("domain/...", from) {
			for _, imp := range p.Deps {
				to, ok := ours(imp)
				if !ok {
					continue
				}
				allowed := false
				for _, a := range domainMay {
					allowed = allowed || match(a, to) || match(a+"/...", to)
				}
				if !allowed {
					bad = append(bad, from+" imports "+to+" (domain may import only ticket and config)")
				}
			}
		}
		for _, imp := range p.Imports {
			if to, ok := ours(imp); ok && path.Base(to) != "cmd" && match("cmd/...", to) {
				bad = append(bad, from+" imports "+to+" (no package imports cmd)")
			}
		}
	}
	return bad
}

func TestImportRules(t *testing.T) {
	for _, b := range check(listPackages(t)) {
		t.Error(b)
	}
}

// The checker itself catches a violation: a channel importing store, and
// transitive ones (workflow → something → bot, a channel → inbound → bot).
func TestCheckerCatchesViolations(t *testing.T) {
	bad := check([]pkg{
		{ImportPath: "hotline/channels/x", Imports: []string{"hotline/store", "fmt"}, Deps: []string{"fmt", "hotline/store"}},
		{ImportPath: "hotline/workflow", Imports: []string{"hotline/y"}, Deps: []string{"hotline/y", "hotline/bot"}},
		{ImportPath: "hotline/domain", Deps: []string{"hotline/ticket", "hotline/config", "hotline/logx"}},
		{ImportPath: "hotline/channels/ok", Imports: []string{"hotline/domain", "hotline/inbound"}, Deps: []string{"hotline/domain", "hotline/inbound", "hotline/ticket"}},
		{ImportPath: "hotline/channels/y", Imports: []string{"hotline/inbound"}, Deps: []string{"hotline/inbound", "hotline/bot"}},
	})
	if len(bad) != 4 {
		t.Fatalf("found %d violations, want 4: %q", len(bad), bad)
	}
}
