package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/inbound"
	"hotline/store"
	"hotline/ticket"
)

// The agents' side of a conversation: take it over, reply, hand it back,
// close. Each is one transaction and queues what the citizen is told.

// Queue returns the conversations waiting for a person, emergencies first.
func (e *Engine) Queue(limit int) ([]*domain.Conversation, error) {
	var out []*domain.Conversation
	err := e.st.View(func(tx *store.Tx) error {
		var err error
		out, err = tx.Queue(limit)
		return err
	})
	return out, err
}

// Conversation returns a conversation and its messages after the given id.
func (e *Engine) Conversation(id string, after uint64) (*domain.Conversation, []*domain.Message, error) {
	var conv *domain.Conversation
	var msgs []*domain.Message
	err := e.st.View(func(tx *store.Tx) error {
		var err error
		if conv, err = tx.Conversation(id); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return inbound.ErrNotFound
			}
			return err
		}
		msgs, err = tx.Messages(id, after, 0)
		return err
	})
	return conv, msgs, err
}

// agentOp runs fn on a conversation in one transaction and publishes what
// changed. A staff action (audit: take, reply, release, close, transfer)
// is written to the audit log in the same transaction, once, whatever the
// surface it came from (the console, the agents' API, the Telegram
// agents' group): "conversation."+audit by the agent, with the
// conversation's state and holder before and after, and a reply's text
// masked. A take of a conversation the agent already holds changes
// nothing and is not logged; with audit "" only a change of state is
// (a draft that expired, by the system). actor is who the entry names:
// the surface's own name of the agent (inbound.ActorOf), not the bare
// name that holds the conversation, so that the log tells the console,
// the agents' API and the Telegram group apart.
func (e *Engine) agentOp(id, agent, actor, audit string, fn func(tx *store.Tx, c *domain.Conversation) (replies []string, err error)) (*domain.Conversation, error) {
	var conv *domain.Conversation
	var queued []*store.OutboxEntry
	var evs []events.Event
	err := e.st.Update(func(tx *store.Tx) error {
		queued, evs = queued[:0], evs[:0]
		c, err := tx.Conversation(id)
		if errors.Is(err, store.ErrNotFound) {
			return inbound.ErrNotFound
		}
		if err != nil {
			return err
		}
		wasQueued, was, wasAgent := c.State == domain.ConvQueued, c.State, c.Agent
		texts, err := fn(tx, c)
		if err != nil {
			return err
		}
		now := e.now()
		for _, text := range texts {
			sender := "bot"
			if strings.HasPrefix(text, agentPrefix) {
				text = strings.TrimPrefix(text, agentPrefix)
				sender = "agent:" + agent
			}
			ent, err := e.queueOut(tx, c, sender, text, "reply", "", "", now, false)
			if err != nil {
				return err
			}
			queued = append(queued, ent)
			evs = append(evs, events.Event{Kind: events.Message, ConversationID: id, MessageID: ent.MessageID, State: string(c.State)})
		}
		c.UpdatedAt = now
		if err := tx.PutConversation(c); err != nil {
			return err
		}
		if ae, ok := agentAudit(audit, actor, id, now, texts, was, wasAgent, c); ok {
			if err := tx.Audit(ae); err != nil {
				return err
			}
		}
		evs = append(evs, events.Event{Kind: events.Agent, ConversationID: id, State: string(c.State), Agent: c.Agent, By: agent})
		if wasQueued != (c.State == domain.ConvQueued) {
			evs = append(evs, events.Event{Kind: events.Queue, ConversationID: id, State: string(c.State)})
		}
		conv = c
		return nil
	})
	if err != nil {
		return nil, err
	}
	e.afterCommit(queued, evs)
	return conv, nil
}

// agentAudit is the audit entry of an agent's action on conversation id
// (see agentOp); ok is false when there is none to write.
func agentAudit(audit, actor, id string, now time.Time, texts []string, was domain.ConvState, wasAgent string, c *domain.Conversation) (store.AuditEntry, bool) {
	changed := c.State != was || c.Agent != wasAgent
	ae := store.AuditEntry{At: now, Actor: actor, Action: "conversation." + audit, Object: id,
		Before: convAuditState(was, wasAgent), After: convAuditState(c.State, c.Agent)}
	switch audit {
	case "":
		state := c.State
		if state == domain.ConvRating {
			// A draft that expired while a rating question waited: the
			// draft ended (idle); the question then asked is the bot's.
			state = domain.ConvIdle
		}
		if state == was {
			return ae, false
		}
		ae.Action = "conversation." + string(state)
		ae.Before, ae.After = "", ""
	case "take":
		if !changed {
			return ae, false
		}
	case "reply":
		var words []string
		for _, t := range texts {
			if w, ok := strings.CutPrefix(t, agentPrefix); ok {
				words = append(words, w)
			}
		}
		b, _ := json.Marshal(map[string]string{"text": domain.MaskText(strings.Join(words, "\n"))})
		ae.Before, ae.After = "", string(b)
	}
	return ae, true
}

