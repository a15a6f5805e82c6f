package desk

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"hotline/config"
	"hotline/ticket"
	"hotline/workflow"
)

// TestEveryActionConfirms: every action the console offers on an order
// answers with its own confirmation (a console text of the default's and
// a value for each of its placeholders), not a generic 操作成功, and every
// operation of the workflow but view has one, each outcome its own.
func TestEveryActionConfirms(t *testing.T) {
	e := newEnv(t, nil)
	ord := "/desk/api/orders/" + ownOrder
	office, dept, super := e.login(t, "agent1"), e.login(t, "police"), e.login(t, "super1")
	calls := []struct {
		op      workflow.Op
		cookie  *http.Cookie
		path    string
		body    any
		id, say string // the text's id and what it says, filled
	}{
		{workflow.OpEdit, office, "/edit", map[string]any{"field": "title", "value": "新标题"}, "done.edit", "已保存：" + e.con.labels.fields["title"]},
		{workflow.OpAnswer, office, "/answer", map[string]string{"text": "已答复"}, "done.answer", ""},
		{workflow.OpDispatch, office, "/dispatch", map[string]any{"department": "市城市管理局"}, "done.dispatch", "已派单至市城市管理局"},
		{workflow.OpMerge, office, "/merge", map[string]string{"into": otherOrder}, "done.merge", "已并入 " + otherOrder},
		{workflow.OpSign, dept, "/sign", nil, "done.sign", "已签收"},
		{workflow.OpReply, dept, "/reply", map[string]string{"text": "已处理"}, "done.reply", ""},
		{workflow.OpCoReply, dept, "/co-reply", map[string]string{"text": "已配合核实"}, "done.co_reply", "已提交协办意见，已告知主办单位"},
		{workflow.OpRequestExtension, dept, "/extension", map[string]string{"reason": "需协调", "new_due": "2026-12-10"}, "done.extension_request", "已提交延期申请（至 2026-12-10）"},
		{workflow.OpReturn, dept, "/return", map[string]string{"reason": "不属于本单位"}, "done.return", "已退回派单组"},
		{workflow.OpDecideExtension, office, "/extension/decision", map[string]any{"approve": true}, "done.extension_approved", ""},
		{workflow.OpDecideExtension, office, "/extension/decision", map[string]any{"approve": false, "comment": "理由不足"}, "done.extension_refused", ""},
		{workflow.OpReview, office, "/review", map[string]any{"approve": true}, "done.review_approved", ""},
		{workflow.OpReview, office, "/review", map[string]any{"approve": false, "comment": "未解决"}, "done.review_rework", ""},
		{workflow.OpSupervise, super, "/supervise", map[string]any{"note": "请加快办理"}, "done.supervise", "已督办"},
		{workflow.OpSupervise, super, "/supervise", map[string]any{"note": "请加快办理", "instruction": true}, "done.instruct", "已批示"},
		{workflow.OpRate, office, "/rate", map[string]any{"satisfaction": "满意", "solved": true}, "done.rate", "已记录回访：满意"},
	}
	def, _ := config.Default()
	placeholderPattern := regexp.MustCompile(`\{\w+\}`)
	seen := map[workflow.Op]bool{}
	for _, c := range calls {
		code, body := e.do(t, c.cookie, "POST", ord+c.path, c.body)
		if code != 200 {
			t.Errorf("%s: %d %v", c.path, code, body)
			continue
		}
		done, _ := body["done"].(map[string]any)
		id, _ := done["id"].(string)
		if id != c.id {
			t.Errorf("%s %v confirms with %q, want %q", c.path, c.body, id, c.id)
			continue
		}
		seen[c.op] = true
		text, ok := def.ConsoleTexts[id]
		if !ok || text == "" {
			t.Errorf("%s: console_texts has no %s", c.path, id)
			continue
		}
		vars, _ := done["vars"].(map[string]any)
		filled := placeholderPattern.ReplaceAllStringFunc(text, func(m string) string {
			v, ok := vars[m[1:len(m)-1]].(string)
			if !ok || v == "" {
				t.Errorf("%s: %s's placeholder %s has no value in %v", c.path, id, m, vars)
			}
			return v
		})
		if c.say != "" && filled != c.say {
			t.Errorf("%s says %q, want %q", c.path, filled, c.say)
		}
	}
	for _, op := range workflow.Ops() {
		if op != workflow.OpView && !seen[op] {
			t.Errorf("the console's %s has no confirmation", op)
		}
	}
	// The table behind them: every operation but view, each of its texts
	// one of the default's.
	for _, op := range workflow.Ops() {
		ids, ok := confirmTexts[op]
		if op == workflow.OpView {
			continue
		}
		if !ok {
			t.Errorf("confirmTexts has no %s", op)
		}
		for _, id := range append(ids[:], confirmLeaderItem) {
			if id != "" && !slices.Contains(config.DefaultConsoleTextIDs(), id) {
				t.Errorf("%s: %s is not a console text", op, id)
			}
		}
	}
	if extra := slices.DeleteFunc(slices.Collect(maps.Keys(confirmTexts)), func(op workflow.Op) bool { return slices.Contains(workflow.Ops(), op) }); len(extra) > 0 {
		t.Errorf("confirmTexts names unknown operations %v", extra)
	}
}

