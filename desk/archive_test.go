package desk

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"hotline/store"
	"hotline/ticket"
)

// archivedEnv is a console whose store has moved one closed order of 2024
// (市公安局) to the yearly archive.
func archivedEnv(t *testing.T) (*env, string) {
	e := newEnv(t, nil)
	loc := e.cfg.Location()
	const n = "20240301-0001"
	at := time.Date(2024, 3, 1, 9, 0, 0, 0, loc)
	tk := &ticket.Ticket{Number: n, Status: ticket.Closed, Title: "噪声扰民（旧）", Description: "夜间施工", Department: "市公安局",
		Category: "QT", Phone: "13953706688", ReceivedAt: at, AcceptedAt: at, ClosedAt: at.Add(72 * time.Hour), Channel: "webchat"}
	if err := e.st.UpdateNow(func(tx *store.Tx) error { return tx.PutTicket(tk) }); err != nil {
		t.Fatal(err)
	}
	res, err := e.st.RunArchive(context.Background(), store.ArchiveOptions{Before: time.Date(2025, 1, 1, 0, 0, 0, 0, loc)})
	if err != nil || res.Orders != 1 {
		t.Fatalf("archive: %+v %v", res, err)
	}
	return e, n
}

func TestArchivedOrdersAreFoundAndReadOnly(t *testing.T) {
	e, n := archivedEnv(t)
	admin, police, city := e.login(t, "admin1"), e.login(t, "police"), e.login(t, "city")

	code, body := e.do(t, admin, "GET", "/desk/api/orders/"+n, nil)
	if code != 200 || body["archived"] != true || !strings.HasPrefix(body["status_label"].(string), "已归档") {
		t.Fatalf("lookup: %d %v", code, body)
	}
	if tk := body["ticket"].(map[string]any); tk["phone"] != "139****6688" {
		t.Fatalf("archived order shown unmasked: %v", tk["phone"])
	}
	if code, _ := e.do(t, police, "GET", "/desk/api/orders/"+n, nil); code != 200 {
		t.Fatalf("its department: %d", code)
	}
	if code, _ := e.do(t, city, "GET", "/desk/api/orders/"+n, nil); code != 404 {
		t.Fatalf("another department: %d, want 404", code)
	}
	// No workflow action on it: a clear zh-CN error.
	code, body = e.do(t, police, "POST", "/desk/api/orders/"+n+"/sign", nil)
	if errObj, _ := body["error"].(map[string]any); code != http.StatusConflict || errObj["code"] != "archived" || !strings.Contains(errObj["message"].(string), "已归档") {
		t.Fatalf("sign an archived order: %d %v", code, body)
	}
	code, _ = e.do(t, admin, "POST", "/desk/api/orders/"+n+"/edit", map[string]any{"field": "title", "value": "x"})
	if code != http.StatusConflict {
		t.Fatalf("edit an archived order: %d", code)
	}

	// The search: a whole number finds it; a keyword only with 含已归档.
	for _, tt := range []struct {
		query string
		total float64
	}{
		{"number=" + n, 1},
		{"q=" + "夜间施工", 0},
		{"q=" + "夜间施工" + "&archived=1", 1},
		{"archived=1&from=2024-01-01&to=2024-12-31", 1},
		{"archived=1&from=2026-01-01", 0},
	} {
		code, body := e.do(t, admin, "GET", "/desk/api/orders?"+tt.query, nil)
		if code != 200 || body["total"] != tt.total {
			t.Fatalf("search %s: %d total %v, want %v", tt.query, code, body["total"], tt.total)
		}
		if tt.total == 1 {
			o := body["orders"].([]any)[0].(map[string]any)
			if o["number"] != n || o["archived"] != true {
				t.Fatalf("search %s: %v", tt.query, o)
			}
		}
	}
}
