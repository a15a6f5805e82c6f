package desk

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"hotline/bot"
	"hotline/config"
	"hotline/domain"
	"hotline/httpx"
	"hotline/inbound"
	"hotline/logx"
	"hotline/store"
	"hotline/ticket"
)

// mask hides the middle of phone and ID numbers (138****1234).
func mask(s string) string { return logx.Mask(s) }

// maskTicket returns a copy of t for a user who does not hold its
// conversation: the citizen's phone is masked, also where the citizen or
// a department wrote it in the text, and a conversation id that shows a
// phone number is replaced by its handle. Its history's notes lose a
// head that repeats their action's label (cleanHistory).
func (c *Console) maskTicket(t *ticket.Ticket) *ticket.Ticket {
	m := maskTicketFor(c.ids, t)
	if m != nil {
		cleanHistory(c.o.Config, m)
	}
	return m
}

func (c *Console) maskItems(list []Item) []Item {
	out := make([]Item, len(list))
	for i, it := range list {
		it.Ticket = c.maskTicket(it.Ticket) // the marks (warning, escalated, sign_late) as they are
		out[i] = it
	}
	return out
}

// withConv lets a conversation handler take a handle (see handles) where
// it takes a conversation id. A conversation moved to the yearly archive
// is read-only: any change of it is httpx.ErrArchived.
func (c *Console) withConv(h httpx.HandlerFunc) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id := c.ids.resolve(r.PathValue("id"))
		r.SetPathValue("id", id)
		if r.Method != http.MethodGet && c.convBefore(id) == nil {
			if arch := c.o.Store.Archive(); arch != nil {
				if _, _, err := arch.Conversation(id); err == nil {
					return httpx.ErrArchived
				}
			}
		}
		return h(w, r)
	}
}

// queueItem is one waiting conversation as the queue shows it.
type queueEntry struct {
	ID        string `json:"id"`
	Channel   string `json:"channel"`
	Emergency bool   `json:"emergency"`
	// EmergencyReason is why: the number, the citizen's words (masked)
	// and the rule, and the other numbers needed; on a conversation that
	// is no emergency, the flag the classifier's veto set aside on its
	// draft (set_aside), if any.
	EmergencyReason *ticket.EmergencyReason `json:"emergency_reason,omitempty"`
	FirstText       string                  `json:"first_text"`
	QueuedAt        time.Time               `json:"queued_at,omitzero"`
	WaitingSec      int64                   `json:"waiting_seconds"`
	Agent           string                  `json:"agent,omitempty"`
	Category        string                  `json:"category,omitempty"`
	Department      string                  `json:"department,omitempty"`
	District        string                  `json:"district,omitempty"`
	Type            string                  `json:"type,omitempty"`
	Urgency         string                  `json:"urgency,omitempty"`
	Confidence      map[string]float64      `json:"confidence,omitempty"`
}

func (c *Console) entry(conv *domain.Conversation, now time.Time) queueEntry {
	e := queueEntry{ID: c.ids.of(conv.ID), Channel: conv.Channel, Emergency: conv.Emergency, FirstText: mask(conv.FirstText),
		QueuedAt: conv.QueuedAt, Agent: conv.Agent}
	if !conv.QueuedAt.IsZero() {
		e.WaitingSec = int64(now.Sub(conv.QueuedAt).Seconds())
	}
	if conv.Emergency {
		e.EmergencyReason = emergencyReason(conv).MapCues(mask)
	} else {
		e.EmergencyReason = setAsideReason(conv).MapCues(mask)
	}
	if d := conv.Draft; d != nil {
		e.Category, e.Department, e.District, e.Type, e.Urgency, e.Confidence = d.Category, d.Department, d.District, d.Type, d.Urgency, d.Confidence
		if e.FirstText == "" {
			e.FirstText = mask(d.Description)
		}
	}
	return e
}

// queue lists the conversations waiting for a person (emergencies first,
// then by waiting time) and those agents hold, with who holds them.
// queue answers the waiting conversations and those held by agents; a
// role that answers no queue (roleChatQueue: a leader) only the
// conversations it holds itself, those handed to it.
func (c *Console) queue(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	whole := slices.Contains(roleChatQueue, a.Role)
	now := c.now()
	out := []queueEntry{}
	if whole {
		list, err := c.o.Engine.Queue(200)
		if err != nil {
			return err
		}
		for _, conv := range list {
			out = append(out, c.entry(conv, now))
		}
	}
	held := []queueEntry{}
	err := c.o.Store.ViewContext(r.Context(), func(tx *store.Tx) error {
		return tx.ScanKV(heldPrefix, func(k string, _ []byte) error {
			conv, err := tx.Conversation(strings.TrimPrefix(k, heldPrefix))
			if err != nil || conv.State != domain.ConvAgent || !whole && conv.Agent != a.Name {
				return nil
			}
			held = append(held, c.entry(conv, now))
			return nil
		})
	})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"queue": out, "held": held, "server_time": now})
	return nil
}

