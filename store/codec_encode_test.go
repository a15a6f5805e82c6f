package store

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"hotline/domain"
	"hotline/ticket"
)

// recordFiller sets the fields of a record by reflection, so that a field
// added to a record type is filled (and compared) without this test
// knowing it. full sets every field to a non-zero value; otherwise each is
// left zero, empty or nil at random too.
type recordFiller struct {
	r       *rand.Rand
	full    bool
	strings []string
}

var fillStrings = []string{
	"20261127-0001", "webchat", "市城市管理局", "任城区古槐路有烧烤摊占道经营，油烟很大", "number", "category", "text",
	`引号"与\反斜杠`, "<a href='x'>&amp;</a>", "tab\tnew\nline\r\b\f\x01\x1f\x7f", "\u2028\u2029", "bad \xff\xfe utf8 \xc3",
	`{"number":"x"}`, "自定义", "😀 emoji", "\ufffd", "a:b", "\\",
}

var fillZones = []*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("", -(3*3600 + 30*60)), time.FixedZone("X", 23*3600+59*60)}

func (f *recordFiller) empty() bool { return !f.full && f.r.IntN(3) == 0 }

func (f *recordFiller) str() string {
	s := f.strings[f.r.IntN(len(f.strings))]
	if f.full && s == "" {
		return "x"
	}
	return s
}

func (f *recordFiller) fill(v reflect.Value) {
	switch {
	case v.Type() == reflect.TypeFor[time.Time]():
		if f.empty() {
			return
		}
		t := time.Unix(1_700_000_000+f.r.Int64N(200_000_000), 0).In(fillZones[f.r.IntN(len(fillZones))])
		switch f.r.IntN(4) {
		case 1:
			t = t.Add(time.Duration(f.r.IntN(1000)) * time.Millisecond)
		case 2:
			t = t.Add(time.Duration(f.r.Int64N(1e9)))
		}
		v.Set(reflect.ValueOf(t))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			f.fill(v.Field(i))
		}
	case reflect.String:
		if !f.empty() {
			v.SetString(f.str())
		}
	case reflect.Bool:
		v.SetBool(f.full || f.r.IntN(2) == 0)
	case reflect.Int, reflect.Int64, reflect.Uint64:
		if f.empty() {
			return
		}
		n := []int64{1, -1, 2, 42, math.MaxInt32, -1 << 40}[f.r.IntN(6)]
		if v.Kind() == reflect.Uint64 {
			v.SetUint(uint64(n))
		} else {
			v.SetInt(n)
		}
	case reflect.Float64:
		if f.empty() {
			return
		}
		v.SetFloat([]float64{1, 0.5, 0.9999999917333694, -116.6, 1e-7, 3e21, 1e20, 1.5e-300, 123456789.125, math.SmallestNonzeroFloat64}[f.r.IntN(10)])
	case reflect.Pointer:
		if f.empty() {
			return
		}
		p := reflect.New(v.Type().Elem())
		f.fill(p.Elem())
		v.Set(p)
	case reflect.Slice:
		if f.empty() {
			if f.r.IntN(2) == 0 {
				v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			}
			return
		}
		n := 1 + f.r.IntN(3)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			f.fill(s.Index(i))
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			f.fill(v.Index(i))
		}
	case reflect.Map:
		if f.empty() {
			if f.r.IntN(2) == 0 {
				v.Set(reflect.MakeMap(v.Type()))
			}
			return
		}
		m := reflect.MakeMap(v.Type())
		for range 1 + f.r.IntN(4) {
			k := reflect.New(v.Type().Key()).Elem()
			k.SetString(f.str())
			e := reflect.New(v.Type().Elem()).Elem()
			f.fill(e)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	default:
		panic("recordFiller: no value for " + v.Type().String())
	}
}

// encodedRecords are the types appendRecord encodes (both forms of the
// ones stored by value).
var encodedRecords = []reflect.Type{
	reflect.TypeFor[*ticket.Ticket](), reflect.TypeFor[*domain.Conversation](), reflect.TypeFor[*domain.Citizen](),
	reflect.TypeFor[domain.Reminder](), reflect.TypeFor[*domain.Reminder](), reflect.TypeFor[AuditEntry](), reflect.TypeFor[*AuditEntry](),
}

