package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"hotline/config"
	"hotline/server"
)

// cmdConfig checks a city's config file or prints the effective
// configuration.
//
//	hotline config check FILE         prints "FILE：没有发现问题", or every problem as FILE:LINE: path：msg (exit 1)
//	hotline config print [--config F] prints the effective config (defaults, file, HOTLINE_* variables) as YAML
func cmdConfig(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	switch args[0] {
	case "check":
		if len(args) != 2 || args[1] == "" {
			return errUsage
		}
		return configCheck(args[1], stdout)
	case "print":
		return configPrint(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		return helpRequest{}
	default:
		return errUsage
	}
}

// configCheck loads file as serve would (with every channel's checks) and
// reports the result on stdout.
func configCheck(file string, stdout io.Writer) error {
	if _, err := config.Load(file, server.ConfigChecks(server.Channels)...); err != nil {
		printConfigError(stdout, file, err)
		return exitError{1}
	}
	fmt.Fprintf(stdout, "%s：%s\n", file, config.MsgCheckOK)
	return nil
}

// configPrint writes the effective configuration as YAML.
func configPrint(args []string, stdout, stderr io.Writer) error {
	fset := newFlagSet("config print", stderr)
	file := fset.String("config", "", "the city's config `FILE` (default: the embedded default)")
	if err := fset.Parse(args); err != nil {
		return flagErr(fset, args, err)
	}
	if fset.NArg() > 0 {
		return errUsage
	}
	cfg, err := config.Load(*file, server.ConfigChecks(server.Channels)...)
	if err != nil {
		name := *file
		if name == "" {
			name = "default"
		}
		printConfigError(stderr, name, err)
		return exitError{1}
	}
	out, err := config.Marshal(cfg)
	if err != nil {
		return err
	}
	_, err = stdout.Write(out)
	return err
}

// printConfigError writes err from config.Load, one problem a line.
func printConfigError(w io.Writer, file string, err error) {
	var probs config.Problems
	if errors.As(err, &probs) {
		for _, p := range probs {
			fmt.Fprintln(w, p.FileString(file))
		}
		return
	}
	// A file that cannot be read: the words name it.
	var pe *fs.PathError
	if errors.As(err, &pe) {
		fmt.Fprintln(w, osErrorText(usageTexts(nil).OSErrors, pe))
		return
	}
	fmt.Fprintf(w, "%s: %v\n", file, err)
}
