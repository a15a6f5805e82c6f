package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/store"
	"hotline/ticket"
)

// TestCLITicketsShowEmergencyReason: `tickets show` of an emergency order
// has emergency_reason in its JSON and says it readably on stderr, with
// the rules' names; `classify` prints the number, words and rule.
func TestCLITicketsShowEmergencyReason(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "hotline.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	tk := &ticket.Ticket{Number: "20261202-0001", Status: ticket.Accepted, Department: "市长公开电话办公室应急值守席", Category: "AQSC",
		Title: "面包车翻到沟里", Urgency: ticket.UrgencyEmergency, EmergencyNumber: "122", Flags: ticket.Flags{Emergency: true},
		EmergencyReason: &ticket.EmergencyReason{Number: "122", Cue: "面包车翻到沟里", Rule: "road-collision",
			Also: []ticket.EmergencyCall{{Number: "120", Cue: "满脸是血", Rule: "bleeding"}}},
		ReceivedAt: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC), Channel: "webchat"}
	if err := st.UpdateNow(func(tx *store.Tx) error { return tx.PutTicket(tk) }); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errOut := runCLI(t, "", "tickets", "show", tk.Number, "--json", "--data", dir)
	if code != 0 || !strings.Contains(out, `"emergency_reason": {`) || !strings.Contains(out, `"cue": "满脸是血"`) {
		t.Fatalf("tickets show: %d\n%s\n%s", code, out, errOut)
	}
	want := "紧急原因：应拨打 122（触发词语：“面包车翻到沟里”；触发规则：交通事故有人受伤或被困）；另需拨打 120（触发词语：“满脸是血”；触发规则：大量出血）\n"
	if errOut != want {
		t.Fatalf("tickets show stderr %q, want %q", errOut, want)
	}
	code, out, _ = runCLI(t, "", "classify", "楼下着火了，好多烟")
	if code != 0 || !strings.Contains(out, "⚠ 紧急情况：应拨打 119（触发词语：") || !strings.Contains(out, "触发规则：") {
		t.Fatalf("classify: %d\n%s", code, out)
	}
}

// TestCLITicketsShowSetAside: `tickets show` of an order whose emergency
// flag the classifier's veto set aside prints console_labels.emergency.
// set_aside's line on stderr, not an emergency's reason.
func TestCLITicketsShowSetAside(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "hotline.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	tk := &ticket.Ticket{Number: "20261202-0002", Status: ticket.Accepted, Department: "市卫生健康委员会", Category: "WSJK",
		Title: "老人吃错了药", Urgency: ticket.UrgencyUrgent,
		EmergencyReason: &ticket.EmergencyReason{Number: "120", Cue: "把降压药当成钙片吃了", Rule: "poisoning", SetAside: true},
		ReceivedAt:      time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC), Channel: "webchat"}
	if err := st.UpdateNow(func(tx *store.Tx) error { return tx.PutTicket(tk) }); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errOut := runCLI(t, "", "tickets", "show", tk.Number, "--data", dir)
	want := "疑似紧急情况（规则：中毒，拟拨 120；命中：把降压药当成钙片吃了）经判断多为非当前危险，请核实\n"
	if code != 0 || errOut != want {
		t.Fatalf("tickets show: %d, stderr %q, want %q\n%s", code, errOut, want, out)
	}
}

// TestCLITicketsShowLeaderItem: `tickets show` names a leader item's
// leader once, after the action's name, not again as the field 批示领导
// (the field an instruction's leader shares); an instruction's leader is
// still named.
func TestCLITicketsShowLeaderItem(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "hotline.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	tk := &ticket.Ticket{Number: "20261202-0002", Status: ticket.Accepted, Department: "市城市管理局", Category: "SZSS",
		Title: "楼道灯不亮", Urgency: ticket.UrgencyNormal, Flags: ticket.Flags{LeaderItem: true, Instruction: true},
		ReceivedAt: at, Channel: "webchat", Events: []ticket.Event{
			{At: at, Actor: "agent:wang", Action: "leader_item", Note: "副市长张明", Fields: map[string][2]string{"leader": {"", "副市长张明"}}},
			{At: at, Actor: "leader:zhang", Action: "instruct", Note: "请尽快修复", Fields: map[string][2]string{"leader": {"", "张明"}}},
		}}
	if err := st.UpdateNow(func(tx *store.Tx) error { return tx.PutTicket(tk) }); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errOut := runCLI(t, "", "tickets", "show", tk.Number, "--data", dir)
	if code != 0 {
		t.Fatalf("tickets show: %d\n%s\n%s", code, out, errOut)
	}
	var marked, instructed string
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.Contains(line, "列为领导接听件"):
			marked = line
		case strings.Contains(line, "请尽快修复"):
			instructed = line
		}
	}
	if !strings.HasSuffix(marked, "列为领导接听件：副市长张明") || strings.Contains(marked, "批示领导") {
		t.Errorf("leader item line %q", marked)
	}
	if !strings.Contains(instructed, "批示领导：张明") {
		t.Errorf("instruction line %q", instructed)
	}
}

// TestCLITicketsShowNamesTheSurface: tickets show names who did each step
// as the console does (config.ConsoleLabels.Actor): a person by their
// display name, with the role or the surface they acted from; an API
// caller's X-Agent as recorded (wang there is not the console's 王芳).
func TestCLITicketsShowNamesTheSurface(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "hotline.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	tk := &ticket.Ticket{Number: "20261202-0003", Status: ticket.Accepted, Department: "市城市管理局", Category: "SZSS",
		Title: "楼道灯不亮", Urgency: ticket.UrgencyNormal, ReceivedAt: at, Channel: "webchat", Events: []ticket.Event{
			{At: at, Actor: "agent:wang", Action: "accept", Note: "坐席登记"},
			{At: at, Actor: "api:wang", Action: "edit", Note: "经坐席接口"},
			{At: at, Actor: "tg:lisi", Action: "edit", Note: "经坐席群"},
		}}
	if err := st.UpdateNow(func(tx *store.Tx) error {
		if err := tx.PutUser(&store.User{Name: "wang", Role: "agent", DisplayName: "王芳"}); err != nil {
			return err
		}
		return tx.PutTicket(tk)
	}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errOut := runCLI(t, "", "tickets", "show", tk.Number, "--data", dir)
	if code != 0 {
		t.Fatalf("tickets show: %d\n%s\n%s", code, out, errOut)
	}
	for note, who := range map[string]string{"坐席登记": "话务员 王芳", "经坐席接口": "wang（坐席接口）", "经坐席群": "lisi（Telegram 坐席群）"} {
		found := false
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, note) {
				found = true
				if !strings.Contains(line, who) {
					t.Errorf("the line of %s names %q, want %q", note, line, who)
				}
			}
		}
		if !found {
			t.Errorf("no line of %s in\n%s", note, out)
		}
	}
}
