package sms_test

import (
	"errors"
	"strings"
	"testing"

	"hotline/channels/sms"
	"hotline/config"
)

// TestConfigChecks covers the SMS checks of the descriptor (config check): Kannel signs
// nothing, so its endpoints need a secret or an allow-list.
func TestConfigChecks(t *testing.T) {
	kannel := func(c *config.Channels) {
		k := &c.Kannel
		k.SendURL, k.Username, k.Password, k.Secret = "http://127.0.0.1:13013/cgi-bin/sendsms", "gw", "p", "0123456789abcdef"
	}
	twilio := func(c *config.Channels) {
		c.Twilio.AccountSID, c.Twilio.AuthToken, c.Twilio.From = "AC1", "t", "+15005550006"
	}
	cases := []struct {
		name string
		edit func(*config.Channels)
		path string
		msg  string
	}{
		{"kannel ok", func(c *config.Channels) { kannel(c) }, "", ""},
		{"kannel allow-list ok", func(c *config.Channels) {
			kannel(c)
			c.Kannel.Secret = ""
			c.Kannel.AllowIPs = []string{"127.0.0.1", "10.0.0.0/24", "::1"}
		}, "", ""},
		{"twilio ok", func(c *config.Channels) { twilio(c) }, "", ""},
		{"kannel unprotected", func(c *config.Channels) { kannel(c); c.Kannel.Secret = "" },
			"channels.kannel.send_url", "因此 channels.kannel.secret 或 channels.kannel.allow_ips 也须设置"},
		{"short secret", func(c *config.Channels) { kannel(c); c.Kannel.Secret = "abc" },
			"channels.kannel.secret", "须为 16 到 128 个字符"},
		{"secret needing escapes", func(c *config.Channels) { kannel(c); c.Kannel.Secret = "0123456789abcdef%&" },
			"channels.kannel.secret", "须为 16 到 128 个字符"},
		{"bad allow-list", func(c *config.Channels) { kannel(c); c.Kannel.AllowIPs = []string{"smsbox.local"} },
			"channels.kannel.allow_ips[0]", "「smsbox.local」不是 IP 地址或网段"},
		{"bad dlr url", func(c *config.Channels) { kannel(c); c.Kannel.DLRURL = "gw:8080/dlr" },
			"channels.kannel.dlr_url", "「gw:8080/dlr」不是 http:// 或 https:// 开头的网址"},
		{"two gateways", func(c *config.Channels) { kannel(c); twilio(c) },
			"channels.kannel.send_url", "只能配置一个短信网关"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := config.Default()
			if err != nil {
				t.Fatal(err)
			}
			c.edit(&cfg.Channels)
			err = cfg.Validate(sms.Descriptor.Check)
			if c.path == "" {
				if err != nil {
					t.Fatalf("Validate = %v", err)
				}
				return
			}
			var probs config.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("Validate = %v, want Problems", err)
			}
			for _, p := range probs {
				if p.Path == c.path && strings.Contains(p.Msg, c.msg) {
					return
				}
			}
			t.Errorf("no problem %s: …%s…; got\n%v", c.path, c.msg, probs)
		})
	}
}
