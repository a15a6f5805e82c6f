package calls

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"hotline/config"
	"hotline/domain"
	"hotline/httpx"
	"hotline/nlp"
	"hotline/store"
	"hotline/ticket"
)

// Channel is the channel of orders and conversations that come from phone
// calls. The outbox hands its messages on to SMS (server wiring).
const Channel = "phone"

// Event kinds the switch sends.
const (
	EventRinging  = "ringing"
	EventAnswered = "answered"
	EventEnded    = "ended"
	EventMissed   = "missed"
)

// Callback reasons.
const (
	ReasonMissed  = "missed"   // nobody answered
	ReasonNoOrder = "no_order" // answered, but ended with neither an order nor a note
)

// KB is the knowledge base the registration form suggests answers from.
type KB interface {
	Best(query string, threshold float64) (nlp.KBEntry, float64, bool)
}

// Dispatcher decides, in the transaction that registers an order (not yet
// stored), whether it goes to its department at once (直派), and stores
// it; *workflow.Service implements it, as for the bot's orders.
type Dispatcher interface {
	AutoDispatch(tx *store.Tx, tk *ticket.Ticket, now time.Time) (dispatched bool, reason string, err error)
}

// Answerer closes an accepted order with a direct answer (直接答复) and
// asks the citizen for a rating; the server adapts *workflow.Service.
type Answerer interface {
	Answer(agent, number, text string) (*ticket.Ticket, error)
}

// Live events published for the console (Options.Publish).
const (
	LiveCall     = "call"     // a call was answered by Agent: the screen pop
	LiveCallback = "callback" // the callback list changed
	LiveTicket   = "ticket"   // an order was registered from a call
)

// Options configure a Service. Config, Store, Classifier and Calendar are
// required.
type Options struct {
	Config     *config.Config
	Store      *store.Store
	Classifier nlp.Classifier
	KB         KB // optional
	Calendar   *ticket.Calendar
	Dispatcher Dispatcher // optional: without it orders wait in 待派单
	Answerer   Answerer   // optional: without it 直接答复 is refused
	// Publish tells live views; kind is one of the Live* constants, agent
	// the console user concerned ("" for everyone), number an order.
	Publish func(kind, agent, number string)
	Logger  *slog.Logger
	Now     func() time.Time
}

// Service handles call events, screen pops, call registration and the
// callback list. It is safe for concurrent use.
type Service struct {
	o       Options
	cfg     config.Calls
	log     *slog.Logger
	now     func() time.Time
	loc     *time.Location
	startH  int
	startM  int
	publish func(kind, agent, number string)
}

// New checks the options and returns the service.
func New(o Options) (*Service, error) {
	if o.Config == nil || o.Store == nil || o.Classifier == nil || o.Calendar == nil {
		return nil, errors.New("calls: config, store, classifier and calendar are required")
	}
	s := &Service{o: o, cfg: o.Config.Calls, log: o.Logger, now: o.Now, loc: o.Calendar.Location(), publish: o.Publish}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.publish == nil {
		s.publish = func(string, string, string) {}
	}
	var err error
	if s.startH, s.startM, err = s.cfg.WorkdayStartClock(); err != nil {
		return nil, fmt.Errorf("calls: calls.workday_start: %w", err)
	}
	return s, nil
}

// Enabled reports whether the switch's endpoint is on (calls.secret set).
func (s *Service) Enabled() bool { return s.cfg.Secret != "" }

// Event is one call event as the switch posts it.
type Event struct {
	CallID    string `json:"call_id"`
	Event     string `json:"event"`
	Caller    string `json:"caller"`
	Agent     string `json:"agent,omitempty"`
	Time      Time   `json:"time,omitempty"` // RFC 3339 or Unix seconds, as a string or a number; empty = when received
	Recording string `json:"recording_url,omitempty"`
}

// Time is an event's time as the switch writes it: a JSON string (RFC
// 3339 or Unix seconds) or a JSON number of Unix seconds.
type Time string

