package server

import (
	"fmt"
	"maps"

	"hotline/channels"
	"hotline/channels/sms"
	"hotline/channels/telegram"
	"hotline/channels/webchat"
	"hotline/channels/wechat"
	"hotline/config"
	"hotline/notify"
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

// ConfigChecks returns the config checks other packages own, for
// config.Load and Config.Validate: notify's of the liaisons' numbers
// (notify.CheckConfig) and those of the channels in list (their
// descriptors' Check). `hotline config check` and serve check every listed
// channel's settings, on or off, with the rest of the file.
func ConfigChecks(list []channels.Descriptor) []config.Check {
	checks := []config.Check{notify.CheckConfig}
	for _, d := range list {
		if d.Check != nil {
			checks = append(checks, d.Check)
		}
	}
	return checks
}

// Welcomes returns the channels' own welcomes (channels.Descriptor.Welcome)
// by channel name, for the engine: those set replace replies.welcome there.
func Welcomes(cfg *config.Config, list []channels.Descriptor) map[string]string {
	out := map[string]string{}
	for _, d := range list {
		if d.Welcome != nil {
			out[d.Name] = d.Welcome(cfg)
		}
	}
	return out
}

// ChannelLabels returns the zh-CN names of the channels in list and of
// those only the config names (phone: orders an agent registers from a
// call), for agents' views: channel_labels first, then a descriptor's
// own label.
func ChannelLabels(cfg *config.Config, list []channels.Descriptor) map[string]string {
	labels := maps.Clone(cfg.ChannelLabels)
	if labels == nil {
		labels = map[string]string{}
	}
	for _, d := range list {
		labels[d.Name] = cfg.ChannelLabel(d.Name, d.Label)
	}
	return labels
}

// wireChannels builds the channels of list that the config turns on and
// adds them to s.Channels. A channel that is configured but unusable
// stops start-up with the problems its descriptor's Check finds, naming
// the settings; one that is not configured is absent.
func (s *Server) wireChannels(list []channels.Descriptor) error {
	reports := outbox.NewReports(s.Store, s.Hub, s.now)
	reports.SetTexts(s.Config.DeliveryTexts, ChannelLabels(s.Config, list))
	deps := channels.Deps{
		Config: s.Config, Engine: s.Engine, KV: s.Store, Hub: s.Hub,
		Reports: reports, Secret: s.secret,
		Labels: ChannelLabels(s.Config, list), Logger: s.log, Now: s.now,
	}
	for _, d := range list {
		if !d.On(s.Config) {
			continue
		}
		if err := s.Config.RunChecks(d.Check); err != nil {
			return fmt.Errorf("server: channel %s: %w", d.Name, err)
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
