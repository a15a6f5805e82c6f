package store

import (
	"encoding/binary"
	"math/bits"
	"sync"
)

// The record encoder: plain DEFLATE (RFC 1951) with recordDict as the
// preset dictionary, in one block of fixed Huffman codes, read by any
// inflater that has the dictionary (the standard library's in
// inflateRecord). A general compressor spends most of a record's time on
// what does not depend on the record: hashing the 4 KB dictionary again
// at every reset, and building Huffman tables for a block of a few
// hundred bytes. Here the dictionary is indexed once, at start, and the
// codes are the fixed ones of the format, so deflating a record costs
// about as much as reading it a few times. The Huffman codes are fixed;
// the matches are what saves the space: a record repeats the dictionary's
// keys, names and texts, and its own values (times, numbers).

const (
	lzMinMatch  = 4
	lzMaxMatch  = 258
	lzMaxDist   = 32768
	lzDictBits  = 13 // the dictionary's hash table
	lzRecBits   = 10 // a record's own hash table
	lzMaxChain  = 8  // candidates tried a position (48 saved 0.8% more on typical records)
	lzGoodMatch = 32 // a match this long is taken without trying the next position
	// lzMaxInsert: the positions inside a longer match are not put in the
	// record's hash chains (zlib's max_insert_length). A record's long
	// matches are mostly the dictionary's texts, whose positions are in
	// the dictionary's own chains already; inserting each of their bytes
	// was most of the encoder's time.
	lzMaxInsert = 16
)

// lzDictIndex is the dictionary's hash chains, built once: head[h] is the
// last position of recordDict whose 4 bytes hash to h (or -1), prev[p]
// the position before p with the same hash.
var lzDictIndex = sync.OnceValue(func() *lzIndex {
	x := &lzIndex{prev: make([]int32, len(recordDict))}
	for i := range x.head {
		x.head[i] = -1
	}
	for p := 0; p+lzMinMatch <= len(recordDict); p++ {
		h := lzHash(recordDict[p:], lzDictBits)
		x.prev[p] = x.head[h]
		x.head[h] = int32(p)
	}
	return x
})

type lzIndex struct {
	head [1 << lzDictBits]int32
	prev []int32
}

func lzHash(b []byte, nbits uint) uint32 {
	return (binary.LittleEndian.Uint32(b) * 0x1e35a7bd) >> (32 - nbits)
}

// lzState is one record's scratch: the dictionary followed by the record
// (the dictionary copied once a state), and the record's own hash chains
// (positions in win).
type lzState struct {
	win  []byte
	head [1 << lzRecBits]int32
	prev []int32
	bw   bitWriter
}

var lzStates = sync.Pool{New: func() any { return new(lzState) }}

// deflateFixed appends to dst v deflated with recordDict, as one final
// block of fixed Huffman codes.
func deflateFixed(dst, v []byte) []byte {
	out, _, _ := deflateFixedHoles(dst, v, nil, nil)
	return out
}

