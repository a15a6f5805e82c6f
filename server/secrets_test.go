package server

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/config"
	"hotline/inbound"
	"hotline/logx"
	"hotline/store"
)

// syncBuffer is a log sink written from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSecretsNeverLogged runs WeChat sends that fail against a fake API
// (the connection drops, so the HTTP client's error carries the request
// URL with the access token) until the outbox gives up, and greps the
// whole log and the stored delivery errors for every secret.
func TestSecretsNeverLogged(t *testing.T) {
	const accessToken = "ACCESS-tok3n-from-the-fake-4242"
	var sends sync.WaitGroup
	sends.Add(3)
	var once [3]sync.Once
	var n int
	var nmu sync.Mutex
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/cgi-bin/stable_token", "/cgi-bin/token":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"access_token":"` + accessToken + `","expires_in":7200}`))
		case "/cgi-bin/message/custom/send":
			nmu.Lock()
			i := n
			n++
			nmu.Unlock()
			if i < 3 {
				defer once[i].Do(sends.Done)
			}
			// Drop the connection: the client reports the URL.
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					c.Close()
					return
				}
			}
			http.Error(w, "gone", http.StatusBadGateway)
		default:
			http.NotFound(w, r)
		}
	}))
	defer api.Close()

	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Server.DataDir = t.TempDir()
	cfg.Desk.Token = "desk-token-secret-777"
	w := &cfg.Channels.WeChat
	w.AppID, w.AppSecret, w.Token = "wx1234567890", "app-secret-shhh-0987654321", "wxtoken123"
	w.EncodingAESKey = strings.Repeat("k", 43)
	w.APIBaseURL = api.URL
	cfg.Outbox.MaxAttempts = 3
	cfg.Outbox.MinBackoff = config.Duration(1) // due again at once
	var logs syncBuffer
	log, err := logx.New(&logs, "json", "debug", Secrets(cfg, Channels)...)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(cfg, Options{Logger: log, StoreOptions: &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	if _, err := srv.Engine.Handle(ctx, inbound.Message{Channel: "wechat", UserID: "oCitizenOpenID1", ExternalID: "m1",
		Text: "你好", ReceivedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	// Three attempts, each failing, the last one for good.
	for range 50 {
		if _, err := srv.Outbox.Step(ctx); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(logs.String(), "failed for good") {
			break
		}
	}
	sends.Wait()
	out := logs.String()
	if !strings.Contains(out, "failed for good") || !strings.Contains(out, "custom/send") {
		t.Fatalf("the failing sends were not logged: %s", out)
	}
	// The delivery errors kept with the entries (staff see them) too.
	var stored strings.Builder
	_ = srv.Store.View(func(tx *store.Tx) error {
		for id := uint64(1); ; id++ {
			e, err := tx.OutboxEntry(id)
			if err != nil {
				return nil
			}
			stored.WriteString(e.LastError + "\n")
		}
	})
	if !strings.Contains(stored.String(), "custom/send") {
		t.Fatalf("no delivery error stored: %q", stored.String())
	}
	for _, secret := range append(Secrets(cfg, Channels), accessToken) {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds the secret %q", secret)
		}
		if strings.Contains(stored.String(), secret) {
			t.Errorf("a stored delivery error holds the secret %q", secret)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}

// TestEveryChannelSecretIsRemoved sets every credential of the channels'
// settings (a string whose YAML name says secret, token, password or key)
// to a value of its own and checks that the listed channels' descriptors
// name each one for the logger (Descriptor.Secrets): a channel added
// without saying which of its settings are secrets fails here.
func TestEveryChannelSecretIsRemoved(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	sections := reflect.ValueOf(&cfg.Channels).Elem()
	for i := range sections.NumField() {
		sec := sections.Field(i)
		if sec.Kind() != reflect.Struct {
			continue
		}
		for j := range sec.NumField() {
			f, name := sec.Field(j), strings.Split(sec.Type().Field(j).Tag.Get("yaml"), ",")[0]
			if f.Kind() != reflect.String || !credential(name) {
				continue
			}
			v := "credential-" + sections.Type().Field(i).Name + "-" + name
			f.SetString(v)
			want = append(want, v)
		}
	}
	if len(want) < 8 {
		t.Fatalf("found %d credentials among the channels' settings: %q", len(want), want)
	}
	got := Secrets(cfg, Channels)
	for _, v := range want {
		if !slices.Contains(got, v) {
			t.Errorf("%s is not among the secrets the logger removes", v)
		}
	}
}

// credential reports whether a setting's YAML name names a credential.
func credential(name string) bool {
	switch name {
	case "secret", "token", "password":
		return true
	}
	return strings.HasSuffix(name, "_secret") || strings.HasSuffix(name, "_token") || strings.HasSuffix(name, "_key")
}
