package store

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"hotline/domain"
	"hotline/internal/cputime"
	"hotline/ticket"
)

// benchRecords are the dictionary's typical records (a closed work order
// with its history, a conversation, a citizen, a reminder, an audit
// entry), decoded into their types, by name.
func benchRecords(b *testing.B) map[string]any {
	b.Helper()
	out := map[string]any{}
	for _, p := range dictParts {
		var name string
		var x any
		switch {
		case strings.HasPrefix(p, `{"number":`):
			name, x = "order", new(ticket.Ticket)
		case strings.HasPrefix(p, `{"id":"webchat:`):
			name, x = "conversation", new(domain.Conversation)
		case strings.HasPrefix(p, `{"id":`):
			name, x = "citizen", new(domain.Citizen)
		case strings.Contains(p, `"kind":`):
			name, x = "reminder", new(domain.Reminder)
		case strings.Contains(p, `"actor":`):
			name, x = "audit", new(AuditEntry)
		default:
			continue
		}
		if err := json.Unmarshal([]byte(p), x); err != nil {
			b.Fatal(err)
		}
		out[name] = x
	}
	if len(out) != 5 {
		b.Fatalf("found %d typical records in dictParts, want 5", len(out))
	}
	return out
}

// loopCPU runs b's loop with body and reports the process's CPU time an
// operation (cpu-ns/op) besides the wall clock, which a busy machine
// stretches.
func loopCPU(b *testing.B, body func()) {
	b.ReportAllocs()
	before, ok := cputime.Process()
	n := 0
	for b.Loop() {
		body()
		n++
	}
	if after, _ := cputime.Process(); ok && n > 0 {
		b.ReportMetric(float64(after-before)/float64(n), "cpu-ns/op")
	}
}

// BenchmarkRecordEncode encodes the typical records as the store does
// (codec=direct) and as it did before appendRecord (codec=json: the
// reflective json.Marshal, then compact).
func BenchmarkRecordEncode(b *testing.B) {
	recs := benchRecords(b)
	for _, name := range []string{"order", "conversation", "citizen", "reminder", "audit"} {
		x := recs[name]
		b.Run(name+"/codec=direct", func(b *testing.B) {
			loopCPU(b, func() {
				if _, err := marshalRecord(x); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(name+"/codec=json", func(b *testing.B) {
			loopCPU(b, func() {
				js, err := json.Marshal(x)
				if err != nil {
					b.Fatal(err)
				}
				compact(js)
			})
		})
	}
}

// BenchmarkRecordDecode decodes the typical records from their stored
// form (deflated for the ones the store deflates) as the store does
// (codec=direct) and as it did before decodeRecord (codec=json: the keys
// expanded, then the reflective json.Unmarshal).
func BenchmarkRecordDecode(b *testing.B) {
	recs := benchRecords(b)
	for _, name := range []string{"order", "conversation", "citizen", "reminder", "audit"} {
		x := recs[name]
		var stored []byte
		var err error
		if name == "conversation" || name == "citizen" {
			stored, err = marshalRecord(x)
		} else {
			stored, err = marshalDeflated(x)
		}
		if err != nil {
			b.Fatal(err)
		}
		typ := reflect.TypeOf(x).Elem()
		b.Run(name+"/codec=direct", func(b *testing.B) {
			loopCPU(b, func() {
				if err := unmarshalRecord(stored, reflect.New(typ).Interface()); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(name+"/codec=json", func(b *testing.B) {
			loopCPU(b, func() {
				js, err := expand(stored)
				if err != nil {
					b.Fatal(err)
				}
				if err := json.Unmarshal(js, reflect.New(typ).Interface()); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
