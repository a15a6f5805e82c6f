package main

import (
	"errors"
	"flag"
	"io"
	"testing"
)

// TestFlagMistakeKinds: for each kind of mistake the flag package refuses
// the command line (so its rules have not changed under us) and flagErr
// names the kind, the option and the value without reading the package's
// English; a line it accepts has no mistake.
func TestFlagMistakeKinds(t *testing.T) {
	newSet := func() *flag.FlagSet {
		fs := flag.NewFlagSet("hotline test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.String("data", "", "")
		fs.Int("days", 1, "")
		fs.Bool("json", false, "")
		fs.Duration("soak", 0, "")
		return fs
	}
	for _, tt := range []struct {
		name string
		args []string
		want flagError
	}{
		{"unknown option", []string{"--data", "d", "--compat"}, flagError{kind: "bad_flag", flag: "--compat"}},
		{"unknown option, one dash", []string{"-jsno"}, flagError{kind: "bad_flag", flag: "--jsno"}},
		{"unknown option with a value", []string{"--colour=red"}, flagError{kind: "bad_flag", flag: "--colour"}},
		{"no value at the end", []string{"--days"}, flagError{kind: "no_value", flag: "--days"}},
		{"not a number", []string{"--days", "abc"}, flagError{kind: "bad_value", flag: "--days", value: "abc"}},
		{"not a number after =", []string{"--days=1.5"}, flagError{kind: "bad_value", flag: "--days", value: "1.5"}},
		{"not a duration", []string{"--soak", "10"}, flagError{kind: "bad_value", flag: "--soak", value: "10"}},
		{"not a boolean", []string{"--json=maybe"}, flagError{kind: "bad_value", flag: "--json", value: "maybe"}},
		{"three dashes", []string{"---data", "d"}, flagError{kind: "bad_syntax", flag: "---data"}},
		{"no name", []string{"-=x"}, flagError{kind: "bad_syntax", flag: "-=x"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fs := newSet()
			err := fs.Parse(tt.args)
			if err == nil {
				t.Fatalf("the flag package accepts %q", tt.args)
			}
			got := flagErr(newSet(), tt.args, err)
			var fe flagError
			if !errors.As(got, &fe) || fe != tt.want {
				t.Errorf("flagErr = %#v, want %#v (the package said %q)", got, tt.want, err)
			}
		})
	}
	// What the package accepts has no mistake in it, positional arguments
	// and -- included.
	for _, args := range [][]string{{"--data", "d", "x.jsonl", "--days=3"}, {"-json", "--soak", "1m"}, {"--", "--compat"}, {"--data", "--days"}} {
		if err := newSet().Parse(args); err != nil {
			t.Errorf("the flag package refuses %q: %v", args, err)
		}
		if fe, ok := flagMistakeIn(newSet(), args); ok {
			t.Errorf("%q: a mistake %#v in what the flag package accepts", args, fe)
		}
	}
	if err := flagErr(newSet(), []string{"-h"}, flag.ErrHelp); !errors.As(err, &helpRequest{}) {
		t.Errorf("-h: %v, want a help request", err)
	}
}
