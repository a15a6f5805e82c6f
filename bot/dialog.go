package bot

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/inbound"
	"hotline/nlp"
	"hotline/store"
	"hotline/ticket"
	"hotline/workflow"
)

// Slots the bot asks for.
const (
	askProblem = "problem"
	askPlace   = "place"
	askPhone   = "phone"
	askAmend   = "amend"
	// askCategory: the one clarifying question when the category is
	// unsure; conv.Offered holds the categories offered.
	askCategory = "category"
	// askCancel: 取消 of the conversation's last order waits for a yes.
	askCancel = "cancel"
)

// askReply is the question for each slot.
var askReply = map[string]config.ReplyName{
	askProblem: config.ReplyAskProblem,
	askPlace:   config.ReplyAskPlace,
	askPhone:   config.ReplyAskPhone,
	askAmend:   config.ReplyAskAmend,
}

// turn is one message's pass through the dialog, inside the transaction.
type turn struct {
	e      *Engine
	tx     *store.Tx
	now    time.Time
	m      inbound.Message
	conv   *domain.Conversation
	cit    *domain.Citizen
	in     *domain.Message
	res    *inbound.Result
	queued *[]*store.OutboxEntry // the outbox entries of res's replies
	events *[]events.Event
	n      int // replies queued so far
	// passive: the channel answers in-request (Message.PassiveBy not yet
	// passed), so replies are recorded as sent by that answer.
	passive bool
}

