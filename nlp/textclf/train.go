package textclf

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Defaults of Options, chosen by cross-validation on the training split and
// checks on the development split of the gov-messages data.
const (
	DefaultEpochs      = 40
	DefaultC           = 1.0
	DefaultHashBits    = 18
	DefaultMaxNGram    = 2
	DefaultTitleWeight = 2.0
	DefaultMinDF       = 5
	DefaultNBAlpha     = 1.0
	DefaultNBScale     = 1.0
	DefaultCalibFolds  = 3
)

// Options tunes training. Zero values select the defaults above.
type Options struct {
	Seed   int64 // shuffling of coordinate descent and calibration folds
	Epochs int   // maximum passes of coordinate descent per class

	C           float64 // SVM cost; larger fits the training data harder
	HashBits    int     // 2^HashBits feature buckets, 10..24
	MaxNGram    int     // character n-grams of 1..MaxNGram runes, 1..6
	TitleWeight float64 // how many times a title n-gram counts
	MinDF       int     // n-grams in fewer training messages are ignored
	NBAlpha     float64 // smoothing of the naive-Bayes document counts
	NBScale     float64 // feature j of class c is scaled by 1+NBScale·|log-count ratio|; <0 disables
	CalibFolds  int     // folds used to fit the softmax temperature; <0 uses a fixed one

	// Progress, when set, is called as training advances: stage is
	// "features", "train" or "calibrate".
	Progress func(stage string, done, total int)
}

// params is Options with the defaults filled in.
type params struct {
	seed       uint64
	epochs     int
	c          float64
	cfg        featureConfig
	minDF      int
	nbAlpha    float64
	calibFolds int
	progress   func(string, int, int)
	fixedScale float64
	nbScale    float64
}

func (o Options) params() (params, error) {
	p := params{
		seed:       uint64(o.Seed),
		epochs:     cmpOr(o.Epochs, DefaultEpochs),
		c:          cmpOr(o.C, DefaultC),
		minDF:      cmpOr(o.MinDF, DefaultMinDF),
		nbAlpha:    cmpOr(o.NBAlpha, DefaultNBAlpha),
		nbScale:    cmpOr(o.NBScale, DefaultNBScale),
		calibFolds: cmpOr(o.CalibFolds, DefaultCalibFolds),
		progress:   o.Progress,
		fixedScale: 3,
	}
	bits := cmpOr(o.HashBits, DefaultHashBits)
	maxN := cmpOr(o.MaxNGram, DefaultMaxNGram)
	tw := cmpOr(o.TitleWeight, DefaultTitleWeight)
	switch {
	case bits < 10 || bits > 24:
		return p, fmt.Errorf("textclf: HashBits %d outside 10..24", bits)
	case maxN < 1 || maxN > 6:
		return p, fmt.Errorf("textclf: MaxNGram %d outside 1..6", maxN)
	case p.epochs < 1 || p.c < 0 || tw < 0 || p.minDF < 1 || p.nbAlpha < 0:
		return p, errors.New("textclf: negative Epochs, C, TitleWeight, MinDF or NBAlpha")
	}
	p.cfg = featureConfig{HashBits: uint8(bits), MaxN: uint8(maxN), TitleWeight: float32(tw)}
	return p, nil
}

func cmpOr[T int | float64](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// dataset is the training messages as sparse TF-IDF rows.
type dataset struct {
	off []int // row i is idx[off[i]:off[i+1]]
	idx []uint32
	val []float32
	y   []int     // class index
	wt  []float64 // the examples' weights (Example.Weight, 1 when unset)
}

func (d *dataset) rows() int { return len(d.y) }

func (d *dataset) row(i int) ([]uint32, []float32) {
	return d.idx[d.off[i]:d.off[i+1]], d.val[d.off[i]:d.off[i+1]]
}

// Train fits a model to examples. It needs at least two distinct labels,
// and an example with an empty label is an error.
func Train(examples []Example, opts Options) (*Model, error) {
	p, err := opts.params()
	if err != nil {
		return nil, err
	}
	return trainParams(examples, p)
}

func trainParams(examples []Example, p params) (*Model, error) {
	m, d, err := prepare(examples, p)
	if err != nil {
		return nil, err
	}
	k, dims := len(m.labels), p.cfg.dims()
	report := func(stage string) func(done, total int) {
		if p.progress == nil {
			return nil
		}
		return func(done, total int) { p.progress(stage, done, total) }
	}
	m.w, m.bias = trainOVR(d, allRows(d.rows()), k, dims, p, report("train"))
	m.scale = p.fixedScale
	if p.calibFolds > 1 && d.rows() >= 2*p.calibFolds {
		m.scale = calibrate(d, k, dims, p, report("calibrate"))
	}
	return m, nil
}

// prepare turns examples into a model holding labels and IDF, and the
// dataset of TF-IDF rows.
func prepare(examples []Example, p params) (*Model, *dataset, error) {
	if len(examples) == 0 {
		return nil, nil, errors.New("textclf: no training examples")
	}
	labelIndex := map[string]int{}
	var labels []string
	for i, e := range examples {
		l := strings.TrimSpace(e.Label)
		if l == "" {
			return nil, nil, fmt.Errorf("textclf: example %d has no label", i+1)
		}
		if e.Weight < 0 || math.IsNaN(e.Weight) || math.IsInf(e.Weight, 0) {
			return nil, nil, fmt.Errorf("textclf: example %d has weight %v", i+1, e.Weight)
		}
		if _, ok := labelIndex[l]; !ok {
			labelIndex[l] = 0
			labels = append(labels, l)
		}
	}
	if len(labels) < 2 {
		return nil, nil, fmt.Errorf("textclf: need at least 2 labels, have %d", len(labels))
	}
	slices.Sort(labels)
	for i, l := range labels {
		labelIndex[l] = i
	}

	m := &Model{cfg: p.cfg, labels: labels}
	dims := p.cfg.dims()

	// Raw counts and document frequencies.
	d := &dataset{off: make([]int, 1, len(examples)+1)}
	df := make([]int32, dims)
	sc := newScratch(dims)
	for i, e := range examples {
		p.cfg.extract(e.Title, e.Text, sc)
		for _, j := range sc.idx {
			df[j]++
		}
		d.idx = append(d.idx, sc.idx...)
		d.val = append(d.val, sc.val...)
		d.off = append(d.off, len(d.idx))
		d.y = append(d.y, labelIndex[strings.TrimSpace(e.Label)])
		d.wt = append(d.wt, cmpOr(e.Weight, 1))
		if (i+1)%500 == 0 || i+1 == len(examples) {
			if p.progress != nil {
				p.progress("features", i+1, len(examples))
			}
		}
	}
	n := float64(len(examples))
	m.idf = make([]float32, dims)
	for j, f := range df {
		if int(f) >= p.minDF {
			m.idf[j] = float32(math.Log((1+n)/(1+float64(f))) + 1)
		}
	}
	// TF-IDF rows, compacted in place.
	k := 0
	for i := 0; i < d.rows(); i++ {
		sc.idx = append(sc.idx[:0], d.idx[d.off[i]:d.off[i+1]]...)
		sc.val = append(sc.val[:0], d.val[d.off[i]:d.off[i+1]]...)
		weigh(sc, m.idf)
		d.off[i] = k
		k += copy(d.idx[k:], sc.idx)
		copy(d.val[k-len(sc.idx):], sc.val)
	}
	d.off[d.rows()] = k
	d.idx, d.val = d.idx[:k], d.val[:k]

	return m, d, nil
}
