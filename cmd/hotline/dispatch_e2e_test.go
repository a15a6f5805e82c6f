package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/config"
	"hotline/server"
	"hotline/store"
	"hotline/ticket"
)

// chat is one citizen on the web chat of a running gateway.
type chat struct {
	t    *testing.T
	url  string
	conv string
	n    int
}

func openChat(t *testing.T, url string) *chat {
	t.Helper()
	c := &chat{t: t, url: url}
	var out struct {
		ID string `json:"conversation_id"`
	}
	c.post("/chat/api/conversations", nil, http.StatusCreated, &out)
	c.conv = out.ID
	return c
}

func (c *chat) post(path string, body any, want int, out any) {
	c.t.Helper()
	var buf bytes.Buffer
	if body != nil {
		json.NewEncoder(&buf).Encode(body)
	}
	resp, err := http.Post(c.url+path, "application/json", &buf)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		c.t.Fatalf("POST %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		c.t.Fatal(err)
	}
}

// say sends text and returns the bot's last reply.
func (c *chat) say(text string) string {
	c.t.Helper()
	c.n++
	var out struct {
		Replies []struct {
			Text string `json:"text"`
		} `json:"replies"`
	}
	c.post("/chat/api/messages", map[string]string{"conversation_id": c.conv, "text": text, "client_id": "m" + string(rune('a'+c.n))}, http.StatusOK, &out)
	if len(out.Replies) == 0 {
		return ""
	}
	return out.Replies[len(out.Replies)-1].Text
}

