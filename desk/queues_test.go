package desk

import (
	"strings"
	"testing"
)

func TestWorkQueuesAPI(t *testing.T) {
	e := newEnv(t, nil)
	cookie := e.login(t, "super1")
	code, body := e.do(t, cookie, "GET", "/desk/api/queues", nil)
	if code != 200 {
		t.Fatalf("counts: %d %v", code, body)
	}
	qs := body["queues"].([]any)
	if len(qs) != 2 {
		t.Fatalf("queues %v", qs)
	}
	first := qs[0].(map[string]any)
	if first["name"] != "dispatch" || first["label"] != "待派单" || first["count"] != float64(1) {
		t.Errorf("first queue %v, want 待派单 with 1", first)
	}
	code, body = e.do(t, cookie, "GET", "/desk/api/queues/dispatch", nil)
	if code != 200 {
		t.Fatalf("queue: %d %v", code, body)
	}
	items := body["items"].([]any)
	it := items[0].(map[string]any)
	if it["number"] != ownOrder || it["mark"] != "red" || it["remaining_seconds"] != float64(-60) {
		t.Errorf("item %v", it)
	}
	if phone, _ := it["phone"].(string); !strings.Contains(phone, "****") {
		t.Errorf("phone %q is not masked", phone)
	}
	if code, body := e.do(t, cookie, "GET", "/desk/api/queues/nope", nil); code != 404 {
		t.Errorf("unknown queue: %d %v", code, body)
	}
	if code, _ := e.do(t, e.login(t, "police"), "GET", "/desk/api/queues", nil); code != 403 {
		t.Errorf("a department reads the office's queues: %d", code)
	}
}
