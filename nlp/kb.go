package nlp

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// DefaultKBThreshold is the score from which a knowledge-base entry answers
// a question directly when config.KB.Threshold is zero.
const DefaultKBThreshold = 0.55

// KBEntry is one approved question and answer of the knowledge base
// (知识库), kept by the office and the departments.
type KBEntry struct {
	ID         string   `json:"id" yaml:"id"`
	Question   string   `json:"question" yaml:"question"`
	Answer     string   `json:"answer" yaml:"answer"`
	Category   string   `json:"category,omitempty" yaml:"category"`
	Department string   `json:"department,omitempty" yaml:"department"`
	Keywords   []string `json:"keywords,omitempty" yaml:"keywords"`
}

// KBHit is an entry found by Search and its score in [0,1].
type KBHit struct {
	Entry KBEntry
	Score float64
}

// KB is an in-memory knowledge base with retrieval that works for Chinese
// without a word segmenter.
//
// Text is cut into terms: character bigrams of Chinese runs (weight 1),
// single characters (weight 0.3, so that a paraphrase that splits a word
// still counts a little) and Latin/digit words (weight 1); function
// characters (的, 吗, 怎么…) are no unigrams, and a query bigram with one
// that no entry has (么退) is dropped as glue. An entry's document is its
// question plus its keywords, keyword terms counting twice: keywords are
// the office's list of the short ways citizens ask (驾照到期, 个税怎么退).
//
// The score is BM25 (k1 1.2, b 0.5) made into a number in [0,1], so that a
// threshold means the same for every query:
//
//	qc = Σ_{t∈q} w(t)·idf(t)·min(1, bm25tf(t,d)) / Σ_{t∈q} w(t)·idf(t)
//	ec = max over F in {question, each keyword} of
//	     Σ_{t∈q∩F} w(t)·idf(t) / Σ_{t∈F} w(t)·idf(t)
//	score = qc^0.7 · ec^0.3
//
// bm25tf is BM25's saturated, length-normalised term frequency, which is 1
// for a term found once in an entry of average length; capping it makes qc
// the share of the query's information that the entry explains (query
// coverage). A query term that no entry has counts as the rarest term, so
// a complaint's own words (不热, 油烟, 坏了) weigh against every entry. ec
// is how completely the citizen said one of the entry's ways of asking.
// With the starter set, paraphrases of an entry score 0.75–1 and
// complaints that share a word with an entry (暖气不热, 开发商不给办房产证)
// stay under 0.5; DefaultKBThreshold 0.55 sits between.
type KB struct {
	entries   []KBEntry
	docs      []kbDoc
	idf       map[string]float64
	unseenIdf float64
	avgLen    float64
}

// kbDoc is an entry's index.
type kbDoc struct {
	tf     map[string]float64 // term → weighted frequency (question + 2×keywords)
	length float64            // Σ tf
	fields []kbField          // the question, then each keyword
	in     map[string][]int   // term → the fields that have it
}

// kbField is one way of asking for an entry: its question or a keyword.
type kbField struct {
	terms []kbTerm // sorted, so that sums do not depend on map order
	norm  float64  // Σ w(t)·idf(t)
}

// BM25 parameters. b is low because entries are short and of similar
// length; k1 is the usual value.
const (
	kbK1            = 1.2
	kbB             = 0.5
	kbUnigramWeight = 0.3
	kbKeywordBoost  = 2.0
	kbQueryExponent = 0.7
)

