package nlp

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// How the emergency patterns are matched fast. A rule's pattern is mostly
// a long alternation (smoke-people-inside has some fifty branches), and
// Go's regexp runs all of it at every position of the text however few of
// its words occur. So a pattern is split into its top-level branches, each
// compiled alone (a short program, often with a literal prefix that
// strings.Index finds), and each branch runs only when every set of words
// it requires occurs in the text (requiredSets: one of 叫|喊|拍… and one of
// 不醒|没反应… for unresponsive). The branches' matches are merged as the
// whole pattern's would be: the leftmost start first, and at one start the
// earlier branch (Go's leftmost-first semantics). The matches come one at
// a time, as the rule asks for the next only when the last did not count.
//
// This gives FindAllStringIndex's matches only when no match is empty and
// no branch looks before where its search starts (^, \A, \b, \B); a
// pattern that could do either runs whole (splitPattern returns nil). The
// plain path (Extractor.plainRules) is kept for the test that compares
// both over every example (TestSplitRulesMatchAsWhole).

// patternAlt is one top-level branch of a split pattern.
type patternAlt struct {
	// re compiles the branch the first time it runs: most branches run on
	// few texts, and compiling all of them doubled NewExtractor's time and
	// the heap it keeps.
	re   func() *regexp.Regexp
	sets []int // the word sets it requires (ruleSets ids), each of which must occur
}

// splitPattern is a pattern split into its branches.
type splitPattern struct {
	id   int // index in ruleSets.patterns
	alts []patternAlt
}

// ruleSets collects the required word sets of the split patterns and finds
// which of them occur in a text in one pass.
type ruleSets struct {
	words    matcher // each word once → its index in wordSets
	wordSets [][]int // word → the sets it belongs to
	wordID   map[string]int
	setID    map[string]int // a set's words, sorted and joined → its id
	n        int            // number of sets
	bySet    [][]int        // set → the patterns with a branch whose first set it is
	patterns []*splitPattern
	always   []int // the patterns with a branch that requires no words
	pool     sync.Pool
}

// textSets says which word sets occur in a text, and which patterns may
// match there (a branch's first set occurs).
type textSets struct {
	sets, patterns []bool
	scan           [][2]int     // room for a pattern's scan (patternScan.next)
	buf            *textBuffers // from ruleSets.pool
}

// split returns expr split into its top-level branches with their required
// word sets registered in rs, or nil when it cannot be matched branch by
// branch with the whole pattern's results (see above).
func (rs *ruleSets) split(expr string) *splitPattern {
	p := &splitPattern{id: len(rs.patterns)}
	for _, b := range topBranches(expr) {
		tree, err := syntax.Parse(b, syntax.Perl)
		if err != nil || looksBehind(tree) || minRunes(tree) == 0 {
			return nil
		}
		// Parse has checked what Compile would refuse (TestRulesSplit
		// compiles every built-in branch).
		re := sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(b) })
		p.alts = append(p.alts, patternAlt{re: re, sets: rs.add(requiredSets(tree))})
	}
	rs.patterns = append(rs.patterns, p)
	for _, a := range p.alts {
		if len(a.sets) == 0 {
			rs.always = append(rs.always, p.id)
		} else {
			rs.bySet[a.sets[0]] = append(rs.bySet[a.sets[0]], p.id)
		}
	}
	return p
}

// topBranches returns the branches of expr's top-level alternation (A|B|C,
// or (A|B|C) whole), each as its source text, or expr alone. A pattern
// that sets flags ((?i)) is not split: they reach across its branches.
func topBranches(expr string) []string {
	if strings.Contains(expr, "(?") {
		return []string{expr}
	}
	for {
		cuts, wrapped := topCuts(expr)
		if !wrapped {
			var out []string
			from := 0
			for _, c := range cuts {
				out = append(out, expr[from:c])
				from = c + 1
			}
			return append(out, expr[from:])
		}
		expr = expr[1 : len(expr)-1] // (A|B) whole: a capture's group does not change where it matches
	}
}

