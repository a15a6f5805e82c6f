package server

import (
	"hotline/channels"
	"hotline/channels/wechat"
)

// wireWeChat builds the wechat channel when it is configured (nil otherwise).
func (s *Server) wireWeChat() (channels.Channel, error) {
	w := s.Config.Channels.WeChat
	if w.AppID == "" {
		return nil, nil
	}
	ch, err := wechat.New(wechat.Options{
		Config: w, Engine: s.Engine, KV: s.Store,
		Logger: s.log.With("channel", wechat.Name), Location: s.Config.Location(),
	})
	if err != nil {
		return nil, err
	}
	return ch, nil
}
