package nlp

import (
	"fmt"
	"strings"
)

// KBProblemKind names what is wrong with an entry of a knowledge-base
// file. The words staff read for each are the config's
// report_texts.command_line.kb.problems (config.KBProblemTexts), keyed by
// the kind; Error's English is for logs.
type KBProblemKind string

// The kinds of KBProblem.
const (
	KBNoID         KBProblemKind = "no_id"         // an entry without an id
	KBNoQuestion   KBProblemKind = "no_question"   // without a question
	KBNoAnswer     KBProblemKind = "no_answer"     // without an answer
	KBDuplicateID  KBProblemKind = "duplicate_id"  // an id used before, on line (or entry) Prev
	KBUnknownField KBProblemKind = "unknown_field" // a key that is no field (a typo such as anwser)
	KBWrongType    KBProblemKind = "wrong_type"    // Field's value is not text (keywords: not a list of texts)
	KBBadJSON      KBProblemKind = "bad_json"      // a line that is no JSON object (Offset: where)
	KBUnclosed     KBProblemKind = "unclosed"      // a JSON object not closed on its line
	KBTwoValues    KBProblemKind = "two_values"    // more than one JSON value on a line
	KBNotList      KBProblemKind = "not_list"      // a YAML file that is not a list of entries
	KBNotMapping   KBProblemKind = "not_mapping"   // a YAML list item that is not an entry
	KBBadYAML      KBProblemKind = "bad_yaml"      // a YAML syntax error (Detail: yaml.v3's words)
)

// KBProblem is one thing wrong with a knowledge-base file or list of
// entries: where (File and Line, or Entry for NewKB's list), which entry
// (ID) and field, and what (Kind). ReadKBFile and NewKB return every
// problem they find, joined (errors.Join); KBProblems takes them apart.
type KBProblem struct {
	File   string
	Line   int    // 0: not known
	Entry  int    // NewKB: the entry's place in the list, from 1
	ID     string // the entry's id, when it has one
	Kind   KBProblemKind
	Field  string // unknown_field, wrong_type, no_question, no_answer
	Prev   int    // duplicate_id: the line (or entry) of its first use
	Offset int64  // bad_json: the byte of the line where JSON breaks
	Detail string // bad_json, bad_yaml, wrong_type: the library's words
}

// Error says what is wrong in English, for logs.
func (p *KBProblem) Error() string {
	var b strings.Builder
	switch {
	case p.File != "" && p.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", p.File, p.Line)
	case p.File != "":
		fmt.Fprintf(&b, "%s: ", p.File)
	case p.Entry > 0:
		fmt.Fprintf(&b, "entry %d: ", p.Entry)
	}
	if p.ID != "" {
		fmt.Fprintf(&b, "%s: ", p.ID)
	}
	b.WriteString(string(p.Kind))
	if p.Field != "" {
		fmt.Fprintf(&b, " %q", p.Field)
	}
	if p.Prev > 0 {
		fmt.Fprintf(&b, " (first at %d)", p.Prev)
	}
	if p.Detail != "" {
		fmt.Fprintf(&b, ": %s", p.Detail)
	}
	return b.String()
}

// KBProblems returns the problems err holds (as ReadKBFile and NewKB
// return them), in their order; nil when it holds none.
func KBProblems(err error) []*KBProblem {
	var out []*KBProblem
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case *KBProblem:
			out = append(out, e)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}
