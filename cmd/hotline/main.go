// Command hotline is the 12345 hotline gateway: one binary that serves the
// channels, the bot, the console and the store, plus the tools around them.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/sirupsen/logrus"

	"hotline/config"
)

// command is one subcommand. run returns an error to print (exit 1), a
// usageError (exit 2), errUsage (its usage, exit 2), a flagError (exit 2),
// helpRequest (its usage, exit 0) or an exitError carrying its own code.
// Its summary and usage are report_texts.command_line.usage.commands.
type command struct {
	name string
	run  func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// usageError is a mistake in the command line, said in msg: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitError ends the program with code after its output was written.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func commands() []command {
	return []command{
		{"serve", cmdServe},
		{"classify", cmdClassify},
		{"train", cmdTrain},
		{"eval", cmdEval},
		{"kb", cmdKB},
		{"tickets", cmdTickets},
		{"users", cmdUsers},
		{"report", cmdReport},
		{"demo", cmdDemo},
		{"backup", cmdBackup},
		{"restore", cmdRestore},
		{"check", cmdCheck},
		{"archive", cmdArchive},
		{"compact", cmdCompact},
		{"config", cmdConfig},
		{"bench", cmdBench},
		{"version", cmdVersion},
	}
}

func main() {
	// silenceper/wechat sets the global logrus to Debug in init() and logs
	// raw requests (citizens' messages) through it.
	logrus.SetLevel(logrus.WarnLevel)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || isHelp(args[0]) {
		if len(args) == 0 {
			printHelp(stderr, usageTexts(args))
			return 2
		}
		printHelp(stdout, usageTexts(args))
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		if len(args) == 2 && isHelp(args[1]) {
			io.WriteString(stdout, commandUsage(usageTexts(args), c.name))
			return 0
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		err := c.run(ctx, args[1:], stdout, stderr)
		var ue usageError
		var ee exitError
		var fe flagError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			return ee.code
		case errors.As(err, &helpRequest{}):
			io.WriteString(stdout, commandUsage(usageTexts(args), c.name))
			return 0
		case errors.Is(err, errUsage):
			io.WriteString(stderr, commandUsage(usageTexts(args), c.name))
			return 2
		case errors.As(err, &fe):
			fmt.Fprintf(stderr, "hotline %s: %s\n", c.name, flagMistake(usageTexts(args), c.name, fe))
			return 2
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "hotline %s: %s\n", c.name, ue.msg)
			return 2
		default:
			fmt.Fprintf(stderr, "hotline %s: %s\n", c.name, failureText(cliTexts(args), err))
			return 1
		}
	}
	fmt.Fprintln(stderr, config.Render(usageTexts(args).UnknownCommand, config.UsageData{Command: args[0]}))
	return 2
}

// isHelp tells whether arg asks for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "--help" || arg == "help" || arg == "-help"
}
