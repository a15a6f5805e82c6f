package store

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"hotline/domain"
)

// A message prepared before its transaction is stored byte for byte as
// one packed in it, and reads back the same.
func TestPreparedMessageStoredAsPacked(t *testing.T) {
	st := openTest(t)
	msg := func(text string) *domain.Message {
		return &domain.Message{ConversationID: "webchat:a", Direction: domain.In, Sender: "citizen", Channel: "webchat",
			Text: text, ExternalID: "a:" + text, At: day}
	}
	long := strings.Repeat("任城区古槐路有烧烤摊占道经营，油烟很大。", 3)
	for _, text := range []string{"确认", long} {
		prep, plain := msg(text), msg(text)
		PrepareMessage(prep)
		if err := st.Update(func(tx *Tx) error {
			if err := tx.AddMessage(prep); err != nil {
				return err
			}
			return tx.AddMessage(plain)
		}); err != nil {
			t.Fatal(err)
		}
		var a, b []byte
		_ = st.View(func(tx *Tx) error {
			bk := tx.Ops.(*boltTx).b(bMessages)
			a, b = clone(bk.Get(u64(prep.ID))), clone(bk.Get(u64(plain.ID)))
			return nil
		})
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%q: prepared form %x, packed in the transaction %x", text, a, b)
		}
		if text == long && a[0] != msgFormat2 {
			t.Errorf("%q: stored in format %d, want the deflated form", text, a[0])
		}
		_ = st.View(func(tx *Tx) error {
			got, err := tx.Message("webchat:a", prep.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := *prep
			if !reflect.DeepEqual(got, &want) {
				t.Errorf("read back %+v, want %+v", got, &want)
			}
			return nil
		})
		enc, err := encodeMessage(msg(text))
		if err != nil {
			t.Fatal(err)
		}
		prepared.Lock()
		_, left := prepared.m[string(enc)]
		prepared.Unlock()
		if left {
			t.Errorf("%q: its prepared form is still kept after the message was added", text)
		}
	}
}

// A message changed after it was prepared is stored as it is when added,
// not as prepared.
func TestPreparedMessageChangedAfterwards(t *testing.T) {
	st := openTest(t)
	m := &domain.Message{ConversationID: "webchat:b", Direction: domain.In, Sender: "citizen", Channel: "webchat",
		Text: strings.Repeat("兖州区建设路的路灯坏了好几天了，晚上很黑。", 3), ExternalID: "b:0", At: day}
	PrepareMessage(m)
	m.Text = "曲阜市静轩路小区楼下垃圾好几天没人清运，臭味很大，已经好几天了，没有人管。"
	if err := st.Update(func(tx *Tx) error { return tx.AddMessage(m) }); err != nil {
		t.Fatal(err)
	}
	_ = st.View(func(tx *Tx) error {
		got, err := tx.Message("webchat:b", m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != m.Text {
			t.Errorf("stored text %q, want %q", got.Text, m.Text)
		}
		return nil
	})
}

// Prepared forms nobody adds do not pile up: the cache keeps at most
// maxPrepared.
func TestPreparedMessagesBounded(t *testing.T) {
	for i := range 3 * maxPrepared {
		PrepareMessage(&domain.Message{ConversationID: "webchat:c", Direction: domain.In, Channel: "webchat",
			Text: fmt.Sprintf("第%d条", i), At: day})
	}
	prepared.Lock()
	n := len(prepared.m)
	prepared.Unlock()
	if n > maxPrepared || n == 0 {
		t.Errorf("%d prepared forms kept, want 1 to %d", n, maxPrepared)
	}
}
