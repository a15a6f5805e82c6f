// Package telegram connects a Telegram bot to the hotline. Citizens write
// to the bot in private chats, delivered by webhook or, on a machine with
// no public URL, by long polling. An optional forum supergroup of agents
// gives every conversation handed to a person its own topic: the citizen's
// messages are mirrored there, and an agent who has taken the
// conversation with /take answers the citizen, on whatever channel the
// citizen used, by writing in the topic.
//
// Webhook updates are acknowledged only after the engine has committed
// them: a wrong or missing secret token is a 403, a body over 1 MB a 413,
// a malformed update a 400, a failed commit a 500 (Telegram retries, the
// engine drops the duplicate).
package telegram

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotline/channels"
	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/httpx"
	"hotline/inbound"
	"hotline/outbound"
)

// Name is the channel name.
const Name = "telegram"

// Defaults used when the config leaves a setting empty.
const (
	DefaultPath       = "/channels/telegram"
	DefaultAPIBaseURL = "https://api.telegram.org"
)

// MaxBody is the largest webhook body accepted.
const MaxBody = 1 << 20

// SecretHeader carries the secret_token given to setWebhook.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxText is the longest text sent in one sendMessage (Telegram allows
// 4096 characters).
const maxText = 4000

// Engine is what the channel needs of the conversation engine
// (*bot.Engine).
type Engine interface {
	Handle(ctx context.Context, m inbound.Message) (*inbound.Result, error)
	Conversation(id string, after uint64) (*domain.Conversation, []*domain.Message, error)
	Queue(limit int) ([]*domain.Conversation, error)
	Take(ctx context.Context, id, agent string) (*domain.Conversation, error)
	Reply(ctx context.Context, id, agent, text string) (*domain.Conversation, error)
	Release(ctx context.Context, id, agent string) (*domain.Conversation, error)
	Close(ctx context.Context, id, agent string) (*domain.Conversation, error)
}

// Options configure a Channel.
type Options struct {
	Config config.Telegram
	Engine Engine
	// KV keeps the topic ↔ conversation mapping across restarts; it is
	// required when Config.AgentGroupID is set.
	KV channels.KV
	// Hub reports queue and message events; required for the agents' group.
	Hub    *events.Hub
	Logger *slog.Logger
	// Replies are the engine's reply templates: the question for a phone
	// number gets a button that shares the citizen's own number. (The
	// engine itself sends Config.Welcome as Telegram's welcome.)
	Replies config.Replies
	// HTTPClient calls the Bot API; nil means a client without a global
	// timeout (every call has its own deadline).
	HTTPClient *http.Client
	// Labels name the channels for agents (server.ChannelLabels); a
	// channel without one is shown by its name.
	Labels map[string]string
	// Texts are what the agents' group reads (agent_texts); required with
	// Config.AgentGroupID.
	Texts config.AgentTexts
	// ConsoleLabels name the parts of an emergency's reason and the
	// classifier's rules in a topic's header (console_labels).
	ConsoleLabels config.ConsoleLabels
	// Categories name the draft's category in a topic's header (市政设施,
	// not its code SZSS).
	Categories []config.Category
}

// Channel is the Telegram channel.
type Channel struct {
	cfg     config.Telegram
	eng     Engine
	kv      channels.KV
	hub     *events.Hub
	labels  map[string]string
	texts   config.AgentTexts
	names   config.ConsoleLabels        // console_labels: an emergency's reason
	cats    map[string]string           // categories' names by code
	tooLong string                      // replies.too_long
	contact *models.ReplyKeyboardMarkup // the button that shares the citizen's number (replies.share_phone)
	log     *slog.Logger
	api     *tgbot.Bot
	http    *http.Client
	baseURL string
	agents  map[int64]bool

	askPhone []string

	recent  *recentSet // agents' group messages already handled
	topicMu sync.Mutex // serialises read-modify-write of topic records

	// PollTimeout is the long-polling wait of one getUpdates call.
	PollTimeout time.Duration
	// RetryEvery is how often the agents' group watcher retries mirroring
	// that failed.
	RetryEvery time.Duration
	// CallTimeout bounds one Bot API call made by the agents' group.
	CallTimeout time.Duration
}