// topCuts returns where expr has a | outside every group and class, and
// whether the group expr begins with ends at its end.
func topCuts(expr string) (cuts []int, wrapped bool) {
	depth, class, firstClose := 0, false, -1
	for i := 0; i < len(expr); i++ {
		switch c := expr[i]; {
		case c == '\\':
			i++ // the escaped byte (an escaped rune's other bytes are never syntax)
		case class:
			class = c != ']'
		case c == '[':
			class = true
			if strings.HasPrefix(expr[i+1:], "^") {
				i++
			}
			if strings.HasPrefix(expr[i+1:], "]") {
				i++ // []…] and [^]…]: a ] first is a literal
			}
		case c == '(':
			depth++
		case c == ')':
			if depth--; depth == 0 && firstClose < 0 {
				firstClose = i
			}
		case c == '|' && depth == 0:
			cuts = append(cuts, i)
		}
	}
	return cuts, len(cuts) == 0 && strings.HasPrefix(expr, "(") && firstClose == len(expr)-1
}

// add registers sets and returns their ids; a set that holds an empty word
// requires nothing and is left out. A word that holds another word of its
// set adds nothing to it (烟味 beside 烟), and a set met before keeps its id:
// fewer words to look for, fewer sets to mark.
func (rs *ruleSets) add(sets [][]string) []int {
	var ids []int
next:
	for _, set := range sets {
		if len(set) == 0 {
			continue
		}
		for _, w := range set {
			if r, _ := utf8.DecodeRuneInString(w); w == "" || r == utf8.RuneError {
				continue next
			}
		}
		var words []string
		for i, w := range set {
			if !slices.ContainsFunc(set, func(u string) bool { return u != w && strings.Contains(w, u) }) &&
				!slices.Contains(set[:i], w) {
				words = append(words, w)
			}
		}
		slices.Sort(words)
		key := strings.Join(words, "\x00")
		if id, ok := rs.setID[key]; ok {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
			continue
		}
		if rs.wordID == nil {
			rs.wordID, rs.setID = map[string]int{}, map[string]int{}
		}
		rs.setID[key] = rs.n
		for _, w := range words {
			i, ok := rs.wordID[w]
			if !ok {
				i = len(rs.wordSets)
				rs.wordID[w] = i
				rs.wordSets = append(rs.wordSets, nil)
				rs.words.add(w, i)
			}
			rs.wordSets[i] = append(rs.wordSets[i], rs.n)
		}
		ids = append(ids, rs.n)
		rs.bySet = append(rs.bySet, nil)
		rs.n++
	}
	return ids
}

// present returns which sets have a word in s, and which patterns may
// match there; done gives its memory back.
func (rs *ruleSets) present(s string) textSets {
	buf, _ := rs.pool.Get().(*textBuffers)
	if buf == nil {
		buf = new(textBuffers)
	}
	if n := rs.n + len(rs.patterns); cap(buf.marks) < n {
		buf.marks = make([]bool, n)
	} else {
		buf.marks = buf.marks[:n]
		clear(buf.marks)
	}
	ts := textSets{sets: buf.marks[:rs.n], patterns: buf.marks[rs.n:], scan: buf.scan[:0], buf: buf}
	for _, p := range rs.always {
		ts.patterns[p] = true
	}
	rs.words.each(s, func(_, _, w int) {
		for _, id := range rs.wordSets[w] {
			if !ts.sets[id] {
				ts.sets[id] = true
				for _, p := range rs.bySet[id] {
					ts.patterns[p] = true
				}
			}
		}
	})
	return ts
}

// textBuffers are the memory a text's matching reuses.
type textBuffers struct {
	marks []bool
	scan  [][2]int
}

// done returns ts's memory to rs (with the room a scan grew, scan); ts is
// not used after.
func (rs *ruleSets) done(ts textSets, scan [][2]int) {
	if ts.buf != nil {
		if cap(scan) > cap(ts.buf.scan) {
			ts.buf.scan = scan
		}
		rs.pool.Put(ts.buf)
	}
}

// runs reports whether every word set the branch requires occurs.
func (a *patternAlt) runs(present []bool) bool {
	for _, id := range a.sets {
		if !present[id] {
			return false
		}
	}
	return true
}

// matchString reports whether the pattern matches somewhere in s.
func (p *splitPattern) matchString(s string, ts textSets) bool {
	if !ts.patterns[p.id] {
		return false
	}
	present := ts.sets
	for i := range p.alts {
		if a := &p.alts[i]; a.runs(present) && a.re().MatchString(s) {
			return true
		}
	}
	return false
}