// messageView is a message as the console shows it.
type messageView struct {
	ID        uint64    `json:"id"`
	Direction string    `json:"direction"`
	Sender    string    `json:"sender"`
	Channel   string    `json:"channel"`
	Text      string    `json:"text"`
	At        time.Time `json:"at"`
	Status    string    `json:"status,omitempty"`
	Reason    string    `json:"status_reason,omitempty"` // zh-CN: why a delivery is retried or failed
	Media     int       `json:"media,omitempty"`
}

// messageViews shows msgs; masked, the citizen's numbers are hidden
// (messageMasker; phones are the citizen's known numbers).
func messageViews(msgs []*domain.Message, masked bool, phones ...string) []messageView {
	out := make([]messageView, 0, len(msgs))
	masker := messageMasker(msgs, phones...)
	for _, m := range msgs {
		text := m.Text
		if masked {
			text = masker(m)
		}
		out = append(out, messageView{ID: m.ID, Direction: m.Direction, Sender: m.Sender, Channel: m.Channel,
			Text: text, At: m.At, Status: m.Status, Reason: m.StatusReason, Media: len(m.Media)})
	}
	return out
}

// convOrder is an order as a conversation's page lists it.
type convOrder struct {
	*ticket.Ticket
	Archived bool `json:"archived,omitempty"` // 已归档: read-only
}

