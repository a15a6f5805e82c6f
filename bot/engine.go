// Package bot is the conversation engine: it takes one inbound Message,
// and in one store transaction records it, advances the conversation's
// dialog (slot filling, confirmation, commands, hand-off to agents),
// registers and routes the work order, and queues every reply in the
// outbox. The outbox worker (package outbox) delivers the replies through the
// channel the citizen used.
package bot

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"runtime"
	"slices"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/inbound"
	"hotline/nlp"
	"hotline/store"
	"hotline/ticket"
)

// KB is the knowledge base the bot answers consultations from.
type KB interface {
	Best(query string, threshold float64) (nlp.KBEntry, float64, bool)
}

// Options configure an Engine.
type Options struct {
	Config     *config.Config
	Store      *store.Store
	Classifier nlp.Classifier
	KB         KB // optional
	Calendar   *ticket.Calendar
	Logger     *slog.Logger
	Hub        *events.Hub      // optional: events for live views
	Metrics    *Metrics         // optional
	Now        func() time.Time // optional clock
	// Wake is signalled after a commit that queued outbox entries.
	Wake func()
	// Welcome is each channel's own welcome (channels.Descriptor.Welcome),
	// sent there instead of replies.welcome; optional.
	Welcome map[string]string
}

// Engine runs dialogs. It is safe for concurrent use.
type Engine struct {
	cfg *config.Config
	// fillers are bot.command_fillers, longest first (bareCommand).
	fillers []string
	st      *store.Store
	clf     nlp.Classifier
	kb      KB
	cal     *ticket.Calendar
	log     *slog.Logger
	hub     *events.Hub
	met     *Metrics
	now     func() time.Time
	direct  map[string]bool
	// welcome is a channel's own welcome (Options.Welcome: its
	// descriptor's), sent instead of replies.welcome there.
	welcome map[string]string
	wake    func()
	loc     *time.Location
	replies map[config.ReplyName]*template.Template
	// plain are the replies made of text and fields alone (plainReplies).
	plain map[config.ReplyName][]replyPart
	// dispatcher decides at registration whether an order goes to its
	// department at once (SetDispatcher).
	dispatcher Dispatcher
	// rehearsing runs a registration's rehearsal before its transaction
	// (Engine.rehearse). It is on with rehearseMinProcs cores or more,
	// where the file's single writer bounds the throughput and what is
	// taken out of it runs beside it, and off with fewer, where every core
	// is busy anyway and the rehearsal's own CPU costs more than the
	// writer saves (hotline bench on 2 cores, 6 pairs alternating: gateway
	// medians 3,866 msg/s with it, 4,035 without). Tests set it.
	rehearsing bool
	// confirmWords and denyWords are bot.confirm_words and deny_words in
	// lower case (matchWord), lowered once rather than at every message in
	// the write transaction.
	confirmWords, denyWords []string
}

// rehearseMinProcs is the fewest cores on which registrations are
// rehearsed before their transaction (Engine.rehearse).
const rehearseMinProcs = 4

// Dispatcher decides, inside the transaction that registers order tk
// (accepted, not yet stored), whether it goes to its department at once
// (直派), and stores it; *workflow.Service implements it. dispatched
// false leaves the order in the office's 待派单 queue for the reason
// given.
type Dispatcher interface {
	AutoDispatch(tx *store.Tx, tk *ticket.Ticket, now time.Time) (dispatched bool, reason string, err error)
}

// SetDispatcher sets who dispatches orders at registration. Without one
// every order waits for the office (and the citizen is told so). Call it
// before serving.
func (e *Engine) SetDispatcher(d Dispatcher) { e.dispatcher = d }

// New builds an engine; the reply templates are parsed here so that a bad
// template stops start-up.
func New(o Options) (*Engine, error) {
	if o.Config == nil || o.Store == nil || o.Classifier == nil || o.Calendar == nil {
		return nil, errors.New("bot: config, store, classifier and calendar are required")
	}
	e := &Engine{
		cfg: o.Config, st: o.Store, clf: o.Classifier, kb: o.KB, cal: o.Calendar,
		log: o.Logger, hub: o.Hub, met: o.Metrics, now: o.Now, wake: o.Wake,
		loc: o.Calendar.Location(), rehearsing: runtime.GOMAXPROCS(0) >= rehearseMinProcs,
	}
	e.fillers = slices.Clone(o.Config.Bot.CommandFillers)
	slices.SortFunc(e.fillers, func(a, b string) int { return len(b) - len(a) })
	e.confirmWords, e.denyWords = lowered(o.Config.Bot.ConfirmWords), lowered(o.Config.Bot.DenyWords)
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.wake == nil {
		e.wake = func() {}
	}
	var err error
	if e.replies, err = parseReplies(o.Config.Replies); err != nil {
		return nil, err
	}
	e.plain = plainReplies(e.replies)
	e.welcome = map[string]string{}
	for ch, text := range o.Welcome {
		if text = strings.TrimSpace(text); text != "" {
			e.welcome[ch] = text
		}
	}
	return e, nil
}

