package server

import (
	"hotline/channels"
)

// wireChannels builds the platform channels that have a config section and
// adds them to s.Channels. A channel that is configured but incomplete
// stops start-up with a message naming the missing setting (config
// validation); one that is not configured is absent.
func (s *Server) wireChannels() error {
	for _, wire := range []func() (channels.Channel, error){s.wireWeChat, s.wireSMS, s.wireTelegram} {
		ch, err := wire()
		if err != nil {
			return err
		}
		if ch != nil {
			s.Channels = append(s.Channels, ch)
		}
	}
	return nil
}
