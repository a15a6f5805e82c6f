package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/inbound"
	"hotline/nlp"
	"hotline/store"
	"hotline/ticket"
)

// OrderFields are what an agent sets on an order before registering a
// conversation: every field of the proposal may be changed; an empty one
// keeps the proposal's value.
type OrderFields struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Type        string `json:"type"`
	Category    string `json:"category"`
	Department  string `json:"department"`
	District    string `json:"district"`
	Town        string `json:"town"`
	Address     string `json:"address"`
	Phone       string `json:"phone"`
	Name        string `json:"name"`
	Urgency     string `json:"urgency"`
}

// Register turns the conversation the agent holds into an accepted, routed
// order (受理), with the agent's title and description when given; see
// RegisterOrder.
func (e *Engine) Register(ctx context.Context, id, agent, title, description string) (*ticket.Ticket, error) {
	return e.RegisterOrder(ctx, id, agent, OrderFields{Title: title, Description: description})
}

// Proposal returns the order that registering conversation id would
// create, for the agent to check and edit (OrderFields) first: the text
// of all the citizen's messages since the draft began (or since the last
// order of the conversation), classified again as a whole, so that an
// address or a phone number sent later is in it. An emergency takes its
// category and department from its emergency rule. Nothing is stored.
func (e *Engine) Proposal(ctx context.Context, id string) (*ticket.Ticket, error) {
	var conv *domain.Conversation
	var msgs []*domain.Message
	var since time.Time
	err := e.st.ViewContext(ctx, func(tx *store.Tx) error {
		var err error
		if conv, err = tx.Conversation(id); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return inbound.ErrNotFound
			}
			return err
		}
		switch {
		case conv.Draft != nil:
			since = conv.Draft.ReceivedAt
		case len(conv.Orders) > 0:
			if last, err := tx.Ticket(conv.Orders[len(conv.Orders)-1]); err == nil {
				since = last.AcceptedAt
			}
		}
		msgs, err = tx.Messages(id, 0, 0)
		if err != nil {
			return err
		}
		d := e.baseDraft(tx, conv)
		conv.Draft = d
		return nil
	})
	if err != nil {
		return nil, err
	}
	d := conv.Draft
	var texts []string
	for _, m := range msgs {
		text := strings.TrimSpace(m.Text)
		if m.Direction != domain.In || m.Sender != "citizen" || text == "" || m.At.Before(since) {
			continue
		}
		if e.isCommand(text) || e.yesOrNo(text) || domain.IsGreeting(text) || (parseRating(text, e.cfg.Bot.RatingCommentWords) != "" && ratingWords(text) == "") || slices.Contains(texts, text) {
			continue
		}
		texts = append(texts, text)
	}
	if full := strings.Join(texts, "\n"); full != "" && (d.Description == "" || !strings.Contains(d.Description, full)) {
		d.Description = full
	}
	if strings.TrimSpace(d.Description) == "" {
		return d, nil
	}
	r, err := e.clf.Classify(ctx, d.Description)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		e.log.Warn("classifier failed", "err", err)
		e.fill(d)
		return d, nil
	}
	if r.Emergency != nil && d.EmergencyNumber == "" {
		d.EmergencyNumber = r.Emergency.Number
		d.EmergencyReason = r.Emergency.Reason()
		d.Urgency = ticket.UrgencyEmergency
		d.Flags.Emergency = true
	}
	setAside(d, r)
	if d.EmergencyNumber == "" && r.Category != "" {
		d.Category = r.Category
		if d.Confidence == nil {
			d.Confidence = map[string]float64{}
		}
		d.Confidence[nlp.FieldCategory] = r.Confidence[nlp.FieldCategory]
		d.Confidence[nlp.FieldDepartment] = r.Confidence[nlp.FieldDepartment]
	}
	if r.Type != "" && d.Type == "" {
		d.Type = r.Type
	}
	if r.Urgency != "" && d.Urgency != ticket.UrgencyEmergency {
		d.Urgency = r.Urgency
	}
	if r.District != "" {
		d.District, d.Town = r.District, r.Town
	}
	if r.Address != "" && (d.Address == "" || len(r.Address) > len(d.Address)) {
		d.Address = r.Address
	}
	if d.Phone == "" && len(r.Phones) > 0 {
		d.Phone = r.Phones[0]
	}
	if d.Name == "" {
		d.Name = r.Name
	}
	if r.Title != "" && (d.Title == "" || d.Title == domain.Abbrev(conv.FirstText, 30)) {
		d.Title = r.Title
	}
	e.fill(d)
	return d, nil
}

// baseDraft is the conversation's draft (a copy), or a new one with the
// citizen's name and phone.
func (e *Engine) baseDraft(tx *store.Tx, c *domain.Conversation) *ticket.Ticket {
	if c.Draft != nil {
		d := *copyConversation(c).Draft
		return &d
	}
	d := &ticket.Ticket{Channel: c.Channel, CitizenID: c.CitizenID, ConversationID: c.ID, Status: ticket.Draft, ReceivedAt: e.now()}
	if c.Emergency {
		d.Urgency = ticket.UrgencyEmergency
		d.Flags.Emergency = true
		d.EmergencyReason = c.EmergencyReason.Clone()
	}
	if cit, err := tx.Citizen(c.CitizenID); err == nil {
		d.Name = cit.Name
		if len(cit.Phones) > 0 {
			d.Phone = cit.Phones[0]
		} else {
			d.Phone = cit.Contact
		}
	}
	return d
}