// New builds the channel. It makes no network call.
func New(o Options) (*Channel, error) {
	if o.Config.Token == "" {
		return nil, errors.New("telegram: channels.telegram.token is empty")
	}
	if o.Engine == nil {
		return nil, errors.New("telegram: an engine is required")
	}
	if o.Config.AgentGroupID != 0 && (o.KV == nil || o.Hub == nil) {
		return nil, errors.New("telegram: the agents' group needs the store and the event hub")
	}
	if o.Config.AgentGroupID != 0 && o.Texts.Help == "" {
		return nil, errors.New("telegram: the agents' group needs agent_texts")
	}
	c := &Channel{
		cfg: o.Config, eng: o.Engine, kv: o.KV, hub: o.Hub, labels: o.Labels, texts: o.Texts, names: o.ConsoleLabels, cats: map[string]string{}, log: o.Logger, http: o.HTTPClient,
		baseURL: strings.TrimSuffix(o.Config.APIBaseURL, "/"), agents: map[int64]bool{},
		recent: newRecentSet(4096), PollTimeout: 50 * time.Second, RetryEvery: 15 * time.Second,
		CallTimeout: 20 * time.Second,
		tooLong:     o.Replies.TooLong, contact: contactKeyboard(o.Replies.SharePhone),
	}
	for _, ct := range o.Categories {
		c.cats[ct.Code] = ct.Name
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.http == nil {
		c.http = &http.Client{}
	}
	if c.baseURL == "" {
		c.baseURL = DefaultAPIBaseURL
	}
	if c.cfg.Path == "" {
		c.cfg.Path = DefaultPath
	}
	for _, id := range o.Config.AgentIDs {
		c.agents[id] = true
	}
	for _, t := range []string{o.Replies.AskPhone, o.Replies.BadPhone} {
		if t := renderPlain(t); t != "" {
			c.askPhone = append(c.askPhone, t)
		}
	}
	api, err := tgbot.New(o.Config.Token,
		tgbot.WithServerURL(c.baseURL),
		tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(c.PollTimeout, c.http),
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithDefaultHandler(func(context.Context, *tgbot.Bot, *models.Update) {}),
		tgbot.WithErrorsHandler(func(err error) { c.log.Warn("telegram client", "err", err) }),
		tgbot.WithDebugHandler(func(string, ...any) {}),
	)
	if err != nil {
		return nil, fmt.Errorf("telegram: unable to create the bot client: %w", err)
	}
	c.api = api
	return c, nil
}

// renderPlain renders a reply template the way the engine does when it
// has no data, so that the channel recognises the engine's text.
func renderPlain(text string) string {
	t, err := template.New("").Option("missingkey=zero").Parse(text)
	if err != nil {
		return strings.TrimSpace(text)
	}
	var b strings.Builder
	if err := t.Execute(&b, nil); err != nil {
		return strings.TrimSpace(text)
	}
	return strings.TrimSpace(strings.ReplaceAll(b.String(), "<no value>", ""))
}

// Name implements channels.Channel.
func (c *Channel) Name() string { return Name }

// Routes implements channels.Channel: the webhook, unless the channel
// polls.
func (c *Channel) Routes(mux *http.ServeMux) {
	if c.cfg.Polling {
		return
	}
	mux.Handle("POST "+c.cfg.Path, httpx.Handle(c.webhook))
}

// SecretOK reports whether got is the configured secret token want. An
// empty want accepts nothing. The comparison takes the same time wherever
// the strings differ.
func SecretOK(want, got string) bool {
	if want == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

func (c *Channel) webhook(w http.ResponseWriter, r *http.Request) error {
	if !SecretOK(c.cfg.Secret, r.Header.Get(SecretHeader)) {
		return httpx.Webhook(http.StatusForbidden, "bad_secret", func(t config.WebhookErrors) string { return t.TelegramSecret }, config.HTTPErrorData{Value: SecretHeader})
	}
	body, err := httpx.ReadBody(r, MaxBody)
	if err != nil {
		return err
	}
	upd, err := ParseUpdate(body)
	if err != nil {
		return httpx.Webhook(http.StatusBadRequest, "bad_update", func(t config.WebhookErrors) string { return t.TelegramUpdate }, config.HTTPErrorData{Error: err.Error()})
	}
	if err := c.process(r.Context(), upd); err != nil {
		c.log.Error("telegram update not handled; Telegram will retry", "update", upd.ID, "err", err)
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// process hands one update to the engine (citizens) or to the agents'
// group logic. It returns an error only when retrying can help.
func (c *Channel) process(ctx context.Context, upd *models.Update) error {
	m := upd.Message
	if m == nil {
		return nil
	}
	if c.cfg.AgentGroupID != 0 && m.Chat.ID == c.cfg.AgentGroupID {
		return c.agentMessage(ctx, m)
	}
	msg, ok := CitizenMessage(upd)
	if !ok {
		return nil
	}
	_, err := c.eng.Handle(ctx, msg)
	var ie *inbound.InputError
	if errors.As(err, &ie) {
		c.log.Info("telegram message rejected", "update", upd.ID, "code", ie.Code)
		if ie.Code == "too_long" {
			c.notice(ctx, m.Chat.ID, c.tooLong)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("telegram: unable to handle update %d: %w", upd.ID, err)
	}
	return nil
}

// notice sends a short direct answer that is not part of the conversation.
func (c *Channel) notice(ctx context.Context, chatID int64, text string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.CallTimeout)
	defer cancel()
	if _, err := c.api.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chatID, Text: text}); err != nil {
		c.log.Warn("telegram notice not sent", "err", err)
	}
}

// contactKeyboard offers the citizen to share their own number with a
// button labelled label.
func contactKeyboard(label string) *models.ReplyKeyboardMarkup {
	return &models.ReplyKeyboardMarkup{
		Keyboard:        [][]models.KeyboardButton{{{Text: label, RequestContact: true}}},
		ResizeKeyboard:  true,
		OneTimeKeyboard: true,
	}
}

// Send implements outbound.Sender with sendMessage to the citizen's chat. A
// citizen who blocked the bot, or a chat that does not exist, fails for
// good; flood control (429) and network trouble are retried.
func (c *Channel) Send(ctx context.Context, o outbound.Message) error {
	chatID, err := strconv.ParseInt(o.To, 10, 64)
	if err != nil {
		return outbound.Permanent(fmt.Errorf("telegram: %q is not a chat id", o.To))
	}
	text := strings.TrimSpace(o.Text)
	var markup models.ReplyMarkup
	if slices.Contains(c.askPhone, text) {
		markup = c.contact
	}
	if text == "" {
		return outbound.Permanent(errors.New("telegram: empty message"))
	}
	parts := split(text, maxText)
	for i, part := range parts {
		p := &tgbot.SendMessageParams{ChatID: chatID, Text: part}
		if i == len(parts)-1 {
			p.ReplyMarkup = markup
		}
		if _, err := c.api.SendMessage(ctx, p); err != nil {
			return sendError(err)
		}
	}
	return nil
}

// sendError classifies a Bot API error for the outbox.
func sendError(err error) error {
	var tooMany *tgbot.TooManyRequestsError
	switch {
	case errors.As(err, &tooMany):
		return fmt.Errorf("telegram: flood control, retry after %d s: %w", tooMany.RetryAfter, err)
	case errors.Is(err, tgbot.ErrorForbidden):
		return outbound.Permanent(fmt.Errorf("telegram: the citizen blocked the bot: %w", err))
	case errors.Is(err, tgbot.ErrorBadRequest), tgbot.IsMigrateError(err):
		return outbound.Permanent(fmt.Errorf("telegram: message refused: %w", err))
	}
	return fmt.Errorf("telegram: unable to send message: %w", err)
}

// split cuts text into parts of at most n characters, at a line break
// where there is one in the second half of a part.
func split(text string, n int) []string {
	var out []string
	for utf8.RuneCountInString(text) > n {
		cut := 0
		for range n {
			_, size := utf8.DecodeRuneInString(text[cut:])
			cut += size
		}
		if nl := strings.LastIndexByte(text[:cut], '\n'); nl > cut/2 {
			cut = nl + 1
		}
		out = append(out, text[:cut])
		text = text[cut:]
	}
	return append(out, text)
}

// recentSet remembers the last n keys, to drop a redelivered update of
// the agents' group (the engine's dedupe covers citizens' messages).
type recentSet struct {
	mu   sync.Mutex
	keys map[string]bool
	ring []string
	next int
}

func newRecentSet(n int) *recentSet {
	return &recentSet{keys: map[string]bool{}, ring: make([]string, n)}
}

func (s *recentSet) has(k string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keys[k]
}

func (s *recentSet) add(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys[k] {
		return
	}
	if old := s.ring[s.next]; old != "" {
		delete(s.keys, old)
	}
	s.ring[s.next] = k
	s.keys[k] = true
	s.next = (s.next + 1) % len(s.ring)
}

// Descriptor describes the Telegram channel to the server: on when
// channels.telegram.token is set. Its background work (long polling, the
// agents' group watcher) is (*Channel).Run, started with the server.
var Descriptor = channels.Descriptor{
	Name:  Name,
	Label: "Telegram",
	On:    func(cfg *config.Config) bool { return cfg.Channels.Telegram.Token != "" },
	Check: checkConfig,
	Secrets: func(cfg *config.Config) []string {
		return []string{cfg.Channels.Telegram.Token, cfg.Channels.Telegram.Secret}
	},
	Welcome: func(cfg *config.Config) string { return cfg.Channels.Telegram.Welcome },
	New: func(d channels.Deps) (channels.Channel, error) {
		return New(Options{
			Config: d.Config.Channels.Telegram, Engine: d.Engine, KV: d.KV, Hub: d.Hub,
			Logger: d.Logger.With("channel", Name), Replies: d.Config.Replies, Labels: d.Labels,
			Texts: d.Config.AgentTexts, ConsoleLabels: d.Config.ConsoleLabels, Categories: d.Config.Categories,
		})
	},
}