// handleTx runs one inbound message through the dialog inside the
// store transaction: dedupe, conversation and citizen, the message, the
// dialog step, the replies.
func (e *Engine) handleTx(tx *store.Tx, m inbound.Message, convID string, cached *domain.Conversation, raw []byte, cls classification, res *inbound.Result, queued *[]*store.OutboxEntry, evs *[]events.Event) error {
	now := m.ReceivedAt
	if dup, err := e.duplicate(tx, m, now); err != nil || dup {
		res.Duplicate = dup
		return err
	}
	conv, err := tx.ConversationSince(convID, cached, raw)
	created := false
	switch {
	case errors.Is(err, store.ErrNotFound) && m.ConversationID != "" && !m.Create:
		return &inbound.InputError{Code: "unknown_conversation", Msg: config.Render(e.cfg.InputErrors.UnknownConversation, config.InputData{Conversation: m.ConversationID})}
	case errors.Is(err, store.ErrNotFound):
		conv = &domain.Conversation{ID: convID, Channel: m.Channel, UserID: m.UserID, State: domain.ConvIdle, CreatedAt: now}
		created = true
	case err != nil:
		return err
	}
	if strings.HasSuffix(conv.UserID, "***") && m.UserID != "" {
		// Masked while idle past the retention (store/pipl_live.go).
		conv.UserID = m.UserID
	}
	cit, err := e.citizen(tx, m.Channel, m.UserID, m.Phone, m.Name, now)
	if err != nil {
		return err
	}
	conv.CitizenID = cit.ID
	if created && m.Welcomed && m.Event == "" {
		// The client showed the welcome when it opened the conversation;
		// the transcript keeps it before the citizen's first words.
		text, err := e.render(config.ReplyWelcome, config.ReplyData{})
		if err != nil {
			return err
		}
		ent, err := e.queueOut(tx, conv, "bot", text, "reply", "", conv.ID+":welcome", now, false)
		if err != nil {
			return err
		}
		*queued = append(*queued, ent)
	}
	conv.LastInbound = now
	in := inboundRecord(m, convID, now)
	if recorded(m) {
		if err := tx.AddMessage(in); err != nil {
			return err
		}
		res.MessageID = in.ID
	}
	t := &turn{e: e, tx: tx, now: now, m: m, conv: conv, cit: cit, in: in, res: res, queued: queued, events: evs,
		passive: !m.PassiveBy.IsZero() && e.now().Before(m.PassiveBy)}
	wasQueued := conv.State == domain.ConvQueued
	if err := t.step(cls); err != nil {
		return err
	}
	if wasQueued && conv.State != domain.ConvQueued {
		// The citizen left the agents' queue (取消): the desk must hear of it.
		*evs = append(*evs, events.Event{Kind: events.Queue, ConversationID: convID, State: string(conv.State)})
	}
	if t.passive && len(*queued) > 0 {
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

// inboundRecord is the citizen's message m as the conversation's
// transcript keeps it.
func inboundRecord(m inbound.Message, convID string, now time.Time) *domain.Message {
	in := &domain.Message{
		ConversationID: convID, Direction: domain.In, Sender: "citizen", Channel: m.Channel,
		Text: m.Text, Location: m.Location, ExternalID: m.ExternalID, At: now,
	}
	for _, md := range m.Media {
		in.Media = append(in.Media, domain.MediaRef{Kind: md.Kind, ID: md.ID, URL: md.URL})
	}
	return in
}

// recorded reports whether m goes into the transcript: a bare platform
// event (subscribe, start) is not a message of the citizen's, only its
// effects are recorded.
func recorded(m inbound.Message) bool {
	return m.Text != "" || len(m.Media) > 0 || m.Location != nil || m.Event == ""
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
		return t.reply(config.ReplyWelcome, config.ReplyData{})
	}
	if t.e.expired(conv) {
		if err := t.expireDraft(); err != nil {
			return err
		}
	}
	t.keepMedia()
	if conv.State == domain.ConvAgent {
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
	if text == "" && conv.State == domain.ConvCollecting && (conv.Asking == askPhone || conv.Asking == askPlace && conv.Draft != nil && conv.Draft.Location == nil) {
		// A photo (or a location where a phone number is asked): kept
		// with the draft (keepMedia); the question is still open.
		if err := t.reply(config.ReplyMediaReceived, config.ReplyData{}); err != nil {
			return err
		}
		return t.reply(askReply[conv.Asking], config.ReplyData{})
	}
	switch conv.State {
	case domain.ConvQueued:
		// Waiting for a person: keep what the citizen adds for the agent.
		if conv.Draft != nil && text != "" {
			conv.Draft.Description = appendText(conv.Draft.Description, text)
		}
		if t.conv.Asked["queued_ack"] == 0 {
			t.ask("queued_ack")
			return t.reply(config.ReplyToAgent, config.ReplyData{})
		}
		return nil
	case domain.ConvRating:
		if ok, err := t.rating(text, cls); ok || err != nil {
			return err
		}
		conv.State = domain.ConvIdle
		if t.matter(cls) {
			// A new matter instead of the rating, or beside it: registered
			// first, the rating asked for again after (askRatingAgain).
			if err := t.reply(config.ReplyRatingLater, config.ReplyData{Number: conv.RatingFor}); err != nil {
				return err
			}
		}
	case domain.ConvKB:
		if notHelpful(text) {
			return t.queue(config.ReplyNotHelpful)
		}
		conv.State = domain.ConvIdle
	case domain.ConvConfirming:
		switch {
		case matchWord(text, t.e.confirmWords):
			return t.register()
		case matchWord(text, t.e.denyWords):
			conv.State = domain.ConvCollecting
			conv.Asking = askAmend
			return t.reply(config.ReplyAskAmend, config.ReplyData{})
		}
		// Anything else amends the draft.
		return t.amend(cls)
	case domain.ConvCollecting:
		if t.e.yesOrNo(text) && (conv.Asking == askPlace || conv.Asking == askPhone) {
			// "好的" is no place and no phone number: ask again.
			return t.reply(askReply[conv.Asking], config.ReplyData{})
		}
		switch conv.Asking {
		case askCategory:
			return t.answerCategory(cls)
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
	if ok, err := t.ratingAway(text, cls); ok || err != nil {
		return err
	}
	if t.e.yesOrNo(text) {
		// Nothing waits for a yes or no: a "确认" is not a problem.
		return t.reply(config.ReplyAskProblem, config.ReplyData{})
	}
	return t.newProblem(cls)
}

// underway reports whether the conversation is past its opening: a
// greeting then gets a short answer, not the whole welcome again. A
// conversation waiting for a person or a rating is left to its state.
func (t *turn) underway() bool {
	conv := t.conv
	switch conv.State {
	case domain.ConvQueued, domain.ConvRating, domain.ConvAgent:
		return false
	}
	return !conv.CreatedAt.Equal(t.now) || t.m.Welcomed
}

// greetAgain answers a greeting in a conversation under way, and asks
// again what the bot was asking.
func (t *turn) greetAgain() error {
	conv := t.conv
	if err := t.reply(config.ReplyGreetingAgain, config.ReplyData{}); err != nil {
		return err
	}
	switch {
	case conv.State == domain.ConvCollecting && conv.Asking == askCategory:
		return t.reply(config.ReplyAskCategory, config.ReplyData{Choices: t.e.choices(conv.Offered)})
	case conv.State == domain.ConvCollecting && conv.Asking != "":
		return t.reply(askReply[conv.Asking], config.ReplyData{})
	case conv.State == domain.ConvConfirming && conv.Draft != nil:
		return t.reply(config.ReplyConfirm, config.ReplyData{Summary: t.e.summary(conv.Draft)})
	}
	return nil
}

// yesOrNo reports a bare confirmation or denial word.
func (e *Engine) yesOrNo(text string) bool {
	return matchWord(text, e.confirmWords) || matchWord(text, e.denyWords)
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
			return t.reply(config.ReplyAskProblem, config.ReplyData{})
		}
		return t.queue(config.ReplyToAgent)
	}
	r := cls.res
	text := t.m.Text
	if domain.IsGreeting(text) {
		return t.reply(config.ReplyWelcome, config.ReplyData{})
	}
	if r.Courtesy {
		// Thanks or a greeting with no problem in it: answered, no draft.
		if t.underway() {
			return t.reply(config.ReplyGreetingAgain, config.ReplyData{})
		}
		return t.reply(config.ReplyWelcome, config.ReplyData{})
	}
	if r.OutOfScope != nil {
		return t.reply(config.ReplyNotOurs, config.ReplyData{Channel: r.OutOfScope.Channel})
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
			conv.State = domain.ConvCollecting
			conv.Asking = askProblem
			t.ask(askProblem)
			return t.reply(config.ReplyAskProblem, config.ReplyData{})
		}
		if offer := t.e.offer(r); len(offer) == 2 && t.conv.Asked[askCategory] == 0 {
			conv.State = domain.ConvCollecting
			conv.Asking = askCategory
			conv.Offered = offer
			t.ask(askCategory)
			return t.reply(config.ReplyAskCategory, config.ReplyData{Choices: t.e.choices(offer)})
		}
		return t.queue(config.ReplyToAgent)
	}
	return t.next()
}

// minOffer is the least confidence of a category offered in the
// clarifying question: a category the classifier all but rules out is no
// choice to put to the citizen.
const minOffer = 0.1

// offer returns the two categories to offer in the clarifying question:
// the likeliest that are not the catch-all (其他 tells the office nothing)
// with a confidence of at least minOffer, or fewer when there are fewer.
func (e *Engine) offer(r nlp.Result) []string {
	var out []string
	for _, c := range r.Candidates {
		cat, ok := e.cfg.Category(c.Category)
		if !ok || cat.Department == e.cfg.City.Office || c.Confidence < minOffer {
			continue
		}
		if out = append(out, c.Category); len(out) == 2 {
			break
		}
	}
	return out
}

// choices lists the offered categories by name, numbered from 1, one a
// line, for the clarifying question.
func (e *Engine) choices(codes []string) string {
	var b strings.Builder
	for i, code := range codes {
		name := code
		if c, ok := e.cfg.Category(code); ok && c.Name != "" {
			name = c.Name
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%d. %s", i+1, name)
	}
	return b.String()
}

// answerCategory reads the answer to the clarifying question: a number or
// the name of an offered category sets the category (the citizen's own
// choice); anything else adds to the description and the draft is
// classified again, and a category still unsure goes to the agents. The
// question is asked once.
func (t *turn) answerCategory(cls classification) error {
	d, conv := t.conv.Draft, t.conv
	offered := conv.Offered
	conv.Offered, conv.Asking = nil, ""
	if d == nil {
		return t.newProblem(cls)
	}
	if code := t.e.chosen(t.m.Text, offered); code != "" {
		t.ask(categoryChosen)
		d.Category = code
		if d.Confidence == nil {
			d.Confidence = map[string]float64{}
		}
		d.Confidence[nlp.FieldCategory] = 1
		t.route(d)
		return t.next()
	}
	if t.m.Text != "" {
		d.Description = appendText(d.Description, t.m.Text)
	}
	if cls.ok && cls.combined {
		t.apply(d, cls.res)
	}
	if !cls.ok || cls.res.Confidence[nlp.FieldCategory] < t.e.minConfidence() {
		return t.queue(config.ReplyToAgent)
	}
	return t.next()
}

// categoryChosen counts (in conv.Asked) that the citizen picked the
// draft's category in answer to the clarifying question.
const categoryChosen = "category_chosen"

// applyKeepingChoice applies a new classification of the draft but keeps
// a category the citizen chose: a later amendment reclassifies the words,
// not the citizen's answer.
func (t *turn) applyKeepingChoice(d *ticket.Ticket, r nlp.Result) {
	if t.conv.Asked[categoryChosen] > 0 && d.EmergencyNumber == "" && r.Emergency == nil {
		r.Category = d.Category
		r.Confidence = maps.Clone(r.Confidence)
		r.Confidence[nlp.FieldCategory] = d.Confidence[nlp.FieldCategory]
		r.Confidence[nlp.FieldDepartment] = d.Confidence[nlp.FieldDepartment]
	}
	t.apply(d, r)
}

// cnOrdinals are the numbers a citizen may answer in characters.
var cnOrdinals = []string{"一", "二", "三"}

// chosen returns the offered category the answer picks: its number (1, 2,
// "第1个", "选2") or its name, or "".
func (e *Engine) chosen(text string, offered []string) string {
	s := strings.TrimSpace(text)
	s = strings.Trim(s, "。.！!，, 第个项类选")
	for i, code := range offered {
		if s == strconv.Itoa(i+1) || i < len(cnOrdinals) && s == cnOrdinals[i] {
			return code
		}
	}
	for _, code := range offered {
		if c, ok := e.cfg.Category(code); ok && c.Name != "" && strings.Contains(text, c.Name) {
			return code
		}
	}
	return ""
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
		t.applyKeepingChoice(d, cls.res)
	}
	if t.conv.Asking == askProblem && (!cls.ok || cls.res.Confidence[nlp.FieldCategory] < t.e.minConfidence()) {
		return t.queue(config.ReplyToAgent)
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

// register turns the confirmed draft into an accepted, routed order.
func (t *turn) register() error {
	d := t.conv.Draft
	if d == nil {
		return t.reply(config.ReplyNothingToCancel, config.ReplyData{})
	}
	reply, err := t.e.confirmOrder(t.tx, d, t.now)
	if err != nil {
		return err
	}
	t.conv.Orders = append(t.conv.Orders, d.Number)
	t.conv.Draft = nil
	t.conv.State = domain.ConvIdle
	t.conv.Asking = ""
	t.conv.Asked = nil
	*t.events = append(*t.events, events.Event{Kind: events.Ticket, ConversationID: t.conv.ID, Ticket: d.Number, State: string(d.Status)})
	if err := t.reply(reply, t.e.registeredData(d)); err != nil {
		return err
	}
	return t.askRatingAgain()
}

// matter reports whether the message raises a matter the bot opens a
// draft for (not a greeting, a courtesy, a yes or no, nor one the hotline
// does not take).
func (t *turn) matter(cls classification) bool {
	text := t.m.Text
	return cls.ok && text != "" && !cls.res.Courtesy && cls.res.OutOfScope == nil && !domain.IsGreeting(text) && !t.e.yesOrNo(text)
}

// confirmOrder makes draft d, which the citizen confirmed, an accepted
// order and hands it to the Dispatcher (dispatchNew), which stores it; it
// returns the reply that tells the citizen. Engine.rehearse runs it
// before the transaction too.
func (e *Engine) confirmOrder(tx *store.Tx, d *ticket.Ticket, now time.Time) (config.ReplyName, error) {
	if err := e.accept(tx, d, now, "citizen", config.Render(e.cfg.HistoryTexts.AcceptBot, config.HistoryData{}), true); err != nil {
		return "", err
	}
	return e.dispatchNew(tx, d, now)
}

// rehearse runs the registration that message m would make of the draft
// of conversation pre (read before the transaction: confirming, and m a
// confirmation) in store.Rehearse, on a copy, so that the order, its
// audit entry, its department's reminder and the reply that tells the
// citizen (as register queues it) are deflated here, on any core, and the
// transaction, which holds the file's single writer, takes those forms.
// What the transaction registers is what it registers without this: a
// form is taken only for the same record, and a guess that was wrong
// costs this call alone.
func (e *Engine) rehearse(pre *domain.Conversation, m inbound.Message) {
	if !e.rehearsing || pre == nil || pre.Draft == nil || pre.State != domain.ConvConfirming || m.Event != "" ||
		len(m.Media) > 0 || m.Location != nil || !matchWord(m.Text, e.confirmWords) || e.isCommand(m.Text) || e.expired(pre) {
		return
	}
	conv := copyConversation(pre)
	d, now := conv.Draft, m.ReceivedAt
	passive := !m.PassiveBy.IsZero() && e.now().Before(m.PassiveBy)
	_ = e.st.Rehearse(func(tx *store.Tx) error {
		reply, err := e.confirmOrder(tx, d, now)
		if err != nil {
			return err
		}
		text, err := e.render(reply, e.registeredData(d))
		if err != nil {
			return err
		}
		_, err = e.queueOut(tx, conv, "bot", text, "reply", "", "", now, passive)
		return err
	})
}

// accept makes draft d an accepted order (受理): its number, the
// transition, the deadlines; dispatchNew stores it. route fills in and
// routes the order first (Engine.fill); an agent's registration routes it
// itself.
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
	return nil
}

// dispatchNew hands the order just accepted to the Dispatcher (直派),
// which stores it (registered and dispatched in one write), or stores it
// itself when there is none, and returns the reply that tells the citizen
// the truth: "registered" (sent to its department, with the deadline that
// holds) or "registered_held" (the office will dispatch it).
func (e *Engine) dispatchNew(tx *store.Tx, d *ticket.Ticket, now time.Time) (config.ReplyName, error) {
	if e.dispatcher == nil {
		return config.ReplyRegisteredHeld, tx.PutTicket(d)
	}
	ok, _, err := e.dispatcher.AutoDispatch(tx, d, now)
	if err != nil || !ok {
		return config.ReplyRegisteredHeld, err
	}
	return config.ReplyRegistered, nil
}

func (e *Engine) registeredData(d *ticket.Ticket) config.ReplyData {
	return config.ReplyData{Number: d.Number, Department: d.Department, Due: e.formatDue(d.Due)}
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
		Note: config.Render(t.e.cfg.HistoryTexts.KBAnswer, config.HistoryData{Entry: entry.ID, Score: fmt.Sprintf("%.2f", score)})}); err != nil {
		return err
	}
	if err := t.tx.PutTicket(d); err != nil {
		return err
	}
	t.conv.Orders = append(t.conv.Orders, num)
	t.conv.Draft = nil
	t.conv.State = domain.ConvKB
	t.conv.KBEntry = entry.ID
	t.conv.Asking = ""
	*t.events = append(*t.events, events.Event{Kind: events.Ticket, ConversationID: t.conv.ID, Ticket: num, State: string(d.Status)})
	return t.reply(config.ReplyKBAnswer, config.ReplyData{Answer: entry.Answer, Number: num, Question: entry.Question})
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
	conv.Draft.EmergencyReason = addReason(conv.Draft.EmergencyReason, r.Emergency)
	conv.Emergency = true
	conv.EmergencyReason = addReason(conv.EmergencyReason, r.Emergency)
	if err := t.enqueueText(r.Emergency.Reply, "emergency"); err != nil {
		return err
	}
	return t.toQueue()
}

