package sms

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"hotline/config"
	"hotline/httpx"
	"hotline/logx"
	"hotline/outbound"
)

// DefaultKannelPath is where Kannel's smsbox posts incoming SMS; delivery
// reports go to DefaultKannelPath + "/dlr".
const DefaultKannelPath = "/channels/sms/kannel"

// KannelTimeLayout is the format of X-Kannel-Time and of the %t escape.
const KannelTimeLayout = "2006-01-02 15:04:05"

// kannel speaks to Kannel: smsbox calls the post-url (or get-url) for
// every incoming SMS and the dlr-url for delivery reports; replies go out
// through smsbox's sendsms interface.
type kannel struct {
	c       *Channel
	cfg     config.Kannel
	path    string
	dlrBase string
	client  *http.Client
	allow   []netip.Prefix
}

// NewKannel returns the SMS channel over Kannel.
func NewKannel(k config.Kannel, o Options) (*Channel, error) {
	c, err := newChannel(o)
	if err != nil {
		return nil, err
	}
	if k.SendURL == "" {
		return nil, errors.New("sms: channels.kannel.send_url is required")
	}
	if _, err := url.Parse(k.SendURL); err != nil {
		return nil, fmt.Errorf("sms: unable to parse channels.kannel.send_url: %w", err)
	}
	if k.Secret == "" && len(k.AllowIPs) == 0 {
		return nil, errors.New("sms: channels.kannel.secret or channels.kannel.allow_ips must be set (Kannel signs nothing)")
	}
	g := &kannel{c: c, cfg: k, path: strings.TrimSuffix(k.Path, "/"), client: httpClient(o.Client)}
	if g.path == "" {
		g.path = DefaultKannelPath
	}
	for _, a := range k.AllowIPs {
		p, err := netip.ParsePrefix(a)
		if err != nil {
			addr, aerr := netip.ParseAddr(a)
			if aerr != nil {
				return nil, fmt.Errorf("sms: unable to parse channels.kannel.allow_ips entry %q: %w", a, err)
			}
			p = netip.PrefixFrom(addr, addr.BitLen())
		}
		g.allow = append(g.allow, p.Masked())
	}
	switch {
	case k.DLRURL != "":
		g.dlrBase = k.DLRURL
	case o.BaseURL != "":
		g.dlrBase = strings.TrimSuffix(o.BaseURL, "/") + g.path + "/dlr"
	default:
		c.log.Warn("no channels.kannel.dlr_url and no server.base_url: SMS go out without delivery reports")
	}
	c.gw = g
	return c, nil
}

func (g *kannel) routes(mux *http.ServeMux) {
	mo := httpx.Handle(g.mo)
	mux.Handle("GET "+g.path, mo)
	mux.Handle("POST "+g.path, mo)
	dlr := httpx.Handle(g.dlr)
	mux.Handle("GET "+g.path+"/dlr", dlr)
	mux.Handle("POST "+g.path+"/dlr", dlr)
}

// authorize checks the shared secret and the peer address.
func (g *kannel) authorize(r *http.Request) error {
	if g.cfg.Secret != "" {
		got := r.URL.Query().Get("secret")
		if subtle.ConstantTimeCompare([]byte(got), []byte(g.cfg.Secret)) != 1 {
			return httpx.Webhook(http.StatusForbidden, "bad_secret", func(t config.WebhookErrors) string { return t.KannelSecret }, config.HTTPErrorData{})
		}
	}
	if len(g.allow) > 0 {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		addr, err := netip.ParseAddr(host)
		ok := false
		if err == nil {
			addr = addr.Unmap()
			for _, p := range g.allow {
				if p.Contains(addr) {
					ok = true
					break
				}
			}
		}
		if !ok {
			return httpx.Webhook(http.StatusForbidden, "not_allowed", func(t config.WebhookErrors) string { return t.KannelAddress }, config.HTTPErrorData{})
		}
	}
	return nil
}

// KannelMO is one incoming SMS as smsbox delivers it.
type KannelMO struct {
	From, To string // normalised (NormalizePhone)
	ID       string // Kannel's message id (%I), or a digest when absent
	Text     string
	At       time.Time // Stamped, or the time it came when smsbox sent none
	// Stamped is smsbox's own time of the message (ts=%T, X-Kannel-Time),
	// the same in its retries of the push; zero when it sent none.
	Stamped time.Time
}

