package channels

import (
	"context"
	"log/slog"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/inbound"
	"hotline/outbound"
)

// Descriptor is what a channel package tells the server about itself:
// its name and label, when the configuration turns it on, how to check
// its settings, which of them are secrets, its own welcome, and how to
// build it. Each channel package exports one; server.Channels lists them
// explicitly (no
// init-time registration).
type Descriptor struct {
	// Name is the channel name in messages, conversation ids and the
	// outbox: "wechat".
	Name string
	// Label is the zh-CN name agents and the console show: 微信.
	Label string
	// On reports whether cfg turns the channel on (its credentials are
	// set); a channel that is off is absent.
	On func(cfg *config.Config) bool
	// Check checks the channel's settings (its sections under channels:)
	// and reports each problem with its YAML path: `hotline config check`
	// and serve run it for every listed channel through config.Load
	// (server.ConfigChecks), and the server again before it builds a
	// channel that is on. nil: nothing to check.
	Check config.Check
	// Secrets returns the credentials among the channel's settings: the
	// logger removes each wherever it appears (server.Secrets). nil: none.
	Secrets func(cfg *config.Config) []string
	// Welcome returns the channel's own welcome, which the bot sends there
	// instead of replies.welcome; "" or nil: replies.welcome.
	Welcome func(cfg *config.Config) string
	// Direct channels' clients read replies from the conversation itself
	// (the web chat's page): the engine marks them delivered at once.
	Direct bool
	// New builds the channel.
	New func(d Deps) (Channel, error)
}

// Engine is the conversation engine as channels see it (*bot.Engine):
// inbound messages, the web chat's welcome and transcript, SMS opt-outs,
// and the agents' operations on a conversation handed to a person (the
// Telegram agents' group). Each channel declares the part it uses.
type Engine interface {
	inbound.Handler
	// Greeting is the welcome text shown when a conversation opens.
	Greeting() (string, error)
	// OptedOut tells whether a recipient opted out of a channel.
	OptedOut(channel, userID string) bool
	// Conversation returns a conversation and its messages after the
	// message id after (inbound.ErrNotFound when there is none).
	Conversation(id string, after uint64) (*domain.Conversation, []*domain.Message, error)
	// Queue lists the conversations waiting for an agent.
	Queue(limit int) ([]*domain.Conversation, error)
	// Take, Reply, Release and Close are an agent's operations
	// (inbound.ErrHeld, inbound.ErrNotHeld, inbound.ErrNotFound).
	Take(ctx context.Context, id, agent string) (*domain.Conversation, error)
	Reply(ctx context.Context, id, agent, text string) (*domain.Conversation, error)
	Release(ctx context.Context, id, agent string) (*domain.Conversation, error)
	Close(ctx context.Context, id, agent string) (*domain.Conversation, error)
}

// KV is the store's key-value area, where channels cache access tokens.
type KV interface {
	GetKV(key string) ([]byte, error)
	PutKV(key string, value []byte) error
}

// Deps is what the server hands a channel's constructor.
type Deps struct {
	Config *config.Config
	Engine Engine
	KV     KV
	Hub    *events.Hub
	// Reports records gateways' delivery receipts (SMS DLRs).
	Reports outbound.Reports
	// Secret returns a random key kept in the store under name, made on
	// first use (keyed hashes of phone numbers, web-chat tokens).
	Secret func(name string) ([]byte, error)
	// Labels are every channel's zh-CN names (Descriptor.Label), for
	// channels that show other channels to agents.
	Labels map[string]string
	Logger *slog.Logger
	Now    func() time.Time
}
