package sms

import (
	"hotline/channels"
	"hotline/config"
	"hotline/outbound"
)

// Descriptor describes the SMS channel to the server: on over Kannel when
// channels.kannel.send_url is set, over Twilio when
// channels.twilio.account_sid is set (one of them). Twilio's webhook
// answers with TwiML when the replies are ready within
// channels.sms.reply_budget.
var Descriptor = channels.Descriptor{
	Name:  Name,
	Label: "短信",
	On: func(cfg *config.Config) bool {
		return cfg.Channels.Kannel.SendURL != "" || cfg.Channels.Twilio.AccountSID != ""
	},
	Check: checkConfig,
	Secrets: func(cfg *config.Config) []string {
		ch := cfg.Channels
		return []string{ch.Kannel.Password, ch.Kannel.Secret, ch.Twilio.AuthToken}
	},
	New: func(d channels.Deps) (channels.Channel, error) {
		// Conversation ids are a keyed hash of the number, so that ids
		// shown in the console carry no phone numbers.
		key, err := d.Secret("sms:conversation-key")
		if err != nil {
			return nil, err
		}
		cfg := d.Config
		o := Options{
			Key:    key,
			Engine: engine{d.Engine, d.Reports}, SMS: cfg.Channels.SMS, Replies: cfg.Replies, BaseURL: cfg.Server.BaseURL,
			City: cfg.City.Name, Hotline: cfg.City.Hotline, Location: cfg.Location(), Logger: d.Logger,
		}
		if cfg.Channels.Kannel.SendURL != "" {
			return NewKannel(cfg.Channels.Kannel, o)
		}
		return NewTwilio(cfg.Channels.Twilio, o)
	},
}

// engine is what the channel talks to: the conversation engine for
// messages and opt-outs, the outbox's reports for delivery receipts.
type engine struct {
	channels.Engine
	outbound.Reports
}
