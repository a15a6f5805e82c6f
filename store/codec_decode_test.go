package store

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"hotline/domain"
	"hotline/ticket"
)

// decodedTypes are the records decodeRecord reads (pointer types).
var decodedTypes = []reflect.Type{}

func init() {
	for _, typ := range encodedRecords {
		if typ.Kind() == reflect.Pointer {
			decodedTypes = append(decodedTypes, typ)
		}
	}
}

// checkDecoder decodes the stored record v into a new value of typ with
// unmarshalRecord and with encoding/json on its expanded form, and fails
// when they differ: in the error, or in the value when there is none. It
// reports whether decodeRecord itself decoded it.
func checkDecoder(t *testing.T, typ reflect.Type, v []byte) bool {
	t.Helper()
	got := reflect.New(typ.Elem()).Interface()
	err := unmarshalRecord(v, got)
	want := reflect.New(typ.Elem()).Interface()
	js, werr := expand(v)
	if werr == nil {
		werr = json.Unmarshal(js, want)
	}
	if (err == nil) != (werr == nil) {
		t.Fatalf("%s from %q: unmarshalRecord says %v, encoding/json %v", typ, v, err, werr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%s from %q decoded differently:\n got %+v\nwant %+v", typ, v, got, want)
	}
	fast := reflect.New(typ.Elem()).Interface()
	plain := v
	if len(v) > 0 && v[0] == deflatedJSON {
		if plain, err = inflateRecord(v[1:]); err != nil {
			return false
		}
	}
	ok := decodeRecord(plain, fast)
	if !ok && !reflect.ValueOf(fast).Elem().IsZero() {
		t.Fatalf("%s from %q: decodeRecord gave up and left a value behind", typ, v)
	}
	return ok
}

// storedForms are the forms a record x can have in a file: plain JSON
// (schema 4), compact (5), deflated (6 and 7).
func storedForms(t *testing.T, x any) [][]byte {
	t.Helper()
	js, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	c, err := marshalRecord(x)
	if err != nil {
		t.Fatal(err)
	}
	d, err := marshalDeflated(x)
	if err != nil {
		t.Fatal(err)
	}
	return [][]byte{js, c, d}
}

// alterations change a record's JSON as an earlier build, a damaged file
// or a hand-edited record might have it.
var alterations = []func(r *rand.Rand, js []byte) []byte{
	// a field an earlier build wrote and this one does not know
	func(r *rand.Rand, js []byte) []byte {
		return bytes.Replace(js, []byte("{"), []byte(`{"gone":{"a":[1,-2.5e3,"x",null,true,false,{}],"b":""},`), 1)
	},
	// a key in other case, which encoding/json matches to the field
	func(r *rand.Rand, js []byte) []byte {
		for _, k := range []string{`"number":`, `"id":`, `"at":`, `"text":`, `"status":`} {
			js = bytes.Replace(js, []byte(k), bytes.ToUpper([]byte(k)), 1)
		}
		return js
	},
	// a key twice
	func(r *rand.Rand, js []byte) []byte {
		for _, k := range []string{`"events":[`, `"identities":[`, `"flags":{`, `"at":"`} {
			if i := bytes.Index(js, []byte(k)); i > 0 {
				return append(append(append([]byte{}, js[:len(js)-1]...), ","...), js[i:]...)
			}
		}
		return js
	},
	// keys given again with part of their value: encoding/json decodes
	// the second into what the first left
	func(r *rand.Rand, js []byte) []byte {
		again := `,"events":[{"actor":"z"}],"identities":[{"channel":"z"}],"location":{"label":"z"},"pending_location":{"lat":2},"draft":{"title":"z"},"emergency_reason":{"also":[{"cue":"z"}]},"flags":{"repeat":false}`
		return append(append(bytes.Clone(js[:len(js)-1]), again...), '}')
	},
	// nulls, whitespace, other types after a colon
	func(r *rand.Rand, js []byte) []byte {
		start := r.IntN(len(js))
		i := bytes.IndexByte(js[start:], ':')
		if i < 0 {
			return js
		}
		i += start
		ins := []string{"null", " ", `1`, `"s"`, `true`, `[]`, `{}`, `[null]`, "1e400", `"\u00zz"`}[r.IntN(10)]
		return append(append(append([]byte{}, js[:i+1]...), ins...), js[i+1:]...)
	},
	// a value replaced by null or another type
	func(r *rand.Rand, js []byte) []byte {
		for range 5 {
			i := r.IntN(len(js))
			if js[i] != ':' {
				continue
			}
			j := i + 1
			var d recDec
			d.b, d.i = js, j
			d.skip(0)
			if d.bad {
				return js
			}
			rep := []string{"null", `1`, `"s"`, `true`, `[]`, `{}`, `[null]`, `{"x":null}`, `-0`, `1.5`, `"2026-11-27T09:00:00\u002b08:00"`}[r.IntN(11)]
			return append(append(append([]byte{}, js[:j]...), rep...), js[d.i:]...)
		}
		return js
	},
	// a cut
	func(r *rand.Rand, js []byte) []byte { return js[:r.IntN(len(js))] },
	// a byte changed
	func(r *rand.Rand, js []byte) []byte {
		out := bytes.Clone(js)
		out[r.IntN(len(out))] = "\"\\{}[],:0aZ\xff\xfe\x00 \t"[r.IntN(16)]
		return out
	},
}

// TestRecordDecoderMatchesJSON: decodeRecord decodes a record as
// encoding/json does, in all its stored forms, with every field set and
// with fields left out; an altered record decodes as encoding/json decodes
// it (or fails as it fails), wherever it is decodeRecord or encoding/json
// that reads it.
func TestRecordDecoderMatchesJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	fast := make([]int, len(alterations))
	for _, typ := range decodedTypes {
		f := &recordFiller{r: r, full: true, strings: fillStrings}
		for n := range 300 {
			x := newFilled(typ, f)
			f.full = false
			if _, err := json.Marshal(x); err != nil {
				continue // a value json refuses is never stored
			}
			for _, v := range storedForms(t, x) {
				if !checkDecoder(t, typ, v) {
					t.Fatalf("%s: decodeRecord gave up on %q", typ, v)
				}
			}
			// Every record in every stored form, but the alterations (16
			// decodes a record, about two thirds of the test's CPU when
			// every record had them) of every third only:
			// FuzzRecordDecoder, which .ci/run fuzzes, alters records in
			// far more ways.
			if n%3 != 0 {
				continue
			}
			js, _ := json.Marshal(x)
			for i, alter := range alterations {
				a := alter(r, js)
				if checkDecoder(t, typ, a) {
					fast[i]++
				}
				checkDecoder(t, typ, compact(a))
			}
		}
	}
	// The altered records are not all left to encoding/json: the unknown
	// field is skipped, some changed bytes are read.
	t.Logf("altered records decodeRecord read, by alteration: %v", fast)
	if fast[0] == 0 || fast[len(fast)-1] == 0 {
		t.Error("decodeRecord never skipped an unknown field")
	}
	// decodeRecord decodes into a zero value only: encoding/json keeps
	// what is there.
	c, _ := marshalRecord(&AuditEntry{Actor: "a"})
	e := AuditEntry{Object: "kept"}
	if decodeRecord(c, &e) || unmarshalRecord(c, &e) != nil || e.Object != "kept" || e.Actor != "a" {
		t.Errorf("decoding into a set value: %+v", e)
	}
}

