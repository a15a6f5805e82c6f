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
	tests := []struct {
		name   string
		change func(c *config.Config)
		path   string
		msg    string
	}{
		{"wechat half configured", func(c *config.Config) { c.Channels.WeChat.AppID = "wx1"; c.Channels.WeChat.AppSecret = "s" },
			"channels.wechat.app_id", "channels.wechat.app_id is set, so channels.wechat.token must be set too"},
		{"wechat token alone", func(c *config.Config) { c.Channels.WeChat.Token = "t" },
			"channels.wechat.token", "channels.wechat.token is set, so channels.wechat.app_id must be set too"},
		{"wechat aes key length", func(c *config.Config) {
			c.Channels.WeChat.AppID, c.Channels.WeChat.AppSecret, c.Channels.WeChat.Token = "wx", "s", "t"
			c.Channels.WeChat.EncodingAESKey = "short"
		}, "channels.wechat.encoding_aes_key", "43 characters"},
		{"wechat reply budget", func(c *config.Config) { c.Channels.WeChat.ReplyBudget = config.Duration(6 * time.Second) },
			"channels.wechat.reply_budget", "5-second"},
		{"telegram webhook without secret", func(c *config.Config) { c.Channels.Telegram.Token = "1:a" },
			"channels.telegram.token", "channels.telegram.secret must be set too"},
		{"telegram bad secret", func(c *config.Config) { c.Channels.Telegram.Token = "1:a"; c.Channels.Telegram.Secret = "有空格 x" },
			"channels.telegram.secret", "A-Z"},
		{"twilio without token", func(c *config.Config) { c.Channels.Twilio.AccountSID = "AC1"; c.Channels.Twilio.From = "+1" },
			"channels.twilio.account_sid", "channels.twilio.auth_token must be set too"},
		{"kannel without user", func(c *config.Config) {
			c.Channels.Kannel.SendURL = "http://k/cgi-bin/sendsms"
			c.Channels.Kannel.Password = "p"
		},
			"channels.kannel.send_url", "channels.kannel.username must be set too"},
		{"kannel bad url", func(c *config.Config) {
			c.Channels.Kannel.SendURL, c.Channels.Kannel.Username, c.Channels.Kannel.Password = "127.0.0.1:13013", "u", "p"
		}, "channels.kannel.send_url", "not an http"},
		{"duplicate channel path", func(c *config.Config) { c.Channels.Telegram.Path = "/chat" },
			"channels.telegram.path", "already the path of channels.webchat.path"},
		{"sms parts", func(c *config.Config) { c.Channels.SMS.MaxParts = 0 }, "channels.sms.max_parts", "1 to 10"},
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
		{"server.log_format", 2, `"xml" is not a log format`},
		{"server.lgo_level", 3, `unknown key "lgo_level" (did you mean "log_level"?)`},
		{"districts[1].government", 14, `unknown department "乙区政府"`},
		{"districts[1].towns[0]", 15, `town "二街道" is already listed under 甲区`},
		{"departments[3].name", 20, `department "市城管局" is already defined at departments[2]`},
		{"categories[0].fallback", 22, "needs a fallback department"},
		{"categories[1].code", 26, `category code "SRHW" is already used by categories[0]`},
		{"categories[1].department", 28, `unknown department "热力公司"`},
		{"categories[1].keywords", 29, "has no keywords"},
		{"categories[1].district_overrides.丙区", 31, `unknown district "丙区"`},
		{"time_limits.finish_days", 33, "0 is out of range; use 1 to 60"},
		{"time_limits.max_extension_days", 34, "45 is out of range; use 0 to 30"},
		{"time_limits.urgent_hours", 35, `duration "24" has no unit`},
		{"calendar.holidays[0]", 37, `"2026-13-01" is not a date`},
		{"channels.wechat.app_id", 40, "channels.wechat.app_id is set, so channels.wechat.token must be set too"},
		{"channels.wechat.app_id", 40, "channels.wechat.app_id is set, so channels.wechat.app_secret must be set too"},
		{"channels.telegram.token", 42, "channels.telegram.secret must be set too"},
		{"channels.twilio.account_sid", 44, "channels.twilio.auth_token must be set too"},
		{"channels.kannel.send_url", 47, "channels.kannel.username must be set too"},
		{"channels.kannel.send_url", 47, "channels.kannel.password must be set too"},
	}
	if len(probs) != len(want) {
		t.Errorf("got %d problems, want %d:\n%v", len(probs), len(want), probs)
	}
	for i := range min(len(probs), len(want)) {
		p, w := probs[i], want[i]
		if p.Path != w.path || p.Line != w.line || !strings.Contains(p.Msg, w.msg) {
			t.Errorf("problem %d = %s\nwant %s (line %d): …%s…", i, p, w.path, w.line, w.msg)
		}
	}
}
