package main

import (
	"errors"
	"flag"
	"io"
	"path/filepath"
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

// TestValueMistakesInChinese: a value below its least, an order number
// that is not there and a report without a database are said in the
// default's zh-CN (report_texts.command_line.mistakes, archive.no_database).
func TestValueMistakesInChinese(t *testing.T) {
	t.Parallel()
	dir, _ := newDataDir(t)
	empty := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"bench", "--clients", "0"}, 2, "hotline bench: --clients 0 太小，至少为 1\n"},
		{[]string{"bench", "--duration", "500ms"}, 2, "hotline bench: --duration 500ms 太小，至少为 1s\n"},
		{[]string{"train", "--data", "x.jsonl", "--out", "m", "--epochs", "-1"}, 2, "hotline train: --epochs -1 太小，至少为 0\n"},
		{[]string{"tickets", "show", "20990101-0001", "--data", dir}, 1, "hotline tickets: 没有编号为 20990101-0001 的工单\n"},
		{[]string{"report", "monthly", "--data", empty}, 1, "hotline report: " + filepath.Join(empty, "hotline.db") + " 没有数据库（可用 --data 指定数据目录）\n"},
	} {
		if code, out, errOut := runCLI(t, "", c.args...); code != c.code || out != "" || errOut != c.want {
			t.Errorf("%v: %d %q %q, want %d %q", c.args, code, out, errOut, c.code, c.want)
		}
	}
}
