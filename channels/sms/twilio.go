package sms

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"hotline/config"
	"hotline/httpx"
	"hotline/inbound"
	"hotline/logx"
	"hotline/outbound"
)

// Twilio defaults.
const (
	DefaultTwilioPath    = "/channels/sms/twilio"
	DefaultTwilioAPIBase = "https://api.twilio.com"
)

// Twilio error codes that retrying cannot fix.
var twilioPermanentCodes = map[int]string{
	21211: "invalid 'To' phone number",
	21610: "the recipient unsubscribed (STOP)",
	21614: "'To' is not a mobile number",
}

// twilio speaks Twilio's Messaging webhooks and REST API (or a compatible
// provider's).
type twilio struct {
	c       *Channel
	cfg     config.Twilio
	path    string
	apiBase string
	// base is the public URL prefix the gateway is reached at (for status
	// callbacks and their signatures); empty when unknown.
	base   string
	client *http.Client
}

// NewTwilio returns the SMS channel over Twilio. The webhook (set it as
// "A message comes in" of the phone number) is cfg.Path, default
// /channels/sms/twilio; Twilio signs it with the URL it calls, which is
// cfg.WebhookURL, or Options.BaseURL + cfg.Path.
func NewTwilio(t config.Twilio, o Options) (*Channel, error) {
	c, err := newChannel(o)
	if err != nil {
		return nil, err
	}
	if t.AccountSID == "" || t.AuthToken == "" || t.From == "" {
		return nil, errors.New("sms: channels.twilio.account_sid, auth_token and from are required")
	}
	g := &twilio{c: c, cfg: t, path: strings.TrimSuffix(t.Path, "/"), apiBase: strings.TrimSuffix(t.APIBaseURL, "/"), client: httpClient(o.Client)}
	if g.path == "" {
		g.path = DefaultTwilioPath
	}
	if g.apiBase == "" {
		g.apiBase = DefaultTwilioAPIBase
	}
	if from, err := e164(t.From); err == nil && strings.HasPrefix(from, "+") {
		g.cfg.From = from
	}
	switch {
	case t.WebhookURL != "":
		u, err := url.Parse(t.WebhookURL)
		if err != nil {
			return nil, fmt.Errorf("sms: unable to parse channels.twilio.webhook_url: %w", err)
		}
		prefix, _ := strings.CutSuffix(strings.TrimSuffix(u.Path, "/"), g.path)
		g.base = u.Scheme + "://" + u.Host + prefix
	case o.BaseURL != "":
		g.base = strings.TrimSuffix(o.BaseURL, "/")
	}
	c.gw = g
	return c, nil
}

func (g *twilio) routes(mux *http.ServeMux) {
	mux.Handle("POST "+g.path, httpx.Handle(g.incoming))
	mux.Handle("POST "+g.path+"/status", httpx.Handle(g.status))
}

// TwilioSignature computes X-Twilio-Signature: base64 of the HMAC-SHA1,
// keyed with the auth token, of the full URL followed by every POST
// parameter's name and value, sorted by name (the values of a repeated
// name sorted and deduplicated, as twilio-python does).
func TwilioSignature(authToken, fullURL string, form url.Values) string {
	mac := hmac.New(sha1.New, []byte(authToken))
	io.WriteString(mac, fullURL)
	for _, k := range slices.Sorted(maps.Keys(form)) {
		vs := slices.Clone(form[k])
		slices.Sort(vs)
		for _, v := range slices.Compact(vs) {
			io.WriteString(mac, k)
			io.WriteString(mac, v)
		}
	}
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// ValidTwilioSignature reports whether sig signs form for one of urls,
// comparing in constant time.
func ValidTwilioSignature(authToken, sig string, form url.Values, urls ...string) bool {
	if sig == "" || authToken == "" {
		return false
	}
	ok := false
	for _, u := range urls {
		if hmac.Equal([]byte(TwilioSignature(authToken, u, form)), []byte(sig)) {
			ok = true
		}
	}
	return ok
}

// portVariants returns u as given, and with its default port added or
// removed: Twilio signs the URL as it was configured, and proxies differ
// in whether they keep ":443".
func portVariants(raw string) []string {
	out := []string{raw}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return out
	}
	def := map[string]string{"https": "443", "http": "80"}[u.Scheme]
	if def == "" {
		return out
	}
	v := *u
	switch u.Port() {
	case "":
		v.Host = u.Host + ":" + def
	case def:
		v.Host = u.Hostname()
		if strings.Contains(v.Host, ":") {
			v.Host = "[" + v.Host + "]"
		}
	default:
		return out
	}
	return append(out, v.String())
}