// NewKB indexes entries. An entry without an id, question or answer, or
// with an id already used, is an error naming it.
func NewKB(entries []KBEntry) (*KB, error) {
	kb := &KB{
		entries: make([]KBEntry, 0, len(entries)),
		idf:     make(map[string]float64),
	}
	seen := make(map[string]int, len(entries))
	var errs []error
	for i, e := range entries {
		e.ID = strings.TrimSpace(e.ID)
		if p := validateKBEntry(e); p != nil {
			p.Entry = i + 1
			errs = append(errs, p)
			continue
		}
		if j, dup := seen[e.ID]; dup {
			errs = append(errs, &KBProblem{Entry: i + 1, ID: e.ID, Kind: KBDuplicateID, Prev: j + 1})
			continue
		}
		seen[e.ID] = i
		e.Keywords = slices.Clone(e.Keywords)
		kb.entries = append(kb.entries, e)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("nlp: knowledge base: %w", errors.Join(errs...))
	}

	df := make(map[string]int)
	var total float64
	for _, e := range kb.entries {
		d := kbDoc{tf: make(map[string]float64)}
		q := kbTerms(e.Question)
		for t, w := range q {
			d.tf[t] += w
		}
		d.fields = append(d.fields, kbField{terms: kbSorted(q)})
		for _, k := range e.Keywords {
			kt := kbTerms(k)
			if len(kt) == 0 {
				continue
			}
			for t, w := range kt {
				d.tf[t] += kbKeywordBoost * w
			}
			d.fields = append(d.fields, kbField{terms: kbSorted(kt)})
		}
		for t, w := range d.tf {
			d.length += w
			df[t]++
		}
		d.in = make(map[string][]int, len(d.tf))
		for j, f := range d.fields {
			for _, t := range f.terms {
				d.in[t.t] = append(d.in[t.t], j)
			}
		}
		total += d.length
		kb.docs = append(kb.docs, d)
	}
	n := float64(len(kb.docs))
	if n > 0 {
		kb.avgLen = total / n
	}
	for t, f := range df {
		kb.idf[t] = math.Log(1 + (n-float64(f)+0.5)/(float64(f)+0.5))
	}
	// A term no entry has is as rare as can be.
	kb.unseenIdf = math.Log(1 + (n+0.5)/0.5)
	for i := range kb.docs {
		for j := range kb.docs[i].fields {
			f := &kb.docs[i].fields[j]
			for _, t := range f.terms {
				f.norm += t.w * kb.idf[t.t]
			}
		}
	}
	return kb, nil
}

// validateKBEntry checks one entry's required fields.
func validateKBEntry(e KBEntry) *KBProblem {
	switch {
	case e.ID == "":
		return &KBProblem{Kind: KBNoID}
	case strings.TrimSpace(e.Question) == "":
		return &KBProblem{ID: e.ID, Kind: KBNoQuestion, Field: "question"}
	case strings.TrimSpace(e.Answer) == "":
		return &KBProblem{ID: e.ID, Kind: KBNoAnswer, Field: "answer"}
	}
	return nil
}

//go:embed kb_starter.jsonl
var kbStarter []byte

// StarterKB is the knowledge base shipped with the binary: common
// consultations of a Jining-like city, worded carefully enough to be
// answered by the bot until a city loads its own (config nlp.kb.file).
func StarterKB() (*KB, error) {
	entries, err := parseKBJSONL("kb_starter.jsonl", kbStarter)
	if err != nil {
		return nil, err
	}
	return NewKB(entries)
}

// StarterKBEntries returns the entries of the embedded starter set.
func StarterKBEntries() ([]KBEntry, error) {
	return parseKBJSONL("kb_starter.jsonl", kbStarter)
}

// ReadKBFile reads entries from a JSONL file (one object a line; blank
// lines and lines starting with # are skipped) or, for a .yaml or .yml
// name, a YAML list. Every bad entry is reported as FILE:LINE: problem.
func ReadKBFile(path string) ([]KBEntry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("nlp: knowledge base: %w", err)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		return parseKBYAML(path, data)
	default:
		return parseKBJSONL(path, data)
	}
}

// parseKBJSONL decodes JSON lines; name is used in errors.
func parseKBJSONL(name string, data []byte) ([]KBEntry, error) {
	var entries []KBEntry
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	seen := make(map[string]int)
	for line := 1; sc.Scan(); line++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 || text[0] == '#' {
			continue
		}
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte("\ufeff"))
		}
		var e KBEntry
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			p := kbJSONProblem(err)
			p.File, p.Line = name, line
			errs = append(errs, p)
			continue
		}
		if dec.More() {
			errs = append(errs, &KBProblem{File: name, Line: line, Kind: KBTwoValues})
			continue
		}
		if p := checkKBEntry(&e, line, seen); p != nil {
			p.File, p.Line = name, line
			errs = append(errs, p)
			continue
		}
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return entries, nil
}

// kbJSONProblem tells what a decoding error of a line says, without Go
// type names.
func kbJSONProblem(err error) *KBProblem {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return &KBProblem{Kind: KBWrongType, Field: te.Field}
	case errors.As(err, &se):
		return &KBProblem{Kind: KBBadJSON, Offset: se.Offset, Detail: se.Error()}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &KBProblem{Kind: KBUnclosed}
	}
	// encoding/json words an unknown field only in its text (DisallowUnknownFields).
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if name, err := strconv.Unquote(f); err == nil {
			return &KBProblem{Kind: KBUnknownField, Field: name}
		}
	}
	return &KBProblem{Kind: KBBadJSON, Detail: err.Error()}
}