// conversation returns a conversation with its messages, the citizen's
// other conversations on every channel and their work orders. Phone
// numbers are shown in full only to the agent holding it. A conversation
// moved to the yearly archive with its orders is found there: read-only
// ("archived"), always masked (nobody holds it), listed with its own
// orders (archived ones marked) beside the citizen's live ones.
func (c *Console) conversation(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	id := r.PathValue("id")
	var conv *domain.Conversation
	var msgs []*domain.Message
	var cit *domain.Citizen
	type other struct {
		ID       string        `json:"id"`
		Channel  string        `json:"channel"`
		State    string        `json:"state"`
		Messages []messageView `json:"messages"`
	}
	var others []other
	var orders []convOrder
	var masked, archived bool
	arch := c.o.Store.Archive()
	err := c.o.Store.ViewContext(r.Context(), func(tx *store.Tx) error {
		var err error
		conv, err = tx.Conversation(id)
		if errors.Is(err, store.ErrNotFound) && arch != nil {
			var aerr error
			if conv, msgs, aerr = arch.Conversation(id); aerr == nil {
				err, archived = nil, true
			} else if !errors.Is(aerr, store.ErrNotFound) {
				return aerr
			}
		}
		if err != nil {
			return err
		}
		masked = archived || !conv.HeldBy(a.Name)
		if !archived {
			if msgs, err = tx.Messages(id, 0, 0); err != nil {
				return err
			}
		}
		if archived {
			// Its own orders, which the citizen's live ones no longer
			// list.
			for _, n := range conv.Orders {
				tk, err := tx.Ticket(n)
				moved := false
				if errors.Is(err, store.ErrNotFound) {
					tk, err = arch.Ticket(n)
					moved = true
				}
				if errors.Is(err, store.ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				orders = append(orders, convOrder{Ticket: tk, Archived: moved})
			}
		}
		if conv.CitizenID == "" {
			return nil
		}
		if cit, err = tx.Citizen(conv.CitizenID); err != nil {
			cit = nil
			return nil
		}
		convs, err := tx.ConversationsOf(cit.ID)
		if err != nil {
			return err
		}
		for _, oc := range convs {
			if oc.ID == conv.ID {
				continue
			}
			om, err := tx.Messages(oc.ID, 0, 0)
			if err != nil {
				return err
			}
			if len(om) > 100 {
				om = om[len(om)-100:]
			}
			oid := oc.ID
			if masked {
				oid = mask(oid)
			}
			others = append(others, other{ID: oid, Channel: oc.Channel, State: string(oc.State), Messages: messageViews(om, masked, append(slices.Clone(cit.Phones), oc.UserID)...)})
		}
		ids := append([]string{cit.ID}, cit.Merged...)
		for _, cid := range ids {
			list, err := tx.Tickets(store.TicketFilter{CitizenID: cid})
			if err != nil {
				return err
			}
			for _, tk := range list {
				if !slices.ContainsFunc(orders, func(o convOrder) bool { return o.Number == tk.Number }) {
					orders = append(orders, convOrder{Ticket: tk})
				}
			}
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return httpx.ErrConvNotFound
	}
	if err != nil {
		return err
	}
	view := *conv
	view.ID = c.ids.of(view.ID)
	var phones []string
	name := ""
	if cit != nil {
		phones, name = slices.Clone(cit.Phones), cit.Name
	}
	// The citizen's numbers, for the messages' masking: known ones, the
	// platform id (an SMS or phone conversation's is the number) and the
	// draft's.
	citizenPhones := append(slices.Clone(phones), conv.UserID)
	if conv.Draft != nil {
		citizenPhones = append(citizenPhones, conv.Draft.Phone)
	}
	if masked {
		view.UserID = mask(view.UserID)
		view.FirstText = mask(view.FirstText)
		view.EmergencyReason = view.EmergencyReason.MapCues(mask)
		view.Draft = c.maskTicket(view.Draft)
		for i := range phones {
			phones[i] = mask(phones[i])
		}
		for i := range orders {
			orders[i].Ticket = c.maskTicket(orders[i].Ticket)
		}
	}
	if others == nil {
		others = []other{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"conversation": view, "messages": messageViews(msgs, masked, citizenPhones...), "masked": masked,
		"channel_label": c.ChannelLabel(conv.Channel), "citizen_label": citizenLabel(c.o.Config.Desk, cit, conv.Draft),
		"citizen": map[string]any{"name": name, "phones": phones}, "history": others, "orders": orders,
		"holder": !archived && conv.HeldBy(a.Name), "archived": archived,
	})
	return nil
}

func (c *Console) convBefore(id string) *domain.Conversation {
	var conv *domain.Conversation
	_ = c.o.Store.View(func(tx *store.Tx) error {
		conv, _ = tx.Conversation(id)
		return nil
	})
	return conv
}

// trackHeld keeps the index of held conversations that the queue shows.
func (c *Console) trackHeld(conv *domain.Conversation) {
	key := heldPrefix + conv.ID
	err := c.o.Store.Update(func(tx *store.Tx) error {
		if staleHandover(tx, conv) {
			if err := tx.Delete(handoverPrefix + conv.ID); err != nil {
				return err
			}
		}
		if conv.State == domain.ConvAgent {
			return tx.Put(key, []byte(conv.Agent))
		}
		return tx.Delete(key)
	})
	if err != nil {
		c.log.Warn("held index", "err", err)
	}
}

// finishConv answers an agent's action on a conversation. The engine
// wrote its audit entry in the action's transaction (the same entry
// whichever surface the agent used).
func (c *Console) finishConv(w http.ResponseWriter, action string, after *domain.Conversation, vars map[string]string) {
	c.trackHeld(after)
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"conversation": map[string]any{
		"id": c.ids.of(after.ID), "state": after.State, "agent": after.Agent},
		"done": confirmation{ID: convConfirmTexts[action], Vars: vars}})
}

// readEmpty accepts an empty body or an empty JSON object.
func readEmpty(r *http.Request) error {
	if r.ContentLength == 0 {
		return nil
	}
	var empty struct{}
	return httpx.DecodeJSON(r, MaxBody, &empty)
}

func (c *Console) convOp(action string) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := readEmpty(r); err != nil {
			return err
		}
		a := actorOf(r)
		id := r.PathValue("id")
		// A leader takes, hands back or ends no chat from the queue: only
		// one handed to them, which they hold already (the engine lets
		// anyone end a waiting chat, as an agent may).
		if !slices.Contains(roleChatQueue, a.Role) {
			if conv := c.convBefore(id); conv == nil || conv.Agent != a.Name {
				return httpx.ErrForbidden.WithText(txtRoleForbidden, config.HTTPErrorData{Role: c.RoleLabel(a.Role)})
			}
		}
		var fn func(ctx context.Context, id, agent string) (*domain.Conversation, error)
		switch action {
		case "take":
			fn = c.o.Engine.Take
		case "release":
			fn = c.o.Engine.Release
		default:
			fn = c.o.Engine.Close
		}
		after, err := fn(r.Context(), id, a.Name)
		if err != nil {
			return deskError(err)
		}
		c.finishConv(w, action, after, nil)
		return nil
	}
}

func (c *Console) convReply(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Text string `json:"text"`
	}
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	a := actorOf(r)
	id := r.PathValue("id")
	after, err := c.o.Engine.Reply(r.Context(), id, a.Name, req.Text)
	if err != nil {
		return deskError(err)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"conversation": map[string]any{"id": c.ids.of(after.ID), "state": after.State, "agent": after.Agent}})
	return nil
}

func (c *Console) convTransfer(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		To string `json:"to"`
	}
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	a := actorOf(r)
	req.To = strings.TrimSpace(req.To)
	var target *store.User
	_ = c.o.Store.ViewContext(r.Context(), func(tx *store.Tx) error {
		target, _ = tx.User(req.To)
		return nil
	})
	if target == nil || target.Disabled || !slices.Contains(roleAgents, target.Role) || target.Name == a.Name || !c.on.online(target.Name) {
		return httpx.ErrBadTarget
	}
	id := r.PathValue("id")
	after, err := c.o.Engine.Transfer(r.Context(), id, a.Name, target.Name)
	if err != nil {
		return deskError(err)
	}
	c.handedToLeader(a, after, target)
	name := target.DisplayName
	if name == "" {
		name = target.Name
	}
	c.finishConv(w, "transfer", after, map[string]string{"name": name})
	return nil
}

