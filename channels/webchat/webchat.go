// Package webchat is the built-in citizen chat: a small zh-CN page served by
// the binary and its JSON API. A browser opens a conversation, sends
// messages, and receives replies by Server-Sent Events or long-polling.
// It needs no platform credentials, so it works out of the box.
package webchat

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"hotline/channels"
	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/httpx"
	"hotline/inbound"
	"hotline/outbound"
)

// Name is the channel name.
const Name = "webchat"

// MaxBody is the largest request body the API accepts.
const MaxBody = 64 << 10

//go:embed static
var static embed.FS

// Engine is what the web chat needs of the conversation engine.
type Engine interface {
	Handle(ctx context.Context, m inbound.Message) (*inbound.Result, error)
	Conversation(id string, after uint64) (*domain.Conversation, []*domain.Message, error)
	// Greeting is the welcome text shown when a conversation opens.
	Greeting() (string, error)
}

// Chat is the web-chat channel.
type Chat struct {
	eng  Engine
	hub  *events.Hub
	path string
	key  []byte // HMAC key of conversation tokens
	// PollWait bounds a long-poll request.
	PollWait time.Duration
	// Now is the clock of new conversations' tokens and welcomes (nil:
	// time.Now).
	Now func() time.Time
	// MaxTextLen is the longest message in characters (bot.max_text_len),
	// told to the page so that it counts as the citizen types; 0: no
	// limit shown.
	MaxTextLen int
	// FrameAncestors are the origins allowed to show the page in a frame
	// (channels.webchat.frame_ancestors); none: no frame at all.
	FrameAncestors []string
	// page is index.html filled with the configured words (SetPage).
	page []byte
}

// New returns the channel serving under path (default /chat). key signs
// conversation tokens; keep it across restarts (the server keeps it in
// the store) or open chats become unknown.
func New(eng Engine, hub *events.Hub, path string, key []byte) *Chat {
	if path == "" {
		path = "/chat"
	}
	return &Chat{eng: eng, hub: hub, path: strings.TrimSuffix(path, "/"), key: key, PollWait: 25 * time.Second}
}

// Name implements channels.Channel.
func (c *Chat) Name() string { return Name }

// Send implements outbound.Sender: the browser reads replies from the store, so
// delivering means waking the page's stream.
func (c *Chat) Send(ctx context.Context, o outbound.Message) error {
	c.hub.Publish(events.Event{Kind: events.Delivered, ConversationID: o.ConversationID})
	return nil
}

// pageData is what index.html is filled with: the words the quick
// buttons send and the texts as the script reads them ({{t "id"}} writes
// one text).
type pageData struct {
	Human, Query, Cancel string
	Script               config.WebchatTexts
}

// RenderPage fills the page with cfg's words: webchat_texts, and for
// the quick buttons the first of each of bot.human_commands,
// bot.query_commands and bot.cancel_commands (config check makes sure
// each list has one), so that the bot takes what they send.
func RenderPage(cfg *config.Config) ([]byte, error) {
	first := func(l []string) string {
		if len(l) == 0 {
			return ""
		}
		return l[0]
	}
	texts := cfg.WebchatTexts
	src, err := fs.ReadFile(static, "static/index.html")
	if err != nil {
		return nil, err
	}
	tmpl, err := template.New("index.html").Funcs(template.FuncMap{"t": texts.Text}).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("webchat: page: %w", err)
	}
	var b strings.Builder
	err = tmpl.Execute(&b, pageData{Human: first(cfg.Bot.HumanCommands), Query: first(cfg.Bot.QueryCommands),
		Cancel: first(cfg.Bot.CancelCommands), Script: texts})
	if err != nil {
		return nil, fmt.Errorf("webchat: page: %w", err)
	}
	return []byte(b.String()), nil
}

// SetPage fills the page with cfg's words (RenderPage). A Chat whose
// page is not set shows the embedded default's.
func (c *Chat) SetPage(cfg *config.Config) error {
	b, err := RenderPage(cfg)
	if err != nil {
		return err
	}
	c.page = b
	return nil
}

