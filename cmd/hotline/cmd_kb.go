package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"hotline/config"
	"hotline/nlp"
	"hotline/server"
)

// cmdKB manages the knowledge base.
//
//	hotline kb import FILE [--out FILE]   validate JSONL/YAML entries, merge them (same id replaces)
//	                                      into --out (or the starter set when --out does not exist yet)
//	hotline kb search TEXT [--kb FILE]    the 3 best entries with their scores
//	hotline kb list [--kb FILE]           every entry
//
// Without --kb, search and list use the knowledge base serve loads:
// nlp.kb.file, else DIR/kb.jsonl, else the embedded starter set.
func cmdKB(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	switch args[0] {
	case "import":
		return kbImport(args[1:], stdout, stderr)
	case "search":
		return kbSearch(args[1:], stdout, stderr)
	case "list":
		return kbList(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		return helpRequest{}
	default:
		return errUsage
	}
}

// kbParse parses flags that may come before or after the positional
// arguments (kb import FILE --out X) and returns the positionals.
func kbParse(fset *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fset, args); err != nil {
			return nil, err
		}
		rest := fset.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func kbImport(args []string, stdout, stderr io.Writer) error {
	fset := newFlagSet("kb import", stderr)
	var cf commonFlags
	cf.register(fset)
	out := fset.String("out", "", "write the merged knowledge base to `FILE` (JSONL; default DIR/kb.jsonl, which serve loads)")
	pos, err := kbParse(fset, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errUsage
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	t := cfg.ReportTexts.CommandLine.KB
	if *out == "" {
		*out = filepath.Join(cfg.Server.DataDir, server.KBFile)
	}
	d := config.KBData{File: pos[0], Out: *out}

	add, err := nlp.ReadKBFile(d.File)
	if err != nil {
		return kbFileError(t, d, err)
	}
	if len(add) == 0 {
		return errors.New(config.Render(t.NoEntries, d))
	}

	// Merge into what --out already holds, so that imports accumulate;
	// the first import starts from the starter set.
	base, existing, err := kbImportBase(*out)
	if err != nil {
		return kbFileError(t, config.KBData{File: *out}, err)
	}
	d.Base = config.Render(t.BaseStarter, d)
	if existing {
		d.Base = config.Render(t.BaseExisting, d)
	}
	merged, added, replaced := nlp.MergeKBEntries(base, add)
	if _, err := nlp.NewKB(merged); err != nil {
		return kbFileError(t, d, err)
	}
	if err := kbWriteAtomic(*out, merged); err != nil {
		return err
	}
	d.Read, d.Added, d.Replaced, d.Count = len(add), added, replaced, len(merged)
	fmt.Fprintln(stdout, config.Render(t.Imported, d))
	fmt.Fprintln(stdout, config.Render(t.Written, d))
	if filepath.Base(*out) != server.KBFile {
		fmt.Fprintln(stdout, config.Render(t.SetFile, d))
	} else {
		fmt.Fprintln(stdout, config.Render(t.Restart, d))
	}
	return nil
}

// kbFileError says why a knowledge-base file cannot be used: it does not
// exist, or (kb.invalid) what is wrong with its entries, one a line.
func kbFileError(t config.KBTexts, d config.KBData, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return errors.New(config.Render(t.NoFile, d))
	}
	d.Error = kbProblemsText(t.Problems, err)
	return errors.New(config.Render(t.Invalid, d))
}

// kbProblemsText words the problems err holds (nlp.KBProblem), one a line,
// in the words of t; an error that holds none (a file that cannot be
// read) as ioError words it.
func kbProblemsText(t config.KBProblemTexts, err error) string {
	probs := nlp.KBProblems(err)
	if len(probs) == 0 {
		return strings.TrimPrefix(err.Error(), "nlp: knowledge base: ")
	}
	lines := make([]string, len(probs))
	for i, p := range probs {
		d := config.KBProblemData{File: p.File, Line: p.Line, Entry: p.Entry, ID: p.ID, Field: p.Field, Prev: p.Prev,
			Column: p.Offset, Detail: p.Detail}
		if p.Kind == nlp.KBBadYAML {
			d.Detail = config.YAMLMessage(errors.New(p.Detail))
		}
		d.Problem = config.Render(t.Text(string(p.Kind)), d)
		switch {
		case p.File != "" && p.Line > 0:
			lines[i] = config.Render(t.At, d)
		case p.File != "":
			lines[i] = config.Render(t.AtFile, d)
		case p.Entry > 0:
			lines[i] = config.Render(t.Entry, d)
		default:
			lines[i] = d.Problem
		}
	}
	return strings.Join(lines, "\n")
}

// kbImportBase returns the entries an import merges into: the --out file
// when it exists (existing), else the starter set.
func kbImportBase(out string) (entries []nlp.KBEntry, existing bool, err error) {
	entries, err = nlp.ReadKBFile(out)
	switch {
	case err == nil:
		return entries, true, nil
	case errors.Is(err, fs.ErrNotExist):
		starter, err := nlp.StarterKBEntries()
		return starter, false, err
	default:
		return nil, false, err
	}
}

// kbWriteAtomic writes entries to path through a temporary file in the same
// directory, synced and renamed, so that a server reading path never sees
// half a file.
func kbWriteAtomic(path string, entries []nlp.KBEntry) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".kb-*.jsonl")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriter(tmp)
	if err := nlp.WriteKBJSONL(w, entries); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// kbSource is the --kb, --config and --data flags of search and list.
