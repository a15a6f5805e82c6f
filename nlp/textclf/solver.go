package textclf

import (
	"math"
	"math/rand/v2"
	"slices"
)

// dcdTolerance stops coordinate descent once the projected gradients of
// all dual variables lie within this span (liblinear's criterion).
const dcdTolerance = 0.05

func allRows(n int) []int {
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	return rows
}

// trainOVR fits one L2-regularised squared-hinge SVM per class on the given
// rows by dual coordinate descent, on naive-Bayes scaled features, and
// returns the weights with the scaling folded in (bucket-major) and the
// biases.
func trainOVR(d *dataset, rows []int, k, dims int, p params, progress func(done, total int)) ([]float32, []float32) {
	ys := d.y
	count := make([]int, k)
	for _, i := range rows {
		count[ys[i]]++
	}
	// Balanced class weights: every class carries the same total cost,
	// counted in messages (an example's weight adds to its own cost, not
	// to its class's).
	classWeight := make([]float64, k)
	for c := range classWeight {
		if count[c] > 0 {
			classWeight[c] = float64(len(rows)) / float64(k*count[c])
		}
	}
	W := make([]float32, dims*k)
	bias := make([]float32, k)
	r := make([]float64, dims)
	w := make([]float64, dims)
	pos := make([]float64, dims)
	neg := make([]float64, dims)
	active := make([]bool, dims)
	for _, i := range rows {
		idx, _ := d.row(i)
		for _, j := range idx {
			active[j] = true
		}
	}
	alpha := make([]float64, len(rows))
	q := make([]float64, len(rows))
	diag := make([]float64, len(rows))
	order := make([]int, len(rows))
	for c := 0; c < k; c++ {
		// Scale features by how well they tell class c from the rest: the
		// magnitude of their naive-Bayes log-count ratio (on document
		// counts), as NB-SVM does.
		for j := range r {
			r[j] = 1
		}
		if p.nbScale > 0 {
			clear(pos)
			clear(neg)
			for _, i := range rows {
				idx, _ := d.row(i)
				dst := neg
				if ys[i] == c {
					dst = pos
				}
				for _, j := range idx {
					dst[j] += d.wt[i]
				}
			}
			var sp, sn float64
			for j, a := range active {
				if a {
					sp += pos[j] + p.nbAlpha
					sn += neg[j] + p.nbAlpha
				}
			}
			for j, a := range active {
				if a {
					ratio := math.Log((pos[j] + p.nbAlpha) / sp / ((neg[j] + p.nbAlpha) / sn))
					r[j] = 1 + p.nbScale*math.Abs(ratio)
				}
			}
		}
		// Dual coordinate descent.
		clear(w)
		var b float64
		for t, i := range rows {
			idx, val := d.row(i)
			sq := 1.0 // bias feature
			for u, j := range idx {
				x := float64(val[u]) * r[j]
				sq += x * x
			}
			cost := p.c * classWeight[ys[i]] * d.wt[i]
			diag[t] = 1 / (2 * cost)
			q[t] = sq + diag[t]
			alpha[t] = 0
			order[t] = t
		}
		rng := rand.New(rand.NewPCG(p.seed, uint64(c)+1))
		for epoch := 0; epoch < p.epochs; epoch++ {
			rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
			maxPG, minPG := math.Inf(-1), math.Inf(1)
			for _, t := range order {
				i := rows[t]
				y := -1.0
				if ys[i] == c {
					y = 1
				}
				idx, val := d.row(i)
				dot := b
				for u, j := range idx {
					dot += float64(val[u]) * r[j] * w[j]
				}
				g := y*dot - 1 + diag[t]*alpha[t]
				pg := g
				if alpha[t] == 0 && g > 0 {
					pg = 0
				}
				maxPG = math.Max(maxPG, pg)
				minPG = math.Min(minPG, pg)
				if pg == 0 {
					continue
				}
				old := alpha[t]
				alpha[t] = math.Max(old-g/q[t], 0)
				delta := (alpha[t] - old) * y
				if delta == 0 {
					continue
				}
				for u, j := range idx {
					w[j] += delta * float64(val[u]) * r[j]
				}
				b += delta
			}
			if maxPG-minPG < dcdTolerance {
				break
			}
		}
		for j, a := range active {
			if a {
				W[j*k+c] = float32(w[j] * r[j])
			}
		}
		bias[c] = float32(b)
		if progress != nil {
			progress(c+1, k)
		}
	}
	return W, bias
}

// scoreRow is the decision values of row i of d under (W, bias).
func scoreRow(d *dataset, i int, W, bias []float32, dst []float64) []float64 {
	k := len(bias)
	dst = dst[:0]
	for c := range k {
		dst = append(dst, float64(bias[c]))
	}
	idx, val := d.row(i)
	for u, j := range idx {
		v := float64(val[u])
		for c, wc := range W[int(j)*k : int(j)*k+k] {
			dst[c] += v * float64(wc)
		}
	}
	return dst
}

// crossScores returns held-out decision values of every row from folds
// models, each trained without its fold.
func crossScores(d *dataset, k, dims int, p params, folds int, progress func(done, total int)) [][]float64 {
	labeled := allRows(d.rows())
	perm := slices.Clone(labeled)
	rng := rand.New(rand.NewPCG(p.seed, 0xca11b))
	rng.Shuffle(len(perm), func(a, b int) { perm[a], perm[b] = perm[b], perm[a] })
	fold := make([]int, d.rows())
	for pos, i := range perm {
		fold[i] = pos % folds
	}
	out := make([][]float64, d.rows())
	for f := 0; f < folds; f++ {
		var train []int
		for _, i := range labeled {
			if fold[i] != f {
				train = append(train, i)
			}
		}
		W, bias := trainOVR(d, train, k, dims, p, nil)
		for _, i := range labeled {
			if fold[i] == f {
				out[i] = scoreRow(d, i, W, bias, nil)
			}
		}
		if progress != nil {
			progress(f+1, folds)
		}
	}
	return out
}

// calibrate fits the softmax temperature that minimises the negative log
// likelihood of held-out decision values.
func calibrate(d *dataset, k, dims int, p params, progress func(done, total int)) float64 {
	scores := crossScores(d, k, dims, p, p.calibFolds, progress)
	return fitScale(scores, d.y)
}

func fitScale(scores [][]float64, y []int) float64 {
	nll := func(a float64) float64 {
		var sum float64
		for i, s := range scores {
			if s == nil {
				continue
			}
			maxS := math.Inf(-1)
			for _, v := range s {
				maxS = math.Max(maxS, v)
			}
			var z float64
			for _, v := range s {
				z += math.Exp(a * (v - maxS))
			}
			sum += math.Log(z) - a*(s[y[i]]-maxS)
		}
		return sum
	}
	// Golden-section search on log(a) in [-4, 5]; the NLL is convex in a.
	lo, hi := -4.0, 5.0
	g := (math.Sqrt(5) - 1) / 2
	x1, x2 := hi-g*(hi-lo), lo+g*(hi-lo)
	f1, f2 := nll(math.Exp(x1)), nll(math.Exp(x2))
	for range 60 {
		if f1 < f2 {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - g*(hi-lo)
			f1 = nll(math.Exp(x1))
		} else {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + g*(hi-lo)
			f2 = nll(math.Exp(x2))
		}
	}
	return math.Exp((lo + hi) / 2)
}
