package sms

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/httpx"
	"hotline/inbound"
	"hotline/logx"
	"hotline/outbound"
)

// Name is the channel name, whichever gateway carries it.
const Name = "sms"

// MaxBody is the largest SMS request accepted: a webhook body (an SMS
// is tiny; Twilio adds a few dozen form fields), and the text of a Kannel
// get-url call (text=%b in the query). Anything larger is a 413 and
// nothing is stored.
const MaxBody = 16 << 10

// maxQuery is the largest query string accepted on the Kannel endpoints:
// a text of MaxBody bytes, every byte percent-escaped, plus room for the
// other escapes (sender, id, time, secret).
const maxQuery = 3*MaxBody + 2<<10

// ErrOptedOut is the (permanent) error of a Send to a recipient who
// opted out of SMS.
var ErrOptedOut = errors.New("sms: the recipient opted out of SMS (退订)")

// Engine is what the SMS channel needs of the conversation engine.
type Engine interface {
	Handle(ctx context.Context, m inbound.Message) (*inbound.Result, error)
	DeliveryRecorder
	OptOuts
}

// DeliveryRecorder records gateway delivery reports (Kannel DLRs, Twilio
// status callbacks) on the outbound message queued under key.
type DeliveryRecorder interface {
	RecordDelivery(key string, status string, at time.Time) error
}

// OptOuts tells whether a recipient opted out of a channel.
type OptOuts interface {
	OptedOut(channel, userID string) bool
}

// Options configure an SMS channel beyond its gateway's settings.
type Options struct {
	Engine Engine
	SMS    config.SMS
	// Replies hold the opt-out confirmation (replies.sms_opt_out).
	Replies config.Replies
	// BaseURL is the gateway's public URL (server.base_url); callback URLs
	// that are not configured are built from it.
	BaseURL string
	// City and Hotline name the office in the opt-out confirmation.
	City, Hotline string
	Location      *time.Location   // times without a zone (X-Kannel-Time); default Asia/Shanghai
	Logger        *slog.Logger     // default: discard
	Client        *http.Client     // default: 20-second timeout
	Now           func() time.Time // default time.Now

	// Key is the HMAC key that names SMS conversations: with it, a
	// number's conversation is "sms:" and 20 hex digits of
	// HMAC-SHA256(Key, number) (see ConversationID), so that its id shows
	// no phone number; without it the engine names it sms:+86….
	Key []byte
}

// gateway is one SMS provider's wire protocol.
type gateway interface {
	routes(mux *http.ServeMux)
	// deliver sends one part; key (empty for none) goes into the delivery
	// report callback together with the part number.
	deliver(ctx context.Context, to, text, key string, part, parts int) error
}

// Channel is the SMS channel: inbound webhooks and outbound delivery over
// one gateway (Kannel or Twilio), with what SMS needs on top: one number
// format, SMS-sized replies, opt-out and a per-recipient rate limit.
type Channel struct {
	gw    gateway
	eng   Engine
	log   *slog.Logger
	cfg   config.SMS
	loc   *time.Location
	now   func() time.Time
	limit *limiter
	key   []byte
	// optOutText confirms an opt-out.
	optOutText string

	mu sync.Mutex
	// done remembers the parts of a message the gateway accepted, so that
	// a retry after a partial failure sends only the rest.
	done map[string]time.Time
}