// UnmarshalJSON takes a string or a number.
func (t *Time) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = Time(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*t = Time(n.String())
	return nil
}

// InputError is an event or a request the sender must fix (HTTP 400/422):
// Code is the API's, Text picks its message from http_errors.calls (the
// city's words where it is answered), filled with Data.
type InputError struct {
	Code string
	Text httpx.Text
	Data config.HTTPErrorData
}

// Error is the message in the embedded default's words.
func (e *InputError) Error() string {
	return httpx.New(http.StatusBadRequest, e.Code, e.Text, e.Data).Error()
}

// bad is an InputError of code whose message pick chooses.
func bad(code string, pick func(config.CallErrors) string, data config.HTTPErrorData) error {
	return &InputError{Code: code, Text: callText(pick), Data: data}
}

// callText picks a text of http_errors.calls.
func callText(pick func(config.CallErrors) string) httpx.Text {
	return func(m *config.HTTPErrors) string { return pick(m.Calls) }
}

// Errors of the desk operations.
var (
	ErrNotFound   = errors.New("calls: not found")
	ErrRegistered = errors.New("calls: the call already has an order")
	ErrClaimed    = errors.New("calls: the callback is claimed by another agent")
	ErrDone       = errors.New("calls: the callback is done")
)

// parsed is a checked event.
type parsed struct {
	Event
	at       time.Time
	e164     string
	national string
	agent    string
}

func (s *Service) check(ev Event) (*parsed, error) {
	p := &parsed{Event: ev}
	p.CallID = strings.TrimSpace(ev.CallID)
	if p.CallID == "" || len(p.CallID) > 128 || !utf8.ValidString(p.CallID) || strings.ContainsAny(p.CallID, "\x00\n\r") {
		return nil, bad("bad_call_id", func(t config.CallErrors) string { return t.BadCallID }, config.HTTPErrorData{})
	}
	switch ev.Event {
	case EventRinging, EventAnswered, EventEnded, EventMissed:
	default:
		return nil, bad("bad_event", func(t config.CallErrors) string { return t.BadEvent }, config.HTTPErrorData{Value: ev.Event})
	}
	if c := strings.TrimSpace(ev.Caller); c != "" && !strings.EqualFold(c, "anonymous") && !strings.EqualFold(c, "unknown") {
		var err error
		if p.e164, p.national, err = parseNumber(c); err != nil {
			return nil, bad("bad_caller", func(t config.CallErrors) string { return t.BadCaller }, config.HTTPErrorData{})
		}
	}
	p.agent = s.cfg.AgentUser(ev.Agent)
	if len(p.agent) > 64 {
		return nil, bad("bad_agent", func(t config.CallErrors) string { return t.BadAgent }, config.HTTPErrorData{})
	}
	if ev.Event == EventAnswered && p.agent == "" {
		return nil, bad("no_agent", func(t config.CallErrors) string { return t.NoAgent }, config.HTTPErrorData{})
	}
	switch t := strings.TrimSpace(string(ev.Time)); {
	case t == "":
		p.at = s.now()
	default:
		if sec, err := parseUnix(t); err == nil {
			p.at = time.Unix(sec, 0)
		} else if at, err := time.Parse(time.RFC3339, t); err == nil {
			p.at = at
		} else {
			return nil, bad("bad_time", func(t config.CallErrors) string { return t.BadTime }, config.HTTPErrorData{})
		}
	}
	if r := strings.TrimSpace(ev.Recording); r != "" {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(r) > 1024 {
			return nil, bad("bad_recording", func(t config.CallErrors) string { return t.BadRecording }, config.HTTPErrorData{})
		}
		p.Recording = r
	}
	return p, nil
}

func parseUnix(s string) (int64, error) {
	var n int64
	if s == "" || len(s) > 12 {
		return 0, errBadNumber
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, errBadNumber
		}
		n = n*10 + int64(r-'0')
	}
	return n, nil
}

