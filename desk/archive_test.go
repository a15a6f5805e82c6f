package desk

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hotline/domain"
	"hotline/store"
	"hotline/ticket"
)

// archivedConv is the conversation of the order archivedEnv archives.
const archivedConv = "webchat:old-token"

// archivedEnv is a console whose store has moved one closed order of 2024
// (市公安局) with its conversation to the yearly archive; the citizen stays
// live.
func archivedEnv(t *testing.T) (*env, string) {
	e := newEnv(t, nil)
	loc := e.cfg.Location()
	const n = "20240301-0001"
	at := time.Date(2024, 3, 1, 9, 0, 0, 0, loc)
	tk := &ticket.Ticket{Number: n, Status: ticket.Closed, Title: "噪声扰民（旧）", Description: "夜间施工", Department: "市公安局",
		Category: "QT", Phone: "13953706688", ReceivedAt: at, AcceptedAt: at, ClosedAt: at.Add(72 * time.Hour), Channel: "webchat",
		CitizenID: "c-old", ConversationID: archivedConv}
	err := e.st.UpdateNow(func(tx *store.Tx) error {
		if err := tx.PutCitizen(&domain.Citizen{ID: "c-old", Phones: []string{"13953706688"}, CreatedAt: at,
			Identities: []domain.Identity{{Channel: "webchat", UserID: "old-token"}}}); err != nil {
			return err
		}
		for i, text := range []string{"工地夜间施工，吵得睡不着", "我的电话 13953706688"} {
			if err := tx.AddMessage(&domain.Message{ConversationID: archivedConv, Direction: domain.In, Sender: "citizen",
				Channel: "webchat", Text: text, At: at.Add(time.Duration(i) * time.Minute)}); err != nil {
				return err
			}
		}
		if err := tx.PutConversation(&domain.Conversation{ID: archivedConv, Channel: "webchat", UserID: "old-token", CitizenID: "c-old",
			State: domain.ConvIdle, FirstText: "工地夜间施工，吵得睡不着", CreatedAt: at, UpdatedAt: at.Add(time.Hour),
			LastInbound: at.Add(time.Minute), Orders: []string{n}}); err != nil {
			return err
		}
		return tx.PutTicket(tk)
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.st.RunArchive(context.Background(), store.ArchiveOptions{Before: time.Date(2025, 1, 1, 0, 0, 0, 0, loc)})
	if err != nil || res.Orders != 1 || res.Conversations != 1 || res.Messages != 2 {
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
	if ops, ok := body["ops"].([]any); !ok || len(ops) != 0 {
		t.Errorf("an archived order offers %v, want no operation", body["ops"])
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

// TestArchivedConversationIsShownReadOnly: the order page of an archived
// order links to its conversation, which the console finds in the archive:
// masked (nobody holds it), its order marked 已归档, and every change of it
// 409 archived.
func TestArchivedConversationIsShownReadOnly(t *testing.T) {
	e, n := archivedEnv(t)
	agent, police := e.login(t, "agent1"), e.login(t, "police")

	code, body := e.do(t, agent, "GET", "/desk/api/orders/"+n, nil)
	if code != 200 {
		t.Fatalf("order: %d %v", code, body)
	}
	handle, _ := body["ticket"].(map[string]any)["conversation_id"].(string)
	if handle == "" || strings.Contains(handle, "old-token") {
		t.Fatalf("the order shows its conversation as %q, want a handle", handle)
	}
	path := "/desk/api/conversations/" + url.PathEscape(handle)
	code, body = e.do(t, agent, "GET", path, nil)
	if code != 200 || body["archived"] != true || body["masked"] != true || body["holder"] != false {
		t.Fatalf("archived conversation: %d %v", code, body)
	}
	msgs := body["messages"].([]any)
	if len(msgs) != 2 || msgs[1].(map[string]any)["text"] != "我的电话 139****6688" {
		t.Fatalf("messages: %v", msgs)
	}
	if ph := body["citizen"].(map[string]any)["phones"].([]any); len(ph) != 1 || ph[0] != "139****6688" {
		t.Fatalf("citizen's phones: %v", ph)
	}
	orders := body["orders"].([]any)
	if len(orders) != 1 {
		t.Fatalf("orders: %v", orders)
	}
	if o := orders[0].(map[string]any); o["number"] != n || o["archived"] != true || o["phone"] != "139****6688" {
		t.Fatalf("its order: %v", o)
	}
	// A department sees the order, not conversations (as for live ones).
	if code, _ := e.do(t, police, "GET", path, nil); code != http.StatusForbidden {
		t.Fatalf("department reads the conversation: %d", code)
	}
	for _, op := range []struct {
		path string
		body any
	}{{"/take", nil}, {"/close", nil}, {"/reply", map[string]string{"text": "您好"}}} {
		code, body := e.do(t, agent, "POST", path+op.path, op.body)
		if errObj, _ := body["error"].(map[string]any); code != http.StatusConflict || errObj["code"] != "archived" {
			t.Fatalf("POST %s on an archived conversation: %d %v", op.path, code, body)
		}
	}
	// Still nothing live under its id.
	if err := e.st.View(func(tx *store.Tx) error {
		_, err := tx.Conversation(archivedConv)
		if err != store.ErrNotFound {
			t.Errorf("live conversation after the attempts: %v", err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
