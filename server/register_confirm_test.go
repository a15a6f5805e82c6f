package server

import (
	"testing"

	"hotline/config"
)

// TestRegisterConfirmsDispatch: an agent registering a chat's order
// through the gateway learns where it went: dispatched at once by the
// real automatic dispatch (直派, 已派单至 and the department) or held in
// 待派单 for a sensitive word, with the reason (desk's
// TestRegisterConfirmsWhereTheOrderWent has the texts).
func TestRegisterConfirmsDispatch(t *testing.T) {
	t.Parallel()
	d := newDeskServer(t, func(cfg *config.Config) { cfg.Dispatch.Auto = true }) // the tests' default turns it off
	wang := d.client(t, "wang")
	for i, c := range []struct{ text, want string }{
		{"任城区古槐路有烧烤摊占道经营，油烟很大，每天晚上到十二点，电话13953706601", "done.register_dispatched"},
		{"任城区古槐路有烧烤摊占道经营，油烟很大，我已经向电视台反映了，电话13953706602", "done.register_held"},
	} {
		citizen := d.client(t, "")
		tok := citizen.must("POST", "/chat/api/conversations", nil, 201)["conversation_id"].(string)
		citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": c.text, "client_id": "m1"}, 200)
		citizen.must("POST", "/chat/api/messages", map[string]string{"conversation_id": tok, "text": "人工", "client_id": "m2"}, 200)
		conv := "/desk/api/conversations/webchat:" + tok
		wang.must("POST", conv+"/take", nil, 200)
		reg := wang.must("POST", conv+"/register", map[string]string{}, 201)
		done, _ := reg["done"].(map[string]any)
		vars, _ := done["vars"].(map[string]any)
		tk := reg["ticket"].(map[string]any)
		if done["id"] != c.want || vars["number"] != tk["number"] {
			t.Errorf("order %d (%v, department %v, hold %v) confirms with %v, want %s", i, tk["status"], tk["department"], tk["hold"], done, c.want)
		}
		switch c.want {
		case "done.register_dispatched":
			if vars["department"] != tk["department"] || vars["department"] == "" {
				t.Errorf("dispatched to %v, the confirmation names %v", tk["department"], vars["department"])
			}
		case "done.register_held":
			if vars["reason"] != tk["hold"] || vars["reason"] == nil {
				t.Errorf("held for %v, the confirmation says %v", tk["hold"], vars["reason"])
			}
		}
	}
}
