package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

// Records are JSON with their object keys shortened (schema version 5):
// a key found in jsonKeys is written as keyRef and its index instead of
// the quoted name. A compacted record starts with compactJSON; a record
// starting with '{' is plain JSON (version 4, or a value whose JSON does
// not start with an object) and is read as it is. Neither marker can occur
// in JSON text, which is UTF-8, so the transformation is exact for any
// value, whatever keys it has: keys not in the table stay as they are.
const (
	compactJSON = 0xFE
	keyRef      = 0xFF
)

// jsonKeys are the JSON field names of the records the store keeps. Their
// positions are stored in the file: append new names at the end, never
// reorder or remove one.
var jsonKeys = [...]string{
	// ticket.Ticket and its parts
	"number", "channel", "citizen_id", "conversation_id", "name", "phone", "title", "description",
	"type", "category", "department", "co_departments", "district", "town", "address", "location",
	"urgency", "flags", "status", "attachments", "confidence", "repeat_of", "repeat_count",
	"received_at", "accepted_at", "dispatched_at", "signed_at", "replied_at", "closed_at",
	"sign_due", "due", "reply", "satisfaction", "solved", "events",
	"leader_item", "instruction", "supervised", "repeat", "emergency", "not_visited",
	"label", "lat", "lng", "at", "actor", "action", "from", "to", "note", "fields",
	"emergency_number", "hold", "phones",
	// domain
	"id", "contact", "identities", "opt_out", "created_at", "merged", "merged_into",
	"last_inbound", "user_id", "state", "asking", "draft", "agent", "queued_at", "first_text",
	"pending", "pending_location", "rating_for", "kb_entry", "updated_at", "orders", "asked",
	"direction", "sender", "text", "media", "external_id", "outbox_id", "kind", "url", "data",
	"attempts",
	// store
	"key", "message_id", "ticket", "next_at", "last_error", "sent_at", "role", "password_hash",
	"disabled", "object", "before", "after",
	"display_name", "status_reason",
}

var jsonKeyCode = func() map[string]byte {
	if len(jsonKeys) > 255 {
		panic("store: too many JSON keys for one byte")
	}
	m := make(map[string]byte, len(jsonKeys))
	for i, k := range jsonKeys {
		if _, dup := m[k]; !dup {
			m[k] = byte(i)
		}
	}
	return m
}()

// compact shortens the keys of js, the output of json.Marshal. It copies
// the bytes between strings in runs (bytes.IndexByte), so it costs little
// next to the encoding itself.
func compact(js []byte) []byte {
	out := make([]byte, 0, len(js))
	out = append(out, compactJSON)
	for len(js) > 0 {
		q := bytes.IndexByte(js, '"')
		if q < 0 {
			return append(out, js...)
		}
		out = append(out, js[:q]...)
		js = js[q:]
		// The closing quote is the first one not escaped by an odd run of
		// backslashes.
		end := 1
		for {
			k := bytes.IndexByte(js[end:], '"')
			if k < 0 {
				return append(out, js...) // not JSON; expand gives it back as it was
			}
			end += k
			bs := 0
			for p := end - 1; p > 0 && js[p] == '\\'; p-- {
				bs++
			}
			if bs%2 == 0 {
				break
			}
			end++
		}
		if end+1 < len(js) && js[end+1] == ':' {
			if code, ok := jsonKeyCode[string(js[1:end])]; ok {
				out = append(out, keyRef, code)
				js = js[end+1:]
				continue
			}
		}
		out = append(out, js[:end+1]...)
		js = js[end+1:]
	}
	return out
}

var errCorruptRecord = errors.New("corrupt record")

// expand gives back the JSON of a stored record.
func expand(v []byte) ([]byte, error) {
	if len(v) > 0 && v[0] == deflatedJSON {
		var err error
		if v, err = inflateRecord(v[1:]); err != nil {
			return nil, err
		}
	}
	return expandKeys(v)
}

// expandKeys gives back the JSON of a record in the compact form (or in
// plain JSON, as it is).
func expandKeys(v []byte) ([]byte, error) {
	if len(v) == 0 || v[0] != compactJSON {
		return v, nil
	}
	v = v[1:]
	out := make([]byte, 0, len(v)+len(v)/2)
	for len(v) > 0 {
		i := bytes.IndexByte(v, keyRef)
		if i < 0 {
			return append(out, v...), nil
		}
		out = append(out, v[:i]...)
		if i+1 >= len(v) || int(v[i+1]) >= len(jsonKeys) {
			return nil, errCorruptRecord
		}
		out = append(out, '"')
		out = append(out, jsonKeys[v[i+1]]...)
		out = append(out, '"')
		v = v[i+2:]
	}
	return out, nil
}

// recordBufs are the scratch buffers of the records encoded and then
// deflated: only the deflated bytes are kept.
var recordBufs = sync.Pool{New: func() any { return new([]byte) }}

func getRecordBuf() *[]byte { return recordBufs.Get().(*[]byte) }

// putRecordBuf gives a buffer back, unless an unusually big record grew
// it: the pool keeps only what typical records need.
func putRecordBuf(bp *[]byte) {
	if cap(*bp) <= 64<<10 {
		recordBufs.Put(bp)
	}
}

// marshalRecord encodes x as the store keeps it: the hot records by
// appendRecord (codec_encode.go), any other value by encoding/json
// followed by compact, which give the same bytes.
func marshalRecord(x any) ([]byte, error) {
	bp := getRecordBuf()
	defer putRecordBuf(bp)
	if b, ok := appendRecord((*bp)[:0], x); ok {
		*bp = b
		return bytes.Clone(b), nil // bbolt keeps the value until the commit
	}
	js, err := json.Marshal(x)
	if err != nil {
		return nil, err
	}
	return compact(js), nil
}

// marshalDeflated is marshalRecord deflated (deflate.go), for the records
// written once or a few times and read often: work orders, audit entries,
// departments' reminders. Records rewritten at every message
// (conversations, citizens) stay in marshalRecord's form: deflating costs
// far more than inflating.
func marshalDeflated(x any) ([]byte, error) {
	d, _, err := marshalFresh(x, "")
	return d, err
}

// marshalFresh is marshalDeflated in a write transaction that allocated
// order number fresh (or ""): a record naming it may have been packed
// beforehand (prepare_record.go); taken says it was.
func marshalFresh(x any, fresh string) (d []byte, taken bool, err error) {
	bp := getRecordBuf()
	defer putRecordBuf(bp)
	c, ok := appendRecord((*bp)[:0], x)
	if ok {
		*bp = c
		if fresh != "" {
			if d, ok := takePrepared(c, fresh); ok {
				return d, true, nil
			}
		}
		if d, ok := deflated(deflatedJSON, c); ok {
			return d, false, nil
		}
		return bytes.Clone(c), false, nil
	}
	c, err = marshalRecord(x)
	if err != nil {
		return nil, false, err
	}
	return deflateRecord(deflatedJSON, c), false, nil
}

// unmarshalRecord decodes a stored record (compacted or plain JSON).
func unmarshalRecord(v []byte, x any) error {
	if len(v) > 0 && v[0] == deflatedJSON {
		var err error
		if v, err = inflateRecord(v[1:]); err != nil {
			return err
		}
	}
	if decodeRecord(v, x) { // codec_decode.go
		return nil
	}
	js, err := expandKeys(v)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(js, x); err != nil {
		return fmt.Errorf("%w: %w", errCorruptRecord, err)
	}
	return nil
}
