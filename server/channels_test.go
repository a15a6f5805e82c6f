package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"hotline/channels"
	"hotline/config"
	"hotline/inbound"
	"hotline/outbound"
	"hotline/store"
)

// echo is a test-only channel wired exactly as README's "Adding a
// channel" says: one package (here, this file) exporting a descriptor,
// and one line in the list the server builds from.
type echo struct {
	eng  inbound.Handler
	sent chan outbound.Message
}

func (e *echo) Name() string { return "echo" }

func (e *echo) Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /channels/echo", func(w http.ResponseWriter, r *http.Request) {
		_, err := e.eng.Handle(r.Context(), inbound.Message{Channel: "echo", UserID: r.FormValue("from"),
			ExternalID: r.FormValue("id"), Text: r.FormValue("text"), ReceivedAt: time.Now()})
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
}

func (e *echo) Send(ctx context.Context, o outbound.Message) error {
	e.sent <- o
	return nil
}

const (
	echoSecret  = "echo-secret-0451"
	echoWelcome = "回声频道欢迎您，请说出您的诉求。"
)

var echoDescriptor = channels.Descriptor{
	Name:  "echo",
	Label: "回声",
	On:    func(cfg *config.Config) bool { return true },
	// Its webhook's path must be no other channel's.
	Check: func(c *config.Config, p *config.Checker) { p.Path("channels.echo.path", "/channels/echo") },
	// Its credential, which the logger removes, and its own welcome.
	Secrets: func(*config.Config) []string { return []string{echoSecret} },
	Welcome: func(*config.Config) string { return echoWelcome },
	New: func(d channels.Deps) (channels.Channel, error) {
		return &echo{eng: d.Engine, sent: make(chan outbound.Message, 16)}, nil
	},
}

func TestAChannelIsOnePackagePlusOneLine(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	list := append(slices.Clone(Channels), echoDescriptor) // the one line
	// Its config check runs with the others' (hotline config check).
	if err := cfg.Validate(ConfigChecks(list)...); err != nil {
		t.Fatalf("config check: %v", err)
	}
	clash, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	clash.Channels.Webchat.Path = "/channels/echo"
	err = clash.Validate(ConfigChecks(list)...)
	if err == nil || !strings.Contains(err.Error(), "channels.echo.path：「/channels/echo」已是 channels.webchat.path 的路径") {
		t.Errorf("config check of a path clash with the echo channel: %v", err)
	}
	srv, err := New(cfg, Options{Channels: list, StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv.Handler)
	defer hs.Close()

	resp, err := http.PostForm(hs.URL+"/channels/echo", map[string][]string{"from": {"u1"}, "id": {"m1"}, "text": {"你好"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /channels/echo: %s", resp.Status)
	}
	// The reply goes out through the outbox to the channel's Send.
	if _, err := srv.Outbox.Step(t.Context()); err != nil {
		t.Fatal(err)
	}
	var ch *echo
	for _, c := range srv.Channels {
		if e, ok := c.(*echo); ok {
			ch = e
		}
	}
	if ch == nil {
		t.Fatal("the echo channel was not built from the list")
	}
	// A greeting is answered with the channel's own welcome.
	select {
	case o := <-ch.sent:
		if o.Channel != "echo" || o.To != "u1" || o.Text != echoWelcome {
			t.Errorf("delivered %+v, want the echo channel's welcome", o)
		}
	default:
		t.Fatal("the outbox delivered nothing to the echo channel")
	}
	// Its credential is among those the logger removes.
	if !slices.Contains(Secrets(cfg, list), echoSecret) {
		t.Errorf("the echo channel's secret is not among the logger's secrets: %q", Secrets(cfg, list))
	}
	if got := ChannelLabels(cfg, list)["echo"]; got != "回声" {
		t.Errorf("label %q", got)
	}
	// The channels not configured stay off; the web chat is on.
	var names []string
	for _, c := range srv.Channels {
		names = append(names, c.Name())
	}
	if strings.Join(names, ",") != "webchat,echo" {
		t.Errorf("channels built: %v", names)
	}
}
