package wechat_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"
	"github.com/sirupsen/logrus"

	"hotline/bot"
	"hotline/channels/wechat"
	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/events/eventstest"
	"hotline/inbound"
	"hotline/internal/raceexit"
	"hotline/nlp"
	"hotline/outbound"
	"hotline/outbox"
	"hotline/store"
	"hotline/ticket"
)

// The account as the tests configure it. aesKey is the example key of
// WeChat's documentation (43 characters).
const (
	appID     = "wx8f3c2a1b0d9e7f65"
	appSecret = "3b1f9c2d7e6a5b4c8d0e1f2a3b4c5d6e"
	wxToken   = "hotline12345token"
	aesKey    = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	openID    = "oQm3C5Xk1Jb7Yv9Tz2Wn4Ld8Hs0E"
	convID    = "wechat:" + openID
	path      = "/channels/wechat"
)

func TestMain(m *testing.M) {
	raceexit.NoSleep()
	// The SDK logs raw requests at Debug; keep test output clean.
	logrus.SetLevel(logrus.WarnLevel)
	os.Exit(m.Run())
}

// fakeClassifier recognises a few words, enough to drive the dialog.
type fakeClassifier struct{}

var phoneRe = regexp.MustCompile(`1[3-9]\d{9}`)

func (f *fakeClassifier) Classify(ctx context.Context, text string) (nlp.Result, error) {
	r := nlp.Result{Type: ticket.TypeComplaint, Urgency: ticket.UrgencyNormal, Confidence: map[string]float64{}}
	switch {
	case strings.Contains(text, "烧烤") || strings.Contains(text, "占道"):
		r.Category = "SRHW"
		r.Confidence[nlp.FieldCategory] = 0.9
	case strings.Contains(text, "路灯"):
		r.Category = "SZSS"
		r.Confidence[nlp.FieldCategory] = 0.8
	default:
		r.Category = "QT"
		r.Confidence[nlp.FieldCategory] = 0.1
	}
	if strings.Contains(text, "任城区") {
		r.District = "任城区"
	}
	if strings.Contains(text, "古槐路") {
		r.Address = "古槐路"
	}
	r.Phones = phoneRe.FindAllString(text, -1)
	return r, nil
}

// fakeSMS is the sms channel as the outbox sees it.
type fakeSMS struct {
	mu   sync.Mutex
	sent []outbound.Message
}

func (s *fakeSMS) Send(ctx context.Context, o outbound.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, o)
	return nil
}

func (s *fakeSMS) messages() []outbound.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]outbound.Message(nil), s.sent...)
}

// env is an engine on a fresh store with the channel in front of it and a
// fake WeChat API behind it.
type env struct {
	cfg *config.Config
	st  *store.Store
	eng *bot.Engine
	ch  *wechat.Channel
	api *fakeAPI
	web *httptest.Server
	ob  *outbox.Outbox
	sms *fakeSMS
	clf *fakeClassifier
	hub *events.Hub
}

// baseConfig is the default config with the test account.
func baseConfig(tb testing.TB, apiURL string) *config.Config {
	tb.Helper()
	cfg, err := config.Default()
	if err != nil {
		tb.Fatal(err)
	}
	w := &cfg.Channels.WeChat
	w.AppID, w.AppSecret, w.Token, w.EncodingAESKey = appID, appSecret, wxToken, aesKey
	w.APIBaseURL = apiURL
	// No test depends on how fast the engine is: the passive reply's
	// budget is out of reach, and the tests that want it missed set one
	// nanosecond, which any engine misses.
	w.ReplyBudget = config.Duration(time.Minute)
	cfg.Outbox.MinBackoff = config.Duration(20 * time.Millisecond)
	cfg.Outbox.MaxBackoff = config.Duration(100 * time.Millisecond)
	return cfg
}

// plainAccount configures an account in plaintext mode (明文模式): without
// an EncodingAESKey, the only setup in which plaintext pushes are accepted.
func plainAccount(c *config.Config) { c.Channels.WeChat.EncodingAESKey = "" }

