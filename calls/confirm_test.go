package calls

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"hotline/httpx"
	"hotline/store"
	"hotline/ticket"
)

// fakeDispatcher dispatches every order to its department, or holds it
// with reason when one is set.
type fakeDispatcher struct{ reason string }

func (d fakeDispatcher) AutoDispatch(tx *store.Tx, tk *ticket.Ticket, now time.Time) (bool, string, error) {
	if d.reason != "" {
		tk.Hold = d.reason
		return false, d.reason, tx.PutTicket(tk)
	}
	if err := tk.Transition(ticket.Dispatched, ticket.Event{At: now, Actor: "system"}); err != nil {
		return false, "", err
	}
	return true, "", tx.PutTicket(tk)
}

// desk calls the console endpoint pattern as agent, as the console mounts
// it, and returns the status and the answer.
func (f *fixture) desk(t *testing.T, agent, method, path string, body any) (int, map[string]any) {
	t.Helper()
	mux := http.NewServeMux()
	for pattern, h := range f.svc.DeskHandlers() {
		mux.Handle(pattern, httpx.Handle(func(w http.ResponseWriter, r *http.Request) error { return h(w, r, agent) }))
	}
	b, _ := json.Marshal(body)
	req := httptest.NewRequest(method, path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

// TestPhoneDeskConfirms: every action of the phone desk answers with what
// it did to whom (done: a console text of the default's and its values),
// as the rest of the console does, not a bare 操作成功: a call started by
// hand, an order registered from a call (dispatched, held, answered), a
// call kept as a note, a callback claimed and each of its results.
func TestPhoneDeskConfirms(t *testing.T) {
	f := newFixture(t)
	texts := f.svc.o.Config.ConsoleTexts
	placeholder := regexp.MustCompile(`\{\w+\}`)
	say := func(step string, out map[string]any, id, want string) {
		t.Helper()
		done, _ := out["done"].(map[string]any)
		if got, _ := done["id"].(string); got != id {
			t.Errorf("%s: confirms with %q (%v), want %q", step, got, out, id)
			return
		}
		text := texts[id]
		vars, _ := done["vars"].(map[string]any)
		for k, v := range vars {
			text = strings.ReplaceAll(text, "{"+k+"}", v.(string))
		}
		if placeholder.MatchString(text) || text != want {
			t.Errorf("%s: says %q, want %q", step, text, want)
		}
	}
	code, out := f.desk(t, "wang", "POST", "/desk/api/calls", map[string]string{"caller": "139 5370 6688"})
	if code != http.StatusCreated {
		t.Fatalf("start: %d %v", code, out)
	}
	say("a call started by hand", out, "done.call_start", "已开始登记 13953706688 的来电")
	first := out["call"].(map[string]any)["id"].(string)
	f.svc.o.Dispatcher = fakeDispatcher{}
	code, out = f.desk(t, "wang", "POST", "/desk/api/calls/"+first+"/register", map[string]any{"description": "任城区古槐路路灯不亮"})
	if code != 200 {
		t.Fatalf("register: %d %v", code, out)
	}
	number := out["ticket"].(map[string]any)["number"].(string)
	dept := out["ticket"].(map[string]any)["department"].(string)
	say("an order dispatched", out, "done.call_register", "已登记 13953706688 的来电：工单 "+number+" 已派单至"+dept)

	f.svc.o.Dispatcher = fakeDispatcher{reason: "未开启自动派单"}
	f.event(t, "c2", "answered", "0537-7212345", "wang")
	_, out = f.desk(t, "wang", "POST", "/desk/api/calls/c2/register", map[string]any{"description": "咨询供暖报停"})
	held := out["ticket"].(map[string]any)["number"].(string)
	say("an order held", out, "done.call_register_held", "已登记 0537-7212345 的来电：工单 "+held+" 待派单（未开启自动派单）")
	f.svc.o.Dispatcher = nil
	f.event(t, "c3", "answered", "", "wang")
	_, out = f.desk(t, "wang", "POST", "/desk/api/calls/c3/register", map[string]any{"description": "咨询公积金提取"})
	accepted := out["ticket"].(map[string]any)["number"].(string)
	say("an order from a withheld number", out, "done.call_register_status", "已登记 未显示号码 的来电：工单 "+accepted+"，已受理")
	if got := f.svc.registered("13953706688", &ticket.Ticket{Number: "20261202-0009", Status: ticket.Answered}); got.ID != "done.call_register_answered" || got.Vars["number"] != "20261202-0009" {
		t.Errorf("an order answered directly confirms with %+v", got)
	}

	f.event(t, "c4", "answered", "13800000001", "wang")
	_, out = f.desk(t, "wang", "POST", "/desk/api/calls/c4/note", map[string]string{"text": "咨询公交线路，已答复"})
	say("a note only", out, "done.call_note", "已记录 13800000001 的来电（未登记工单）")

	f.event(t, "m1", "missed", "0537-7212345", "")
	_, out = f.desk(t, "wang", "POST", "/desk/api/callbacks/m1/claim", nil)
	say("a claim", out, "done.callback_claim", "已认领 0537-7212345 的回拨，请回拨")
	_, out = f.desk(t, "wang", "POST", "/desk/api/callbacks/m1/result", map[string]string{"result": ResultNoAnswer})
	say("no answer", out, "done.callback_no_answer", "已记录回拨 0537-7212345：无人接听，已放回回拨列表")
	f.desk(t, "wang", "POST", "/desk/api/callbacks/m1/claim", nil)
	_, out = f.desk(t, "wang", "POST", "/desk/api/callbacks/m1/result", map[string]string{"result": ResultOrder, "order": number})
	say("an order", out, "done.callback_order", "已记录回拨 0537-7212345：已登记工单 "+number)
	for _, r := range []string{ResultAnswered, ResultWrongNumber} {
		id := r + "-call"
		f.event(t, id, "missed", "13800000002", "")
		f.desk(t, "li", "POST", "/desk/api/callbacks/"+id+"/claim", nil)
		_, out = f.desk(t, "li", "POST", "/desk/api/callbacks/"+id+"/result", map[string]string{"result": r})
		want := map[string]string{ResultAnswered: "已记录回拨 13800000002：已回复", ResultWrongNumber: "已记录回拨 13800000002：号码错误"}[r]
		say(r, out, confirmResults[r], want)
	}
	// A refusal says what is wrong, never a confirmation.
	if code, out := f.desk(t, "li", "POST", "/desk/api/callbacks/m1/claim", nil); code == 200 || out["done"] != nil {
		t.Errorf("a done callback claimed again: %d %v", code, out)
	}
}
