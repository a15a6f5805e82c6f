package sms

import (
	"fmt"
	"net"
	"regexp"

	"hotline/config"
)

// maxConfigParts is the most parts channels.sms.max_parts may allow.
const maxConfigParts = 10

// kannelSecretRE is what a Kannel shared secret may be made of.
var kannelSecretRE = regexp.MustCompile(`^[A-Za-z0-9_.~-]{16,128}$`)

// checkConfig checks channels.kannel, channels.twilio and channels.sms for
// `hotline config check` and start-up (Descriptor.Check).
func checkConfig(c *config.Config, p *config.Checker) {
	ch := c.Channels
	k := ch.Kannel
	p.Path("channels.kannel.path", k.Path)
	p.URL("channels.kannel.send_url", k.SendURL)
	p.Both("channels.kannel.send_url", k.SendURL, "channels.kannel.username", k.Username)
	p.Both("channels.kannel.send_url", k.SendURL, "channels.kannel.password", k.Password)
	p.Both("channels.kannel.username", k.Username, "channels.kannel.send_url", k.SendURL)
	p.Both("channels.kannel.password", k.Password, "channels.kannel.send_url", k.SendURL)
	p.URL("channels.kannel.dlr_url", k.DLRURL)
	kannelOn := k.SendURL != "" && k.Username != "" && k.Password != ""
	if kannelOn && k.Secret == "" && len(k.AllowIPs) == 0 {
		p.Add("channels.kannel.send_url", config.MsgKannelUnsigned)
	}
	if k.Secret != "" && !kannelSecretRE.MatchString(k.Secret) {
		p.Add("channels.kannel.secret", config.MsgKannelSecret)
	}
	for i, a := range k.AllowIPs {
		if _, _, err := net.ParseCIDR(a); err != nil {
			if net.ParseIP(a) == nil {
				p.Add(fmt.Sprintf("channels.kannel.allow_ips[%d]", i), config.MsgNotIPOrCIDR, a)
			}
		}
	}
	if kannelOn && ch.Twilio.AccountSID != "" && ch.Twilio.AuthToken != "" {
		p.Add("channels.kannel.send_url", config.MsgOneSMSGateway)
	}

	t := ch.Twilio
	p.Path("channels.twilio.path", t.Path)
	p.URL("channels.twilio.api_base_url", t.APIBaseURL)
	p.URL("channels.twilio.webhook_url", t.WebhookURL)
	p.Both("channels.twilio.account_sid", t.AccountSID, "channels.twilio.auth_token", t.AuthToken)
	p.Both("channels.twilio.account_sid", t.AccountSID, "channels.twilio.from", t.From)
	p.Both("channels.twilio.auth_token", t.AuthToken, "channels.twilio.account_sid", t.AccountSID)

	s := ch.SMS
	p.IntRange("channels.sms.max_parts", s.MaxParts, 1, maxConfigParts)
	if s.RatePerHour < 0 {
		p.Add("channels.sms.rate_per_hour", config.MsgRateNegative, s.RatePerHour)
	}
	p.Positive("channels.sms.reply_budget", s.ReplyBudget)
	p.Words("channels.sms.opt_out_words", s.OptOutWords, false)
}