// ParseKannelMO reads an incoming SMS from smsbox's get-url/post-url call:
// the query (from=%p, to=%P, id=%I, ts=%T, coding=%c, charset=%C, and for
// get-url text=%b), the X-Kannel-* headers, and for post-url the body.
// The text is decoded by the charset hint (charset=, the Content-Type's
// charset) or the coding (2 = UCS-2, sent as UTF-16BE); with mo-recode
// smsbox has already made it UTF-8. A time without a zone (X-Kannel-Time)
// is read in loc.
func ParseKannelMO(q url.Values, h http.Header, body []byte, loc *time.Location, now time.Time) (KannelMO, error) {
	var mo KannelMO
	from := firstNonEmpty(q.Get("from"), h.Get("X-Kannel-From"))
	if from == "" {
		return mo, errors.New("no sender: add from=%p to the post-url")
	}
	var err error
	if mo.From, err = e164(from); err != nil {
		return mo, fmt.Errorf("sender %q: %w", logx.Mask(from), err)
	}
	if to := firstNonEmpty(q.Get("to"), h.Get("X-Kannel-To")); to != "" {
		if mo.To, err = e164(to); err != nil {
			mo.To = to
		}
	}
	raw, charset := body, ""
	if q.Has("text") {
		raw = []byte(q.Get("text"))
	} else if ct := h.Get("Content-Type"); ct != "" {
		if _, params, err := mime.ParseMediaType(ct); err == nil {
			charset = params["charset"]
		}
	}
	charset = firstNonEmpty(q.Get("charset"), charset)
	coding := firstNonEmpty(q.Get("coding"), h.Get("X-Kannel-Coding"))
	if mo.Text, err = DecodeText(raw, charset, coding); err != nil {
		return mo, err
	}
	mo.At = now
	if ts := q.Get("ts"); ts != "" {
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil || sec <= 0 || sec > 1<<40 {
			return mo, fmt.Errorf("ts %q is not a unix time (use ts=%%T)", ts)
		}
		mo.At = time.Unix(sec, 0).In(loc)
		mo.Stamped = mo.At
	} else if kt := h.Get("X-Kannel-Time"); kt != "" {
		if t, err := time.ParseInLocation(KannelTimeLayout, kt, loc); err == nil {
			mo.At, mo.Stamped = t, t
		}
	}
	mo.ID = q.Get("id")
	if len(mo.ID) > 128 {
		return mo, errors.New("id longer than 128 bytes")
	}
	if mo.ID == "" && (q.Has("ts") || h.Get("X-Kannel-Time") != "") {
		// Without %I a retried push is recognised by its content and time.
		sum := sha256.Sum256([]byte(mo.From + "\x00" + mo.To + "\x00" + mo.At.UTC().Format(time.RFC3339) + "\x00" + mo.Text))
		mo.ID = "h:" + hex.EncodeToString(sum[:12])
	}
	return mo, nil
}

// DecodeText turns an SMS body into UTF-8 text. charset is Kannel's
// charset name (%C, the Content-Type's charset); coding its data coding
// (%c, X-Kannel-Coding: 0 = 7-bit, 1 = 8-bit, 2 = UCS-2). Without a
// charset, coding 2 means UTF-16BE.
func DecodeText(raw []byte, charset, coding string) (string, error) {
	cs := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(charset), "_", "-"))
	switch {
	case cs == "UTF-16BE" || cs == "UTF-16" || cs == "UCS-2" || cs == "UCS2" || cs == "UCS-2BE" || cs == "UNICODEBIG" ||
		(cs == "" && strings.TrimSpace(coding) == "2"):
		return decodeUTF16(raw)
	case cs == "UTF-16LE" || cs == "UCS-2LE":
		return decodeUTF16LE(raw)
	case cs == "ISO-8859-1" || cs == "LATIN1" || cs == "WINDOWS-1252":
		if utf8.Valid(raw) {
			return clean(string(raw)), nil
		}
		rs := make([]rune, len(raw))
		for i, b := range raw {
			rs[i] = rune(b)
		}
		return clean(string(rs)), nil
	case cs == "" || cs == "UTF-8" || cs == "UTF8" || cs == "US-ASCII" || cs == "ASCII":
		if !utf8.Valid(raw) {
			return "", fmt.Errorf("text is not valid UTF-8 (charset %q, coding %q): set mo-recode = true", charset, coding)
		}
		return clean(string(raw)), nil
	}
	if utf8.Valid(raw) {
		return clean(string(raw)), nil
	}
	return "", fmt.Errorf("unsupported charset %q", charset)
}

