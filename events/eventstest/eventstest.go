// Package eventstest lets tests wait for what an event makes true, without
// polling and without a time budget: the condition is checked once, then
// again after every event published on the hub. The engine, the outbox,
// the delivery reports and the workflow publish after each change they
// commit, so a condition on the store (or on a fake that the outbox called
// before recording the result) becomes true at an event.
package eventstest

import (
	"context"
	"testing"
	"time"

	"hotline/events"
)

// Hang is how long Until waits for an event before it calls the test hung.
// It is never a budget the code under test must meet: a run that reaches it
// is stuck, not slow.
const Hang = 2 * time.Minute

// Until waits until cond holds, checking it now and after each event that
// hub publishes; it fails the test if nothing makes cond true before Hang.
func Until(tb testing.TB, hub *events.Hub, what string, cond func() bool) {
	tb.Helper()
	evs, stop := hub.Subscribe(nil)
	defer stop()
	hang := time.NewTimer(Hang)
	defer hang.Stop()
	for !cond() {
		select {
		case <-evs:
		case <-hang.C:
			tb.Fatalf("hung waiting for %s", what)
		}
	}
}

// Subscribed waits until hub has at least n subscriptions (a channel or a
// view follows it); it fails the test if that does not happen before Hang.
func Subscribed(tb testing.TB, hub *events.Hub, n int) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Hang)
	defer cancel()
	if err := hub.WaitSubscribers(ctx, n); err != nil {
		tb.Fatalf("hung waiting for %d subscriptions to the events hub (%d open)", n, hub.Subscribers())
	}
}
