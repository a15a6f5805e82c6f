package main

import (
	"errors"
	"flag"
	"io"
	"strings"
	"sync/atomic"

	"hotline/config"
	"hotline/server"
)

// errUsage asks run to print the command's usage (report_texts.
// command_line.usage.commands) on standard error: exit code 2.
var errUsage = errors.New("usage")

// helpRequest asks run to print the command's usage on standard output:
// exit code 0 (hotline COMMAND --help).
type helpRequest struct{}

func (helpRequest) Error() string { return "help requested" }

// flagError is a mistake the flag package found in a command line; run
// says it in one line of report_texts.command_line.usage (exit code 2).
type flagError struct {
	kind  string // bad_flag, bad_value, no_value, bad_syntax
	flag  string // as the command line wrote it, with --
	value string
}

func (e flagError) Error() string { return e.kind + " " + e.flag }

// flagErr turns an error of fs.Parse(args) into helpRequest or a
// flagError. Which argument was wrong, and how, is found again by walking
// args as the flag package does (flagMistakeIn), not by reading the
// package's English message; TestFlagMistakeKinds checks that the two
// agree on every kind.
func flagErr(fs *flag.FlagSet, args []string, err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return helpRequest{}
	}
	if fe, ok := flagMistakeIn(fs, args); ok {
		return fe
	}
	// Not found again: the flag package refused what it accepted before.
	return flagError{kind: "bad_syntax", flag: strings.Join(args, " ")}
}

// flagMistakeIn walks args as flag.FlagSet.Parse does and returns the
// first mistake: an option fs does not have (bad_flag), one without its
// value at the end (no_value), a value its flag.Value refuses
// (bad_value), or a malformed option such as ---data or -=x
// (bad_syntax). It goes on past positional arguments, as parse does, and
// stops at --. It calls the flags' Set again, which is harmless: the
// command stops with the mistake.
func flagMistakeIn(fs *flag.FlagSet, args []string) (flagError, bool) {
	for i := 0; i < len(args); i++ {
		s := args[i]
		if len(s) < 2 || s[0] != '-' {
			continue // a positional argument
		}
		name := s[1:]
		if s[1] == '-' {
			if len(s) == 2 {
				return flagError{}, false // -- ends the options
			}
			name = s[2:]
		}
		if name == "" || name[0] == '-' || name[0] == '=' {
			return flagError{kind: "bad_syntax", flag: s}, true
		}
		name, value, hasValue := strings.Cut(name, "=")
		f := fs.Lookup(name)
		if f == nil {
			return flagError{kind: "bad_flag", flag: "--" + name}, true
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			if !hasValue {
				value = "true"
			}
			if f.Value.Set(value) != nil {
				return flagError{kind: "bad_value", flag: "--" + name, value: value}, true
			}
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return flagError{kind: "no_value", flag: "--" + name}, true
			}
			i++
			value = args[i]
		}
		if f.Value.Set(value) != nil {
			return flagError{kind: "bad_value", flag: "--" + name, value: value}, true
		}
	}
	return flagError{}, false
}

// flagSetHook, when set (by a test), sees every flag set a command makes.
var flagSetHook atomic.Pointer[func(*flag.FlagSet)]

// newFlagSet makes a command's flag set: its errors come back to parse
// (flagErr) and the flag package prints nothing of its own, in English.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("hotline "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if h := flagSetHook.Load(); h != nil {
		(*h)(fs)
	}
	return fs
}

// usageTexts are the words of the config a command line names with
// --config (read before its flags are parsed), else of the embedded
// default.
func usageTexts(args []string) config.UsageTexts { return cliTexts(args).Usage }

// cliTexts are the command line's words of the config args name with
// --config, or the default's when they name none or one that does not
// load.
func cliTexts(args []string) config.CommandLineTexts {
	path := ""
	for i, a := range args {
		if a == "--" {
			break
		}
		for _, p := range []string{"--config", "-config"} {
			if a == p && i+1 < len(args) {
				path = args[i+1]
			} else if v, ok := strings.CutPrefix(a, p+"="); ok {
				path = v
			}
		}
	}
	if path != "" {
		if cfg, err := config.Load(path, server.ConfigChecks(server.Channels)...); err == nil {
			return cfg.ReportTexts.CommandLine
		}
	}
	cfg, err := config.Default()
	if err != nil {
		panic("hotline: the embedded default config: " + err.Error())
	}
	return cfg.ReportTexts.CommandLine
}

// flagMistake is the line a flagError of command is told in.
func flagMistake(t config.UsageTexts, command string, e flagError) string {
	d := config.UsageData{Command: command, Flag: e.flag, Value: e.value}
	text := map[string]string{"bad_flag": t.BadFlag, "bad_value": t.BadValue, "no_value": t.NoValue, "bad_syntax": t.BadSyntax}[e.kind]
	return config.Render(text, d) + config.Render(t.Mistake, d)
}

// printHelp writes hotline help: the heading and a line per command.
func printHelp(w io.Writer, t config.UsageTexts) {
	io.WriteString(w, config.Render(t.Help, config.UsageData{})+"\n")
	for _, c := range commands() {
		u, _ := t.Commands.Of(c.name)
		io.WriteString(w, config.Render(t.Command, config.UsageData{Name: c.name, Summary: u.Summary})+"\n")
	}
}

// commandUsage is the usage text of command.
func commandUsage(t config.UsageTexts, command string) string {
	u, _ := t.Commands.Of(command)
	return strings.TrimRight(u.Usage, "\n") + "\n"
}

// defaultConfigName names the embedded default config in front of its
// problems (report_texts.command_line.default_config).
func defaultConfigName() string {
	cfg, err := config.Default()
	if err != nil {
		return "default.yaml"
	}
	return cfg.ReportTexts.CommandLine.DefaultConfig
}
