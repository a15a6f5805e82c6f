package desk

import (
	"testing"
	"time"

	"hotline/ticket"
)

// TestOldReminderNotesLoseTheirRepeatedLabel: reminders recorded before
// 5e8d8f0 kept their prefix (催办：工单…), which the history shows after
// the action's label; the order page shows each once, and leaves new notes
// and other people's words as they are.
func TestOldReminderNotesLoseTheirRepeatedLabel(t *testing.T) {
	e := newEnv(t, nil)
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, e.cfg.Location())
	e.wf.orders[ownOrder].Events = []ticket.Event{
		{At: at, Actor: "system", Action: "remind", Note: "催办：工单20261127-0001尚未签收，请于2026年11月28日 18:00前签收"},
		{At: at, Actor: "system", Action: "escalate", Note: "超期：工单20261127-0001已超过办理期限2026年12月4日 18:00，已报督办"},
		{At: at, Actor: "system", Action: "remind_instruction", Note: "批示件催办:工单20261127-0001领导批示的办理期限为2026年12月4日 18:00，请抓紧办理"},
		{At: at, Actor: "system", Action: "remind", Note: "工单20261127-0001将于2026年12月4日 18:00到期，请按时办结"},
		{At: at, Actor: "agent:agent1", Action: "dispatch", Note: "催办：请尽快"},
		{At: at, Actor: "system", Action: "remind", Note: "催办："},
		// Leader items recorded before history_texts.leader_item lost its
		// head: the label 列为领导接听件 ends with it.
		{At: at, Actor: "agent:agent1", Action: "leader_item", Note: "领导接听件：副市长张明（转接领导接听）"},
		{At: at, Actor: "agent:agent1", Action: "leader_item", Note: "副市长张明"},
	}
	code, out := e.do(t, e.login(t, "super1"), "GET", "/desk/api/orders/"+ownOrder, nil)
	if code != 200 {
		t.Fatalf("order: %d %v", code, out)
	}
	want := []string{
		"工单20261127-0001尚未签收，请于2026年11月28日 18:00前签收",
		"工单20261127-0001已超过办理期限2026年12月4日 18:00，已报督办",
		"工单20261127-0001领导批示的办理期限为2026年12月4日 18:00，请抓紧办理",
		"工单20261127-0001将于2026年12月4日 18:00到期，请按时办结",
		"催办：请尽快", // an agent's own words
		"催办：",    // nothing after the label: kept
		"副市长张明（转接领导接听）",
		"副市长张明",
	}
	evs := out["ticket"].(map[string]any)["events"].([]any)
	if len(evs) != len(want) {
		t.Fatalf("%d events", len(evs))
	}
	for i, ev := range evs {
		if got := ev.(map[string]any)["note"]; got != want[i] {
			t.Errorf("event %d: note %q, want %q", i, got, want[i])
		}
	}
	// The stored record is not changed.
	if n := e.wf.orders[ownOrder].Events[0].Note; n[:len("催办：")] != "催办：" {
		t.Errorf("stored note changed: %q", n)
	}
}