// accountFor returns the config change for an account whose pushes come
// in mode m: plaintext needs an account without EncodingAESKey.
func accountFor(m mode) func(*config.Config) {
	if m == plain {
		return plainAccount
	}
	return func(*config.Config) {}
}

func newEnv(tb testing.TB, mutate func(*config.Config)) *env {
	tb.Helper()
	e := &env{api: newFakeAPI(tb, appID, appSecret), sms: &fakeSMS{}, clf: &fakeClassifier{}, hub: events.NewHub()}
	e.cfg = baseConfig(tb, e.api.URL)
	if mutate != nil {
		mutate(e.cfg)
	}
	var err error
	e.st, err = store.Open(filepath.Join(tb.TempDir(), "h.db"), &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.st.Close() })
	cal, err := ticket.NewCalendar(e.cfg.Calendar, e.cfg.Location())
	if err != nil {
		tb.Fatal(err)
	}
	e.eng, err = bot.New(bot.Options{Config: e.cfg, Store: e.st, Classifier: e.clf, Calendar: cal, Hub: e.hub,
		Welcome: map[string]string{wechat.Name: wechat.Descriptor.Welcome(e.cfg)},
		Wake: func() {
			if e.ob != nil {
				e.ob.Wake()
			}
		}})
	if err != nil {
		tb.Fatal(err)
	}
	e.ch, err = wechat.New(wechat.Options{Config: e.cfg.Channels.WeChat, Replies: e.cfg.Replies, Engine: e.eng, KV: e.st, Location: e.cfg.Location()})
	if err != nil {
		tb.Fatal(err)
	}
	e.ob = outbox.New(e.st, map[string]outbound.Sender{wechat.Name: e.ch, "sms": e.sms}, e.cfg.Outbox, nil, e.hub, nil)
	mux := http.NewServeMux()
	e.ch.Routes(mux)
	e.web = httptest.NewServer(mux)
	tb.Cleanup(e.web.Close)
	return e
}

// runOutbox runs the outbox worker until the test ends.
func (e *env) runOutbox(tb testing.TB) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = e.ob.Run(ctx) }()
	tb.Cleanup(func() { cancel(); <-done })
}

// mode is how a push is sent: WeChat's three message modes.
type mode int

const (
	plain  mode = iota // 明文模式
	compat             // 兼容模式: plaintext fields and <Encrypt>
	safe               // 安全模式: <Encrypt> only
)

func (m mode) String() string { return [...]string{"plain", "compat", "safe"}[m] }

// push is a signed request as WeChat would send it.
type push struct {
	query url.Values
	body  []byte
	mode  mode
}

// newPush signs xmlBody for mode at time ts.
func newPush(tb testing.TB, xmlBody []byte, m mode, ts time.Time) *push {
	tb.Helper()
	t := strconv.FormatInt(ts.Unix(), 10)
	nonce := strconv.FormatInt(ts.UnixNano()%1e9, 10)
	q := url.Values{"signature": {util.Signature(wxToken, t, nonce)}, "timestamp": {t}, "nonce": {nonce}, "openid": {openID}}
	p := &push{query: q, body: xmlBody, mode: m}
	if m == plain {
		return p
	}
	enc, err := util.EncryptMsg([]byte("0123456789abcdef"), xmlBody, appID, aesKey)
	if err != nil {
		tb.Fatal(err)
	}
	q.Set("encrypt_type", "aes")
	q.Set("msg_signature", util.Signature(wxToken, t, nonce, string(enc)))
	envelope := "<Encrypt><![CDATA[" + string(enc) + "]]></Encrypt>"
	if m == compat {
		i := bytes.LastIndex(xmlBody, []byte("</xml>"))
		p.body = append(append(append([]byte{}, xmlBody[:i]...), envelope...), xmlBody[i:]...)
	} else {
		p.body = []byte("<xml><ToUserName><![CDATA[gh_6f1b2c3d4e5f]]></ToUserName>" + envelope + "</xml>")
	}
	return p
}