func decodeUTF16(raw []byte) (string, error) {
	if len(raw) >= 2 && raw[0] == 0xFF && raw[1] == 0xFE {
		return decodeUTF16LE(raw[2:])
	}
	if len(raw) >= 2 && raw[0] == 0xFE && raw[1] == 0xFF {
		raw = raw[2:]
	}
	if len(raw)%2 != 0 {
		return "", fmt.Errorf("UCS-2 text has an odd number of bytes (%d)", len(raw))
	}
	u := make([]uint16, len(raw)/2)
	for i := range u {
		u[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
	}
	return clean(string(utf16.Decode(u))), nil
}

func decodeUTF16LE(raw []byte) (string, error) {
	if len(raw)%2 != 0 {
		return "", fmt.Errorf("UTF-16LE text has an odd number of bytes (%d)", len(raw))
	}
	sw := make([]byte, len(raw))
	for i := 0; i+1 < len(raw); i += 2 {
		sw[i], sw[i+1] = raw[i+1], raw[i]
	}
	return decodeUTF16(sw)
}

// clean drops NULs and other control characters that handsets and
// gateways pad texts with; line breaks and tabs stay.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' && r != '\r' || r == 0x7F {
			return -1
		}
		return r
	}, s)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// checkQuery refuses, before parsing it, a query string longer than
// maxQuery (a get-url call carries the text in it).
func checkQuery(r *http.Request) error {
	if len(r.URL.RawQuery) > maxQuery {
		return tooLarge()
	}
	return nil
}

// tooLarge is the 413 of an SMS over MaxBody, in httpx.ReadBody's words.
func tooLarge() error {
	return httpx.Webhook(http.StatusRequestEntityTooLarge, "too_large", func(t config.WebhookErrors) string { return t.SMSTooLarge }, config.HTTPErrorData{Max: MaxBody})
}

// mo handles smsbox's call for an incoming SMS. The answer has an empty
// body: replies go out through sendsms, and smsbox sends nothing itself.
func (g *kannel) mo(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r); err != nil {
		return err
	}
	if err := g.authorize(r); err != nil {
		return err
	}
	q := r.URL.Query()
	if len(q.Get("text")) > MaxBody {
		return tooLarge()
	}
	var body []byte
	if r.Method == http.MethodPost {
		var err error
		if body, err = httpx.ReadBody(r, MaxBody); err != nil {
			return err
		}
	}
	mo, err := ParseKannelMO(q, r.Header, body, g.c.loc, g.c.now())
	if err != nil {
		return httpx.Webhook(http.StatusBadRequest, "bad_sms", func(t config.WebhookErrors) string { return t.SMSMalformed }, config.HTTPErrorData{Error: err.Error()})
	}
	in, err := g.c.handle(r.Context(), g.c.message(mo.From, mo.ID, mo.Text, mo.At, mo.Stamped))
	if err != nil {
		return err
	}
	if in.confirmOptOut {
		// A courtesy outside the outbox: the opt-out itself is recorded.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 10*time.Second)
		defer cancel()
		if err := g.deliver(ctx, mo.From, g.c.optOutText, "", 1, 1); err != nil {
			g.c.log.Warn("unable to confirm an opt-out", "to", logx.Mask(mo.From), "err", err)
		} else {
			g.c.limit.note(mo.From, g.c.now())
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusAccepted)
	return nil
}

// dlrStatus maps Kannel's DLR types (%d) to delivery statuses.
var dlrStatus = map[string]string{
	"1":  outbound.DeliveryDelivered,
	"2":  outbound.DeliveryFailed,
	"4":  outbound.DeliveryBuffered,
	"8":  outbound.DeliverySMSCAck,
	"16": outbound.DeliverySMSCReject,
}

// encodeKey makes an outbox key safe inside a dlr-url, where smsbox
// expands every %x and would mangle percent-escapes.
func encodeKey(key string) string { return base64.RawURLEncoding.EncodeToString([]byte(key)) }

func decodeKey(s string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !utf8.Valid(b) || len(b) == 0 {
		return "", errors.New("bad key")
	}
	return string(b), nil
}

// parsePart reads "i/n" (1 ≤ i ≤ n ≤ 100); empty is "1/1".
func parsePart(s string) (part, parts int, ok bool) {
	if s == "" {
		return 1, 1, true
	}
	a, b, found := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !found || err1 != nil || err2 != nil || i < 1 || n < i || n > 100 {
		return 0, 0, false
	}
	return i, n, true
}

// settles reports whether a report on one part of a message says
// something about the whole: a failure of any part does, otherwise only
// the last part's report stands for the message.
func settles(status string, part, parts int) bool {
	return part == parts || status == outbound.DeliveryFailed || status == outbound.DeliverySMSCReject
}

