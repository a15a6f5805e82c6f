package demo

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"hotline/channels"
	"hotline/config"
	"hotline/outbound"
	"hotline/server"
)

// simulated are the channels the demo's citizens write on besides the web
// chat, which every gateway has.
var simulated = []string{"wechat", "sms"}

// Channels returns list (server.Channels) with the channels the demo's
// citizens write on replaced by loopbacks: on whatever the config says,
// and what the hotline sends on them reaches the simulated citizen at
// once. Build the demo's server with them (server.Options.Channels): Run
// delivers the outbox through them on the simulated clock, so that a
// history made without WeChat or SMS credentials leaves nothing queued
// for channels a later `hotline serve` does not have, and its messages
// are sent when the history says.
func Channels(list []channels.Descriptor) []channels.Descriptor {
	out := slices.Clone(list)
	for i, d := range out {
		if slices.Contains(simulated, d.Name) {
			out[i] = loopbackDescriptor(d)
		}
	}
	return out
}

func loopbackDescriptor(d channels.Descriptor) channels.Descriptor {
	return channels.Descriptor{
		Name: d.Name, Label: d.Label, Direct: d.Direct,
		On:  func(*config.Config) bool { return true },
		New: func(channels.Deps) (channels.Channel, error) { return loopback{d.Name}, nil },
	}
}

// loopback is a simulated citizen's channel: every message arrives.
type loopback struct{ name string }

func (l loopback) Name() string                                     { return l.name }
func (loopback) Routes(*http.ServeMux)                              {}
func (loopback) Send(ctx context.Context, _ outbound.Message) error { return ctx.Err() }

// checkChannels refuses a server without the loopbacks: its outbox would
// give up the simulated citizens' messages as sent on channels it does not
// have, into the orders' histories.
func checkChannels(srv *server.Server) error {
	for _, name := range simulated {
		if !slices.ContainsFunc(srv.Channels, func(c channels.Channel) bool { _, ok := c.(loopback); return ok && c.Name() == name }) {
			return fmt.Errorf("demo: the server has no simulated %s channel: build it with server.Options{Channels: demo.Channels(server.Channels)}", name)
		}
	}
	return nil
}

// deliver hands every message due on the simulated clock to its channel
// (the loopbacks and the web chat), as `hotline serve`'s outbox would.
func deliver(ctx context.Context, srv *server.Server) error {
	for {
		n, err := srv.Outbox.Step(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}
