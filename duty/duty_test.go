package duty_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"hotline/config"
	"hotline/desk"
	"hotline/duty"
	"hotline/events/eventstest"
	"hotline/inbound"
	"hotline/server"
	"hotline/store"
	"hotline/ticket"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// TestDutySessions plans sessions through the console's API, checks who
// may plan them and what a bad one gets, and sees them announced on the
// public page and by the bot only within duty.publish_days.
func TestDutySessions(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	loc := cfg.Location()
	clk := &clock{time.Date(2026, 12, 2, 10, 0, 0, 0, loc)} // a Wednesday
	srv, err := server.New(cfg, server.Options{Logger: slog.New(slog.DiscardHandler), Now: clk.now,
		StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, u := range []struct{ name, role string }{{"sup", "supervisor"}, {"ag", "agent"}} {
		usr, err := desk.NewUser(cfg, u.name, u.role, "", "duty-pass-123", clk.now())
		if err != nil {
			t.Fatal(err)
		}
		cheap(t, usr)
		if err := desk.AddUser(srv.Store, usr, "test"); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(srv.Handler)
	defer ts.Close()
	client := func(name string) *http.Client {
		jar, _ := cookiejar.New(nil)
		cl := &http.Client{Jar: jar, Timeout: eventstest.Hang}
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/desk/api/login", strings.NewReader(`{"name":"`+name+`","password":"duty-pass-123"}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := cl.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("login %s: %v %v", name, resp, err)
		}
		resp.Body.Close()
		return cl
	}
	post := func(cl *http.Client, body string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/desk/api/duty", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	sup, ag := client("sup"), client("ag")
	for _, c := range []struct {
		cl   *http.Client
		body string
		want int
	}{
		{sup, `{"date":"2026-12-04","start":"09:00","end":"11:00","leader":"张明","title":"副市长","topic":"老旧小区改造"}`, http.StatusCreated},
		{sup, `{"date":"2026-12-20","start":"09:00","end":"11:00","leader":"李华","title":"市城市管理局局长","department":"市城市管理局"}`, http.StatusCreated},
		{ag, `{"date":"2026-12-05","start":"09:00","end":"11:00","leader":"王","title":"市长"}`, http.StatusForbidden},
		{sup, `{"date":"2026-12-05","start":"11:00","end":"09:00","leader":"王","title":"市长"}`, http.StatusUnprocessableEntity},
		{sup, `{"date":"12/05","start":"09:00","end":"11:00","leader":"王","title":"市长"}`, http.StatusUnprocessableEntity},
		{sup, `{"date":"2026-12-05","start":"09:00","end":"11:00","leader":"","title":"市长"}`, http.StatusUnprocessableEntity},
	} {
		if code, body := post(c.cl, c.body); code != c.want {
			t.Errorf("POST %s: %d %s, want %d", c.body, code, body, c.want)
		}
	}

	// The public page: this week's session, not the one 18 days ahead,
	// with its weekday as the bot says it (duty_texts.page_when).
	resp, err := http.Get(ts.URL + "/public/duty")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "副市长 张明") || !strings.Contains(string(page), "老旧小区改造") ||
		!strings.Contains(string(page), "12月4日（周五）09:00-11:00") ||
		strings.Contains(string(page), "李华") || strings.Contains(string(page), "<script") {
		t.Errorf("public page: %d\n%s", resp.StatusCode, page)
	}

	// The bot answers with the same schedule on any channel.
	res, err := srv.Engine.Handle(context.Background(), inbound.Message{Channel: "wechat", UserID: "o123", Text: "领导接听安排"})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(res.Texts(), "\n")
	if !strings.Contains(text, "12月4日（周五）09:00-11:00 副市长张明") || strings.Contains(text, "李华") {
		t.Errorf("bot: %q", text)
	}

	// An order taken during the session becomes the leader's item.
	tk := &ticket.Ticket{Number: "20261204-0001", Channel: "webchat", Title: "小区暖气不热", Type: ticket.TypeComplaint,
		Category: "GR", Department: "山东聚源热力有限责任公司", Urgency: ticket.UrgencyNormal, Status: ticket.Draft,
		ReceivedAt: time.Date(2026, 12, 4, 9, 20, 0, 0, loc)}
	if err := tk.Transition(ticket.Accepted, ticket.Event{At: tk.ReceivedAt, Actor: "agent:ag"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Store.UpdateNow(func(tx *store.Tx) error { return tx.PutTicket(tk) }); err != nil {
		t.Fatal(err)
	}
	// The console marks with the server's clock: a session all of today.
	today := clk.now().In(loc).Format("2006-01-02")
	if code, body := post(sup, `{"date":"`+today+`","start":"00:00","end":"23:59","leader":"张明","title":"副市长"}`); code != http.StatusCreated {
		t.Fatalf("today's session: %d %s", code, body)
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/desk/api/orders/20261204-0001/leader-item", nil)
	resp, err = sup.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("leader item in the session: %d", resp.StatusCode)
	}
	_ = srv.Store.View(func(tx *store.Tx) error {
		got, err := tx.Ticket("20261204-0001")
		if err != nil || !got.Flags.LeaderItem || got.Events[len(got.Events)-1].Note != "副市长张明" {
			t.Errorf("leader item: %+v %v", got, err)
		}
		return nil
	})
	if _, err := duty.MarkLeaderItem(srv.Store, "20261204-0001", "agent:ag", time.Date(2025, 1, 1, 10, 0, 0, 0, loc), loc, (*duty.Session).LeaderName); err != duty.ErrNoSession {
		t.Errorf("leader item outside any session: %v", err)
	}

	// Two weeks on, the second session is announced and the first is past.
	clk.t = time.Date(2026, 12, 15, 8, 0, 0, 0, loc)
	list, err := duty.Published(srv.Store, clk.now(), loc, cfg.Duty.PublishDays)
	if err != nil || len(list) != 1 || list[0].Leader != "李华" {
		t.Errorf("published on 12-15: %v %v", list, err)
	}
	clk.t = time.Date(2026, 12, 20, 9, 30, 0, 0, loc)
	if s, err := duty.Active(srv.Store, clk.now(), loc); err != nil || s == nil || s.Leader != "李华" {
		t.Errorf("active at 09:30 on 12-20: %v %v", s, err)
	}
	if gone, err := duty.Delete(srv.Store, list[0].ID); err != nil || gone.ID != list[0].ID || gone.Leader != list[0].Leader {
		t.Fatalf("delete: %+v %v; want the deleted session %+v", gone, err, list[0])
	}
	if _, err := duty.Delete(srv.Store, list[0].ID); err != duty.ErrNotFound {
		t.Errorf("second delete: %v", err)
	}
	if got := duty.Text(nil, loc, cfg.DutyTexts); got != "近期暂无领导接听安排。" {
		t.Errorf("empty schedule: %q", got)
	}
}

// TestDutyTextsFromConfig: the schedule's words come from duty_texts:
// a city's words reach the public page and the bot's answer.
func TestDutyTextsFromConfig(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	d := &cfg.DutyTexts
	d.Header = "本周领导接听："
	d.Session = "{{.Date}} 星期{{.Weekday}} {{.Start}} {{.Leader}}（{{.Title}}）"
	d.Weekdays = []string{"天", "1", "2", "3", "4", "5", "6"}
	d.PageTitle = "{{.City}}市长热线领导值班表"
	d.PageIntro = "{{.Days}}日内安排"
	d.PageTopic = "议题：{{.Topic}}"
	d.PageWhen = "{{.Date}} 星期{{.Weekday}} {{.Start}}起"
	loc := cfg.Location()
	clk := &clock{time.Date(2026, 12, 2, 10, 0, 0, 0, loc)}
	srv, err := server.New(cfg, server.Options{Logger: slog.New(slog.DiscardHandler), Now: clk.now,
		StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler)
	defer ts.Close()
	page := func() string {
		resp, err := http.Get(ts.URL + "/public/duty")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if p := page(); !strings.Contains(p, "<title>济宁市市长热线领导值班表</title>") || !strings.Contains(p, "7日内安排") || !strings.Contains(p, "近期暂无领导接听安排。") {
		t.Errorf("empty page:\n%s", p)
	}
	if err := duty.Add(srv.Store, &duty.Session{Date: "2026-12-04", Start: "09:00", End: "11:00", Leader: "张明", Title: "副市长", Topic: "老旧小区改造"}); err != nil {
		t.Fatal(err)
	}
	if p := page(); !strings.Contains(p, "议题：老旧小区改造") || strings.Contains(p, "主题") || !strings.Contains(p, "2026-12-04 星期5 09:00起") {
		t.Errorf("page:\n%s", p)
	}
	res, err := srv.Engine.Handle(context.Background(), inbound.Message{Channel: "wechat", UserID: "o123", Text: "领导接听安排"})
	if err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(res.Texts(), "\n"); !strings.Contains(text, "本周领导接听：\n2026-12-04 星期5 09:00 张明（副市长）") {
		t.Errorf("bot: %q", text)
	}
}

// TestHandOverToLeader: during a session, a chat an agent hands to the
// leader's console account, and the order the leader registers from it,
// are the leader's items (领导接听件) with the leader's name; an order an
// agent registers is not, nor one registered after the leader handed the
// chat back. The leader's account must exist and be able to take chats.
func TestHandOverToLeader(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	loc := cfg.Location()
	clk := &clock{time.Date(2026, 12, 2, 9, 30, 0, 0, loc)}
	srv, err := server.New(cfg, server.Options{Logger: slog.New(slog.DiscardHandler), Now: clk.now,
		StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, u := range []struct{ name, role, display string }{{"sup", "supervisor", ""}, {"ag", "agent", ""}, {"mayor", "leader", "张明"}, {"city", "department", ""}} {
		dept := ""
		if u.role == "department" {
			dept = "市城市管理局"
		}
		usr, err := desk.NewUser(cfg, u.name, u.role, dept, "duty-pass-123", clk.now())
		if err != nil {
			t.Fatal(err)
		}
		usr.DisplayName = u.display
		cheap(t, usr)
		if err := desk.AddUser(srv.Store, usr, "test"); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(srv.Handler)
	defer ts.Close()
	client := func(name string) *http.Client {
		jar, _ := cookiejar.New(nil)
		cl := &http.Client{Jar: jar, Timeout: eventstest.Hang}
		if name != "" {
			call(t, cl, ts.URL+"/desk/api/login", `{"name":"`+name+`","password":"duty-pass-123"}`, http.StatusOK)
		}
		return cl
	}
	sup, ag, mayor := client("sup"), client("ag"), client("mayor")
	call(t, sup, ts.URL+"/desk/api/duty", `{"date":"2026-12-02","start":"09:00","end":"11:00","leader":"张明","title":"副市长","account":"nobody"}`, http.StatusUnprocessableEntity)
	call(t, sup, ts.URL+"/desk/api/duty", `{"date":"2026-12-02","start":"09:00","end":"11:00","leader":"张明","title":"副市长","account":"city"}`, http.StatusUnprocessableEntity)
	call(t, sup, ts.URL+"/desk/api/duty", `{"date":"2026-12-02","start":"09:00","end":"11:00","leader":"张明","title":"副市长","account":"mayor"}`, http.StatusCreated)

	// The leader is on duty in the console: their event stream is open.
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/desk/api/events", nil)
	resp, err := mayor.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	hello := bufio.NewReader(resp.Body)
	for {
		line, err := hello.ReadString('\n')
		if err != nil {
			t.Fatalf("the leader's event stream: %v", err)
		}
		if strings.HasPrefix(line, "event: hello") {
			break
		}
	}

	citizen := client("")
	chat := func(text string) string {
		var start struct {
			ID string `json:"conversation_id"`
		}
		decode(t, call(t, citizen, ts.URL+"/chat/api/conversations", "", http.StatusCreated), &start)
		call(t, citizen, ts.URL+"/chat/api/messages", `{"conversation_id":"`+start.ID+`","text":"`+text+`","client_id":"m1"}`, http.StatusOK)
		call(t, citizen, ts.URL+"/chat/api/messages", `{"conversation_id":"`+start.ID+`","text":"人工","client_id":"m2"}`, http.StatusOK)
		return "webchat:" + start.ID
	}
	register := func(cl *http.Client, conv, title string) string {
		var out struct {
			Ticket struct {
				Number string `json:"number"`
			} `json:"ticket"`
		}
		decode(t, call(t, cl, ts.URL+"/desk/api/conversations/"+conv+"/register", `{"title":"`+title+`","description":"市民反映：`+title+`"}`, http.StatusCreated), &out)
		return out.Ticket.Number
	}
	order := func(number string) *ticket.Ticket {
		var tk *ticket.Ticket
		if err := srv.Store.View(func(tx *store.Tx) error { tk, err = tx.Ticket(number); return err }); err != nil {
			t.Fatal(err)
		}
		return tk
	}

	handed := chat("任城区古槐路老旧小区楼道灯坏了好几个月，一直没人修")
	call(t, ag, ts.URL+"/desk/api/conversations/"+handed+"/take", "", http.StatusOK)
	call(t, ag, ts.URL+"/desk/api/conversations/"+handed+"/transfer", `{"to":"mayor"}`, http.StatusOK)
	clk.t = clk.t.Add(10 * time.Minute)
	n := register(mayor, handed, "老旧小区楼道灯不亮")
	tk := order(n)
	last := tk.Events[len(tk.Events)-1]
	if !tk.Flags.LeaderItem || last.Action != "leader_item" || last.Note != "副市长张明（转接领导接听）" || last.Actor != "leader:mayor" {
		t.Errorf("the leader's order %s: leader item %v, last event %+v", n, tk.Flags.LeaderItem, last)
	}

	// An agent's own order in the session is not the leader's; nor is one
	// the leader registers from a chat handed back to the agent.
	own := chat("兖州区九州路路灯不亮")
	call(t, ag, ts.URL+"/desk/api/conversations/"+own+"/take", "", http.StatusOK)
	if tk := order(register(ag, own, "路灯不亮")); tk.Flags.LeaderItem {
		t.Errorf("an agent's order is a leader item: %+v", tk.Events)
	}
	call(t, mayor, ts.URL+"/desk/api/conversations/"+handed+"/transfer", `{"to":"ag"}`, http.StatusUnprocessableEntity) // the agent has no console open
	call(t, mayor, ts.URL+"/desk/api/conversations/"+handed+"/release", "", http.StatusOK)
	call(t, ag, ts.URL+"/desk/api/conversations/"+handed+"/take", "", http.StatusOK)
	if tk := order(register(ag, handed, "楼道灯复查")); tk.Flags.LeaderItem {
		t.Errorf("an order registered after the hand-back is a leader item: %+v", tk.Events)
	}

	// A session planned without an account keeps the one leader account
	// of the leader's display name, by its login; with two accounts of
	// that name, the planner is asked to pick one.
	var planned duty.Session
	decode(t, call(t, sup, ts.URL+"/desk/api/duty", `{"date":"2026-12-09","start":"09:00","end":"11:00","leader":"张明","title":"副市长"}`, http.StatusCreated), &planned)
	if planned.Account != "mayor" {
		t.Errorf("a session planned for 张明 without an account keeps %q, want mayor", planned.Account)
	}
	other, err := desk.NewUser(cfg, "zhangming2", "leader", "", "duty-pass-123", clk.now())
	if err != nil {
		t.Fatal(err)
	}
	other.DisplayName = "张明"
	if err := desk.AddUser(srv.Store, other, "test"); err != nil {
		t.Fatal(err)
	}
	refused := string(call(t, sup, ts.URL+"/desk/api/duty", `{"date":"2026-12-16","start":"09:00","end":"11:00","leader":"张明","title":"副市长"}`, http.StatusUnprocessableEntity))
	if !strings.Contains(refused, "有 2 个接听领导账号的显示名都是“张明”（mayor、zhangming2），请在“领导的工作台账号”中填写其中一个") {
		t.Errorf("a session for a name two leader accounts bear: %s", refused)
	}
}

// call posts body (may be empty) with cl and checks the status.
func call(t *testing.T, cl *http.Client, url, body string, want int) []byte {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("POST %s %s: %d %s, want %d", url, body, resp.StatusCode, b, want)
	}
	return b
}

func decode(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
}

// cheap gives u a bcrypt hash of the lowest cost: logins under the race
// detector on a busy machine would otherwise outlast the clients' timeout.
func cheap(t *testing.T, u *store.User) {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte("duty-pass-123"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	u.PasswordHash = string(h)
}