// deflateFixedHoles is deflateFixed with holes: the bytes of v at the
// offsets in holes (ascending) are written as literals that no match
// covers or copies from, so that each can be replaced later in the
// deflated form by any byte with an 8-bit code (below 144, as digits are;
// patchLiteral), and the form then inflates to v with those bytes. It
// appends to bits the bit offset in the result of each hole's literal.
//
// It deflates v with each hole's byte replaced by a byte below 144 that
// occurs nowhere else in the dictionary or in v, so that the matches are
// found as in any record and none can take in a hole; then it writes the
// hole's own byte over that literal. ok is false, and nothing appended,
// when there are not that many bytes to spare.
func deflateFixedHoles(dst, v []byte, holes, bits []int) (out []byte, holeBits []int, ok bool) {
	var spare []byte
	if len(holes) > 0 {
		for _, h := range holes {
			if v[h] >= 144 {
				return dst, bits, false
			}
		}
		if spare = spareBytes(v, len(holes)); spare == nil {
			return dst, bits, false
		}
	}
	s := lzStates.Get().(*lzState)
	defer lzStates.Put(s)
	dict := lzDictIndex()
	start := len(recordDict)
	if len(s.win) < start {
		s.win = append(s.win[:0], recordDict...) // once a state: nothing writes over it
	}
	s.win = append(s.win[:start], v...)
	win := s.win
	for i, h := range holes {
		win[start+h] = spare[i]
	}
	next := n0(holes, start) // the next hole's position in win
	n := len(win)
	for i := range s.head {
		s.head[i] = -1
	}
	if cap(s.prev) < len(v) {
		s.prev = make([]int32, len(v))
	}
	prev := s.prev[:len(v)]
	s.bw = bitWriter{out: dst}
	bw := &s.bw
	bw.put(3, 3) // BFINAL 1, BTYPE 01 (fixed codes)

	insert := func(p int) {
		if p+lzMinMatch <= n {
			h := lzHash(win[p:], lzRecBits)
			prev[p-start] = s.head[h]
			s.head[h] = int32(p)
		}
	}
	// longest returns the longest match for position p (its length and
	// distance; length 0 when there is none of lzMinMatch bytes).
	longest := func(p int) (int, int) {
		if p+lzMinMatch > n {
			return 0, 0
		}
		limit := min(lzMaxMatch, n-p)
		cur := binary.LittleEndian.Uint32(win[p:])
		bestLen, bestDist := 0, 0
		try := func(c int) bool {
			if p-c > lzMaxDist {
				return false
			}
			if binary.LittleEndian.Uint32(win[c:]) == cur && win[c+bestLen] == win[p+bestLen] {
				l := matchLen(win[c:], win[p:p+limit], lzMinMatch)
				if l > bestLen {
					bestLen, bestDist = l, p-c
				}
			}
			return bestLen < limit
		}
		chain := lzMaxChain
		// The record's own earlier bytes first (nearest), then the dictionary.
		for c := s.head[lzHash(win[p:], lzRecBits)]; c >= 0 && chain > 0; c = prev[int(c)-start] {
			chain--
			if bestLen+p >= n || !try(int(c)) {
				return bestLen, bestDist
			}
		}
		for c := dict.head[lzHash(win[p:], lzDictBits)]; c >= 0 && chain > 0; c = dict.prev[c] {
			chain--
			if bestLen+p >= n || !try(int(c)) {
				break
			}
		}
		return bestLen, bestDist
	}

	p := start
	l, d := longest(p)
	for p < n {
		if l < lzMinMatch {
			if p == next {
				// A hole: its byte is found nowhere else, so no match
				// starts here and the lazy step never writes it.
				bits = append(bits, len(bw.out)*8+int(bw.n))
				bw.literal(v[p-start])
				holes = holes[1:]
				next = n0(holes, start)
				insert(p)
				p++
				l, d = longest(p)
				continue
			}
			bw.literal(win[p])
			insert(p)
			p++
			l, d = longest(p)
			continue
		}
		insert(p)
		if l < lzGoodMatch && p+1 < n {
			// Lazy: a longer match one byte on wins over this one.
			if l1, d1 := longest(p + 1); l1 > l {
				bw.literal(win[p])
				p++
				l, d = l1, d1
				continue
			}
		}
		bw.match(l, d)
		if l <= lzMaxInsert {
			for q := p + 1; q < p+l; q++ {
				insert(q)
			}
		}
		p += l
		l, d = longest(p)
	}
	bw.symbol(256) // end of block
	return bw.flush(), bits, true
}

// n0 is the position in the window of the first of holes (-1 for none).
func n0(holes []int, start int) int {
	if len(holes) == 0 {
		return -1
	}
	return start + holes[0]
}

// dictBytes tells the byte values that occur in recordDict.
var dictBytes = sync.OnceValue(func() (t [256]bool) {
	for _, b := range recordDict {
		t[b] = true
	}
	return t
})

