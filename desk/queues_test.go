package desk

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"hotline/workflow"
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

// TestWorkQueueFilters: a work queue narrows to a district, a category, a
// channel and an urgency, each alone or together, still counting the
// whole queue (total); a value the console does not offer is refused in
// zh-CN, naming it, and the queue is left as it was.
func TestWorkQueueFilters(t *testing.T) {
	e := newEnv(t, nil)
	e.wf.mu.Lock()
	tk := e.wf.orders[ownOrder]
	tk.District, tk.Category, tk.Channel, tk.Urgency = "任城区", "QT", "webchat", "紧急"
	e.wf.mu.Unlock()
	cookie := e.login(t, "super1")
	for _, c := range []struct {
		query string
		n     int
	}{
		{"", 1},
		{"district=任城区", 1},
		{"district=兖州区", 0},
		{"category=QT", 1},
		{"channel=webchat", 1},
		{"channel=sms", 0},
		{"urgency=紧急", 1},
		{"urgency=一般", 0},
		{"district=任城区&category=QT&channel=webchat&urgency=紧急", 1},
		{"district=任城区&urgency=特急", 0},
		{"district=" + workflow.NoDistrict, 0}, // 未识别区县: the order has one
	} {
		code, body := e.do(t, cookie, "GET", "/desk/api/queues/dispatch?"+url.PathEscape(c.query), nil)
		if code != 200 {
			t.Errorf("%s: %d %v", c.query, code, body)
			continue
		}
		items, _ := body["items"].([]any)
		if len(items) != c.n || body["total"] != float64(1) {
			t.Errorf("%s: %d items of %v, want %d of 1", c.query, len(items), body["total"], c.n)
		}
	}
	for _, c := range []struct{ query, code, says string }{
		{"district=火星区", "bad_query", "未知区县 火星区"},
		{"category=NOPE", "bad_category", "未知的诉求类别"},
		{"channel=pigeon", "bad_query", "未知渠道 pigeon"},
		{"urgency=很急", "bad_query", "紧急程度须为 一般、紧急、特急 之一"},
	} {
		code, body := e.do(t, cookie, "GET", "/desk/api/queues/dispatch?"+url.PathEscape(c.query), nil)
		errObj, _ := body["error"].(map[string]any)
		msg, _ := errObj["message"].(string)
		if code < 400 || code >= 500 || errObj["code"] != c.code || !strings.Contains(msg, c.says) {
			t.Errorf("%s: %d %v; want %s saying %q", c.query, code, body, c.code, c.says)
		}
	}
}

// TestWorkQueuesByRole: the queues' API answers each role what its
// navigation shows (meta.nav_queues, one table): a leader's counts leave
// out the office's queues and a leader asking for one (待派单) is refused
// in zh-CN, naming the role and the queue, while the queues it reads
// answer; the office's roles read every queue; the supervision page's
// lists of those queues' orders follow the same table.
func TestWorkQueuesByRole(t *testing.T) {
	e := newEnv(t, nil)
	users := map[string]string{RoleAgent: "agent1", RoleSupervisor: "super1", RoleLeader: "leader1", RoleAdmin: "admin1"}
	_, meta := e.do(t, e.login(t, "admin1"), "GET", "/desk/api/meta", nil)
	nav := meta["nav_queues"].(map[string]any)
	for role, user := range users {
		cookie := e.login(t, user)
		code, body := e.do(t, cookie, "GET", "/desk/api/queues", nil)
		if code != 200 {
			t.Fatalf("%s: counts %d %v", role, code, body)
		}
		var got []string
		for _, q := range body["queues"].([]any) {
			got = append(got, q.(map[string]any)["name"].(string))
		}
		var want []string
		for _, q := range nav[role].([]any) {
			want = append(want, q.(string))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s's counts list %v, its navigation %v", role, got, want)
		}
		for _, q := range e.wf.QueueList() {
			code, body := e.do(t, cookie, "GET", "/desk/api/queues/"+q.Name, nil)
			switch sees := slices.Contains(want, q.Name); {
			case sees && code != 200:
				t.Errorf("%s reads %s: %d %v", role, q.Name, code, body)
			case !sees && code != 403:
				t.Errorf("%s reads %s, not in its navigation: %d %v", role, q.Name, code, body)
			case !sees:
				if _, has := body["items"]; has {
					t.Errorf("%s's refusal of %s lists its orders: %v", role, q.Name, body)
				}
				msg, _ := body["error"].(map[string]any)["message"].(string)
				if msg != "您无权进行此操作：接听领导账号不能查看“待派单”队列" {
					t.Errorf("%s reads %s: refused with %q", role, q.Name, msg)
				}
			}
		}
	}
	if got := len(nav[RoleLeader].([]any)); got != 1 {
		t.Errorf("the leader's navigation in the fake workflow: %d queues, want 1 (due)", got)
	}
	// The supervision page's lists of what waits for the office are the
	// same queues' orders: a leader is answered none of them, the office
	// all, late and supervised orders both.
	for role, user := range users {
		_, body := e.do(t, e.login(t, user), "GET", "/desk/api/supervisor", nil)
		for _, list := range []string{"pending_review", "pending_extension", "pending_return", "pending_visit"} {
			if _, has := body[list]; has != (role != RoleLeader) {
				t.Errorf("%s's supervision lists have %s: %v", role, list, has)
			}
		}
		if _, has := body["supervised"]; !has {
			t.Errorf("%s's supervision lists lack supervised", role)
		}
	}
}

// TestNoDistrictFilter: an order the classifier could not place (no
// district) is found by the work queues' filter and 工单查询's with
// 未识别区县, whose value the console's meta serves (no_district) and
// whose words are console_texts search.no_district; an order with a
// district is not in it.
func TestNoDistrictFilter(t *testing.T) {
	e := newEnv(t, nil)
	cookie := e.login(t, "super1")
	_, meta := e.do(t, cookie, "GET", "/desk/api/meta", nil)
	if meta["no_district"] != workflow.NoDistrict {
		t.Fatalf("meta.no_district = %v, want %q", meta["no_district"], workflow.NoDistrict)
	}
	if texts, _ := meta["texts"].(map[string]any); texts["search.no_district"] != "未识别区县" {
		t.Errorf("console_texts search.no_district = %v", texts["search.no_district"])
	}
	for _, district := range []string{"", "任城区"} {
		e.wf.mu.Lock()
		e.wf.orders[ownOrder].District = district
		e.wf.mu.Unlock()
		want := 0
		if district == "" {
			want = 1
		}
		q := "?district=" + url.QueryEscape(workflow.NoDistrict)
		code, body := e.do(t, cookie, "GET", "/desk/api/queues/dispatch"+q, nil)
		if items, _ := body["items"].([]any); code != 200 || len(items) != want {
			t.Errorf("district %q: 待派单 of 未识别区县: %d %v, want %d orders", district, code, body, want)
		}
		code, body = e.do(t, cookie, "GET", "/desk/api/orders"+q, nil)
		found := code == 200 && slices.Contains(numbers(body), ownOrder)
		if found != (want == 1) {
			t.Errorf("district %q: 工单查询 of 未识别区县: %d %v, want the order found: %v", district, code, body, want == 1)
		}
	}
}
