package demo

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"hotline/config"
	"hotline/desk"
	"hotline/server"
	"hotline/store"
)

// The demo's history names people: every actor is one of its staff, whose
// accounts it adds disabled with their display names, so the console shows
// 话务员 王芳 or 市城市管理局 经办人, never the login "demo".
func TestDemoStaffAreNamed(t *testing.T) {
	t.Parallel()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	loc := cfg.Location()
	end := time.Date(2026, 12, 2, 12, 0, 0, 0, loc)
	clock := NewClock(end.AddDate(0, 0, -10))
	srv, err := server.New(cfg, server.Options{Logger: slog.New(slog.DiscardHandler), Now: clock.Now, Channels: Channels(server.Channels),
		StoreOptions: &store.Options{MaxBatchDelay: time.Microsecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if _, err := Run(context.Background(), srv, clock, Options{Orders: 60, Days: 10, End: end, Seed: 5}); err != nil {
		t.Fatal(err)
	}
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