// parseKBYAML decodes a YAML list of entries; name is used in errors.
func parseKBYAML(name string, data []byte) ([]KBEntry, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &KBProblem{File: name, Kind: KBBadYAML, Detail: err.Error()}
	}
	if len(root.Content) == 0 {
		return nil, nil
	}
	list := root.Content[0]
	if list.Kind != yaml.SequenceNode {
		return nil, &KBProblem{File: name, Line: list.Line, Kind: KBNotList}
	}
	var entries []KBEntry
	var errs []error
	seen := make(map[string]int)
	for _, item := range list.Content {
		var e KBEntry
		if p := kbDecodeYAML(item, &e); p != nil {
			p.File = name
			if p.Line == 0 {
				p.Line = item.Line
			}
			errs = append(errs, p)
			continue
		}
		if p := checkKBEntry(&e, item.Line, seen); p != nil {
			p.File, p.Line = name, item.Line
			errs = append(errs, p)
			continue
		}
		entries = append(entries, e)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return entries, nil
}

// kbDecodeYAML decodes one entry, rejecting unknown keys (a typo such as
// anwser would otherwise drop the answer silently).
func kbDecodeYAML(n *yaml.Node, e *KBEntry) *KBProblem {
	if n.Kind != yaml.MappingNode {
		return &KBProblem{Kind: KBNotMapping}
	}
	known := map[string]bool{"id": true, "question": true, "answer": true, "category": true, "department": true, "keywords": true}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i].Value; !known[k] {
			return &KBProblem{Line: n.Content[i].Line, Kind: KBUnknownField, Field: k}
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		want := yaml.ScalarNode
		if k == "keywords" {
			want = yaml.SequenceNode
		}
		if v.Kind != want && v.Tag != "!!null" {
			return &KBProblem{Line: v.Line, Kind: KBWrongType, Field: k}
		}
	}
	if err := n.Decode(e); err != nil {
		return &KBProblem{Kind: KBWrongType, Detail: err.Error()}
	}
	return nil
}

// checkKBEntry trims an entry and checks its fields and that its id is new
// in the file; seen maps ids to their line.
func checkKBEntry(e *KBEntry, line int, seen map[string]int) *KBProblem {
	e.ID = strings.TrimSpace(e.ID)
	e.Question = strings.TrimSpace(e.Question)
	e.Answer = strings.TrimSpace(e.Answer)
	e.Category = strings.TrimSpace(e.Category)
	e.Department = strings.TrimSpace(e.Department)
	if p := validateKBEntry(*e); p != nil {
		return p
	}
	if prev, dup := seen[e.ID]; dup {
		return &KBProblem{ID: e.ID, Kind: KBDuplicateID, Prev: prev}
	}
	seen[e.ID] = line
	return nil
}

// Entries returns a copy of the entries, in their order.
func (kb *KB) Entries() []KBEntry {
	out := make([]KBEntry, len(kb.entries))
	for i, e := range kb.entries {
		e.Keywords = slices.Clone(e.Keywords)
		out[i] = e
	}
	return out
}

// Len is the number of entries.
func (kb *KB) Len() int { return len(kb.entries) }

// Search returns up to k entries with a positive score, best first.
func (kb *KB) Search(query string, k int) []KBHit {
	if k <= 0 || len(kb.docs) == 0 {
		return nil
	}
	q := kbTerms(query)
	for t := range q {
		// A bigram with a function character that no entry has is grammar
		// glue (么退, 税怎), not a topic the KB lacks.
		if _, known := kb.idf[t]; !known && utf8.RuneCountInString(t) == 2 && strings.ContainsAny(t, kbStopChars) {
			delete(q, t)
		}
	}
	if len(q) == 0 {
		return nil
	}
	terms := kbSorted(q)
	var qNorm float64
	for _, t := range terms {
		qNorm += t.w * kb.termIdf(t.t)
	}
	type scored struct {
		i     int
		score float64
	}
	var hits []scored
	for i := range kb.docs {
		if s := kb.score(terms, qNorm, &kb.docs[i]); s > 0 {
			hits = append(hits, scored{i, s})
		}
	}
	slices.SortStableFunc(hits, func(a, b scored) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return a.i - b.i
	})
	if len(hits) > k {
		hits = hits[:k]
	}
	out := make([]KBHit, len(hits))
	for j, h := range hits {
		e := kb.entries[h.i]
		e.Keywords = slices.Clone(e.Keywords)
		out[j] = KBHit{Entry: e, Score: h.score}
	}
	return out
}

// Best returns the best entry for query when its score reaches threshold
// (DefaultKBThreshold when threshold is zero or negative), with the score.
func (kb *KB) Best(query string, threshold float64) (KBEntry, float64, bool) {
	if threshold <= 0 {
		threshold = DefaultKBThreshold
	}
	hits := kb.Search(query, 1)
	if len(hits) == 0 {
		return KBEntry{}, 0, false
	}
	if hits[0].Score < threshold {
		return KBEntry{}, hits[0].Score, false
	}
	return hits[0].Entry, hits[0].Score, true
}

