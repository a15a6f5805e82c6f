package desk

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"hotline/store"
	"hotline/ticket"
)

// TestInspections: a supervisor draws closed orders at random, the
// config's number (inspection.sample, 3) per department among last week's
// by default, never one drawn before, or by dates and department; scores
// each on the config's items with a note; a department reads the scores
// of its own orders only, a leader all; every draw and score is audited
// and confirmed in words; what is out of range is refused in zh-CN and
// changes nothing.
func TestInspections(t *testing.T) {
	e := newEnv(t, nil)
	loc := e.cfg.Location()
	// The sample reads the store's index of closing times; the console's
	// other views read the workflow.
	closed := func(n, dept string, at time.Time) {
		tk := &ticket.Ticket{Number: n, Department: dept, Status: ticket.Closed, Title: "诉求 " + n, Category: "QT", ClosedAt: at}
		e.wf.orders[n] = tk
		if err := e.st.Update(func(tx *store.Tx) error { return tx.PutTicket(tk) }); err != nil {
			t.Fatal(err)
		}
	}
	// Friday 2026-11-27: last week is Monday 11-16 to Sunday 11-22.
	for i := 1; i <= 5; i++ {
		closed(fmt.Sprintf("20261116-%04d", i), "市公安局", time.Date(2026, 11, 17, 9+i, 0, 0, 0, loc))
	}
	closed("20261117-0001", "市城市管理局", time.Date(2026, 11, 18, 10, 0, 0, 0, loc))
	closed("20261117-0002", "市城市管理局", time.Date(2026, 11, 22, 23, 0, 0, 0, loc))
	closed("20261102-0001", "市公安局", time.Date(2026, 11, 5, 10, 0, 0, 0, loc)) // the week before
	e.wf.orders["20261116-0009"] = &ticket.Ticket{Number: "20261116-0009", Department: "市公安局", Status: ticket.Reviewed, Title: "未办结"}

	sup, police, city, leader := e.login(t, "super1"), e.login(t, "police"), e.login(t, "city"), e.login(t, "leader1")
	says := func(body map[string]any) string {
		d, _ := body["done"].(map[string]any)
		text := e.cfg.ConsoleTexts[d["id"].(string)]
		for k, v := range d["vars"].(map[string]any) {
			text = strings.ReplaceAll(text, "{"+k+"}", v.(string))
		}
		return text
	}
	drawn := func(body map[string]any) (out []string) {
		for _, n := range body["drawn"].([]any) {
			out = append(out, n.(string))
		}
		return out
	}
	code, body := e.do(t, sup, "POST", "/desk/api/inspections/sample", map[string]any{})
	if code != 200 {
		t.Fatalf("sample: %d %v", code, body)
	}
	first := drawn(body)
	police3, city2 := 0, 0
	for _, n := range first {
		switch {
		case strings.HasPrefix(n, "20261116-") && n != "20261116-0009":
			police3++
		case strings.HasPrefix(n, "20261117-"):
			city2++
		default:
			t.Errorf("drew %s, not closed last week", n)
		}
	}
	if police3 != 3 || city2 != 2 || says(body) != "已抽取 5 件待质检（2026-11-16 至 2026-11-22 办结）" {
		t.Errorf("first draw %v (%d of 市公安局, %d of 市城市管理局) says %q", first, police3, city2, says(body))
	}
	_, body = e.do(t, sup, "POST", "/desk/api/inspections/sample", map[string]any{})
	second := drawn(body)
	if len(second) != 2 || slices.ContainsFunc(second, func(n string) bool { return slices.Contains(first, n) }) {
		t.Errorf("second draw %v: want the two orders of 市公安局 left, none drawn before", second)
	}
	// By category: none of these orders is of SRHW.
	if _, body := e.do(t, sup, "POST", "/desk/api/inspections/sample", map[string]any{"from": "2026-11-01", "to": "2026-11-10", "category": "SRHW"}); len(drawn(body)) != 0 {
		t.Errorf("by category SRHW: drew %v", drawn(body))
	}
	_, body = e.do(t, sup, "POST", "/desk/api/inspections/sample", map[string]any{"from": "2026-11-01", "to": "2026-11-10", "department": "市公安局", "category": "QT", "n": 1})
	if got := drawn(body); !slices.Equal(got, []string{"20261102-0001"}) {
		t.Errorf("by dates and department: %v", got)
	}
	for _, c := range []struct {
		body   map[string]any
		status int
		msg    string
	}{
		{map[string]any{"n": 101}, 400, "每个单位抽取件数须为 1 至 100"},
		{map[string]any{"from": "2026-11-20", "to": "2026-11-10"}, 400, "查询条件有误"},
		{map[string]any{"from": "2026-11-31"}, 422, "起始日期"},
		{map[string]any{"department": "火星局"}, 422, "火星局"},
		{map[string]any{"category": "NOPE"}, 422, "未知的诉求类别"},
	} {
		code, body := e.do(t, sup, "POST", "/desk/api/inspections/sample", c.body)
		msg, _ := body["error"].(map[string]any)["message"].(string)
		if code != c.status || !strings.Contains(msg, c.msg) {
			t.Errorf("sample %v: %d %q, want %d saying %q", c.body, code, msg, c.status, c.msg)
		}
	}
	for _, who := range []string{"agent1", "police", "leader1"} {
		if code, _ := e.do(t, e.login(t, who), "POST", "/desk/api/inspections/sample", map[string]any{}); code != 403 {
			t.Errorf("%s draws: %d, want 403", who, code)
		}
	}

	// Scoring.
	var policeOne, cityOne string
	for _, n := range first {
		if strings.HasPrefix(n, "20261116-") && policeOne == "" {
			policeOne = n
		}
		if strings.HasPrefix(n, "20261117-") && cityOne == "" {
			cityOne = n
		}
	}
	score := func(cookie *http.Cookie, number string, scores map[string]int, note string) (int, map[string]any) {
		return e.do(t, cookie, "POST", "/desk/api/inspections/"+number, map[string]any{"scores": scores, "note": note})
	}
	for _, c := range []struct {
		scores map[string]int
		status int
		msg    string
	}{
		{map[string]int{"reply": 41, "effect": 40, "visit": 20}, 422, "“答复规范”的得分须为 0 至 40 分"},
		{map[string]int{"reply": 40, "effect": 40}, 422, "“回访真实”的得分须为 0 至 20 分"},
		{map[string]int{"reply": 40, "effect": 40, "visit": -1}, 422, "“回访真实”"},
	} {
		code, body := score(sup, policeOne, c.scores, "")
		msg, _ := body["error"].(map[string]any)["message"].(string)
		if code != c.status || !strings.Contains(msg, c.msg) {
			t.Errorf("score %v: %d %q, want %d saying %q", c.scores, code, msg, c.status, c.msg)
		}
	}
	if code, body := score(sup, "20261116-0009", map[string]int{"reply": 40, "effect": 40, "visit": 20}, ""); code != 404 ||
		!strings.Contains(fmt.Sprint(body), "该工单不在质检样本中") {
		t.Errorf("an order not drawn scored: %d %v", code, body)
	}
	code, body = score(sup, policeOne, map[string]int{"reply": 35, "effect": 40, "visit": 20}, "答复用语不够规范")
	if code != 200 || says(body) != "已评分 "+policeOne+"：95 / 100 分" {
		t.Fatalf("score: %d %v says %q", code, body, says(body))
	}
	if _, body := score(sup, cityOne, map[string]int{"reply": 40, "effect": 30, "visit": 10}, ""); says(body) != "已评分 "+cityOne+"：80 / 100 分" {
		t.Errorf("city's score says %q", says(body))
	}
	if code, _ := e.do(t, leader, "POST", "/desk/api/inspections/"+policeOne, map[string]any{"scores": map[string]int{"reply": 0, "effect": 0, "visit": 0}}); code != 403 {
		t.Errorf("a leader scores: %d, want 403", code)
	}

	// Who reads what.
	read := func(who string, key string) ([]string, bool) {
		cookie := map[string]*http.Cookie{"super": sup, "police": police, "city": city, "leader": leader}[who]
		_, body := e.do(t, cookie, "GET", "/desk/api/inspections", nil)
		items, has := body[key].([]any)
		var out []string
		for _, it := range items {
			out = append(out, it.(map[string]any)["number"].(string))
		}
		return out, has
	}
	if got, _ := read("police", "scored"); !slices.Equal(got, []string{policeOne}) {
		t.Errorf("市公安局 reads %v, want its own scored order %s", got, policeOne)
	}
	if _, has := read("police", "pending"); has {
		t.Error("a department reads the orders drawn and not scored")
	}
	if got, _ := read("city", "scored"); !slices.Equal(got, []string{cityOne}) {
		t.Errorf("市城市管理局 reads %v, want %s", got, cityOne)
	}
	if got, _ := read("leader", "scored"); len(got) != 2 {
		t.Errorf("a leader reads %v scored, want both", got)
	}
	if got, _ := read("super", "pending"); len(got) != 6 {
		t.Errorf("the supervisor's pending: %v, want the 8 drawn less the 2 scored", got)
	}
	// The audit log has every draw and score.
	_, audit := e.do(t, e.login(t, "admin1"), "GET", "/desk/api/audit?limit=300", nil)
	counts := map[string]int{}
	for _, a := range audit["audit"].([]any) {
		counts[a.(map[string]any)["action"].(string)]++
	}
	if counts["inspection.sample"] != 8 || counts["inspection.score"] != 2 {
		t.Errorf("audit: %d draws and %d scores, want 8 and 2", counts["inspection.sample"], counts["inspection.score"])
	}
}
