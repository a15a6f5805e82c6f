package telegram

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/inbound"
)

// The agents' group: a forum supergroup where every conversation handed
// to a person gets its own topic. The watcher (Run) creates the topic when
// a conversation joins the queue and mirrors the citizen's messages into
// it; agents listed in Config.AgentIDs act with /take, /release and
// /close, and their text in a taken topic goes to the citizen.
//
// The mapping lives in the store's key-value area:
//
//	tg:topic:<message_thread_id> → conversation id
//	tg:conv:<conversation id>    → topicRecord (JSON)

// Topic icon colours that the Bot API accepts.
const (
	iconBlue = 7322096  // 0x6FB9F0
	iconRed  = 16478047 // 0xFB6F5F, emergencies
)

// historyLimit is how many earlier citizen messages a new topic shows.
const historyLimit = 10

// topicRecord is what the channel keeps about a conversation's topic.
type topicRecord struct {
	Thread int `json:"thread"`
	// QueuedAt is the hand-off the topic last announced; a later one is a
	// new request for a person in the same topic.
	QueuedAt time.Time `json:"queued_at,omitzero"`
	// Mirrored is the last message id of the conversation already looked
	// at; inbound messages after it still have to be posted.
	Mirrored uint64 `json:"mirrored"`
	Closed   bool   `json:"closed,omitempty"`
}

func topicKey(thread int) string   { return "tg:topic:" + strconv.Itoa(thread) }
func convKey(convID string) string { return "tg:conv:" + convID }

func (c *Channel) topicRecord(convID string) (*topicRecord, error) {
	raw, err := c.kv.GetKV(convKey(convID))
	if err != nil || raw == nil {
		return nil, err
	}
	var rec topicRecord
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, fmt.Errorf("telegram: unable to read the topic of %s: %w", convID, err)
	}
	return &rec, nil
}

func (c *Channel) putTopicRecord(convID string, rec *topicRecord) error {
	raw, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := c.kv.PutKV(convKey(convID), raw); err != nil {
		return fmt.Errorf("telegram: unable to save the topic of %s: %w", convID, err)
	}
	return nil
}

// updateTopic changes the record of convID under the lock.
func (c *Channel) updateTopic(convID string, fn func(*topicRecord)) error {
	c.topicMu.Lock()
	defer c.topicMu.Unlock()
	rec, err := c.topicRecord(convID)
	if err != nil || rec == nil {
		return err
	}
	fn(rec)
	return c.putTopicRecord(convID, rec)
}

// conversationOf returns the conversation a topic belongs to ("" if none).
func (c *Channel) conversationOf(thread int) (string, error) {
	raw, err := c.kv.GetKV(topicKey(thread))
	return string(raw), err
}

func watchFilter(ev events.Event) bool {
	return (ev.Kind == events.Queue && ev.State == string(domain.ConvQueued)) || ev.Kind == events.Message
}

// watch follows the engine's events until ctx ends. Work that fails (the
// Bot API is unreachable) is retried every RetryEvery.
func (c *Channel) watch(ctx context.Context, evs <-chan events.Event) {
	retry := map[string]bool{} // conversation id → needs its topic checked
	c.resync(ctx, retry)
	tick := time.NewTicker(c.RetryEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-evs:
			if !ok {
				return
			}
			queued := ev.Kind == events.Queue
			err := c.follow(ctx, ev.ConversationID, queued)
			switch {
			case err == nil:
			case errors.Is(err, tgbot.ErrorBadRequest), errors.Is(err, tgbot.ErrorForbidden):
				// Retrying cannot fix it: the bot is not an admin with
				// can_manage_topics, the group is not a forum, or the
				// topic was deleted.
				c.log.Error("telegram agents' group refused the bot; check its rights", "conversation", ev.ConversationID, "err", err)
			default:
				c.log.Warn("telegram agents' group: will retry", "conversation", ev.ConversationID, "err", err)
				retry[ev.ConversationID] = retry[ev.ConversationID] || queued
			}
		case <-tick.C:
			for id, queued := range retry {
				if err := c.follow(ctx, id, queued); err == nil {
					delete(retry, id)
				}
			}
		}
	}
}

// resync gives a topic to conversations that joined the queue while the
// watcher was not running.
func (c *Channel) resync(ctx context.Context, retry map[string]bool) {
	queue, err := c.eng.Queue(0)
	if err != nil {
		c.log.Warn("telegram agents' group: unable to read the queue", "err", err)
		return
	}
	for _, conv := range queue {
		if err := c.follow(ctx, conv.ID, true); err != nil {
			retry[conv.ID] = true
		}
	}
}

