package textclf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
)

// Model file layout, little-endian:
//
//	"HLTC" | version u16 | total length u32 (whole file)
//	hash bits u8 | max n u8 | title weight f32 | softmax scale f64
//	labels: count uvarint, each length uvarint + UTF-8
//	bias: f32 per label
//	buckets: count uvarint, each bucket delta uvarint, idf f32, f32 per label
//	CRC-32 (IEEE) of everything before it, u32
const (
	magic         = "HLTC"
	formatVersion = 1
	headerSize    = 4 + 2 + 4
	maxModelSize  = 1 << 30
	maxLabels     = 10000
	maxLabelBytes = 1024
)

// ErrCorrupt is matched (errors.Is) by every error about a malformed,
// truncated or foreign model file.
var ErrCorrupt = errors.New("corrupt model")

type formatError struct{ msg string }

func (e *formatError) Error() string        { return e.msg }
func (e *formatError) Is(target error) bool { return target == ErrCorrupt }

func corrupt(format string, args ...any) error {
	return &formatError{fmt.Sprintf(format, args...)}
}

// WriteTo writes the model in its binary form.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	k := len(m.labels)
	b := make([]byte, headerSize, 1<<16)
	copy(b, magic)
	binary.LittleEndian.PutUint16(b[4:], formatVersion)
	b = append(b, m.cfg.HashBits, m.cfg.MaxN)
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(m.cfg.TitleWeight))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.scale))
	b = binary.AppendUvarint(b, uint64(k))
	for _, l := range m.labels {
		b = binary.AppendUvarint(b, uint64(len(l)))
		b = append(b, l...)
	}
	for _, v := range m.bias {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	n := 0
	for _, f := range m.idf {
		if f != 0 {
			n++
		}
	}
	b = binary.AppendUvarint(b, uint64(n))
	prev := 0
	for j, f := range m.idf {
		if f == 0 {
			continue
		}
		b = binary.AppendUvarint(b, uint64(j-prev))
		prev = j
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(f))
		for _, v := range m.w[j*k : j*k+k] {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
		}
	}
	binary.LittleEndian.PutUint32(b[6:], uint32(len(b)+4))
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	written, err := w.Write(b)
	return int64(written), err
}

// ReadModel reads a model written by WriteTo. A truncated, corrupt or
// foreign file is an error matching ErrCorrupt.
func ReadModel(r io.Reader) (*Model, error) {
	m, err := readModel(r)
	if err != nil {
		return nil, fmt.Errorf("textclf: %w", err)
	}
	return m, nil
}

// LoadModel reads a model file; errors name the file.
func LoadModel(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("textclf: %w", err)
	}
	defer f.Close()
	m, err := readModel(f)
	if err != nil {
		return nil, fmt.Errorf("textclf: %s: %w", path, err)
	}
	return m, nil
}