// register turns the draft of a conversation the agent holds into an
// accepted, routed work order (受理), so that it can be dispatched or
// answered; without a draft the agent's description starts one. The
// citizen is told the order number.
func (c *Console) register(w http.ResponseWriter, r *http.Request) error {
	var req bot.OrderFields
	if r.ContentLength != 0 {
		if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
			return err
		}
	}
	a := actorOf(r)
	id := r.PathValue("id")
	req.Title, req.Description = strings.TrimSpace(req.Title), strings.TrimSpace(req.Description)
	if utf8.RuneCountInString(req.Title) > 100 || utf8.RuneCountInString(req.Description) > 4000 {
		return httpx.ErrTooLong.WithText(txtOrderTooLong, noData)
	}
	if req.Phone = strings.TrimSpace(req.Phone); req.Phone != "" && !reachable(req.Phone) {
		return httpx.ErrRule.SayText(txtBadPhone, config.HTTPErrorData{Value: req.Phone})
	}
	tk, err := c.o.Engine.RegisterOrder(r.Context(), id, a.Name, req)
	if err != nil {
		var ie *inbound.InputError
		if errors.As(err, &ie) && (ie.Code == "no_description" || ie.Code == "bad_field") {
			return httpx.ErrRule.Say(ie.Msg)
		}
		return deskError(err)
	}
	c.leaderRegistered(a, id, tk)
	c.audit(a, "order.register", tk.Number, nil, orderState(tk))
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"ticket": tk,
		"done": registered(tk)})
	return nil
}

// reachable reports whether a contact phone an agent typed can reach a
// citizen: a mobile, a landline, an international number or a local
// number of 7 digits or more, not "123" or the hotline's own 12345, which
// would reach nobody and be sent the order's messages.
func reachable(phone string) bool {
	n, err := domain.Parse(phone)
	return err == nil && (strings.HasPrefix(string(n), "+") || len(n) >= 7)
}

// citizenLabel names the citizen in a conversation's header without
// showing who they are: the masked phone number (138****1234), the name's
// first character (desk.citizen_label), or desk.anonymous.
func citizenLabel(d config.Desk, cit *domain.Citizen, draft *ticket.Ticket) string {
	var phone, name string
	if cit != nil {
		if len(cit.Phones) > 0 {
			phone = cit.Phones[0]
		}
		name = cit.Name
	}
	if draft != nil {
		phone = cmp.Or(phone, draft.Phone)
		name = cmp.Or(name, draft.Name)
	}
	if phone != "" {
		return config.Render(d.CitizenLabel, config.CitizenLabelData{Who: mask(phone)})
	}
	if r := []rune(strings.TrimSpace(name)); len(r) > 0 {
		return config.Render(d.CitizenLabel, config.CitizenLabelData{Who: string(r[0]) + "**"})
	}
	return config.Render(d.Anonymous, config.CitizenLabelData{})
}

// proposal shows the order that registering the conversation would
// create (every field, for the agent to check and edit first). The phone
// is masked unless the agent holds the conversation.
func (c *Console) proposal(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	id := r.PathValue("id")
	tk, err := c.o.Engine.Proposal(r.Context(), id)
	if err != nil {
		return deskError(err)
	}
	conv, _, err := c.o.Engine.Conversation(id, ^uint64(0))
	if err != nil {
		return deskError(err)
	}
	if !(conv.State == domain.ConvAgent && conv.Agent == a.Name) {
		tk = c.maskTicket(tk)
	} else {
		tk.ConversationID = c.ids.of(tk.ConversationID)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"ticket": tk})
	return nil
}

// emergencyReason is why conversation c is flagged: its own reason, or
// for one flagged before conversations kept it, its draft's.
// setAsideReason is the emergency flag the classifier's veto set aside on
// the draft of conversation c (ticket.EmergencyReason.SetAside), nil for
// none: a conversation that is no emergency shows it for the agent to
// check.
func setAsideReason(c *domain.Conversation) *ticket.EmergencyReason {
	if c.Draft != nil && c.Draft.EmergencyReason != nil && c.Draft.EmergencyReason.SetAside {
		return c.Draft.EmergencyReason
	}
	return nil
}

func emergencyReason(c *domain.Conversation) *ticket.EmergencyReason {
	if c.EmergencyReason == nil && c.Draft != nil {
		return c.Draft.EmergencyReason
	}
	return c.EmergencyReason
}