// follow brings the topic of a conversation up to date: with queued, it
// makes sure a waiting conversation has a topic (and announces a new
// hand-off in an existing one); then it posts the citizen's messages the
// topic has not shown yet.
func (c *Channel) follow(ctx context.Context, convID string, queued bool) error {
	if convID == "" {
		return nil
	}
	if queued {
		if err := c.ensureTopic(ctx, convID); err != nil {
			return err
		}
	}
	return c.mirror(ctx, convID)
}

// ensureTopic creates the topic of a conversation waiting in the queue,
// or reopens and notifies its existing one when this is a new hand-off.
func (c *Channel) ensureTopic(ctx context.Context, convID string) error {
	conv, _, err := c.eng.Conversation(convID, ^uint64(0))
	if errors.Is(err, inbound.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if conv.State != domain.ConvQueued {
		return nil
	}
	c.topicMu.Lock()
	rec, err := c.topicRecord(convID)
	c.topicMu.Unlock()
	if err != nil {
		return err
	}
	if rec != nil {
		if !rec.QueuedAt.Before(conv.QueuedAt) {
			return nil
		}
		if rec.Closed {
			cctx, cancel := c.callCtx(ctx)
			_, err := c.api.ReopenForumTopic(cctx, &tgbot.ReopenForumTopicParams{
				ChatID: c.cfg.AgentGroupID, MessageThreadID: rec.Thread,
			})
			cancel()
			if err != nil {
				c.log.Warn("telegram reopenForumTopic failed", "thread", rec.Thread, "err", err)
			}
		}
		if err := c.post(ctx, rec.Thread, c.text(c.texts.Again, config.AgentTextData{})+"\n"+c.texts.Help); err != nil {
			return err
		}
		return c.updateTopic(convID, func(r *topicRecord) { r.QueuedAt = conv.QueuedAt; r.Closed = false })
	}
	icon := iconBlue
	if conv.Emergency {
		icon = iconRed
	}
	cctx, cancel := c.callCtx(ctx)
	topic, err := c.api.CreateForumTopic(cctx, &tgbot.CreateForumTopicParams{
		ChatID: c.cfg.AgentGroupID, Name: c.topicName(conv), IconColor: icon,
	})
	cancel()
	if err != nil {
		return fmt.Errorf("telegram: unable to create a topic for %s: %w", convID, err)
	}
	_, msgs, err := c.eng.Conversation(convID, 0)
	if err != nil {
		return err
	}
	var fromCitizen []*domain.Message
	for _, m := range msgs {
		if m.Direction == domain.In {
			fromCitizen = append(fromCitizen, m)
		}
	}
	rec = &topicRecord{Thread: topic.MessageThreadID, QueuedAt: conv.QueuedAt}
	earlier := 0
	if len(fromCitizen) > historyLimit {
		earlier = len(fromCitizen) - historyLimit
		rec.Mirrored = fromCitizen[earlier-1].ID
	}
	c.topicMu.Lock()
	err = c.kv.PutKV(topicKey(topic.MessageThreadID), []byte(convID))
	if err == nil {
		err = c.putTopicRecord(convID, rec)
	}
	c.topicMu.Unlock()
	if err != nil {
		return err
	}
	return c.post(ctx, rec.Thread, c.header(conv, earlier))
}

// mirror posts the citizen's messages that the topic has not shown yet.
func (c *Channel) mirror(ctx context.Context, convID string) error {
	c.topicMu.Lock()
	rec, err := c.topicRecord(convID)
	c.topicMu.Unlock()
	if err != nil || rec == nil {
		return err
	}
	_, msgs, err := c.eng.Conversation(convID, rec.Mirrored)
	if err != nil || len(msgs) == 0 {
		return err
	}
	last := rec.Mirrored
	var postErr error
	for _, m := range msgs {
		if m.Direction == domain.In {
			if text := c.mirrorText(m); text != "" {
				if postErr = c.post(ctx, rec.Thread, text); postErr != nil {
					break
				}
			}
		}
		last = m.ID
	}
	if err := c.updateTopic(convID, func(r *topicRecord) { r.Mirrored = max(r.Mirrored, last) }); err != nil {
		return err
	}
	return postErr
}

// post writes text into a topic of the agents' group (0: General).
func (c *Channel) post(ctx context.Context, thread int, text string) error {
	for _, part := range split(text, maxText) {
		cctx, cancel := c.callCtx(ctx)
		_, err := c.api.SendMessage(cctx, &tgbot.SendMessageParams{
			ChatID: c.cfg.AgentGroupID, MessageThreadID: thread, Text: part,
		})
		cancel()
		if err != nil {
			return fmt.Errorf("telegram: unable to post to topic %d: %w", thread, err)
		}
	}
	return nil
}

// callCtx bounds one Bot API call; a call made while shutting down still
// finishes.
func (c *Channel) callCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), c.CallTimeout)
}