func readModel(r io.Reader) (*Model, error) {
	head := make([]byte, headerSize)
	if n, err := io.ReadFull(r, head); err != nil {
		if n == 0 && err == io.EOF {
			return nil, corrupt("empty file")
		}
		if err == io.ErrUnexpectedEOF {
			if !bytes.HasPrefix([]byte(magic), head[:min(n, 4)]) {
				return nil, corrupt("not a model file")
			}
			return nil, corrupt("truncated (expected at least %d bytes)", headerSize)
		}
		return nil, err
	}
	if string(head[:4]) != magic {
		return nil, corrupt("not a model file")
	}
	if v := binary.LittleEndian.Uint16(head[4:]); v != formatVersion {
		return nil, corrupt("unsupported model version %d (want %d)", v, formatVersion)
	}
	size := int(binary.LittleEndian.Uint32(head[6:]))
	if size < headerSize+4 || size > maxModelSize {
		return nil, corrupt("bad length %d", size)
	}
	// Read what is there rather than trusting the length with a buffer.
	var bb bytes.Buffer
	bb.Write(head)
	if _, err := io.Copy(&bb, io.LimitReader(r, int64(size-headerSize))); err != nil {
		return nil, err
	}
	if bb.Len() < size {
		return nil, corrupt("truncated (expected %d bytes)", size)
	}
	buf := bb.Bytes()
	body := buf[:size-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(buf[size-4:]) {
		return nil, corrupt("checksum mismatch")
	}
	return decodeModel(body[headerSize:])
}

// decoder reads fields from a byte slice, remembering the first overrun.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) bytes(n int) []byte {
	if d.bad || n < 0 || n > len(d.b) {
		d.bad = true
		return nil
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) u8() uint8 {
	if b := d.bytes(1); b != nil {
		return b[0]
	}
	return 0
}

func (d *decoder) f32() float32 {
	if b := d.bytes(4); b != nil {
		return math.Float32frombits(binary.LittleEndian.Uint32(b))
	}
	return 0
}

func (d *decoder) f64() float64 {
	if b := d.bytes(8); b != nil {
		return math.Float64frombits(binary.LittleEndian.Uint64(b))
	}
	return 0
}

func (d *decoder) uvarint() uint64 {
	if d.bad {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.b = d.b[n:]
	return v
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func decodeModel(b []byte) (*Model, error) {
	d := &decoder{b: b}
	m := &Model{}
	m.cfg.HashBits, m.cfg.MaxN = d.u8(), d.u8()
	m.cfg.TitleWeight = d.f32()
	m.scale = d.f64()
	if d.bad {
		return nil, corrupt("short header")
	}
	if m.cfg.HashBits < 10 || m.cfg.HashBits > 24 || m.cfg.MaxN < 1 || m.cfg.MaxN > 6 ||
		!finite(float64(m.cfg.TitleWeight)) || m.cfg.TitleWeight < 0 || !finite(m.scale) || m.scale <= 0 {
		return nil, corrupt("bad feature settings")
	}
	k := d.uvarint()
	if d.bad || k < 2 || k > maxLabels {
		return nil, corrupt("bad label count")
	}
	seen := map[string]bool{}
	for range k {
		n := d.uvarint()
		if n == 0 || n > maxLabelBytes {
			return nil, corrupt("bad label length")
		}
		l := string(d.bytes(int(n)))
		if d.bad || seen[l] {
			return nil, corrupt("bad or repeated label")
		}
		seen[l] = true
		m.labels = append(m.labels, l)
	}
	kk := int(k)
	m.bias = make([]float32, kk)
	for c := range m.bias {
		m.bias[c] = d.f32()
	}
	dims := m.cfg.dims()
	nb := d.uvarint()
	if d.bad || nb > uint64(dims) || nb*uint64(4+4*kk) > uint64(len(d.b)) {
		return nil, corrupt("bad bucket count")
	}
	m.idf = make([]float32, dims)
	m.w = make([]float32, dims*kk)
	j := 0
	for i := range nb {
		delta := d.uvarint()
		if d.bad || (i > 0 && delta == 0) || delta >= uint64(dims-j) {
			return nil, corrupt("bad bucket index")
		}
		j += int(delta)
		m.idf[j] = d.f32()
		if !(m.idf[j] > 0) || !finite(float64(m.idf[j])) {
			return nil, corrupt("bad idf")
		}
		// Only the buckets in the file can hold a weight; the rest of the
		// dense matrix stays zero, so checking here, value by value, is
		// the whole check without reading dims×labels floats.
		for c := range kk {
			v := d.f32()
			if !finite(float64(v)) {
				return nil, corrupt("bad weight")
			}
			m.w[j*kk+c] = v
		}
	}
	if d.bad {
		return nil, corrupt("short data")
	}
	if len(d.b) != 0 {
		return nil, corrupt("%d unexpected trailing bytes", len(d.b))
	}
	for _, v := range m.bias {
		if !finite(float64(v)) {
			return nil, corrupt("bad bias")
		}
	}
	return m, nil
}
