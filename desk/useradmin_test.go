package desk

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
)

// openStream opens name's event stream (the console page) and returns
// once the server has sent its hello, that is once the user counts as on
// duty.
func (e *env) openStream(t *testing.T, ck *http.Cookie) (wait func()) {
	t.Helper()
	return e.openStreamCtx(t, context.Background(), ck)
}

// openStreamCtx is openStream that ends when ctx does; wait returns when
// the stream has ended.
func (e *env) openStreamCtx(t *testing.T, parent context.Context, ck *http.Cookie) (wait func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(parent)
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/desk/api/events", nil)
	req.AddCookie(ck)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("events: %d", resp.StatusCode)
	}
	rd := bufio.NewReader(resp.Body)
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			t.Fatalf("events: %v", err)
		}
		if strings.HasPrefix(line, "event: hello") {
			break
		}
	}
	done := make(chan struct{})
	go func() { _, _ = rd.WriteTo(discard{}); resp.Body.Close(); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return func() { <-done }
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func auditActions(t *testing.T, e *env) map[string]string {
	t.Helper()
	_, m := e.do(t, e.login(t, "admin1"), "GET", "/desk/api/audit?limit=1000", nil)
	out := map[string]string{}
	for _, a := range m["audit"].([]any) {
		av := a.(map[string]any)
		out[av["action"].(string)] = av["action_label"].(string)
	}
	return out
}

func TestUserAdministration(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.login(t, "admin1")
	agent := e.login(t, "agent1")

	// A display name; the greeting uses it, never the login name.
	if code, m := e.do(t, admin, "POST", "/desk/api/users/agent1", map[string]any{"display_name": "王芳"}); code != 200 {
		t.Fatalf("display name: %d %v", code, m)
	}
	id := e.queueConversation(t, "c1", "任城区古槐路路灯不亮")
	if code, m := e.do(t, agent, "POST", "/desk/api/conversations/"+id+"/take", nil); code != 200 {
		t.Fatalf("take: %d %v", code, m)
	}
	_, msgs, err := e.eng.Conversation(id, 0)
	if err != nil {
		t.Fatal(err)
	}
	greeting := msgs[len(msgs)-1].Text
	if !strings.Contains(greeting, "王芳") || strings.Contains(greeting, "agent1") {
		t.Fatalf("greeting %q", greeting)
	}

	// Transfer goes only to an agent on duty.
	if code, _ := e.do(t, agent, "POST", "/desk/api/conversations/"+id+"/transfer", map[string]string{"to": "agent2"}); code != 422 {
		t.Fatalf("transfer to an agent offline: %d", code)
	}
	agent2 := e.login(t, "agent2")
	ctx2, stop2 := context.WithCancel(context.Background())
	stop := e.openStreamCtx(t, ctx2, agent2)
	_, m := e.do(t, agent, "GET", "/desk/api/agents", nil)
	if list := m["agents"].([]any); len(list) != 1 || list[0].(map[string]any)["name"] != "agent2" {
		t.Fatalf("agents on duty: %v", m)
	}
	if code, m := e.do(t, agent, "POST", "/desk/api/conversations/"+id+"/transfer", map[string]string{"to": "agent2"}); code != 200 {
		t.Fatalf("transfer: %d %v", code, m)
	}
	stop2()
	stop()

	// Disable: the session ends at once, the stream closes, login fails.
	stream := e.openStream(t, agent)
	if code, m := e.do(t, admin, "POST", "/desk/api/users/agent1", map[string]any{"disabled": true}); code != 200 || m["user"].(map[string]any)["disabled"] != true {
		t.Fatalf("disable: %d %v", code, m)
	}
	stream() // returns: the server closed the disabled user's stream
	_, m = e.do(t, e.login(t, "leader1"), "GET", "/desk/api/agents", nil)
	for _, u := range m["agents"].([]any) {
		if u.(map[string]any)["name"] == "agent1" {
			t.Fatalf("a disabled agent is on duty: %v", m)
		}
	}
	if code, _ := e.do(t, agent, "GET", "/desk/api/me", nil); code != 401 {
		t.Fatalf("a disabled user's session: %d", code)
	}
	if code, _ := e.do(t, nil, "POST", "/desk/api/login", map[string]string{"name": "agent1", "password": testPass}); code != 401 {
		t.Fatalf("a disabled user logs in: %d", code)
	}
	if code, _ := e.do(t, admin, "POST", "/desk/api/users/agent1", map[string]any{"disabled": false}); code != 200 {
		t.Fatal("enable")
	}

	// Reset the password: the old one and the old session stop working.
	agent = e.login(t, "agent1")
	if code, m := e.do(t, admin, "POST", "/desk/api/users/agent1/password", map[string]string{"password": "short"}); code != 422 || !hasHan(m["error"].(map[string]any)["message"].(string)) {
		t.Fatalf("short password: %d %v", code, m)
	}
	if code, _ := e.do(t, admin, "POST", "/desk/api/users/agent1/password", map[string]string{"password": "a new password 2"}); code != 200 {
		t.Fatal("reset")
	}
	if code, _ := e.do(t, agent, "GET", "/desk/api/me", nil); code != 401 {
		t.Fatalf("session after a reset: %d", code)
	}
	if code, _ := e.do(t, nil, "POST", "/desk/api/login", map[string]string{"name": "agent1", "password": testPass}); code != 401 {
		t.Fatalf("old password: %d", code)
	}
	if code, _ := e.do(t, nil, "POST", "/desk/api/login", map[string]string{"name": "agent1", "password": "a new password 2"}); code != 200 {
		t.Fatalf("new password: %d", code)
	}

	// Role and department.
	if code, m := e.do(t, admin, "POST", "/desk/api/users/agent1", map[string]any{"role": "department"}); code != 422 || !strings.Contains(m["error"].(map[string]any)["message"].(string), "选择单位") {
		t.Fatalf("department without a department: %d %v", code, m)
	}
	// A department the config has not is named, through the API as in the
	// console (http_errors.desk.unknown_department), and nothing changes.
	for _, req := range []struct {
		path string
		body map[string]any
	}{
		{"/desk/api/users", map[string]any{"name": "clerk9", "role": "department", "department": "市不存在局", "password": "abcdefgh1"}},
		{"/desk/api/users/agent1", map[string]any{"role": "department", "department": "市不存在局"}},
	} {
		code, m := e.do(t, admin, "POST", req.path, req.body)
		if msg, _ := m["error"].(map[string]any)["message"].(string); code != 422 || msg != "单位不存在：市不存在局" {
			t.Fatalf("POST %s with an unknown department: %d %v; want 422 单位不存在：市不存在局", req.path, code, m)
		}
	}
	if code, _ := e.do(t, admin, "POST", "/desk/api/users/clerk9/password", map[string]string{"password": "abcdefgh2"}); code != 404 {
		t.Fatalf("an account refused for its department exists: %d", code)
	}
	if code, m := e.do(t, admin, "POST", "/desk/api/users/agent1", map[string]any{"role": "department", "department": "市公安局"}); code != 200 || m["user"].(map[string]any)["department"] != "市公安局" {
		t.Fatalf("to a department: %d %v", code, m)
	}
	for _, bad := range []map[string]any{{"disabled": true}, {"role": "agent"}} {
		if code, m := e.do(t, admin, "POST", "/desk/api/users/admin1", bad); code != 422 {
			t.Fatalf("admin changes own account %v: %d %v", bad, code, m)
		}
	}
	if code, _ := e.do(t, admin, "POST", "/desk/api/users/nobody", map[string]any{"disabled": true}); code != 404 {
		t.Fatalf("unknown user: %d", code)
	}
	if code, _ := e.do(t, agent2, "POST", "/desk/api/users/agent1", map[string]any{"disabled": true}); code != 403 {
		t.Fatalf("an agent disables a user: %d", code)
	}

	acts := auditActions(t, e)
	for action, label := range map[string]string{"user.disable": "停用账号", "user.enable": "启用账号", "user.reset": "重置密码", "user.update": "修改用户", "conversation.transfer": "转接会话"} {
		if acts[action] != label {
			t.Errorf("audit %s: %q, want %q", action, acts[action], label)
		}
	}
}