func FuzzRecordDecoder(f *testing.F) {
	r := rand.New(rand.NewPCG(5, 6))
	for i, typ := range decodedTypes {
		x := newFilled(typ, &recordFiller{r: r, full: true, strings: fillStrings[:6]})
		js, _ := json.Marshal(x)
		c, _ := marshalRecord(x)
		f.Add(uint8(i), js)
		f.Add(uint8(i), c)
	}
	f.Fuzz(func(t *testing.T, kind uint8, v []byte) {
		checkDecoder(t, decodedTypes[int(kind)%len(decodedTypes)], v)
	})
}

// TestZeroRecords: the zero checks of decodeRecord see every field, each
// set alone (a field added to a record and not to its check fails here).
func TestZeroRecords(t *testing.T) {
	checks := map[reflect.Type]func(any) bool{
		reflect.TypeFor[*ticket.Ticket]():       func(x any) bool { return zeroTicket(x.(*ticket.Ticket)) },
		reflect.TypeFor[*domain.Conversation](): func(x any) bool { return zeroConversation(x.(*domain.Conversation)) },
		reflect.TypeFor[*domain.Citizen]():      func(x any) bool { return zeroCitizen(x.(*domain.Citizen)) },
	}
	r := rand.New(rand.NewPCG(7, 8))
	for typ, zero := range checks {
		if !zero(reflect.New(typ.Elem()).Interface()) {
			t.Errorf("%s: the zero value is not zero", typ)
		}
		full := reflect.ValueOf(newFilled(typ, &recordFiller{r: r, full: true, strings: fillStrings})).Elem()
		for i := range full.NumField() {
			x := reflect.New(typ.Elem())
			x.Elem().Field(i).Set(full.Field(i))
			if zero(x.Interface()) {
				t.Errorf("%s: %s set alone is seen as zero", typ, typ.Elem().Field(i).Name)
			}
		}
		// A time at the zero instant in another zone is not the zero value.
		for i := range full.NumField() {
			if f := full.Field(i); f.Type() == reflect.TypeFor[time.Time]() {
				x := reflect.New(typ.Elem())
				x.Elem().Field(i).Set(reflect.ValueOf(time.Time{}.In(time.FixedZone("", 3600))))
				if zero(x.Interface()) != x.Elem().IsZero() {
					t.Errorf("%s: %s at the zero instant in a zone", typ, typ.Elem().Field(i).Name)
				}
			}
		}
	}
}
