package main

import (
	"errors"
	"flag"
	"io"
	"regexp"
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

// The flag package's own errors (Go 1.26, flag.go's failf calls).
var (
	flagUndefinedRE = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	flagNoValueRE   = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
	flagValueRE     = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^:]*):`)
	flagBoolRE      = regexp.MustCompile(`^invalid boolean flag ([^:]*):`)
	flagSyntaxRE    = regexp.MustCompile(`^bad flag syntax: (.*)$`)
)

// flagErr turns an error of flag.FlagSet.Parse into helpRequest or a
// flagError.
func flagErr(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return helpRequest{}
	}
	msg := err.Error()
	if m := flagUndefinedRE.FindStringSubmatch(msg); m != nil {
		return flagError{kind: "bad_flag", flag: "--" + m[1]}
	}
	if m := flagNoValueRE.FindStringSubmatch(msg); m != nil {
		return flagError{kind: "no_value", flag: "--" + m[1]}
	}
	if m := flagValueRE.FindStringSubmatch(msg); m != nil {
		return flagError{kind: "bad_value", flag: "--" + m[2], value: m[1]}
	}
	if m := flagBoolRE.FindStringSubmatch(msg); m != nil {
		return flagError{kind: "bad_value", flag: "--" + m[1]}
	}
	if m := flagSyntaxRE.FindStringSubmatch(msg); m != nil {
		return flagError{kind: "bad_syntax", flag: m[1]}
	}
	return flagError{kind: "bad_syntax", flag: msg}
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
func usageTexts(args []string) config.UsageTexts {
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
			return cfg.ReportTexts.CommandLine.Usage
		}
	}
	cfg, err := config.Default()
	if err != nil {
		panic("hotline: the embedded default config: " + err.Error())
	}
	return cfg.ReportTexts.CommandLine.Usage
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
