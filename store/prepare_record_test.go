package store

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"hotline/domain"
	"hotline/ticket"
)

// registration writes what a registration writes that names its number:
// the order, its department's reminder, its audit entry and the reply.
func registration(desc string) func(tx *Tx) error {
	return func(tx *Tx) error {
		num, err := tx.NextTicketNumber(day)
		if err != nil {
			return err
		}
		tk := &ticket.Ticket{Number: num, Channel: "webchat", CitizenID: "c1", ConversationID: "webchat:0123",
			Title: "古槐路烧烤摊占道经营", Description: desc, Department: "市城市管理局", Status: ticket.Dispatched,
			ReceivedAt: day, AcceptedAt: day, SignDue: day.Add(72 * time.Hour),
			Events: []ticket.Event{{At: day, Actor: "citizen", Action: "accept", From: ticket.Draft, To: ticket.Accepted, Note: "市民确认，机器人受理"}}}
		if err := tx.SetCoDepartments(num, nil, nil); err != nil {
			return err
		}
		if err := tx.PutTicket(tk); err != nil {
			return err
		}
		if err := tx.AddReminder(tk.Department, domain.Reminder{At: day, Number: num, Kind: "dispatch",
			Text: "新派工单" + num + "（古槐路烧烤摊占道经营），请于2026年11月30日 18:00前签收"}); err != nil {
			return err
		}
		if err := tx.Audit(AuditEntry{At: day, Actor: "system", Action: "ticket.dispatch", Object: num, Before: "accepted", After: "dispatched"}); err != nil {
			return err
		}
		return tx.AddMessage(&domain.Message{ConversationID: "webchat:0123", Direction: domain.Out, Sender: "bot", Channel: "webchat",
			Text: "您的诉求已登记，工单号：" + num + "。我们已转交办理，办理时限为2026年12月4日 18:00。", At: day, Status: "sent"})
	}
}

// written is what registration stored for order number: the records
// decoded, and whether each was stored deflated.
func written(t *testing.T, st *Store, number string) (tk *ticket.Ticket, rem domain.Reminder, ae AuditEntry, reply *domain.Message) {
	t.Helper()
	_ = st.View(func(tx *Tx) error {
		var err error
		if tk, err = tx.Ticket(number); err != nil {
			t.Fatal(err)
		}
		msgs, err := tx.Messages("webchat:0123", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if bytes.Contains([]byte(m.Text), []byte(number)) {
				reply = m
			}
		}
		rems, err := tx.Reminders("市城市管理局", 0)
		if err != nil {
			t.Fatal(err)
		}
		log, err := tx.AuditLog(100)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rems {
			if r.Number == number {
				rem = r
			}
		}
		for _, e := range log {
			if e.Object == number {
				ae = e
			}
		}
		return nil
	})
	return tk, rem, ae, reply
}

func preparedLeft() int {
	preparedRecords.Lock()
	defer preparedRecords.Unlock()
	return len(preparedRecords.m)
}