// Greeting returns the welcome text (replies.welcome).
func (e *Engine) Greeting() (string, error) { return e.render(config.ReplyWelcome, config.ReplyData{}) }

// Validate checks a message's text before anything is stored.
func (e *Engine) Validate(m *inbound.Message) error {
	if !utf8.ValidString(m.Text) {
		return &inbound.InputError{Code: "invalid_utf8", Msg: config.Render(e.cfg.InputErrors.InvalidUTF8, config.InputData{})}
	}
	if max := e.cfg.Bot.MaxTextLen; max > 0 && utf8.RuneCountInString(m.Text) > max {
		n := utf8.RuneCountInString(m.Text)
		return &inbound.InputError{Code: "too_long", Msg: config.Render(e.cfg.InputErrors.TooLong, config.InputData{Length: n, Max: max})}
	}
	if strings.TrimSpace(m.Text) == "" && len(m.Media) == 0 && m.Location == nil && m.Event == "" && m.Phone == "" {
		return &inbound.InputError{Code: "empty_text", Msg: config.Render(e.cfg.InputErrors.EmptyText, config.InputData{})}
	}
	if m.Text != "" && strings.TrimFunc(m.Text, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) == "" &&
		len(m.Media) == 0 && m.Location == nil && m.Event == "" && m.Phone == "" {
		return &inbound.InputError{Code: "no_text", Msg: config.Render(e.cfg.InputErrors.NoText, config.InputData{})}
	}
	if m.Channel == "" || m.UserID == "" {
		return &inbound.InputError{Code: "no_sender", Msg: config.Render(e.cfg.InputErrors.NoSender, config.InputData{})}
	}
	return nil
}

