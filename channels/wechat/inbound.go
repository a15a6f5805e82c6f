package wechat

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"

	"hotline/config"
	"hotline/httpx"
	"hotline/inbound"
	"hotline/ticket"
)

// Texts the channel answers itself (zh-CN, shown to citizens).
const ()

// HandleTimeout bounds the engine's work on one push. The work is not
// tied to WeChat's connection: a message WeChat stopped waiting for is
// still committed and answered through the outbox.
const HandleTimeout = 30 * time.Second

// push is one verified, decoded request body.
type push struct {
	msg       *message.MixMessage
	safe      bool // encrypt_type=aes: the reply is encrypted too
	timestamp string
	nonce     string
}

// serve handles WeChat's GET URL check and its message pushes.
func (c *Channel) serve(w http.ResponseWriter, r *http.Request) error {
	start := time.Now()
	q := r.URL.Query()
	if err := c.verify(q); err != nil {
		return err
	}
	if r.Method == http.MethodGet {
		echo := q.Get("echostr")
		if echo == "" {
			return httpx.Webhook(http.StatusBadRequest, "no_echostr", func(t config.WebhookErrors) string { return t.WeChatEchostr }, config.HTTPErrorData{})
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(echo))
		return nil
	}
	body, err := httpx.ReadBody(r, MaxBody)
	if err != nil {
		return err
	}
	p, err := c.decode(q, body)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), HandleTimeout)
	defer cancel()
	text, err := c.handle(ctx, p.msg, start)
	if err != nil {
		return err
	}
	if text == "" {
		writeSuccess(w)
		return nil
	}
	out, err := c.reply(p, text)
	if err != nil {
		c.log.Error("wechat passive reply failed; the outbox will not resend it", "err", err)
		writeSuccess(w)
		return nil
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write(out)
	return nil
}

func writeSuccess(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("success"))
}

var errForbidden = httpx.Webhook(http.StatusForbidden, "bad_signature", func(t config.WebhookErrors) string { return t.WeChatSignature }, config.HTTPErrorData{})

// errPlaintext refuses a plaintext push to an account with an
// EncodingAESKey: its signature covers only token, timestamp and nonce,
// not the body, so whoever sees one signed query string could post any
// body with it.
var errPlaintext = httpx.Webhook(http.StatusForbidden, "encryption_required", func(t config.WebhookErrors) string { return t.WeChatEncryption }, config.HTTPErrorData{})

// verify checks signature = sha1(sort(token, timestamp, nonce)) and the
// timestamp's age.
func (c *Channel) verify(q url.Values) error {
	ts := q.Get("timestamp")
	if !sigEqual(q.Get("signature"), util.Signature(c.token, ts, q.Get("nonce"))) {
		return errForbidden
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errForbidden
	}
	if d := c.now().Sub(time.Unix(sec, 0)); d > MaxClockSkew || d < -MaxClockSkew {
		return errForbidden
	}
	return nil
}

