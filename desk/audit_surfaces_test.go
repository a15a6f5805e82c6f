package desk

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotline/store"
)

// TestConversationActionsAuditedOnEverySurface: an agent's take, reply and
// hand-back are one audit entry each, in the same words, whether they come
// from the console or the agents' API, but for the actor: each surface's
// own name of the agent (desk:agent1 for the logged-in console user,
// api:agent1 for an API caller whose X-Agent says agent1), so that the
// log tells who did it; the conversation's holder is the bare name on
// both (the Telegram group's are channels/telegram's TestAgentsGroupFlow,
// tg:NAME).
func TestConversationActionsAuditedOnEverySurface(t *testing.T) {
	e := newEnv(t, nil)
	api, err := New(e.eng, "plain-token", APIOptions{Store: e.st})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	api.Routes(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	viaAPI := func(path string, body any) {
		t.Helper()
		var rd bytes.Buffer
		if body != nil {
			_ = json.NewEncoder(&rd).Encode(body)
		}
		req, _ := http.NewRequest("POST", srv.URL+path, &rd)
		req.Header.Set("Authorization", "Bearer plain-token")
		req.Header.Set("X-Agent", "agent1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("POST %s: %d", path, resp.StatusCode)
		}
	}
	a1 := e.login(t, "agent1")
	viaConsole := func(path string, body any) {
		t.Helper()
		if code, out := e.do(t, a1, "POST", "/desk"+path, body); code != 200 {
			t.Fatalf("POST /desk%s: %d %v", path, code, out)
		}
	}
	ids := map[string]string{}
	for surface, post := range map[string]func(string, any){"console": viaConsole, "api": viaAPI} {
		id := e.queueConversation(t, "audit-"+surface, "我家门口的路灯坏了")
		ids[surface] = id
		handle := e.con.ids.of(id)
		post("/api/conversations/"+handle+"/take", nil)
		post("/api/conversations/"+handle+"/reply", map[string]string{"text": "您好，请留个电话13953706688"})
		post("/api/conversations/"+handle+"/release", nil)
	}
	var log []store.AuditEntry
	if err := e.st.View(func(tx *store.Tx) error { log, err = tx.AuditLog(100); return err }); err != nil {
		t.Fatal(err)
	}
	entries := func(id string) []string {
		var out []string
		for _, en := range log {
			if en.Object == id {
				out = append(out, e.con.ActionLabel(en.Action)+" "+en.Actor+" "+en.Before+" "+en.After)
			}
		}
		slices.Sort(out)
		return out
	}
	console, viaapi := entries(ids["console"]), entries(ids["api"])
	want := func(actor string) []string {
		return []string{
			`交还机器人 ` + actor + ` {"agent":"agent1","state":"agent"} {"agent":"","state":"collecting"}`,
			`坐席回复 ` + actor + `  {"text":"您好，请留个电话139****6688"}`,
			`接管会话 ` + actor + ` {"agent":"","state":"queued"} {"agent":"agent1","state":"agent"}`,
		}
	}
	if w := want("desk:agent1"); !slices.Equal(console, w) {
		t.Errorf("the console's actions in the audit log:\n%s\nwant\n%s", strings.Join(console, "\n"), strings.Join(w, "\n"))
	}
	if w := want("api:agent1"); !slices.Equal(viaapi, w) {
		t.Errorf("the agents' API's actions in the audit log:\n%s\nwant\n%s", strings.Join(viaapi, "\n"), strings.Join(w, "\n"))
	}
}

// TestAuditNamesTheSurface: the audit log's view names each person with
// the surface they acted from, in console_labels.actor_via's words and
// the surfaces' names (控制台, 坐席接口, Telegram 坐席群), a console login
// by its display name where the account has one, but an API caller's
// X-Agent and a Telegram username as recorded (they are not logins, and
// agent1 there is not 王芳); meta serves the same tables to the
// page's actorLabel.
func TestAuditNamesTheSurface(t *testing.T) {
	e := newEnv(t, nil)
	now := e.clk.now()
	if err := e.st.Update(func(tx *store.Tx) error {
		u, err := tx.User("agent1")
		if err != nil {
			return err
		}
		u.DisplayName = "王芳"
		if err := tx.PutUser(u); err != nil {
			return err
		}
		for i, actor := range []string{"desk:agent1", "api:agent1", "tg:agent1", "tg:zhangsan", "dept:市公安局/police", "system"} {
			if err := tx.Audit(store.AuditEntry{At: now.Add(time.Duration(i) * time.Second), Actor: actor, Action: "conversation.take", Object: "surface-" + actor}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	code, m := e.do(t, e.login(t, "admin1"), "GET", "/desk/api/audit", nil)
	if code != 200 {
		t.Fatalf("audit: %d %v", code, m)
	}
	got := map[string]string{}
	for _, a := range m["audit"].([]any) {
		av := a.(map[string]any)
		if obj, _ := av["object"].(string); strings.HasPrefix(obj, "surface-") {
			got[av["actor"].(string)] = av["actor_label"].(string)
		}
	}
	want := map[string]string{
		"desk:agent1": "王芳（控制台）", "api:agent1": "agent1（坐席接口）", "tg:agent1": "agent1（Telegram 坐席群）", "tg:zhangsan": "zhangsan（Telegram 坐席群）",
		"dept:市公安局/police": "市公安局 police", "system": "系统",
	}
	for actor, w := range want {
		if got[actor] != w {
			t.Errorf("actor %s shown as %q, want %q", actor, got[actor], w)
		}
	}
	// The XLSX export reads the same: the view's headings, who and from
	// where, the action's label; it is itself audited, and only an
	// administrator may take it.
	admin := e.login(t, "admin1")
	resp, b := e.download(t, admin, "/desk/api/audit/export")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97-") {
		t.Fatalf("audit export: %d %s", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	xrows, err := f.GetRows(e.cfg.DeskTexts.AuditExport.Sheet)
	if err != nil {
		t.Fatal(err)
	}
	texts := e.cfg.ConsoleTexts
	if head := []string{texts["audit.time"], texts["audit.actor"], texts["audit.action"], texts["audit.object"], texts["audit.before"], texts["audit.after"]}; len(xrows) == 0 || !slices.Equal(xrows[0], head) {
		t.Fatalf("the export's headings %v, want %v", xrows[:min(1, len(xrows))], head)
	}
	exported := map[string]string{}
	for _, row := range xrows[1:] {
		if len(row) >= 4 && strings.HasPrefix(row[3], "surface-") {
			exported[strings.TrimPrefix(row[3], "surface-")] = row[1] + " " + row[2]
		}
	}
	for actor, w := range want {
		if exported[actor] != w+" 接管会话" {
			t.Errorf("the export names %s as %q, want %q", actor, exported[actor], w+" 接管会话")
		}
	}
	_, m = e.do(t, admin, "GET", "/desk/api/audit", nil)
	audited := 0
	for _, a := range m["audit"].([]any) {
		if av := a.(map[string]any); av["action"] == "audit.export" && av["actor_label"] == "admin1（控制台）" && av["action_label"] == "导出审计日志" {
			audited++
		}
	}
	if audited != 1 {
		t.Errorf("the export audited %d times, want once as admin1（控制台） 导出审计日志", audited)
	}
	if resp, _ := e.download(t, e.login(t, "super1"), "/desk/api/audit/export"); resp.StatusCode != 403 {
		t.Errorf("a supervisor's audit export: %d, want 403", resp.StatusCode)
	}
	_, meta := e.do(t, e.login(t, "agent1"), "GET", "/desk/api/meta", nil)
	surfaces, _ := meta["surfaces"].(map[string]any)
	for code, w := range map[string]string{"desk": "控制台", "api": "坐席接口", "tg": "Telegram 坐席群"} {
		if surfaces[code] != w {
			t.Errorf("meta.surfaces[%s] = %v, want %s", code, surfaces[code], w)
		}
	}
	if meta["actor_via"] != "{name}（{surface}）" {
		t.Errorf("meta.actor_via = %v", meta["actor_via"])
	}
}