// patternScan yields a split pattern's matches in s one after another: the
// matches FindAllStringIndex of the whole pattern gives, in its order.
type patternScan struct {
	p       *splitPattern
	s       string
	present []bool
	pos     int
	// next holds each branch's leftmost match at or after some earlier
	// pos: start, end; start -1 when it has none left, -2 before a search;
	// nil when no branch can match.
	next [][2]int
}

func (p *splitPattern) scan(s string, ts textSets, buf [][2]int) patternScan {
	if !ts.patterns[p.id] {
		return patternScan{p: p, s: s} // no branch can match: next is empty
	}
	present := ts.sets
	buf = buf[:0]
	for range p.alts {
		buf = append(buf, [2]int{-2, 0})
	}
	return patternScan{p: p, s: s, present: present, next: buf}
}

// match returns the next match, or ok false.
func (sc *patternScan) match() (start, end int, ok bool) {
	if sc.next == nil {
		return 0, 0, false
	}
	best := -1
	for i := range sc.p.alts {
		a := &sc.p.alts[i]
		n := &sc.next[i]
		if n[0] == -1 || n[0] == -2 && !a.runs(sc.present) {
			n[0] = -1
			continue
		}
		if n[0] < sc.pos {
			// Unsearched, or its match began before the last match ended:
			// a match at or after pos depends on the text from pos on only
			// (no branch looks behind).
			if loc := a.re().FindStringIndex(sc.s[sc.pos:]); loc == nil {
				n[0] = -1
				continue
			} else {
				n[0], n[1] = sc.pos+loc[0], sc.pos+loc[1]
			}
		}
		if best < 0 || n[0] < sc.next[best][0] { // at one start, the earlier branch
			best = i
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	start, end = sc.next[best][0], sc.next[best][1]
	sc.pos = end // matches are never empty
	return start, end, true
}

// looksBehind reports whether re holds an assertion about the text before
// a position (^, \A, \b, \B), which a search from that position cannot see.
func looksBehind(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpBeginText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	for _, sub := range re.Sub {
		if looksBehind(sub) {
			return true
		}
	}
	return false
}

// minRunes returns the fewest characters a match of re holds.
func minRunes(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpPlus:
		return minRunes(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min * minRunes(re.Sub[0])
	case syntax.OpConcat:
		n := 0
		for _, sub := range re.Sub {
			n += minRunes(sub)
		}
		return n
	case syntax.OpAlternate:
		n := -1
		for _, sub := range re.Sub {
			if k := minRunes(sub); n < 0 || k < n {
				n = k
			}
		}
		return max(n, 0)
	}
	return 0 // empty, star, quest, assertions
}

// requiredSets returns sets of words such that every match of re contains
// a word of each set (none when it cannot tell). Unlike requiredLiterals,
// which picks the most selective set, it keeps every part of a sequence:
// (叫|喊)…(不醒|没反应) requires one of each.
func requiredSets(re *syntax.Regexp) [][]string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return [][]string{{string(re.Rune)}}
	case syntax.OpCharClass:
		if lits := exactLiterals(re); lits != nil {
			return [][]string{lits}
		}
	case syntax.OpCapture, syntax.OpPlus:
		return requiredSets(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredSets(re.Sub[0])
		}
	case syntax.OpConcat:
		return concatSets(re, requiredSets)
	case syntax.OpAlternate:
		if lits := requiredLiterals(re); lits != nil {
			return [][]string{lits}
		}
	}
	return nil
}

// ruleScan gives a rule's matches in s one after another: its split
// pattern's, or with the plain path (or a pattern that runs whole)
// FindAllStringIndex's.
type ruleScan struct {
	whole [][]int
	split patternScan
}

func (r *emergRule) scan(s string, present textSets, buf [][2]int, plain bool) ruleScan {
	if plain || r.split == nil {
		return ruleScan{whole: r.re.FindAllStringIndex(s, -1)}
	}
	return ruleScan{split: r.split.scan(s, present, buf)}
}

func (sc *ruleScan) next() (start, end int, ok bool) {
	if sc.split.p != nil {
		return sc.split.match()
	}
	if len(sc.whole) == 0 {
		return 0, 0, false
	}
	loc := sc.whole[0]
	sc.whole = sc.whole[1:]
	return loc[0], loc[1], true
}

// alsoMatches reports whether the rule's also pattern matches in s.
func (r *emergRule) alsoMatches(s string, present textSets, plain bool) bool {
	if plain || r.alsoSplit == nil {
		return r.also.MatchString(s)
	}
	return r.alsoSplit.matchString(s, present)
}
