package nlp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"hotline/config"
	"hotline/nlp/textclf"
	"hotline/ticket"
)

// ErrEmptyText is returned by Classify for a text with nothing in it but
// white space (or invalid UTF-8); the Result is empty with zero
// confidences.
var ErrEmptyText = errors.New("nlp: empty text")

// Embedded is the offline classifier: the embedded linear model (or, in
// keyword mode, the categories' keywords) for the category, the rule-based
// extractors for every other field, and ticket.Route for the department.
// It is safe for concurrent use.
//
// How the model and the keywords combine: when the model's top probability
// is at least ModelTrust, the model decides alone. Below it, the keyword
// evidence is blended in: every occurrence of a configured keyword that is
// not negated (没有停水) adds its length in characters to its category's score (the catch-all
// category's keywords, such as 咨询 or 问题, count a quarter), the scores are
// normalised into a distribution k, and the category is the argmax of
// (1-a)·p + a·k with a = 0.5·min(1, best score/6) — two specific keywords of
// one category are enough to overrule an unsure model, a single short one
// only tips a close call. The confidence is the blended probability of the
// winner. In keyword mode (no model) k alone decides, with a confidence of
// 0.3 + 0.6·share·strength; a text with no keyword goes to the catch-all
// category with confidence 0.1.
type Embedded struct {
	cfg      *config.Config
	model    *textclf.Model
	x        *Extractor
	codes    []string // cfg category codes, in config order
	modelCat []int    // model label index → index in codes
	kwWeight []float64
	kwCatIdx []int // keyword id → index in codes
	catchAll int   // index of the catch-all category, -1 if none
	pool     sync.Pool

	emModel     *textclf.Model // the emergency model; nil = rules only
	emNone      int            // its "none" label
	emThreshold float64        // EmergencyModelThreshold; the cross-validation tries others

	emGrown          *textclf.Model // the emergency model grown on the written examples; nil = none
	emGrownNone      int
	emGrownThreshold float64
	emRenumber       float64 // EmergencyModelRenumber
	emGate           float64 // EmergencyGrownGate; 0 = the grown model never overrules the model of before

	vetoModel     *textclf.Model // the veto model; nil = no veto
	vetoDanger    int            // its "danger" label
	vetoThreshold float64        // VetoThreshold; the cross-validation tries others
}

// OutOfScopeConfidence is the category confidence of a message about a
// matter the hotline does not take: the catch-all category is right for
// it whatever the model says.
const OutOfScopeConfidence = 0.9

// ModelTrust is the model probability from which the model's category is
// taken without consulting the keywords.
const ModelTrust = 0.5

// NewEmbedded returns the embedded classifier for cfg with a trained
// category model. It fails when the model knows category codes that cfg
// does not configure: a city with its own taxonomy must train its own
// model.
func NewEmbedded(cfg *config.Config, model *textclf.Model) (*Embedded, error) {
	if model == nil {
		return nil, errors.New("nlp: no category model (use NewKeyword for keyword-only classification)")
	}
	e := newEmbedded(cfg)
	var unknown []string
	for _, l := range model.Labels() {
		i := slices.Index(e.codes, l)
		if i < 0 {
			unknown = append(unknown, l)
		}
		e.modelCat = append(e.modelCat, i)
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("nlp: the category model knows categories that the config does not have (%s): a city with its own taxonomy must train its own model with `hotline train` and set nlp.model",
			strings.Join(unknown, ", "))
	}
	e.model = model
	return e, nil
}

// NewKeyword returns a keyword-only classifier for a config without a
// trained model: the categories' keywords decide the category.
func NewKeyword(cfg *config.Config) *Embedded {
	return newEmbedded(cfg)
}

