// Package channels declares what a citizen channel adapter provides. Each
// platform lives in its own sub-package (webchat, wechat, sms, telegram)
// and turns its wire format into bot.Message values and back. Channels
// know nothing of storage: they call the engine and implement outbox.Sender.
package channels

import (
	"hotline/outbox"
	"net/http"
)

// Channel is one platform adapter.
type Channel interface {
	// Name is the channel name used in messages and the outbox: "webchat".
	Name() string
	// Routes registers the adapter's HTTP handlers (webhooks, pages).
	Routes(mux *http.ServeMux)
	outbox.Sender
}
