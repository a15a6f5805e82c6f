package wechat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"text/template"
	"time"
	"unicode/utf8"

	"github.com/silenceper/wechat/v2/credential"
	"github.com/silenceper/wechat/v2/officialaccount"
	offconfig "github.com/silenceper/wechat/v2/officialaccount/config"
	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"

	"hotline/channels"
	"hotline/config"
	"hotline/httpx"
	"hotline/inbound"
)

// Name is the channel name.
const Name = "wechat"

// Defaults for settings the config leaves empty.
const (
	DefaultPath        = "/channels/wechat"
	DefaultAPIBaseURL  = "https://api.weixin.qq.com"
	DefaultReplyBudget = 4 * time.Second
)

// MaxBody is the largest push WeChat may send us; real ones are a few KB.
const MaxBody = 64 << 10

// MaxClockSkew is how far a request's timestamp may be from the server's
// clock, in either direction. WeChat signs each push when it sends it and
// retries within about 15 seconds, so five minutes leaves room for clock
// drift while a captured request cannot be replayed later.
const MaxClockSkew = 5 * time.Minute

// ServiceWindow is how long after a citizen's last message WeChat accepts
// customer-service messages to them.
const ServiceWindow = 48 * time.Hour

// MaxPassiveBytes bounds a passive text reply; longer replies are left to
// the outbox, which sends them one by one.
const MaxPassiveBytes = 2048

// APITimeout bounds one call to the WeChat API.
const APITimeout = 10 * time.Second

// Engine is what the channel needs of the conversation engine.
type Engine interface {
	Handle(ctx context.Context, m inbound.Message) (*inbound.Result, error)
}

// KV is where the access token is cached: the store's key-value area.
type KV interface {
	GetKV(key string) ([]byte, error)
	PutKV(key string, value []byte) error
}

// Options configure a Channel.
type Options struct {
	Config config.WeChat
	// Replies hold the texts the channel answers itself
	// (replies.voice_unknown, replies.unsupported).
	Replies config.Replies
	Engine  Engine
	KV      KV
	Logger  *slog.Logger
	// Location is the city's time zone for template times (default Local).
	Location *time.Location
	// HTTPClient is installed as the SDK's (global) client; the default
	// has an APITimeout timeout.
	HTTPClient *http.Client
	// Now is the clock (tests).
	Now func() time.Time
}

// Channel is the WeChat official-account channel.
type Channel struct {
	replies  config.Replies
	eng      Engine
	log      *slog.Logger
	loc      *time.Location
	now      func() time.Time
	appID    string
	token    string
	aesKey   string
	path     string
	budget   time.Duration
	menu     map[string]string
	tmplID   string
	tmpl     map[string]*template.Template
	status   config.WeChatStatus
	oa       *officialaccount.OfficialAccount
	csAPI    *message.Manager
	tplAPI   *message.Template
	cache    *kvCache
	tokenKey string
	kv       KV
	csLimit  int
}

// New builds the channel from its config section. It installs the API base
// URL and HTTP client in the SDK's globals (see the package caveats).
func New(o Options) (*Channel, error) {
	cfg := o.Config
	switch {
	case o.Engine == nil || o.KV == nil:
		return nil, errors.New("wechat: engine and key-value store are required")
	case cfg.AppID == "" || cfg.AppSecret == "" || cfg.Token == "":
		return nil, errors.New("wechat: channels.wechat.app_id, app_secret and token are required")
	case cfg.EncodingAESKey != "" && len(cfg.EncodingAESKey) != 43:
		return nil, fmt.Errorf("wechat: channels.wechat.encoding_aes_key must be 43 characters, not %d", len(cfg.EncodingAESKey))
	}
	c := &Channel{
		replies: o.Replies,
		eng:     o.Engine, log: o.Logger, loc: o.Location, now: o.Now,
		appID: cfg.AppID, token: cfg.Token, aesKey: cfg.EncodingAESKey,
		path: strings.TrimSuffix(cfg.Path, "/"), budget: cfg.ReplyBudget.D(),
		menu: cfg.MenuKeys, tmplID: cfg.TemplateID, status: cfg.TemplateStatus,
		kv: o.KV, csLimit: cfg.CSLimit,
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.loc == nil {
		c.loc = time.Local
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.path == "" {
		c.path = DefaultPath
	}
	if c.budget <= 0 {
		c.budget = DefaultReplyBudget
	}
	if c.tmplID != "" {
		c.tmpl = map[string]*template.Template{}
		for _, k := range slices.Sorted(maps.Keys(cfg.TemplateFields)) {
			t, err := template.New(k).Funcs(template.FuncMap{"trunc": trunc}).Option("missingkey=error").Parse(cfg.TemplateFields[k])
			if err != nil {
				return nil, fmt.Errorf("wechat: unable to parse channels.wechat.template_fields.%s: %w", k, err)
			}
			c.tmpl[k] = t
		}
	}

	base := strings.TrimSuffix(cfg.APIBaseURL, "/")
	if base == "" || base == DefaultAPIBaseURL {
		util.SetURIModifier(nil)
	} else {
		util.SetURIModifier(func(u string) string { return strings.Replace(u, DefaultAPIBaseURL, base, 1) })
	}
	hc := o.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: APITimeout}
	}
	util.DefaultHTTPClient = hc
	c.cache = &kvCache{kv: o.KV, now: c.now}
	c.oa = officialaccount.NewOfficialAccount(&offconfig.Config{
		AppID: cfg.AppID, AppSecret: cfg.AppSecret, Token: cfg.Token, EncodingAESKey: cfg.EncodingAESKey,
		Cache: c.cache, UseStableAK: true,
	})
	// The SDK creates these lazily without a lock: make them once here.
	c.csAPI = c.oa.GetCustomerMessageManager()
	c.tplAPI = c.oa.GetTemplate()
	c.tokenKey = fmt.Sprintf("%s_stable_access_token_%s", credential.CacheKeyOfficialAccountPrefix, cfg.AppID)
	return c, nil
}

// Name implements channels.Channel.
func (c *Channel) Name() string { return Name }

// Budget is how long a request may take before the replies are left to
// the outbox; the server holds new wechat outbox entries that long.
func (c *Channel) Budget() time.Duration { return c.budget }

// Routes implements channels.Channel.
func (c *Channel) Routes(mux *http.ServeMux) {
	h := httpx.Handle(c.serve)
	mux.Handle("GET "+c.path, h)
	mux.Handle("POST "+c.path, h)
}

// trunc cuts s to at most n characters.
func trunc(n int, s string) string {
	if n < 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// Descriptor describes the WeChat official account to the server: on when
// channels.wechat.app_id is set.
var Descriptor = channels.Descriptor{
	Name:  Name,
	Label: "微信",
	On:    func(cfg *config.Config) bool { return cfg.Channels.WeChat.AppID != "" },
	Check: checkConfig,
	Secrets: func(cfg *config.Config) []string {
		w := cfg.Channels.WeChat
		return []string{w.AppSecret, w.Token, w.EncodingAESKey}
	},
	Welcome: func(cfg *config.Config) string { return cfg.Channels.WeChat.Welcome },
	New: func(d channels.Deps) (channels.Channel, error) {
		return New(Options{
			Config: d.Config.Channels.WeChat, Replies: d.Config.Replies, Engine: d.Engine, KV: d.KV,
			Logger: d.Logger.With("channel", Name), Location: d.Config.Location(),
		})
	},
}
