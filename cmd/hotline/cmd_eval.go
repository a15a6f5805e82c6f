package main

import (
	"context"
	"io"

	"hotline/nlp/textclf"
)

// cmdEval scores a model on labelled data and prints the report.
func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", stderr)
	model := fs.String("model", "", "model file written by hotline train")
	data := fs.String("data", "", "labelled examples: .jsonl, .json, .csv or .xlsx")
	label := fs.String("label", "label", "name of the label field or column")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return errUsage
	case *model == "" || *data == "":
		return errUsage
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