// spareBytes returns n distinct bytes below 144 that occur neither in
// recordDict nor in v, or nil when there are fewer.
func spareBytes(v []byte, n int) []byte {
	used := dictBytes()
	for _, b := range v {
		used[b] = true
	}
	var out []byte
	for b := range 144 {
		if !used[b] {
			if out = append(out, byte(b)); len(out) == n {
				return out
			}
		}
	}
	return nil
}

// patchLiteral writes the fixed code of literal x at bit offset bit of a
// deflated form, over a literal of the same code length (8 bits: bytes
// below 144, which digits are).
func patchLiteral(out []byte, bit int, x byte) {
	c := uint16(fixedLit[x] & 0xff)
	i, sh := bit/8, uint(bit%8)
	out[i] = out[i]&^byte(0xff<<sh) | byte(c<<sh)
	if sh > 0 {
		out[i+1] = out[i+1]&^byte(0xff>>(8-sh)) | byte(c>>(8-sh))
	}
}

// matchLen returns how many bytes a and b have in common from their
// start, up to len(b), knowing that the first from are the same. It
// compares eight bytes at a time.
func matchLen(a, b []byte, from int) int {
	l := from
	for l+8 <= len(b) {
		if x := binary.LittleEndian.Uint64(a[l:]) ^ binary.LittleEndian.Uint64(b[l:]); x != 0 {
			return l + bits.TrailingZeros64(x)/8
		}
		l += 8
	}
	for l < len(b) && a[l] == b[l] {
		l++
	}
	return l
}

// bitWriter writes DEFLATE's bit stream: least significant bit first,
// Huffman codes with their first bit first.
type bitWriter struct {
	out []byte
	acc uint64
	n   uint
}

func (w *bitWriter) put(v uint32, nb uint) {
	w.acc |= uint64(v) << w.n
	w.n += nb
	for w.n >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
}

func (w *bitWriter) flush() []byte {
	if w.n > 0 {
		w.out = append(w.out, byte(w.acc))
	}
	w.acc, w.n = 0, 0
	return w.out
}

// fixedLit are the fixed literal/length codes (RFC 1951 3.2.6), bit
// reversed for the stream: code in the low bits, length in the top byte.
var fixedLit = func() (t [288]uint32) {
	for s := range t {
		var code, nb uint32
		switch {
		case s < 144:
			code, nb = 0x30+uint32(s), 8
		case s < 256:
			code, nb = 0x190+uint32(s-144), 9
		case s < 280:
			code, nb = uint32(s-256), 7
		default:
			code, nb = 0xc0+uint32(s-280), 8
		}
		t[s] = uint32(bits.Reverse16(uint16(code))>>(16-nb)) | nb<<24
	}
	return t
}()

func (w *bitWriter) symbol(s int) {
	c := fixedLit[s]
	w.put(c&0xffffff, uint(c>>24))
}

func (w *bitWriter) literal(b byte) { w.symbol(int(b)) }

var lengthBase = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
var lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}

// lengthCode[l] is the index in lengthBase of match length l.
var lengthCode = func() (t [lzMaxMatch + 1]uint8) {
	c := 0
	for l := 3; l <= lzMaxMatch; l++ {
		for c+1 < len(lengthBase) && int(lengthBase[c+1]) <= l {
			c++
		}
		t[l] = uint8(c)
	}
	return t
}()

// match writes a match of length l (3 to 258) at distance d (1 to 32768).
func (w *bitWriter) match(l, d int) {
	lc := lengthCode[l]
	w.symbol(257 + int(lc))
	if e := lengthExtra[lc]; e > 0 {
		w.put(uint32(l-int(lengthBase[lc])), uint(e))
	}
	x := uint32(d - 1)
	var code, extra, ev uint32
	if x < 4 {
		code = x
	} else {
		top := uint32(bits.Len32(x)) - 1
		extra = top - 1
		code = 2*top + (x>>extra)&1
		ev = x & (1<<extra - 1)
	}
	w.put(uint32(bits.Reverse8(uint8(code))>>3), 5)
	if extra > 0 {
		w.put(ev, uint(extra))
	}
}
