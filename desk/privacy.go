package desk

import (
	"hotline/domain"
	"hotline/ticket"
)

// maskTicketFor returns a copy of t for staff who may not see the
// citizen's personal data: the citizen's phone is masked, also where the
// citizen or a department wrote it in the text, and the conversation id
// replaced by its handle (ids may be nil: ids are then left as they are).
// What the citizen wrote (title, description, address, the notes the
// citizen's and the bot's events keep, the edits of fields) has every
// phone and ID number masked; what staff wrote (the reply, the notes of
// the office's, the departments' and the scheduler's events) has the
// citizen's numbers masked (citizenNumbers) and keeps the office's and
// the departments' own: the number a citizen is told to call, a clerk's.
func maskTicketFor(ids *handles, t *ticket.Ticket) *ticket.Ticket {
	if t == nil {
		return nil
	}
	m := *t
	if ids != nil {
		m.ConversationID = ids.of(m.ConversationID)
	}
	mine := citizenNumbers(t)
	staff := func(s string) string { return domain.MaskTextOf(s, mine) }
	m.Phone = mask(m.Phone)
	m.Title = mask(m.Title)
	m.Description = mask(m.Description)
	m.Address = mask(m.Address)
	m.Reply = staff(m.Reply)
	m.EmergencyReason = t.EmergencyReason.MapCues(mask)
	m.Events = t.History()
	for i, ev := range m.Events {
		if citizenWrote(ev.Actor) {
			m.Events[i].Note = mask(ev.Note)
		} else {
			m.Events[i].Note = staff(ev.Note)
		}
		for k, v := range ev.Fields {
			m.Events[i].Fields[k] = [2]string{mask(v[0]), mask(v[1])}
		}
	}
	return &m
}

// citizenWrote reports whether an event of actor keeps the citizen's
// words: the citizen's own (a reason to reopen, a rating) and the bot's,
// which repeat them.
func citizenWrote(actor string) bool { return actor == "citizen" || actor == "bot" }

// citizenNumbers reports whether a phone number (domain.PhoneKeys) is
// the citizen's: the order's phone, or one written in what the citizen
// wrote or in an edit of a field.
func citizenNumbers(t *ticket.Ticket) func(key string) bool {
	own := map[string]bool{}
	add := func(s string) {
		for _, k := range domain.PhoneKeys(s) {
			own[k] = true
		}
	}
	if t.Phone != "" {
		own[domain.PhoneKey(t.Phone)] = true
	}
	for _, s := range []string{t.Title, t.Description, t.Address} {
		add(s)
	}
	for _, ev := range t.Events {
		if citizenWrote(ev.Actor) {
			add(ev.Note)
		}
		for name, v := range ev.Fields {
			add(v[0])
			add(v[1])
			if name == "phone" { // a landline may be kept without its dash
				for _, p := range v {
					if p != "" {
						own[domain.PhoneKey(p)] = true
					}
				}
			}
		}
	}
	return func(key string) bool { return own[key] }
}

// maskConversation returns a copy of c for the agents' API without the
// reveal scope: the id is a handle, the platform's user id (openid, phone,
// chat id) is left out, and numbers in the texts are masked.
func maskConversation(ids *handles, c *domain.Conversation) *domain.Conversation {
	if c == nil {
		return nil
	}
	m := *c
	if ids != nil {
		m.ID = ids.of(m.ID)
	}
	m.UserID = ""
	m.FirstText = mask(m.FirstText)
	m.EmergencyReason = c.EmergencyReason.MapCues(mask)
	m.Draft = maskTicketFor(ids, c.Draft)
	return &m
}

// maskMessages returns copies of msgs with handles and masked texts
// (messageMasker: the citizen's numbers, not staff's).
func maskMessages(ids *handles, msgs []*domain.Message, phones ...string) []*domain.Message {
	text := messageMasker(msgs, phones...)
	out := make([]*domain.Message, len(msgs))
	for i, msg := range msgs {
		m := *msg
		if ids != nil {
			m.ConversationID = ids.of(m.ConversationID)
		}
		m.Text = text(msg)
		m.ExternalID = "" // a web chat's carries the conversation's token
		out[i] = &m
	}
	return out
}

// messageMasker returns a message's text masked as maskTicketFor masks an
// order's: every number in what the citizen sent, only the citizen's
// (those and phones, the citizen's known numbers) in what the hotline
// sent (the bot's summary repeats the citizen's number; an agent's reply
// or a department's result relayed gives the number to call, which
// stays).
func messageMasker(msgs []*domain.Message, phones ...string) func(*domain.Message) string {
	own := map[string]bool{}
	for _, p := range phones {
		if p != "" {
			own[domain.PhoneKey(p)] = true
		}
	}
	for _, m := range msgs {
		if messageCitizenWrote(m) {
			for _, k := range domain.PhoneKeys(m.Text) {
				own[k] = true
			}
		}
	}
	mine := func(key string) bool { return own[key] }
	return func(m *domain.Message) string {
		if messageCitizenWrote(m) {
			return mask(m.Text)
		}
		return domain.MaskTextOf(m.Text, mine)
	}
}

// messageCitizenWrote: what the citizen sent.
func messageCitizenWrote(m *domain.Message) bool { return m.Direction == "in" }
