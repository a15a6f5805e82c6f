package calls

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"hotline/config"
	"hotline/domain"
	"hotline/nlp"
	"hotline/store"
	"hotline/ticket"
)

// MaxNote is the longest note (in characters) the classifier and the
// registration take.
const MaxNote = 4000

// Suggestion is a knowledge-base answer that fits the note (直接答复).
type Suggestion struct {
	ID       string  `json:"id"`
	Question string  `json:"question"`
	Answer   string  `json:"answer"`
	Score    float64 `json:"score"`
}

// Classification is the classifier's reading of an agent's note: the
// fields of the order it proposes.
type Classification struct {
	Type         string             `json:"type"`
	Category     string             `json:"category"`
	CategoryName string             `json:"category_name"`
	Department   string             `json:"department"`
	District     string             `json:"district"`
	Town         string             `json:"town"`
	Address      string             `json:"address"`
	Urgency      string             `json:"urgency"`
	Title        string             `json:"title"`
	Phones       []string           `json:"phones"`
	Confidence   map[string]float64 `json:"confidence"`
	Emergency    *nlp.Emergency     `json:"emergency,omitempty"`
	// SetAside is a rule's emergency flag the classifier's veto set aside
	// (nlp.Result.SetAside), marked set_aside as the order registered from
	// the note will keep it: the agent checks the veto while the caller is
	// still on the line. Nil for an emergency.
	SetAside   *ticket.EmergencyReason `json:"set_aside,omitempty"`
	Suggestion *Suggestion             `json:"suggestion,omitempty"`
}

// Classify reads an agent's note as they type it: the fields of the
// order, and a knowledge-base answer when one fits.
func (s *Service) Classify(ctx context.Context, note string) (*Classification, error) {
	note = strings.TrimSpace(note)
	if !utf8.ValidString(note) {
		return nil, bad("invalid_utf8", func(t config.CallErrors) string { return t.InvalidUTF8 }, config.HTTPErrorData{})
	}
	if utf8.RuneCountInString(note) > MaxNote {
		return nil, bad("too_long", func(t config.CallErrors) string { return t.NoteTooLong }, config.HTTPErrorData{Max: MaxNote})
	}
	out := &Classification{Phones: []string{}, Confidence: map[string]float64{}}
	if note == "" {
		return out, nil
	}
	r, err := s.o.Classifier.Classify(ctx, note)
	if err != nil {
		if errors.Is(err, nlp.ErrEmptyText) {
			return out, nil
		}
		return nil, err
	}
	*out = Classification{Type: r.Type, Category: r.Category, Department: r.Department, District: r.District,
		Town: r.Town, Address: r.Address, Urgency: r.Urgency, Title: r.Title, Phones: r.Phones,
		Confidence: r.Confidence, Emergency: r.Emergency}
	if r.Emergency == nil {
		out.SetAside = r.SetAside.SetAsideReason()
	}
	if out.Phones == nil {
		out.Phones = []string{}
	}
	if out.Confidence == nil {
		out.Confidence = map[string]float64{}
	}
	if c, ok := s.o.Config.Category(r.Category); ok {
		out.CategoryName = c.Name
	}
	if out.Department == "" && out.Category != "" {
		out.Department = ticket.Route(s.o.Config, out.Category, out.District)
	}
	if r.Emergency != nil {
		out.Urgency = ticket.UrgencyEmergency
	}
	if s.o.KB != nil {
		if e, score, ok := s.o.KB.Best(note, s.o.Config.NLP.KB.Threshold); ok {
			out.Suggestion = &Suggestion{ID: e.ID, Question: e.Question, Answer: e.Answer, Score: score}
		}
	}
	return out, nil
}

