package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestMaskAuditPastTheAge: the audit entries older than the cut lose the
// personal data of their before and after values (an order's field
// changed, a reply's text) and a conversation's id becomes the masked id
// the conversation is kept under; who, what, when and which order stay;
// younger entries are left alone, and a later run reads only the entries
// that passed the age since.
func TestMaskAuditPastTheAge(t *testing.T) {
	_, st := piplFixture(t)
	old := time.Date(2022, 5, 3, 10, 0, 0, 0, time.UTC)
	recent := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	wx := "wechat:" + piplOpenID
	entries := []AuditEntry{
		{At: old, Actor: "dept:市公安局", Action: "ticket.edit", Object: "20220503-0001", Before: "accepted name=" + piplName, After: "accepted name=王建设"},
		{At: old.Add(time.Minute), Actor: "dept:市公安局", Action: "ticket.edit", Object: "20220503-0001", Before: "accepted phone=", After: "accepted phone=" + piplPhone},
		{At: old.Add(2 * time.Minute), Actor: "desk:agent1", Action: "conversation.reply", Object: wx, After: `{"text":"` + piplName + `您好，回电` + piplPhone + `"}`},
		{At: old.Add(3 * time.Minute), Actor: "desk:agent1", Action: "conversation.agent", Object: wx, Before: `{"agent":"","state":"queued"}`, After: `{"agent":"agent1","state":"agent"}`},
		{At: old.Add(4 * time.Minute), Actor: "system", Action: "ticket.close", Object: "20220503-0001", Before: "visited", After: "closed"},
		{At: old.Add(5 * time.Minute), Actor: "desk:agent1", Action: "login", Object: "10.0.0.7", After: `{"role":"agent"}`},
		{At: recent, Actor: "desk:agent1", Action: "ticket.edit", Object: "20261120-0001", Before: "accepted phone=", After: "accepted phone=" + piplPhone},
	}
	for _, e := range entries {
		must(t, st.UpdateNow(func(tx *Tx) error { return tx.Audit(e) }))
	}
	cut := time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC)
	res, err := st.RunArchive(context.Background(), ArchiveOptions{MaskBefore: cut})
	must(t, err)
	var log []AuditEntry
	var conv string
	must(t, st.View(func(tx *Tx) error {
		var err error
		log, err = tx.AuditLog(100)
		if tk, err := tx.Ticket("20220503-0001"); err == nil {
			conv = tk.ConversationID
		}
		return err
	}))
	want := []AuditEntry{
		{Actor: "dept:市公安局", Action: "ticket.edit", Object: "20220503-0001", Before: "accepted name=王**", After: "accepted name=王**"},
		{Actor: "dept:市公安局", Action: "ticket.edit", Object: "20220503-0001", Before: "accepted phone=", After: "accepted phone=139****6688"},
		{Actor: "desk:agent1", Action: "conversation.reply", Object: conv, After: `{"text":"王**您好，回电139****6688"}`},
		{Actor: "desk:agent1", Action: "conversation.agent", Object: conv, Before: `{"agent":"","state":"queued"}`, After: `{"agent":"agent1","state":"agent"}`},
		{Actor: "system", Action: "ticket.close", Object: "20220503-0001", Before: "visited", After: "closed"},
		{Actor: "desk:agent1", Action: "login", Object: "10.0.0.7", After: `{"role":"agent"}`},
		entries[6],
	}
	if len(log) != len(want) || !strings.Contains(conv, ":~") {
		t.Fatalf("%d entries, conversation %q", len(log), conv)
	}
	for i, w := range want {
		got := log[len(log)-1-i] // newest first
		if i < 6 {
			w.At = entries[i].At
		}
		if !got.At.Equal(w.At) || got.Actor != w.Actor || got.Action != w.Action || got.Object != w.Object || got.Before != w.Before || got.After != w.After {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, got, w)
		}
	}
	t.Logf("run %+v", res)
	// Nothing left to read; a day later, only the entries of that day.
	n, err := st.maskAudit(context.Background(), ArchiveOptions{MaskBefore: cut}, st.maskKey, &ArchiveResult{})
	if err != nil || n != 0 {
		t.Fatalf("a second run read %d entries (%v)", n, err)
	}
	must(t, st.UpdateNow(func(tx *Tx) error {
		return tx.Audit(AuditEntry{At: cut.Add(time.Hour), Actor: "x", Action: "ticket.edit", Object: "20231201-0001", After: "accepted phone=" + piplPhone})
	}))
	r := &ArchiveResult{}
	n, err = st.maskAudit(context.Background(), ArchiveOptions{MaskBefore: cut.AddDate(0, 0, 1)}, st.maskKey, r)
	if err != nil || n != 1 || r.MaskedLive != 1 {
		t.Fatalf("the next day read %d entries and masked %d (%v)", n, r.MaskedLive, err)
	}
	if found := piiInStore(t, st, piplName, piplOpenID); len(found) > 0 {
		for _, f := range found {
			if strings.Contains(f, "bucket audit") {
				t.Errorf("after masking: %s", f)
			}
		}
	}
}
