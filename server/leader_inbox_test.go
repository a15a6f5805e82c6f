package server

import (
	"strings"
	"testing"

	"hotline/store"
	"hotline/workflow"
)

// TestLeaderInboxOnStartPage: a leader who gave an order an instruction
// (批示) in the console finds on the console's start page (meta's home:
// the 督办/批示 queue with the leader's own inbox under it, GET
// /desk/api/reminders) the department's reply, naming the order, the
// department and the reply's first words, and then the order's close;
// the office's inbox (催办记录) does not get them.
func TestLeaderInboxOnStartPage(t *testing.T) {
	d := newDeskServer(t)
	citizen := d.client(t, "")
	start := citizen.must("POST", "/chat/api/conversations", nil, 201)
	tok := start["conversation_id"].(string)
	conv := "webchat:" + tok
	citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": "任城区古槐路的路灯坏了一个多月，晚上一片漆黑", "client_id": "m1"}, 200)
	citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": "人工", "client_id": "m2"}, 200)
	wang := d.client(t, "wang")
	wang.must("POST", "/desk/api/conversations/"+conv+"/take", nil, 200)
	reg := wang.must("POST", "/desk/api/conversations/"+conv+"/register", map[string]string{"title": "古槐路路灯不亮"}, 201)
	number := reg["ticket"].(map[string]any)["number"].(string)
	wang.must("POST", "/desk/api/orders/"+number+"/dispatch", map[string]any{"department": "市城市管理局"}, 200)

	mayor := d.client(t, "mayor")
	mayor.must("POST", "/desk/api/orders/"+number+"/supervise", map[string]any{"note": "请三日内修复并回复市民", "instruction": true}, 200)
	// The leader's start page: the 督办/批示 queue, with the inbox.
	meta := mayor.must("GET", "/desk/api/meta", nil, 200)
	home := meta["home"].(map[string]any)["leader"].(map[string]any)
	if home["view"] != "wq-"+workflow.QueueSupervised || home["inbox"] != true {
		t.Fatalf("the leader's start page %v, want the 督办/批示 queue with the inbox", home)
	}
	texts := meta["texts"].(map[string]any)
	if texts["leader.inbox"] == "" || texts["leader.inbox_empty"] == "" {
		t.Errorf("the inbox's heading %q and empty state %q", texts["leader.inbox"], texts["leader.inbox_empty"])
	}
	if list := mayor.must("GET", "/desk/api/reminders?limit=20", nil, 200)["reminders"].([]any); len(list) != 0 {
		t.Fatalf("the leader's inbox before any result: %v", list)
	}

	city := d.client(t, "city")
	city.must("POST", "/desk/api/orders/"+number+"/sign", nil, 200)
	city.must("POST", "/desk/api/orders/"+number+"/reply", map[string]string{"text": "已更换古槐路故障路灯三盏，并对全线路灯进行了排查，今后加强巡查。"}, 200)
	inbox := func() []map[string]any {
		var out []map[string]any
		for _, it := range mayor.must("GET", "/desk/api/reminders?limit=20", nil, 200)["reminders"].([]any) {
			out = append(out, it.(map[string]any))
		}
		return out
	}
	list := inbox()
	if len(list) != 1 || list[0]["number"] != number || list[0]["kind"] != workflow.ReminderInstructionReplied {
		t.Fatalf("the leader's inbox after the reply: %v", list)
	}
	if text := list[0]["text"].(string); !strings.Contains(text, number) || !strings.Contains(text, "已由市城市管理局答复：已更换古槐路故障路灯三盏") {
		t.Errorf("the entry %q does not name the order, the department and the reply's first words", text)
	}

	office := d.client(t, "office")
	office.must("POST", "/desk/api/orders/"+number+"/review", map[string]any{"approve": true}, 200)
	office.must("POST", "/desk/api/orders/"+number+"/rate", map[string]any{"satisfaction": "满意", "solved": true}, 200)
	list = inbox()
	if len(list) != 2 || list[0]["kind"] != workflow.ReminderInstructionClosed || list[1]["kind"] != workflow.ReminderInstructionReplied {
		t.Fatalf("the leader's inbox after the close (newest first): %v", list)
	}
	if text := list[0]["text"].(string); !strings.Contains(text, number) || !strings.Contains(text, "已办结（市城市管理局办理）：已更换古槐路故障路灯三盏") {
		t.Errorf("the close's entry %q", text)
	}
	for _, it := range office.must("GET", "/desk/api/reminders?limit=100", nil, 200)["reminders"].([]any) {
		if k := it.(map[string]any)["kind"]; k == workflow.ReminderInstructionReplied || k == workflow.ReminderInstructionClosed {
			t.Errorf("the office's inbox got the leader's entry %v", it)
		}
	}
}

// TestLeaderToldOfInstructionTheOfficeRecorded: an instruction a leader
// gave by phone, which the office records (督办 + 领导批示件 with the
// leader's name), names that leader in the history, not the supervisor
// who recorded it, and the leader account of that display name reads its
// result in its own inbox.
func TestLeaderToldOfInstructionTheOfficeRecorded(t *testing.T) {
	d := newDeskServer(t)
	if err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		u, err := tx.User("mayor")
		if err != nil {
			return err
		}
		u.DisplayName = "张明"
		return tx.PutUser(u)
	}); err != nil {
		t.Fatal(err)
	}
	citizen := d.client(t, "")
	tok := citizen.must("POST", "/chat/api/conversations", nil, 201)["conversation_id"].(string)
	conv := "webchat:" + tok
	citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": "任城区古槐路的路灯坏了一个多月，晚上一片漆黑", "client_id": "m1"}, 200)
	citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": "人工", "client_id": "m2"}, 200)
	wang := d.client(t, "wang")
	wang.must("POST", "/desk/api/conversations/"+conv+"/take", nil, 200)
	number := wang.must("POST", "/desk/api/conversations/"+conv+"/register", map[string]string{"title": "古槐路路灯不亮"}, 201)["ticket"].(map[string]any)["number"].(string)
	wang.must("POST", "/desk/api/orders/"+number+"/dispatch", map[string]any{"department": "市城市管理局"}, 200)

	office := d.client(t, "office")
	tk := office.must("POST", "/desk/api/orders/"+number+"/supervise", map[string]any{"note": "市领导电话批示：限期修复", "instruction": true, "leader": " 张明 "}, 200)["ticket"].(map[string]any)
	events := tk["events"].([]any)
	last := events[len(events)-1].(map[string]any)
	if leader := last["fields"].(map[string]any)["leader"].([]any)[1]; last["action"] != "instruct" || leader != "张明" || last["actor"] != "supervisor:office" {
		t.Fatalf("the instruction's event %v: want the leader 张明, recorded by supervisor:office", last)
	}
	city := d.client(t, "city")
	city.must("POST", "/desk/api/orders/"+number+"/sign", nil, 200)
	city.must("POST", "/desk/api/orders/"+number+"/reply", map[string]string{"text": "已更换古槐路故障路灯三盏。"}, 200)
	list := d.client(t, "mayor").must("GET", "/desk/api/reminders?limit=20", nil, 200)["reminders"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["kind"] != workflow.ReminderInstructionReplied || list[0].(map[string]any)["number"] != number {
		t.Fatalf("the mayor's inbox after the reply to the instruction the office recorded: %v", list)
	}
}