// A rehearsed registration's records are taken by its write transaction
// with their number written in, and read back as those deflated there: a
// store of the same registrations without rehearsals holds the same
// records. A description that names the placeholder or the very number
// allocated is not mistaken for the number: such records are deflated in
// the transaction.
func TestRehearsedRecordsTaken(t *testing.T) {
	rehearsed, plain := openTest(t), openTest(t)
	descs := []string{
		"任城区古槐路有烧烤摊占道经营，油烟很大",
		"上次的工单20261127-0000没有人管", // the placeholder
		"和工单20261127-0003是同一个问题", // the number this one gets
		"烧烤摊",
	}
	var before int64
	for i, desc := range descs {
		if err := rehearsed.Rehearse(registration(desc)); err != nil {
			t.Fatal(err)
		}
		if preparedLeft() == 0 {
			t.Fatalf("%q: nothing packed", desc)
		}
		for _, st := range []*Store{rehearsed, plain} {
			if err := st.Update(registration(desc)); err != nil {
				t.Fatal(err)
			}
		}
		taken := rehearsed.WriteStats().Rehearsed - before
		before += taken
		left := preparedLeft()
		switch desc {
		case descs[0], descs[3]:
			if left != 0 || taken != 4 {
				t.Errorf("%q: %d packed records taken, %d left; want 4, none", desc, taken, left)
			}
		case descs[1], descs[2]:
			if left != 1 || taken != 3 {
				t.Errorf("%q: %d packed records taken, %d left; want 3, the order's", desc, taken, left)
			}
		}
		preparedRecords.Lock()
		clear(preparedRecords.m)
		preparedRecords.n.Store(0)
		preparedRecords.Unlock()
		number := ticket.FormatNumber(day, i+1)
		tk1, rem1, ae1, m1 := written(t, rehearsed, number)
		tk2, rem2, ae2, m2 := written(t, plain, number)
		if m1 == nil || m2 == nil || m1.Text != m2.Text || !m1.At.Equal(m2.At) || m1.Status != m2.Status {
			t.Errorf("%q: reply %+v, without rehearsal %+v", desc, m1, m2)
		}
		if !reflect.DeepEqual(tk1, tk2) || tk1.Number != number || tk1.Description != desc {
			t.Errorf("%q: order read back\n%+v, without rehearsal\n%+v", desc, tk1, tk2)
		}
		if !reflect.DeepEqual(rem1, rem2) || rem1.Number != number || !bytes.Contains([]byte(rem1.Text), []byte(number)) {
			t.Errorf("%q: reminder %+v, without rehearsal %+v", desc, rem1, rem2)
		}
		if ae1 != ae2 || ae1.Object != number {
			t.Errorf("%q: audit entry %+v, without rehearsal %+v", desc, ae1, ae2)
		}
		_ = rehearsed.View(func(tx *Tx) error {
			if v := tx.Ops.(*boltTx).b(bTickets).Get([]byte(number)); len(v) == 0 || v[0] != deflatedJSON {
				t.Errorf("%q: order stored as %x, want it deflated", desc, v)
			}
			return nil
		})
	}
}

// A rehearsal stores nothing and allocates no number; a write other than
// a registration's fails it.
func TestRehearsalWritesNothing(t *testing.T) {
	st := openTest(t)
	if err := st.Rehearse(registration("任城区古槐路有烧烤摊占道经营，油烟很大")); err != nil {
		t.Fatal(err)
	}
	_ = st.View(func(tx *Tx) error {
		if list, _ := tx.Tickets(TicketFilter{}); len(list) != 0 {
			t.Errorf("%d orders stored", len(list))
		}
		if rems, _ := tx.Reminders("市城市管理局", 0); len(rems) != 0 {
			t.Errorf("%d reminders stored", len(rems))
		}
		if log, _ := tx.AuditLog(10); len(log) != 0 {
			t.Errorf("%d audit entries stored", len(log))
		}
		return nil
	})
	if err := st.Update(registration("烧烤摊")); err != nil {
		t.Fatal(err)
	}
	if tk, _, _, _ := written(t, st, "20261127-0001"); tk.Description != "烧烤摊" {
		t.Errorf("first order after a rehearsal: %+v", tk)
	}
	err := st.Rehearse(func(tx *Tx) error {
		if _, err := tx.NextTicketNumber(day); err != nil {
			return err
		}
		_, err := tx.NextTicketNumber(day)
		return err
	})
	if !errors.Is(err, errRehearsed) {
		t.Errorf("a second number in a rehearsal: %v", err)
	}
	if err := st.Rehearse(func(tx *Tx) error { return tx.PutCitizen(&domain.Citizen{ID: "c9"}) }); err == nil {
		t.Error("a rehearsal stored a citizen")
	}
	if err := st.Rehearse(func(tx *Tx) error { return tx.SetCoDepartments("20261127-0000", nil, []string{"市水务局"}) }); err == nil {
		t.Error("a rehearsal moved co-departments")
	}
}