// channelLabel names a channel for agents.
func (c *Channel) channelLabel(ch string) string {
	if l, ok := c.labels[ch]; ok {
		return l
	}
	return ch
}

// shortID is a stable 6-character tag of a conversation, so agents can
// tell topics apart without seeing the citizen's id.
func shortID(convID string) string {
	sum := sha256.Sum256([]byte(convID))
	return hex.EncodeToString(sum[:3])
}

// topicName is "12345·微信·#a1b2c3 " and the first words of the request,
// within Telegram's 128 characters.
func (c *Channel) topicName(conv *domain.Conversation) string {
	name := "12345·" + c.channelLabel(conv.Channel) + "·#" + shortID(conv.ID)
	if conv.Emergency {
		name = "🚨" + name
	}
	first := conv.FirstText
	if first == "" && conv.Draft != nil {
		first = conv.Draft.Title
	}
	first = strings.Join(strings.Fields(first), " ")
	if first != "" {
		if utf8.RuneCountInString(first) > 20 {
			first = string([]rune(first)[:20]) + "…"
		}
		name += " " + first
	}
	if utf8.RuneCountInString(name) > 128 {
		name = string([]rune(name)[:128])
	}
	return name
}

// header is the first post of a new topic.
func (c *Channel) header(conv *domain.Conversation, earlier int) string {
	data := config.AgentTextData{ID: shortID(conv.ID), Channel: c.channelLabel(conv.Channel), Emergency: conv.Emergency, Earlier: earlier}
	if d := conv.Draft; d != nil {
		data.Title, data.Category, data.District = d.Title, d.Category, d.District
		if name, ok := c.cats[d.Category]; ok {
			data.Category = name
		}
	}
	if why := conv.EmergencyReason; conv.Emergency {
		if why == nil && conv.Draft != nil {
			why = conv.Draft.EmergencyReason // flagged before conversations kept it
		}
		data.Reason = why.Text(c.names)
	} else if d := conv.Draft; d != nil && d.EmergencyReason != nil && d.EmergencyReason.SetAside {
		data.SetAside = d.EmergencyReason.Text(c.names) // the veto set a rule's flag aside: the agent checks it
	}
	return c.text(c.texts.Header, data) + c.texts.Help
}

// mirrorText is how a citizen's message appears in the topic.
func (c *Channel) mirrorText(m *domain.Message) string {
	var parts []string
	if t := strings.TrimSpace(m.Text); t != "" {
		parts = append(parts, t)
	}
	for _, md := range m.Media {
		switch md.Kind {
		case "image":
			parts = append(parts, c.texts.Image)
		case "voice":
			parts = append(parts, c.texts.Voice)
		case "video":
			parts = append(parts, c.texts.Video)
		default:
			parts = append(parts, c.texts.File)
		}
	}
	if l := m.Location; l != nil {
		loc := fmt.Sprintf("%.5f, %.5f", l.Lat, l.Lng)
		if l.Label != "" {
			loc += " " + l.Label
		}
		parts = append(parts, c.text(c.texts.Location, config.AgentTextData{Location: loc}))
	}
	if len(parts) == 0 {
		return ""
	}
	return c.text(c.texts.Citizen, config.AgentTextData{Text: strings.Join(parts, "\n")})
}

// agentName is how an agent from the group appears in the engine.
func agentName(u *models.User) string {
	if u.Username != "" {
		return "tg:" + u.Username
	}
	return "tg:" + strconv.FormatInt(u.ID, 10)
}

// agentMessage handles a message written in the agents' group.
func (c *Channel) agentMessage(ctx context.Context, m *models.Message) error {
	if m.From == nil || m.From.IsBot {
		return nil
	}
	key := strconv.FormatInt(m.Chat.ID, 10) + ":" + strconv.Itoa(m.ID)
	if c.recent.has(key) {
		return nil
	}
	err := c.agentAct(ctx, m)
	if err == nil {
		c.recent.add(key)
	}
	return err
}

