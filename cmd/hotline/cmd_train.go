package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"hotline/nlp/textclf"
)

// cmdTrain trains the embedded classifier from labelled work orders.
func cmdTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train", stderr)
	data := fs.String("data", "", "labelled examples: .jsonl, .json, .csv or .xlsx")
	out := fs.String("out", "", "model file to write")
	label := fs.String("label", "label", "name of the label field or column")
	seed := fs.Int64("seed", 1, "random seed")
	epochs := fs.Int("epochs", 0, "maximum training passes per class (0 = default)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return errUsage
	case *data == "" || *out == "":
		return errUsage
	case *epochs < 0:
		return usageError{"--epochs must not be negative"}
	}
	examples, err := textclf.ReadExamples(*data, *label)
	if err != nil {
		return err
	}
	start := time.Now()
	m, err := textclf.Train(examples, textclf.Options{
		Seed:   *seed,
		Epochs: *epochs,
		Progress: func(stage string, done, total int) {
			fmt.Fprintf(stderr, "\r%-9s %d/%d", stage, done, total)
			if done == total {
				fmt.Fprintln(stderr)
			}
		},
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := writeModelFile(*out, m); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "trained on %d examples, %d labels in %.1fs: %s\n",
		len(examples), len(m.Labels()), time.Since(start).Seconds(), *out)
	return nil
}

// writeModelFile writes m next to path and renames it into place, so a
// running server never reads half a model.
func writeModelFile(path string, m *textclf.Model) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if _, err := m.WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
