package demo

import (
	"strings"
	"testing"

	"hotline/desk"
	"hotline/server"
	"hotline/store"
)

// staffAreNamed: the demo's history names people: every actor is one of
// its staff, whose accounts it adds disabled with their display names, so
// the console shows 话务员 王芳 or 市城市管理局 经办人, never the login "demo".
func staffAreNamed(t *testing.T, srv *server.Server) {
	users, err := desk.Users(srv.Store)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, u := range users {
		if !u.Disabled || u.DisplayName == "" || u.PasswordHash == "" {
			t.Errorf("account %+v: want disabled, with a display name and a password hash", u)
		}
		names[u.Name] = u.DisplayName
	}
	for _, p := range staff {
		if names[p.name] != p.display {
			t.Errorf("account %s is named %q, want %q", p.name, names[p.name], p.display)
		}
	}
	if len(names) != len(staff) {
		t.Errorf("accounts %v, want the %d of the staff", names, len(staff))
	}
	seen := map[string]bool{}
	err = srv.Store.View(func(tx *store.Tx) error {
		list, err := tx.Tickets(store.TicketFilter{})
		if err != nil {
			return err
		}
		for _, tk := range list {
			for _, ev := range tk.Events {
				login := ev.Actor[strings.LastIndexAny(ev.Actor, ":/")+1:]
				if !strings.Contains(ev.Actor, ":") {
					continue // system, citizen, bot
				}
				if _, ok := names[login]; !ok && ev.Actor != "agent:回访员" {
					t.Errorf("order %s: %s by %q, no account of the demo's staff", tk.Number, ev.Action, ev.Actor)
				}
				seen[login] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"demo-agent", "demo-supervisor", "demo-clerk"} {
		if !seen[p] {
			t.Errorf("no history names %s: %v", p, seen)
		}
	}
}