// Routes implements channels.Channel. The page is the filled template,
// never the file itself; the other files are served as they are.
func (c *Chat) Routes(mux *http.ServeMux) {
	if c.page == nil {
		def, err := config.Default()
		if err == nil {
			err = c.SetPage(def)
		}
		if err != nil {
			// The embedded default and page are part of the binary, and
			// their tests render them.
			panic(err)
		}
	}
	sub, _ := fs.Sub(static, "static")
	files := http.StripPrefix(c.path+"/", http.FileServerFS(sub))
	mux.Handle("GET "+c.path+"/{$}", c.secure(http.HandlerFunc(c.servePage)))
	mux.Handle("GET "+c.path+"/", c.secure(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, c.path+"/")
		if name == "index.html" {
			http.Redirect(w, r, "./", http.StatusMovedPermanently)
			return
		}
		if path.Ext(name) == ".html" || !fs.ValidPath(name) {
			http.NotFound(w, r)
			return
		}
		if fi, err := fs.Stat(sub, name); err != nil || fi.IsDir() {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})))
	mux.Handle("GET "+c.path, http.RedirectHandler(c.path+"/", http.StatusMovedPermanently))
	mux.Handle("POST "+c.path+"/api/conversations", c.secure(httpx.Handle(c.start)))
	mux.Handle("POST "+c.path+"/api/messages", c.secure(httpx.Handle(c.send)))
	mux.Handle("GET "+c.path+"/api/messages", c.secure(httpx.Handle(c.poll)))
	mux.Handle("GET "+c.path+"/api/events", c.secure(httpx.Handle(c.events)))
}

// ContentSecurityPolicy is the page's policy with ancestors the origins
// allowed to frame it (none: 'none'): its script, style and requests
// only from the server itself, no inline script or style (the page's
// words are a JSON block, which is not run), no plugins, no <base>, and
// no frame but on the city's own sites.
func ContentSecurityPolicy(ancestors []string) string {
	frame := "'none'"
	if len(ancestors) > 0 {
		trimmed := make([]string, len(ancestors))
		for i, a := range ancestors {
			trimmed[i] = strings.TrimSuffix(a, "/")
		}
		frame = strings.Join(trimmed, " ")
	}
	return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
		"base-uri 'none'; form-action 'self'; frame-ancestors " + frame
}

// secure adds the headers that keep the citizen's page to itself: its
// Content-Security-Policy, no content sniffing, no Referer sent to other
// sites (a conversation's token is in the API's query strings), and for
// browsers that read no frame-ancestors, X-Frame-Options when no site
// may frame it.
func (c *Chat) secure(h http.Handler) http.Handler {
	csp := ContentSecurityPolicy(c.FrameAncestors)
	framed := len(c.FrameAncestors) > 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		if !framed {
			hd.Set("X-Frame-Options", "DENY")
		}
		h.ServeHTTP(w, r)
	})
}

// servePage writes the filled page. Its words are the server's
// configuration, so a browser asks again rather than keep an old copy.
func (c *Chat) servePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(c.page)
}

// convID is the store's id of a browser's conversation token.
func convID(token string) string { return inbound.ConversationID(Name, token) }

// Conversation tokens: 6 bytes of the creation time in milliseconds and 10
// random bytes, then the first 8 bytes of their HMAC-SHA256 under the
// server's key, all in hex (48 characters). Opening a conversation writes nothing: the
// conversation is stored with the citizen's first message, and the MAC
// lets the server tell its own tokens from made-up ones without a lookup
// (a page load is not a disk write, so reloading bots cost nothing). The
// time prefix keeps conversations created close together close in the
// database's key order: the conversations that are busy at any moment sit
// in a few B+tree pages, and a commit of many messages writes few pages.
// (With whole seconds, the thousands of conversations opened within one
// second fell in random order, and each commit wrote twice the pages.)
const (
	tokenPayload = 16
	tokenMAC     = 8
	tokenLen     = 2 * (tokenPayload + tokenMAC)
)

func (c *Chat) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, c.key)
	m.Write(payload)
	return m.Sum(nil)[:tokenMAC]
}

// newToken returns a fresh conversation token.
func (c *Chat) newToken(now time.Time) (string, error) {
	var b [tokenPayload + tokenMAC]byte
	ms := uint64(now.UnixMilli())
	binary.BigEndian.PutUint16(b[:2], uint16(ms>>32))
	binary.BigEndian.PutUint32(b[2:6], uint32(ms))
	if _, err := rand.Read(b[6:tokenPayload]); err != nil {
		return "", err
	}
	copy(b[tokenPayload:], c.mac(b[:tokenPayload]))
	return hex.EncodeToString(b[:]), nil
}

// tokenTime is when a token that checkToken accepted was issued: its
// first 6 bytes. Every message of the conversation carries it alike,
// retries too, so it orders their dedupe keys (inbound.Message's
// ExternalTime).
func tokenTime(token string) time.Time {
	var b [8]byte
	if _, err := hex.Decode(b[2:], []byte(token[:12])); err != nil {
		return time.Time{}
	}
	return time.UnixMilli(int64(binary.BigEndian.Uint64(b[:])))
}

// maxClientID is the most bytes of a message's client_id.
const maxClientID = 64

