package store

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/domain"
)

func TestCompactShrinksAndKeepsEverything(t *testing.T) {
	path := soundDB(t, t.TempDir())
	// Grow the file with values that are then deleted.
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		must(t, st.PutKV(fmt.Sprintf("tmp:%d", i), []byte(strings.Repeat("x", 8000))))
	}
	for i := range 200 {
		must(t, st.PutKV(fmt.Sprintf("tmp:%d", i), nil))
	}
	st.Close()
	before, err := Check(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Compact(path)
	if err != nil {
		t.Fatal(err)
	}
	if res.After >= res.Before || res.Kept == "" {
		t.Fatalf("compact: %+v", res)
	}
	after, err := Check(path)
	if err != nil {
		t.Fatalf("check after compact: %v", err)
	}
	if after.Records != before.Records {
		t.Fatalf("records %d before, %d after", before.Records, after.Records)
	}
	if _, err := Check(res.Kept); err != nil {
		t.Fatalf("the kept file: %v", err)
	}
	// Sequences carry over: a new message gets the next id (the sound
	// database holds 401 messages).
	st, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m := &domain.Message{ConversationID: "sms:abc", Direction: domain.In, Sender: "citizen", Channel: "sms", Text: "后来的消息", At: time.Now()}
	must(t, st.UpdateNow(func(tx *Tx) error { return tx.AddMessage(m) }))
	if m.ID != 402 {
		t.Fatalf("a message after compaction got id %d, want 402", m.ID)
	}
	t.Logf("compacted %d → %d bytes", res.Before, res.After)
	if m, _ := filepath.Glob(path + ".compacting"); len(m) != 0 {
		t.Fatalf("temporary file left: %v", m)
	}
}

// TestCompactRefusesDeepDamage: damage Open does not read (a leaf of a
// bucket) stops compaction, which reads every page, with one line.
func TestCompactRefusesDeepDamage(t *testing.T) {
	path := soundDB(t, t.TempDir())
	id, ps := deepestPage(t, path)
	writeAt(t, path, int64(id)*ps, make([]byte, ps))
	before := readAll(t, path)
	_, err := Compact(path)
	if !errors.Is(err, ErrDamaged) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("compact of a damaged file: %v", err)
	}
	if !bytes.Equal(readAll(t, path), before) {
		t.Fatal("compact changed the damaged file")
	}
	if m, _ := filepath.Glob(path + ".*"); len(m) != 0 {
		t.Fatalf("files left: %v", m)
	}
}
