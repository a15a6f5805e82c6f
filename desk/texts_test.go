package desk

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"hotline/config"
	"hotline/domain"
	"hotline/httpx"
	"hotline/ticket"
)

// TestCitizenLabelFromConfig: a conversation's header names the citizen
// with desk.citizen_label and desk.anonymous, masked either way.
func TestCitizenLabelFromConfig(t *testing.T) {
	def, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	custom := def.Desk
	custom.CitizenLabel, custom.Anonymous = "来信人（{{.Who}}）", "未留名"
	withPhone := &domain.Citizen{Phones: []string{"13953706688"}}
	named := &ticket.Ticket{Name: "王芳"}
	for _, c := range []struct {
		d     config.Desk
		cit   *domain.Citizen
		draft *ticket.Ticket
		want  string
	}{
		{def.Desk, withPhone, nil, "市民 139****6688"},
		{def.Desk, nil, named, "市民 王**"},
		{def.Desk, nil, nil, "匿名市民"},
		{custom, withPhone, nil, "来信人（139****6688）"},
		{custom, nil, named, "来信人（王**）"},
		{custom, &domain.Citizen{}, &ticket.Ticket{}, "未留名"},
	} {
		if got := citizenLabel(c.d, c.cit, c.draft); got != c.want {
			t.Errorf("citizenLabel = %q, want %q", got, c.want)
		}
	}
}

// TestDeskTextsFromConfig: an export's file name, sheet and columns (in
// their order, headed by console_labels.fields) and an archived order's
// state are desk_texts', on the order's page, in the XLSX (read back) and
// in the CSV.
func TestDeskTextsFromConfig(t *testing.T) {
	e, n := archivedEnv(t)
	dt := &e.cfg.DeskTexts
	dt.Archived = "归档件（{{.Status}}）"
	dt.Export.FileName = "orders-{{.Time}}"
	dt.Export.Sheet = "清单"
	dt.Export.Columns = []string{"status", "number", "title", "repeat_of"}
	e.cfg.ConsoleLabels.Fields.Number, e.cfg.ConsoleLabels.Fields.Status = "工单编号", "当前状态"
	want := "归档件（" + e.cfg.StatusLabels.Label("closed") + "）"
	ck := e.login(t, "admin1")

	if _, body := e.do(t, ck, "GET", "/desk/api/orders/"+n, nil); body["status_label"] != want {
		t.Fatalf("order page: status_label %v, want %q", body["status_label"], want)
	}
	resp, b := e.download(t, ck, "/desk/api/orders/export?format=xlsx&archived=1&number="+n)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename="orders-20261127-1000.xlsx"`) {
		t.Fatalf("xlsx: %d %s", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("清单")
	if err != nil {
		t.Fatalf("sheet 清单: %v (sheets %v)", err, f.GetSheetList())
	}
	if len(rows) != 2 || !slices.Equal(rows[0], []string{"当前状态", "工单编号", "标题", "并入"}) || rows[1][1] != n || rows[1][0] != want {
		t.Fatalf("xlsx rows: %q", rows)
	}
	resp, b = e.download(t, ck, "/desk/api/orders/export?format=csv&archived=1&number="+n)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil || resp.StatusCode != 200 || len(recs) != 2 || recs[0][1] != "工单编号" || recs[1][0] != want || len(recs[0]) != 4 ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "orders-20261127-1000.csv") {
		t.Fatalf("csv: %d %v %q", resp.StatusCode, err, recs)
	}
}

// TestMissingPageSaysInternalError: a console page missing from the
// binary answers 500 in http_errors.internal's words, never in English.
func TestMissingPageSaysInternalError(t *testing.T) {
	e := newEnv(t, nil)
	e.con.html = map[string][]byte{} // the filled pages (pages.go)
	msgs := e.cfg.HTTPErrors
	msgs.Internal = "系统故障，请联系管理员"
	r := httptest.NewRequest("GET", "/desk/login", nil)
	r = r.WithContext(httpx.NewContext(r.Context(), &msgs))
	w := httptest.NewRecorder()
	e.con.servePage(w, r, "login.html", http.StatusOK)
	if w.Code != http.StatusInternalServerError || strings.TrimSpace(w.Body.String()) != msgs.Internal {
		t.Fatalf("%d %q", w.Code, w.Body.String())
	}
}

// TestEmergencyPunctuationServed: the console frames an emergency's
// reason with console_labels.emergency's punctuation, served in
// meta.emergency with its names (app.js keeps no copy).
func TestEmergencyPunctuationServed(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		em := &o.Config.ConsoleLabels.Emergency
		em.QuoteOpen, em.QuoteClose, em.WhyOpen, em.WhyClose, em.Colon, em.Separator = "「", "」", " [", "]", "=", " / "
	})
	_, meta := e.do(t, e.login(t, "agent1"), "GET", "/desk/api/meta", nil)
	l := meta["emergency"].(map[string]any)
	for k, want := range map[string]string{"quote_open": "「", "quote_close": "」", "why_open": " [", "why_close": "]",
		"colon": "=", "separator": " / ", "number": "应拨打"} {
		if l[k] != want {
			t.Errorf("meta.emergency.%s = %v, want %q", k, l[k], want)
		}
	}
}

// TestExportFillsEveryField: every field config check lets an export
// have (config.ExportFields) is filled by exportCell.
func TestExportFillsEveryField(t *testing.T) {
	e := newEnv(t, nil)
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	tk := &ticket.Ticket{Number: "20261127-0001", Status: ticket.Dispatched, Title: "路灯不亮", Description: "古槐路路灯不亮",
		Type: ticket.TypeHelp, Category: "SZGY", Department: "市城市管理局", CoDepartments: []string{"市公安局"}, District: "任城区",
		Town: "古槐街道", Address: "古槐路", Urgency: ticket.UrgencyNormal, Channel: "webchat", Phone: "13953706688",
		ReceivedAt: at, SignDue: at, Due: at, Reply: "已修复", Satisfaction: "满意", RepeatOf: "20261126-0001", InstructionDue: at,
		Flags:  ticket.Flags{Instruction: true},
		Events: []ticket.Event{{At: at, Actor: "leader:mayor", Action: "instruct", Note: "请尽快修复", Fields: map[string][2]string{"leader": {"", "张明"}}}}}
	tm := func(x time.Time) string { return x.Format("2006-01-02") }
	for _, id := range config.ExportFields {
		w := "red"
		if got := e.con.exportCell(id, tk, w, false, tm); got == "" {
			t.Errorf("export column %s is empty", id)
		}
	}
}
