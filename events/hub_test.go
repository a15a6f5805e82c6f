package events

import (
	"context"
	"fmt"
	"testing"
)

func TestHubDeliversByConversationAndFilter(t *testing.T) {
	h := NewHub()
	a, cancelA := h.SubscribeConversation("webchat:a")
	a2, cancelA2 := h.SubscribeConversation("webchat:a")
	b, cancelB := h.SubscribeConversation("webchat:b")
	queue, cancelQ := h.Subscribe(func(ev Event) bool { return ev.Kind == Queue })
	all, cancelAll := h.Subscribe(nil)
	if n := h.Subscribers(); n != 5 {
		t.Fatalf("Subscribers() = %d, want 5", n)
	}
	h.Publish(Event{Kind: Message, ConversationID: "webchat:a", MessageID: 1})
	h.Publish(Event{Kind: Queue, ConversationID: "webchat:b"})
	h.Publish(Event{Kind: Ticket, Ticket: "20261127-0001"})

	got := func(ch <-chan Event) []string {
		var out []string
		for {
			select {
			case ev := <-ch:
				if ev.At.IsZero() {
					t.Errorf("event %v without a time", ev)
				}
				out = append(out, ev.Kind+"/"+ev.ConversationID)
			default:
				return out
			}
		}
	}
	for name, tc := range map[string]struct {
		ch   <-chan Event
		want string
	}{
		"a": {a, "[message/webchat:a]"}, "a2": {a2, "[message/webchat:a]"}, "b": {b, "[queue/webchat:b]"},
		"queue": {queue, "[queue/webchat:b]"}, "all": {all, "[message/webchat:a queue/webchat:b ticket/]"},
	} {
		if s := fmt.Sprint(got(tc.ch)); s != tc.want {
			t.Errorf("%s received %s, want %s", name, s, tc.want)
		}
	}
	cancelA()
	cancelA() // twice is harmless
	if _, open := <-a; open {
		t.Error("channel open after unsubscribing")
	}
	h.Publish(Event{Kind: Message, ConversationID: "webchat:a"})
	if s := fmt.Sprint(got(a2)); s != "[message/webchat:a]" {
		t.Errorf("the other page of conversation a received %s", s)
	}
	cancelA2()
	cancelB()
	cancelQ()
	cancelAll()
	if n := h.Subscribers(); n != 0 || len(h.conv) != 0 {
		t.Fatalf("after unsubscribing: %d subscribers, %d conversations", n, len(h.conv))
	}
}

func TestHubNeverBlocksOnASlowSubscriber(t *testing.T) {
	h := NewHub()
	slow, cancel := h.SubscribeConversation("webchat:a")
	defer cancel()
	for i := range 1000 { // far more than the channel holds
		h.Publish(Event{Kind: Message, ConversationID: "webchat:a", MessageID: uint64(i + 1)})
	}
	if n := len(slow); n != cap(slow) {
		t.Fatalf("slow subscriber holds %d events, want its buffer full (%d)", n, cap(slow))
	}
}

// BenchmarkPublish publishes one conversation's event with 1,000 web-chat
// pages open: "filter" subscribes each page with a filter on its id (how
// the web chat subscribed before), "conversation" files each under its id.
func BenchmarkPublish(b *testing.B) {
	const pages = 1000
	for _, mode := range []string{"filter", "conversation"} {
		b.Run(mode, func(b *testing.B) {
			h := NewHub()
			for i := range pages {
				id := fmt.Sprintf("webchat:%04d", i)
				var cancel func()
				if mode == "filter" {
					_, cancel = h.Subscribe(func(ev Event) bool { return ev.ConversationID == id })
				} else {
					_, cancel = h.SubscribeConversation(id)
				}
				b.Cleanup(cancel)
			}
			ev := Event{Kind: Message, ConversationID: "webchat:0042"}
			for b.Loop() {
				h.Publish(ev)
			}
		})
	}
}

// WaitSubscribers returns once the subscriptions it waits for are open,
// and ends with the context while they are not.
func TestWaitSubscribers(t *testing.T) {
	h := NewHub()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := h.WaitSubscribers(ctx, 1); err == nil {
		t.Fatal("WaitSubscribers returned with no subscription")
	}
	done := make(chan error, 1)
	go func() { done <- h.WaitSubscribers(context.Background(), 2) }()
	_, stop := h.Subscribe(nil)
	defer stop()
	_, stopConv := h.SubscribeConversation("c1")
	defer stopConv()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := h.WaitSubscribers(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
}