// Registration is what the agent confirms on the 来电登记 form. Empty
// fields take the classifier's reading of Description; a field the agent
// sets counts as certain for automatic dispatch.
type Registration struct {
	Description string `json:"description"`
	Title       string `json:"title"`
	Type        string `json:"type"`
	Category    string `json:"category"`
	Department  string `json:"department"`
	District    string `json:"district"`
	Town        string `json:"town"`
	Address     string `json:"address"`
	Urgency     string `json:"urgency"`
	Name        string `json:"name"`
	// ThreeWay marks a 三方通话: the department joined the call.
	ThreeWay bool `json:"three_way"`
	// Answer closes the order on the spot (直接答复) with this text.
	Answer string `json:"answer"`
}

func (s *Service) checkRegistration(r *Registration) error {
	for _, p := range []*string{&r.Description, &r.Title, &r.Type, &r.Category, &r.Department, &r.District, &r.Town, &r.Address, &r.Urgency, &r.Name, &r.Answer} {
		*p = strings.TrimSpace(*p)
		if !utf8.ValidString(*p) {
			return bad("invalid_utf8", func(t config.CallErrors) string { return t.InvalidUTF8 }, config.HTTPErrorData{})
		}
	}
	cfg := s.o.Config
	switch {
	case r.Description == "":
		return bad("required", func(t config.CallErrors) string { return t.Required }, config.HTTPErrorData{})
	case utf8.RuneCountInString(r.Description) > MaxNote || utf8.RuneCountInString(r.Answer) > MaxNote:
		return bad("too_long", func(t config.CallErrors) string { return t.TooLong }, config.HTTPErrorData{Max: MaxNote})
	case utf8.RuneCountInString(r.Title) > 100 || utf8.RuneCountInString(r.Address) > 200 || utf8.RuneCountInString(r.Name) > 50:
		return bad("too_long", func(t config.CallErrors) string { return t.FieldsTooLong }, config.HTTPErrorData{})
	case r.Type != "" && !slices.Contains(ticket.RequestTypes(), r.Type):
		return bad("bad_type", func(t config.CallErrors) string { return t.BadType }, config.HTTPErrorData{Choices: strings.Join(ticket.RequestTypes(), "、")})
	case r.Urgency != "" && !slices.Contains(ticket.UrgencyLevels(), r.Urgency):
		return bad("bad_urgency", func(t config.CallErrors) string { return t.BadUrgency }, config.HTTPErrorData{Choices: strings.Join(ticket.UrgencyLevels(), "、")})
	}
	if r.Category != "" {
		if _, ok := cfg.Category(r.Category); !ok {
			return bad("bad_category", func(t config.CallErrors) string { return t.UnknownCategory }, config.HTTPErrorData{Value: r.Category})
		}
	}
	if r.Department != "" {
		d, ok := cfg.Department(r.Department)
		if !ok {
			return bad("bad_department", func(t config.CallErrors) string { return t.UnknownDepartment }, config.HTTPErrorData{Value: r.Department})
		}
		r.Department = d.Name
	}
	if r.District != "" {
		d, ok := cfg.District(r.District)
		if !ok {
			return bad("bad_district", func(t config.CallErrors) string { return t.UnknownDistrict }, config.HTTPErrorData{Value: r.District})
		}
		r.District = d.Name
	}
	if r.Answer != "" && s.o.Answerer == nil {
		return bad("no_answer", func(t config.CallErrors) string { return t.NoAnswer }, config.HTTPErrorData{})
	}
	return nil
}