func newEmbedded(cfg *config.Config) *Embedded {
	e := &Embedded{cfg: cfg, x: NewExtractor(cfg), catchAll: -1}
	if m, err := emergencyModel(); err == nil {
		e.emModel = m
		e.emNone = slices.Index(m.Labels(), noEmergency)
		e.emThreshold = EmergencyModelThreshold
	}
	if m, err := emergencyGrownModel(); err == nil {
		e.emGrown = m
		e.emGrownNone = slices.Index(m.Labels(), noEmergency)
		e.emGrownThreshold, e.emRenumber, e.emGate = EmergencyGrownThreshold, EmergencyModelRenumber, EmergencyGrownGate
	}
	if m, err := vetoModel(); err == nil {
		if i := slices.Index(m.Labels(), vetoDanger); i >= 0 {
			e.vetoModel, e.vetoDanger, e.vetoThreshold = m, i, VetoThreshold
		}
	}
	for i, c := range cfg.Categories {
		e.codes = append(e.codes, c.Code)
		if c.Department == cfg.City.Office && e.catchAll < 0 {
			e.catchAll = i
		}
	}
	for _, code := range e.x.kwCat {
		e.kwCatIdx = append(e.kwCatIdx, slices.Index(e.codes, code))
	}
	// Keyword weights follow the extractor's keyword ids.
	e.kwWeight = make([]float64, len(e.x.kwCat))
	for _, es := range e.x.keyword.first {
		for _, m := range es {
			w := float64(utf8.RuneCountInString(m.word))
			if e.kwCatIdx[m.id] == e.catchAll {
				w *= 0.25
			}
			e.kwWeight[m.id] = w
		}
	}
	n := max(len(e.codes), 8)
	e.pool.New = func() any {
		b := make([]float64, 3*n+8)
		return &b
	}
	return e
}

// Extractor returns the classifier's field extractor.
func (e *Embedded) Extractor() *Extractor { return e.x }

func emptyResult() Result {
	return Result{Confidence: map[string]float64{
		FieldType: 0, FieldCategory: 0, FieldDepartment: 0, FieldDistrict: 0, FieldTown: 0,
		FieldAddress: 0, FieldPhones: 0, FieldName: 0, FieldUrgency: 0, FieldTitle: 0,
	}}
}

// Classify fills in the work-order fields of text. Only the first
// MaxAnalysedBytes of a text are analysed; invalid UTF-8 is dropped.
func (e *Embedded) Classify(ctx context.Context, text string) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	s := strings.TrimSpace(normalize(text))
	if s == "" {
		return emptyResult(), ErrEmptyText
	}
	bufp := e.pool.Get().(*[]float64)
	defer e.pool.Put(bufp)
	cat, catConf := e.category(s, *bufp)
	cands := e.candidates(*bufp)

	var hitBuf [16]placeHit
	hits := e.x.placeHits(s, hitBuf[:0])
	district, town, distConf := e.x.place(hits)
	addr, addrConf := e.x.address(s, hits)
	typ, typConf := e.x.requestType(s)
	em := e.x.emergencyIn(s)
	vetoed := em != nil && e.vetoed(s, em, *bufp)
	var setAside *Emergency
	if vetoed {
		setAside, em = em, nil // a short message like none of our dangers: the model may still flag it
	}
	if em == nil {
		em = e.emergencyByModel(s, *bufp)
	} else {
		em = e.renumbered(s, em, *bufp)
	}
	var scope *OutOfScope
	// A message whose rule flag the veto set aside is neither out of scope
	// nor a courtesy: a rule saw danger words, so it becomes an order an
	// agent reads soon, never a reply that sends the citizen elsewhere.
	if em == nil && !vetoed && e.catchAll >= 0 {
		if scope = e.x.outOfScope(s); scope != nil {
			cat, catConf = e.codes[e.catchAll], max(catConf, OutOfScopeConfidence)
		}
	}
	var ck courtesyKind
	if em == nil && !vetoed && scope == nil && e.catchAll >= 0 {
		if ck = courtesy(s); ck != courtesyNone {
			cat, catConf = e.codes[e.catchAll], CourtesyConfidence
			typ, typConf = courtesyType(ck)
		}
	}
	switch {
	case scope != nil:
		cands = nil // the catch-all category is right whatever the scores say
	case ck != courtesyNone:
		cands = append(cands[:0], Candidate{Category: cat, Confidence: catConf}) // nothing else to offer
	case len(cands) > 0 && cands[0].Category == cat:
		cands[0].Confidence = catConf
	}
	urg := e.x.urgency(s, em)
	if vetoed && urg == ticket.UrgencyNormal {
		urg = ticket.UrgencyUrgent // a rule saw danger words: an agent reads it soon, though it does not jump the queue
	}

	name := e.x.Name(s)
	r := Result{
		Type:       typ,
		Category:   cat,
		District:   district,
		Town:       town,
		Address:    addr,
		Phones:     appendPhones(nil, s),
		Name:       name,
		Urgency:    urg,
		Title:      e.x.title(s, cat, addr, district, name),
		Emergency:  em,
		SetAside:   setAside,
		OutOfScope: scope,
		Courtesy:   ck != courtesyNone,
		Candidates: cands,
	}
	r.Department = ticket.Route(e.cfg, cat, district)
	deptConf := catConf
	if c, ok := e.cfg.Category(cat); ok && c.Department == config.Territorial && c.DistrictOverrides[district] == "" {
		if district != "" {
			deptConf *= distConf
		} else {
			deptConf *= 0.5 // the fallback department: right only for city-wide matters
		}
	}
	r.Confidence = map[string]float64{
		FieldType:       typConf,
		FieldCategory:   catConf,
		FieldDepartment: deptConf,
		FieldDistrict:   distConf,
		FieldTown:       0,
		FieldAddress:    addrConf,
		FieldPhones:     0,
		FieldName:       0,
		FieldUrgency:    0.6,
		FieldTitle:      0.6,
	}
	if town != "" {
		r.Confidence[FieldTown] = distConf
	}
	if len(r.Phones) > 0 {
		r.Confidence[FieldPhones] = 0.95
	}
	if r.Name != "" {
		r.Confidence[FieldName] = 0.8
	}
	switch urg {
	case ticket.UrgencyEmergency:
		r.Confidence[FieldUrgency] = 0.9
	case ticket.UrgencyUrgent:
		r.Confidence[FieldUrgency] = 0.8
	}
	if r.Title == "" {
		r.Confidence[FieldTitle] = 0
	}
	return r, nil
}

