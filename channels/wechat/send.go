package wechat

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"hotline/logx"
	"hotline/outbound"
)

// SMSChannel is the channel a message is rerouted to when WeChat cannot
// deliver it and the citizen's phone number is known.
const SMSChannel = "sms"

// WeChat API error codes the channel acts on.
const (
	codeInvalidCredential = 40001 // invalid credential, access_token is invalid or not latest
	codeInvalidOpenID     = 40003 // invalid openid
	codeInvalidToken      = 40014 // invalid access_token
	codeInvalidTemplateID = 40037 // invalid template_id
	codeTokenExpired      = 42001 // access_token expired
	codeRequireSubscribe  = 43004 // require subscribe
	codeOutOfTime         = 45015 // response out of time limit or subscription is canceled
	codeOutOfCount        = 45047 // out of response count limit
	codeArgumentInvalid   = 47003 // argument invalid (a template field)
	codeUnauthorized      = 48001 // api unauthorized
)

// windowClosed are customer-service refusals that the template message
// (or SMS) can get around.
var windowClosed = map[int64]bool{
	codeOutOfTime: true, codeOutOfCount: true, codeRequireSubscribe: true,
	codeUnauthorized: true, codeInvalidOpenID: true,
}

// templateRefused are template refusals that retrying cannot fix.
var templateRefused = map[int64]bool{
	codeRequireSubscribe: true, codeInvalidOpenID: true, codeInvalidTemplateID: true,
	codeArgumentInvalid: true, codeUnauthorized: true,
}

func tokenRejected(code int64) bool {
	return code == codeInvalidCredential || code == codeInvalidToken || code == codeTokenExpired
}

// The SDK reports API errors as "… errcode=45015 , errmsg=…" strings.
var errcodeRe = regexp.MustCompile(`errcode=(-?\d+)`)

// errCode extracts WeChat's errcode from an SDK error.
func errCode(err error) (int64, bool) {
	if err == nil {
		return 0, false
	}
	m := errcodeRe.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, false
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	return n, err == nil
}

// TemplateData is what the templates of channels.wechat.template_fields see.
type TemplateData struct {
	Number string // the order number, e.g. 20261127-0042 (empty for chat replies)
	Status string // a short label from the message kind (channels.wechat.template_status): 已派单, 已有办理结果, 待评价 …
	Text   string // the message text
	Time   string // when it is sent, "2006-01-02 15:04" in city time
}

// statusLabel names what a message of kind says about its order
// (channels.wechat.template_status).
func (c *Channel) statusLabel(kind string) string {
	l := c.status
	switch kind {
	case "registered":
		return l.Registered
	case "dispatched":
		return l.Dispatched
	case "reply_ready":
		return l.ReplyReady
	case "ask_rating":
		return l.AskRating
	case "closed":
		return l.Closed
	case "cancelled":
		return l.Cancelled
	case "emergency":
		return l.Emergency
	default:
		return l.Other
	}
}

// Send implements outbound.Sender: a customer-service message inside the 48-hour
// window, else the template message, else a reroute to SMS.
func (c *Channel) Send(ctx context.Context, o outbound.Message) error {
	reason := "outside the 48-hour customer-service window"
	inWindow := !o.LastInbound.IsZero() && c.now().Sub(o.LastInbound) < ServiceWindow
	if inWindow && !c.csAllowed(o) {
		inWindow, reason = false, fmt.Sprintf("%d customer-service messages already sent in this window", c.csLimit)
	}
	if inWindow {
		err := c.call(ctx, func() error {
			return c.csAPI.Send(message.NewCustomerTextMessage(o.To, o.Text))
		})
		if err == nil {
			c.csSent(o)
			return nil
		}
		if code, ok := errCode(err); !ok || !windowClosed[code] {
			return fmt.Errorf("wechat: unable to send customer-service message: %w", err)
		}
		reason = err.Error()
	}
	return c.fallback(ctx, o, reason)
}

