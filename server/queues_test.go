package server

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"hotline/events/eventstest"
)

// TestWorkQueuesLive: an order the bot registers while automatic dispatch
// is off lands in 待派单 with its reason; the console's event stream says
// an order changed (the page then reads the counts again), and the count
// drops when the office dispatches it.
func TestWorkQueuesLive(t *testing.T) {
	d := newDeskServer(t)
	office := d.client(t, "office")

	// The supervisor's event stream, read in the background.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", d.url+"/desk/api/events", nil)
	resp, err := office.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if ev, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				events <- ev
			}
		}
		close(events)
	}()
	if ev := <-events; ev != "hello" {
		t.Fatalf("first event %q", ev)
	}

	citizen := d.client(t, "")
	tok := citizen.must("POST", "/chat/api/conversations", nil, 201)["conversation_id"].(string)
	for i, text := range []string{"任城区古槐路的垃圾箱好几天没人清运了，臭味很大", "13953706688", "确认"} {
		citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": text, "client_id": string(rune('a' + i))}, 200)
	}
	if got := citizen.citizenTexts(tok); !strings.Contains(got, "工作人员将尽快审核并派发") || strings.Contains(got, "已转交") {
		t.Errorf("the citizen is not told the order waits for the office:\n%s", got)
	}
	timeout := time.After(eventstest.Hang)
	for seen := false; !seen; {
		select {
		case ev := <-events:
			seen = ev == "ticket"
		case <-timeout:
			t.Fatal("no ticket event on the supervisor's stream")
		}
	}

	counts := func() map[string]float64 {
		out := map[string]float64{}
		for _, q := range office.must("GET", "/desk/api/queues", nil, 200)["queues"].([]any) {
			m := q.(map[string]any)
			out[m["name"].(string)] = m["count"].(float64)
		}
		return out
	}
	if c := counts(); c["dispatch"] != 1 {
		t.Fatalf("counts %v, want 1 in dispatch", c)
	}
	list := office.must("GET", "/desk/api/queues/dispatch", nil, 200)["items"].([]any)
	it := list[0].(map[string]any)
	number := it["number"].(string)
	if it["department"] != "任城区人民政府" || it["hold"] != "未开启自动派单" || it["remaining_seconds"].(float64) <= 0 || it["deadline"] == nil {
		t.Errorf("queue item %v", it)
	}
	office.must("POST", "/desk/api/orders/"+number+"/dispatch", map[string]any{"department": "任城区人民政府"}, 200)
	if c := counts(); c["dispatch"] != 0 {
		t.Errorf("counts after dispatch %v", c)
	}
	d.client(t, "city").must("GET", "/desk/api/queues", nil, 403)
}
