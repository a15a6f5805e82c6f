package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML returns the embedded default configuration file, comments
// included, for a city to copy and edit.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// Default returns the embedded default configuration, parsed and
// validated. It does not read the environment. Each call returns a fresh
// value that the caller may change.
//
// The default's YAML is parsed and the result validated once per process
// (defaultDoc); later calls decode a fresh value from the parsed tree,
// which gives the same values. Tests call Default hundreds of times, and
// the parse and the validation were nine tenths of a call's CPU.
func Default() (*Config, error) {
	doc, err := defaultDoc()
	if err != nil {
		return nil, err
	}
	cfg, _, _ := decodeDoc(doc, nil)
	cfg.lines = nil
	return cfg, nil
}

var defaultOnce struct {
	sync.Once
	doc *yaml.Node
	err error
}

// defaultDoc returns the embedded default's YAML tree, parsed, decoded
// and validated once; decoding only reads the tree.
func defaultDoc() (*yaml.Node, error) {
	d := &defaultOnce
	d.Do(func() {
		doc, err := parseDoc(defaultYAML)
		if err != nil {
			d.err = fmt.Errorf("config: embedded default: %w", err)
			return
		}
		cfg, probs, err := decodeDoc(doc, nil)
		if err == nil && len(probs) > 0 {
			err = probs
		}
		if err != nil {
			d.err = fmt.Errorf("config: embedded default: %w", err)
			return
		}
		cfg.lines = nil
		if err := cfg.Validate(); err != nil {
			d.err = fmt.Errorf("config: embedded default: %w", err)
			return
		}
		d.doc = doc
	})
	return d.doc, d.err
}

// Load reads the city's file at path on top of the embedded default,
// applies the HOTLINE_* environment variables and validates the result.
// An empty path means the default alone (plus the environment).
//
// Sections and settings the file leaves out keep their default values; a
// list or mapping the file sets (districts, departments, categories,
// emergency, keywords…) replaces the default one as a whole.
//
// A problem in the file's content is reported as Problems, which lists
// every problem found with its YAML path and line; a YAML syntax error is a
// Problems with one entry and no path. checks are the checks of settings
// other packages own (server.ConfigChecks: the channels'), run by Validate.
func Load(path string, checks ...Check) (*Config, error) {
	return load(path, os.Getenv, checks...)
}

// load is Load with the environment passed in.
func load(path string, getenv func(string) string, checks ...Check) (*Config, error) {
	var cfg *Config
	var probs Problems
	if path == "" {
		var err error
		if cfg, err = Default(); err != nil {
			return nil, err
		}
	} else {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		base, err := Default()
		if err != nil {
			return nil, err
		}
		cfg, probs, err = decode(data, base)
		if err != nil {
			return nil, err
		}
	}
	if err := ApplyEnv(cfg, getenv); err != nil {
		var envProbs Problems
		if !errors.As(err, &envProbs) {
			return nil, err
		}
		probs = append(probs, envProbs...)
	}
	if err := cfg.Validate(checks...); err != nil {
		var valProbs Problems
		if !errors.As(err, &valProbs) {
			return nil, err
		}
		probs = append(probs, valProbs...)
	}
	if len(probs) > 0 {
		probs.sort()
		return nil, probs
	}
	return cfg, nil
}

// Marshal writes cfg as YAML that Load reads back to the same values.
// Lists of single values are written on one line ([人工, 转人工]) to keep
// the output of `hotline config print` readable.
func Marshal(cfg *Config) ([]byte, error) {
	var doc yaml.Node
	if err := doc.Encode(cfg); err != nil {
		return nil, fmt.Errorf("config: marshal: %w", err)
	}
	flowScalarLists(&doc)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("config: marshal: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("config: marshal: %w", err)
	}
	return buf.Bytes(), nil
}

// flowScalarLists sets flow style on every non-empty list of scalars
// under n.
func flowScalarLists(n *yaml.Node) {
	if n.Kind == yaml.SequenceNode && len(n.Content) > 0 {
		flow := true
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode || strings.Contains(c.Value, "\n") {
				flow = false
				break
			}
		}
		if flow {
			n.Style = yaml.FlowStyle
			return
		}
	}
	for _, c := range n.Content {
		flowScalarLists(c)
	}
}