// call runs fn with a valid access token in the cache; when WeChat rejects
// the token it is dropped and fn runs once more with a fresh one. Its
// errors are redacted: the SDK's HTTP errors carry the URL, and with it the
// access token (or, fetching one, the app secret).
func (c *Channel) call(ctx context.Context, fn func() error) error {
	return logx.RedactError(c.callToken(ctx, fn))
}

func (c *Channel) callToken(ctx context.Context, fn func() error) error {
	for try := 0; ; try++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := c.oa.GetAccessTokenContext(ctx); err != nil {
			return fmt.Errorf("wechat: unable to get access token: %w", err)
		}
		err := fn()
		code, ok := errCode(err)
		if try > 0 || !ok || !tokenRejected(code) {
			return err
		}
		c.log.Info("wechat access token rejected; fetching a new one", "errcode", code)
		if err := c.cache.Delete(c.tokenKey); err != nil {
			return err
		}
	}
}

// fallback delivers o when the customer-service API cannot.
func (c *Channel) fallback(ctx context.Context, o outbound.Message, reason string) error {
	if c.tmplID != "" {
		msg, err := c.templateMessage(o)
		if err == nil {
			err = c.call(ctx, func() error {
				_, err := c.tplAPI.Send(msg)
				return err
			})
			if err == nil {
				return nil
			}
			if code, ok := errCode(err); !ok || !templateRefused[code] {
				return fmt.Errorf("wechat: unable to send template message: %w", err)
			}
		}
		reason += "; template message: " + err.Error()
	}
	if o.Phone != "" {
		return &outbound.RerouteError{Channel: SMSChannel, To: o.Phone, Reason: "wechat: " + reason}
	}
	return outbound.Permanent(fmt.Errorf("wechat: unable to deliver (%s) and no phone number is known", reason))
}

// templateMessage renders the configured template for o.
func (c *Channel) templateMessage(o outbound.Message) (*message.TemplateMessage, error) {
	d := TemplateData{Number: o.Ticket, Status: c.statusLabel(o.Kind), Text: o.Text,
		Time: c.now().In(c.loc).Format("2006-01-02 15:04")}
	data := make(map[string]*message.TemplateDataItem, len(c.tmpl))
	for k, t := range c.tmpl {
		var b strings.Builder
		if err := t.Execute(&b, d); err != nil {
			return nil, fmt.Errorf("wechat: unable to render template field %s: %w", k, err)
		}
		data[k] = &message.TemplateDataItem{Value: b.String()}
	}
	// client_msg_id makes WeChat drop a retried send of the same message.
	sum := sha1.Sum([]byte(o.ID))
	return &message.TemplateMessage{ToUser: o.To, TemplateID: c.tmplID, Data: data,
		ClientMsgID: hex.EncodeToString(sum[:16])}, nil
}

// csCount is how many customer-service messages a citizen got in the
// window that their message at Since opened.
type csCount struct {
	Since int64 `json:"since"`
	Sent  int   `json:"sent"`
}

func csKey(openID string) string { return "wechat:cs:" + openID }

func (c *Channel) csCount(o outbound.Message) csCount {
	n := csCount{Since: o.LastInbound.Unix()}
	if b, err := c.kv.GetKV(csKey(o.To)); err == nil && b != nil {
		var stored csCount
		if json.Unmarshal(b, &stored) == nil && stored.Since == n.Since {
			n = stored
		}
	}
	return n
}

// csAllowed reports whether o may still go as a customer-service message
// (channels.wechat.cs_limit per window of the citizen's last message).
func (c *Channel) csAllowed(o outbound.Message) bool {
	return c.csLimit <= 0 || c.csCount(o).Sent < c.csLimit
}

// csSent counts a customer-service message sent to o.To.
func (c *Channel) csSent(o outbound.Message) {
	if c.csLimit <= 0 {
		return
	}
	n := c.csCount(o)
	n.Sent++
	b, _ := json.Marshal(n)
	if err := c.kv.PutKV(csKey(o.To), b); err != nil {
		c.log.Warn("unable to count a customer-service message", "err", err)
	}
}
