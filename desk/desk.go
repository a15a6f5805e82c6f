// Package desk is the agents' side of hotline: an HTTP API to watch the
// queue of conversations waiting for a person, take one over, reply as the
// agent, hand it back to the bot and close it; and to read work orders.
//
// This minimal API is protected by a bearer token from the config
// (desk.token); every call names the acting agent in the X-Agent header.
// Like the console, it shows no personal data in full: conversation ids
// are handles, phone and ID numbers are masked and platform user ids left
// out, unless the call uses the reveal token (desk.reveal_token).
package desk

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"hotline/domain"
	"hotline/httpx"
	"hotline/inbound"
	"hotline/store"
	"hotline/ticket"
)

// MaxBody is the largest request body the API accepts.
const MaxBody = 64 << 10

// Engine is what the desk needs of the conversation engine.
type Engine interface {
	Queue(limit int) ([]*domain.Conversation, error)
	Conversation(id string, after uint64) (*domain.Conversation, []*domain.Message, error)
	Take(ctx context.Context, id, agent string) (*domain.Conversation, error)
	Reply(ctx context.Context, id, agent, text string) (*domain.Conversation, error)
	Release(ctx context.Context, id, agent string) (*domain.Conversation, error)
	Close(ctx context.Context, id, agent string) (*domain.Conversation, error)
	Tickets(f store.TicketFilter) ([]*ticket.Ticket, error)
	Ticket(number string) (*ticket.Ticket, error)
}

// API serves the agents' JSON API under /api/.
type API struct {
	eng    Engine
	token  string
	reveal string // the token whose calls see personal data ("" = none)
	ids    *handles
	now    func() time.Time
	// st holds the yearly archive, where orders and conversations moved
	// by the retention job are found read-only (nil: none).
	st *store.Store
}

// archive is the store's yearly archive (nil when there is none).
func (a *API) archive() *store.Archive {
	if a.st == nil {
		return nil
	}
	return a.st.Archive()
}

// APIOptions add privacy to the API: Store keeps the key of the
// conversation handles (shared with the console); RevealToken is a second
// token whose calls see personal data unmasked.
type APIOptions struct {
	Store       *store.Store
	RevealToken string
}

// New returns the API; token must not be empty.
func New(eng Engine, token string, opts APIOptions) (*API, error) {
	if token == "" {
		return nil, errors.New("desk: desk.token is empty; set it in the config or HOTLINE_DESK_TOKEN")
	}
	if opts.RevealToken == token {
		return nil, errors.New("desk: desk.reveal_token must differ from desk.token")
	}
	a := &API{eng: eng, token: token, reveal: opts.RevealToken, now: time.Now}
	if opts.Store != nil {
		ids, err := loadHandles(opts.Store)
		if err != nil {
			return nil, err
		}
		a.ids = ids
		a.st = opts.Store
	}
	return a, nil
}

type revealKey struct{}

// reveals reports whether the call used the reveal token.
func reveals(r *http.Request) bool { v, _ := r.Context().Value(revealKey{}).(bool); return v }

// convID is the conversation the path names (a handle or an id).
func (a *API) convID(r *http.Request) string {
	if a.ids == nil {
		return r.PathValue("id")
	}
	return a.ids.resolve(r.PathValue("id"))
}

func (a *API) conv(r *http.Request, c *domain.Conversation) *domain.Conversation {
	if reveals(r) {
		return c
	}
	return maskConversation(a.ids, c)
}

// Routes registers the API's handlers.
func (a *API) Routes(mux *http.ServeMux) {
	h := func(fn httpx.HandlerFunc) http.Handler { return a.auth(fn) }
	mux.Handle("GET /api/queue", h(a.queue))
	mux.Handle("GET /api/conversations/{id}", h(a.conversation))
	mux.Handle("POST /api/conversations/{id}/take", h(a.take))
	mux.Handle("POST /api/conversations/{id}/reply", h(a.reply))
	mux.Handle("POST /api/conversations/{id}/release", h(a.release))
	mux.Handle("POST /api/conversations/{id}/close", h(a.close))
	mux.Handle("GET /api/tickets", h(a.tickets))
	mux.Handle("GET /api/tickets/{number}", h(a.ticket))
}

