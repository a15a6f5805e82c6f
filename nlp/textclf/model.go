package textclf

import (
	"math"
	"sync"
)

// Example is one labelled message.
type Example struct {
	Title, Text, Label string
	// Weight is how much the example counts in training: its cost in the
	// SVM and its document count in the naive-Bayes scaling, as if it were
	// given Weight times, but one message in the document frequencies and
	// in the calibration (so a weighted message never sits on both sides
	// of a calibration fold). 0 = 1.
	Weight float64
}

// Model is a trained classifier. It is safe for concurrent use.
type Model struct {
	cfg    featureConfig
	labels []string
	idf    []float32 // per bucket; 0 for buckets unseen in training
	w      []float32 // bucket j, class c at j*len(labels)+c
	bias   []float32
	scale  float64 // softmax temperature: p ∝ exp(scale·score)
	pool   sync.Pool
}

// Labels returns the class labels in the order of Probabilities.
func (m *Model) Labels() []string { return append([]string(nil), m.labels...) }

func (m *Model) getScratch() *scratch {
	if sc, ok := m.pool.Get().(*scratch); ok {
		return sc
	}
	return newScratch(m.cfg.dims())
}

// scoresInto fills sc.scores with the raw decision value of every class.
func (m *Model) scoresInto(title, text string, sc *scratch) []float64 {
	m.cfg.extract(title, text, sc)
	weigh(sc, m.idf)
	k := len(m.labels)
	if cap(sc.scores) < k {
		sc.scores = make([]float64, k)
	}
	s := sc.scores[:k]
	for c := range s {
		s[c] = float64(m.bias[c])
	}
	for i, j := range sc.idx {
		v := float64(sc.val[i])
		row := m.w[int(j)*k : int(j)*k+k]
		for c, wc := range row {
			s[c] += v * float64(wc)
		}
	}
	return s
}

// Probabilities returns one calibrated probability per Labels(), reusing
// dst when it is large enough.
func (m *Model) Probabilities(title, text string, dst []float64) []float64 {
	sc := m.getScratch()
	s := m.scoresInto(title, text, sc)
	dst = softmax(dst[:0], s, m.scale)
	m.pool.Put(sc)
	return dst
}

// Predict returns the most probable label and its probability.
func (m *Model) Predict(title, text string) (label string, confidence float64) {
	sc := m.getScratch()
	s := m.scoresInto(title, text, sc)
	best := 0
	for c := range s {
		if s[c] > s[best] {
			best = c
		}
	}
	var sum float64
	for c := range s {
		sum += math.Exp(m.scale * (s[c] - s[best]))
	}
	m.pool.Put(sc)
	return m.labels[best], 1 / sum
}

// softmax appends exp(scale·s) normalised to dst.
func softmax(dst, s []float64, scale float64) []float64 {
	maxS := math.Inf(-1)
	for _, v := range s {
		maxS = math.Max(maxS, v)
	}
	var sum float64
	for _, v := range s {
		e := math.Exp(scale * (v - maxS))
		dst = append(dst, e)
		sum += e
	}
	for i := range dst {
		dst[i] /= sum
	}
	return dst
}
