package desk

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotline/ticket"
	"hotline/workflow"
)

// searchEnv is a console whose workflow holds 60 orders: every third in
// 市城市管理局 with category SRHW in 任城区, one a day from 2026-11-01;
// order i has phone 1395370%04d.
func searchEnv(t *testing.T) *env {
	e := newEnv(t, nil)
	loc := e.cfg.Location()
	e.wf.orders = map[string]*ticket.Ticket{}
	for i := 1; i <= 60; i++ {
		n := fmt.Sprintf("20261101-%04d", i)
		tk := &ticket.Ticket{Number: n, Status: ticket.Dispatched, Title: fmt.Sprintf("诉求 %d", i),
			Description: "路灯不亮", Category: "QT", Department: "市公安局", Phone: fmt.Sprintf("1395370%04d", i),
			AcceptedAt: time.Date(2026, 11, 1, 10, 0, 0, 0, loc).AddDate(0, 0, i-1), Channel: "webchat"}
		if i%3 == 0 {
			tk.Department, tk.Category, tk.District, tk.Description = "市城市管理局", "SRHW", "任城区", "烧烤摊占道经营，油烟很大"
		}
		if i == 5 || i == 8 {
			tk.Flags.Instruction = true // a leader's 批示件
		}
		if i == 8 {
			tk.Flags.Supervised = true
		}
		if i == 7 {
			tk.Status = ticket.Signed
			tk.Description = "=HYPERLINK(\"x\") 小区垃圾"
		}
		e.wf.orders[n] = tk
	}
	return e
}

func numbers(m map[string]any) []string {
	var out []string
	for _, o := range m["orders"].([]any) {
		out = append(out, o.(map[string]any)["number"].(string))
	}
	return out
}

func TestOrderSearch(t *testing.T) {
	e := searchEnv(t)
	ck := e.login(t, "agent1")
	get := func(q string) (int, map[string]any) { return e.do(t, ck, "GET", "/desk/api/orders?"+q, nil) }
	for _, tc := range []struct {
		name, q string
		want    []string
		total   int
	}{
		{"phone with +86 and spaces", "phone=" + url.QueryEscape("+86 139 5370 0042"), []string{"20261101-0042"}, 1},
		{"phone with 0086 and dashes", "phone=" + url.QueryEscape("0086-139-5370-0042"), []string{"20261101-0042"}, 1},
		{"phone in full-width digits", "phone=" + url.QueryEscape("１３９５３７０００４２"), []string{"20261101-0042"}, 1},
		{"last digits", "phone=0042", []string{"20261101-0042"}, 1},
		{"number", "number=0013", []string{"20261101-0013"}, 1},
		{"keyword", "q=" + url.QueryEscape("烧烤") + "&per_page=200", nil, 20},
		{"department and category", "department=" + url.QueryEscape("市城市管理局") + "&category=SRHW&district=" + url.QueryEscape("任城区"), nil, 20},
		{"status", "status=signed", []string{"20261101-0007"}, 1},
		// 未识别区县: the orders without a district (two in three here).
		{"no district", "district=" + url.QueryEscape(workflow.NoDistrict) + "&per_page=200", nil, 40},
		{"no district in 市城市管理局", "district=" + url.QueryEscape(workflow.NoDistrict) + "&department=" + url.QueryEscape("市城市管理局"), nil, 0},
		{"date range", "from=2026-11-05&to=2026-11-07&sort=accepted&order=asc", []string{"20261101-0005", "20261101-0006", "20261101-0007"}, 3},
		{"nothing", "phone=13800000000", nil, 0},
		{"批示件", "flag=instruction&sort=number&order=asc", []string{"20261101-0005", "20261101-0008"}, 2},
		{"督办 and a state", "flag=supervised&status=dispatched", []string{"20261101-0008"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, m := get(tc.q)
			if code != 200 {
				t.Fatalf("%d %v", code, m)
			}
			if int(m["total"].(float64)) != tc.total {
				t.Fatalf("total %v, want %d (%v)", m["total"], tc.total, numbers(m))
			}
			if tc.want != nil && strings.Join(numbers(m), " ") != strings.Join(tc.want, " ") {
				t.Fatalf("got %v, want %v", numbers(m), tc.want)
			}
		})
	}
	// Pages, newest first by default.
	_, m := get("per_page=25&page=3")
	if got := numbers(m); len(got) != 10 || got[0] != "20261101-0010" || m["pages"].(float64) != 3 {
		t.Fatalf("page 3: %v %v", got, m["pages"])
	}
	// Phone numbers are masked in the list.
	_, m = get("phone=13953700042")
	if p := m["orders"].([]any)[0].(map[string]any)["phone"]; p != "139****0042" {
		t.Fatalf("phone shown as %v", p)
	}
	for _, bad := range []string{"status=nope", "category=XX", "department=" + url.QueryEscape("不存在局"), "from=2026-13-01",
		"from=2026-11-05&to=2026-11-01", "sort=title", "page=0", "per_page=1000", "phone=12", "district=" + url.QueryEscape("火星区"), "flag=urgent"} {
		code, m := get(bad)
		if code != 400 && code != 422 {
			t.Errorf("%s: %d", bad, code)
			continue
		}
		if msg, _ := m["error"].(map[string]any)["message"].(string); !hasHan(msg) {
			t.Errorf("%s: message %q", bad, msg)
		}
	}
}

