package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"hotline/inbound"
	"hotline/store"
	"hotline/ticket"
)

// TestHistoryAndInboxTextsFromConfig: what the engine writes into an
// order's history (the citizen's confirmation, a knowledge-base answer, a
// withdrawal, an agent's registration) and into the department's inbox
// (a withdrawn order) comes from history_texts and reminder_texts.
func TestHistoryAndInboxTextsFromConfig(t *testing.T) {
	env := newEnv(t)
	env.cfg.HistoryTexts.AcceptBot = "市民点了确认"
	env.cfg.HistoryTexts.KBAnswer = "KB[{{.Entry}}]{{.Score}}"
	env.cfg.HistoryTexts.CitizenCancel = "市民自行撤回"
	env.cfg.HistoryTexts.AcceptAgent = "坐席登记"
	env.cfg.ReminderTexts.Cancelled = "{{.Number}}已撤回，停止办理"

	env.send(t, "u1", "任城区古槐路有烧烤摊占道经营，油烟很大")
	env.send(t, "u1", "13953706688")
	env.send(t, "u1", "确认")
	tk, err := env.eng.Ticket("20261127-0001")
	if err != nil {
		t.Fatal(err)
	}
	if note := noteOf(tk, "accept"); note != "市民点了确认" {
		t.Errorf("accept note %q", note)
	}
	// The department has it; the citizen withdraws it.
	dept := "任城区人民政府"
	if err := env.st.Update(func(tx *store.Tx) error {
		tk, err := tx.Ticket("20261127-0001")
		if err != nil {
			return err
		}
		tk.Status, tk.Department = ticket.Dispatched, dept
		return tx.PutTicket(tk)
	}); err != nil {
		t.Fatal(err)
	}
	env.send(t, "u1", "取消")
	env.send(t, "u1", "确认")
	tk, _ = env.eng.Ticket("20261127-0001")
	if tk.Status != ticket.Cancelled || noteOf(tk, "cancel") != "市民自行撤回" {
		t.Errorf("status %s, cancel note %q", tk.Status, noteOf(tk, "cancel"))
	}
	var inbox []string
	_ = env.st.View(func(tx *store.Tx) error {
		rs, err := tx.Reminders(dept, 0)
		for _, r := range rs {
			inbox = append(inbox, r.Text)
		}
		return err
	})
	if !strings.Contains(strings.Join(inbox, "\n"), "20261127-0001已撤回，停止办理") {
		t.Errorf("department's inbox %q", inbox)
	}

	env.send(t, "u2", "请问怎么提取公积金")
	tk, err = env.eng.Ticket("20261127-0002")
	if err != nil {
		t.Fatal(err)
	}
	if note := noteOf(tk, "answer"); note != "KB[gjj-1]0.90" {
		t.Errorf("knowledge-base answer note %q", note)
	}

	env.send(t, "u3", "兖州区金宇路烧烤占道")
	env.send(t, "u3", "人工")
	id := inbound.ConversationID("webchat", "u3")
	if _, err := env.eng.Take(context.Background(), id, "wang"); err != nil {
		t.Fatal(err)
	}
	tk, err = env.eng.Register(context.Background(), id, "wang", "烧烤摊占道经营", "")
	if err != nil {
		t.Fatal(err)
	}
	if note := noteOf(tk, "accept"); note != "坐席登记" {
		t.Errorf("agent's registration note %q", note)
	}
}

// noteOf returns the note of the last event of action in tk's history.
func noteOf(tk *ticket.Ticket, action string) string {
	for i := len(tk.Events) - 1; i >= 0; i-- {
		if tk.Events[i].Action == action {
			return tk.Events[i].Note
		}
	}
	return "(no " + action + " event)"
}

// TestSummaryFromConfig: the summary shown before 确认 and an unknown
// deadline are written by summary_texts.
func TestSummaryFromConfig(t *testing.T) {
	env := newEnv(t)
	env.cfg.SummaryTexts.Summary = "{{.Title}}|{{.Type}}|{{.Category}}|{{.Place}}|{{.Phone}}|{{.Department}}|{{.Urgency}}"
	env.cfg.SummaryTexts.NotGiven = "（无）"
	env.cfg.SummaryTexts.NoDue = "另行通知"
	d := &ticket.Ticket{Title: "路灯不亮", Type: ticket.TypeComplaint, Category: "SZSS", Department: "市城市管理局", Urgency: ticket.UrgencyUrgent}
	if got, want := env.eng.summary(d), "路灯不亮|投诉|"+catName(t, env, "SZSS")+"|（无）|（无）|市城市管理局|紧急"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if got := env.eng.formatDue(time.Time{}); got != "另行通知" {
		t.Errorf("unknown deadline %q", got)
	}
	// The default, as before it moved to config.
	def := newEnv(t)
	d = &ticket.Ticket{Title: "路灯不亮", Type: ticket.TypeComplaint, Category: "SZSS", District: "任城区", Address: "古槐路",
		Phone: "13953706688", Department: "市城市管理局", Urgency: ticket.UrgencyNormal}
	want := "【诉求】路灯不亮\n【类别】投诉 · " + catName(t, def, "SZSS") + "\n【地点】任城区 古槐路\n【联系电话】13953706688\n【承办单位】市城市管理局"
	if got := def.eng.summary(d); got != want {
		t.Errorf("default summary %q, want %q", got, want)
	}
}

func catName(t *testing.T, env *testEnv, code string) string {
	t.Helper()
	c, ok := env.cfg.Category(code)
	if !ok {
		t.Fatalf("no category %s", code)
	}
	return c.Name
}
