package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"hotline/domain"
	"hotline/ticket"
)

func TestCompactJSONRoundTrip(t *testing.T) {
	yes := true
	loc := time.FixedZone("CST", 8*3600)
	at := time.Date(2026, 11, 27, 9, 0, 0, 700_000_000, loc)
	values := []any{
		&ticket.Ticket{Number: "20261127-0001", Channel: "webchat", Title: `引号"与\\反斜杠`, Description: `{"number":"x"}`,
			Confidence: map[string]float64{"category": 0.95, "town": 1, "自定义": 0.5}, Solved: &yes, ReceivedAt: at,
			Location: &ticket.Location{Lat: 35.4, Lng: 116.6, Label: "古槐路"}, CoDepartments: []string{"市城市管理局"},
			Events: []ticket.Event{{At: at, Actor: "citizen", Action: "accept", From: "draft", To: "accepted", Note: "市民确认"}}},
		&domain.Conversation{ID: "webchat:abc", State: domain.ConvCollecting, Asked: map[string]int{"phone": 2, "key": 1},
			Draft: &ticket.Ticket{Status: ticket.Draft}, CreatedAt: at},
		&domain.Citizen{ID: "c1", Identities: []domain.Identity{{Channel: "sms", UserID: "+8613953706688"}}, LastInbound: map[string]time.Time{"sms": at}},
		&OutboxEntry{ID: 7, Key: "k", Text: "\u2028\u00ff\ufffd", NextAt: at},
		map[string]any{"number": []any{"number", map[string]any{"": 1, "text": nil}}, "not a key": "number"},
		[]string{"a", "number"},
		"plain string",
	}
	for _, v := range values {
		js, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := marshalRecord(v)
		if err != nil {
			t.Fatal(err)
		}
		back, err := expand(rec)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(back, js) {
			t.Errorf("round trip changed the JSON:\n%s\n%s", js, back)
		}
		if bytes.HasPrefix(js, []byte("{")) && len(rec) >= len(js) {
			t.Errorf("%T: compact form %d bytes, JSON %d", v, len(rec), len(js))
		}
		// Plain JSON (version 4) is read as it is.
		got := reflect.New(reflect.TypeOf(v)).Interface()
		want := reflect.New(reflect.TypeOf(v)).Interface()
		if err := unmarshalRecord(js, want); err != nil {
			t.Fatal(err)
		}
		if err := unmarshalRecord(rec, got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%T decodes differently from its compact form", v)
		}
	}
	if _, err := expand([]byte{compactJSON, '{', keyRef}); err == nil {
		t.Error("a truncated key reference expanded")
	}
	if _, err := expand([]byte{compactJSON, '{', keyRef, 250}); err == nil {
		t.Error("an unknown key reference expanded")
	}
}

func FuzzCompactJSON(f *testing.F) {
	f.Add("number", `"\`)
	f.Add("任城区", "text")
	f.Add(`x\`, `\"number\":`)
	f.Fuzz(func(t *testing.T, a, b string) {
		v := map[string]any{a: b, "number": []string{a, b}, b: map[string]string{"text": a}}
		js, err := json.Marshal(v)
		if err != nil {
			return
		}
		back, err := expand(compact(js))
		if err != nil || !bytes.Equal(back, js) {
			t.Fatalf("round trip of %s gave %s, %v", js, back, err)
		}
	})
}

// TestJSONKeysStayPut guards the stored key table: positions are in the
// files, so names are only ever appended.
func TestJSONKeysStayPut(t *testing.T) {
	for i, k := range map[int]string{0: "number", 1: "channel", 54: "id", 97: "after"} {
		if jsonKeys[i] != k {
			t.Errorf("jsonKeys[%d] = %q, was %q: append new keys, never move one", i, jsonKeys[i], k)
		}
	}
	seen := map[string]bool{}
	for _, k := range jsonKeys {
		if seen[k] {
			t.Errorf("%q twice in jsonKeys", k)
		}
		seen[k] = true
	}
}

func TestMessageCodec(t *testing.T) {
	loc := time.FixedZone("", 8*3600)
	full := &domain.Message{ID: 42, ConversationID: "webchat:abc", Direction: domain.Out, Sender: "agent:王", Channel: "webchat",
		Text: "您好\n第二行", Media: []domain.MediaRef{{Kind: "image", ID: "m1", URL: "https://x/y"}},
		Location: &ticket.Location{Lat: 35.4, Lng: 116.6, Label: "古槐路"}, ExternalID: "abc:0",
		At: time.Date(2026, 11, 27, 9, 0, 0, 123456789, loc), Status: "failed", StatusReason: "号码无效", OutboxID: 9}
	// Every field set: a field added to Message and not to the codec fails here.
	rv := reflect.ValueOf(full).Elem()
	for i := range rv.NumField() {
		if rv.Field(i).IsZero() {
			t.Fatalf("the test message leaves %s empty: set it, and store it in encodeMessage", rv.Type().Field(i).Name)
		}
	}
	for _, m := range []*domain.Message{full, {ID: 1, ConversationID: "sms:x", At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}} {
		v, err := encodeMessage(m)
		if err != nil {
			t.Fatal(err)
		}
		got, mine, err := decodeMessage(v, m.ConversationID, m.ID)
		if err != nil || !mine {
			t.Fatalf("decode: %v, mine %v", err, mine)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("round trip:\n%+v\n%+v", got, m)
		}
		if got.At.Format(time.RFC3339Nano) != m.At.Format(time.RFC3339Nano) {
			t.Errorf("time %s, want %s (its zone too)", got.At.Format(time.RFC3339Nano), m.At.Format(time.RFC3339Nano))
		}
		if _, mine, _ := decodeMessage(v, "webchat:other", m.ID); mine {
			t.Error("a message decoded under another conversation")
		}
		if checkMessage(v) != nil {
			t.Error("the full check refuses a sound message")
		}
		for cut := 1; cut < len(v); cut++ {
			// A record cut where an optional field at the end starts reads as
			// one written before that field existed.
			optional := m.StatusReason != "" && cut == len(v)-1-len(m.StatusReason)
			if _, _, err := decodeMessage(v[:cut], m.ConversationID, m.ID); err == nil && cut >= 9 && !optional {
				t.Fatalf("a message cut to %d of %d bytes decoded", cut, len(v))
			}
		}
	}
}