// do sends the push and returns the status and body.
func (e *env) do(tb testing.TB, p *push) (int, []byte) {
	tb.Helper()
	resp, err := http.Post(e.web.URL+path+"?"+p.query.Encode(), "text/xml", bytes.NewReader(p.body))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, b
}

// textReply is a passive text reply after decryption.
type textReply struct {
	ToUserName   string `xml:"ToUserName"`
	FromUserName string `xml:"FromUserName"`
	CreateTime   int64  `xml:"CreateTime"`
	MsgType      string `xml:"MsgType"`
	Content      string `xml:"Content"`
}

// reply decodes a 200 answer: "" for "success", else the passive reply's
// text, checking its signature and encryption as WeChat would.
func (p *push) reply(tb testing.TB, status int, body []byte) string {
	tb.Helper()
	if status != http.StatusOK {
		tb.Fatalf("status %d: %s", status, body)
	}
	if string(body) == "success" {
		return ""
	}
	raw := body
	if p.mode != plain {
		var env message.ResponseEncryptedXMLMsg
		if err := xml.Unmarshal(body, &env); err != nil {
			tb.Fatalf("encrypted reply %q: %v", body, err)
		}
		ts := strconv.FormatInt(env.Timestamp, 10)
		if env.MsgSignature != util.Signature(wxToken, ts, env.Nonce, env.EncryptedMsg) {
			tb.Fatalf("reply MsgSignature does not verify: %s", body)
		}
		var err error
		if _, raw, err = util.DecryptMsg(appID, env.EncryptedMsg, aesKey); err != nil {
			tb.Fatalf("decrypt reply: %v", err)
		}
	}
	var r textReply
	if err := xml.Unmarshal(raw, &r); err != nil {
		tb.Fatalf("reply %q: %v", raw, err)
	}
	if r.MsgType != "text" || r.ToUserName != openID || r.FromUserName != "gh_6f1b2c3d4e5f" || r.Content == "" {
		tb.Fatalf("reply = %+v", r)
	}
	return r.Content
}

func readFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// inbound returns the citizen's stored messages (nil when there is no
// conversation).
func (e *env) inbound(tb testing.TB) []*domain.Message {
	tb.Helper()
	_, msgs, err := e.eng.Conversation(convID, 0)
	if errors.Is(err, inbound.ErrNotFound) {
		return nil
	}
	if err != nil {
		tb.Fatal(err)
	}
	var out []*domain.Message
	for _, m := range msgs {
		if m.Direction == domain.In {
			out = append(out, m)
		}
	}
	return out
}

// outbound returns the bot's stored messages to the citizen.
func (e *env) outbound(tb testing.TB) []*domain.Message {
	tb.Helper()
	_, msgs, err := e.eng.Conversation(convID, 0)
	if errors.Is(err, inbound.ErrNotFound) {
		return nil
	}
	if err != nil {
		tb.Fatal(err)
	}
	var out []*domain.Message
	for _, m := range msgs {
		if m.Direction == domain.Out {
			out = append(out, m)
		}
	}
	return out
}

// citizen returns the stored citizen behind openID, or nil.
func (e *env) citizen(tb testing.TB) *domain.Citizen {
	tb.Helper()
	var c *domain.Citizen
	err := e.st.View(func(tx *store.Tx) error {
		var err error
		c, err = tx.CitizenByIdentity(wechat.Name, openID)
		if errors.Is(err, store.ErrNotFound) {
			c, err = nil, nil
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// waitFor waits until cond holds, checking it again at each event the
// engine or the outbox publishes (a delivery is recorded, and published,
// after the fake platform received it).
func (e *env) waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	eventstest.Until(tb, e.hub, what, cond)
}

// send pushes p and returns the passive reply's text ("" for success).
func (e *env) send(tb testing.TB, p *push) string {
	tb.Helper()
	status, body := e.do(tb, p)
	return p.reply(tb, status, body)
}
