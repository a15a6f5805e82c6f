package server

import (
	"errors"
	"strings"
	"testing"
	"time"

	"hotline/config"
)

// The channels' settings are checked by their descriptors (Check), which
// `hotline config check` and serve run through config.Load with
// ConfigChecks(Channels): these are the problems config.Validate reported
// before the checks moved, worded as before.
func TestChannelConfigChecks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(c *config.Config)
		path   string
		msg    string
	}{
		{"wechat half configured", func(c *config.Config) { c.Channels.WeChat.AppID = "wx1"; c.Channels.WeChat.AppSecret = "s" },
			"channels.wechat.app_id", "已设置 channels.wechat.app_id，因此 channels.wechat.token 也须设置"},
		{"wechat token alone", func(c *config.Config) { c.Channels.WeChat.Token = "t" },
			"channels.wechat.token", "已设置 channels.wechat.token，因此 channels.wechat.app_id 也须设置"},
		{"wechat aes key length", func(c *config.Config) {
			c.Channels.WeChat.AppID, c.Channels.WeChat.AppSecret, c.Channels.WeChat.Token = "wx", "s", "t"
			c.Channels.WeChat.EncodingAESKey = "short"
		}, "channels.wechat.encoding_aes_key", "须为微信公众平台上显示的 43 个字符，而不是 5 个"},
		{"wechat reply budget", func(c *config.Config) { c.Channels.WeChat.ReplyBudget = config.Duration(6 * time.Second) },
			"channels.wechat.reply_budget", "不在微信 5 秒的回复时限之内"},
		{"telegram webhook without secret", func(c *config.Config) { c.Channels.Telegram.Token = "1:a" },
			"channels.telegram.token", "因此 channels.telegram.secret 也须设置"},
		{"telegram bad secret", func(c *config.Config) { c.Channels.Telegram.Token = "1:a"; c.Channels.Telegram.Secret = "有空格 x" },
			"channels.telegram.secret", "只用 A-Z、a-z、0-9、_ 和 -"},
		{"twilio without token", func(c *config.Config) { c.Channels.Twilio.AccountSID = "AC1"; c.Channels.Twilio.From = "+1" },
			"channels.twilio.account_sid", "因此 channels.twilio.auth_token 也须设置"},
		{"kannel without user", func(c *config.Config) {
			c.Channels.Kannel.SendURL = "http://k/cgi-bin/sendsms"
			c.Channels.Kannel.Password = "p"
		},
			"channels.kannel.send_url", "因此 channels.kannel.username 也须设置"},
		{"kannel bad url", func(c *config.Config) {
			c.Channels.Kannel.SendURL, c.Channels.Kannel.Username, c.Channels.Kannel.Password = "127.0.0.1:13013", "u", "p"
		}, "channels.kannel.send_url", "「127.0.0.1:13013」不是 http:// 或 https:// 开头的网址"},
		{"duplicate channel path", func(c *config.Config) { c.Channels.Telegram.Path = "/chat" },
			"channels.telegram.path", "「/chat」已是 channels.webchat.path 的路径"},
		{"sms parts", func(c *config.Config) { c.Channels.SMS.MaxParts = 0 }, "channels.sms.max_parts", "0 超出范围，请用 1 到 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Default()
			if err != nil {
				t.Fatal(err)
			}
			tt.change(cfg)
			var probs config.Problems
			if err := cfg.Validate(ConfigChecks(Channels)...); !errors.As(err, &probs) {
				t.Fatalf("Validate = %v, want Problems", err)
			}
			for _, p := range probs {
				if p.Path == tt.path && strings.Contains(p.Msg, tt.msg) {
					if p.Line != 0 {
						t.Errorf("line %d for a value not from a file", p.Line)
					}
					return
				}
			}
			t.Errorf("no problem %s: …%s…; got:\n%v", tt.path, tt.msg, probs)
		})
	}
}

func TestDefaultConfigPassesTheChannelChecks(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(ConfigChecks(Channels)...); err != nil {
		t.Errorf("the embedded default fails the channels' checks:\n%v", err)
	}
}

// TestConfigCheckReportsEveryProblem loads config's many_problems.yaml as
// `hotline config check` does: the file's other problems and the
// channels' come together, sorted by line, each with its line.
func TestConfigCheckReportsEveryProblem(t *testing.T) {
	for _, k := range []string{"HOTLINE_WECHAT_APP_ID", "HOTLINE_WECHAT_TOKEN", "HOTLINE_WECHAT_APP_SECRET", "HOTLINE_TELEGRAM_TOKEN",
		"HOTLINE_TELEGRAM_SECRET", "HOTLINE_TWILIO_AUTH_TOKEN", "HOTLINE_KANNEL_USERNAME", "HOTLINE_KANNEL_PASSWORD"} {
		t.Setenv(k, "")
	}
	_, err := config.Load("../config/testdata/many_problems.yaml", ConfigChecks(Channels)...)
	var probs config.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("Load = %v, want Problems", err)
	}
	want := []struct {
		path string
		line int
		msg  string
	}{
		{"server.log_format", 2, "「xml」不是日志格式"},
		{"server.lgo_level", 3, "未知的键「lgo_level」（是否想写「log_level」？）"},
		{"districts[1].government", 14, "未知部门「乙区政府」"},
		{"districts[1].towns[0]", 15, "镇街「二街道」已列在 甲区 下"},
		{"departments[3].name", 20, "部门「市城管局」已在 departments[2] 定义"},
		{"categories[0].fallback", 22, "须有 fallback 部门"},
		{"categories[1].code", 26, "分类代码「SRHW」已被 categories[0] 使用"},
		{"categories[1].department", 28, "未知部门「热力公司」"},
		{"categories[1].keywords", 29, "分类 SRHW 没有关键词"},
		{"categories[1].district_overrides.丙区", 31, "未知区县「丙区」"},
		{"time_limits.finish_days", 33, "0 超出范围，请用 1 到 60"},
		{"time_limits.max_extension_days", 34, "45 超出范围，请用 0 到 30"},
		{"time_limits.urgent_hours", 35, "时长「24」没有单位"},
		{"calendar.holidays[0]", 37, "「2026-13-01」不是日期"},
		{"channels.wechat.app_id", 40, "已设置 channels.wechat.app_id，因此 channels.wechat.token 也须设置"},
		{"channels.wechat.app_id", 40, "已设置 channels.wechat.app_id，因此 channels.wechat.app_secret 也须设置"},
		{"channels.telegram.token", 42, "因此 channels.telegram.secret 也须设置"},
		{"channels.twilio.account_sid", 44, "因此 channels.twilio.auth_token 也须设置"},
		{"channels.kannel.send_url", 47, "因此 channels.kannel.username 也须设置"},
		{"channels.kannel.send_url", 47, "因此 channels.kannel.password 也须设置"},
	}
	if len(probs) != len(want) {
		t.Errorf("got %d problems, want %d:\n%v", len(probs), len(want), probs)
	}
	for i := range min(len(probs), len(want)) {
		p, w := probs[i], want[i]
		if p.Path != w.path || p.Line != w.line || !strings.Contains(p.Msg, w.msg) {
			t.Errorf("problem %d = %s\nwant %s（第 %d 行）：…%s…", i, p, w.path, w.line, w.msg)
		}
	}
}