// queue hands the conversation to the agents with the reply named.
func (t *turn) queue(reply config.ReplyName) error {
	if err := t.reply(reply, config.ReplyData{}); err != nil {
		return err
	}
	return t.toQueue()
}

func (t *turn) toQueue() error {
	conv := t.conv
	if conv.State != domain.ConvQueued {
		conv.QueuedAt = t.now
	}
	conv.State = domain.ConvQueued
	conv.Asking = ""
	if conv.FirstText == "" {
		conv.FirstText = t.m.Text
	}
	*t.events = append(*t.events, events.Event{Kind: events.Queue, ConversationID: conv.ID, State: string(conv.State), Emergency: conv.Emergency})
	return nil
}

func (t *turn) expireDraft() error {
	t.conv.Draft = nil
	t.conv.State = domain.ConvIdle
	t.conv.Asking = ""
	t.conv.Asked = nil
	return t.reply(config.ReplyDraftExpired, config.ReplyData{})
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
	yes, no := matchWord(text, t.e.confirmWords), matchWord(text, t.e.denyWords)
	if !yes && !no || len(conv.Orders) == 0 {
		return false, nil
	}
	num := conv.Orders[len(conv.Orders)-1]
	if no {
		return true, t.reply(config.ReplyCancelKept, config.ReplyData{Number: num})
	}
	tk, err := t.tx.Ticket(num)
	if err != nil {
		return true, err
	}
	if !withdrawable(tk) {
		return true, t.reply(config.ReplyNothingToCancel, config.ReplyData{})
	}
	dept, wasAtDept := tk.Department, tk.Status == ticket.Dispatched
	if err := tk.Transition(ticket.Cancelled, ticket.Event{At: t.now, Actor: "citizen", Action: "cancel", Note: config.Render(t.e.cfg.HistoryTexts.CitizenCancel, config.HistoryData{})}); err != nil {
		return true, err
	}
	if err := t.tx.PutTicket(tk); err != nil {
		return true, err
	}
	if wasAtDept && dept != "" {
		// The department it was sent to need not handle it.
		if err := t.tx.AddReminder(dept, domain.Reminder{At: t.now, Number: num, Kind: workflow.ReminderCancel,
			Text: config.Render(t.e.cfg.ReminderTexts.Cancelled, config.ReminderData{Number: num})}); err != nil {
			return true, err
		}
	}
	*t.events = append(*t.events, events.Event{Kind: events.Ticket, ConversationID: conv.ID, Ticket: num, State: string(tk.Status)})
	return true, t.reply(config.ReplyCancelled, config.ReplyData{Number: num})
}

// addReason returns why (the reason kept so far, nil for none) with the
// emergency e added: e's reason when there was none (or only a flag the
// classifier's veto set aside), else why with e's
// number and its other numbers added to Also where they are new, so that
// a later message's 120 beside an earlier 119 stays visible.
func addReason(why *ticket.EmergencyReason, e *nlp.Emergency) *ticket.EmergencyReason {
	if why == nil || why.SetAside { // a flag the veto set aside gives way to an emergency
		return e.Reason()
	}
	why = why.Clone()
	known := func(n string) bool {
		return n == why.Number || slices.ContainsFunc(why.Also, func(a ticket.EmergencyCall) bool { return a.Number == n })
	}
	if !known(e.Number) {
		why.Also = append(why.Also, ticket.EmergencyCall{Number: e.Number, Cue: e.Cue, Rule: e.Rule})
	}
	for _, a := range e.Also {
		if !known(a.Number) {
			why.Also = append(why.Also, ticket.EmergencyCall{Number: a.Number, Cue: a.Cue, Rule: a.Rule})
		}
	}
	return why
}