type kbSource struct {
	kb     string
	config string
	data   string
}

func (s *kbSource) register(fset *flag.FlagSet) {
	fset.StringVar(&s.kb, "kb", "", "knowledge-base `FILE` (JSONL or YAML; default: what serve loads)")
	fset.StringVar(&s.config, "config", "", "config `FILE` for nlp.kb.file and nlp.kb.threshold (default: the embedded default)")
	fset.StringVar(&s.data, "data", "", "data `DIR` whose kb.jsonl serve loads (default server.data_dir)")
}

// open loads the knowledge base serve would use (server.KnowledgeBase), or
// --kb, the answer threshold and the config (for its texts).
func (s *kbSource) open() (*nlp.KB, float64, *config.Config, error) {
	cfg, err := config.Load(s.config, server.ConfigChecks(server.Channels)...)
	if err != nil {
		name := s.config
		if name == "" {
			name = defaultConfigName()
		}
		return nil, 0, nil, &configError{name: name, err: err}
	}
	threshold := nlp.DefaultKBThreshold
	if cfg.NLP.KB.Threshold > 0 {
		threshold = cfg.NLP.KB.Threshold
	}
	var kb *nlp.KB
	if s.kb != "" {
		kb, err = nlp.LoadKB(s.kb)
		if err != nil {
			return nil, 0, nil, kbFileError(cfg.ReportTexts.CommandLine.KB, config.KBData{File: s.kb}, err)
		}
		return kb, threshold, cfg, nil
	}
	if s.data != "" {
		cfg.Server.DataDir = s.data
	}
	kb, err = server.KnowledgeBase(cfg)
	return kb, threshold, cfg, err
}

func kbSearch(args []string, stdout, stderr io.Writer) error {
	fset := newFlagSet("kb search", stderr)
	var src kbSource
	src.register(fset)
	pos, err := kbParse(fset, args)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(strings.Join(pos, " "))
	if text == "" {
		return errUsage
	}
	kb, threshold, cfg, err := src.open()
	if err != nil {
		return err
	}
	t := cfg.ReportTexts.CommandLine.KB
	hits := kb.Search(text, 3)
	if len(hits) == 0 {
		fmt.Fprintln(stdout, config.Render(t.NoHits, config.KBData{}))
		return nil
	}
	th := fmt.Sprintf("%.2f", threshold)
	for i, h := range hits {
		fmt.Fprintln(stdout, config.Render(t.Hit, config.KBData{Rank: i + 1, Score: fmt.Sprintf("%.3f", h.Score), Threshold: th,
			Answers: i == 0 && h.Score >= threshold, ID: h.Entry.ID, Question: h.Entry.Question, Answer: kbShorten(h.Entry.Answer, 80),
			Category: h.Entry.Category, Department: h.Entry.Department}))
	}
	if hits[0].Score < threshold {
		fmt.Fprintln(stdout, config.Render(t.Below, config.KBData{Threshold: th}))
	}
	return nil
}

func kbList(args []string, stdout, stderr io.Writer) error {
	fset := newFlagSet("kb list", stderr)
	var src kbSource
	src.register(fset)
	pos, err := kbParse(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return errUsage
	}
	kb, _, cfg, err := src.open()
	if err != nil {
		return err
	}
	t := cfg.ReportTexts.CommandLine.KB
	entries := kb.Entries()
	for _, e := range entries {
		fmt.Fprintln(stdout, config.Render(t.Entry, config.KBData{ID: e.ID, Question: e.Question, Answer: e.Answer,
			Category: e.Category, Department: e.Department}))
	}
	fmt.Fprintln(stdout, config.Render(t.Total, config.KBData{Count: len(entries)}))
	return nil
}

// kbShorten cuts s to n runes on one line.
func kbShorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