func (c *Channel) agentAct(ctx context.Context, m *models.Message) error {
	text := strings.TrimSpace(m.Text)
	if text == "" {
		text = strings.TrimSpace(m.Caption)
	}
	cmd, _ := command(text)
	thread := 0
	if m.IsTopicMessage {
		thread = m.MessageThreadID
	}
	convID := ""
	if thread != 0 {
		var err error
		if convID, err = c.conversationOf(thread); err != nil {
			return err
		}
	}
	if convID == "" {
		// General, or a topic of the group's own: only commands are answered.
		if cmd != "" {
			c.tell(ctx, thread, c.texts.WrongTopic)
		}
		return nil
	}
	if !c.agents[m.From.ID] {
		c.tell(ctx, thread, c.texts.NotAgent)
		return nil
	}
	agent := agentName(m.From)
	// The group's agents hold conversations, and are audited, as
	// "tg:"+username (agentName): the prefix is already the name's.
	ctx = inbound.WithActor(ctx, agent)
	switch {
	case cmd == "take":
		_, err := c.eng.Take(ctx, convID, agent)
		switch {
		case errors.Is(err, inbound.ErrHeld):
			c.tell(ctx, thread, c.text(c.texts.Held, config.AgentTextData{Holder: c.holder(convID)}))
		case err == nil:
			c.tell(ctx, thread, c.text(c.texts.Taken, config.AgentTextData{Agent: agent}))
		default:
			return c.opError(ctx, thread, err)
		}
	case cmd == "release":
		_, err := c.eng.Release(ctx, convID, agent)
		switch {
		case errors.Is(err, inbound.ErrNotHeld):
			c.tell(ctx, thread, c.texts.NotHeld)
		case err == nil:
			c.tell(ctx, thread, c.text(c.texts.Released, config.AgentTextData{Agent: agent}))
		default:
			return c.opError(ctx, thread, err)
		}
	case cmd == "close":
		_, err := c.eng.Close(ctx, convID, agent)
		switch {
		case errors.Is(err, inbound.ErrHeld):
			c.tell(ctx, thread, c.text(c.texts.CloseHeld, config.AgentTextData{Holder: c.holder(convID)}))
		case err == nil:
			c.tell(ctx, thread, c.text(c.texts.Closed, config.AgentTextData{Agent: agent}))
			cctx, cancel := c.callCtx(ctx)
			_, err := c.api.CloseForumTopic(cctx, &tgbot.CloseForumTopicParams{
				ChatID: c.cfg.AgentGroupID, MessageThreadID: thread,
			})
			cancel()
			if err != nil {
				c.log.Warn("telegram closeForumTopic failed", "thread", thread, "err", err)
			}
			if err := c.updateTopic(convID, func(r *topicRecord) { r.Closed = true }); err != nil {
				c.log.Warn("telegram topic record not updated", "err", err)
			}
		default:
			return c.opError(ctx, thread, err)
		}
	case cmd != "" || strings.HasPrefix(text, "/"):
		c.tell(ctx, thread, c.texts.Help)
	case text == "":
		c.tell(ctx, thread, c.texts.TextOnly)
	default:
		_, err := c.eng.Reply(ctx, convID, agent, text)
		var ie *inbound.InputError
		switch {
		case errors.Is(err, inbound.ErrNotHeld):
			c.tell(ctx, thread, c.texts.TakeFirst)
		case errors.As(err, &ie):
			c.tell(ctx, thread, c.text(c.texts.NotSent, config.AgentTextData{Error: ie.Msg}))
		case err != nil:
			return c.opError(ctx, thread, err)
		}
	}
	return nil
}

// opError answers an agent operation that failed: a vanished conversation
// is told in the topic, anything else is retried by Telegram.
func (c *Channel) opError(ctx context.Context, thread int, err error) error {
	if errors.Is(err, inbound.ErrNotFound) {
		c.tell(ctx, thread, c.texts.Gone)
		return nil
	}
	return fmt.Errorf("telegram: agent operation failed: %w", err)
}

// holder names the agent holding a conversation.
func (c *Channel) holder(convID string) string {
	conv, _, err := c.eng.Conversation(convID, ^uint64(0))
	if err != nil || conv.Agent == "" {
		return c.texts.OtherAgent
	}
	return c.text(c.texts.Agent, config.AgentTextData{Agent: conv.Agent})
}

// tell answers in a topic; a failure is only logged (the agent's action
// itself has been done).
func (c *Channel) tell(ctx context.Context, thread int, text string) {
	if err := c.post(ctx, thread, text); err != nil {
		c.log.Warn("telegram agents' group: answer not posted", "thread", thread, "err", err)
	}
}

// text fills the agents' text tmpl (agent_texts, checked by config
// check) with data.
func (c *Channel) text(tmpl string, data config.AgentTextData) string {
	t, err := template.New("agent_text").Parse(tmpl)
	if err != nil {
		c.log.Error("bad agent_texts template", "err", err)
		return tmpl
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		c.log.Error("agent_texts template failed", "err", err)
		return tmpl
	}
	return b.String()
}
