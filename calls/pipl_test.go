package calls

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"hotline/store"
)

// TestMaskCallsPastTheAge: the retention run masks a call whose last event
// lies past the age (the caller's number, the recording link, the phone
// and ID numbers in the note, its callback's number and notes) and forgets it in
// the number's history; a newer call stays whole; a second run changes
// nothing; only the calls listed before the age's day are read.
func TestMaskCallsPastTheAge(t *testing.T) {
	f := newFixture(t)
	old := time.Date(2023, 3, 1, 10, 0, 0, 0, wed10.Location())
	f.clk.Set(old)
	body := fmt.Sprintf(`{"call_id":"a1","event":"ended","caller":"13953706688","agent":"wang","time":"%d","recording_url":"https://pbx.example/rec/a1.wav"}`, old.Unix())
	f.event(t, "a1", "answered", "13953706688", "wang")
	if _, err := f.svc.Note("wang", "a1", "市民另留电话13812345678，已答复"); err != nil {
		t.Fatal(err)
	}
	if code, out := f.post(t, body, old.Unix(), testSecret); code != 200 {
		t.Fatalf("ended: %d %v", code, out)
	}
	f.event(t, "m1", "ringing", "0537-7212345", "")
	f.event(t, "m1", "missed", "0537-7212345", "")
	recent := time.Date(2026, 11, 30, 9, 0, 0, 0, wed10.Location())
	f.clk.Set(recent)
	f.event(t, "b1", "ringing", "13953706688", "")
	f.event(t, "b1", "missed", "13953706688", "")

	before := time.Date(2023, 12, 1, 0, 0, 0, 0, wed10.Location())
	mask := Masker(f.st)
	masked, read, err := mask(context.Background(), before, false)
	if err != nil {
		t.Fatal(err)
	}
	// a1 and m1, and m1's callback; b1 is not read
	if masked != 3 || read != 2 {
		t.Errorf("masked %d records, read %d; want 3 and 2", masked, read)
	}
	var raw strings.Builder
	_ = f.st.View(func(tx *store.Tx) error {
		return tx.ScanKV("calls.", func(k string, v []byte) error {
			raw.WriteString(k + "=" + string(v) + "\n")
			return nil
		})
	})
	for _, gone := range []string{"+86537", "05377212345", "7212345", "13812345678", "a1.wav"} {
		if strings.Contains(raw.String(), gone) {
			t.Errorf("%s is still in the calls' records:\n%s", gone, raw.String())
		}
	}
	var a1 Call
	_ = f.st.View(func(tx *store.Tx) error { return json.Unmarshal(tx.Get(kvCall+"a1"), &a1) })
	if a1.Caller != "139****6688" || a1.Recording != "" || a1.Agent != "wang" || a1.AnsweredAt.IsZero() || !strings.Contains(a1.Note, "已答复") {
		t.Errorf("a1 after masking: %+v", a1)
	}
	// The number's history keeps only the newer call.
	h, err := f.svc.History("13953706688")
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Calls) != 1 || h.Calls[0].ID != "b1" {
		t.Errorf("history after masking: %+v, want b1 alone", h.Calls)
	}
	if masked, _, err := mask(context.Background(), before, false); err != nil || masked != 0 {
		t.Errorf("a second run masked %d (%v), want 0", masked, err)
	}
	// A dry run changes nothing.
	if masked, read, err := mask(context.Background(), recent.AddDate(0, 0, 1), true); err != nil || masked+read != 0 {
		t.Errorf("a dry run masked %d, read %d (%v)", masked, read, err)
	}
}
