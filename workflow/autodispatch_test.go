package workflow

import (
	"strings"
	"testing"

	"hotline/store"
	"hotline/ticket"
)

// autoDispatch runs AutoDispatch on an order as the bot's registration
// would, after change edits it, and returns the stored order.
func (e *env) autoDispatch(number string, change func(tk *ticket.Ticket)) (*ticket.Ticket, bool, string) {
	e.t.Helper()
	var ok bool
	var reason string
	err := e.st.Update(func(tx *store.Tx) error {
		tk, err := tx.Ticket(number)
		if err != nil {
			return err
		}
		tk.Confidence = map[string]float64{"category": 0.9, "department": 0.9}
		if change != nil {
			change(tk)
		}
		if err := tx.PutTicket(tk); err != nil {
			return err
		}
		ok, reason, err = e.svc.AutoDispatch(tx, tk, e.clock())
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return e.get(number), ok, reason
}

func TestAutoDispatchConfidentOrder(t *testing.T) {
	e := newEnv(t)
	n := e.order()
	tk, ok, reason := e.autoDispatch(n, nil)
	if !ok || reason != "" || tk.Status != ticket.Dispatched || tk.Department != mainDept {
		t.Fatalf("dispatched %v (%q): status %s, department %s", ok, reason, tk.Status, tk.Department)
	}
	last := tk.Events[len(tk.Events)-1]
	if last.Actor != "system" || last.Action != "dispatch" {
		t.Errorf("last event %+v, want a dispatch by system", last)
	}
	// Deadlines counted from the dispatch: Tue 29 Sep 09:00 → sign by
	// the next working day, finish in 5.
	if tk.SignDue.IsZero() || !tk.Due.After(tk.SignDue) || !tk.DispatchedAt.Equal(e.clock()) {
		t.Errorf("deadlines not started: sign %v, due %v, dispatched %v", tk.SignDue, tk.Due, tk.DispatchedAt)
	}
	inbox, err := e.svc.Reminders(mainDept, 0)
	if err != nil || len(inbox) != 1 || inbox[0].Kind != ReminderDispatch || inbox[0].Number != n {
		t.Errorf("department's inbox = %+v, %v; want the new order", inbox, err)
	}
	// The citizen is told by the registration's own reply: no notice.
	if calls := e.n.take(); len(calls) != 0 {
		t.Errorf("notices %v, want none", calls)
	}
	var audit []store.AuditEntry
	_ = e.st.View(func(tx *store.Tx) error { audit, _ = tx.AuditLog(10); return nil })
	if len(audit) == 0 || audit[0].Actor != "system" || audit[0].Action != "ticket.dispatch" {
		t.Errorf("audit %+v, want ticket.dispatch by system", audit)
	}
}

func TestAutoDispatchHolds(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(tk *ticket.Ticket)
		want   string
	}{
		{"low category confidence", func(tk *ticket.Ticket) { tk.Confidence["category"] = 0.4 }, "类别把握度 0.40"},
		{"low department confidence", func(tk *ticket.Ticket) { tk.Confidence["department"] = 0.3 }, "承办单位把握度 0.30"},
		{"emergency", func(tk *ticket.Ticket) {
			tk.Urgency, tk.Flags.Emergency, tk.EmergencyNumber = ticket.UrgencyEmergency, true, "119"
		}, "紧急件（119）"},
		{"petition", func(tk *ticket.Ticket) { tk.Description += "，我要去信访" }, "敏感内容“信访”"},
		{"media", func(tk *ticket.Ticket) { tk.Description += "，不解决就找记者曝光" }, "敏感内容“"},
		{"leader", func(tk *ticket.Ticket) { tk.Description += "，请市长过问" }, "敏感内容“市长”"},
		{"office's own queue", func(tk *ticket.Ticket) { tk.Department = "市长公开电话办公室" }, "未能确定承办单位"},
		{"unknown department", func(tk *ticket.Ticket) { tk.Department = "" }, "未能确定承办单位"},
		{"merged repeat", func(tk *ticket.Ticket) { tk.RepeatOf = "20260901-0001" }, "重复件"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			n := e.order()
			tk, ok, reason := e.autoDispatch(n, c.change)
			if ok || !strings.Contains(reason, c.want) {
				t.Fatalf("dispatched %v, reason %q; want held for %q", ok, reason, c.want)
			}
			if tk.Status != ticket.Accepted || tk.Hold != reason {
				t.Errorf("status %s, hold %q", tk.Status, tk.Hold)
			}
			last := tk.Events[len(tk.Events)-1]
			if last.Actor != "system" || last.Action != "hold" || !strings.Contains(last.Note, reason) {
				t.Errorf("last event %+v, want the hold with its reason", last)
			}
			// An agent dispatches it later; the hold is gone.
			tk = e.must(e.svc.Dispatch(agent, n, mainDept, nil, ""))
			if tk.Hold != "" || tk.Status != ticket.Dispatched {
				t.Errorf("after dispatch: hold %q, status %s", tk.Hold, tk.Status)
			}
		})
	}
}

