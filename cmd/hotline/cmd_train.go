package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"hotline/config"
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
	cfgFile := fs.String("config", "", "config `FILE` whose report_texts.command_line.tools word the output (default: the embedded default)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return errUsage
	case *data == "" || *out == "":
		return errUsage
	}
	t, err := toolTexts(*cfgFile)
	if err != nil {
		return err
	}
	if *epochs < 0 {
		cfg, err := config.Load(*cfgFile)
		if err != nil {
			return err
		}
		return usageError{config.Render(cfg.ReportTexts.CommandLine.Mistakes.AtLeast, config.MistakeData{Flag: "--epochs", Value: strconv.Itoa(*epochs), Least: "0"})}
	}
	if err := examplesFile(*data); err != nil {
		return err
	}
	// Before an hour of training, not after.
	if err := modelFileWritable(*out); err != nil {
		return err
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
			fmt.Fprintf(stderr, "\r%s", config.Render(t.TrainStage, config.ToolData{Stage: trainStage(t, stage), Done: done, Of: total}))
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
	fmt.Fprintln(stdout, config.Render(t.Trained, config.ToolData{Examples: len(examples), Labels: len(m.Labels()),
		Took: fmt.Sprintf("%.1f", time.Since(start).Seconds()), Path: *out}))
	return nil
}

// toolTexts returns the words of train and eval: report_texts.command_line.
// tools of file, or of the embedded default.
func toolTexts(file string) (config.ToolTexts, error) {
	cfg, err := config.Load(file)
	if err != nil {
		return config.ToolTexts{}, err
	}
	return cfg.ReportTexts.CommandLine.Tools, nil
}

// trainStage names a stage of textclf.Train (its Progress) in t's words.
func trainStage(t config.ToolTexts, stage string) string {
	switch stage {
	case "features":
		return t.StageFeatures
	case "train":
		return t.StageTrain
	case "calibrate":
		return t.StageCalibrate
	}
	return stage
}

// writeModelFile writes m next to path and renames it into place, so a
// running server never reads half a model. Its failure is a
// modelWriteError.
func writeModelFile(path string, m *textclf.Model) error {
	f, err := createModelTemp(path)
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	failed := func(err error) error {
		f.Close()
		return &modelWriteError{path: path, err: err}
	}
	if err := f.Chmod(0o644); err != nil {
		return failed(err)
	}
	if _, err := m.WriteTo(f); err != nil {
		return failed(err)
	}
	if err := f.Sync(); err != nil {
		return failed(err)
	}
	if err := f.Close(); err != nil {
		return &modelWriteError{path: path, err: err}
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return &modelWriteError{path: path, err: err}
	}
	return nil
}
