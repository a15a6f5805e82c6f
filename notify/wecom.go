package notify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/credential"
	"github.com/silenceper/wechat/v2/util"
	"github.com/silenceper/wechat/v2/work"
	workcfg "github.com/silenceper/wechat/v2/work/config"
	"github.com/silenceper/wechat/v2/work/message"
	"github.com/silenceper/wechat/v2/work/robot"

	"hotline/config"
	"hotline/outbound"
)

// WeCom's API hosts (fixed in the SDK).
const (
	WeComHost  = "https://qyapi.weixin.qq.com"
	WeChatHost = "https://api.weixin.qq.com"
)

// APITimeout bounds one WeCom API call.
const APITimeout = 10 * time.Second

// InstallURIModifier points the SDK's fixed hosts at other base URLs (a
// proxy, or a fake in tests); an empty base keeps the real host. The
// modifier is global to the SDK, shared with the WeChat official account
// (channels/wechat), so one call sets both. It also gives the SDK an HTTP
// client with a timeout when it still has the default one.
func InstallURIModifier(wechatBase, wecomBase string) {
	wechatBase, wecomBase = strings.TrimSuffix(wechatBase, "/"), strings.TrimSuffix(wecomBase, "/")
	if util.DefaultHTTPClient == http.DefaultClient {
		util.DefaultHTTPClient = &http.Client{Timeout: APITimeout}
	}
	if (wechatBase == "" || wechatBase == WeChatHost) && (wecomBase == "" || wecomBase == WeComHost) {
		util.SetURIModifier(nil)
		return
	}
	util.SetURIModifier(func(u string) string {
		switch {
		case wecomBase != "" && strings.HasPrefix(u, WeComHost):
			return wecomBase + strings.TrimPrefix(u, WeComHost)
		case wechatBase != "" && strings.HasPrefix(u, WeChatHost):
			return wechatBase + strings.TrimPrefix(u, WeChatHost)
		}
		return u
	})
}

// secretInURL finds the secrets the SDK puts in its URLs.
var secretInURL = regexp.MustCompile(`(access_token|corpsecret|key)=[^&\s"']+`)

// redact removes tokens, secrets and robot keys from an SDK error.
func redact(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(secretInURL.ReplaceAllString(err.Error(), "$1=***"))
}

// tokenCache is the SDK's access-token cache: in memory, race-free (the
// SDK's own Memory cache is not).
type tokenCache struct {
	mu  sync.Mutex
	m   map[string]tokenEntry
	now func() time.Time
}

type tokenEntry struct {
	v   any
	exp time.Time
}

func (c *tokenCache) Get(key string) any {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || !c.now().Before(e.exp) {
		return nil
	}
	return e.v
}

func (c *tokenCache) Set(key string, v any, ttl time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key] = tokenEntry{v: v, exp: c.now().Add(ttl)}
	return nil
}

func (c *tokenCache) IsExist(key string) bool { return c.Get(key) != nil }

func (c *tokenCache) Delete(key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
	return nil
}

// WeComSender sends application messages to liaison officers (outbox
// channel "wecom"; To is "user1|user2").
type WeComSender struct {
	msg      *message.Client
	cache    *tokenCache
	tokenKey string
	agentID  int
	mu       sync.Mutex // the SDK creates its clients without locks
}

// NewWeComSender returns the sender of the configured application.
func NewWeComSender(cfg config.WeCom) *WeComSender {
	c := &tokenCache{m: map[string]tokenEntry{}, now: time.Now}
	agent := strconv.Itoa(cfg.AgentID)
	wk := work.NewWork(&workcfg.Config{CorpID: cfg.CorpID, CorpSecret: cfg.CorpSecret, AgentID: agent, Cache: c})
	return &WeComSender{
		msg: message.NewClient(wk.GetContext()), cache: c, agentID: cfg.AgentID,
		tokenKey: fmt.Sprintf("%s_access_token_%s_%s", credential.CacheKeyWorkPrefix, cfg.CorpID, agent),
	}
}