// Register turns call callID into an accepted order (受理) from the
// agent's registration: numbered, routed, with its deadlines, and
// dispatched at once where the Dispatcher allows (直派) — or closed on the
// spot with the agent's direct answer (直接答复). The order keeps the call
// id and the recording link; its conversation is the caller's phone
// conversation, so that the return visit goes by SMS to the caller.
func (s *Service) Register(ctx context.Context, agent, callID string, r Registration) (*ticket.Ticket, error) {
	if err := s.checkRegistration(&r); err != nil {
		return nil, err
	}
	cls, err := s.o.Classifier.Classify(ctx, r.Description)
	if err != nil && !errors.Is(err, nlp.ErrEmptyText) {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		s.log.Warn("classifier failed", "err", err)
	}
	actor := "agent:" + agent
	var tk *ticket.Ticket
	var cbDone bool
	err = s.o.Store.BatchContext(ctx, func(tx *store.Tx) error {
		tk, cbDone = nil, false
		call, err := getCall(tx, callID)
		if errors.Is(err, store.ErrNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if call.Order != "" {
			return ErrRegistered
		}
		now := s.now()
		d := &ticket.Ticket{Channel: Channel, Status: ticket.Draft, ReceivedAt: firstTime(call.RingingAt, call.AnsweredAt, call.MissedAt, now),
			Description: r.Description, CallID: call.ID, Recording: call.Recording, Confidence: map[string]float64{}}
		d.Flags.ThreeWay = r.ThreeWay
		if call.Caller != "" {
			if err := s.phoneConversation(tx, call.Caller, d, now); err != nil {
				return err
			}
		}
		s.fill(d, cls, r)
		num, err := tx.NextTicketNumber(now.In(s.loc))
		if err != nil {
			return err
		}
		d.Number = num
		note := config.Render(s.o.Config.HistoryTexts.AcceptCall, config.HistoryData{Call: call.SwitchID(), ThreeWay: r.ThreeWay})
		if err := d.Transition(ticket.Accepted, ticket.Event{At: now, Actor: actor, Action: "accept", Note: note}); err != nil {
			return err
		}
		cat, _ := s.o.Config.Category(d.Category)
		d.SignDue, d.Due = ticket.Deadlines(s.o.Calendar, s.o.Config.TimeLimits, cat, d.Type, d.Urgency, now)
		if r.Answer == "" && s.o.Dispatcher != nil {
			// The dispatcher stores the order, dispatched or held.
			if _, _, err := s.o.Dispatcher.AutoDispatch(tx, d, now); err != nil {
				return err
			}
		} else if err := tx.PutTicket(d); err != nil {
			return err
		}
		call.Order = d.Number
		if err := putCall(tx, call); err != nil {
			return err
		}
		if err := tx.Put(kvOrder+d.Number, []byte(call.ID)); err != nil {
			return err
		}
		if cbDone, err = s.resolveCallback(tx, call.ID, Attempt{At: now, Agent: agent, Result: ResultOrder, Order: d.Number}); err != nil {
			return err
		}
		tk = d
		return tx.Audit(store.AuditEntry{At: now, Actor: "desk:" + agent, Action: "call.register", Object: d.Number, After: call.ID})
	})
	if err != nil {
		return nil, err
	}
	if r.Answer != "" {
		answered, err := s.o.Answerer.Answer(agent, tk.Number, r.Answer)
		if err != nil {
			return tk, err
		}
		tk = answered
	}
	s.publish(LiveTicket, agent, tk.Number)
	if cbDone {
		s.publish(LiveCallback, "", "")
	}
	return tk, nil
}

func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// phoneConversation links the caller's number to a citizen (the one with
// that number on any channel, or a new one) and to their phone
// conversation, creating either where missing, and sets d's citizen,
// conversation, name and phone.
func (s *Service) phoneConversation(tx *store.Tx, e164 string, d *ticket.Ticket, now time.Time) error {
	_, national, _ := parseNumber(e164)
	link := national
	if link == "" {
		link = e164
	}
	ids := s.citizens(tx, e164, national)
	var cit *domain.Citizen
	if len(ids) > 0 {
		c, err := tx.Citizen(ids[0])
		if err != nil {
			return err
		}
		cit = c
	} else {
		id, err := tx.NewCitizenID()
		if err != nil {
			return err
		}
		cit = &domain.Citizen{ID: id, Phones: []string{link}, CreatedAt: now}
	}
	ident := domain.Identity{Channel: Channel, UserID: e164}
	if !slices.Contains(cit.Identities, ident) {
		cit.Identities = append(cit.Identities, ident)
		if err := tx.PutCitizen(cit); err != nil {
			return err
		}
	}
	convID := Channel + ":" + e164
	conv, err := tx.Conversation(convID)
	if errors.Is(err, store.ErrNotFound) {
		conv = &domain.Conversation{ID: convID, Channel: Channel, UserID: e164, CitizenID: cit.ID, State: domain.ConvIdle, CreatedAt: now}
		err = nil
	}
	if err != nil {
		return err
	}
	conv.UpdatedAt = now
	if err := tx.PutConversation(conv); err != nil {
		return err
	}
	d.CitizenID, d.ConversationID, d.Name, d.Phone = cit.ID, conv.ID, cit.Name, link
	return nil
}

// fill sets the order's fields from the agent's registration, and where
// the agent left one empty from the classifier, and routes it.
func (s *Service) fill(d *ticket.Ticket, cls nlp.Result, r Registration) {
	pick := func(agentVal, clfVal string) string {
		if agentVal != "" {
			return agentVal
		}
		return clfVal
	}
	d.Title = pick(r.Title, cls.Title)
	d.Type = pick(r.Type, cls.Type)
	d.Category = pick(r.Category, cls.Category)
	d.District = pick(r.District, cls.District)
	d.Town = pick(r.Town, cls.Town)
	d.Address = pick(r.Address, cls.Address)
	d.Urgency = pick(r.Urgency, cls.Urgency)
	if r.Name != "" {
		d.Name = r.Name
	} else if d.Name == "" {
		d.Name = cls.Name
	}
	if cls.Emergency != nil && r.Urgency == "" {
		d.Urgency = ticket.UrgencyEmergency
		d.Flags.Emergency = true
		d.EmergencyReason = cls.Emergency.Reason()
	}
	if cls.Emergency == nil && cls.SetAside != nil && d.EmergencyReason == nil {
		d.EmergencyReason = cls.SetAside.SetAsideReason() // the veto set a rule's flag aside: staff check it on the order
	}
	for k, v := range cls.Confidence {
		d.Confidence[k] = v
	}
	if d.Category == "" {
		d.Category = "QT"
	}
	if d.Type == "" {
		d.Type = ticket.TypeHelp
	}
	if d.Urgency == "" {
		d.Urgency = ticket.UrgencyNormal
	}
	if d.Title == "" {
		d.Title = domain.Abbrev(d.Description, 30)
	}
	if r.Category != "" {
		d.Confidence[nlp.FieldCategory] = 1
	}
	d.Department = ticket.Route(s.o.Config, d.Category, d.District)
	if r.Category != "" || r.District != "" {
		d.Confidence[nlp.FieldDepartment] = 1
	}
	if r.Department != "" {
		d.Department = r.Department
		d.Confidence[nlp.FieldDepartment] = 1
	}
}

// Note records the agent's note on a call that needed no order (a
// question answered on the phone): the call then leaves the callback
// list, and the screen pop closes.
func (s *Service) Note(agent, callID, text string) (*Call, error) {
	text = strings.TrimSpace(text)
	if text == "" || !utf8.ValidString(text) {
		return nil, bad("required", func(t config.CallErrors) string { return t.RecordRequired }, config.HTTPErrorData{})
	}
	if utf8.RuneCountInString(text) > MaxNote {
		return nil, bad("too_long", func(t config.CallErrors) string { return t.RecordTooLong }, config.HTTPErrorData{Max: MaxNote})
	}
	var call *Call
	var cbDone bool
	err := s.o.Store.Update(func(tx *store.Tx) error {
		c, err := getCall(tx, callID)
		if errors.Is(err, store.ErrNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		now := s.now()
		c.Note, c.NoteBy = text, agent
		if err := putCall(tx, c); err != nil {
			return err
		}
		if cbDone, err = s.resolveCallback(tx, c.ID, Attempt{At: now, Agent: agent, Result: ResultNote, Note: text}); err != nil {
			return err
		}
		call = c
		return tx.Audit(store.AuditEntry{At: now, Actor: "desk:" + agent, Action: "call.note", Object: c.ID})
	})
	if err != nil {
		return nil, err
	}
	if cbDone {
		s.publish(LiveCallback, "", "")
	}
	return call, nil
}