// candidates returns the likeliest categories after category has left
// their scores in buf[2n:3n] (n categories): at most MaxCandidates, best
// first, those with a score above zero.
func (e *Embedded) candidates(buf []float64) []Candidate {
	n := len(e.codes)
	if n == 0 {
		return nil
	}
	p := buf[2*n : 3*n]
	var idx [MaxCandidates]int
	k := 0
	for i, v := range p {
		if v <= 0 {
			continue
		}
		j := min(k, MaxCandidates-1)
		if k == MaxCandidates && v <= p[idx[j]] {
			continue
		}
		for j > 0 && p[idx[j-1]] < v {
			idx[j] = idx[j-1]
			j--
		}
		idx[j] = i
		k = min(k+1, MaxCandidates)
	}
	out := make([]Candidate, k)
	for i := range out {
		out[i] = Candidate{Category: e.codes[idx[i]], Confidence: p[idx[i]]}
	}
	return out
}

// category returns the category code and its confidence; buf is scratch
// space of at least 3·len(codes) floats, whose part buf[2n:3n] holds the
// categories' scores afterwards (see candidates).
func (e *Embedded) category(s string, buf []float64) (string, float64) {
	n := len(e.codes)
	if n == 0 {
		return "", 0
	}
	kw := buf[:n]
	clear(kw)
	kwTotal, kwBest := 0.0, 0.0
	e.x.keyword.each(s, func(start, end, id int) {
		if ci := e.kwCatIdx[id]; ci >= 0 && !negatedBefore(s, start) {
			kw[ci] += e.kwWeight[id]
		}
	})
	for _, v := range kw {
		kwTotal += v
		kwBest = max(kwBest, v)
	}
	strength := min(1, kwBest/6)

	if e.model == nil {
		p := buf[2*n : 3*n]
		clear(p)
		if kwTotal > 0 {
			for i, v := range kw {
				p[i] = v / kwTotal
			}
		}
		if kwTotal == 0 {
			if e.catchAll >= 0 {
				p[e.catchAll] = 0.1
				return e.codes[e.catchAll], 0.1
			}
			return "", 0
		}
		best := argmax(kw)
		return e.codes[best], 0.3 + 0.6*(kw[best]/kwTotal)*strength
	}

	probs := e.model.Probabilities("", s, buf[n:n])
	p := buf[2*n : 3*n]
	clear(p)
	for i, v := range probs {
		if ci := e.modelCat[i]; ci >= 0 {
			p[ci] += v
		}
	}
	best := argmax(p)
	if p[best] >= ModelTrust || kwTotal == 0 {
		return e.codes[best], p[best]
	}
	a := 0.5 * strength
	for i := range p {
		p[i] = (1-a)*p[i] + a*kw[i]/kwTotal
	}
	best = argmax(p)
	return e.codes[best], p[best]
}

func argmax(v []float64) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}
