package desk

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"hotline/bot"
	"hotline/nlp"
	"hotline/ticket"
)

// wantReason is what lowClassifier gives the van in a ditch, as JSON.
var wantReason = map[string]any{"number": "122", "cue": "面包车翻到沟里", "rule": nlp.RuleRoadCollision,
	"also": []any{map[string]any{"number": "120", "cue": "满脸是血", "rule": "bleeding"}}}

// TestEmergencyReasonInConsole: the queue entry, the conversation, its
// draft and the order page carry why the message was flagged, and the
// page gets the names it shows them with (meta).
func TestEmergencyReasonInConsole(t *testing.T) {
	e := newEnv(t, nil)
	a1 := e.login(t, "agent1")
	conv := e.queueConversation(t, "e1", "古槐路面包车翻到沟里了，司机满脸是血")
	_, q := e.do(t, a1, "GET", "/desk/api/queue", nil)
	first := q["queue"].([]any)[0].(map[string]any)
	if first["emergency"] != true || !reflect.DeepEqual(first["emergency_reason"], wantReason) {
		t.Fatalf("queue entry: %v", first)
	}
	_, v := e.do(t, a1, "GET", "/desk/api/conversations/"+conv, nil)
	c := v["conversation"].(map[string]any)
	if !reflect.DeepEqual(c["emergency_reason"], wantReason) || !reflect.DeepEqual(c["draft"].(map[string]any)["emergency_reason"], wantReason) {
		t.Fatalf("conversation: %v", c)
	}
	if code, _ := e.do(t, a1, "POST", "/desk/api/conversations/"+conv+"/take", nil); code != 200 {
		t.Fatalf("take: %d", code)
	}
	code, reg := e.do(t, a1, "POST", "/desk/api/conversations/"+conv+"/register", map[string]string{})
	if code != 201 || !reflect.DeepEqual(reg["ticket"].(map[string]any)["emergency_reason"], wantReason) {
		t.Fatalf("register: %d %v", code, reg)
	}
	_, meta := e.do(t, a1, "GET", "/desk/api/meta", nil)
	if l := meta["emergency"].(map[string]any); l["reason"] != "紧急原因" || l["number"] != "应拨打" || l["also"] != "另需拨打" {
		t.Fatalf("meta.emergency: %v", l)
	}
	if names := meta["emergency_rules"].(map[string]any); names[nlp.RuleRoadCollision] != "交通事故有人受伤或被困" || names[nlp.RuleModel] == "" {
		t.Fatalf("meta.emergency_rules: %v", names)
	}
	e.wf.mu.Lock()
	e.wf.orders[ownOrder].EmergencyReason = &ticket.EmergencyReason{Number: "110", Cue: "说要跳下去", Rule: "suicide-intent"}
	e.wf.mu.Unlock()
	_, o := e.do(t, a1, "GET", "/desk/api/orders/"+ownOrder, nil)
	want := map[string]any{"number": "110", "cue": "说要跳下去", "rule": "suicide-intent"}
	if got := o["ticket"].(map[string]any)["emergency_reason"]; !reflect.DeepEqual(got, want) {
		t.Fatalf("order page: %v", got)
	}
}

// TestEmergencyReasonInAgentsAPI: the agents' bearer-token API shows the
// reason in the queue, the conversation and the order.
func TestEmergencyReasonInAgentsAPI(t *testing.T) {
	e := newEnv(t, nil)
	api, err := New(e.eng, "plain-token", APIOptions{Store: e.st})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	api.Routes(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	get := func(path string) map[string]any {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer plain-token")
		req.Header.Set("X-Agent", "wang")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out map[string]any
		if resp.StatusCode != 200 || json.Unmarshal(raw, &out) != nil {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, raw)
		}
		return out
	}
	id := e.queueConversation(t, "e2", "古槐路面包车翻到沟里了，司机满脸是血")
	first := get("/api/queue")["queue"].([]any)[0].(map[string]any)
	if !reflect.DeepEqual(first["emergency_reason"], wantReason) {
		t.Fatalf("queue item: %v", first)
	}
	c := get("/api/conversations/" + first["id"].(string))["conversation"].(map[string]any)
	if !reflect.DeepEqual(c["emergency_reason"], wantReason) {
		t.Fatalf("conversation: %v", c)
	}
	if _, err := e.eng.Take(t.Context(), id, "wang"); err != nil {
		t.Fatal(err)
	}
	tk, err := e.eng.RegisterOrder(t.Context(), id, "wang", bot.OrderFields{})
	if err != nil {
		t.Fatal(err)
	}
	if got := get("/api/tickets/" + tk.Number)["ticket"].(map[string]any)["emergency_reason"]; !reflect.DeepEqual(got, wantReason) {
		t.Fatalf("order: %v", got)
	}

	// A conversation that is no emergency, whose draft holds a flag the
	// classifier's veto set aside, shows that flag in the queue.
	e.queueConversation(t, "s2", "我家老人吃错了药，问了医生说没大事")
	want := map[string]any{"number": "120", "cue": "吃错了药", "rule": "poisoning", "set_aside": true}
	found := false
	for _, it := range get("/api/queue")["queue"].([]any) {
		if q := it.(map[string]any); q["emergency"] != true {
			found = true
			if !reflect.DeepEqual(q["emergency_reason"], want) {
				t.Errorf("queue item of a flag set aside: %v", q)
			}
		}
	}
	if !found {
		t.Error("the conversation of a flag set aside is not in the queue")
	}
}