// Handle records one call event. A repeated event (same call id and event)
// changes nothing and reports duplicate. An answered event pops the call
// on the answering agent's console; a missed call, and a call that ended
// unanswered or with neither an order nor a note, joins the callback list.
func (s *Service) Handle(ctx context.Context, ev Event) (call *Call, duplicate bool, err error) {
	p, err := s.check(ev)
	if err != nil {
		return nil, false, err
	}
	var newCallback bool
	// The switch's event is recorded even when its request has gone: a
	// retry finds it as a duplicate, a dropped event would lose the call.
	err = s.o.Store.BatchContext(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		call, duplicate, newCallback = nil, false, false
		evKey := kvEvent + p.CallID + "\x00" + p.Event.Event
		if tx.Get(evKey) != nil {
			duplicate = true
			c, err := getCall(tx, p.CallID)
			if err == nil {
				call = c
			}
			return nil
		}
		if err := tx.Put(evKey, []byte{1}); err != nil {
			return err
		}
		c, err := getCall(tx, p.CallID)
		if errors.Is(err, store.ErrNotFound) {
			c = &Call{ID: p.CallID}
			err = nil
		}
		if err != nil {
			return err
		}
		if c.Caller == "" && p.e164 != "" {
			c.Caller = p.e164
			if err := tx.Put(numberKey(c.Caller, p.at, c.ID), []byte(c.ID)); err != nil {
				return err
			}
		}
		if p.Recording != "" {
			c.Recording = p.Recording
		}
		switch p.Event.Event {
		case EventRinging:
			c.RingingAt = p.at
		case EventAnswered:
			c.AnsweredAt = p.at
			c.Agent = p.agent
			if err := tx.Put(kvAgent+c.Agent, []byte(c.ID)); err != nil {
				return err
			}
		case EventEnded:
			c.EndedAt = p.at
			switch {
			case c.AnsweredAt.IsZero():
				newCallback, err = s.addCallback(tx, c, ReasonMissed, p.at)
			case c.Order == "" && c.Note == "":
				newCallback, err = s.addCallback(tx, c, ReasonNoOrder, p.at)
			}
		case EventMissed:
			c.MissedAt = p.at
			newCallback, err = s.addCallback(tx, c, ReasonMissed, p.at)
		}
		if err != nil {
			return err
		}
		c.State = state(c)
		call = c
		return putCall(tx, c)
	})
	if err != nil {
		return nil, false, err
	}
	if !duplicate && p.Event.Event == EventAnswered {
		s.publish(LiveCall, call.Agent, "")
	}
	if newCallback {
		s.publish(LiveCallback, "", "")
	}
	return call, duplicate, nil
}

func state(c *Call) string {
	switch {
	case !c.MissedAt.IsZero() && c.AnsweredAt.IsZero():
		return StateMissed
	case !c.EndedAt.IsZero():
		return StateEnded
	case !c.AnsweredAt.IsZero():
		return StateAnswered
	}
	return StateRinging
}

// addCallback puts call c on the callback list unless it is there or has
// no number to call back.
func (s *Service) addCallback(tx *store.Tx, c *Call, reason string, at time.Time) (bool, error) {
	if c.Caller == "" {
		return false, nil
	}
	if _, err := getCallback(tx, c.ID); err == nil {
		return false, nil
	}
	cb := &Callback{CallID: c.ID, Caller: c.Caller, Reason: reason, CreatedAt: at,
		Due: s.addWorkingTime(at, s.cfg.CallbackWithin.D()), Status: CallbackOpen}
	return true, putCallback(tx, cb)
}

