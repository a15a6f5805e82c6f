package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"hotline/config"
	"hotline/nlp"
	"hotline/nlp/defaultmodel"
	"hotline/nlp/textclf"
	"hotline/server"
)

// maxClassifyLine bounds one JSON line read by classify --json.
const maxClassifyLine = 4 << 20

// cmdClassify classifies one text given as arguments, or with --json one
// JSON object per stdin line ({"text": ...}), writing one JSON object per
// line.
func cmdClassify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return classifyMain(ctx, args, os.Stdin, stdout, stderr)
}

func classifyMain(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("classify", stderr)
	cfgPath := fs.String("config", "", "config file (default: the embedded default config)")
	modelPath := fs.String("model", "", "category model file (default: nlp.model of the config, else the embedded model)")
	jsonMode := fs.Bool("json", false, "read JSON lines {\"text\": ...} on stdin, write JSON lines")
	keywords := fs.Bool("keywords", false, "classify by the categories' keywords only, without a model")
	if err := fs.Parse(args); err != nil {
		return flagErr(fs, args, err)
	}
	text := strings.TrimSpace(strings.Join(fs.Args(), " "))
	switch {
	case *jsonMode && text != "":
		return errUsage
	case !*jsonMode && text == "":
		return errUsage
	case *keywords && *modelPath != "":
		return errUsage
	}
	c, cfg, err := loadClassifier(*cfgPath, *modelPath, *keywords)
	if err != nil {
		return err
	}
	if *jsonMode {
		return classifyJSONLines(ctx, c, cfg.ReportTexts.CommandLine.Classify, stdin, stdout)
	}
	r, err := c.Classify(ctx, text)
	if err != nil {
		if errors.Is(err, nlp.ErrEmptyText) {
			return usageError{cfg.ReportTexts.CommandLine.Classify.EmptyText}
		}
		return err
	}
	printResult(stdout, cfg, r)
	return nil
}

// loadClassifier builds the embedded classifier from the config and model
// the flags name.
func loadClassifier(cfgPath, modelPath string, keywordsOnly bool) (*nlp.Embedded, *config.Config, error) {
	var cfg *config.Config
	var err error
	if cfgPath != "" {
		cfg, err = config.Load(cfgPath, server.ConfigChecks(server.Channels)...)
	} else {
		cfg, err = config.Default()
	}
	if err != nil {
		return nil, nil, err
	}
	if keywordsOnly {
		return nlp.NewKeyword(cfg), cfg, nil
	}
	if modelPath == "" {
		modelPath = cfg.NLP.Model
	}
	var m *textclf.Model
	if modelPath != "" {
		m, err = textclf.LoadModel(modelPath)
	} else {
		m, err = defaultmodel.Category()
	}
	if err != nil {
		return nil, nil, err
	}
	c, err := nlp.NewEmbedded(cfg, m)
	if err != nil {
		return nil, nil, err
	}
	return c, cfg, nil
}

type classifyError struct {
	Line  int    `json:"line"`
	Error string `json:"error"`
}

// classifyJSONLines classifies each JSON line of in. A bad line gets an
// object with an error key naming the line, and the run goes on; the
// command then ends with exit code 1.
func classifyJSONLines(ctx context.Context, c *nlp.Embedded, t config.ClassifyTexts, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), maxClassifyLine)
	bw := bufio.NewWriter(out)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	failed, line := 0, 0
	fail := func(msg string) error {
		failed++
		return enc.Encode(classifyError{Line: line, Error: config.Render(t.LineError, config.ClassifyData{Line: strconv.Itoa(line), Error: msg})})
	}
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			bw.Flush()
			return err
		}
		b := sc.Bytes()
		if strings.TrimSpace(string(b)) == "" {
			continue
		}
		var req struct {
			Text *string `json:"text"`
		}
		var err error
		switch uerr := json.Unmarshal(b, &req); {
		case uerr != nil:
			err = fail(t.BadJSON)
		case req.Text == nil:
			err = fail(t.NoText)
		default:
			r, cerr := c.Classify(ctx, *req.Text)
			switch {
			case errors.Is(cerr, nlp.ErrEmptyText):
				err = fail(t.EmptyText)
			case cerr != nil:
				err = fail(cerr.Error())
			default:
				// One line per input: the fields of nlp.Result, phones
				// always a list, confidences to three places.
				if r.Phones == nil {
					r.Phones = []string{}
				}
				for k, v := range r.Confidence {
					r.Confidence[k] = math.Round(v*1000) / 1000
				}
				err = enc.Encode(r)
			}
		}
		if err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		line++
		if errors.Is(err, bufio.ErrTooLong) {
			if ferr := fail(config.Render(t.TooLong, config.ClassifyData{Max: strconv.Itoa(maxClassifyLine)})); ferr != nil {
				return ferr
			}
		} else {
			bw.Flush()
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if failed > 0 {
		return exitError{1}
	}
	return nil
}

// printResult writes r readably, in the words of
// report_texts.command_line.classify.
func printResult(w io.Writer, cfg *config.Config, r nlp.Result) {
	t := cfg.ReportTexts.CommandLine.Classify
	line := func(name, value, confField string) {
		d := config.ClassifyData{Name: name, Value: value}
		if value == "" {
			d.Value = t.None
		}
		if confField != "" {
			d.Confidence = fmt.Sprintf("%.2f", r.Confidence[confField])
		}
		fmt.Fprintln(w, config.Render(t.Field, d))
	}
	category := r.Category
	if c, ok := cfg.Category(r.Category); ok {
		category = c.Code + " " + c.Name
	}
	if r.Emergency != nil {
		fmt.Fprintln(w, config.Render(t.Emergency, config.ClassifyData{Reason: r.Emergency.Reason().Text(cfg.ConsoleLabels), Reply: r.Emergency.Reply}))
	}
	f := t.Fields
	line(f.Title, r.Title, "")
	line(f.Type, r.Type, nlp.FieldType)
	line(f.Category, category, nlp.FieldCategory)
	line(f.Department, r.Department, nlp.FieldDepartment)
	line(f.District, r.District, nlp.FieldDistrict)
	line(f.Town, r.Town, "")
	line(f.Address, r.Address, "")
	line(f.Phones, strings.Join(r.Phones, "、"), "")
	line(f.Name, r.Name, "")
	line(f.Urgency, r.Urgency, "")
}
