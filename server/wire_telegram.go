package server

import (
	"hotline/channels"
	"hotline/channels/telegram"
)

// wireTelegram builds the telegram channel when it is configured (nil
// otherwise). Its background work (long polling, the agents' group
// watcher) is (*telegram.Channel).Run, started with the server.
func (s *Server) wireTelegram() (channels.Channel, error) {
	tc := s.Config.Channels.Telegram
	if tc.Token == "" {
		return nil, nil
	}
	return telegram.New(telegram.Options{
		Config:  tc,
		Engine:  s.Engine,
		KV:      s.Engine.Store(),
		Hub:     s.Hub,
		Logger:  s.log.With("channel", telegram.Name),
		Replies: s.Config.Replies,
	})
}
