package telegram_test

import (
	"net/http"
	"testing"

	"hotline/config"
)

func TestPolling(t *testing.T) {
	e := newEnv(t, func(tc *config.Telegram) { tc.Polling = true; tc.Secret = "" })
	e.api.queueUpdates(readUpdate(t, "start.json"), readUpdate(t, "text.json"), `{"update_id":810000012,"message":"garbled"}`)
	e.api.queueUpdates(readUpdate(t, "text.json")) // Telegram redelivers an update: handled once
	e.run()
	calls := e.api.waitFor("three getUpdates calls", func([]apiCall) bool { return len(e.api.callsOf("getUpdates")) >= 3 })
	if calls[0].Method != "deleteWebhook" {
		t.Fatalf("first call %s, want deleteWebhook before polling", calls[0].Method)
	}
	polls := e.api.callsOf("getUpdates")
	want := []string{"0", "810000013", "810000013"}
	for i, w := range want {
		p := polls[i].Params
		if p["offset"] != w || p["timeout"] != "1" || p["allowed_updates"] != `["message"]` {
			t.Errorf("getUpdates #%d params %v, want offset %s, timeout 1, allowed_updates [\"message\"]", i+1, p, w)
		}
	}
	in := citizenMessages(e.messages(citizenConv))
	if len(in) != 1 || in[0].Text != "任城区古槐路的路灯不亮了" || in[0].ExternalID != "5001:11" {
		t.Fatalf("stored %d inbound messages: %+v", len(in), in)
	}
	e.deliver()
	e.api.waitSent("5001", "", e.cfg.Channels.Telegram.Welcome)

	// No webhook route while polling.
	if code := e.post(readUpdate(t, "text.json"), ""); code != http.StatusNotFound {
		t.Errorf("webhook answered %d while polling, want 404", code)
	}
}