// TestConversationActionsConfirm: taking, transferring, releasing and
// closing a conversation and registering its order each say what they
// did (the colleague by their display name, the order by its number).
func TestConversationActionsConfirm(t *testing.T) {
	e := newEnv(t, nil)
	admin, a1, a2 := e.login(t, "admin1"), e.login(t, "agent1"), e.login(t, "agent2")
	if code, body := e.do(t, admin, "POST", "/desk/api/users/agent2", map[string]string{"display_name": "李娜", "role": RoleAgent}); code != 200 {
		t.Fatalf("naming agent2: %d %v", code, body)
	}
	conv := "/desk/api/conversations/" + e.queueConversation(t, "c1", "小区门口垃圾没人清运")
	e.openStream(t, a2) // agent2 is on duty
	texts := e.cfg.ConsoleTexts
	for _, step := range []struct {
		who        *http.Cookie
		path       string
		body       any
		id, say    string
		statusWant int
	}{
		{a1, "/take", nil, "done.conv_take", texts["done.conv_take"], 200},
		{a1, "/transfer", map[string]string{"to": "agent2"}, "done.conv_transfer", "已转交李娜", 200},
		{a2, "/release", nil, "done.conv_release", texts["done.conv_release"], 200},
		{a1, "/take", nil, "done.conv_take", texts["done.conv_take"], 200},
		{a1, "/register", map[string]string{"title": "垃圾清运不及时"}, "", "", 201},
		{a1, "/close", nil, "done.conv_close", texts["done.conv_close"], 200},
	} {
		code, body := e.do(t, step.who, "POST", conv+step.path, step.body)
		if code != step.statusWant {
			t.Fatalf("%s: %d %v", step.path, code, body)
		}
		done, _ := body["done"].(map[string]any)
		if step.path == "/register" {
			step.id = registerConfirms(body["ticket"].(map[string]any))
		}
		if done["id"] != step.id {
			t.Errorf("%s confirms with %v, want %s", step.path, done, step.id)
			continue
		}
		vars, _ := done["vars"].(map[string]any)
		say := regexp.MustCompile(`\{\w+\}`).ReplaceAllStringFunc(texts[step.id], func(m string) string {
			v, _ := vars[m[1:len(m)-1]].(string)
			if v == "" {
				t.Errorf("%s: %s has no value in %v", step.path, m, vars)
			}
			return v
		})
		if step.path == "/register" {
			step.say = registerSays(body["ticket"].(map[string]any))
		}
		if say != step.say {
			t.Errorf("%s says %q, want %q", step.path, say, step.say)
		}
	}
}