func newChannel(o Options) (*Channel, error) {
	if o.Engine == nil {
		return nil, errors.New("sms: an engine is required")
	}
	c := &Channel{eng: o.Engine, log: o.Logger, cfg: o.SMS, loc: o.Location, now: o.Now, key: o.Key, done: map[string]time.Time{}}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	c.log = c.log.With("channel", Name)
	if c.loc == nil {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			loc = time.FixedZone("CST", 8*3600)
		}
		c.loc = loc
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.cfg.MaxParts <= 0 {
		c.cfg.MaxParts = DefaultMaxParts
	}
	c.limit = newLimiter(c.cfg.RatePerHour, time.Hour)
	hotline := o.Hotline
	if hotline == "" {
		hotline = "12345"
	}
	tmpl, err := template.New("sms_opt_out").Parse(o.Replies.SMSOptOut)
	if err != nil {
		return nil, fmt.Errorf("sms: replies.sms_opt_out: %w", err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, config.ReplyData{City: o.City, Hotline: hotline}); err != nil {
		return nil, fmt.Errorf("sms: replies.sms_opt_out: %w", err)
	}
	if c.optOutText = strings.TrimSpace(b.String()); c.optOutText == "" {
		return nil, errors.New("sms: replies.sms_opt_out is empty")
	}
	return c, nil
}

func httpClient(c *http.Client) *http.Client {
	if c != nil {
		return c
	}
	return &http.Client{Timeout: 20 * time.Second}
}

// Name implements channels.Channel.
func (c *Channel) Name() string { return Name }

// Routes implements channels.Channel.
func (c *Channel) Routes(mux *http.ServeMux) { c.gw.routes(mux) }

// Send implements outbound.Sender. It refuses (permanently) a recipient who
// opted out or is not a phone number, answers a recipient over the hourly
// limit with a retryable error (the outbox backs off and comes back), and
// sends the reply as SMS-sized parts, each at most once.
func (c *Channel) Send(ctx context.Context, o outbound.Message) error {
	to, err := e164(o.To)
	if err != nil {
		return outbound.Permanent(fmt.Errorf("sms: unable to send to %s: %w", logx.Mask(o.To), err))
	}
	if c.eng.OptedOut(Name, to) {
		return outbound.Permanent(ErrOptedOut)
	}
	parts := Split(o.Text, c.cfg.MaxParts)
	if len(parts) == 0 {
		c.log.Info("nothing to send after cleaning the text for SMS", "key", o.ID)
		return nil
	}
	release := func() {}
	if !c.started(o.ID) {
		ok, wait, rel := c.limit.reserve(to, c.now())
		if !ok {
			return fmt.Errorf("sms: %s reached %d messages an hour; retry in %s", logx.Mask(to), c.cfg.RatePerHour, wait.Round(time.Second))
		}
		release = rel
	}
	for i, p := range parts {
		pk := partKey(o.ID, i)
		if c.accepted(pk) {
			continue
		}
		if err := c.gw.deliver(ctx, to, p, o.ID, i+1, len(parts)); err != nil {
			if i == 0 {
				release()
			}
			return err
		}
		c.markAccepted(pk)
	}
	return nil
}

func partKey(key string, i int) string { return fmt.Sprintf("%s#%d", key, i) }

// started reports whether some part of the message was already accepted.
func (c *Channel) started(key string) bool { return key != "" && c.accepted(partKey(key, 0)) }

func (c *Channel) accepted(pk string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.done[pk]
	return ok
}

func (c *Channel) markAccepted(pk string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	c.done[pk] = now
	if len(c.done) > 4096 {
		for k, at := range c.done {
			if now.Sub(at) > 24*time.Hour {
				delete(c.done, k)
			}
		}
	}
}

// isOptOut reports whether text is one of the configured opt-out words
// (退订, TD, T), ignoring case, spaces and final punctuation.
func (c *Channel) isOptOut(text string) bool {
	t := strings.ToLower(strings.Trim(strings.TrimSpace(text), "。.!！~ "))
	if t == "" {
		return false
	}
	for _, w := range c.cfg.OptOutWords {
		if t == strings.ToLower(strings.TrimSpace(w)) {
			return true
		}
	}
	return false
}

// handled is what handling an SMS gave.
type handled struct {
	res *inbound.Result
	// confirmOptOut: the citizen just opted out; answer once with
	// optOutText.
	confirmOptOut bool
	// ignored: nothing to handle (an empty SMS).
	ignored bool
}

// handle hands one SMS to the engine; an opt-out word becomes the
// engine's "unsubscribe" event. The channel keeps no opt-out state of its
// own: whether a number opted out is the engine's answer, which it clears
// when the citizen writes again with anything but an opt-out word (a
// citizen who texts the hotline wants an answer), so replies flow again.
func (c *Channel) handle(ctx context.Context, m inbound.Message) (handled, error) {
	if strings.TrimSpace(m.Text) == "" && len(m.Media) == 0 {
		c.log.Info("ignoring an empty SMS", "from", logx.Mask(m.UserID))
		return handled{ignored: true}, nil
	}
	var confirm bool
	if c.isOptOut(m.Text) {
		m.Event = "unsubscribe"
		confirm = !c.eng.OptedOut(Name, m.UserID)
	}
	res, err := c.eng.Handle(ctx, m)
	if err != nil {
		var ie *inbound.InputError
		if errors.As(err, &ie) {
			return handled{}, httpx.Errorf(http.StatusBadRequest, ie.Code, "%s", ie.Msg)
		}
		return handled{}, err
	}
	if res.Duplicate {
		confirm = false
	}
	if m.Event == "unsubscribe" {
		c.log.Info("citizen opted out of SMS", "from", logx.Mask(m.UserID), "first_time", confirm)
	}
	return handled{res: res, confirmOptOut: confirm}, nil
}

// message builds the engine's message for an SMS from a normalised
// number. With a key the conversation is named by ConversationID and
// created by the first SMS; the user id stays the number (replies go to
// it). stamped is the gateway's own time of the message, the same in its
// retries (zero when it sends none): the dedupe key's time.
func (c *Channel) message(from, externalID, text string, at, stamped time.Time) inbound.Message {
	m := inbound.Message{
		Channel: Name, UserID: from, ExternalID: externalID, ExternalTime: stamped, Text: text,
		Phone: domain.Number(from).National(), ReceivedAt: at,
	}
	if id := ConversationID(c.key, from); id != "" {
		m.ConversationID, m.Create = id, true
	}
	return m
}

// ConversationID is the id of the SMS conversation with the number e164
// under key: Name, ":" and the first 20 hex digits (80 bits) of
// HMAC-SHA256(key, e164). It is empty without a key.
func ConversationID(key []byte, e164 string) string {
	if len(key) == 0 {
		return ""
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(e164))
	return Name + ":" + hex.EncodeToString(mac.Sum(nil))[:20]
}
