package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/config"
	"hotline/events/eventstest"
	"hotline/notify"
	"hotline/report"
	"hotline/store"
	"hotline/ticket"
)

// TestDepartmentToldOnDispatch: the office dispatches an order by hand and
// the department's WeCom group robot gets the notice through the outbox;
// the order's history says who was told.
func TestDepartmentToldOnDispatch(t *testing.T) {
	var mu sync.Mutex
	var got []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/cgi-bin/webhook/send" || r.URL.Query().Get("key") != "robot-key-city-0123" {
			t.Errorf("robot: %s", r.URL.Path)
			w.WriteHeader(404)
			return
		}
		var m struct {
			MsgType string `json:"msgtype"`
			Text    struct {
				Content string `json:"content"`
			} `json:"text"`
		}
		_ = json.NewDecoder(r.Body).Decode(&m)
		mu.Lock()
		got = append(got, m.Text.Content)
		mu.Unlock()
		_, _ = w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	t.Cleanup(api.Close)
	t.Cleanup(func() { notify.InstallURIModifier("", "") })
	d := newDeskServer(t, func(cfg *config.Config) {
		cfg.Notify.WeCom.APIBaseURL = api.URL
		cfg.Notify.QuietHours = ""
		for i := range cfg.Departments {
			if cfg.Departments[i].Name == "市城市管理局" {
				cfg.Departments[i].RobotKey = "robot-key-city-0123"
			}
		}
	})
	if _, err := d.srv.Notify.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	citizen := d.client(t, "")
	tok := citizen.must("POST", "/chat/api/conversations", nil, 201)["conversation_id"].(string)
	citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": "古槐路的路灯坏了好几天，晚上很黑", "client_id": "m1"}, 200)
	citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": "人工", "client_id": "m2"}, 200)
	wang := d.client(t, "wang")
	conv := "webchat:" + tok
	wang.must("POST", "/desk/api/conversations/"+conv+"/take", nil, 200)
	number := wang.must("POST", "/desk/api/conversations/"+conv+"/register", map[string]string{"title": "路灯损坏"}, 201)["ticket"].(map[string]any)["number"].(string)
	wang.must("POST", "/desk/api/orders/"+number+"/dispatch", map[string]any{"department": "市城市管理局"}, 200)
	if n, err := d.srv.Notify.Step(context.Background()); err != nil || n != 1 {
		t.Fatalf("notify step: %d %v", n, err)
	}
	d.srv.Outbox.Wake()
	d.waitFor(t, "the robot's message", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == 1 && strings.Contains(got[0], "新派工单"+number)
	})
	var events []string
	_ = d.srv.Store.View(func(tx *store.Tx) error {
		tk, err := tx.Ticket(number)
		if err == nil {
			for _, e := range tk.Events {
				events = append(events, e.Action+":"+e.Note)
			}
		}
		return err
	})
	if !strings.Contains(strings.Join(events, "\n"), "notify:已通知市城市管理局：企业微信工作群") {
		t.Fatalf("history: %v", events)
	}
}

// TestLeadersToldOfReport: the report scheduler's new reports reach the
// leaders' WeCom group robot (notify.leaders) through the outbox, one
// message per report.
func TestLeadersToldOfReport(t *testing.T) {
	got := make(chan string, 10)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/cgi-bin/webhook/send" || r.URL.Query().Get("key") != "robot-key-lead-0123" {
			t.Errorf("robot: %s", r.URL.Path)
			w.WriteHeader(404)
			return
		}
		var m struct {
			Text struct {
				Content string `json:"content"`
			} `json:"text"`
		}
		_ = json.NewDecoder(r.Body).Decode(&m)
		got <- m.Text.Content
		_, _ = w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	t.Cleanup(api.Close)
	t.Cleanup(func() { notify.InstallURIModifier("", "") })
	d := newDeskServer(t, func(cfg *config.Config) {
		cfg.Notify.WeCom.APIBaseURL = api.URL
		cfg.Notify.QuietHours = ""
		cfg.Notify.Leaders.RobotKey = "robot-key-lead-0123"
		cfg.Report.Weekly, cfg.Report.Quarterly = "", ""
	})
	// An order in November: the scheduler makes no report of a period
	// before the office's first order.
	at := time.Date(2026, 11, 10, 9, 0, 0, 0, d.srv.Config.Location())
	if err := d.srv.Store.UpdateNow(func(tx *store.Tx) error {
		tk := &ticket.Ticket{Number: "20261110-0001", Status: ticket.Draft, Channel: "webchat", Title: "楼道灯不亮",
			Type: ticket.TypeComplaint, Category: "QT", Urgency: ticket.UrgencyNormal, ReceivedAt: at}
		if err := tk.Transition(ticket.Accepted, ticket.Event{At: at, Actor: "bot"}); err != nil {
			return err
		}
		return tx.PutTicket(tk)
	}); err != nil {
		t.Fatal(err)
	}
	rs := &report.Scheduler{St: d.srv.Store, Cfg: d.srv.Config, Now: func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, d.srv.Config.Location()) },
		After: d.srv.reportOut}
	if made, err := rs.Tick(); err != nil || len(made) != 1 {
		t.Fatalf("scheduled reports: %v %v", made, err)
	}
	d.srv.Outbox.Wake()
	select {
	case text := <-got:
		if !strings.Contains(text, "月报已生成：2026年11月") {
			t.Errorf("the leaders read %q", text)
		}
	case <-time.After(eventstest.Hang):
		t.Fatal("the leaders' robot got nothing")
	}
	if made, _ := rs.Tick(); len(made) != 0 {
		t.Errorf("the report was made again: %v", made)
	}
}