// TestWebChatOrdersAreDispatchedAutomatically is issue 10's end-to-end
// case: three clear complaints through the web chat are dispatched at
// registration (直派) to 任城区人民政府, 兖州区人民政府 and the heating
// company, as `hotline tickets list --json` shows; a fire report goes to
// the emergency desk of its rule, never to the department of the category
// model (which reads 民政 in it), and waits for the office.
func TestWebChatOrdersAreDispatchedAutomatically(t *testing.T) {
	t.Parallel()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	cfg.Server.DataDir = data
	srv, err := server.New(cfg, server.Options{StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler)
	closed := false
	stop := func() {
		if !closed {
			closed = true
			hs.Close()
			srv.Close()
		}
	}
	t.Cleanup(stop)

	complaints := []struct{ text, phone, dept string }{
		{"任城区古槐路有烧烤摊占道经营，油烟很大", "13953706601", "任城区人民政府"},
		{"兖州区鼓楼街道龙桥路的垃圾桶满了好几天没人清理，臭味很大", "13953706602", "兖州区人民政府"},
		{"任城区古槐街道金色家园小区5号楼暖气不热，室温只有12度", "13953706603", "山东聚源热力有限责任公司"},
	}
	for _, c := range complaints {
		ch := openChat(t, hs.URL)
		if r := ch.say(c.text); !strings.Contains(r, "电话") {
			t.Fatalf("%s: bot did not ask for the phone: %q", c.text, r)
		}
		if r := ch.say(c.phone); !strings.Contains(r, "请核对") {
			t.Fatalf("%s: no summary: %q", c.text, r)
		}
		r := ch.say("确认")
		if !strings.Contains(r, "已转交"+c.dept+"办理") {
			t.Errorf("%s: citizen told %q, want 已转交%s办理", c.text, r, c.dept)
		}
	}

	// The fire: the citizen is told to call 119, sends the address next;
	// an agent registers the whole conversation.
	fire := openChat(t, hs.URL)
	if r := fire.say("小区3号楼着火了，有人被困"); !strings.Contains(r, "119") {
		t.Fatalf("fire: %q", r)
	}
	fire.say("地址是任城区古槐街道幸福小区")
	ctx := context.Background()
	id := "webchat:" + fire.conv
	if _, err := srv.Engine.Take(ctx, id, "wang"); err != nil {
		t.Fatal(err)
	}
	prop, err := srv.Engine.Proposal(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if prop.Department != "市长公开电话办公室应急值守席" || prop.EmergencyNumber != "119" || !strings.Contains(prop.Address, "幸福小区") {
		t.Errorf("proposal: department %s, number %s, address %q", prop.Department, prop.EmergencyNumber, prop.Address)
	}
	fireTk, err := srv.Engine.Register(ctx, id, "wang", "", "")
	if err != nil {
		t.Fatal(err)
	}
	stop()

	code, out, errOut := runCLI(t, "", "tickets", "list", "--json", "--data", data)
	if code != 0 {
		t.Fatalf("tickets list --json: %d %s", code, errOut)
	}
	var list []ticket.Ticket
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("tickets list --json: %v: %s", err, out)
	}
	if len(list) != 4 {
		t.Fatalf("%d orders, want 4: %s", len(list), out)
	}
	byDesc := map[string]ticket.Ticket{}
	for _, tk := range list {
		byDesc[tk.Description] = tk
	}
	for _, c := range complaints {
		tk, ok := byDesc[c.text]
		if !ok {
			t.Errorf("no order for %q", c.text)
			continue
		}
		if tk.Status != ticket.Dispatched || tk.Department != c.dept {
			t.Errorf("%s: status %s, department %s; want dispatched to %s", c.text, tk.Status, tk.Department, c.dept)
		}
		last := tk.Events[len(tk.Events)-1]
		if last.Action != "dispatch" || last.Actor != "system" {
			t.Errorf("%s: last event %+v, want a dispatch by system", c.text, last)
		}
	}
	// --status takes the state's code or the Chinese name the list prints.
	for _, st := range []string{"dispatched", "已派单"} {
		code, out, errOut := runCLI(t, "", "tickets", "list", "--status", st, "--data", data)
		if code != 0 || strings.Count(out, "已派单") != 3 || !strings.Contains(out, "共 3 件") {
			t.Errorf("tickets list --status %s: %d %q %q", st, code, out, errOut)
		}
	}
	// The list names each order's category as staff know it, not its code.
	code, out, errOut = runCLI(t, "", "tickets", "list", "--data", data)
	for _, tk := range list {
		cat, ok := cfg.Category(tk.Category)
		if !ok || code != 0 || !strings.Contains(out, "  "+cat.Name+"  ") || strings.Contains(out, " "+tk.Category+" ") {
			t.Errorf("tickets list: %s's category %s (%s): %d %q %q", tk.Number, tk.Category, cat.Name, code, out, errOut)
		}
	}
	// tickets show names every code as staff know it: the category, the
	// states, the channel, the actions and the actors of its history, in
	// the words of --config.
	code, out, errOut = runCLI(t, "", "tickets", "show", list[0].Number, "--data", data)
	for _, want := range []string{"\n类别：" + mustCategory(t, cfg, list[0].Category) + "\n", "\n状态：已派单\n", "\n渠道：网页\n",
		"\n办理记录\n", "  市民  受理（草稿 → 已受理）", "  系统  派单（已受理 → 已派单）：主办：" + list[0].Department} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("tickets show lacks %q: %d %q %q", want, code, out, errOut)
		}
	}
	for _, code := range []string{list[0].Category, "dispatch", "accept", "system", "citizen", "webchat"} {
		if strings.Contains(out, code) {
			t.Errorf("tickets show says the code %q:\n%s", code, out)
		}
	}
	city := filepath.Join(t.TempDir(), "city.yaml")
	yaml := "report_texts:\n  command_line:\n    show:\n      field: \"【{{.Name}}】{{.Value}}\"\n      history: 流转\n      event: \"* {{.Action}} / {{.Actor}}\"\n"
	if err := os.WriteFile(city, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, "", "tickets", "show", list[0].Number, "--data", data, "--config", city)
	if code != 0 || !strings.HasPrefix(out, "【编号】"+list[0].Number+"\n") || !strings.Contains(out, "\n流转\n* 受理 / 市民\n* 派单 / 系统\n") {
		t.Errorf("tickets show --config: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "", "tickets", "list", "--status", "派出去了", "--data", data); code != 2 || !strings.Contains(errOut, "已派单") {
		t.Errorf("unknown status: %d %q", code, errOut)
	}
	var got ticket.Ticket
	for _, tk := range list {
		if tk.Number == fireTk.Number {
			got = tk
		}
	}
	if got.Department != "市长公开电话办公室应急值守席" || got.Category != "AQSC" || got.Status != ticket.Accepted || !strings.Contains(got.Hold, "紧急件（119）") {
		t.Errorf("fire order: department %s, category %s, status %s, hold %q; want the emergency desk, held", got.Department, got.Category, got.Status, got.Hold)
	}
	if !strings.Contains(got.Description, "着火") || !strings.Contains(got.Description, "幸福小区") || !strings.Contains(got.Address, "幸福小区") {
		t.Errorf("fire order lost the citizen's messages: description %q, address %q", got.Description, got.Address)
	}
}

// mustCategory is the name of the category code in cfg.
func mustCategory(t *testing.T, cfg *config.Config, code string) string {
	t.Helper()
	c, ok := cfg.Category(code)
	if !ok {
		t.Fatalf("no category %s", code)
	}
	return c.Name
}