// syntaxErrRE picks the line out of yaml.v3's syntax errors:
// "yaml: line 7: mapping values are not allowed in this context".
var syntaxErrRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// decode parses data into base (a fresh default, or a zero Config when
// base is nil). It returns the problems of the content (unknown keys,
// values of the wrong type) all together; err is a YAML syntax error.
func decode(data []byte, base *Config) (*Config, Problems, error) {
	doc, err := parseDoc(data)
	if err != nil {
		return nil, nil, err
	}
	return decodeDoc(doc, base)
}

// parseDoc parses data into its YAML tree; its error is a Problems of one
// entry (a syntax error, a second document).
func parseDoc(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) {
		err = nil // an empty file: all defaults
	}
	if err == nil {
		// A second document (after ---) would be ignored silently.
		var next yaml.Node
		if derr := dec.Decode(&next); !errors.Is(derr, io.EOF) {
			line := 0
			if derr == nil {
				line = next.Line
			}
			return nil, Problems{{Line: line, Msg: msgSecondDocument.sprintf()}}
		}
	}
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 0
		if m := syntaxErrRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		return nil, Problems{{Line: line, Msg: msgBadYAML.sprintf(yamlMessage(msg))}}
	}
	return &doc, nil
}

// decodeDoc is decode of a parsed tree, which it only reads.
func decodeDoc(doc *yaml.Node, base *Config) (*Config, Problems, error) {
	cfg := base
	if cfg == nil {
		cfg = &Config{}
	}
	d := &decoder{lines: map[string]int{}, merge: base != nil}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		root := resolve(doc.Content[0])
		if root.Kind != yaml.MappingNode && !isNull(root) {
			return nil, nil, Problems{{Line: root.Line, Msg: msgNotSections.sprintf(nodeKindName(root))}}
		}
		d.value(root, reflect.ValueOf(cfg).Elem(), "")
	}
	cfg.lines = d.lines
	return cfg, d.probs, nil
}

// decoder walks a yaml.Node tree alongside the Config, so that it knows
// the path and line of every value, reports unknown keys, and keeps going
// after a problem.
type decoder struct {
	lines map[string]int
	probs Problems
	merge bool // decoding a city's file on top of the default
}

var durationType = reflect.TypeFor[Duration]()

func (d *decoder) problem(path string, line int, m Msg, args ...any) {
	d.probs = append(d.probs, Problem{Path: path, Line: line, Msg: m.sprintf(args...)})
}

// maxQuoted is how much of a value a problem quotes.
const maxQuoted = 80

// shorten cuts long string values in args, so that a huge value is not
// echoed whole in an error, and writes control characters in them as Go
// escapes, so that a problem stays one line.
func shorten(args []any) []any {
	out := args
	for i, a := range args {
		s, ok := a.(string)
		if !ok {
			continue
		}
		short := quote(s)
		if r := []rune(s); len(r) > maxQuoted {
			short = quote(string(r[:maxQuoted])) + fmt.Sprintf("…（共 %d 字节）", len(s))
		}
		if short == s {
			continue
		}
		if &out[0] == &args[0] {
			out = slices.Clone(args)
		}
		out[i] = short
	}
	return out
}