// RegisterOrder turns the conversation the agent holds into an accepted
// order (受理): the Proposal with the agent's fields f applied (checked
// against the config; a field the agent sets counts as certain for
// automatic dispatch), and tells the citizen the number and, when the
// Dispatcher sent it on, the department and deadline. It returns the
// order.
func (e *Engine) RegisterOrder(ctx context.Context, id, agent string, f OrderFields) (*ticket.Ticket, error) {
	prop, err := e.Proposal(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := e.checkFields(&f); err != nil {
		return nil, err
	}
	var tk *ticket.Ticket
	_, err = e.agentOp(id, agent, inbound.ActorOf(ctx, agent), "", func(tx *store.Tx, c *domain.Conversation) ([]string, error) {
		tk = nil
		if c.State != domain.ConvAgent || c.Agent != agent {
			return nil, inbound.ErrNotHeld
		}
		now := e.now()
		cp := *prop
		d := &cp
		d.Confidence = maps2(prop.Confidence)
		d.Attachments = slices.Clone(prop.Attachments)
		d.ReceivedAt = prop.ReceivedAt
		if d.ReceivedAt.IsZero() {
			d.ReceivedAt = now
		}
		e.applyFields(d, f)
		if strings.TrimSpace(d.Description) == "" {
			return nil, &inbound.InputError{Code: "no_description", Msg: config.Render(e.cfg.InputErrors.NoDescription, config.InputData{})}
		}
		if err := e.accept(tx, d, now, "agent:"+agent, config.Render(e.cfg.HistoryTexts.AcceptAgent, config.HistoryData{}), false); err != nil {
			return nil, err
		}
		reply, err := e.dispatchNew(tx, d, now)
		if err != nil {
			return nil, err
		}
		c.Orders = append(c.Orders, d.Number)
		c.Draft = nil
		tk = d
		text, err := e.render(reply, e.registeredData(d))
		return []string{text}, err
	})
	if err != nil {
		return nil, err
	}
	if e.hub != nil {
		e.hub.Publish(events.Event{Kind: events.Ticket, ConversationID: id, Ticket: tk.Number, State: string(tk.Status)})
	}
	return tk, nil
}

func maps2(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// checkFields checks the agent's fields against the config and writes
// aliases as names.
func (e *Engine) checkFields(f *OrderFields) error {
	for _, p := range []*string{&f.Title, &f.Description, &f.Type, &f.Category, &f.Department, &f.District, &f.Town, &f.Address, &f.Phone, &f.Name, &f.Urgency} {
		*p = strings.TrimSpace(*p)
	}
	bad := func(text string, d config.InputData) error {
		return &inbound.InputError{Code: "bad_field", Msg: config.Render(text, d)}
	}
	if f.Category != "" {
		if _, ok := e.cfg.Category(f.Category); !ok {
			return bad(e.cfg.InputErrors.UnknownCategory, config.InputData{Value: f.Category})
		}
	}
	if f.Department != "" {
		d, ok := e.cfg.Department(f.Department)
		if !ok {
			return bad(e.cfg.InputErrors.UnknownDepartment, config.InputData{Value: f.Department})
		}
		f.Department = d.Name
	}
	if f.District != "" {
		d, ok := e.cfg.District(f.District)
		if !ok {
			return bad(e.cfg.InputErrors.UnknownDistrict, config.InputData{Value: f.District})
		}
		f.District = d.Name
	}
	if f.Type != "" && !slices.Contains(ticket.RequestTypes(), f.Type) {
		return bad(e.cfg.InputErrors.BadType, config.InputData{Choices: strings.Join(ticket.RequestTypes(), "、")})
	}
	if f.Urgency != "" && !slices.Contains(ticket.UrgencyLevels(), f.Urgency) {
		return bad(e.cfg.InputErrors.BadUrgency, config.InputData{Choices: strings.Join(ticket.UrgencyLevels(), "、")})
	}
	if len([]rune(f.Title)) > 100 || len([]rune(f.Description)) > 4000 || len([]rune(f.Address)) > 200 {
		return bad(e.cfg.InputErrors.FieldsTooLong, config.InputData{})
	}
	return nil
}

// applyFields puts the agent's fields on d and routes it: a category or
// district the agent sets routes it again unless the agent named the
// department too (an emergency keeps its rule's department); what the
// agent set counts as certain.
func (e *Engine) applyFields(d *ticket.Ticket, f OrderFields) {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&d.Title, f.Title)
	set(&d.Description, f.Description)
	set(&d.Type, f.Type)
	set(&d.District, f.District)
	set(&d.Town, f.Town)
	set(&d.Address, f.Address)
	set(&d.Phone, f.Phone)
	set(&d.Name, f.Name)
	set(&d.Urgency, f.Urgency)
	if d.Confidence == nil {
		d.Confidence = map[string]float64{}
	}
	e.fill(d)
	if f.Category != "" {
		d.Category = f.Category
		d.Confidence[nlp.FieldCategory] = 1
		if f.Department == "" && d.EmergencyNumber == "" {
			d.Department = ticket.Route(e.cfg, d.Category, d.District)
			d.Confidence[nlp.FieldDepartment] = 1
		}
	}
	if f.Department != "" {
		d.Department = f.Department
		d.Confidence[nlp.FieldDepartment] = 1
	}
}