// Handle processes one inbound message and returns after everything it
// changed has been committed.
func (e *Engine) Handle(ctx context.Context, m inbound.Message) (*inbound.Result, error) {
	if err := e.Validate(&m); err != nil {
		return nil, err
	}
	if m.ReceivedAt.IsZero() {
		m.ReceivedAt = e.now()
	}
	m.Text = strings.TrimSpace(m.Text)
	convID := m.ConversationID
	if convID == "" {
		convID = inbound.ConversationID(m.Channel, m.UserID)
	}
	// Read the dialog state to decide what to classify; the classifier
	// runs outside the write transaction (an LLM may take seconds).
	var pre *domain.Conversation
	var preRaw []byte
	if err := e.st.ViewContext(ctx, func(tx *store.Tx) error {
		c, raw, err := tx.ConversationRaw(convID)
		if err == nil {
			pre, preRaw = c, raw
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if pre == nil && m.ConversationID != "" && !m.Create {
		return nil, &inbound.InputError{Code: "unknown_conversation", Msg: config.Render(e.cfg.InputErrors.UnknownConversation, config.InputData{Conversation: m.ConversationID})}
	}
	cls, err := e.classify(ctx, pre, m)
	if err != nil {
		return nil, err
	}
	if recorded(m) {
		// Packed here, on any core, rather than in the transaction, which
		// holds the file's single writer (the form is taken only if the
		// transaction records exactly this message).
		store.PrepareMessage(inboundRecord(m, convID, m.ReceivedAt))
	}
	e.rehearse(pre, m)
	var res *inbound.Result
	var queued []*store.OutboxEntry
	var evs []events.Event
	// The classifier saw pre; the transaction reuses it when nothing
	// changed the conversation since (the usual case), and decodes it
	// afresh otherwise or when bbolt runs the function again.
	cached := copyConversation(pre)
	// A citizen's message is recorded even when its request has gone
	// (a platform's timeout, a closed page): the classifier has run and a
	// retry finds the dedupe mark, so nothing is lost or doubled.
	err = e.st.BatchContext(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		res = &inbound.Result{ConversationID: convID}
		queued, evs = queued[:0], evs[:0]
		c := cached
		cached = nil
		return e.handleTx(tx, m, convID, c, preRaw, cls, res, &queued, &evs)
	})
	if err != nil {
		return nil, err
	}
	res.Replies = make([]inbound.Reply, len(queued))
	for i, q := range queued {
		res.Replies[i] = inbound.Reply{MessageID: q.MessageID, Key: q.Key, Text: q.Text, At: q.CreatedAt}
	}
	e.afterCommit(queued, evs)
	if e.met != nil && !res.Duplicate && res.MessageID != 0 {
		e.met.MessagesIn.WithLabelValues(m.Channel).Inc()
		e.met.Replies.WithLabelValues(m.Channel).Add(float64(len(res.Replies)))
	}
	return res, nil
}

// copyConversation returns a copy of c that the transaction may change
// without changing c (classify keeps reading c).
func copyConversation(c *domain.Conversation) *domain.Conversation {
	if c == nil {
		return nil
	}
	cp := *c
	if c.Draft != nil {
		d := *c.Draft
		d.Confidence = maps.Clone(c.Draft.Confidence)
		d.Attachments = slices.Clone(c.Draft.Attachments)
		d.Events = slices.Clone(c.Draft.Events)
		d.CoDepartments = slices.Clone(c.Draft.CoDepartments)
		d.EmergencyReason = c.Draft.EmergencyReason.Clone()
		cp.Draft = &d
	}
	cp.EmergencyReason = c.EmergencyReason.Clone()
	cp.Asked = maps.Clone(c.Asked)
	cp.Orders = slices.Clone(c.Orders)
	return &cp
}

// afterCommit wakes the outbox for the entries queued that it delivers,
// counts those sent in the commit itself and publishes the events.
func (e *Engine) afterCommit(queued []*store.OutboxEntry, evs []events.Event) {
	wake := false
	for _, r := range queued {
		switch {
		case r.Status == store.OutPending:
			wake = true
		case r.Status == store.OutSent && e.met != nil:
			// Sent in the commit itself: read from the store by the web
			// chat, or carried by the channel's answer (passive replies).
			e.met.MessagesOut.WithLabelValues(r.Channel, "sent").Inc()
		}
	}
	if wake {
		e.wake()
	}
	if e.hub != nil {
		for _, ev := range evs {
			e.hub.Publish(ev)
		}
	}
}

// classification is the classifier's view of a message, computed before
// the transaction. ok is false when the message needs none (commands,
// confirmations).
type classification struct {
	ok       bool
	combined bool // the text classified includes the draft's description
	res      nlp.Result
	// For a consultation, the knowledge base's best answer to the
	// message's own text (kbDone: looked up), also found before the
	// transaction: a search of every entry need not hold the writer.
	kbDone  bool
	kbOK    bool
	kbEntry nlp.KBEntry
	kbScore float64
	// alone is the classification of the message's own text when res is
	// combined with the draft's, for an amendment after 修改 (aloneOK:
	// there is one): a new address or phone number replaces the old one
	// instead of joining the description.
	alone   nlp.Result
	aloneOK bool
}

func (e *Engine) classify(ctx context.Context, conv *domain.Conversation, m inbound.Message) (classification, error) {
	text := m.Text
	if text == "" || e.isCommand(text) {
		return classification{}, nil
	}
	combined := false
	if conv != nil && conv.Draft != nil && e.isDrafting(conv) && !e.expired(conv) {
		switch {
		case conv.State == domain.ConvConfirming && (matchWord(text, e.confirmWords) || matchWord(text, e.denyWords)):
			return classification{}, nil
		case conv.Asking == askPlace || conv.Asking == askPhone:
		default:
			text = conv.Draft.Description + "\n" + text
			combined = true
		}
	}
	start := time.Now()
	res, err := e.clf.Classify(ctx, text)
	if e.met != nil {
		e.met.ClassifyLatency.Observe(time.Since(start).Seconds())
	}
	if err != nil {
		if ctx.Err() != nil {
			return classification{}, ctx.Err()
		}
		e.log.Warn("classifier failed", "err", err)
		return classification{ok: false}, nil
	}
	c := classification{ok: true, combined: combined, res: res}
	if combined && conv.Asking == askAmend {
		if alone, err := e.clf.Classify(ctx, m.Text); err == nil {
			c.alone, c.aloneOK = alone, true
		}
	}
	if res.Type == ticket.TypeConsult && e.kb != nil {
		c.kbEntry, c.kbScore, c.kbOK = e.kb.Best(m.Text, e.cfg.NLP.KB.Threshold)
		c.kbDone = true
	}
	return c, nil
}

func (e *Engine) isDrafting(c *domain.Conversation) bool {
	return c.State == domain.ConvCollecting || c.State == domain.ConvConfirming
}

func (e *Engine) expired(c *domain.Conversation) bool {
	t := e.cfg.Bot.DraftTimeout.D()
	return t > 0 && e.isDrafting(c) && e.now().Sub(c.UpdatedAt) > t
}

// SetDirect marks channel as one whose clients read their replies from
// the store (the web chat's stream): its replies are recorded as sent in
// the message's own transaction and never pass through the outbox. Call
// it before serving.
func (e *Engine) SetDirect(channel string) {
	if e.direct == nil {
		e.direct = map[string]bool{}
	}
	e.direct[channel] = true
}

// Store returns the engine's store (for the server's wiring).
func (e *Engine) Store() *store.Store { return e.st }
