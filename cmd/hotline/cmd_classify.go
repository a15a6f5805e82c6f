package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
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
	fs := flag.NewFlagSet("classify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "config file (default: the embedded default config)")
	modelPath := fs.String("model", "", "category model file (default: nlp.model of the config, else the embedded model)")
	jsonMode := fs.Bool("json", false, "read JSON lines {\"text\": ...} on stdin, write JSON lines")
	keywords := fs.Bool("keywords", false, "classify by the categories' keywords only, without a model")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	text := strings.TrimSpace(strings.Join(fs.Args(), " "))
	switch {
	case *jsonMode && text != "":
		return usageError{"--json reads stdin; give no text argument"}
	case !*jsonMode && text == "":
		return usageError{`usage: hotline classify [--config FILE] [--model FILE] "text" | --json < lines.jsonl`}
	case *keywords && *modelPath != "":
		return usageError{"--keywords and --model exclude each other"}
	}
	c, cfg, err := loadClassifier(*cfgPath, *modelPath, *keywords)
	if err != nil {
		return err
	}
	if *jsonMode {
		return classifyJSONLines(ctx, c, stdin, stdout)
	}
	r, err := c.Classify(ctx, text)
	if err != nil {
		if errors.Is(err, nlp.ErrEmptyText) {
			return usageError{"the text is empty"}
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
func classifyJSONLines(ctx context.Context, c *nlp.Embedded, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), maxClassifyLine)
	bw := bufio.NewWriter(out)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	failed, line := 0, 0
	fail := func(msg string) error {
		failed++
		return enc.Encode(classifyError{Line: line, Error: fmt.Sprintf("第%d行：%s", line, msg)})
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
			err = fail("不是有效的JSON对象（" + uerr.Error() + "）")
		case req.Text == nil:
			err = fail(`缺少"text"字段`)
		default:
			r, cerr := c.Classify(ctx, *req.Text)
			switch {
			case errors.Is(cerr, nlp.ErrEmptyText):
				err = fail("text为空")
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
			if ferr := fail(fmt.Sprintf("超过%d字节", maxClassifyLine)); ferr != nil {
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

// printResult writes r readably in Chinese.
func printResult(w io.Writer, cfg *config.Config, r nlp.Result) {
	or := func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	}
	conf := func(field string) string {
		return fmt.Sprintf("（置信度 %.2f）", r.Confidence[field])
	}
	category := r.Category
	if c, ok := cfg.Category(r.Category); ok {
		category = c.Code + " " + c.Name
	}
	if r.Emergency != nil {
		fmt.Fprintf(w, "⚠ 紧急情况：%s\n  %s\n", r.Emergency.Reason().Text(cfg.ConsoleLabels), r.Emergency.Reply)
	}
	fmt.Fprintf(w, "标题：%s\n", or(r.Title))
	fmt.Fprintf(w, "诉求类型：%s%s\n", or(r.Type), conf(nlp.FieldType))
	fmt.Fprintf(w, "分类：%s%s\n", or(category), conf(nlp.FieldCategory))
	fmt.Fprintf(w, "承办单位：%s%s\n", or(r.Department), conf(nlp.FieldDepartment))
	fmt.Fprintf(w, "区县：%s%s\n", or(r.District), conf(nlp.FieldDistrict))
	fmt.Fprintf(w, "街道/乡镇：%s\n", or(r.Town))
	fmt.Fprintf(w, "地址：%s\n", or(r.Address))
	fmt.Fprintf(w, "电话：%s\n", or(strings.Join(r.Phones, "、")))
	fmt.Fprintf(w, "联系人：%s\n", or(r.Name))
	fmt.Fprintf(w, "紧急程度：%s\n", or(r.Urgency))
}
