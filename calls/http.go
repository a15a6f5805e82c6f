package calls

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"hotline/config"
	"hotline/httpx"
	"hotline/ticket"
)

// MaxEventBody is the largest call event accepted.
const MaxEventBody = 16 << 10

// Errors of the HTTP side, in the words of http_errors.calls.
var (
	errForbidden  = callErr(http.StatusForbidden, "bad_signature", func(t config.CallErrors) string { return t.BadSignature })
	errOff        = callErr(http.StatusNotFound, "calls_off", func(t config.CallErrors) string { return t.Off })
	errNotFound   = callErr(http.StatusNotFound, "not_found", func(t config.CallErrors) string { return t.NotFound })
	errNoCurrent  = callErr(http.StatusNotFound, "no_call", func(t config.CallErrors) string { return t.NoCall })
	errRegistered = callErr(http.StatusConflict, "registered", func(t config.CallErrors) string { return t.Registered })
	errClaimed    = callErr(http.StatusConflict, "claimed", func(t config.CallErrors) string { return t.Claimed })
	errDone       = callErr(http.StatusConflict, "done", func(t config.CallErrors) string { return t.Done })
)

func callErr(status int, code string, pick func(config.CallErrors) string) *httpx.Error {
	return httpx.New(status, code, callText(pick), config.HTTPErrorData{})
}

// Routes registers the switch's endpoint, POST /api/calls.
func (s *Service) Routes(mux *http.ServeMux) {
	mux.Handle("POST /api/calls", httpx.Handle(s.event))
}

// event takes one signed call event. Nothing is stored before the
// signature and the timestamp are checked; a replayed event is a 200 with
// "duplicate": true.
func (s *Service) event(w http.ResponseWriter, r *http.Request) error {
	if !s.Enabled() {
		return errOff
	}
	body, err := httpx.ReadBody(r, MaxEventBody)
	if err != nil {
		return err
	}
	if !Verify(s.cfg.Secret, r.Header.Get(HeaderTimestamp), r.Header.Get(HeaderSignature), body, s.now(), s.cfg.MaxSkew.D()) {
		return errForbidden
	}
	// Switches add fields of their own: unknown ones are ignored.
	var ev Event
	if !utf8.Valid(body) {
		return httpx.ErrInvalidUTF8
	}
	if err := json.Unmarshal(body, &ev); err != nil {
		return httpx.ErrBadJSON
	}
	call, dup, err := s.Handle(r.Context(), ev)
	if err != nil {
		return httpErr(err)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"ok": true, "duplicate": dup, "state": call.State})
	return nil
}

// DeskHandlers returns the console's call endpoints (pattern → handler
// taking the signed-in agent's user name); the console mounts them for
// agents under its session and CSRF checks.
func (s *Service) DeskHandlers() map[string]func(w http.ResponseWriter, r *http.Request, agent string) error {
	return map[string]func(w http.ResponseWriter, r *http.Request, agent string) error{
		"POST /desk/api/calls":                 s.manual,
		"GET /desk/api/calls/current":          s.current,
		"GET /desk/api/calls/history":          s.history,
		"POST /desk/api/calls/classify":        s.classify,
		"POST /desk/api/calls/{id}/register":   s.register,
		"POST /desk/api/calls/{id}/note":       s.note,
		"GET /desk/api/callbacks":              s.callbacks,
		"POST /desk/api/callbacks/{id}/claim":  s.claim,
		"POST /desk/api/callbacks/{id}/result": s.result,
	}
}

// Pop is the screen pop: the call, the caller's history and the new
// order's prefilled fields.
type Pop struct {
	Call    *Call    `json:"call"`
	History *History `json:"history"`
	Draft   Draft    `json:"draft"`
}

// Draft is the prefilled new order of a screen pop.
type Draft struct {
	Phone     string `json:"phone"`
	Name      string `json:"name"`
	CallID    string `json:"call_id"`
	Recording string `json:"recording_url,omitempty"`
}

// PopFor returns the screen pop of agent's current call.
func (s *Service) PopFor(agent string) (*Pop, error) {
	c, err := s.Current(agent)
	if err != nil {
		return nil, err
	}
	p := &Pop{Call: c, History: &History{Orders: []HistoryOrder{}, Conversations: []HistoryConversation{}, Calls: []HistoryCall{}}}
	if c.Caller != "" {
		if p.History, err = s.History(c.Caller); err != nil {
			return nil, err
		}
	}
	p.Draft = Draft{Phone: p.History.Number, Name: p.History.Name, CallID: c.ID, Recording: c.Recording}
	return p, nil
}

