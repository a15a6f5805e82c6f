package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"hotline/nlp/textclf"
)

// cmdEval scores a model on labelled data and prints the report.
func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	model := fs.String("model", "", "model file written by hotline train")
	data := fs.String("data", "", "labelled examples: .jsonl, .json, .csv or .xlsx")
	label := fs.String("label", "label", "name of the label field or column")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	switch {
	case fs.NArg() > 0:
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	case *model == "" || *data == "":
		return usageError{"--model and --data are required"}
	}
	m, err := textclf.LoadModel(*model)
	if err != nil {
		return err
	}
	examples, err := textclf.ReadExamples(*data, *label)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	textclf.Evaluate(m, examples).Write(stdout)
	return nil
}