// value decodes n into v. Struct fields that n does not mention keep their
// value; lists and mappings are replaced; an explicit null empties a
// value, except for a whole section, which keeps its defaults.
func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) {
	n = resolve(n)
	if path != "" {
		d.lines[path] = n.Line
	}
	if v.Type() == durationType {
		if isNull(n) {
			v.SetInt(0)
			return
		}
		var dur Duration
		if err := dur.UnmarshalYAML(n); err != nil {
			d.probs = append(d.probs, Problem{Path: path, Line: n.Line, Msg: err.Error()})
			return
		}
		v.SetInt(int64(dur))
		return
	}
	if _, ok := textTables[v.Type()]; ok {
		switch {
		case isNull(n):
			v.SetZero()
		case n.Kind != yaml.MappingNode:
			d.problem(path, n.Line, msgWantTexts, nodeKindName(n))
		default:
			d.textTable(n, v, path, d.merge)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		if isNull(n) {
			return
		}
		if n.Kind != yaml.MappingNode {
			d.problem(path, n.Line, msgWantSettings, nodeKindName(n))
			return
		}
		d.structFields(n, v, path, map[string]bool{})
	case reflect.Slice:
		if isNull(n) {
			v.SetZero()
			return
		}
		if n.Kind != yaml.SequenceNode {
			d.problem(path, n.Line, msgWantList, nodeKindName(n))
			return
		}
		if len(n.Content) == 0 {
			v.SetZero()
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.value(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.Map:
		if isNull(n) {
			v.SetZero()
			return
		}
		if n.Kind != yaml.MappingNode {
			d.problem(path, n.Line, msgWantMapping, nodeKindName(n))
			return
		}
		if len(n.Content) == 0 {
			v.SetZero()
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := resolve(n.Content[i]), n.Content[i+1]
			kp := joinPath(path, k.Value)
			if k.Kind != yaml.ScalarNode {
				d.problem(path, k.Line, msgKeyNotScalar, nodeKindName(k))
				continue
			}
			if m.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
				d.problem(kp, k.Line, msgKeyTwice, k.Value)
				continue
			}
			elem := reflect.New(v.Type().Elem()).Elem()
			d.value(val, elem, kp)
			m.SetMapIndex(reflect.ValueOf(k.Value), elem)
		}
		v.Set(m)
	default:
		d.scalar(n, v, path)
	}
}

// structFields decodes the keys of mapping n into the fields of struct v,
// following YAML merge keys (<<: *anchor).
func (d *decoder) structFields(n *yaml.Node, v reflect.Value, path string, seen map[string]bool) {
	fields := yamlFields(v.Type())
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			val = resolve(val)
			merged := []*yaml.Node{val}
			if val.Kind == yaml.SequenceNode {
				merged = val.Content
			}
			for _, m := range merged {
				if m = resolve(m); m.Kind == yaml.MappingNode {
					d.structFields(m, v, path, seen)
				}
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.problem(path, k.Line, msgKeyNotScalar, nodeKindName(k))
			continue
		}
		kp := joinPath(path, k.Value)
		idx, ok := fields[k.Value]
		if !ok {
			d.problem(kp, k.Line, msgUnknownKey, k.Value, suggest(k.Value, names))
			continue
		}
		if seen[k.Value] {
			d.problem(kp, k.Line, msgKeyTwice, k.Value)
			continue
		}
		seen[k.Value] = true
		d.value(val, v.Field(idx), kp)
	}
}

// scalar decodes a single value (string, number, bool) into v.
func (d *decoder) scalar(n *yaml.Node, v reflect.Value, path string) {
	if isNull(n) {
		v.SetZero()
		return
	}
	if n.Kind != yaml.ScalarNode {
		d.problem(path, n.Line, msgWantKind, kindName(v.Kind()), nodeKindName(n))
		return
	}
	if v.Kind() == reflect.String {
		v.SetString(n.Value)
		return
	}
	tmp := reflect.New(v.Type())
	if err := n.Decode(tmp.Interface()); err != nil {
		d.problem(path, n.Line, msgNotKind, n.Value, kindName(v.Kind()))
		return
	}
	v.Set(tmp.Elem())
}

// yamlFields maps the yaml tag names of struct type t to field indexes.
func yamlFields(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if name := yamlName(f); name != "" {
			m[name] = i
		}
	}
	return m
}

// yamlName is the key of field f in YAML, "" for a field that has none.
func yamlName(f reflect.StructField) string {
	tag := f.Tag.Get("yaml")
	if tag == "-" {
		return ""
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		name = strings.ToLower(f.Name)
	}
	return name
}

// suggest offers the name closest to an unknown one, as " (did you mean
// "x"?)", or "" when none is close.
func suggest(key string, names []string) string {
	best, bestDist := "", 3 // accept at most 2 edits
	if len([]rune(key)) < 5 {
		bestDist = 2
	}
	for _, name := range names {
		if dist := editDistance(key, name); dist < bestDist || (dist == bestDist && best != "" && name < best) {
			best, bestDist = name, dist
		}
	}
	if best == "" {
		return ""
	}
	return msgDidYouMean.sprintf(best)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// resolve follows aliases (*anchor) to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func nodeKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "映射"
	case yaml.SequenceNode:
		return "列表"
	case yaml.ScalarNode:
		return "「" + quote(n.Value) + "」"
	}
	return "空值"
}

func kindName(k reflect.Kind) string {
	switch k {
	case reflect.Bool:
		return " true 或 false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "整数"
	case reflect.Float32, reflect.Float64:
		return "数字"
	case reflect.String:
		return "文字"
	}
	return k.String()
}