// textMessage is WeCom's text application message. agentid is an integer
// in WeCom's documentation (the SDK's own request type has a string).
type textMessage struct {
	ToUser                 string    `json:"touser"`
	MsgType                string    `json:"msgtype"`
	AgentID                int       `json:"agentid"`
	Text                   textField `json:"text"`
	EnableDuplicateCheck   int       `json:"enable_duplicate_check"`
	DuplicateCheckInterval int       `json:"duplicate_check_interval"`
}

type textField struct {
	Content string `json:"content"`
}

// Token errors after which a fresh token is fetched once: 40001 invalid
// credential, 40014 invalid token, 42001 token expired.
var tokenErrors = map[int64]bool{40001: true, 40014: true, 42001: true}

// Send sends o.Text to the users in o.To. WeCom's own duplicate check (4
// hours) guards under the outbox's. Users WeCom does not know make the
// delivery fail for good, with their ids in the error.
func (w *WeComSender) Send(ctx context.Context, o outbound.Message) error {
	req := textMessage{ToUser: o.To, MsgType: "text", AgentID: w.agentID, Text: textField{Content: cut(o.Text, 2048)},
		EnableDuplicateCheck: 1, DuplicateCheckInterval: 4 * 3600}
	w.mu.Lock()
	defer w.mu.Unlock()
	resp, err := w.msg.Send("MessageSendText", req)
	var ce *util.CommonError
	if errors.As(err, &ce) && tokenErrors[ce.ErrCode] {
		_ = w.cache.Delete(w.tokenKey)
		resp, err = w.msg.Send("MessageSendText", req)
	}
	if err != nil {
		return fmt.Errorf("wecom: message/send: %w", redact(err))
	}
	if resp.InvalidUser != "" {
		return outbound.Permanent(fmt.Errorf("wecom: unknown users %s (check departments[].liaisons[].wecom_user)", resp.InvalidUser))
	}
	return nil
}

// cut shortens s to at most n bytes on a rune boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// RobotSender posts to the departments' WeCom group robots (outbox channel
// "wecom_robot"; To is the department, whose key is looked up here, so
// that no key is stored or logged).
type RobotSender struct {
	keys map[string]string
	bot  *robot.Client
}

// NewRobotSender returns the sender for the departments with a robot key.
func NewRobotSender(depts []config.Department) *RobotSender {
	keys := map[string]string{}
	for _, d := range depts {
		if k := d.Key(); k != "" {
			keys[d.Name] = k
		}
	}
	wk := work.NewWork(&workcfg.Config{Cache: &tokenCache{m: map[string]tokenEntry{}, now: time.Now}})
	return &RobotSender{keys: keys, bot: robot.NewClient(wk.GetContext())}
}

// Has reports whether any department has a robot.
func (r *RobotSender) Has() bool { return len(r.keys) > 0 }

type robotText struct {
	MsgType string    `json:"msgtype"`
	Text    textField `json:"text"`
}

// Send posts o.Text to the group of department o.To.
func (r *RobotSender) Send(ctx context.Context, o outbound.Message) error {
	key, ok := r.keys[o.To]
	if !ok {
		return outbound.Permanent(fmt.Errorf("wecom robot: %s has no wecom_robot_key", o.To))
	}
	info, err := r.bot.RobotBroadcast(key, robotText{MsgType: "text", Text: textField{Content: cut(o.Text, 2048)}})
	if err != nil {
		return fmt.Errorf("wecom robot: %w", redact(err))
	}
	switch {
	case info.ErrCode == 0:
		return nil
	case info.ErrCode == 45009 || info.ErrCode == -1: // too many messages a minute, system busy
		return fmt.Errorf("wecom robot: errcode %d %s", info.ErrCode, info.ErrMsg)
	}
	return outbound.Permanent(fmt.Errorf("wecom robot: errcode %d %s", info.ErrCode, redact(errors.New(info.ErrMsg))))
}