// signedURLs are the URLs Twilio may have signed the request with.
func (g *twilio) signedURLs(r *http.Request) []string {
	var full string
	switch {
	case r.URL.Path == g.path && g.cfg.WebhookURL != "":
		full = g.cfg.WebhookURL
	case g.base != "":
		full = g.base + r.URL.RequestURI()
	default:
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
			scheme = p
		}
		full = scheme + "://" + r.Host + r.URL.RequestURI()
	}
	return portVariants(full)
}

// verify reads the form and checks its signature; a request that fails
// gets a 403 and nothing is stored.
func (g *twilio) verify(r *http.Request) (url.Values, error) {
	body, err := httpx.ReadBody(r, MaxBody)
	if err != nil {
		return nil, err
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, httpx.Webhook(http.StatusBadRequest, "bad_form", func(t config.WebhookErrors) string { return t.TwilioForm }, config.HTTPErrorData{Error: err.Error()})
	}
	if !ValidTwilioSignature(g.cfg.AuthToken, r.Header.Get("X-Twilio-Signature"), form, g.signedURLs(r)...) {
		return nil, httpx.Webhook(http.StatusForbidden, "bad_signature", func(t config.WebhookErrors) string { return t.TwilioSignature }, config.HTTPErrorData{})
	}
	return form, nil
}

// TwilioMO is one incoming message from Twilio's webhook.
type TwilioMO struct {
	From, To string // normalised
	SID      string
	Text     string
	Media    []inbound.Media
}

// ParseTwilioMO reads an incoming message from a (verified) webhook form.
func ParseTwilioMO(form url.Values) (TwilioMO, error) {
	var mo TwilioMO
	from := form.Get("From")
	if from == "" {
		return mo, errors.New("no sender (From)")
	}
	var err error
	if mo.From, err = e164(from); err != nil {
		return mo, fmt.Errorf("sender %q: %w", logx.Mask(from), err)
	}
	if mo.To, err = e164(form.Get("To")); err != nil {
		mo.To = form.Get("To")
	}
	mo.SID = firstNonEmpty(form.Get("MessageSid"), form.Get("SmsSid"))
	if len(mo.SID) > 64 {
		return mo, errors.New("message sid longer than 64 bytes")
	}
	mo.Text = clean(form.Get("Body"))
	n, _ := strconv.Atoi(form.Get("NumMedia"))
	for i := range min(max(n, 0), 10) {
		u := form.Get("MediaUrl" + strconv.Itoa(i))
		if u == "" {
			continue
		}
		mo.Media = append(mo.Media, inbound.Media{Kind: mediaKind(form.Get("MediaContentType" + strconv.Itoa(i))), ID: u, URL: u})
	}
	return mo, nil
}

func mediaKind(contentType string) string {
	switch {
	case strings.HasPrefix(contentType, "image/"):
		return "image"
	case strings.HasPrefix(contentType, "audio/"):
		return "voice"
	case strings.HasPrefix(contentType, "video/"):
		return "video"
	}
	return "file"
}