func (e *env) download(t *testing.T, ck *http.Cookie, path string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	req.AddCookie(ck)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestOrderExport(t *testing.T) {
	e := searchEnv(t)
	ck := e.login(t, "super1")
	filter := "department=" + url.QueryEscape("市城市管理局") + "&sort=number&order=asc"
	resp, b := e.download(t, ck, "/desk/api/orders/export?format=xlsx&"+filter)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "filename*=UTF-8''") {
		t.Fatalf("%d %s %s", resp.StatusCode, resp.Header, b)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("工单")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 21 || rows[0][0] != "编号" || rows[1][0] != "20261101-0003" || rows[1][1] != "已派单" || rows[1][5] != "市容环卫" || rows[1][13] != "139****0003" {
		t.Fatalf("xlsx rows %d: %q / %q", len(rows), rows[0], rows[1])
	}
	resp, b = e.download(t, ck, "/desk/api/orders/export?format=csv&status=signed")
	if resp.StatusCode != 200 || !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %q", resp.StatusCode, b[:min(len(b), 20)])
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[1][0] != "20261101-0007" || !strings.HasPrefix(recs[1][3], "'=") {
		t.Fatalf("csv: %q", recs)
	}
	if resp, _ := e.download(t, ck, "/desk/api/orders/export?format=pdf"); resp.StatusCode != 400 {
		t.Fatalf("pdf: %d", resp.StatusCode)
	}
	// A department exports its own orders only (TestDepartmentSearch);
	// exports are audited.
	resp, b = e.download(t, e.login(t, "police"), "/desk/api/orders/export?format=csv")
	if resp.StatusCode != 200 {
		t.Fatalf("department export: %d %s", resp.StatusCode, b)
	}
	_, m := e.do(t, e.login(t, "admin1"), "GET", "/desk/api/audit", nil)
	n := 0
	for _, a := range m["audit"].([]any) {
		if a.(map[string]any)["action"] == "order.export" {
			n++
			if a.(map[string]any)["action_label"] != "导出工单" {
				t.Errorf("label %v", a)
			}
		}
	}
	if n != 3 {
		t.Fatalf("%d exports audited, want 3", n)
	}
}

// A department's user searches, pages and exports the orders their
// department leads or co-handles, never another department's, whatever
// the filters; what it still holds comes first by default.
func TestDepartmentSearch(t *testing.T) {
	e := searchEnv(t)
	// Order 5 is 市公安局's, with 市城市管理局 co-handling; order 60,
	// 市城市管理局's newest, is finished.
	e.wf.orders["20261101-0005"].CoDepartments = []string{"市城市管理局"}
	e.wf.orders["20261101-0060"].Status = ticket.Closed
	ck := e.login(t, "city")
	get := func(q string) map[string]any {
		t.Helper()
		code, m := e.do(t, ck, "GET", "/desk/api/orders?"+q, nil)
		if code != 200 {
			t.Fatalf("%s: %d %v", q, code, m)
		}
		return m
	}
	own := func(number string) bool {
		tk := e.wf.orders[number]
		return tk.Department == "市城市管理局" || slices.Contains(tk.CoDepartments, "市城市管理局")
	}
	for _, tc := range []struct {
		name, q string
		want    []string // nil: any of its own, total counted
		total   int
	}{
		{"all of its own", "per_page=200", nil, 21},
		{"its phone", "phone=0042", []string{"20261101-0042"}, 1},
		{"another department's phone", "phone=" + url.QueryEscape("139 5370 0041"), nil, 0},
		{"its number", "number=20261101-0042", []string{"20261101-0042"}, 1},
		{"another department's whole number", "number=20261101-0013", nil, 0},
		{"co-handled", "number=0005", []string{"20261101-0005"}, 1},
		{"another department as the filter: only what it co-handles", "department=" + url.QueryEscape("市公安局"), []string{"20261101-0005"}, 1},
		{"keyword of other departments' orders", "q=" + url.QueryEscape("路灯"), []string{"20261101-0005"}, 1},
		{"state", "status=signed", nil, 0},
		{"date", "from=2026-11-03&to=2026-11-06&sort=accepted&order=asc", []string{"20261101-0003", "20261101-0005", "20261101-0006"}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := get(tc.q)
			got := numbers(m)
			if int(m["total"].(float64)) != tc.total || len(got) != min(tc.total, 200) {
				t.Fatalf("total %v, %d listed, want %d: %v", m["total"], len(got), tc.total, got)
			}
			for _, n := range got {
				if !own(n) {
					t.Errorf("%s: another department's order %s", tc.q, n)
				}
			}
			if tc.want != nil && strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	// Pages of 50 by default; with 10 a page, 3 pages. By default the
	// orders it still holds come first, newest first, the finished last.
	m := get("")
	if got := numbers(m); len(got) != 21 || m["per_page"].(float64) != DefaultPerPage || got[0] != "20261101-0057" || got[20] != "20261101-0060" {
		t.Fatalf("default list: %v (per page %v)", got, m["per_page"])
	}
	m = get("per_page=10&page=3")
	if got := numbers(m); len(got) != 1 || m["pages"].(float64) != 3 || got[0] != "20261101-0060" {
		t.Fatalf("page 3 of 10 a page: %v, %v pages", got, m["pages"])
	}
	if got := numbers(get("sort=accepted")); got[0] != "20261101-0060" {
		t.Fatalf("newest first: %v", got)
	}
	// The export holds the same orders, all pages, and no other.
	resp, b := e.download(t, ck, "/desk/api/orders/export?format=csv")
	if resp.StatusCode != 200 {
		t.Fatalf("export: %d %s", resp.StatusCode, b)
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 22 {
		t.Fatalf("export has %d rows, want 21 and the header", len(recs))
	}
	for _, r := range recs[1:] {
		if !own(r[0]) {
			t.Errorf("export has another department's order %s", r[0])
		}
	}
	// The other department sees its own 40, co-handled order 5 included,
	// and none of 市城市管理局's.
	code, pm := e.do(t, e.login(t, "police"), "GET", "/desk/api/orders?per_page=200&department="+url.QueryEscape("市城市管理局"), nil)
	if code != 200 || pm["total"].(float64) != 1 || numbers(pm)[0] != "20261101-0005" {
		t.Fatalf("police filtering by 市城市管理局: %d %v", code, pm)
	}
	// The order page of another department's order stays not found.
	if code, _ := e.do(t, ck, "GET", "/desk/api/orders/20261101-0013", nil); code != 404 {
		t.Fatalf("another department's order: %d", code)
	}
}

// TestInstructionExport: an export of the 批示件 (flag=instruction) has
// their own columns (desk_texts.export.instruction_columns): the
// instruction, its leader, when it was given and how it stands against
// its deadline (report_texts.instruction_states), headed by their names
// in console_labels.fields, in XLSX and CSV alike.
func TestInstructionExport(t *testing.T) {
	e := searchEnv(t)
	loc := e.cfg.Location()
	given := time.Date(2026, 11, 6, 9, 30, 0, 0, loc)
	for n, due := range map[string]time.Time{"20261101-0005": time.Date(2099, 1, 1, 18, 0, 0, 0, loc), "20261101-0008": time.Date(2026, 11, 13, 18, 0, 0, 0, loc)} {
		tk := e.wf.orders[n]
		tk.InstructionDue = due
		tk.Events = append(tk.Events, ticket.Event{At: given, Actor: "leader:mayor", Action: "instruct", Note: "请" + n + "三日内督促整改",
			Fields: map[string][2]string{workflow.FieldLeader: {"", "张明"}}})
	}
	ck := e.login(t, "super1")
	want := [][]string{
		{"编号", "状态", "标题", "承办单位", "批示内容", "批示领导", "批示时间", "批示件办理期限", "批示件办理情况", "办结时限", "办理结果"},
		{"20261101-0005", "已派单", "诉求 5", "市公安局", "请20261101-0005三日内督促整改", "张明", "2026-11-06 09:30", "2099-01-01 18:00", "办理中（未超期）", "", ""},
		{"20261101-0008", "已派单", "诉求 8", "市公安局", "请20261101-0008三日内督促整改", "张明", "2026-11-06 09:30", "2026-11-13 18:00", "已超期", "", ""},
	}
	resp, b := e.download(t, ck, "/desk/api/orders/export?format=csv&flag=instruction&sort=number&order=asc")
	if resp.StatusCode != 200 || !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("csv: %d %s", resp.StatusCode, b)
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("csv of the 批示件:\n got %q\nwant %q", recs, want)
	}
	resp, b = e.download(t, ck, "/desk/api/orders/export?format=xlsx&flag=instruction&sort=number&order=asc")
	if resp.StatusCode != 200 {
		t.Fatalf("xlsx: %d %s", resp.StatusCode, b)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("工单")
	if err != nil {
		t.Fatal(err)
	}
	// GetRows leaves out a row's empty cells at its end.
	if len(rows) != 3 || !reflect.DeepEqual(rows[0], want[0]) || !reflect.DeepEqual(rows[2], want[2][:9]) {
		t.Errorf("xlsx of the 批示件: %q", rows)
	}
}
