package demo

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"hotline/config"
	"hotline/server"
	"hotline/store"
)

// TestDemoLeavesNothingQueued: the demo's citizens on WeChat and SMS get
// what the hotline sends them on the simulated clock, through loopbacks,
// so that `hotline serve` on the demo's data, with neither channel
// configured, finds nothing to send (it logged 发送失败 … 该渠道未配置 for
// each and wrote it into the orders' histories), and no history says a
// message failed. A server built without the loopbacks is refused.
func TestDemoLeavesNothingQueued(t *testing.T) {
	t.Parallel()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	loc := cfg.Location()
	end := time.Date(2026, 12, 2, 12, 0, 0, 0, loc)
	clock := NewClock(end.AddDate(0, 0, -10))
	opts := server.Options{Logger: slog.New(slog.DiscardHandler), Now: clock.Now,
		StoreOptions: &store.Options{MaxBatchDelay: time.Microsecond, NoSync: true}}
	plain, err := server.New(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), plain, clock, Options{Orders: 5, Days: 2, End: end, Seed: 5}); err == nil || !strings.Contains(err.Error(), "demo.Channels") {
		t.Fatalf("a server without the simulated channels: %v", err)
	}
	if err := plain.Close(); err != nil {
		t.Fatal(err)
	}

	opts.Channels = Channels(server.Channels)
	srv, err := server.New(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), srv, clock, Options{Orders: 60, Days: 10, End: end, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	sent := map[string]int{}
	err = srv.Store.View(func(tx *store.Tx) error {
		if n, _ := tx.OutboxStats(); n != 0 {
			t.Errorf("%d messages still queued", n)
		}
		for id := uint64(1); ; id++ {
			e, err := tx.OutboxEntry(id)
			if errors.Is(err, store.ErrNotFound) {
				break
			}
			if err != nil {
				return err
			}
			if e.Status != store.OutSent {
				t.Errorf("entry %d on %s: %s (%s)", id, e.Channel, e.Status, e.LastError)
			}
			if !e.SentAt.Before(end.AddDate(0, 0, 1)) {
				t.Errorf("entry %d sent at %v, after the history", id, e.SentAt)
			}
			sent[e.Channel]++
		}
		list, err := tx.Tickets(store.TicketFilter{})
		if err != nil {
			return err
		}
		for _, tk := range list {
			for _, ev := range tk.Events {
				if strings.HasPrefix(ev.Action, "delivery_") {
					t.Errorf("order %s: %s %s", tk.Number, ev.Action, ev.Note)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if sent["wechat"] == 0 || sent["sms"] == 0 {
		t.Errorf("sent %v: want messages to the citizens on WeChat and SMS", sent)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}

	// serve's gateway, with neither channel, has nothing to send.
	opts.Channels = nil
	later, err := server.New(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer later.Close()
	later.Outbox.SetClock(clock.Now)
	if n, err := later.Outbox.Step(context.Background()); n != 0 || err != nil {
		t.Errorf("serve's outbox handled %d messages (%v)", n, err)
	}
}