// convAuditState is what the audit log keeps of a conversation: its state
// and the agent holding it, as the console shows them (状态、坐席).
func convAuditState(state domain.ConvState, agent string) string {
	b, _ := json.Marshal(map[string]string{"state": string(state), "agent": agent})
	return string(b)
}

// agentPrefix marks a text in agentOp's result as the agent's own words.
const agentPrefix = "\x00agent\x00"

// Take gives the conversation to agent; the bot falls silent. Another
// agent's conversation cannot be taken (ErrHeld).
func (e *Engine) Take(ctx context.Context, id, agent string) (*domain.Conversation, error) {
	return e.agentOp(id, agent, inbound.ActorOf(ctx, agent), "take", func(tx *store.Tx, c *domain.Conversation) ([]string, error) {
		if c.State == domain.ConvAgent && c.Agent != agent {
			return nil, inbound.ErrHeld
		}
		if c.State == domain.ConvAgent {
			return nil, nil
		}
		c.State = domain.ConvAgent
		c.Agent = agent
		c.Asking = ""
		// The agent greets the citizen (the message is the agent's, not
		// the bot's), named as agentWho says.
		text, err := e.render(config.ReplyAgentJoined, config.ReplyData{Agent: e.agentWho(tx, agent)})
		return []string{agentPrefix + text}, err
	})
}

// agentWho is how a citizen is told who an agent is: the account's
// display name, else the agent's number on the call centre's switch
// (calls.agents, the lowest when several), never the login name; "" when
// the account has neither.
func (e *Engine) agentWho(tx *store.Tx, agent string) string {
	if u, err := tx.User(agent); err == nil && u.DisplayName != "" {
		return u.DisplayName
	}
	number := ""
	for login, user := range e.cfg.Calls.Agents {
		if user == agent && (number == "" || login < number) {
			number = login
		}
	}
	return number
}

// AgentLabel is how a citizen's chat labels an agent's messages
// (replies.agent_label, e.g. 人工客服 王芳 or 人工客服 8001), so that an
// agent's words are never shown as the bot's.
func (e *Engine) AgentLabel(agent string) string {
	who := ""
	_ = e.st.View(func(tx *store.Tx) error {
		who = e.agentWho(tx, agent)
		return nil
	})
	text, err := e.render(config.ReplyAgentLabel, config.ReplyData{Agent: who})
	if err != nil {
		return ""
	}
	return text
}

// Reply sends the agent's text to the citizen through their channel.
func (e *Engine) Reply(ctx context.Context, id, agent, text string) (*domain.Conversation, error) {
	text = strings.TrimSpace(text)
	if text == "" || !utf8.ValidString(text) {
		return nil, &inbound.InputError{Code: "empty_text", Msg: config.Render(e.cfg.InputErrors.EmptyReply, config.InputData{})}
	}
	if max := e.cfg.Bot.MaxTextLen; max > 0 && utf8.RuneCountInString(text) > max {
		return nil, &inbound.InputError{Code: "too_long", Msg: config.Render(e.cfg.InputErrors.ReplyTooLong, config.InputData{})}
	}
	return e.agentOp(id, agent, inbound.ActorOf(ctx, agent), "reply", func(tx *store.Tx, c *domain.Conversation) ([]string, error) {
		if c.State != domain.ConvAgent || c.Agent != agent {
			return nil, inbound.ErrNotHeld
		}
		return []string{agentPrefix + text}, nil
	})
}

// Release hands the conversation back to the bot.
func (e *Engine) Release(ctx context.Context, id, agent string) (*domain.Conversation, error) {
	return e.agentOp(id, agent, inbound.ActorOf(ctx, agent), "release", func(tx *store.Tx, c *domain.Conversation) ([]string, error) {
		if c.State != domain.ConvAgent || c.Agent != agent {
			return nil, inbound.ErrNotHeld
		}
		c.Agent = ""
		c.Emergency = false
		c.EmergencyReason = nil
		if c.Draft != nil {
			c.State = domain.ConvCollecting
		} else {
			c.State = domain.ConvIdle
		}
		text, err := e.render(config.ReplyAgentLeft, config.ReplyData{})
		return []string{text}, err
	})
}

// Transfer moves a held conversation to another agent.
func (e *Engine) Transfer(ctx context.Context, id, agent, to string) (*domain.Conversation, error) {
	return e.agentOp(id, agent, inbound.ActorOf(ctx, agent), "transfer", func(tx *store.Tx, c *domain.Conversation) ([]string, error) {
		if c.State != domain.ConvAgent || c.Agent != agent {
			return nil, inbound.ErrNotHeld
		}
		c.Agent = to
		return nil, nil
	})
}

// Close ends the conversation: the draft is dropped, the citizen is told,
// and the next message starts afresh with the bot. An agent may close a
// conversation it holds or one still waiting in the queue.
func (e *Engine) Close(ctx context.Context, id, agent string) (*domain.Conversation, error) {
	return e.agentOp(id, agent, inbound.ActorOf(ctx, agent), "close", func(tx *store.Tx, c *domain.Conversation) ([]string, error) {
		if c.State == domain.ConvAgent && c.Agent != agent {
			return nil, inbound.ErrHeld
		}
		c.State = domain.ConvIdle
		c.Agent = ""
		c.Draft = nil
		c.Asking = ""
		c.Asked = nil
		c.Emergency = false
		c.EmergencyReason = nil
		text, err := e.render(config.ReplyClosed, config.ReplyData{})
		return []string{text}, err
	})
}