func TestAutoDispatchHotlineNameIsNotSensitive(t *testing.T) {
	e := newEnv(t)
	n := e.order()
	_, ok, reason := e.autoDispatch(n, func(tk *ticket.Ticket) { tk.Description += "，打市长热线也没人管" })
	if !ok {
		t.Fatalf("held for %q: the hotline's own name is no leader", reason)
	}
}

// TestAutoDispatchPlacesAreNoLeaders: a place or a word that runs into
// a leader's title (任城区 + 长沟镇 reads 区长, 济宁市 + 长途汽车站 reads
// 市长, 小区 + 长期 reads 区长) is no leader: the default's not_sensitive
// takes those words out, so such an order is dispatched at once; a
// leader named outright still holds it.
func TestAutoDispatchPlacesAreNoLeaders(t *testing.T) {
	for _, tt := range []struct {
		text, held string
	}{
		{"，地点在任城区长沟镇", ""},
		{"，就在济宁市长途汽车站门口", ""},
		{"，我们小区长期这样", ""},
		{"，老城区长时间没人管", ""},
		{"，微山县长年如此", ""},
		{"，我要找区长反映", "区长"},
		{"，任城区长沟镇的区长也不管", "区长"},
	} {
		t.Run(tt.text, func(t *testing.T) {
			e := newEnv(t)
			n := e.order()
			_, ok, reason := e.autoDispatch(n, func(tk *ticket.Ticket) { tk.Description += tt.text })
			switch {
			case tt.held == "" && !ok:
				t.Errorf("held for %q", reason)
			case tt.held != "" && (ok || !strings.Contains(reason, tt.held)):
				t.Errorf("dispatched %v, reason %q; want held for %s", ok, reason, tt.held)
			}
		})
	}
}

func TestAutoDispatchRepeatOfOpenOrder(t *testing.T) {
	e := newEnv(t)
	first := e.order()
	if _, ok, reason := e.autoDispatch(first, nil); !ok {
		t.Fatalf("first order held: %s", reason)
	}
	second := e.order()
	_, ok, reason := e.autoDispatch(second, nil)
	if ok || !strings.Contains(reason, "疑似重复件") || !strings.Contains(reason, first) {
		t.Fatalf("second order of the same citizen and problem: dispatched %v, reason %q", ok, reason)
	}
}

func TestAutoDispatchOff(t *testing.T) {
	e := newEnv(t)
	e.cfg.Dispatch.Auto = false
	n := e.order()
	tk, ok, reason := e.autoDispatch(n, nil)
	if ok || tk.Status != ticket.Accepted || reason == "" {
		t.Fatalf("auto off: dispatched %v, status %s, reason %q", ok, tk.Status, reason)
	}
}
