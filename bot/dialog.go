package bot

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hotline/config"
	"hotline/domain"
	"hotline/duty"
	"hotline/events"
	"hotline/nlp"
	"hotline/store"
	"hotline/ticket"
)

// Slots the bot asks for.
const (
	askProblem = "problem"
	askPlace   = "place"
	askPhone   = "phone"
	askAmend   = "amend"
	// askCancel: 取消 of the conversation's last order waits for a yes.
	askCancel = "cancel"
)

// turn is one message's pass through the dialog, inside the transaction.
type turn struct {
	e      *Engine
	tx     *store.Tx
	now    time.Time
	m      Message
	conv   *store.Conversation
	cit    *store.Citizen
	in     *store.Message
	res    *Result
	events *[]events.Event
	n      int // replies queued so far
	// passive: the channel answers in-request (Message.PassiveBy not yet
	// passed), so replies are recorded as sent by that answer.
	passive bool
}

func (e *Engine) handleTx(tx *store.Tx, m Message, convID string, cached *store.Conversation, raw []byte, cls classification, res *Result, evs *[]events.Event) error {
	now := m.ReceivedAt
	if m.ExternalID != "" {
		key := m.Channel + ":" + m.ExternalID
		if tx.Seen(key, now) {
			res.Duplicate = true
			return nil
		}
		ttl := e.cfg.Bot.DedupeTTL.D()
		if ttl < 24*time.Hour {
			ttl = 24 * time.Hour
		}
		if err := tx.MarkSeen(key, now.Add(ttl)); err != nil {
			return err
		}
	}
	conv, err := tx.ConversationSince(convID, cached, raw)
	created := false
	switch {
	case errors.Is(err, store.ErrNotFound) && m.ConversationID != "" && !m.Create:
		return &InputError{"unknown_conversation", "会话不存在：" + m.ConversationID + " (unknown conversation)"}
	case errors.Is(err, store.ErrNotFound):
		conv = &store.Conversation{ID: convID, Channel: m.Channel, UserID: m.UserID, State: store.ConvIdle, CreatedAt: now}
		created = true
	case err != nil:
		return err
	}
	cit, err := e.citizen(tx, m.Channel, m.UserID, m.Phone, m.Name, now)
	if err != nil {
		return err
	}
	conv.CitizenID = cit.ID
	if created && m.Welcomed && m.Event == "" {
		// The client showed the welcome when it opened the conversation;
		// the transcript keeps it before the citizen's first words.
		text, err := e.render("welcome", nil)
		if err != nil {
			return err
		}
		ent, err := e.queueOut(tx, conv, "bot", text, "reply", "", conv.ID+":welcome", now, false)
		if err != nil {
			return err
		}
		res.Replies = append(res.Replies, ent)
	}
	conv.LastInbound = now
	in := &store.Message{
		ConversationID: convID, Direction: store.In, Sender: "citizen", Channel: m.Channel,
		Text: m.Text, Location: m.Location, ExternalID: m.ExternalID, At: now,
	}
	for _, md := range m.Media {
		in.Media = append(in.Media, store.MediaRef{Kind: md.Kind, ID: md.ID, URL: md.URL})
	}
	// A bare platform event (subscribe, start) is not a message of the
	// citizen's: only its effects are recorded.
	if m.Text != "" || len(in.Media) > 0 || m.Location != nil || m.Event == "" {
		if err := tx.AddMessage(in); err != nil {
			return err
		}
		res.MessageID = in.ID
	}
	t := &turn{e: e, tx: tx, now: now, m: m, conv: conv, cit: cit, in: in, res: res, events: evs,
		passive: !m.PassiveBy.IsZero() && e.now().Before(m.PassiveBy)}
	wasQueued := conv.State == store.ConvQueued
	if err := t.step(cls); err != nil {
		return err
	}
	if wasQueued && conv.State != store.ConvQueued {
		// The citizen left the agents' queue (取消): the desk must hear of it.
		*evs = append(*evs, events.Event{Kind: events.Queue, ConversationID: convID, State: string(conv.State)})
	}
	if t.passive && len(res.Replies) > 0 {
		if err := t.settlePassive(); err != nil {
			return err
		}
	}
	conv.UpdatedAt = now
	if err := tx.PutConversation(conv); err != nil {
		return err
	}
	*evs = append(*evs, events.Event{Kind: events.Message, ConversationID: convID, MessageID: res.MessageID, State: string(conv.State)})
	return nil
}

