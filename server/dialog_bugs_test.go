package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"hotline/bot"
	"hotline/inbound"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// The dialog bugs of issue 10, each through the real classifier and the
// web chat as a citizen meets them.

var cst = time.FixedZone("CST", 8*3600)

// script sends texts in a new web-chat conversation and returns the
// conversation and the last reply of each message.
func (ts *testServer) script(t *testing.T, texts ...string) (string, []string) {
	t.Helper()
	conv := ts.open(t)
	var out []string
	for i, text := range texts {
		out = append(out, lastText(ts.say(t, conv, text, fmt.Sprint(i))))
	}
	return conv, out
}

func (ts *testServer) order(t *testing.T, number string) *ticket.Ticket {
	t.Helper()
	var tk *ticket.Ticket
	if err := ts.Store.View(func(tx *store.Tx) error {
		var err error
		tk, err = tx.Ticket(number)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return tk
}

// placeLine returns the 【地点】 line of a summary.
func placeLine(summary string) string {
	for _, l := range strings.Split(summary, "\n") {
		if strings.HasPrefix(l, "【地点】") {
			return l
		}
	}
	return ""
}

func TestAmendWithANewAddressKeepsTheProblem(t *testing.T) {
	ts := newTestServer(t, time.Date(2026, 12, 2, 10, 0, 0, 0, cst))
	_, r := ts.script(t, "邹城市千泉街道某小区楼道堆满杂物，存在消防隐患", "13953706688", "修改", "地址是邹城市千泉街道幸福小区5号楼")
	summary := r[3]
	if !strings.Contains(summary, "请核对") || !strings.Contains(summary, "安全生产") {
		t.Fatalf("summary after the new address: %q", summary)
	}
	if strings.Contains(summary, "5号楼千泉街道") || strings.Contains(summary, "物业管理") {
		t.Errorf("the new address garbled the order: %q", summary)
	}
	if pl := placeLine(summary); !strings.Contains(pl, "邹城市千泉街道幸福小区5号楼") || strings.Contains(pl, "某小区") {
		t.Errorf("place %q, want the new address only", pl)
	}
	ts.say(t, ts.open(t), "你好", "x") // another citizen; nothing shared
}

func TestAmendedOrderRegistersTheNewAddress(t *testing.T) {
	ts := newTestServer(t, time.Date(2026, 12, 2, 10, 0, 0, 0, cst))
	_, r := ts.script(t, "邹城市千泉街道某小区楼道堆满杂物，存在消防隐患", "13953706688", "修改", "地址是邹城市千泉街道幸福小区5号楼", "确认")
	if !strings.Contains(r[4], "20261202-0001") {
		t.Fatalf("not registered: %q", r[4])
	}
	tk := ts.order(t, "20261202-0001")
	if tk.Category != "AQSC" || !strings.Contains(tk.Description, "消防隐患") || tk.Address != "邹城市千泉街道幸福小区5号楼" || strings.Contains(tk.Title, "5号楼千泉街道") {
		t.Errorf("order: category %s, title %q, description %q, address %q", tk.Category, tk.Title, tk.Description, tk.Address)
	}
}

func TestSummaryNamesACountyLevelCityOnce(t *testing.T) {
	ts := newTestServer(t, time.Date(2026, 12, 2, 10, 0, 0, 0, cst))
	for _, c := range []struct{ text, city string }{
		{"邹城市千泉街道某小区楼道堆满杂物，存在消防隐患", "邹城市"},
		{"曲阜市鲁城街道孔府附近的路灯坏了好几天", "曲阜市"},
	} {
		_, r := ts.script(t, c.text, "13953706688")
		pl := placeLine(r[1])
		if pl == "" || strings.Count(pl, c.city) != 1 {
			t.Errorf("%s: place line %q names %s %d times", c.text, pl, c.city, strings.Count(pl, c.city))
		}
	}
}

// TestUtilityDeadlineToldIsTheStoredOne: a 24-hour heating order is told
// the deadline that its dispatch stored; one held for the office is told
// no deadline at registration, and the one that holds when it is
// dispatched.
func TestUtilityDeadlineToldIsTheStoredOne(t *testing.T) {
	ts := newTestServer(t, time.Date(2026, 12, 2, 9, 4, 0, 0, cst))
	_, r := ts.script(t, "任城区古槐街道金色家园小区5号楼暖气不热，室温只有12度", "13953706688", "确认")
	tk := ts.order(t, "20261202-0001")
	want := tk.Due.In(cst).Format("2006年1月2日 15:04")
	if tk.Status != ticket.Dispatched || tk.Urgency != ticket.UrgencyUrgent || !strings.Contains(r[2], want) {
		t.Errorf("told %q; stored %s, %s, due %s", r[2], tk.Status, tk.Urgency, want)
	}

	// Held (the media are sensitive): no deadline told; the dispatch an
	// hour later tells the one it stores.
	conv, r := ts.script(t, "任城区古槐街道幸福小区2号楼暖气不热好几天了，再不修我就找记者曝光", "13953706699", "确认")
	if strings.Contains(r[2], "办理时限为") || !strings.Contains(r[2], "20261202-0002") {
		t.Errorf("held order told %q", r[2])
	}
	ts.mu.Lock()
	ts.now = ts.now.Add(time.Hour)
	ts.mu.Unlock()
	tk, err := ts.Workflow.Dispatch(workflow.Actor{Name: "wang", Role: workflow.RoleAgent}, "20261202-0002", "山东聚源热力有限责任公司", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	want = tk.Due.In(cst).Format("2006年1月2日 15:04")
	_, msgs, err := ts.Engine.Conversation("webchat:"+conv, 0)
	if err != nil {
		t.Fatal(err)
	}
	if last := msgs[len(msgs)-1].Text; !strings.Contains(last, want) {
		t.Errorf("dispatch notice %q, want the stored deadline %s", last, want)
	}
}

// TestUnsatisfiedRatingSaysWhoHandlesItAgain: "3 未解决" is answered with
// the order being handled again and by whom.
func TestUnsatisfiedRatingSaysWhoHandlesItAgain(t *testing.T) {
	ts := newTestServer(t, time.Date(2026, 12, 2, 10, 0, 0, 0, cst))
	conv, _ := ts.script(t, "任城区古槐路有烧烤摊占道经营，油烟很大", "13953706688", "确认")
	n := "20261202-0001"
	dept := workflow.Actor{Name: "zhao", Role: workflow.RoleDepartment, Department: "任城区人民政府"}
	office := workflow.Actor{Name: "li", Role: workflow.RoleSupervisor}
	for _, step := range []func() (*ticket.Ticket, error){
		func() (*ticket.Ticket, error) { return ts.Workflow.Sign(dept, n) },
		func() (*ticket.Ticket, error) { return ts.Workflow.Reply(dept, n, "已责令摊主整改", "") },
		func() (*ticket.Ticket, error) { return ts.Workflow.Review(office, n, true, "") },
	} {
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
	}
	r := lastText(ts.say(t, conv, "3 未解决", "r"))
	if !strings.Contains(r, "重新办理") || !strings.Contains(r, "任城区人民政府") {
		t.Errorf("unsatisfied rating answered %q", r)
	}
	if tk := ts.order(t, n); tk.Status != ticket.Reopened {
		t.Errorf("order %s, want reopened", tk.Status)
	}
}

// TestCancelAfterRegisteringAsksFirst: 取消 right after registering asks
// before it withdraws; 查询 then shows no deadline for the withdrawn order.
func TestCancelAfterRegisteringAsksFirst(t *testing.T) {
	ts := newTestServer(t, time.Date(2026, 12, 2, 10, 0, 0, 0, cst))
	conv, _ := ts.script(t, "任城区古槐路有烧烤摊占道经营，油烟很大", "13953706688", "确认")
	n := "20261202-0001"
	r := lastText(ts.say(t, conv, "取消", "c1"))
	if !strings.Contains(r, n) || !strings.Contains(r, "确认") {
		t.Fatalf("取消 answered %q, want a question naming the order", r)
	}
	if tk := ts.order(t, n); tk.Status == ticket.Cancelled {
		t.Fatal("withdrawn without asking")
	}
	r = lastText(ts.say(t, conv, "确认", "c2"))
	if !strings.Contains(r, "已撤销") {
		t.Fatalf("confirmation answered %q", r)
	}
	if tk := ts.order(t, n); tk.Status != ticket.Cancelled {
		t.Fatalf("order %s after the confirmation", tk.Status)
	}
	r = lastText(ts.say(t, conv, "查询", "c3"))
	if !strings.Contains(r, "已撤销") || strings.Contains(r, "时限") || strings.Contains(r, "年") {
		t.Errorf("查询 of a withdrawn order: %q", r)
	}
	// A 取消 answered with anything but yes keeps the order.
	conv2, _ := ts.script(t, "兖州区鼓楼街道的垃圾桶满了好几天没人清理", "13953706677", "确认")
	ts.say(t, conv2, "取消", "d1")
	ts.say(t, conv2, "不对", "d2")
	if tk := ts.order(t, "20261202-0002"); tk.Status == ticket.Cancelled {
		t.Error("a 不对 to the question withdrew the order")
	}
}

// TestImageWhileAskedForAPhone: a photo sent while the bot asks for a
// phone number is kept, not called a wrong number.
func TestImageWhileAskedForAPhone(t *testing.T) {
	ts := newTestServer(t, time.Date(2026, 12, 2, 10, 0, 0, 0, cst))
	ctx := context.Background()
	send := func(m inbound.Message) string {
		t.Helper()
		m.Channel, m.UserID = "telegram", "42"
		res, err := ts.Engine.Handle(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		texts := res.Texts()
		return strings.Join(texts, "\n")
	}
	if r := send(inbound.Message{Text: "任城区古槐路有烧烤摊占道经营，油烟很大"}); !strings.Contains(r, "联系电话") {
		t.Fatalf("no question for the phone: %q", r)
	}
	r := send(inbound.Message{Media: []inbound.Media{{Kind: "image", ID: "photo-1"}}})
	if strings.Contains(r, "号码好像不太对") || !strings.Contains(r, "联系电话") {
		t.Errorf("photo answered %q", r)
	}
	r = send(inbound.Message{Text: "13953706688"})
	if !strings.Contains(r, "请核对") {
		t.Fatalf("phone answered %q", r)
	}
	r = send(inbound.Message{Text: "确认"})
	var tk *ticket.Ticket
	_ = ts.Store.View(func(tx *store.Tx) error { tk, _ = tx.Ticket("20261202-0001"); return nil })
	if tk == nil || len(tk.Attachments) != 1 || !strings.Contains(tk.Attachments[0], "photo-1") {
		t.Errorf("the photo is not on the order: %q, %+v", r, tk)
	}
}

// TestHelloMidConversation: 你好 in the middle of a conversation is
// answered briefly, never with the whole welcome again, and the question
// that was open is asked again.
func TestHelloMidConversation(t *testing.T) {
	ts := newTestServer(t, time.Date(2026, 12, 2, 10, 0, 0, 0, cst))
	welcome, err := ts.Engine.Greeting()
	if err != nil {
		t.Fatal(err)
	}
	conv, r := ts.script(t, "任城区古槐路有烧烤摊占道经营，油烟很大", "你好")
	if r[1] == welcome || strings.Contains(r[1], "号码好像不太对") || !strings.Contains(r[1], "联系电话") {
		t.Errorf("你好 while asked for the phone: %q", r[1])
	}
	ts.say(t, conv, "13953706688", "p")
	ts.say(t, conv, "确认", "c")
	if r := lastText(ts.say(t, conv, "你好", "h")); r == welcome || strings.Contains(r, "请直接告诉我们您遇到的问题和具体地点") {
		t.Errorf("你好 after registering repeats the welcome: %q", r)
	}
}

// TestAgentRegistrationDispatchesAutomatically: an agent's registration of
// a clear complaint is dispatched at once like the bot's (history actor
// system), the department finds it in its inbox, and the citizen is told
// where it went.
func TestAgentRegistrationDispatchesAutomatically(t *testing.T) {
	ts := newTestServer(t, time.Date(2026, 12, 2, 10, 0, 0, 0, cst))
	conv, _ := ts.script(t, "任城区古槐路有烧烤摊占道经营，油烟很大", "人工")
	ctx := context.Background()
	id := "webchat:" + conv
	if _, err := ts.Engine.Take(ctx, id, "wang"); err != nil {
		t.Fatal(err)
	}
	tk, err := ts.Engine.RegisterOrder(ctx, id, "wang", bot.OrderFields{Phone: "13953706688"})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status != ticket.Dispatched || tk.Department != "任城区人民政府" || tk.Events[len(tk.Events)-1].Actor != "system" {
		t.Fatalf("agent's order: %s to %s, last event %+v", tk.Status, tk.Department, tk.Events[len(tk.Events)-1])
	}
	_, msgs, _ := ts.Engine.Conversation(id, 0)
	if last := msgs[len(msgs)-1].Text; !strings.Contains(last, "已转交任城区人民政府办理") {
		t.Errorf("citizen told %q", last)
	}
	inbox, err := ts.Workflow.Reminders("任城区人民政府", 0)
	if err != nil || len(inbox) != 1 || inbox[0].Number != tk.Number {
		t.Errorf("department's inbox %+v, %v", inbox, err)
	}
}