// checkToken tells a malformed token (400) from one this server did not
// issue (404).
func (c *Chat) checkToken(s string) error {
	b, err := hex.DecodeString(s)
	if len(s) != tokenLen || err != nil {
		return httpx.Webhook(http.StatusBadRequest, "bad_conversation", func(t config.WebhookErrors) string { return t.WebchatConversation }, config.HTTPErrorData{})
	}
	if !hmac.Equal(b[tokenPayload:], c.mac(b[:tokenPayload])) {
		return httpx.Webhook(http.StatusNotFound, "unknown_conversation", func(t config.WebhookErrors) string { return t.WebchatUnknown }, config.HTTPErrorData{})
	}
	return nil
}

// view is a message as the page sees it.
type view struct {
	ID   uint64 `json:"id"`
	From string `json:"from"` // citizen, bot, agent
	// Label names an agent's message as the engine says (AgentLabeler:
	// 人工客服 王芳); empty for the others, which the page names itself.
	Label  string    `json:"label,omitempty"`
	Text   string    `json:"text"`
	At     time.Time `json:"at"`
	Status string    `json:"status,omitempty"`
}

// AgentLabeler is what an Engine may also do: name an agent (agent:NAME's
// NAME) to the citizen, so that the page does not show an agent's words
// under the bot's name.
type AgentLabeler interface {
	AgentLabel(agent string) string
}

// views turns msgs into what the page shows, each agent labelled once.
func (c *Chat) views(msgs []*domain.Message) []view {
	out := make([]view, 0, len(msgs))
	labeler, _ := c.eng.(AgentLabeler)
	var labels map[string]string
	for _, m := range msgs {
		from, label := m.Sender, ""
		if agent, ok := strings.CutPrefix(from, "agent:"); ok {
			from = "agent"
			if labeler != nil {
				if labels == nil {
					labels = map[string]string{}
				}
				l, seen := labels[agent]
				if !seen {
					l = labeler.AgentLabel(agent)
					labels[agent] = l
				}
				label = l
			}
		}
		out = append(out, view{ID: m.ID, From: from, Label: label, Text: m.Text, At: m.At, Status: m.Status})
	}
	return out
}

// start opens a conversation: a token and the welcome, nothing stored.
// The welcome comes as a message with id 0; the stored copy (a real id)
// arrives with the first reply.
// MaxStartBody is the most a request opening a conversation may carry
// (it needs nothing; a client may send an empty JSON object).
const MaxStartBody = 1 << 10

func (c *Chat) start(w http.ResponseWriter, r *http.Request) error {
	// The request carries nothing; a body is refused rather than ignored.
	if _, err := httpx.ReadBody(r, MaxStartBody); err != nil {
		return err
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	at := now()
	token, err := c.newToken(at)
	if err != nil {
		return err
	}
	welcome, err := c.eng.Greeting()
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, startResponse{ConversationID: token, MaxTextLen: c.MaxTextLen,
		Messages: []view{{ID: 0, From: "bot", Text: welcome, At: at}}})
	return nil
}

// startResponse is what opening a conversation answers, and sendResponse
// what a message does: structs rather than maps, which encoding/json
// allocates, walks and sorts at every request; their fields are in the
// maps' key order, so the bytes are the same (TestResponsesAsMaps).
type startResponse struct {
	ConversationID string `json:"conversation_id"`
	MaxTextLen     int    `json:"max_text_len"`
	Messages       []view `json:"messages"`
}

type sendResponse struct {
	Duplicate bool   `json:"duplicate"`
	MessageID uint64 `json:"message_id"`
	Replies   []view `json:"replies"`
}

type sendRequest struct {
	ConversationID string `json:"conversation_id"`
	Text           string `json:"text"`
	// ClientID is the browser's id for this message: a retried POST with
	// the same id is recognised and not handled twice.
	ClientID string `json:"client_id"`
}

func (c *Chat) send(w http.ResponseWriter, r *http.Request) error {
	var req sendRequest
	if err := httpx.DecodeJSON(r, MaxBody, &req); err != nil {
		return err
	}
	if err := c.checkToken(req.ConversationID); err != nil {
		return err
	}
	if len(req.ClientID) > maxClientID {
		return httpx.Webhook(http.StatusBadRequest, "bad_client_id", func(t config.WebhookErrors) string { return t.WebchatClientID }, config.HTTPErrorData{Max: maxClientID})
	}
	// The client id is unique only within its browser's conversation.
	ext := ""
	if req.ClientID != "" {
		ext = req.ConversationID + ":" + req.ClientID
	}
	res, err := c.eng.Handle(r.Context(), inbound.Message{
		Channel: Name, UserID: req.ConversationID, ConversationID: convID(req.ConversationID),
		ExternalID: ext, ExternalTime: tokenTime(req.ConversationID), Text: req.Text, Create: true, Welcomed: true,
	})
	if err != nil {
		return engineError(err)
	}
	replies := make([]view, 0, len(res.Replies))
	for _, e := range res.Replies {
		replies = append(replies, view{ID: e.MessageID, From: "bot", Text: e.Text, At: e.At})
	}
	httpx.WriteJSON(w, http.StatusOK, sendResponse{Duplicate: res.Duplicate, MessageID: res.MessageID, Replies: replies})
	return nil
}

