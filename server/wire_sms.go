package server

import (
	"errors"

	"hotline/bot"
	"hotline/channels"
	"hotline/channels/sms"
	"hotline/outbox"
)

// wireSMS builds the sms channel when it is configured (nil otherwise):
// over Kannel when channels.kannel.send_url is set, over Twilio when
// channels.twilio.account_sid is set. Twilio's webhook answers with TwiML when
// the replies are ready within channels.sms.reply_budget.
func (s *Server) wireSMS() (channels.Channel, error) {
	cfg := s.Config
	kannel, twilio := cfg.Channels.Kannel.SendURL != "", cfg.Channels.Twilio.AccountSID != ""
	if kannel && twilio {
		return nil, errors.New("configure only one SMS gateway: channels.kannel or channels.twilio")
	}
	if !kannel && !twilio {
		return nil, nil
	}
	// Conversation ids are a keyed hash of the number, so that ids shown
	// in the console carry no phone numbers.
	key, err := s.secret("sms:conversation-key")
	if err != nil {
		return nil, err
	}
	opts := sms.Options{
		Key:    key,
		Engine: smsEngine{s.Engine, outbox.NewReports(s.Store, s.Hub, s.now)}, SMS: cfg.Channels.SMS, BaseURL: cfg.Server.BaseURL,
		City: cfg.City.Name, Hotline: cfg.City.Hotline, Location: cfg.Location(), Logger: s.log,
	}
	if kannel {
		return sms.NewKannel(cfg.Channels.Kannel, opts)
	}
	return sms.NewTwilio(cfg.Channels.Twilio, opts)
}

// smsEngine is what the SMS channel talks to: the conversation engine for
// messages and opt-outs, the outbox's reports for delivery receipts.
type smsEngine struct {
	*bot.Engine
	*outbox.Reports
}
