package telegram_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"hotline/bot"
	"hotline/channels/telegram"
	"hotline/channels/webchat"
	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/events/eventstest"
	"hotline/inbound"
	"hotline/nlp"
	"hotline/outbound"
	"hotline/outbox"
	"hotline/server"
	"hotline/store"
	"hotline/ticket"
)

const (
	testSecret = "s3cret-Token_1"
	groupID    = int64(-1001234567890)
	group      = "-1001234567890"
)

// fakeClassifier recognises a street light and phone numbers, enough to
// drive a dialog without the embedded model.
type fakeClassifier struct{}

var phoneRE = regexp.MustCompile(`1[3-9]\d{9}`)

func (fakeClassifier) Classify(ctx context.Context, text string) (nlp.Result, error) {
	r := nlp.Result{Type: ticket.TypeComplaint, Urgency: ticket.UrgencyNormal, Category: "QT",
		Confidence: map[string]float64{nlp.FieldCategory: 0.1}}
	if strings.Contains(text, "路灯") {
		r.Category = "SZSS"
		r.Title = "路灯不亮"
		r.Confidence[nlp.FieldCategory] = 0.9
	}
	if strings.Contains(text, "任城区") {
		r.District = "任城区"
	}
	r.Phones = phoneRE.FindAllString(text, -1)
	if strings.Contains(text, "着火") {
		r.Urgency = ticket.UrgencyEmergency
		r.Emergency = &nlp.Emergency{Number: "119", Reply: "请立即拨打119！", Cue: "着火", Rule: nlp.RuleEvent}
	}
	if strings.Contains(text, "吃错了药") { // a flag the veto sets aside, as the embedded classifier does
		r.Urgency = ticket.UrgencyUrgent
		r.SetAside = &nlp.Emergency{Number: "120", Reply: "请立即拨打120！", Cue: "把降压药当成钙片吃了", Rule: "poisoning"}
	}
	return r, nil
}

// env is an engine, its store and outbox, the telegram channel under
// test, the web chat as a second channel, and a fake Bot API.
type env struct {
	t   *testing.T
	api *fakeAPI
	cfg *config.Config
	st  *store.Store
	hub *events.Hub
	eng *bot.Engine
	ch  *telegram.Channel
	ob  *outbox.Outbox
	srv *httptest.Server // the channel's routes
}

func newEnv(t *testing.T, mod func(*config.Telegram)) *env {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	api := newFakeAPI(t)
	tc := &cfg.Channels.Telegram
	tc.Token = testToken
	tc.Secret = testSecret
	tc.APIBaseURL = api.URL()
	if mod != nil {
		mod(tc)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "h.db"), &store.Options{MaxBatchDelay: time.Millisecond, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cal, err := ticket.NewCalendar(cfg.Calendar, cfg.Location())
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, api: api, cfg: cfg, st: st, hub: events.NewHub()}
	e.eng, err = bot.New(bot.Options{Config: cfg, Store: st, Classifier: fakeClassifier{}, Calendar: cal, Hub: e.hub,
		Welcome: map[string]string{telegram.Name: telegram.Descriptor.Welcome(cfg)}})
	if err != nil {
		t.Fatal(err)
	}
	e.ch = e.newChannel()
	senders := map[string]outbound.Sender{telegram.Name: e.ch, webchat.Name: webchat.New(e.eng, e.hub, "", []byte("telegram-test-webchat-key-32byte"))}
	e.ob = outbox.New(st, senders, cfg.Outbox, nil, e.hub, nil)
	mux := http.NewServeMux()
	e.ch.Routes(mux)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

// newChannel builds another channel on the same engine and store, as a
// restarted process would.
func (e *env) newChannel() *telegram.Channel {
	e.t.Helper()
	ch, err := telegram.New(telegram.Options{
		Config: e.cfg.Channels.Telegram, Engine: e.eng, KV: e.st, Hub: e.hub, Replies: e.cfg.Replies,
		Labels: server.ChannelLabels(e.cfg, server.Channels), Texts: e.cfg.AgentTexts, ConsoleLabels: e.cfg.ConsoleLabels,
		Categories: e.cfg.Categories,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	ch.PollTimeout = time.Second
	ch.RetryEvery = 50 * time.Millisecond
	ch.CallTimeout = 5 * time.Second
	return ch
}

// run starts the channel's background work and waits until it follows
// the engine's events.
func (e *env) run() {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	before := e.hub.Subscribers()
	go func() { done <- e.ch.Run(ctx) }()
	e.t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				e.t.Errorf("Run: %v", err)
			}
		case <-time.After(eventstest.Hang):
			e.t.Error("Run did not stop")
		}
	})
	if e.cfg.Channels.Telegram.AgentGroupID == 0 {
		return
	}
	eventstest.Subscribed(e.t, e.hub, before+1)
}

// post sends a webhook request and returns the status.
func (e *env) post(body, secret string) int {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+e.cfg.Channels.Telegram.Path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(telegram.SecretHeader, secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// update posts an update with the right secret and expects 200.
func (e *env) update(body string) {
	e.t.Helper()
	if code := e.post(body, testSecret); code != http.StatusOK {
		e.t.Fatalf("webhook answered %d for %s", code, body)
	}
}

// deliver runs the outbox until nothing is due.
func (e *env) deliver() {
	e.t.Helper()
	for range 20 {
		n, err := e.ob.Step(context.Background())
		if err != nil {
			e.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	e.t.Fatal("the outbox did not settle")
}

// messages returns a conversation's messages (none when it does not exist).
func (e *env) messages(convID string) []*domain.Message {
	e.t.Helper()
	_, msgs, err := e.eng.Conversation(convID, 0)
	if errors.Is(err, inbound.ErrNotFound) {
		return nil
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return msgs
}

func (e *env) conversation(convID string) *domain.Conversation {
	e.t.Helper()
	c, _, err := e.eng.Conversation(convID, ^uint64(0))
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func citizenMessages(msgs []*domain.Message) []*domain.Message {
	var out []*domain.Message
	for _, m := range msgs {
		if m.Direction == domain.In {
			out = append(out, m)
		}
	}
	return out
}

func readUpdate(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "updates", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// privateText is a citizen's text update in a private chat.
func privateText(updateID int64, chat int64, msgID int, text string) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"is_bot":false,"first_name":"市民"},"chat":{"id":%d,"first_name":"市民","type":"private"},"date":1795750800,"text":%q}}`,
		updateID, msgID, chat, chat, text)
}

// topicText is a message of user in a topic of the agents' group.
func topicText(updateID int64, msgID, thread int, userID int64, username, text string) string {
	from := fmt.Sprintf(`{"id":%d,"is_bot":false,"first_name":"坐席"`, userID)
	if username != "" {
		from += fmt.Sprintf(`,"username":%q`, username)
	}
	from += "}"
	topic := ""
	if thread != 0 {
		topic = fmt.Sprintf(`"message_thread_id":%d,"is_topic_message":true,`, thread)
	}
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,%s"from":%s,"chat":{"id":%d,"title":"12345坐席","type":"supergroup","is_forum":true},"date":1795750900,"text":%q}}`,
		updateID, msgID, topic, from, groupID, text)
}
