// Package channels declares what a citizen channel adapter provides. Each
// platform lives in its own sub-package (webchat, wechat, sms, telegram)
// and turns its wire format into inbound.Message values and back. Channels
// know nothing of storage: they call the engine and implement
// outbound.Sender.
//
// A channel is one package plus one line: the package exports a
// Descriptor, and server lists the descriptors (server.Channels).
package channels

import (
	"net/http"

	"hotline/outbound"
)

// Channel is one platform adapter.
type Channel interface {
	// Name is the channel name used in messages and the outbox: "webchat".
	Name() string
	// Routes registers the adapter's HTTP handlers (webhooks, pages).
	Routes(mux *http.ServeMux)
	outbound.Sender
}