// citizen finds or creates the citizen behind channel/user and records a
// phone number and name the channel knows.
func (e *Engine) citizen(tx *store.Tx, channel, userID, phone, name string, now time.Time) (*store.Citizen, error) {
	c, err := tx.CitizenByIdentity(channel, userID)
	isNew := false
	if errors.Is(err, store.ErrNotFound) && phone != "" {
		if c, err = tx.CitizenByPhone(phone); err == nil {
			c.Identities = append(c.Identities, store.Identity{Channel: channel, UserID: userID})
			isNew = true
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		isNew = true
		id, err := tx.NewCitizenID()
		if err != nil {
			return nil, err
		}
		c = &store.Citizen{ID: id, Identities: []store.Identity{{Channel: channel, UserID: userID}}, CreatedAt: now}
	} else if err != nil {
		return nil, err
	}
	if c.MergedInto != "" {
		if c, err = tx.Citizen(c.MergedInto); err != nil {
			return nil, err
		}
	}
	before := c.Phones
	if phone != "" && !slices.Contains(c.Phones, phone) {
		if c, err = e.linkPhone(tx, c, phone); err != nil {
			return nil, err
		}
	}
	changed := isNew || phone != "" && !slices.Contains(before, phone)
	if name != "" && c.Name == "" {
		c.Name = name
		changed = true
	}
	// The exact time of the last message lives on the conversation (the
	// WeChat 48-hour window uses it); the citizen keeps a coarse one, so
	// that a chat does not rewrite the citizen with every message.
	if c.LastInbound == nil {
		c.LastInbound = map[string]time.Time{}
	}
	if now.Sub(c.LastInbound[channel]) > time.Hour {
		c.LastInbound[channel] = now
		changed = true
	}
	if !changed {
		return c, nil
	}
	return c, tx.PutCitizen(c)
}

// linkPhone adds phone to c. When another citizen already has that number
// they are the same person: c is folded into the other one, which keeps
// all identities, so follow-ups on any channel find every order.
func (e *Engine) linkPhone(tx *store.Tx, c *store.Citizen, phone string) (*store.Citizen, error) {
	other, err := tx.CitizenByPhone(phone)
	if errors.Is(err, store.ErrNotFound) || (err == nil && other.ID == c.ID) {
		c.Phones = append(c.Phones, phone)
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	if other.MergedInto != "" {
		if other, err = tx.Citizen(other.MergedInto); err != nil {
			return nil, err
		}
	}
	for _, id := range c.Identities {
		if !slices.Contains(other.Identities, id) {
			other.Identities = append(other.Identities, id)
		}
	}
	for _, p := range c.Phones {
		if !slices.Contains(other.Phones, p) {
			other.Phones = append(other.Phones, p)
		}
	}
	other.Merged = append(other.Merged, c.ID)
	other.Merged = append(other.Merged, c.Merged...)
	if other.Name == "" {
		other.Name = c.Name
	}
	for ch, at := range c.LastInbound {
		if other.LastInbound == nil {
			other.LastInbound = map[string]time.Time{}
		}
		if at.After(other.LastInbound[ch]) {
			other.LastInbound[ch] = at
		}
	}
	old := *c
	old.MergedInto = other.ID
	if err := tx.PutCitizen(&old); err != nil {
		return nil, err
	}
	return other, nil
}

func (t *turn) step(cls classification) error {
	conv := t.conv
	if t.m.Event == "unsubscribe" {
		if !slices.Contains(t.cit.OptOut, t.m.Channel) {
			t.cit.OptOut = append(t.cit.OptOut, t.m.Channel)
		}
		return t.tx.PutCitizen(t.cit)
	}
	// Writing again (or following the account again) undoes an opt-out on
	// this channel: the citizen wants an answer.
	if i := slices.Index(t.cit.OptOut, t.m.Channel); i >= 0 {
		t.cit.OptOut = slices.Delete(t.cit.OptOut, i, i+1)
		if err := t.tx.PutCitizen(t.cit); err != nil {
			return err
		}
	}
	switch t.m.Event {
	case "subscribe", "start":
		return t.reply("welcome", nil)
	}
	if t.e.expired(conv) {
		if err := t.expireDraft(); err != nil {
			return err
		}
	}
	t.keepMedia()
	if conv.State == store.ConvAgent {
		// The agent holds the chat: the bot stays silent.
		return nil
	}
	text := t.m.Text
	if cmd, arg := t.e.command(text); cmd != "" {
		return t.command(cmd, arg)
	}
	if cls.ok && cls.res.Emergency != nil {
		return t.emergency(cls.res)
	}
	if conv.Asking == askCancel {
		if ok, err := t.answerCancel(text); ok || err != nil {
			return err
		}
	}
	if domain.IsGreeting(text) && t.underway() {
		return t.greetAgain()
	}
	if text == "" && conv.State == store.ConvCollecting && (conv.Asking == askPhone || conv.Asking == askPlace && conv.Draft != nil && conv.Draft.Location == nil) {
		// A photo (or a location where a phone number is asked): kept
		// with the draft (keepMedia); the question is still open.
		if err := t.reply("media_received", nil); err != nil {
			return err
		}
		return t.reply("ask_"+conv.Asking, nil)
	}
	switch conv.State {
	case store.ConvQueued:
		// Waiting for a person: keep what the citizen adds for the agent.
		if conv.Draft != nil && text != "" {
			conv.Draft.Description = appendText(conv.Draft.Description, text)
		}
		if t.conv.Asked["queued_ack"] == 0 {
			t.ask("queued_ack")
			return t.reply("to_agent", nil)
		}
		return nil
	case store.ConvRating:
		if ok, err := t.rating(text); ok || err != nil {
			return err
		}
		conv.State = store.ConvIdle
	case store.ConvKB:
		if notHelpful(text) {
			return t.queue("not_helpful")
		}
		conv.State = store.ConvIdle
	case store.ConvConfirming:
		switch {
		case matchWord(text, t.e.cfg.Bot.ConfirmWords):
			return t.register()
		case matchWord(text, t.e.cfg.Bot.DenyWords):
			conv.State = store.ConvCollecting
			conv.Asking = askAmend
			return t.reply("ask_amend", nil)
		}
		// Anything else amends the draft.
		return t.amend(cls)
	case store.ConvCollecting:
		if t.e.yesOrNo(text) && (conv.Asking == askPlace || conv.Asking == askPhone) {
			// "好的" is no place and no phone number: ask again.
			return t.reply("ask_"+conv.Asking, nil)
		}
		switch conv.Asking {
		case askPlace:
			return t.answerPlace(cls)
		case askPhone:
			return t.answerPhone(cls)
		default:
			return t.amend(cls)
		}
	}
	// Nothing in progress here: a bare 1/2/3 may answer a rating question
	// that went to this number on this channel.
	if ok, err := t.ratingAway(text); ok || err != nil {
		return err
	}
	if t.e.yesOrNo(text) {
		// Nothing waits for a yes or no: a "确认" is not a problem.
		return t.reply("ask_problem", nil)
	}
	return t.newProblem(cls)
}

// underway reports whether the conversation is past its opening: a
// greeting then gets a short answer, not the whole welcome again. A
// conversation waiting for a person or a rating is left to its state.
func (t *turn) underway() bool {
	conv := t.conv
	switch conv.State {
	case store.ConvQueued, store.ConvRating, store.ConvAgent:
		return false
	}
	return !conv.CreatedAt.Equal(t.now) || t.m.Welcomed
}

// greetAgain answers a greeting in a conversation under way, and asks
// again what the bot was asking.
func (t *turn) greetAgain() error {
	conv := t.conv
	if err := t.reply("greeting_again", nil); err != nil {
		return err
	}
	switch {
	case conv.State == store.ConvCollecting && conv.Asking != "":
		return t.reply("ask_"+conv.Asking, nil)
	case conv.State == store.ConvConfirming && conv.Draft != nil:
		return t.reply("confirm", map[string]any{"Summary": t.e.summary(conv.Draft)})
	}
	return nil
}

// yesOrNo reports a bare confirmation or denial word.
func (e *Engine) yesOrNo(text string) bool {
	return matchWord(text, e.cfg.Bot.ConfirmWords) || matchWord(text, e.cfg.Bot.DenyWords)
}

func appendText(desc, text string) string {
	if desc == "" {
		return text
	}
	return desc + "\n" + text
}

func notHelpful(text string) bool {
	for _, w := range []string{"没解决", "没有解决", "没帮助", "没有帮助", "不行", "没用", "不满意", "还是不懂", "不明白"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// newProblem starts a draft from a citizen's first description.
func (t *turn) newProblem(cls classification) error {
	conv := t.conv
	if !cls.ok {
		if t.m.Text == "" {
			// A bare image or location with nothing in progress.
			return t.reply("ask_problem", nil)
		}
		return t.queue("to_agent")
	}
	r := cls.res
	text := t.m.Text
	if domain.IsGreeting(text) {
		return t.reply("welcome", nil)
	}
	if r.OutOfScope != nil {
		return t.reply("not_ours", map[string]any{"Channel": r.OutOfScope.Channel})
	}
	d := &ticket.Ticket{
		Channel: t.m.Channel, CitizenID: t.cit.ID, ConversationID: conv.ID, Name: t.cit.Name,
		Description: text, Status: ticket.Draft, ReceivedAt: t.now,
	}
	t.adopt(d)
	conv.Draft = d
	conv.FirstText = text
	conv.Asked = nil
	t.apply(d, r)
	if r.Type == ticket.TypeConsult && t.e.kb != nil {
		entry, score, ok := cls.kbEntry, cls.kbScore, cls.kbOK
		if !cls.kbDone {
			entry, score, ok = t.e.kb.Best(text, t.e.cfg.NLP.KB.Threshold)
		}
		if ok {
			return t.answerFromKB(d, entry, score)
		}
	}
	if r.Confidence[nlp.FieldCategory] < t.e.minConfidence() {
		if utf8.RuneCountInString(text) < 8 && t.conv.Asked[askProblem] == 0 {
			conv.State = store.ConvCollecting
			conv.Asking = askProblem
			t.ask(askProblem)
			return t.reply("ask_problem", nil)
		}
		return t.queue("to_agent")
	}
	return t.next()
}

func (e *Engine) minConfidence() float64 {
	if e.cfg.NLP.MinConfidence > 0 {
		return e.cfg.NLP.MinConfidence
	}
	return e.cfg.Bot.MinConfidence
}

// amend adds the citizen's words to the draft and classifies it again.
func (t *turn) amend(cls classification) error {
	d := t.conv.Draft
	if d == nil {
		return t.newProblem(cls)
	}
	if t.conv.Asking == askAmend && cls.aloneOK && t.amendFields(d, cls.alone) {
		t.conv.Asking = ""
		return t.next()
	}
	if t.m.Text != "" {
		d.Description = appendText(d.Description, t.m.Text)
	}
	if cls.ok && cls.combined {
		t.apply(d, cls.res)
	}
	if t.conv.Asking == askProblem && (!cls.ok || cls.res.Confidence[nlp.FieldCategory] < t.e.minConfidence()) {
		return t.queue("to_agent")
	}
	return t.next()
}

// placeWords start an amendment that gives the place: 地址是…, 在….
var placeWords = []string{"地址", "地点", "位置", "具体位置", "在", "位于", "改成", "改为", "应该是", "是"}

// amendFields takes an amendment after 修改 (r is its own
// classification) that only gives a new place or phone number: it
// replaces the old one, the description and the category stay. It
// reports whether it did.
func (t *turn) amendFields(d *ticket.Ticket, r nlp.Result) bool {
	text := strings.TrimSpace(t.m.Text)
	rest := text
	for _, p := range r.Phones {
		rest = strings.ReplaceAll(rest, p, "")
	}
	if len(r.Phones) > 0 && utf8.RuneCountInString(strings.Trim(rest, " ，,。.:：电话号码手机联系方式是改为成")) <= 4 {
		d.Phone = r.Phones[0]
		return true
	}
	hasPlace := r.Address != "" || r.District != "" || r.Town != ""
	prefixed := false
	for _, w := range placeWords {
		if strings.HasPrefix(text, w) {
			prefixed = true
			break
		}
	}
	if !hasPlace || !prefixed && r.Confidence[nlp.FieldCategory] >= t.e.minConfidence() {
		return false
	}
	old := d.Address
	if r.District != "" {
		d.District, d.Town = r.District, r.Town
		if d.Confidence == nil {
			d.Confidence = map[string]float64{}
		}
		d.Confidence[nlp.FieldDistrict] = r.Confidence[nlp.FieldDistrict]
	}
	if r.Address != "" {
		d.Address = r.Address
	}
	if old != "" && d.Address != old && strings.Contains(d.Title, old) {
		d.Title = strings.Replace(d.Title, old, d.Address, 1)
	}
	t.route(d)
	return true
}

// apply copies classifier fields onto the draft without erasing what the
// citizen already told.
func (t *turn) apply(d *ticket.Ticket, r nlp.Result) {
	if r.Category != "" && d.EmergencyNumber == "" {
		d.Category = r.Category
	}
	if r.Type != "" {
		d.Type = r.Type
	}
	if r.Title != "" {
		d.Title = r.Title
	}
	if r.Urgency != "" {
		d.Urgency = r.Urgency
	}
	if r.District != "" {
		d.District = r.District
	}
	if r.Town != "" {
		d.Town = r.Town
	}
	if r.Address != "" {
		d.Address = r.Address
	}
	if r.Name != "" && d.Name == "" {
		d.Name = r.Name
	}
	if len(r.Phones) > 0 && d.Phone == "" {
		d.Phone = r.Phones[0]
	}
	if d.Confidence == nil {
		d.Confidence = map[string]float64{}
	}
	for k, v := range r.Confidence {
		d.Confidence[k] = v
	}
	t.route(d)
}

func (t *turn) route(d *ticket.Ticket) { t.e.fill(d) }

// fill routes d and gives it the defaults an order needs (category QT,
// type 求助, urgency 一般, a title from the description). An emergency
// order takes category and department from its emergency rule, never
// from the category model.
func (e *Engine) fill(d *ticket.Ticket) {
	if d.EmergencyNumber != "" {
		d.Category, d.Department = e.cfg.EmergencyRoute(d.EmergencyNumber)
	}
	if d.Category == "" {
		d.Category = "QT"
	}
	if d.EmergencyNumber == "" {
		d.Department = ticket.Route(e.cfg, d.Category, d.District)
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
}

// keepMedia keeps the message's media and shared location: on the draft
// when there is one, else on the conversation until there is.
func (t *turn) keepMedia() {
	if len(t.m.Media) == 0 && t.m.Location == nil {
		return
	}
	conv := t.conv
	for _, md := range t.m.Media {
		ref := md.Kind + ":" + md.ID
		if md.URL != "" {
			ref += " " + md.URL
		}
		conv.Pending = append(conv.Pending, ref)
	}
	if t.m.Location != nil {
		loc := *t.m.Location
		conv.PendingLocation = &loc
	}
	if conv.Draft != nil {
		t.adopt(conv.Draft)
	}
}

// adopt moves what keepMedia kept onto d: attachments, and the location
// as the order's place.
func (t *turn) adopt(d *ticket.Ticket) {
	conv := t.conv
	d.Attachments = append(d.Attachments, conv.Pending...)
	conv.Pending = nil
	if loc := conv.PendingLocation; loc != nil {
		d.Location = loc
		if d.Address == "" && loc.Label != "" {
			d.Address = loc.Label
		}
		conv.PendingLocation = nil
	}
}

func (t *turn) ask(slot string) {
	if t.conv.Asked == nil {
		t.conv.Asked = map[string]int{}
	}
	t.conv.Asked[slot]++
}

// next asks for the first missing slot, or shows the summary.
func (t *turn) next() error {
	d, conv := t.conv.Draft, t.conv
	conv.State = store.ConvCollecting
	needPlace := d.Address == "" && d.Location == nil
	if !needPlace && d.District == "" && d.Location == nil && t.territorial(d.Category) {
		needPlace = true
	}
	if needPlace && conv.Asked[askPlace] < 2 {
		conv.Asking = askPlace
		t.ask(askPlace)
		return t.reply("ask_place", nil)
	}
	if d.Phone == "" && len(t.cit.Phones) > 0 {
		d.Phone = t.cit.Phones[0]
	}
	if d.Phone == "" {
		d.Phone = t.cit.Contact
	}
	if d.Phone == "" && conv.Asked[askPhone] < 2 && conv.Asked["declined_phone"] == 0 {
		conv.Asking = askPhone
		t.ask(askPhone)
		return t.reply("ask_phone", nil)
	}
	conv.State = store.ConvConfirming
	conv.Asking = ""
	return t.reply("confirm", map[string]any{"Summary": t.e.summary(d)})
}

func (t *turn) territorial(code string) bool {
	c, ok := t.e.cfg.Category(code)
	return ok && c.Department == config.Territorial
}

func (t *turn) answerPlace(cls classification) error {
	d := t.conv.Draft
	if cls.ok {
		r := cls.res
		if r.District != "" {
			d.District = r.District
			d.Town = r.Town
		}
		if r.Address != "" {
			d.Address = r.Address
		}
		if len(r.Phones) > 0 && d.Phone == "" {
			d.Phone = r.Phones[0]
		}
	}
	if d.Address == "" && d.Location == nil {
		if n := utf8.RuneCountInString(t.m.Text); n >= 2 && n <= 200 {
			d.Address = t.m.Text
		}
	} else if d.Address != "" && !strings.Contains(d.Address, t.m.Text) && utf8.RuneCountInString(t.m.Text) <= 60 && cls.ok && cls.res.Address == "" && cls.res.District == "" {
		d.Address = t.m.Text
	}
	t.route(d)
	return t.next()
}

func (t *turn) answerPhone(cls classification) error {
	d := t.conv.Draft
	if cls.ok && len(cls.res.Phones) > 0 {
		// A typed number is where to reach the citizen about this order;
		// nobody proved it is theirs, so it links no identities (else
		// typing a stranger's number would show the stranger's orders).
		d.Phone = cls.res.Phones[0]
		if t.cit.Contact != d.Phone {
			t.cit.Contact = d.Phone
			if err := t.tx.PutCitizen(t.cit); err != nil {
				return err
			}
		}
		return t.next()
	}
	if declines(t.m.Text) {
		t.ask("declined_phone")
		return t.next()
	}
	if t.conv.Asked[askPhone] >= 2 {
		t.ask("declined_phone")
		return t.next()
	}
	t.ask(askPhone)
	return t.reply("bad_phone", nil)
}

func declines(text string) bool {
	for _, w := range []string{"不方便", "不留", "不想留", "匿名", "不用", "没有电话", "不提供", "保密"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// register turns the confirmed draft into an accepted, routed order.
func (t *turn) register() error {
	d := t.conv.Draft
	if d == nil {
		return t.reply("nothing_to_cancel", nil)
	}
	if err := t.e.accept(t.tx, d, t.now, "citizen", "市民确认，机器人受理", true); err != nil {
		return err
	}
	reply, err := t.e.dispatchNew(t.tx, d, t.now)
	if err != nil {
		return err
	}
	t.conv.Orders = append(t.conv.Orders, d.Number)
	t.conv.Draft = nil
	t.conv.State = store.ConvIdle
	t.conv.Asking = ""
	t.conv.Asked = nil
	*t.events = append(*t.events, events.Event{Kind: events.Ticket, ConversationID: t.conv.ID, Ticket: d.Number, State: string(d.Status)})
	return t.reply(reply, t.e.registeredData(d))
}

// accept registers draft d as an accepted order (受理): its number, the
// transition, the deadlines, the store. route fills in and routes the
// order first (Engine.fill); an agent's registration routes it itself.
func (e *Engine) accept(tx *store.Tx, d *ticket.Ticket, now time.Time, actor, note string, route bool) error {
	num, err := tx.NextTicketNumber(now.In(e.loc))
	if err != nil {
		return err
	}
	d.Number = num
	if route {
		e.fill(d)
	}
	if err := d.Transition(ticket.Accepted, ticket.Event{At: now, Actor: actor, Action: "accept", Note: note}); err != nil {
		return err
	}
	cat, _ := e.cfg.Category(d.Category)
	d.SignDue, d.Due = ticket.Deadlines(e.cal, e.cfg.TimeLimits, cat, d.Type, d.Urgency, now)
	return tx.PutTicket(d)
}

// dispatchNew hands the order just accepted to the Dispatcher (直派) and
// returns the reply that tells the citizen the truth: "registered" (sent
// to its department, with the deadline that holds) or "registered_held"
// (the office will dispatch it).
func (e *Engine) dispatchNew(tx *store.Tx, d *ticket.Ticket, now time.Time) (string, error) {
	if e.dispatcher == nil {
		return "registered_held", nil
	}
	ok, _, err := e.dispatcher.AutoDispatch(tx, d, now)
	if err != nil || !ok {
		return "registered_held", err
	}
	return "registered", nil
}

func (e *Engine) registeredData(d *ticket.Ticket) map[string]any {
	return map[string]any{"Number": d.Number, "Department": d.Department, "Due": e.formatDue(d.Due)}
}

// answerFromKB answers a consultation from the knowledge base and records
// it as answered directly (直接答复).
func (t *turn) answerFromKB(d *ticket.Ticket, entry nlp.KBEntry, score float64) error {
	num, err := t.tx.NextTicketNumber(t.now.In(t.e.loc))
	if err != nil {
		return err
	}
	d.Number = num
	if entry.Category != "" {
		if _, ok := t.e.cfg.Category(entry.Category); ok {
			d.Category = entry.Category
		}
	}
	t.route(d)
	if entry.Department != "" {
		if _, ok := t.e.cfg.Department(entry.Department); ok {
			d.Department = entry.Department
		}
	}
	d.Reply = entry.Answer
	if err := d.Transition(ticket.Accepted, ticket.Event{At: t.now, Actor: "bot", Action: "accept"}); err != nil {
		return err
	}
	if err := d.Transition(ticket.Answered, ticket.Event{At: t.now, Actor: "bot", Action: "answer",
		Note: fmt.Sprintf("知识库 %s 直接答复（匹配度 %.2f）", entry.ID, score)}); err != nil {
		return err
	}
	if err := t.tx.PutTicket(d); err != nil {
		return err
	}
	t.conv.Orders = append(t.conv.Orders, num)
	t.conv.Draft = nil
	t.conv.State = store.ConvKB
	t.conv.KBEntry = entry.ID
	t.conv.Asking = ""
	*t.events = append(*t.events, events.Event{Kind: events.Ticket, ConversationID: t.conv.ID, Ticket: num, State: string(d.Status)})
	return t.reply("kb_answer", map[string]any{"Answer": entry.Answer, "Number": num, "Question": entry.Question})
}

func (t *turn) emergency(r nlp.Result) error {
	conv := t.conv
	if conv.Draft == nil {
		d := &ticket.Ticket{
			Channel: t.m.Channel, CitizenID: t.cit.ID, ConversationID: conv.ID, Name: t.cit.Name,
			Description: t.m.Text, Status: ticket.Draft, ReceivedAt: t.now,
		}
		conv.Draft = d
		t.adopt(d)
		t.apply(d, r)
	} else if t.m.Text != "" && !strings.Contains(conv.Draft.Description, t.m.Text) {
		conv.Draft.Description = appendText(conv.Draft.Description, t.m.Text)
	}
	conv.Draft.Urgency = ticket.UrgencyEmergency
	conv.Draft.Flags.Emergency = true
	if conv.Draft.EmergencyNumber == "" {
		conv.Draft.EmergencyNumber = r.Emergency.Number
		t.route(conv.Draft)
	}
	conv.Emergency = true
	if err := t.enqueueText(r.Emergency.Reply, "emergency"); err != nil {
		return err
	}
	return t.toQueue()
}

// queue hands the conversation to the agents with the reply named.
func (t *turn) queue(reply string) error {
	if err := t.reply(reply, nil); err != nil {
		return err
	}
	return t.toQueue()
}

func (t *turn) toQueue() error {
	conv := t.conv
	if conv.State != store.ConvQueued {
		conv.QueuedAt = t.now
	}
	conv.State = store.ConvQueued
	conv.Asking = ""
	if conv.FirstText == "" {
		conv.FirstText = t.m.Text
	}
	*t.events = append(*t.events, events.Event{Kind: events.Queue, ConversationID: conv.ID, State: string(conv.State), Emergency: conv.Emergency})
	return nil
}

func (t *turn) expireDraft() error {
	t.conv.Draft = nil
	t.conv.State = store.ConvIdle
	t.conv.Asking = ""
	t.conv.Asked = nil
	return t.reply("draft_expired", nil)
}

func (t *turn) command(cmd, arg string) error {
	conv := t.conv
	switch cmd {
	case "duty": // the leaders' duty sessions published so far (package duty)
		list, err := duty.PublishedTx(t.tx, t.now, t.e.loc, t.e.cfg.Duty.PublishDays)
		if err != nil {
			return err
		}
		return t.reply("duty_schedule", map[string]any{"Schedule": duty.Text(list, t.e.loc)})
	case "human":
		if conv.Draft != nil && t.m.Text != "" && conv.FirstText == "" {
			conv.FirstText = conv.Draft.Description
		}
		return t.queue("to_agent")
	case "cancel":
		switch {
		case t.e.isDrafting(conv) || conv.State == store.ConvQueued:
			conv.Draft = nil
			conv.State = store.ConvIdle
			conv.Asking = ""
			conv.Asked = nil
			conv.Emergency = false
			return t.reply("cancelled", map[string]any{"Number": ""})
		case len(conv.Orders) > 0:
			// An order is withdrawn only when the citizen says yes to
			// the question (withdraw).
			num := conv.Orders[len(conv.Orders)-1]
			tk, err := t.tx.Ticket(num)
			if err != nil {
				return err
			}
			if withdrawable(tk) {
				conv.Asking = askCancel
				return t.reply("confirm_cancel", map[string]any{"Number": num})
			}
		}
		return t.reply("nothing_to_cancel", nil)
	case "query":
		return t.query(arg)
	}
	return nil
}

// withdrawable reports whether the citizen may still withdraw tk: the
// office has it, or a department has it and has not signed for it.
func withdrawable(tk *ticket.Ticket) bool {
	return tk.Status == ticket.Accepted || tk.Status == ticket.Dispatched
}

// answerCancel takes the answer to confirm_cancel: yes withdraws the
// conversation's last order, no keeps it; ok is false for anything else
// (the question lapses and the message is taken as usual).
func (t *turn) answerCancel(text string) (ok bool, err error) {
	conv := t.conv
	conv.Asking = ""
	yes, no := matchWord(text, t.e.cfg.Bot.ConfirmWords), matchWord(text, t.e.cfg.Bot.DenyWords)
	if !yes && !no || len(conv.Orders) == 0 {
		return false, nil
	}
	num := conv.Orders[len(conv.Orders)-1]
	if no {
		return true, t.reply("cancel_kept", map[string]any{"Number": num})
	}
	tk, err := t.tx.Ticket(num)
	if err != nil {
		return true, err
	}
	if !withdrawable(tk) {
		return true, t.reply("nothing_to_cancel", nil)
	}
	dept, wasAtDept := tk.Department, tk.Status == ticket.Dispatched
	if err := tk.Transition(ticket.Cancelled, ticket.Event{At: t.now, Actor: "citizen", Action: "cancel", Note: "市民撤销"}); err != nil {
		return true, err
	}
	if err := t.tx.PutTicket(tk); err != nil {
		return true, err
	}
	if wasAtDept && dept != "" {
		// The department it was sent to need not handle it.
		if err := t.tx.AddReminder(dept, store.Reminder{At: t.now, Number: num, Kind: "cancel",
			Text: "市民已撤销工单" + num + "，无需办理"}); err != nil {
			return true, err
		}
	}
	*t.events = append(*t.events, events.Event{Kind: events.Ticket, ConversationID: conv.ID, Ticket: num, State: string(tk.Status)})
	return true, t.reply("cancelled", map[string]any{"Number": num})
}

func (t *turn) ownsTicket(tk *ticket.Ticket) bool {
	return tk.CitizenID == t.cit.ID || slices.Contains(t.cit.Merged, tk.CitizenID)
}

func (t *turn) query(number string) error {
	if number != "" {
		if _, _, err := ticket.ParseNumber(number); err != nil {
			return t.reply("status_not_found", map[string]any{"Number": number})
		}
		tk, err := t.tx.Ticket(number)
		if errors.Is(err, store.ErrNotFound) || (err == nil && !t.ownsTicket(tk)) {
			return t.reply("status_not_found", map[string]any{"Number": number})
		}
		if err != nil {
			return err
		}
		return t.reply("status", t.e.statusData(tk))
	}
	var all []*ticket.Ticket
	for _, id := range append([]string{t.cit.ID}, t.cit.Merged...) {
		list, err := t.tx.Tickets(store.TicketFilter{CitizenID: id})
		if err != nil {
			return err
		}
		all = append(all, list...)
	}
	if len(all) == 0 {
		return t.reply("status_none", nil)
	}
	slices.SortFunc(all, func(a, b *ticket.Ticket) int { return a.ReceivedAt.Compare(b.ReceivedAt) })
	if len(all) > 5 {
		all = all[len(all)-5:]
	}
	var lines []string
	for _, tk := range all {
		s, err := t.e.render("status", t.e.statusData(tk))
		if err != nil {
			return err
		}
		lines = append(lines, s)
	}
	return t.enqueueText(strings.Join(lines, "\n"), "reply")
}

// statusData is what the status reply says of tk; a deadline only while
// the order is open (a withdrawn or finished order has none that runs).
func (e *Engine) statusData(tk *ticket.Ticket) map[string]any {
	due := ""
	if tk.Status.Open() {
		due = e.formatDue(tk.Due)
	}
	return map[string]any{
		"Number": tk.Number, "Status": tk.Status.Label(), "Department": tk.Department,
		"Due": due, "Title": tk.Title,
	}
}

// rating records a return-visit answer; ok is false when text is not one.
func (t *turn) rating(text string) (bool, error) {
	sat := parseRating(text)
	if sat == "" || t.conv.RatingFor == "" {
		return false, nil
	}
	return true, t.rate(t.conv, text, sat)
}

// ratingAway takes text as the answer to a rating question that the
// outbox delivered to this channel and number instead of the order's own
// conversation (store.RatingAway: WeChat's window had closed, the question
// went by SMS). Only a number the channel vouches for (Message.Phone)
// answers, and only while the order's conversation still waits for that
// rating.
func (t *turn) ratingAway(text string) (bool, error) {
	sat := parseRating(text)
	if sat == "" || t.m.Phone == "" {
		return false, nil
	}
	away, ok := t.tx.RatingAway(t.m.Channel, t.m.Phone)
	if !ok {
		return false, nil
	}
	if err := t.tx.DeleteRatingAway(t.m.Channel, t.m.Phone); err != nil {
		return false, err
	}
	orig, err := t.tx.Conversation(away.ConversationID)
	if errors.Is(err, store.ErrNotFound) || err == nil && (orig.State != store.ConvRating || orig.RatingFor != away.Number) {
		return false, nil // rated already, in the chat or by phone
	}
	if err != nil {
		return false, err
	}
	if err := t.rate(orig, text, sat); err != nil {
		return false, err
	}
	orig.UpdatedAt = t.now
	return true, t.tx.PutConversation(orig)
}

// rate records rating sat (text is the citizen's words) of the order conv
// waits for, ends the wait and thanks the citizen in this turn's
// conversation.
func (t *turn) rate(conv *store.Conversation, text, sat string) error {
	tk, err := t.tx.Ticket(conv.RatingFor)
	if err != nil {
		return err
	}
	solved := sat != ticket.Unsatisfied && !strings.Contains(text, "没解决") && !strings.Contains(text, "未解决") && !strings.Contains(text, "没有解决")
	if err := RecordRating(tk, sat, solved, t.now, "citizen"); err != nil {
		return err
	}
	if err := t.tx.PutTicket(tk); err != nil {
		return err
	}
	conv.RatingFor = ""
	conv.State = store.ConvIdle
	*t.events = append(*t.events, events.Event{Kind: events.Ticket, ConversationID: conv.ID, Ticket: tk.Number, State: string(tk.Status)})
	if tk.Status == ticket.Reopened {
		// Not satisfied: say that it is handled again, and by whom.
		return t.reply("rating_reopened", map[string]any{"Number": tk.Number, "Department": tk.Department})
	}
	return t.reply("thanks", map[string]any{"Number": tk.Number})
}

// RecordRating stores a satisfaction rating on tk and moves it on: a
// satisfied citizen's order is visited and closed; an unsatisfied one is
// reopened for review.
func RecordRating(tk *ticket.Ticket, sat string, solved bool, at time.Time, actor string) error {
	tk.Satisfaction = sat
	tk.Solved = &solved
	if tk.Status == ticket.Closed {
		// A late rating of an order the scheduler closed as not
		// visited: visited after all.
		tk.Flags.NotVisited = false
	}
	if tk.Status == ticket.Reviewed || tk.Status == ticket.Answered {
		if err := tk.Transition(ticket.Visited, ticket.Event{At: at, Actor: actor, Action: "visit", Note: "回访：" + sat}); err != nil {
			return err
		}
	}
	if tk.Status != ticket.Visited {
		tk.Record(ticket.Event{At: at, Actor: actor, Action: "rate", Note: "评价：" + sat})
		return nil
	}
	if sat == ticket.Unsatisfied || !solved {
		return tk.Transition(ticket.Reopened, ticket.Event{At: at, Actor: actor, Action: "reopen", Note: "市民不满意，重新审核"})
	}
	return tk.Transition(ticket.Closed, ticket.Event{At: at, Actor: actor, Action: "close", Note: "回访满意，办结"})
}

// parseRating reads a return-visit answer: 1/2/3 (also full-width, as by
// SMS) or the words, optionally followed by whether it was solved
// ("1 已解决", "3，没解决").
func parseRating(text string) string {
	t := strings.TrimSpace(text)
	switch {
	case strings.Contains(t, "不满意"):
		return ticket.Unsatisfied
	case strings.Contains(t, "基本满意"):
		return ticket.BasicSatisfied
	case strings.Contains(t, "满意"):
		return ticket.Satisfied
	}
	first, size := utf8.DecodeRuneInString(t)
	// A digit counts only on its own or before a word on being solved:
	// "12号楼漏水" is a new problem, not a rating.
	switch rest := strings.Trim(t[size:], " ，,。.、:："); rest {
	case "", "已解决", "解决了", "未解决", "没解决", "没有解决":
	default:
		return ""
	}
	switch first {
	case '1', '１':
		return ticket.Satisfied
	case '2', '２':
		return ticket.BasicSatisfied
	case '3', '３':
		return ticket.Unsatisfied
	}
	return ""
}

// reply renders the named reply template and queues it. The welcome is
// the channel's own where it has one.
func (t *turn) reply(name string, data map[string]any) error {
	if w, ok := t.e.welcome[t.conv.Channel]; ok && name == "welcome" {
		return t.enqueueText(w, "reply")
	}
	text, err := t.e.render(name, data)
	if err != nil {
		return err
	}
	return t.enqueueText(text, "reply")
}

// enqueueText records an outbound bot message and queues it for delivery.
func (t *turn) enqueueText(text, kind string) error {
	key := "" // derived from the reply's own message id
	if t.in.ID != 0 {
		key = t.conv.ID + ":" + strconv.FormatUint(t.in.ID, 10) + ":" + strconv.Itoa(t.n)
	}
	t.n++
	e, err := t.e.queueOut(t.tx, t.conv, "bot", text, kind, "", key, t.now, t.passive)
	if err != nil {
		return err
	}
	t.res.Replies = append(t.res.Replies, e)
	return nil
}

// settlePassive hands the turn's replies back to the outbox when they are
// too long for the channel's in-request answer; otherwise the result says
// the channel sends them.
func (t *turn) settlePassive() error {
	size := 0
	for _, e := range t.res.Replies {
		size += len(e.Text) + 2
	}
	if t.m.PassiveMax <= 0 || size <= t.m.PassiveMax {
		t.res.Passive = true
		return nil
	}
	for _, e := range t.res.Replies {
		e.Status = store.OutPending
		e.SentAt = time.Time{}
		e.Kind = "reply"
		if err := t.tx.PutOutboxEntry(e); err != nil {
			return err
		}
		if m, err := t.tx.Message(e.ConversationID, e.MessageID); err == nil {
			m.Status = "queued"
			if err := t.tx.PutMessage(m); err != nil {
				return err
			}
		}
	}
	return nil
}

// queueOut writes an outbound message and its outbox entry. key is the
// idempotency key; empty means one derived from the new message's id.
func (e *Engine) queueOut(tx *store.Tx, conv *store.Conversation, sender, text, kind, number, key string, now time.Time, passive bool) (*store.OutboxEntry, error) {
	direct := e.direct[conv.Channel]
	msg := &store.Message{ConversationID: conv.ID, Direction: store.Out, Sender: sender, Channel: conv.Channel,
		Text: text, At: now, Status: "queued"}
	if direct || passive {
		msg.Status = "sent"
	}
	if err := tx.AddMessage(msg); err != nil {
		return nil, err
	}
	if key == "" {
		key = conv.ID + ":m:" + strconv.FormatUint(msg.ID, 10)
	}
	ent := &store.OutboxEntry{Key: key, Channel: conv.Channel, To: conv.UserID, ConversationID: conv.ID,
		MessageID: msg.ID, Text: text, Kind: kind, Ticket: number, CreatedAt: now, NextAt: now}
	if direct {
		// The client reads its replies from the store: nothing to deliver.
		ent.Status = store.OutSent
		ent.SentAt = now
		return ent, nil
	}
	if passive {
		// Sent by the channel's answer to this request; kept in the
		// outbox (with its key) only as a record.
		ent.Status = store.OutSent
		ent.SentAt = now
		ent.Kind = "passive"
	}
	if err := tx.Enqueue(ent); err != nil {
		return nil, err
	}
	return ent, nil
}

func (e *Engine) summary(d *ticket.Ticket) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【诉求】%s\n", d.Title)
	catName := d.Category
	if c, ok := e.cfg.Category(d.Category); ok {
		catName = c.Name
	}
	fmt.Fprintf(&b, "【类别】%s · %s\n", d.Type, catName)
	place := strings.TrimSpace(strings.Join(nonEmpty(d.District, d.Town, d.Address), " "))
	if place == "" && d.Location != nil {
		place = fmt.Sprintf("位置 %.5f, %.5f", d.Location.Lat, d.Location.Lng)
	}
	if place == "" {
		place = "未提供"
	}
	fmt.Fprintf(&b, "【地点】%s\n", place)
	phone := d.Phone
	if phone == "" {
		phone = "未提供"
	}
	fmt.Fprintf(&b, "【联系电话】%s\n", phone)
	fmt.Fprintf(&b, "【承办单位】%s", d.Department)
	if d.Urgency != "" && d.Urgency != ticket.UrgencyNormal {
		fmt.Fprintf(&b, "\n【紧急程度】%s", d.Urgency)
	}
	return b.String()
}

// nonEmpty returns the non-empty ss, leaving out one that another
// contains: district 邹城市, town 千泉街道 and address 邹城市千泉街道某小区 are
// the address alone.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s == "" || slices.ContainsFunc(out, func(o string) bool { return strings.Contains(o, s) }) {
			continue
		}
		out = slices.DeleteFunc(out, func(o string) bool { return strings.Contains(s, o) })
		out = append(out, s)
	}
	return out
}

// formatDue writes a deadline for citizens: 2026年12月4日 18:00.
func (e *Engine) formatDue(t time.Time) string {
	if t.IsZero() {
		return "待定"
	}
	return t.In(e.loc).Format("2006年1月2日 15:04")
}