// KannelDLR is one delivery report as smsbox calls the dlr-url with it.
type KannelDLR struct {
	Key         string // the outbox key the message was sent under
	Status      string // outbound.Delivery*
	Part, Parts int
	At          time.Time // smsbox's time (%T); zero when absent or not a unix time
}

// ParseKannelDLR reads a delivery report's query:
// key=<encoded key>&part=i/n&status=%d&ts=%T. Errors are 400s.
func ParseKannelDLR(q url.Values) (KannelDLR, error) {
	var d KannelDLR
	var err error
	if d.Key, err = decodeKey(q.Get("key")); err != nil {
		return d, httpx.Webhook(http.StatusBadRequest, "bad_key", func(t config.WebhookErrors) string { return t.SMSKey }, config.HTTPErrorData{})
	}
	var ok bool
	if d.Status, ok = dlrStatus[q.Get("status")]; !ok {
		return d, httpx.Webhook(http.StatusBadRequest, "bad_status", func(t config.WebhookErrors) string { return t.KannelStatus }, config.HTTPErrorData{Value: q.Get("status")})
	}
	if d.Part, d.Parts, ok = parsePart(q.Get("part")); !ok {
		return d, httpx.Webhook(http.StatusBadRequest, "bad_part", func(t config.WebhookErrors) string { return t.SMSPart }, config.HTTPErrorData{})
	}
	if sec, err := strconv.ParseInt(q.Get("ts"), 10, 64); err == nil && sec > 0 && sec < 1<<40 {
		d.At = time.Unix(sec, 0)
	}
	return d, nil
}

// dlr handles a delivery report (see ParseKannelDLR).
func (g *kannel) dlr(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r); err != nil {
		return err
	}
	if err := g.authorize(r); err != nil {
		return err
	}
	d, err := ParseKannelDLR(r.URL.Query())
	if err != nil {
		return err
	}
	if d.At.IsZero() {
		d.At = g.c.now()
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !settles(d.Status, d.Part, d.Parts) {
		w.WriteHeader(http.StatusAccepted)
		return nil
	}
	if err := g.c.eng.RecordDelivery(d.Key, d.Status, d.At); err != nil {
		if !errors.Is(err, outbound.ErrUnknownMessage) {
			return err
		}
		g.c.log.Info("delivery report for an unknown message", "key", d.Key, "status", d.Status)
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

// deliver sends one part through smsbox's sendsms interface.
func (g *kannel) deliver(ctx context.Context, to, text, key string, part, parts int) error {
	u, err := url.Parse(g.cfg.SendURL)
	if err != nil {
		return outbound.Permanent(fmt.Errorf("sms: unable to parse kannel send_url: %w", err))
	}
	q := u.Query()
	q.Set("username", g.cfg.Username)
	q.Set("password", g.cfg.Password)
	if g.cfg.Sender != "" {
		q.Set("from", g.cfg.Sender)
	}
	q.Set("to", to)
	q.Set("text", text)
	q.Set("charset", "UTF-8")
	q.Set("coding", "2")
	if key != "" && g.dlrBase != "" {
		q.Set("dlr-mask", "31")
		q.Set("dlr-url", g.dlrURL(key, part, parts))
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return outbound.Permanent(fmt.Errorf("sms: unable to build sendsms request: %w", err))
	}
	resp, err := g.client.Do(req)
	if err != nil {
		// Strip the URL: it carries the password.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("sms: unable to reach kannel sendsms: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	answer := strings.TrimSpace(string(b))
	switch {
	case resp.StatusCode == http.StatusAccepted || resp.StatusCode == http.StatusOK:
		return nil
	case resp.StatusCode == http.StatusForbidden:
		return outbound.Permanent(fmt.Errorf("sms: kannel refused the sendsms user (check channels.kannel.username/password and the sendsms-user group): %s", answer))
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		return outbound.Permanent(fmt.Errorf("sms: kannel rejected the message (%d): %s", resp.StatusCode, answer))
	default:
		return fmt.Errorf("sms: kannel sendsms answered %d: %s", resp.StatusCode, answer)
	}
}

// dlrURL is the dlr-url of one part: smsbox fills in %d (the report type)
// and %T (its time).
func (g *kannel) dlrURL(key string, part, parts int) string {
	sep := "?"
	if strings.Contains(g.dlrBase, "?") {
		sep = "&"
	}
	var b strings.Builder
	b.WriteString(g.dlrBase)
	b.WriteString(sep)
	if g.cfg.Secret != "" {
		b.WriteString("secret=" + g.cfg.Secret + "&")
	}
	fmt.Fprintf(&b, "key=%s&part=%d/%d&status=%%d&ts=%%T", encodeKey(key), part, parts)
	return b.String()
}
