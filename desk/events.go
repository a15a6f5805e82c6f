package desk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"hotline/domain"
	"hotline/events"
	"hotline/httpx"
	"hotline/store"
)

// SSEPing is how often an idle event stream sends a comment, so that
// proxies keep it open.
const SSEPing = 20 * time.Second

// StreamEvent is one console event as the stream sends it: the engine's
// event plus TS, the server's time when the event was published (Unix
// milliseconds, fractional), from which clients measure delivery delay. A
// conversation id that shows a phone number is sent as its handle (see
// handles), the same one the queue shows.
type StreamEvent struct {
	events.Event
	TS float64 `json:"ts"`
}

// streamFilter returns which events a role receives: agents, leaders and
// administrators everything that concerns the agents' desk (deskEvent);
// supervisors order events; a department only events of its own orders.
func (c *Console) streamFilter(a Actor) func(events.Event) bool {
	switch a.Role {
	case RoleAgent, RoleLeader, RoleAdmin:
		return deskEvent
	case RoleDepartment:
		return func(ev events.Event) bool {
			if ev.Kind != events.Ticket || ev.Ticket == "" {
				return false
			}
			ok := false
			_ = c.o.Store.View(func(tx *store.Tx) error {
				if t, err := tx.Ticket(ev.Ticket); err == nil {
					ok = canSee(a, t)
				}
				return nil
			})
			return ok
		}
	}
	return func(ev events.Event) bool { return ev.Kind == events.Ticket }
}

// deskEvent reports whether the agents' desk shows what ev changed: every
// queue, agent, order and delivery event, but a message only in a
// conversation that waits for or is held by an agent. The bot's own
// dialogs (thousands a minute at a peak) are not the desk's business, and
// sending each to every open console cost the citizens' requests a third
// of their throughput in `hotline bench` with 50 agents.
func deskEvent(ev events.Event) bool {
	if ev.Kind != events.Message {
		return true
	}
	return ev.State == string(domain.ConvQueued) || ev.State == string(domain.ConvAgent)
}

// events streams console events (Server-Sent Events): the page re-reads
// what changed. Each event carries its server timestamp.
func (c *Console) events(w http.ResponseWriter, r *http.Request) error {
	flusher, ok := w.(http.Flusher)
	if !ok {
		return httpx.ErrNoStream
	}
	a := actorOf(r)
	ch, cancel := c.o.Hub.Subscribe(c.streamFilter(a))
	defer cancel()
	// The stream marks the user as on duty, and ends when the account is
	// disabled.
	ctx, stop := context.WithCancel(r.Context())
	defer stop()
	defer c.on.join(a.Name, stop)()
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "retry: 3000\nevent: hello\ndata: {\"ts\":%s}\n\n", msTS(time.Now()))
	flusher.Flush()
	ping := time.NewTicker(SSEPing)
	defer ping.Stop()
	for {
		select {
		case ev, open := <-ch:
			if !open {
				return nil
			}
			ev.ConversationID = c.ids.of(ev.ConversationID)
			data, err := json.Marshal(StreamEvent{Event: ev, TS: msFloat(ev.At)})
			if err != nil {
				return nil
			}
			if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Kind, data); err != nil {
				return nil
			}
			flusher.Flush()
		case <-ping.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return nil
			}
			flusher.Flush()
		case <-ctx.Done():
			return nil
		}
	}
}

func msFloat(t time.Time) float64 { return float64(t.UnixMicro()) / 1000 }

func msTS(t time.Time) string { return fmt.Sprintf("%.3f", msFloat(t)) }