// A write function that runs again (it failed the shared commit, and the
// store runs it alone) after its first run took the packed forms deflates
// its records itself, the same.
func TestRehearsedRegistrationRunTwice(t *testing.T) {
	st := openTest(t)
	desc := "任城区古槐路有烧烤摊占道经营，油烟很大"
	if err := st.Rehearse(registration(desc)); err != nil {
		t.Fatal(err)
	}
	runs := 0
	if err := st.Update(func(tx *Tx) error {
		runs++
		if err := registration(desc)(tx); err != nil {
			return err
		}
		if runs == 1 {
			return errors.New("fails once")
		}
		return nil
	}); err != nil || runs != 2 {
		t.Fatalf("%d runs: %v", runs, err)
	}
	tk, rem, ae, reply := written(t, st, "20261127-0001")
	if tk.Description != desc || rem.Number != tk.Number || ae.Object != tk.Number || reply == nil {
		t.Errorf("after a failed run: %+v %+v %+v %+v", tk, rem, ae, reply)
	}
}

// Holes are literals that no match covers or copies from: any byte of
// the same code length written over them inflates to the record with that
// byte.
func TestDeflateHolesPatched(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	order := compact([]byte(dictParts[8]))
	for i := range 500 {
		v := bytes.Clone(order)
		if i%2 == 1 {
			v = append(v, v[:r.IntN(len(v))]...)
		}
		var holes []int
		// At most 3 numbers' digits: a record leaves fewer bytes to
		// spare than a hole a byte.
		for p := r.IntN(40); p < len(v) && len(holes) < 3*seqDigits; p += 1 + r.IntN(400) {
			for k := 0; k < 1+r.IntN(seqDigits) && p < len(v); k++ {
				v[p] = '0' + byte(r.IntN(10))
				holes = append(holes, p)
				p++
			}
		}
		d, bits, ok := deflateFixedHoles([]byte{deflatedJSON}, v, holes, nil)
		if !ok || len(bits) != len(holes) {
			t.Fatalf("case %d: %d holes, %d literals (%v)", i, len(holes), len(bits), ok)
		}
		want := bytes.Clone(v)
		for j, h := range holes {
			want[h] = '0' + byte(r.IntN(10))
			patchLiteral(d, bits[j], want[h])
		}
		back, err := inflateRecord(d[1:])
		if err != nil || !bytes.Equal(back, want) {
			t.Fatalf("case %d: %v\n%s\n%s", i, err, back, want)
		}
	}
	// Without holes it is deflateFixed, byte for byte.
	if d, _, _ := deflateFixedHoles(nil, order, nil, nil); !bytes.Equal(d, deflateFixed(nil, order)) {
		t.Error("no holes: another form than deflateFixed's")
	}
	// A record that leaves too few bytes to spare gets no holes.
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	if _, _, ok := deflateFixedHoles(nil, append(all, "20261127-0000"...), []int{265, 266}, nil); ok {
		t.Error("holes in a record that holds every byte")
	}
}

// FuzzDeflateHoles: any record with any holes, patched with any digits,
// inflates to the record with those digits.
func FuzzDeflateHoles(f *testing.F) {
	f.Add(compact([]byte(dictParts[8])), uint64(1))
	f.Add([]byte("20261127-0000 20261127-0000 20261127-0000"), uint64(7))
	f.Fuzz(func(t *testing.T, v []byte, seed uint64) {
		r := rand.New(rand.NewPCG(seed, 1))
		var holes []int
		for p := range v {
			if r.IntN(8) == 0 && len(holes) < 3*seqDigits {
				v[p] = '0'
				holes = append(holes, p)
			}
		}
		d, bits, ok := deflateFixedHoles(nil, v, holes, nil)
		if !ok {
			return // v leaves too few bytes to spare
		}
		want := bytes.Clone(v)
		for j, h := range holes {
			want[h] = '0' + byte(r.IntN(10))
			patchLiteral(d, bits[j], want[h])
		}
		back, err := inflateRecord(d)
		if err != nil || !bytes.Equal(back, want) {
			t.Fatalf("%d bytes, %d holes: %v", len(v), len(holes), err)
		}
	})
}
