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

const kbUsage = "usage: hotline kb import FILE [--data DIR | --out FILE] | hotline kb search TEXT [--kb FILE] | hotline kb list [--kb FILE]"

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
		return usageError{kbUsage}
	}
	switch args[0] {
	case "import":
		return kbImport(args[1:], stdout, stderr)
	case "search":
		return kbSearch(args[1:], stdout, stderr)
	case "list":
		return kbList(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stderr, kbUsage)
		return nil
	default:
		return usageError{fmt.Sprintf("unknown subcommand %q\n%s", args[0], kbUsage)}
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
	out := fset.String("out", "", "write the merged knowledge base to `FILE` (JSONL; default DIR/kb.jsonl, which serve loads)")
	data := fset.String("data", "./data", "data `DIR` of the server")
	pos, err := kbParse(fset, args)
	if err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join(*data, server.KBFile)
	}
	if len(pos) != 1 {
		return usageError{"kb import needs exactly one FILE\n" + kbUsage}
	}
	file := pos[0]

	add, err := nlp.ReadKBFile(file)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitError{1}
	}
	if len(add) == 0 {
		return fmt.Errorf("%s: no entries", file)
	}

	// Merge into what --out already holds, so that imports accumulate;
	// the first import starts from the starter set.
	base, baseName, err := kbImportBase(*out)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitError{1}
	}
	merged, added, replaced := nlp.MergeKBEntries(base, add)
	if _, err := nlp.NewKB(merged); err != nil {
		return err
	}
	if err := kbWriteAtomic(*out, merged); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s：读取 %d 条，新增 %d 条，替换 %d 条（合并到%s）\n", file, len(add), added, replaced, baseName)
	fmt.Fprintf(stdout, "已写入 %s，共 %d 条\n", *out, len(merged))
	if filepath.Base(*out) != server.KBFile {
		fmt.Fprintf(stdout, "serve 使用它需设置 nlp.kb.file: %s\n", *out)
	} else {
		fmt.Fprintln(stdout, "重启 serve 后生效（数据目录中的 kb.jsonl 会被自动加载）")
	}
	return nil
}

// kbImportBase returns the entries an import merges into: the --out file
// when it exists, else the starter set.
func kbImportBase(out string) ([]nlp.KBEntry, string, error) {
	entries, err := nlp.ReadKBFile(out)
	switch {
	case err == nil:
		return entries, "现有的 " + out, nil
	case errors.Is(err, fs.ErrNotExist):
		starter, err := nlp.StarterKBEntries()
		return starter, "内置知识库", err
	default:
		return nil, "", err
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
// --kb, and the answer threshold.
func (s *kbSource) open() (*nlp.KB, float64, error) {
	cfg, err := config.Load(s.config, server.ConfigChecks(server.Channels)...)
	if err != nil {
		name := s.config
		if name == "" {
			name = "embedded default config"
		}
		return nil, 0, fmt.Errorf("%s: %w", name, err)
	}
	threshold := nlp.DefaultKBThreshold
	if cfg.NLP.KB.Threshold > 0 {
		threshold = cfg.NLP.KB.Threshold
	}
	if s.kb != "" {
		kb, err := nlp.LoadKB(s.kb)
		return kb, threshold, err
	}
	if s.data != "" {
		cfg.Server.DataDir = s.data
	}
	kb, err := server.KnowledgeBase(cfg)
	return kb, threshold, err
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
		return usageError{"kb search needs a TEXT\n" + kbUsage}
	}
	kb, threshold, err := src.open()
	if err != nil {
		return err
	}
	hits := kb.Search(text, 3)
	if len(hits) == 0 {
		fmt.Fprintln(stdout, "没有相关条目")
		return nil
	}
	for i, h := range hits {
		mark := ""
		if i == 0 && h.Score >= threshold {
			mark = fmt.Sprintf("  ← 达到阈值 %.2f，可直接答复", threshold)
		}
		fmt.Fprintf(stdout, "%d. %.3f  %s  %s%s\n", i+1, h.Score, h.Entry.ID, h.Entry.Question, mark)
		fmt.Fprintf(stdout, "   %s\n", kbShorten(h.Entry.Answer, 80))
	}
	if hits[0].Score < threshold {
		fmt.Fprintf(stdout, "（最高分低于阈值 %.2f，机器人不会直接答复）\n", threshold)
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
		return usageError{fmt.Sprintf("unexpected argument %q\n%s", pos[0], kbUsage)}
	}
	kb, _, err := src.open()
	if err != nil {
		return err
	}
	entries := kb.Entries()
	for _, e := range entries {
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", e.ID, e.Category, e.Department, e.Question)
	}
	fmt.Fprintf(stdout, "共 %d 条\n", len(entries))
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
