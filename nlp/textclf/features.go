package textclf

import (
	"math"
	"unicode"
	"unicode/utf8"
)

// Limits on the analysed length of a message: later runes are ignored.
const (
	MaxTextRunes  = 2000
	MaxTitleRunes = 200
)

// Hashing of n-grams: FNV-1a over runes, then a multiplicative mix whose
// top bits pick the bucket.
const (
	seedBody uint64 = 0xcbf29ce484222325
	fnvPrime uint64 = 0x100000001b3
	mixer    uint64 = 0x9e3779b97f4a7c15
)

// featureConfig fixes how a message becomes a sparse vector. It is stored
// in the model so prediction matches training.
type featureConfig struct {
	HashBits    uint8   // dimensions = 1 << HashBits
	MaxN        uint8   // n-grams of 1..MaxN runes
	TitleWeight float32 // weight of title n-grams, counted with the body's
}

func (c featureConfig) dims() int { return 1 << c.HashBits }

// The block of CJK Unified Ideographs, where most of a message's runes are.
const (
	cjkFirst = 0x4E00
	cjkLast  = 0x9FFF
)

// normalize appends the analysed runes of s to dst: invalid UTF-8 becomes
// U+FFFD, full-width forms half-width, Latin letters lower-case, a run of
// digits one '0', runs of '*' (masking) nothing, and every run of spaces,
// punctuation and symbols one space. At most limit runes are read from s.
func normalize(dst []rune, s string, limit int) []rune {
	lastSpace := len(dst) == 0 || dst[len(dst)-1] == ' '
	lastDigit := false
	for n := 0; len(s) > 0 && n < limit; n++ {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		switch {
		case r == '*':
			continue
		case r >= '0' && r <= '9':
			if lastDigit {
				continue
			}
			lastDigit, lastSpace = true, false
			dst = append(dst, '0')
			continue
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r < 0x80:
			if !(r >= 'a' && r <= 'z') {
				r = ' '
			}
		case r >= cjkFirst && r <= cjkLast:
			// A Chinese character, kept: none is a space, punctuation,
			// a symbol or a control (TestCJKKept), and looking each up
			// in those four tables took most of the loop's time.
		case unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsControl(r):
			r = ' '
		}
		lastDigit = false
		if r == ' ' {
			if lastSpace {
				continue
			}
			lastSpace = true
		} else {
			lastSpace = false
		}
		dst = append(dst, r)
	}
	return dst
}

// scratch holds the buffers of one feature extraction, reused through a
// pool so that prediction allocates nothing in the steady state.
type scratch struct {
	runes   []rune
	acc     []float32 // dense accumulator, zero between uses
	touched []uint32  // indices set in acc
	idx     []uint32  // sparse result
	val     []float32
	scores  []float64
}

func newScratch(dims int) *scratch {
	return &scratch{acc: make([]float32, dims)}
}

// addGrams hashes the n-grams of rs (not crossing a space) into acc with
// weight w.
func (sc *scratch) addGrams(rs []rune, seed uint64, maxN int, bits uint8, w float32) {
	shift := 64 - uint(bits)
	for i := range rs {
		if rs[i] == ' ' {
			continue
		}
		h := seed
		for n := 0; n < maxN && i+n < len(rs); n++ {
			r := rs[i+n]
			if r == ' ' {
				break
			}
			h = (h ^ uint64(r)) * fnvPrime
			j := uint32((h * mixer) >> shift)
			if sc.acc[j] == 0 {
				sc.touched = append(sc.touched, j)
			}
			sc.acc[j] += w
		}
	}
}

// extract fills sc.idx and sc.val with the raw (weighted) n-gram counts of
// a message, in no particular order, and leaves acc zeroed.
func (c featureConfig) extract(title, text string, sc *scratch) {
	sc.touched = sc.touched[:0]
	maxN := int(c.MaxN)
	sc.runes = normalize(sc.runes[:0], text, MaxTextRunes)
	sc.addGrams(sc.runes, seedBody, maxN, c.HashBits, 1)
	sc.runes = normalize(sc.runes[:0], title, MaxTitleRunes)
	if c.TitleWeight > 0 {
		sc.addGrams(sc.runes, seedBody, maxN, c.HashBits, c.TitleWeight)
	}
	sc.idx = sc.idx[:0]
	sc.val = sc.val[:0]
	for _, j := range sc.touched {
		sc.idx = append(sc.idx, j)
		sc.val = append(sc.val, sc.acc[j])
		sc.acc[j] = 0
	}
}

// weigh turns the raw counts in sc.val into sublinear TF-IDF values with
// unit L2 norm. Features with zero IDF (unseen in training) drop out.
func weigh(sc *scratch, idf []float32) {
	var norm float64
	k := 0
	for i, j := range sc.idx {
		f := idf[j]
		if f == 0 {
			continue
		}
		v := sc.val[i]
		if v > 1 {
			v = 1 + float32(math.Log(float64(v)))
		}
		v *= f
		sc.idx[k], sc.val[k] = j, v
		norm += float64(v) * float64(v)
		k++
	}
	sc.idx, sc.val = sc.idx[:k], sc.val[:k]
	if norm == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(norm))
	for i := range sc.val {
		sc.val[i] *= inv
	}
}