// termIdf is a term's idf; a term no entry has counts as the rarest.
func (kb *KB) termIdf(t string) float64 {
	if v, ok := kb.idf[t]; ok {
		return v
	}
	return kb.unseenIdf
}

// score is the normalised BM25 described on KB.
func (kb *KB) score(terms []kbTerm, qNorm float64, d *kbDoc) float64 {
	if qNorm <= 0 {
		return 0
	}
	var bm25 float64
	var buf [32]float64
	var touched []float64
	if len(d.fields) <= len(buf) {
		touched = buf[:len(d.fields)]
	} else {
		touched = make([]float64, len(d.fields))
	}
	lenNorm := kbK1 * (1 - kbB + kbB*d.length/kb.avgLen)
	for _, t := range terms {
		tf := d.tf[t.t]
		if tf == 0 {
			continue
		}
		wi := t.w * kb.idf[t.t]
		bm25 += wi * min(1, tf*(kbK1+1)/(tf+lenNorm))
		for _, j := range d.in[t.t] {
			touched[j] += wi
		}
	}
	if bm25 == 0 {
		return 0
	}
	var ec float64
	for j, f := range d.fields {
		if f.norm > 0 {
			ec = max(ec, touched[j]/f.norm)
		}
	}
	qc := min(1, bm25/qNorm)
	return math.Pow(qc, kbQueryExponent) * math.Pow(min(1, ec), 1-kbQueryExponent)
}

// kbTerm is a term and its weight.
type kbTerm struct {
	t string
	w float64
}

// kbSorted lists terms in a fixed order.
func kbSorted(m map[string]float64) []kbTerm {
	out := make([]kbTerm, 0, len(m))
	for t, w := range m {
		out = append(out, kbTerm{t, w})
	}
	slices.SortFunc(out, func(a, b kbTerm) int { return strings.Compare(a.t, b.t) })
	return out
}

// kbStopChars are function characters that carry no topic: never a
// unigram term, and a bigram of two of them is dropped.
const kbStopChars = "的了吗呢吧啊呀嘛么我你他她它们是在有和与及或就都也还要想请问下一个这那些该能会可以怎什如何哪里儿"

// kbTerms cuts text into weighted terms: bigrams of Chinese characters,
// single Chinese characters (weakly), and Latin/digit words.
func kbTerms(text string) map[string]float64 {
	terms := make(map[string]float64)
	var prev rune // previous Chinese character in the current run, or 0
	var word strings.Builder
	flushWord := func() {
		if word.Len() > 0 {
			terms[word.String()] = 1
			word.Reset()
		}
	}
	for _, r := range text {
		r = kbFold(r)
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			stop := strings.ContainsRune(kbStopChars, r)
			if !stop {
				terms[string(r)] = kbUnigramWeight
			}
			if prev != 0 && !(stop && strings.ContainsRune(kbStopChars, prev)) {
				terms[string([]rune{prev, r})] = 1
			}
			prev = r
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			prev = 0
			word.WriteRune(r)
		default:
			prev = 0
			flushWord()
		}
	}
	flushWord()
	return terms
}

// kbFold lowercases and maps full-width ASCII to half-width.
func kbFold(r rune) rune {
	if r >= '！' && r <= '～' {
		r -= '！' - '!'
	}
	return unicode.ToLower(r)
}

// LoadKB returns the knowledge base a server runs with: the file at path
// (JSONL or YAML, as ReadKBFile reads it; `hotline kb import` writes one
// holding the starter set merged with the office's entries), or the
// embedded starter set when path is empty.
func LoadKB(path string) (*KB, error) {
	if path == "" {
		return StarterKB()
	}
	entries, err := ReadKBFile(path)
	if err != nil {
		return nil, err
	}
	kb, err := NewKB(entries)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return kb, nil
}

// MergeKBEntries returns base with add merged in: an entry of add whose id
// is in base replaces it in place, the others are appended in their order.
// It reports how many were added and replaced.
func MergeKBEntries(base, add []KBEntry) (merged []KBEntry, added, replaced int) {
	merged = slices.Clone(base)
	at := make(map[string]int, len(base))
	for i, e := range merged {
		at[e.ID] = i
	}
	for _, e := range add {
		if i, ok := at[e.ID]; ok {
			merged[i] = e
			replaced++
			continue
		}
		at[e.ID] = len(merged)
		merged = append(merged, e)
		added++
	}
	return merged, added, replaced
}

// WriteKBJSONL writes entries as JSON lines, the format ReadKBFile reads.
func WriteKBJSONL(w io.Writer, entries []KBEntry) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, e := range entries {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}
