package server

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hotline/store"
	"hotline/ticket"
)

// TestHeldOrderHiddenFromItsSuggestedDepartment: an order waiting in the
// office's 待派单 queue (held for a sensitive word) carries the department
// suggested for it; that department neither finds it in its search nor
// opens it until the office dispatches it there. It saw it at once, the
// matter held back from it (the media, a complaint about it) included.
func TestHeldOrderHiddenFromItsSuggestedDepartment(t *testing.T) {
	t.Parallel()
	d := newDeskServer(t)
	const number = "20261005-0001"
	now := time.Now()
	err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		tk := &ticket.Ticket{Number: number, Status: ticket.Accepted, Channel: "webchat", Title: "派出所民警执法粗暴",
			Description: "派出所民警执法粗暴，我已经向电视台反映了", Type: ticket.TypeComplaint, Category: "ZA", Department: "市公安局",
			Urgency: ticket.UrgencyNormal, Hold: "涉及敏感内容“电视台”，需人工审核", ReceivedAt: now, AcceptedAt: now, Due: now.AddDate(0, 0, 7),
			Events: []ticket.Event{{At: now, Actor: "citizen", Action: "accept", From: ticket.Draft, To: ticket.Accepted}}}
		return tx.PutTicket(tk)
	})
	if err != nil {
		t.Fatal(err)
	}
	police, wang := d.client(t, "police"), d.client(t, "wang")
	found := func() bool {
		code, body := police.call("GET", "/desk/api/orders?q="+number, nil)
		if code != 200 {
			t.Fatalf("search: %d %v", code, body)
		}
		raw, _ := json.Marshal(body)
		return strings.Contains(string(raw), number)
	}
	if code, _ := police.call("GET", "/desk/api/orders/"+number, nil); code != 404 || found() {
		t.Errorf("the suggested department sees the held order: page %d, in its search %v", code, found())
	}
	wang.must("POST", "/desk/api/orders/"+number+"/dispatch", map[string]any{"department": "市公安局"}, 200)
	if code, _ := police.call("GET", "/desk/api/orders/"+number, nil); code != 200 || !found() {
		t.Errorf("dispatched, the department does not see it: page %d, in its search %v", code, found())
	}
}
