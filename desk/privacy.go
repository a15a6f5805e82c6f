package desk

import (
	"hotline/domain"
	"hotline/ticket"
)

// maskTicketFor returns a copy of t for staff who may not see the
// citizen's personal data: the phone masked, also where the citizen or a
// department wrote it in the text, and the conversation id replaced by its
// handle (ids may be nil: ids are then left as they are).
func maskTicketFor(ids *handles, t *ticket.Ticket) *ticket.Ticket {
	if t == nil {
		return nil
	}
	m := *t
	if ids != nil {
		m.ConversationID = ids.of(m.ConversationID)
	}
	m.Phone = mask(m.Phone)
	m.Title = mask(m.Title)
	m.Description = mask(m.Description)
	m.Address = mask(m.Address)
	m.Reply = mask(m.Reply)
	m.EmergencyReason = t.EmergencyReason.MapCues(mask)
	m.Events = t.History()
	for i := range m.Events {
		m.Events[i].Note = mask(m.Events[i].Note)
		for k, v := range m.Events[i].Fields {
			m.Events[i].Fields[k] = [2]string{mask(v[0]), mask(v[1])}
		}
	}
	return &m
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

// maskMessages returns copies of msgs with handles and masked texts.
func maskMessages(ids *handles, msgs []*domain.Message) []*domain.Message {
	out := make([]*domain.Message, len(msgs))
	for i, msg := range msgs {
		m := *msg
		if ids != nil {
			m.ConversationID = ids.of(m.ConversationID)
		}
		m.Text = mask(m.Text)
		m.ExternalID = "" // a web chat's carries the conversation's token
		out[i] = &m
	}
	return out
}