func sigEqual(got, want string) bool {
	return len(got) == len(want) && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// decode checks msg_signature and decrypts in safe and compatible modes,
// then parses the message XML. With an EncodingAESKey configured only
// those modes are accepted: msg_signature is what covers the body.
func (c *Channel) decode(q url.Values, body []byte) (*push, error) {
	p := &push{timestamp: q.Get("timestamp"), nonce: q.Get("nonce"), safe: q.Get("encrypt_type") == "aes"}
	if !p.safe && c.aesKey != "" {
		return nil, errPlaintext
	}
	raw := body
	if p.safe {
		if c.aesKey == "" {
			return nil, httpx.Webhook(http.StatusBadRequest, "no_aes_key", func(t config.WebhookErrors) string { return t.WeChatNoAESKey }, config.HTTPErrorData{})
		}
		var env message.EncryptedXMLMsg
		if err := xml.Unmarshal(body, &env); err != nil || env.EncryptedMsg == "" {
			return nil, httpx.Webhook(http.StatusBadRequest, "bad_xml", func(t config.WebhookErrors) string { return t.WeChatNoEncrypt }, config.HTTPErrorData{})
		}
		if !sigEqual(q.Get("msg_signature"), util.Signature(c.token, p.timestamp, p.nonce, env.EncryptedMsg)) {
			return nil, errForbidden
		}
		var err error
		if _, raw, err = util.DecryptMsg(c.appID, env.EncryptedMsg, c.aesKey); err != nil {
			return nil, httpx.Webhook(http.StatusBadRequest, "bad_encrypt", func(t config.WebhookErrors) string { return t.WeChatDecrypt }, config.HTTPErrorData{Error: err.Error()})
		}
	}
	m, err := parseMessage(raw)
	if err != nil {
		return nil, err
	}
	p.msg = m
	return p, nil
}

// parseMessage parses a plaintext message XML.
func parseMessage(raw []byte) (*message.MixMessage, error) {
	var m message.MixMessage
	if err := xml.Unmarshal(raw, &m); err != nil {
		return nil, httpx.Webhook(http.StatusBadRequest, "bad_xml", func(t config.WebhookErrors) string { return t.WeChatXML }, config.HTTPErrorData{Error: err.Error()})
	}
	if m.FromUserName == "" || m.MsgType == "" {
		return nil, httpx.Webhook(http.StatusBadRequest, "bad_xml", func(t config.WebhookErrors) string { return t.WeChatFields }, config.HTTPErrorData{})
	}
	return &m, nil
}

// disposition says what to do with a push after conversion.
type disposition int

const (
	toEngine    disposition = iota
	acknowledge             // answer "success", store nothing
	unsupported             // answer replies.unsupported, store nothing
)

// convert turns a WeChat message into the engine's terms. notice is a
// text the channel adds in front of the engine's replies.
func (c *Channel) convert(m *message.MixMessage) (msg inbound.Message, d disposition, notice string) {
	msg = inbound.Message{Channel: Name, UserID: string(m.FromUserName)}
	if m.CreateTime > 0 {
		// The same in WeChat's retries of the push: it orders the
		// dedupe keys.
		msg.ExternalTime = time.Unix(m.CreateTime, 0)
	}
	if m.MsgID != 0 {
		msg.ExternalID = strconv.FormatInt(m.MsgID, 10)
	} else {
		msg.ExternalID = fmt.Sprintf("%s:%d:%s", m.FromUserName, m.CreateTime, m.MsgType)
	}
	switch m.MsgType {
	case message.MsgTypeText:
		msg.Text = m.Content
	case message.MsgTypeVoice:
		msg.Media = []inbound.Media{{Kind: "voice", ID: m.MediaID}}
		msg.Text = strings.TrimSpace(m.Recognition)
		if msg.Text == "" {
			notice = c.replies.VoiceUnknown
		}
	case message.MsgTypeImage:
		msg.Media = []inbound.Media{{Kind: "image", ID: m.MediaID, URL: m.PicURL}}
	case message.MsgTypeVideo, message.MsgTypeShortVideo:
		msg.Media = []inbound.Media{{Kind: "video", ID: m.MediaID}}
	case message.MsgTypeLocation:
		msg.Location = &ticket.Location{Label: m.Label, Lat: m.LocationX, Lng: m.LocationY}
	case message.MsgTypeLink:
		msg.Text = strings.TrimSpace(m.Title + "\n" + m.URL)
	case message.MsgTypeEvent:
		msg.ExternalID = fmt.Sprintf("%s:%d:%s", m.FromUserName, m.CreateTime, m.Event)
		switch m.Event {
		case message.EventSubscribe:
			msg.Event = "subscribe"
		case message.EventUnsubscribe:
			msg.Event = "unsubscribe"
		case message.EventClick:
			text, ok := c.menu[m.EventKey]
			if !ok {
				return msg, acknowledge, ""
			}
			msg.ExternalID += ":" + m.EventKey
			msg.Text = text
		default: // VIEW, LOCATION, SCAN, template and mass-send reports …
			return msg, acknowledge, ""
		}
	default:
		return msg, unsupported, ""
	}
	return msg, toEngine, notice
}

// handle runs one message through the engine and returns the passive
// reply's text, or "" to answer "success".
func (c *Channel) handle(ctx context.Context, m *message.MixMessage, start time.Time) (string, error) {
	msg, d, notice := c.convert(m)
	switch d {
	case acknowledge:
		return "", nil
	case unsupported:
		return c.replies.Unsupported, nil
	}
	// The engine records its replies as this answer's when its transaction
	// runs within the budget and they fit in one passive reply; otherwise
	// the outbox sends them through the customer-service API.
	msg.PassiveBy = start.Add(c.budget)
	msg.PassiveMax = MaxPassiveBytes - len(notice)
	res, err := c.eng.Handle(ctx, msg)
	var ie *inbound.InputError
	if errors.As(err, &ie) {
		// Nothing was stored: tell the citizen what to fix, in the words
		// of input_errors (as the other channels do).
		return ie.Msg, nil
	}
	if err != nil {
		return "", fmt.Errorf("wechat: unable to handle message: %w", err)
	}
	if res.Duplicate {
		return "", nil
	}
	if !res.Passive || len(res.Replies) == 0 {
		return notice, nil
	}
	texts := []string{}
	if notice != "" {
		texts = append(texts, notice)
	}
	for _, e := range res.Replies {
		texts = append(texts, e.Text)
	}
	return strings.Join(texts, "\n\n"), nil
}

// reply builds the passive text reply, encrypted in safe mode.
func (c *Channel) reply(p *push, text string) ([]byte, error) {
	t := message.NewText(text)
	t.SetToUserName(p.msg.FromUserName)
	t.SetFromUserName(p.msg.ToUserName)
	t.SetCreateTime(c.now().Unix())
	t.SetMsgType(message.MsgTypeText)
	raw, err := xml.Marshal(t)
	if err != nil {
		return nil, err
	}
	if !p.safe {
		return raw, nil
	}
	random := make([]byte, 16)
	_, _ = rand.Read(random)
	enc, err := util.EncryptMsg(random, raw, c.appID, c.aesKey)
	if err != nil {
		return nil, fmt.Errorf("wechat: unable to encrypt reply: %w", err)
	}
	ts, _ := strconv.ParseInt(p.timestamp, 10, 64)
	return xml.Marshal(message.ResponseEncryptedXMLMsg{
		EncryptedMsg: string(enc),
		MsgSignature: util.Signature(c.token, p.timestamp, p.nonce, string(enc)),
		Timestamp:    ts,
		Nonce:        p.nonce,
	})
}
