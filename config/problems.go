package config

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a configuration.
type Problem struct {
	Path string // YAML path of the offending value: "categories[3].department"; "" for a syntax error
	Line int    // line in the file, 0 when the value came from the defaults or the environment
	Msg  string // what is wrong and, where possible, how to fix it
}

// String formats p as "path（第 N 行）：msg", leaving out what is unknown.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Path)
	if p.Line > 0 {
		fmt.Fprintf(&b, "（第 %d 行）", p.Line)
	}
	if b.Len() > 0 {
		b.WriteString("：")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// FileString formats p for a file checker as "FILE:LINE: path：msg",
// leaving out what is unknown: editors jump to FILE:LINE:, and the
// clerk reads the path and the zh-CN problem.
func (p Problem) FileString(file string) string {
	var b strings.Builder
	b.WriteString(file)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString("：")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in a configuration. Load and Validate
// return it as their error so that a city fixes its file in one pass
// instead of one error at a time.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sort orders the problems by line, those without a line last, keeping
// the order of problems on the same line.
func (ps Problems) sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		li, lj := ps[i].Line, ps[j].Line
		if li == 0 || lj == 0 {
			return li != 0 && lj == 0
		}
		return li < lj
	})
}