func (s *Service) current(w http.ResponseWriter, r *http.Request, agent string) error {
	p, err := s.PopFor(agent)
	if errors.Is(err, ErrNotFound) {
		return errNoCurrent
	}
	if err != nil {
		return httpErr(err)
	}
	httpx.WriteJSON(w, http.StatusOK, p)
	return nil
}

func (s *Service) manual(w http.ResponseWriter, r *http.Request, agent string) error {
	var req struct {
		Caller string `json:"caller"`
	}
	if err := httpx.DecodeJSON(r, 4<<10, &req); err != nil {
		return err
	}
	c, err := s.Manual(agent, req.Caller)
	if err != nil {
		return httpErr(err)
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"call": c, "done": Confirmation{ID: confirmStart, Vars: map[string]string{"caller": s.caller(c.Caller)}}})
	return nil
}

func (s *Service) history(w http.ResponseWriter, r *http.Request, agent string) error {
	h, err := s.History(r.URL.Query().Get("number"))
	if err != nil {
		return httpErr(err)
	}
	httpx.WriteJSON(w, http.StatusOK, h)
	return nil
}

func (s *Service) classify(w http.ResponseWriter, r *http.Request, agent string) error {
	var req struct {
		Text string `json:"text"`
	}
	if err := httpx.DecodeJSON(r, 64<<10, &req); err != nil {
		return err
	}
	c, err := s.Classify(r.Context(), req.Text)
	if err != nil {
		return httpErr(err)
	}
	httpx.WriteJSON(w, http.StatusOK, c)
	return nil
}

func (s *Service) register(w http.ResponseWriter, r *http.Request, agent string) error {
	var req Registration
	if err := httpx.DecodeJSON(r, 64<<10, &req); err != nil {
		return err
	}
	tk, err := s.Register(r.Context(), agent, r.PathValue("id"), req)
	if err != nil {
		return httpErr(err)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"ticket": tk, "done": s.registered(tk.Phone, tk)})
	return nil
}

func (s *Service) note(w http.ResponseWriter, r *http.Request, agent string) error {
	var req struct {
		Text string `json:"text"`
	}
	if err := httpx.DecodeJSON(r, 64<<10, &req); err != nil {
		return err
	}
	c, err := s.Note(agent, r.PathValue("id"), req.Text)
	if err != nil {
		return httpErr(err)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"call": c, "done": Confirmation{ID: confirmNote, Vars: map[string]string{"caller": s.caller(c.Caller)}}})
	return nil
}

func (s *Service) callbacks(w http.ResponseWriter, r *http.Request, agent string) error {
	list, overdue, err := s.Callbacks()
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"callbacks": list, "overdue": overdue})
	return nil
}

func (s *Service) claim(w http.ResponseWriter, r *http.Request, agent string) error {
	if r.ContentLength > 0 {
		var empty struct{}
		if err := httpx.DecodeJSON(r, 1<<10, &empty); err != nil {
			return err
		}
	}
	cb, err := s.Claim(agent, r.PathValue("id"))
	if err != nil {
		return httpErr(err)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"callback": cb, "done": Confirmation{ID: confirmClaim, Vars: map[string]string{"caller": s.caller(cb.Caller)}}})
	return nil
}

func (s *Service) result(w http.ResponseWriter, r *http.Request, agent string) error {
	var req struct {
		Result string `json:"result"`
		Note   string `json:"note"`
		Order  string `json:"order"`
	}
	if err := httpx.DecodeJSON(r, 16<<10, &req); err != nil {
		return err
	}
	cb, err := s.Record(agent, r.PathValue("id"), req.Result, req.Note, req.Order)
	if err != nil {
		return httpErr(err)
	}
	done := Confirmation{ID: confirmResults[req.Result], Vars: map[string]string{"caller": s.caller(cb.Caller), "number": strings.TrimSpace(req.Order)}}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"callback": cb, "done": done})
	return nil
}

// httpErr maps the service's errors onto HTTP answers.
func httpErr(err error) error {
	var ie *InputError
	var te *ticket.TransitionError
	switch {
	case errors.As(err, &ie):
		status := http.StatusBadRequest
		if ie.Code == "required" || ie.Code == "no_answer" || ie.Code == "bad_order" || ie.Code == "bad_category" || ie.Code == "bad_department" || ie.Code == "bad_district" {
			status = http.StatusUnprocessableEntity
		}
		return httpx.New(status, ie.Code, ie.Text, ie.Data)
	case errors.Is(err, ErrNotFound):
		return errNotFound
	case errors.Is(err, ErrRegistered):
		return errRegistered
	case errors.Is(err, ErrClaimed):
		return errClaimed
	case errors.Is(err, ErrDone):
		return errDone
	case errors.As(err, &te):
		return httpx.ErrBadState
	}
	return err
}
