package server

import (
	"hotline/channels"
	"hotline/channels/sms"
	"hotline/channels/telegram"
	"hotline/channels/webchat"
	"hotline/channels/wechat"
	"hotline/outbox"
)

// Channels are the citizen channels the gateway knows, in the order it
// builds them. Adding a channel adds its package's descriptor here.
var Channels = []channels.Descriptor{
	webchat.Descriptor,
	wechat.Descriptor,
	sms.Descriptor,
	telegram.Descriptor,
}

// ChannelLabels returns the zh-CN names of the channels in list, and of
// "phone" (orders an agent registers from a call), for agents' views.
func ChannelLabels(list []channels.Descriptor) map[string]string {
	labels := map[string]string{"phone": "电话"}
	for _, d := range list {
		labels[d.Name] = d.Label
	}
	return labels
}

// wireChannels builds the channels of list that the config turns on and
// adds them to s.Channels. A channel that is configured but unusable
// stops start-up with a message naming the settings (config validation
// and the descriptor's Check); one that is not configured is absent.
func (s *Server) wireChannels(list []channels.Descriptor) error {
	deps := channels.Deps{
		Config: s.Config, Engine: s.Engine, KV: s.Store, Hub: s.Hub,
		Reports: outbox.NewReports(s.Store, s.Hub, s.now), Secret: s.secret,
		Labels: ChannelLabels(list), Logger: s.log, Now: s.now,
	}
	for _, d := range list {
		if !d.On(s.Config) {
			continue
		}
		if d.Check != nil {
			if err := d.Check(s.Config); err != nil {
				return err
			}
		}
		ch, err := d.New(deps)
		if err != nil {
			return err
		}
		if d.Direct {
			s.Engine.SetDirect(d.Name)
		}
		s.Channels = append(s.Channels, ch)
	}
	return nil
}