type ctxKey struct{}

func agentOf(r *http.Request) string { s, _ := r.Context().Value(ctxKey{}).(string); return s }

func (a *API) auth(next httpx.HandlerFunc) http.Handler {
	return httpx.Handle(func(w http.ResponseWriter, r *http.Request) error {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		reveal := ok && a.reveal != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(a.reveal)) == 1
		if !reveal && (!ok || subtle.ConstantTimeCompare([]byte(tok), []byte(a.token)) != 1) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="hotline"`)
			return httpx.ErrBadToken
		}
		r = r.WithContext(context.WithValue(r.Context(), revealKey{}, reveal))
		agent := strings.TrimSpace(r.Header.Get("X-Agent"))
		if agent == "" || len(agent) > 64 {
			return httpx.ErrNoAgent
		}
		// The engine audits the agent's chat actions as the API's
		// ("api:"+X-Agent), never under the bare name a console user of
		// the same login is audited with ("desk:"+login).
		ctx := inbound.WithActor(context.WithValue(r.Context(), ctxKey{}, agent), "api:"+agent)
		return next(w, r.WithContext(ctx))
	})
}

// queueItem is one waiting conversation as the queue shows it.
type queueItem struct {
	ID        string `json:"id"`
	Channel   string `json:"channel"`
	Emergency bool   `json:"emergency"`
	// EmergencyReason is why: the number, the citizen's words and the
	// rule, and the other numbers needed (see ticket.EmergencyReason); on
	// a conversation that is no emergency, the flag the classifier's veto
	// set aside on its draft (set_aside), if any.
	EmergencyReason *ticket.EmergencyReason `json:"emergency_reason,omitempty"`
	FirstText       string                  `json:"first_text"`
	QueuedAt        time.Time               `json:"queued_at"`
	WaitingSec      int64                   `json:"waiting_seconds"`
	Category        string                  `json:"category,omitempty"`
	Department      string                  `json:"department,omitempty"`
	District        string                  `json:"district,omitempty"`
	Urgency         string                  `json:"urgency,omitempty"`
	Confidence      map[string]float64      `json:"confidence,omitempty"`
}

func (a *API) queue(w http.ResponseWriter, r *http.Request) error {
	list, err := a.eng.Queue(200)
	if err != nil {
		return err
	}
	now := a.now()
	out := make([]queueItem, 0, len(list))
	for _, c := range list {
		c = a.conv(r, c)
		it := queueItem{ID: c.ID, Channel: c.Channel, Emergency: c.Emergency, FirstText: c.FirstText,
			QueuedAt: c.QueuedAt, WaitingSec: int64(now.Sub(c.QueuedAt).Seconds())}
		if c.Emergency {
			it.EmergencyReason = emergencyReason(c)
		} else {
			it.EmergencyReason = setAsideReason(c)
		}
		if d := c.Draft; d != nil {
			it.Category, it.Department, it.District, it.Urgency, it.Confidence = d.Category, d.Department, d.District, d.Urgency, d.Confidence
		}
		out = append(out, it)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"queue": out})
	return nil
}

// conversation returns a conversation with its messages; one moved to the
// yearly archive with its orders is found there, read-only ("archived":
// true), and masked by the same rules.
func (a *API) conversation(w http.ResponseWriter, r *http.Request) error {
	id := a.convID(r)
	archived := false
	c, msgs, err := a.eng.Conversation(id, 0)
	if arch := a.archive(); errors.Is(err, inbound.ErrNotFound) && arch != nil {
		var aerr error
		if c, msgs, aerr = arch.Conversation(id); aerr == nil {
			err, archived = nil, true
		} else if !errors.Is(aerr, store.ErrNotFound) {
			return aerr
		}
	}
	if err != nil {
		return deskError(err)
	}
	if !reveals(r) {
		phones := []string{c.UserID}
		if c.Draft != nil {
			phones = append(phones, c.Draft.Phone)
		}
		msgs = maskMessages(a.ids, msgs, phones...)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"conversation": a.conv(r, c), "messages": msgs, "archived": archived})
	return nil
}

// archivedConv turns "not found" for a change of conversation id into
// httpx.ErrArchived when the archive holds it: it is kept read-only.
func (a *API) archivedConv(id string, err error) error {
	arch := a.archive()
	if !errors.Is(err, inbound.ErrNotFound) || arch == nil {
		return deskError(err)
	}
	if _, _, aerr := arch.Conversation(id); aerr == nil {
		return httpx.ErrArchived
	}
	return deskError(err)
}

func (a *API) op(w http.ResponseWriter, r *http.Request, fn func(ctx context.Context, id, agent string) (*domain.Conversation, error)) error {
	if r.ContentLength > 0 {
		var empty struct{}
		if err := httpx.DecodeJSON(r, MaxBody, &empty); err != nil {
			return err
		}
	}
	id := a.convID(r)
	c, err := fn(r.Context(), id, agentOf(r))
	if err != nil {
		return a.archivedConv(id, err)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"conversation": a.conv(r, c)})
	return nil
}

func (a *API) take(w http.ResponseWriter, r *http.Request) error    { return a.op(w, r, a.eng.Take) }
func (a *API) release(w http.ResponseWriter, r *http.Request) error { return a.op(w, r, a.eng.Release) }
func (a *API) close(w http.ResponseWriter, r *http.Request) error   { return a.op(w, r, a.eng.Close) }

func (a *API) reply(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Text string `json:"text"`
	}
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	id := a.convID(r)
	c, err := a.eng.Reply(r.Context(), id, agentOf(r), req.Text)
	if err != nil {
		return a.archivedConv(id, err)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"conversation": a.conv(r, c)})
	return nil
}

func (a *API) tickets(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.TicketFilter{Status: ticket.Status(q.Get("status")), Department: q.Get("department"), Limit: 500}
	if f.Status != "" && !f.Status.Valid() {
		return httpx.ErrBadStatus.With(string(f.Status))
	}
	list, err := a.eng.Tickets(f)
	if err != nil {
		return err
	}
	if !reveals(r) {
		for i, t := range list {
			list[i] = maskTicketFor(a.ids, t)
		}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tickets": list})
	return nil
}

func (a *API) ticket(w http.ResponseWriter, r *http.Request) error {
	num := r.PathValue("number")
	if _, _, err := ticket.ParseNumber(num); err != nil {
		return httpx.ErrBadNumber.With(num)
	}
	archived := false
	found, err := a.eng.Ticket(num)
	if arch := a.archive(); errors.Is(err, inbound.ErrNotFound) && arch != nil {
		// Moved to the yearly archive by the retention job: read-only.
		var aerr error
		if found, aerr = arch.Ticket(num); aerr == nil {
			err, archived = nil, true
		} else if !errors.Is(aerr, store.ErrNotFound) {
			return aerr
		}
	}
	if errors.Is(err, inbound.ErrNotFound) {
		return httpx.ErrOrderNotFound.With(num)
	}
	if err != nil {
		return err
	}
	if !reveals(r) {
		found = maskTicketFor(a.ids, found)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"ticket": found, "archived": archived})
	return nil
}

func deskError(err error) error {
	var ie *inbound.InputError
	switch {
	case errors.Is(err, inbound.ErrNotFound):
		return httpx.ErrConvNotFound
	case errors.Is(err, inbound.ErrHeld):
		return httpx.ErrHeld
	case errors.Is(err, inbound.ErrNotHeld):
		return httpx.ErrNotHeld
	case errors.As(err, &ie):
		return httpx.Errorf(http.StatusBadRequest, ie.Code, "%s", ie.Msg)
	}
	return err
}
