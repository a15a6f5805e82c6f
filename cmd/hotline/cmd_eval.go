package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"hotline/config"

	"hotline/nlp/textclf"
)

// cmdEval scores a model on labelled data and prints the report.
func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", stderr)
	model := fs.String("model", "", "model file written by hotline train")
	data := fs.String("data", "", "labelled examples: .jsonl, .json, .csv or .xlsx")
	label := fs.String("label", "label", "name of the label field or column")
	cfgFile := fs.String("config", "", "config `FILE` whose report_texts.command_line.tools word the output (default: the embedded default)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return errUsage
	case *model == "" || *data == "":
		return errUsage
	}
	t, err := toolTexts(*cfgFile)
	if err != nil {
		return err
	}
	m, err := textclf.LoadModel(*model)
	if err != nil {
		if isPathError(err) {
			return err // the file is missing, a directory, unreadable
		}
		return &toolError{kind: toolBadModel, path: *model, err: err}
	}
	if err := examplesFile(*data); err != nil {
		return err
	}
	examples, err := textclf.ReadExamples(*data, *label)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	writeEval(stdout, t, textclf.Evaluate(m, examples))
	return nil
}

// writeEval prints r as textclf.Report.Write does, in t's words; its last
// line, which scripts read, stays "macro-F1 0.xxx".
func writeEval(w io.Writer, t config.ToolTexts, r textclf.Report) {
	total := 0
	for _, c := range r.PerClass {
		total += c.Support
	}
	fmt.Fprintln(w, config.Render(t.EvalSummary, config.ToolData{Examples: total, Accuracy: fmt.Sprintf("%.3f", r.Accuracy)}))
	fmt.Fprintln(w)
	cols := strings.Split(t.EvalColumns, "|") // config check: five
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	// The label comes last: tabwriter cannot align wide (CJK) characters,
	// so the names of the columns are not aligned either.
	fmt.Fprintf(tw, "#\t%s\t%s\t%s\t%s\t %s\n", cols[0], cols[1], cols[2], cols[3], cols[4])
	for i, c := range r.PerClass {
		fmt.Fprintf(tw, "%d\t%.3f\t%.3f\t%.3f\t%d\t %s\n", i+1, c.Precision, c.Recall, c.F1, c.Support, c.Label)
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintln(w, t.EvalConfusion)
	tw = tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	for i, row := range r.Confusion {
		fmt.Fprintf(tw, "%d\t", i+1)
		for _, v := range row {
			fmt.Fprintf(tw, "%d\t", v)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nmacro-F1 %.3f\n", r.MacroF1)
}