// Notify sends a templated message about order number to the citizen on
// the channel of the conversation the order came from (status changes:
// dispatched, replied, closed): kind names the reply (dispatched,
// reply_ready, ask_rating, order_closed), filled with the order's number,
// status, department, deadline and reply. With ask_rating the
// conversation then waits for the citizen's satisfaction rating; one in
// which the citizen is registering another matter is asked once that is
// registered or cancelled.
func (e *Engine) Notify(number, kind string) error {
	name := config.ReplyName(kind)
	if _, ok := e.replies[name]; !ok {
		return fmt.Errorf("bot: no reply %q to notify order %s with", kind, number)
	}
	var queued []*store.OutboxEntry
	var evs []events.Event
	err := e.st.Update(func(tx *store.Tx) error {
		queued, evs = queued[:0], evs[:0]
		tk, err := tx.Ticket(number)
		if err != nil {
			return err
		}
		c, err := tx.Conversation(tk.ConversationID)
		if err != nil {
			return err
		}
		if kind == string(config.ReplyAskRating) && e.isDrafting(c) && !e.expired(c) {
			// The citizen is registering another matter: asked now, their
			// next answer (a phone number, 确认) would be read as a rating
			// and the draft lost. The question waits until that matter is
			// registered or cancelled (askRatingAgain).
			c.RatingFor = number
			return tx.PutConversation(c)
		}
		data := e.statusData(tk)
		data.Reply = tk.Reply
		text, err := e.render(name, data)
		if err != nil {
			return err
		}
		now := e.now()
		key := number + ":" + kind + ":" + string(tk.Status) + ":" + strconv.Itoa(len(tk.Events))
		ent, err := e.queueOut(tx, c, "bot", text, kind, number, key, now, false)
		if errors.Is(err, store.ErrDuplicate) {
			return nil
		}
		if err != nil {
			return err
		}
		queued = append(queued, ent)
		if kind == "ask_rating" && c.State != domain.ConvAgent {
			c.State = domain.ConvRating
			c.RatingFor = number
			c.UpdatedAt = now
			if err := tx.PutConversation(c); err != nil {
				return err
			}
		}
		evs = append(evs, events.Event{Kind: events.Message, ConversationID: c.ID, MessageID: ent.MessageID, Ticket: number, State: string(c.State)})
		return nil
	})
	if err != nil {
		return err
	}
	e.afterCommit(queued, evs)
	return nil
}

// ExpireDrafts ends drafts idle for longer than the configured timeout and
// tells their citizens; it returns how many it ended.
func (e *Engine) ExpireDrafts(ctx context.Context) (int, error) {
	timeout := e.cfg.Bot.DraftTimeout.D()
	if timeout <= 0 {
		return 0, nil
	}
	now := e.now()
	var ids []string
	if err := e.st.ViewContext(ctx, func(tx *store.Tx) error {
		ids = tx.StaleDrafts(now.Add(-timeout), 100)
		return nil
	}); err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		_, err := e.agentOp(id, "system", "system", "", func(tx *store.Tx, c *domain.Conversation) ([]string, error) {
			if !e.isDrafting(c) || now.Sub(c.UpdatedAt) <= timeout {
				return nil, nil
			}
			c.State = domain.ConvIdle
			c.Draft = nil
			c.Asking = ""
			c.Asked = nil
			n++
			text, err := e.render(config.ReplyDraftExpired, config.ReplyData{})
			if err != nil {
				return nil, err
			}
			// A rating question that waited for the draft (Notify) is
			// asked now, as once the draft is registered or cancelled.
			tk, err := ratingWaiting(tx, c)
			if tk == nil || err != nil {
				return []string{text}, err
			}
			ask, err := e.render(config.ReplyAskRating, e.statusData(tk))
			if err != nil {
				return nil, err
			}
			c.State = domain.ConvRating
			return []string{text, ask}, nil
		})
		if err != nil && !errors.Is(err, inbound.ErrNotFound) {
			return n, err
		}
	}
	return n, nil
}

// Tickets returns work orders matching f.
func (e *Engine) Tickets(f store.TicketFilter) ([]*ticket.Ticket, error) {
	var out []*ticket.Ticket
	err := e.st.View(func(tx *store.Tx) error {
		var err error
		out, err = tx.Tickets(f)
		return err
	})
	return out, err
}

// Ticket returns one work order (ErrNotFound when there is none).
func (e *Engine) Ticket(number string) (*ticket.Ticket, error) {
	var out *ticket.Ticket
	err := e.st.View(func(tx *store.Tx) error {
		var err error
		out, err = tx.Ticket(number)
		if errors.Is(err, store.ErrNotFound) {
			return inbound.ErrNotFound
		}
		return err
	})
	return out, err
}
