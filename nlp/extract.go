package nlp

import (
	"sort"
	"strings"
	"unicode/utf8"

	"hotline/config"
)

// MaxAnalysedBytes caps how much of a text the extractors and the
// classifier look at. Citizens' messages are a few hundred characters; a
// pasted document must not make classification slow.
const MaxAnalysedBytes = 8 << 10

// Extractor finds work-order fields in a text with rules and a gazetteer
// built from the config: phone numbers, the district and town, the address,
// the citizen's name, the request type, the urgency, emergencies and a
// title. Every method is a pure function of its input; an Extractor is safe
// for concurrent use.
type Extractor struct {
	places    matcher
	placeInfo []placeInfo

	emergency  matcher
	emergCues  []emergCue
	emergRules []emergRule
	emergHints matcher           // required words of the rules → rule index (the plain path)
	ruleSets   ruleSets          // required words of the split rules' branches (emergency_match.go)
	plainRules bool              // match each rule whole, as before the split; for tests only
	emergReply map[string]string // number → reply

	types    matcher
	typeCues []typeCue

	outage  matcher
	scope   matcher
	scopes  []OutOfScope // scope word id → the matter
	keyword matcher
	kwCat   []string // keyword id → category code
}

// placeInfo is one gazetteer key: a district name or alias, or a town.
type placeInfo struct {
	district string
	town     string  // empty for a district key
	conf     float64 // how sure a match of this key names the district
	// located: the key counts only right before a word that makes it a
	// place (那边, 附近…): a short town name that is also an ordinary word.
	located bool
	// bare: a town's short form or an alias of two characters, which
	// ordinary text can make across a word boundary (crossWords) and which
	// begins villages' names (马集村): such a match is checked first.
	bare bool
}

type typeCue struct {
	typ    string
	weight float64
}

// NewExtractor precomputes the lookups of cfg. cfg is not kept.
func NewExtractor(cfg *config.Config) *Extractor {
	x := &Extractor{emergReply: map[string]string{}}
	x.buildPlaces(cfg)
	x.buildEmergency(cfg)
	for i, c := range typeCueList {
		x.types.add(c.word, i)
		x.typeCues = append(x.typeCues, typeCue{c.typ, c.weight})
	}
	for i, w := range outageCues {
		x.outage.add(w, i)
	}
	for _, o := range cfg.NLP.OutOfScope {
		for _, w := range o.Words {
			if w = strings.TrimSpace(w); w != "" {
				x.scope.add(w, len(x.scopes))
				x.scopes = append(x.scopes, OutOfScope{Name: o.Name, Channel: o.Channel, Words: w})
			}
		}
	}
	for _, c := range cfg.Categories {
		for _, k := range c.Keywords {
			if k = strings.TrimSpace(k); k != "" {
				x.keyword.add(k, len(x.kwCat))
				x.kwCat = append(x.kwCat, c.Code)
			}
		}
	}
	x.places.finish()
	x.emergency.finish()
	x.types.finish()
	x.outage.finish()
	x.scope.finish()
	x.keyword.finish()
	return x
}

// ---------------------------------------------------------------------------
// Dictionary matcher

// matcher finds dictionary words in a text, indexed by their first rune.
type matcher struct {
	first map[rune][]mentry
	// pages index first's buckets of the runes below 0x10000 by their high
	// and low byte, once finish has sorted them: every rune of a text looks
	// its bucket up, and two array reads cost less than a map's hash.
	pages   [256]*[256]uint16 // bucket index + 1; 0 = none
	buckets [][]mentry
	indexed bool
}

type mentry struct {
	word string
	id   int
}

func (m *matcher) add(word string, id int) {
	r, _ := utf8.DecodeRuneInString(word)
	if r == utf8.RuneError {
		return
	}
	if m.first == nil {
		m.first = map[rune][]mentry{}
	}
	m.first[r] = append(m.first[r], mentry{word, id})
	m.indexed = false
}

// finish sorts every bucket longest word first, so that the first hit at a
// position is the longest, and indexes the buckets.
func (m *matcher) finish() {
	m.pages, m.buckets = [256]*[256]uint16{}, nil
	m.indexed = true
	for r, es := range m.first {
		sort.SliceStable(es, func(i, j int) bool { return len(es[i].word) > len(es[j].word) })
		switch {
		case r >= 0x10000:
			// looked up in the map
		case len(m.buckets) == 0xffff:
			m.indexed = false // every rune goes to the map
		default:
			if m.pages[r>>8] == nil {
				m.pages[r>>8] = new([256]uint16)
			}
			m.buckets = append(m.buckets, es)
			m.pages[r>>8][r&0xff] = uint16(len(m.buckets))
		}
	}
}

// bucket returns the words that begin with r.
func (m *matcher) bucket(r rune) []mentry {
	if !m.indexed || r >= 0x10000 || r < 0 {
		return m.first[r]
	}
	if p := m.pages[r>>8]; p != nil {
		if i := p[r&0xff]; i > 0 {
			return m.buckets[i-1]
		}
	}
	return nil
}

// each calls fn for every dictionary word found at every position of s,
// longest first at each position.
func (m *matcher) each(s string, fn func(start, end, id int)) {
	for i, r := range s {
		for _, e := range m.bucket(r) {
			if strings.HasPrefix(s[i:], e.word) {
				fn(i, i+len(e.word), e.id)
			}
		}
	}
}

// longest calls fn for the leftmost-longest non-overlapping matches in s.
func (m *matcher) longest(s string, fn func(start, end, id int)) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		hit := false
		for _, e := range m.bucket(r) {
			if strings.HasPrefix(s[i:], e.word) {
				fn(i, i+len(e.word), e.id)
				i += len(e.word)
				hit = true
				break
			}
		}
		if !hit {
			i += size
		}
	}
}
