package desk

import (
	"strings"
	"testing"
	"time"

	"hotline/ticket"
)

// TestMaskCitizensNotStaff: the console masks the citizen's numbers
// wherever they are written, also in a department's reply, and keeps the
// numbers staff give: the department's phone a citizen is told to call
// and a clerk's number in the history.
func TestMaskCitizensNotStaff(t *testing.T) {
	e := newEnv(t, nil)
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, e.cfg.Location())
	o := e.wf.orders[ownOrder]
	o.Phone = "0537-7212345"
	o.Description = "楼下烧烤到半夜，我的手机 13953706688，身份证 370802199001011234"
	o.Reply = "已责令整改，已电话告知市民（13953706688、0537-7212345）。如有疑问请致电市公安局 0537-2967110，经办人 13805371234"
	o.Events = []ticket.Event{
		{At: at, Actor: "citizen", Action: "accept", Note: "市民留了另一个号码 13953701111"},
		{At: at, Actor: "agent:agent1", Action: "edit", Fields: map[string][2]string{"phone": {"05377212300", "0537-7212345"}}},
		{At: at, Actor: "dept:市公安局/police", Action: "reply", Note: "经办人张警官 13805371234，已联系市民 139 5370 6688 和 0537-7212300"},
		{At: at, Actor: "agent:agent1", Action: "answer", Note: "请拨打市公安局 0537-2967110 或 12345 咨询；身份证 370802199001011234"},
	}
	code, out := e.do(t, e.login(t, "super1"), "GET", "/desk/api/orders/"+ownOrder, nil)
	if code != 200 {
		t.Fatalf("order: %d %v", code, out)
	}
	tk := out["ticket"].(map[string]any)
	var notes []string
	for _, ev := range tk["events"].([]any) {
		n, _ := ev.(map[string]any)["note"].(string)
		notes = append(notes, n)
	}
	all := strings.Join(append([]string{tk["phone"].(string), tk["description"].(string), tk["reply"].(string)}, notes...), "\n")
	for _, gone := range []string{"13953706688", "139 5370 6688", "0537-7212345", "0537-7212300", "13953701111", "370802199001011234"} {
		if strings.Contains(all, gone) {
			t.Errorf("the citizen's %s is shown:\n%s", gone, all)
		}
	}
	for _, kept := range []string{"0537-2967110", "13805371234"} {
		if !strings.Contains(tk["reply"].(string), kept) {
			t.Errorf("the reply lost the staff's %s: %s", kept, tk["reply"])
		}
	}
	if !strings.Contains(notes[2], "13805371234") || !strings.Contains(notes[2], "139****6688") || !strings.Contains(notes[3], "0537-2967110") {
		t.Errorf("history: %q", notes)
	}
	if !strings.Contains(tk["reply"].(string), "139****6688") || tk["phone"] != "0537-****45" {
		t.Errorf("phone %v, reply %v", tk["phone"], tk["reply"])
	}
}

// TestMaskConversationCitizensNotStaff: another agent reading a chat sees
// the number the holding agent gave the citizen to call, and not the
// citizen's, also where the agent repeated it.
func TestMaskConversationCitizensNotStaff(t *testing.T) {
	e := newEnv(t, nil)
	conv := e.queueConversation(t, "mask-u1", "小区路灯坏了，我的电话 13953706688")
	holder := e.login(t, "agent1")
	if code, out := e.do(t, holder, "POST", "/desk/api/conversations/"+conv+"/take", nil); code != 200 {
		t.Fatalf("take: %d %v", code, out)
	}
	if code, out := e.do(t, holder, "POST", "/desk/api/conversations/"+conv+"/reply",
		map[string]string{"text": "已记录您的号码 13953706688，也可致电市城市管理局 0537-2967110 咨询"}); code != 200 {
		t.Fatalf("reply: %d %v", code, out)
	}
	code, out := e.do(t, e.login(t, "agent2"), "GET", "/desk/api/conversations/"+conv, nil)
	if code != 200 {
		t.Fatalf("conversation: %d %v", code, out)
	}
	var texts []string
	for _, m := range out["messages"].([]any) {
		texts = append(texts, m.(map[string]any)["text"].(string))
	}
	all := strings.Join(texts, "\n")
	if strings.Contains(all, "13953706688") || !strings.Contains(all, "0537-2967110") || !strings.Contains(all, "已记录您的号码 139****6688") {
		t.Errorf("messages as another agent reads them:\n%s", all)
	}
}
