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
)

// command is one subcommand. run returns an error to print (exit 1), or a
// usageError (exit 2), or an exitError carrying its own code.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitError ends the program with code after its output was written.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func commands() []command {
	return []command{
		{"serve", "run the gateway (web chat, channels, agent API)", cmdServe},
		{"classify", "classify a text, or JSON lines on stdin with --json", cmdClassify},
		{"train", "train a classifier model from JSONL, CSV or XLSX", cmdTrain},
		{"eval", "evaluate a model on labelled data", cmdEval},
		{"kb", "knowledge base: kb import FILE, kb search TEXT", cmdKB},
		{"tickets", "work orders: tickets list|show NUMBER", cmdTickets},
		{"users", "console accounts: users add|passwd|list", cmdUsers},
		{"report", "reports: report weekly|monthly|quarterly|range --period P --format json|xlsx|html --out FILE", cmdReport},
		{"demo", "build a realistic history through the real pipeline: demo --data DIR --orders N --days D", cmdDemo},
		{"backup", "write a consistent snapshot of the database to FILE", cmdBackup},
		{"restore", "replace the database with a backup FILE", cmdRestore},
		{"check", "check the database (or a backup FILE) for damage", cmdCheck},
		{"archive", "move finished orders past retention to the yearly archive, mask old personal data", cmdArchive},
		{"compact", "rewrite the database without its free space (server stopped)", cmdCompact},
		{"config", "config check FILE | config print", cmdConfig},
		{"bench", "load-test the gateway through the web-chat API", cmdBench},
		{"version", "print the version", cmdVersion},
	}
}

func main() {
	// silenceper/wechat sets the global logrus to Debug in init() and logs
	// raw requests (citizens' messages) through it.
	logrus.SetLevel(logrus.WarnLevel)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		err := c.run(ctx, args[1:], stdout, stderr)
		var ue usageError
		var ee exitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			return ee.code
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "hotline %s: %s\n", c.name, ue.msg)
			return 2
		default:
			fmt.Fprintf(stderr, "hotline %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "hotline: unknown command %q (try hotline help)\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "hotline — 12345 public-service hotline gateway")
	fmt.Fprintln(w, "\nusage: hotline COMMAND [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
}