func newFilled(typ reflect.Type, f *recordFiller) any {
	if typ.Kind() == reflect.Pointer {
		p := reflect.New(typ.Elem())
		f.fill(p.Elem())
		return p.Interface()
	}
	v := reflect.New(typ).Elem()
	f.fill(v)
	return v.Interface()
}

// checkEncoder fails when appendRecord does not write x as compact
// (json.Marshal) does, or encodes a value json.Marshal refuses.
func checkEncoder(t *testing.T, x any) {
	t.Helper()
	js, jerr := json.Marshal(x)
	got, ok := appendRecord([]byte("prefix"), x)
	if !bytes.HasPrefix(got, []byte("prefix")) {
		t.Fatalf("%T: appendRecord did not append", x)
	}
	got = got[len("prefix"):]
	if jerr != nil {
		if ok {
			t.Fatalf("%T: appendRecord encoded what json.Marshal refuses (%v): %q", x, jerr, got)
		}
		return
	}
	if !ok {
		t.Fatalf("%T: appendRecord gave up on %s", x, js)
	}
	if want := compact(js); !bytes.Equal(got, want) {
		back, _ := expand(got)
		t.Fatalf("%T encoded differently:\n got %s\nwant %s", x, back, js)
	}
}

// TestRecordEncoderMatchesJSON: the records written without reflection
// are byte for byte what compact(json.Marshal) wrote, with every field
// set (a field added to a record and not to appendRecord fails here) and
// with fields left out at random.
func TestRecordEncoderMatchesJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, typ := range encodedRecords {
		f := &recordFiller{r: r, full: true, strings: fillStrings}
		x := newFilled(typ, f)
		// Every field of the full record is set: none is left out of the
		// comparison.
		var unset func(v reflect.Value, path string)
		unset = func(v reflect.Value, path string) {
			switch v.Kind() {
			case reflect.Pointer:
				unset(v.Elem(), path)
			case reflect.Struct:
				if v.Type() == reflect.TypeFor[time.Time]() {
					break
				}
				for i := range v.NumField() {
					if v.Field(i).IsZero() {
						t.Fatalf("%s.%s left empty by the filler", path, v.Type().Field(i).Name)
					}
					unset(v.Field(i), path+"."+v.Type().Field(i).Name)
				}
			}
		}
		unset(reflect.ValueOf(x), typ.String())
		checkEncoder(t, x)
		for range 300 {
			f.full = false
			checkEncoder(t, newFilled(typ, f))
		}
	}
	// The values encoding/json refuses are left to it, which says why.
	loc := time.FixedZone("", 8*3600)
	for _, x := range []any{
		&ticket.Ticket{ReceivedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, loc)},
		&ticket.Ticket{ReceivedAt: time.Date(-1, 1, 1, 0, 0, 0, 0, loc)},
		&ticket.Ticket{ReceivedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600))},
		&ticket.Ticket{Confidence: map[string]float64{"x": math.NaN()}},
		&ticket.Ticket{Location: &ticket.Location{Lat: math.Inf(1)}},
		&domain.Citizen{LastInbound: map[string]time.Time{"sms": time.Date(10000, 1, 1, 0, 0, 0, 0, loc)}},
	} {
		checkEncoder(t, x)
		if _, err := marshalRecord(x); err == nil {
			t.Errorf("marshalRecord encoded %+v", x)
		}
	}
	// Types not encoded here, and nil, go to encoding/json.
	for _, x := range []any{(*ticket.Ticket)(nil), &OutboxEntry{ID: 1}, map[string]int{"number": 1}} {
		if _, ok := appendRecord(nil, x); ok {
			t.Errorf("appendRecord encoded %T", x)
		}
	}
}

func FuzzRecordEncoder(f *testing.F) {
	f.Add(uint64(1), "任城区", `"\`)
	f.Add(uint64(2), "number", "\xff\u2028<&>")
	f.Add(uint64(3), "", "\x00\x1f")
	f.Fuzz(func(t *testing.T, seed uint64, a, b string) {
		r := rand.New(rand.NewPCG(seed, seed>>7))
		fl := &recordFiller{r: r, strings: append([]string{a, b}, fillStrings[:4]...)}
		for _, typ := range encodedRecords {
			checkEncoder(t, newFilled(typ, fl))
		}
	})
}