// registerConfirms is the confirmation an order registered from a
// conversation should answer with, by what became of it (tk, the answer's
// order), and registerSays its words in the default's texts.
func registerConfirms(tk map[string]any) string {
	switch {
	case tk["status"] == string(ticket.Dispatched):
		return "done.register_dispatched"
	case tk["status"] == string(ticket.Accepted) && tk["hold"] != nil:
		return "done.register_held"
	}
	return "done.register"
}

func registerSays(tk map[string]any) string {
	switch registerConfirms(tk) {
	case "done.register_dispatched":
		return fmt.Sprintf("已登记工单 %s，已派单至%s", tk["number"], tk["department"])
	case "done.register_held":
		return fmt.Sprintf("已登记工单 %s，待派单（%s）", tk["number"], tk["hold"])
	}
	return fmt.Sprintf("已登记工单 %s", tk["number"])
}

// TestRegisterConfirmsWhereTheOrderWent: registering a conversation's
// order says whether the workflow dispatched it at once (直派: 已派单至 and
// the department) or holds it in 待派单 with the reason, as the phone
// desk says of a call's order, so the agent knows whether the office
// still has to dispatch it; it said only 已登记工单 N. (The gateway's own
// registration, with the real automatic dispatch: server's
// TestRegisterConfirmsDispatch.)
func TestRegisterConfirmsWhereTheOrderWent(t *testing.T) {
	def, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range []*ticket.Ticket{
		{Number: "20261203-0001", Status: ticket.Dispatched, Department: "任城区人民政府"},
		{Number: "20261203-0002", Status: ticket.Accepted, Department: "市住房和城乡建设局", Hold: "涉及敏感内容“电视台”，需人工审核"},
		{Number: "20261203-0003", Status: ticket.Accepted, Department: "市住房和城乡建设局"},
	} {
		raw, _ := json.Marshal(tk)
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		c := registered(tk)
		say := regexp.MustCompile(`\{\w+\}`).ReplaceAllStringFunc(def.ConsoleTexts[c.ID], func(p string) string { return c.Vars[p[1:len(p)-1]] })
		if c.ID != registerConfirms(m) || say != registerSays(m) {
			t.Errorf("%s (%s, hold %q) confirms with %s: %q; want %s: %q", tk.Number, tk.Status, tk.Hold, c.ID, say, registerConfirms(m), registerSays(m))
		}
	}
}

// TestUserChangesConfirm: adding an account, saving it, disabling and
// enabling it each say what they did to whom (the display name).
func TestUserChangesConfirm(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.login(t, "admin1")
	for _, step := range []struct {
		path string
		body any
		say  string
	}{
		{"/desk/api/users", map[string]string{"name": "zhao1", "display_name": "赵敏", "role": RoleAgent, "password": "abcdefgh1"}, "已添加用户 赵敏"},
		{"/desk/api/users/zhao1", map[string]string{"display_name": "赵敏敏"}, "已保存用户 赵敏敏"},
		{"/desk/api/users/zhao1", map[string]bool{"disabled": true}, "已停用用户 赵敏敏"},
		{"/desk/api/users/zhao1", map[string]bool{"disabled": false}, "已启用用户 赵敏敏"},
		{"/desk/api/users/agent2", map[string]string{"role": RoleSupervisor}, "已保存用户 agent2"},
	} {
		code, body := e.do(t, admin, "POST", step.path, step.body)
		if code != 200 && code != 201 {
			t.Fatalf("%s %v: %d %v", step.path, step.body, code, body)
		}
		done, _ := body["done"].(map[string]any)
		id, _ := done["id"].(string)
		vars, _ := done["vars"].(map[string]any)
		text, ok := e.cfg.ConsoleTexts[id]
		if !ok {
			t.Errorf("%s %v confirms with %v: no such console text", step.path, step.body, done)
			continue
		}
		if say := strings.ReplaceAll(text, "{name}", fmt.Sprint(vars["name"])); say != step.say {
			t.Errorf("%s %v says %q, want %q", step.path, step.body, say, step.say)
		}
	}
}