func engineError(err error) error {
	var ie *inbound.InputError
	if errors.As(err, &ie) {
		status := http.StatusBadRequest
		if ie.Code == "unknown_conversation" {
			status = http.StatusNotFound
		}
		return httpx.Errorf(status, ie.Code, "%s", ie.Msg)
	}
	return err
}

func (c *Chat) params(r *http.Request) (token string, after uint64, err error) {
	token = r.URL.Query().Get("conversation_id")
	if err := c.checkToken(token); err != nil {
		return "", 0, err
	}
	if a := r.URL.Query().Get("after"); a != "" {
		if after, err = strconv.ParseUint(a, 10, 64); err != nil {
			return "", 0, httpx.Webhook(http.StatusBadRequest, "bad_after", func(t config.WebhookErrors) string { return t.WebchatAfter }, config.HTTPErrorData{})
		}
	}
	if a := r.Header.Get("Last-Event-ID"); a != "" {
		if id, err := strconv.ParseUint(a, 10, 64); err == nil && id > after {
			after = id
		}
	}
	return token, after, nil
}

// read returns the stored messages after `after`; a conversation with no
// message yet has none.
func (c *Chat) read(token string, after uint64) ([]*domain.Message, error) {
	_, msgs, err := c.eng.Conversation(convID(token), after)
	if errors.Is(err, inbound.ErrNotFound) {
		return nil, nil
	}
	return msgs, err
}

// poll answers with the messages after `after`, waiting up to PollWait for
// one to arrive (wait=0: answer at once).
func (c *Chat) poll(w http.ResponseWriter, r *http.Request) error {
	token, after, err := c.params(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("wait") == "0" {
		msgs, err := c.read(token, after)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"messages": c.views(msgs)})
		return nil
	}
	events, cancel := c.hub.SubscribeConversation(convID(token))
	defer cancel()
	timeout := time.NewTimer(c.PollWait)
	defer timeout.Stop()
	for {
		msgs, err := c.read(token, after)
		if err != nil {
			return err
		}
		if len(msgs) > 0 {
			httpx.WriteJSON(w, http.StatusOK, map[string]any{"messages": c.views(msgs)})
			return nil
		}
		select {
		case <-events:
		case <-timeout.C:
			httpx.WriteJSON(w, http.StatusOK, map[string]any{"messages": []view{}})
			return nil
		case <-r.Context().Done():
			return nil
		}
	}
}

// events streams the conversation's messages as Server-Sent Events, one
// event per message with its id, so a reconnecting EventSource resumes.
func (c *Chat) events(w http.ResponseWriter, r *http.Request) error {
	token, after, err := c.params(r)
	if err != nil {
		return err
	}
	if _, err := c.read(token, after); err != nil {
		return err
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		return httpx.ErrNoStream
	}
	events, cancel := c.hub.SubscribeConversation(convID(token))
	defer cancel()
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		msgs, err := c.read(token, after)
		if err != nil {
			return nil
		}
		for _, v := range c.views(msgs) {
			data, _ := jsonLine(v)
			fmt.Fprintf(w, "id: %d\nevent: message\ndata: %s\n\n", v.ID, data)
			after = v.ID
		}
		flusher.Flush()
		select {
		case <-events:
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			flusher.Flush()
		case <-r.Context().Done():
			return nil
		}
	}
}

// Descriptor describes the web chat to the server: on unless
// channels.webchat.disabled. Its conversation tokens are signed with a key
// the store keeps ("webchat:token-key"); the page reads replies from the
// conversation, so the engine marks them delivered at once.
var Descriptor = channels.Descriptor{
	Name:  Name,
	Label: "网页",
	On:    func(cfg *config.Config) bool { return !cfg.Channels.Webchat.Disabled },
	Check: func(c *config.Config, p *config.Checker) {
		p.Path("channels.webchat.path", c.Channels.Webchat.Path)
		p.Origins("channels.webchat.frame_ancestors", c.Channels.Webchat.FrameAncestors)
	},
	Direct: true,
	New: func(d channels.Deps) (channels.Channel, error) {
		key, err := d.Secret("webchat:token-key")
		if err != nil {
			return nil, err
		}
		c := New(d.Engine, d.Hub, d.Config.Channels.Webchat.Path, key)
		c.MaxTextLen = d.Config.Bot.MaxTextLen
		c.FrameAncestors = d.Config.Channels.Webchat.FrameAncestors
		c.Now = d.Now
		if err := c.SetPage(d.Config); err != nil {
			return nil, err
		}
		return c, nil
	},
}
