package server

import (
	"slices"

	"hotline/notify"
	"hotline/outbound"
)

// wireNotify adds the senders of the departments' notices (WeCom
// application messages, group robots, the webhook) to the outbox's and
// builds the service that turns inbox entries into notices; Run runs it.
func (s *Server) wireNotify(senders map[string]outbound.Sender, wake func()) error {
	cfg := s.Config
	n := cfg.Notify
	// The leaders' group robot (notify.leaders) is one more robot.
	robots := notify.NewRobotSender(append(slices.Clone(cfg.Departments), n.LeadersDepartment()))
	if n.WeCom.CorpID != "" || robots.Has() {
		// One URI modifier for both WeChat APIs (the SDK's is global).
		notify.InstallURIModifier(cfg.Channels.WeChat.APIBaseURL, n.WeCom.APIBaseURL)
	}
	if n.WeCom.CorpID != "" {
		senders[notify.ChannelWeCom] = notify.NewWeComSender(n.WeCom)
	}
	if robots.Has() {
		senders[notify.ChannelRobot] = robots
	}
	if n.Webhook.URL != "" {
		senders[notify.ChannelWebhook] = notify.NewWebhookSender(n.Webhook)
	}
	_, sms := senders[notify.ChannelSMS]
	svc, err := notify.New(notify.Options{Config: cfg, Store: s.Store, Logger: s.log.With("component", "notify"), Now: s.now, Wake: wake, SMS: sms})
	if err != nil {
		return err
	}
	s.Notify = svc
	return nil
}