// incoming handles "A message comes in". The engine's replies, when its
// transaction runs within channels.sms.reply_budget, go back as TwiML;
// otherwise the answer is an empty <Response/> and the outbox sends them
// through the REST API.
func (g *twilio) incoming(w http.ResponseWriter, r *http.Request) error {
	form, err := g.verify(r)
	if err != nil {
		return err
	}
	mo, err := ParseTwilioMO(form)
	if err != nil {
		return httpx.Webhook(http.StatusBadRequest, "bad_sms", func(t config.WebhookErrors) string { return t.SMSMalformed }, config.HTTPErrorData{Error: err.Error()})
	}
	// Twilio sends no time of the message: its dedupe key has none.
	m := g.c.message(mo.From, mo.SID, mo.Text, g.c.now(), time.Time{})
	m.Media = mo.Media
	if budget := g.c.cfg.ReplyBudget.D(); budget > 0 && !g.c.isOptOut(mo.Text) {
		// Replies ready within the budget go back as TwiML; the engine
		// then records them as sent by this answer. That holds for a
		// citizen who opted out earlier too: writing again re-subscribes.
		m.PassiveBy = g.c.now().Add(budget)
	}
	in, err := g.c.handle(r.Context(), m)
	if err != nil {
		return err
	}
	var texts []string
	switch {
	case in.ignored || in.res.Duplicate:
	case in.confirmOptOut:
		texts = []string{g.c.optOutText}
	case g.c.eng.OptedOut(Name, mo.From):
		// Asked after the engine handled the SMS, which cleared an
		// earlier opt-out unless the SMS was itself an opt-out word (then
		// nothing was claimed: PassiveBy was not set).
		if in.res.Passive && len(in.res.Replies) > 0 {
			g.c.log.Warn("the engine claimed replies for a number that is still opted out; not sending them", "to", logx.Mask(mo.From))
		}
	case in.res.Passive:
		for _, e := range in.res.Replies {
			texts = append(texts, e.Text)
		}
	}
	var parts []string
	for _, t := range texts {
		parts = append(parts, Split(t, g.c.cfg.MaxParts)...)
		g.c.limit.note(mo.From, g.c.now())
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, err = io.WriteString(w, TwiML(parts...))
	return err
}

// TwiML returns a <Response> sending each text as one <Message>; with no
// text it is the empty <Response/> (no reply).
func TwiML(texts ...string) string {
	if len(texts) == 0 {
		return xml.Header + "<Response/>"
	}
	var b strings.Builder
	b.WriteString(xml.Header + "<Response>")
	for _, t := range texts {
		b.WriteString("<Message>")
		_ = xml.EscapeText(&b, []byte(t))
		b.WriteString("</Message>")
	}
	b.WriteString("</Response>")
	return b.String()
}

// twilioStatus maps MessageStatus to delivery statuses; the others
// (queued, sending, accepted, scheduled) say nothing new.
var twilioStatus = map[string]string{
	"sent":        outbound.DeliverySMSCAck,
	"delivered":   outbound.DeliveryDelivered,
	"read":        outbound.DeliveryDelivered,
	"undelivered": outbound.DeliveryFailed,
	"failed":      outbound.DeliveryFailed,
}

// TwilioStatusReport is one status callback: the part of the message it
// is about (from the StatusCallback URL the gateway set) and what Twilio
// says of it.
type TwilioStatusReport struct {
	Key         string // the outbox key the message was sent under
	Part, Parts int
	// Status is an outbound.Delivery* status, or empty for a MessageStatus that
	// says nothing new (queued, sending, accepted, scheduled, unknown).
	Status    string
	ErrorCode string
}

// ParseTwilioStatus reads a status callback: its query
// (key=<encoded key>&part=i/n) and its (verified) form. Errors are 400s.
func ParseTwilioStatus(q, form url.Values) (TwilioStatusReport, error) {
	var s TwilioStatusReport
	var err error
	if s.Key, err = decodeKey(q.Get("key")); err != nil {
		return s, httpx.Webhook(http.StatusBadRequest, "bad_key", func(t config.WebhookErrors) string { return t.SMSKey }, config.HTTPErrorData{})
	}
	var ok bool
	if s.Part, s.Parts, ok = parsePart(q.Get("part")); !ok {
		return s, httpx.Webhook(http.StatusBadRequest, "bad_part", func(t config.WebhookErrors) string { return t.SMSPart }, config.HTTPErrorData{})
	}
	s.Status = twilioStatus[form.Get("MessageStatus")]
	s.ErrorCode = form.Get("ErrorCode")
	return s, nil
}

// status handles a status callback (see ParseTwilioStatus).
func (g *twilio) status(w http.ResponseWriter, r *http.Request) error {
	form, err := g.verify(r)
	if err != nil {
		return err
	}
	s, err := ParseTwilioStatus(r.URL.Query(), form)
	if err != nil {
		return err
	}
	if s.Status != "" && settles(s.Status, s.Part, s.Parts) {
		if err := g.c.eng.RecordDelivery(s.Key, s.Status, g.c.now()); err != nil {
			if !errors.Is(err, outbound.ErrUnknownMessage) {
				return err
			}
			g.c.log.Info("status callback for an unknown message", "key", s.Key, "status", s.Status)
		}
	}
	if s.Status == outbound.DeliveryFailed {
		g.c.log.Warn("twilio could not deliver an SMS", "key", s.Key, "error_code", s.ErrorCode)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// twilioError is the REST API's error body.
type twilioError struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
}

// deliver sends one part with the Messages resource.
func (g *twilio) deliver(ctx context.Context, to, text, key string, part, parts int) error {
	form := url.Values{"To": {to}, "From": {g.cfg.From}, "Body": {text}}
	if key != "" && g.base != "" {
		form.Set("StatusCallback", fmt.Sprintf("%s%s/status?key=%s&part=%d/%d", g.base, g.path, encodeKey(key), part, parts))
	}
	endpoint := g.apiBase + "/2010-04-01/Accounts/" + url.PathEscape(g.cfg.AccountSID) + "/Messages.json"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return outbound.Permanent(fmt.Errorf("sms: unable to build twilio request: %w", err))
	}
	req.SetBasicAuth(g.cfg.AccountSID, g.cfg.AuthToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := g.client.Do(req)
	if err != nil {
		return fmt.Errorf("sms: unable to reach twilio: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<10))
	if resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK {
		return nil
	}
	var te twilioError
	_ = json.Unmarshal(b, &te)
	err = fmt.Errorf("sms: twilio answered %d (code %d): %s", resp.StatusCode, te.Code, te.Message)
	switch {
	case twilioPermanentCodes[te.Code] != "":
		return outbound.Permanent(fmt.Errorf("%w: %s", err, twilioPermanentCodes[te.Code]))
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return err
	case resp.StatusCode >= 400:
		return outbound.Permanent(err)
	}
	return err
}