// addWorkingTime returns the time d of working hours after t: working
// hours run from calls.workday_start to time_limits.workday_end_hour on
// the calendar's working days.
func (s *Service) addWorkingTime(t time.Time, d time.Duration) time.Time {
	cal := s.o.Calendar
	endH := cal.WorkdayEndHour()
	if endH <= 0 {
		endH = 18
	}
	t = t.In(s.loc)
	for range 3660 { // a decade of days bounds the loop
		y, m, dd := t.Date()
		start := time.Date(y, m, dd, s.startH, s.startM, 0, 0, s.loc)
		end := time.Date(y, m, dd, endH, 0, 0, 0, s.loc)
		if cal.IsWorkday(t) && t.Before(end) {
			if t.Before(start) {
				t = start
			}
			if left := end.Sub(t); d <= left {
				return t.Add(d)
			} else {
				d -= left
			}
		}
		t = time.Date(y, m, dd+1, 0, 0, 0, 0, s.loc)
	}
	return t
}

// Call returns a call.
func (s *Service) Call(id string) (*Call, error) {
	var c *Call
	err := s.o.Store.View(func(tx *store.Tx) error {
		var err error
		c, err = getCall(tx, id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	return c, err
}

// Current returns the call agent answered last while it still waits for
// an order or a note (the screen pop), or ErrNotFound.
func (s *Service) Current(agent string) (*Call, error) {
	var c *Call
	err := s.o.Store.View(func(tx *store.Tx) error {
		id := tx.Get(kvAgent + agent)
		if id == nil {
			return store.ErrNotFound
		}
		var err error
		c, err = getCall(tx, string(id))
		return err
	})
	if errors.Is(err, store.ErrNotFound) || err == nil && (c.Order != "" || c.Note != "") {
		return nil, ErrNotFound
	}
	return c, err
}

// HistoryOrder is an earlier order of the caller.
type HistoryOrder struct {
	Number       string    `json:"number"`
	Channel      string    `json:"channel"`
	Title        string    `json:"title"`
	Status       string    `json:"status"`
	Department   string    `json:"department,omitempty"`
	Satisfaction string    `json:"satisfaction,omitempty"`
	ReceivedAt   time.Time `json:"received_at"`
}

// HistoryConversation is a conversation of the caller on another channel.
type HistoryConversation struct {
	Channel   string    `json:"channel"`
	State     string    `json:"state"`
	FirstText string    `json:"first_text,omitempty"`
	Orders    int       `json:"orders"`
	UpdatedAt time.Time `json:"updated_at"`
}

// HistoryCall is an earlier call from the same number.
type HistoryCall struct {
	ID    string    `json:"id"`
	State string    `json:"state"`
	At    time.Time `json:"at"`
	Order string    `json:"order,omitempty"`
	Agent string    `json:"agent,omitempty"`
}

// History is what the hotline knows of a caller across channels.
type History struct {
	Number        string                `json:"number"` // national form, or E.164
	Name          string                `json:"name,omitempty"`
	Orders        []HistoryOrder        `json:"orders"`
	Conversations []HistoryConversation `json:"conversations"`
	Calls         []HistoryCall         `json:"calls"`
	Rated         int                   `json:"rated"`
	Unsatisfied   int                   `json:"unsatisfied"`
}

// History returns the caller's history by number (any written form).
func (s *Service) History(number string) (*History, error) {
	e164, national, err := parseNumber(number)
	if err != nil {
		return nil, bad("bad_caller", func(t config.CallErrors) string { return t.HistoryNumber }, config.HTTPErrorData{})
	}
	h := &History{Number: national, Orders: []HistoryOrder{}, Conversations: []HistoryConversation{}, Calls: []HistoryCall{}}
	if h.Number == "" {
		h.Number = e164
	}
	err = s.o.Store.View(func(tx *store.Tx) error {
		seen := map[string]bool{}
		addOrder := func(tk *ticket.Ticket) {
			if seen[tk.Number] || tk.Status == ticket.Draft {
				return
			}
			seen[tk.Number] = true
			h.Orders = append(h.Orders, HistoryOrder{Number: tk.Number, Channel: tk.Channel, Title: tk.Title, Status: string(tk.Status),
				Department: tk.Department, Satisfaction: tk.Satisfaction, ReceivedAt: tk.ReceivedAt})
			if tk.Satisfaction != "" {
				h.Rated++
				if tk.Satisfaction == ticket.Unsatisfied {
					h.Unsatisfied++
				}
			}
		}
		for _, cid := range s.citizens(tx, e164, national) {
			cit, err := tx.Citizen(cid)
			if err != nil {
				continue
			}
			if h.Name == "" {
				h.Name = cit.Name
			}
			list, err := tx.Tickets(store.TicketFilter{CitizenID: cid})
			if err != nil {
				return err
			}
			for _, tk := range list {
				addOrder(tk)
			}
			convs, err := tx.ConversationsOf(cid)
			if err != nil {
				return err
			}
			for _, c := range convs {
				h.Conversations = append(h.Conversations, HistoryConversation{Channel: c.Channel, State: string(c.State),
					FirstText: domain.Abbrev(c.FirstText, 60), Orders: len(c.Orders), UpdatedAt: c.UpdatedAt})
			}
		}
		return tx.ScanKV(kvNumber+e164+"\x00", func(_ string, v []byte) error {
			c, err := getCall(tx, string(v))
			if err != nil {
				return nil
			}
			at := c.RingingAt
			for _, t := range []time.Time{c.AnsweredAt, c.MissedAt, c.EndedAt} {
				if at.IsZero() {
					at = t
				}
			}
			h.Calls = append(h.Calls, HistoryCall{ID: c.ID, State: string(c.State), At: at, Order: c.Order, Agent: c.Agent})
			if c.Order != "" {
				if tk, err := tx.Ticket(c.Order); err == nil {
					addOrder(tk)
				}
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(h.Orders, func(a, b HistoryOrder) int { return b.ReceivedAt.Compare(a.ReceivedAt) })
	slices.SortFunc(h.Conversations, func(a, b HistoryConversation) int { return b.UpdatedAt.Compare(a.UpdatedAt) })
	return h, nil
}

// citizens returns the ids of the citizens with the number (a merged
// citizen is followed to the one it was folded into, and that one's
// merged ids are included).
func (s *Service) citizens(tx *store.Tx, e164, national string) []string {
	var out []string
	for _, key := range []string{national, e164} {
		if key == "" {
			continue
		}
		c, err := tx.CitizenByPhone(key)
		if err != nil {
			continue
		}
		if c.MergedInto != "" {
			if m, err := tx.Citizen(c.MergedInto); err == nil {
				c = m
			}
		}
		for _, id := range append([]string{c.ID}, c.Merged...) {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	if c, err := tx.CitizenByIdentity(Channel, e164); err == nil && !slices.Contains(out, c.ID) {
		out = append(out, c.ID)
	}
	return out
}

// SetWorkflow sets who dispatches orders at registration and who closes
// them with a direct answer; call it before serving (the workflow is built
// after the service).
func (s *Service) SetWorkflow(d Dispatcher, a Answerer) {
	s.o.Dispatcher = d
	s.o.Answerer = a
}

// Manual starts a call the switch did not report (a line without screen
// pops, a number the caller gave): the agent's current call, so that the
// registration form opens with the caller's history as from a pop.
func (s *Service) Manual(agent, caller string) (*Call, error) {
	e164, _, err := parseNumber(caller)
	if err != nil {
		return nil, bad("bad_caller", func(t config.CallErrors) string { return t.ManualNumber }, config.HTTPErrorData{})
	}
	now := s.now()
	c := &Call{ID: manualPrefix + agent + "-" + now.UTC().Format("20060102T150405.000000000"), Caller: e164, Agent: agent, AnsweredAt: now}
	c.State = state(c)
	err = s.o.Store.Update(func(tx *store.Tx) error {
		if err := tx.Put(numberKey(c.Caller, now, c.ID), []byte(c.ID)); err != nil {
			return err
		}
		if err := tx.Put(kvAgent+agent, []byte(c.ID)); err != nil {
			return err
		}
		return putCall(tx, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
