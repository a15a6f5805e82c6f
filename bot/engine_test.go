package bot

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/config"
	"hotline/domain"
	"hotline/events"
	"hotline/inbound"
	"hotline/nlp"
	"hotline/outbox"
	"hotline/store"
	"hotline/ticket"
)

// fakeClassifier recognises a few words, enough to drive dialogs.
type fakeClassifier struct{}

var phoneRe = regexp.MustCompile(`1[3-9]\d{9}`)

func (fakeClassifier) Classify(ctx context.Context, text string) (nlp.Result, error) {
	r := nlp.Result{Type: ticket.TypeComplaint, Urgency: ticket.UrgencyNormal, Confidence: map[string]float64{}}
	switch {
	case strings.Contains(text, "烧烤") || strings.Contains(text, "占道"):
		r.Category = "SRHW"
		r.Confidence[nlp.FieldCategory] = 0.9
	case strings.Contains(text, "路灯"):
		r.Category = "SZSS"
		r.Confidence[nlp.FieldCategory] = 0.8
	case strings.Contains(text, "说不上来"):
		// Unsure, and the second category is all but ruled out.
		r.Category = "SCJG"
		r.Confidence[nlp.FieldCategory] = 0.3
		r.Candidates = []nlp.Candidate{{Category: "SCJG", Confidence: 0.3}, {Category: "AQSC", Confidence: 0.05}}
	case strings.Contains(text, "秤"):
		// Unsure between two categories: the bot asks which one.
		r.Category = "SCJG"
		r.Confidence[nlp.FieldCategory] = 0.3
		r.Candidates = []nlp.Candidate{{Category: "SCJG", Confidence: 0.3}, {Category: "QT", Confidence: 0.28}, {Category: "AQSC", Confidence: 0.25}}
	case strings.Contains(text, "公积金"):
		r.Category = "GJJ"
		r.Type = ticket.TypeConsult
		r.Confidence[nlp.FieldCategory] = 0.9
	default:
		r.Category = "QT"
		r.Confidence[nlp.FieldCategory] = 0.1
	}
	for _, d := range []string{"任城区", "兖州区"} {
		if strings.Contains(text, d) {
			r.District = d
		}
	}
	if strings.Contains(text, "古槐路") {
		r.Address = "古槐路"
	}
	if strings.Contains(text, "金宇路") {
		r.Address = "金宇路"
	}
	r.Phones = phoneRe.FindAllString(text, -1)
	if strings.Contains(text, "着火") {
		r.Urgency = ticket.UrgencyEmergency
		r.Emergency = &nlp.Emergency{Number: "119", Reply: "请立即拨打119！", Cue: "着火"}
	}
	return r, nil
}

type fakeKB struct{}

func (fakeKB) Best(q string, th float64) (nlp.KBEntry, float64, bool) {
	if strings.Contains(q, "公积金") && strings.Contains(q, "提取") {
		return nlp.KBEntry{ID: "gjj-1", Question: "怎么提取公积金", Answer: "带身份证到公积金中心办理。", Category: "GJJ"}, 0.9, true
	}
	return nlp.KBEntry{}, 0, false
}

type testEnv struct {
	eng *Engine
	st  *store.Store
	cfg *config.Config
	now time.Time
	mu  sync.Mutex
}

// reports records delivery receipts on the environment's store.
func (e *testEnv) reports() *outbox.Reports { return outbox.NewReports(e.st, e.eng.hub, e.clock) }

func (e *testEnv) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *testEnv) advance(d time.Duration) {
	e.mu.Lock()
	e.now = e.now.Add(d)
	e.mu.Unlock()
}

func newEnv(t *testing.T) *testEnv {
	t.Helper()
	return newEnvWith(t, fakeClassifier{})
}

// newEnvWith builds the test environment around the classifier clf, with
// the default city's configuration as edit changes it.
func newEnvWith(t *testing.T, clf nlp.Classifier, edit ...func(*config.Config)) *testEnv {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edit {
		e(cfg)
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
	env := &testEnv{st: st, cfg: cfg, now: time.Date(2026, 11, 27, 10, 0, 0, 0, cfg.Location())}
	env.eng, err = New(Options{Config: cfg, Store: st, Classifier: clf, KB: fakeKB{}, Calendar: cal, Now: env.clock, Hub: events.NewHub()})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func (e *testEnv) send(t *testing.T, user, text string) *inbound.Result {
	t.Helper()
	res, err := e.eng.Handle(context.Background(), inbound.Message{Channel: "webchat", UserID: user, Text: text, ReceivedAt: e.clock()})
	if err != nil {
		t.Fatalf("Handle(%q): %v", text, err)
	}
	return res
}

func lastReply(r *inbound.Result) string {
	if len(r.Replies) == 0 {
		return ""
	}
	return r.Replies[len(r.Replies)-1].Text
}

func TestDialogRegistersRoutedOrder(t *testing.T) {
	env := newEnv(t)
	r := env.send(t, "u1", "任城区古槐路有烧烤摊占道经营，油烟很大")
	if !strings.Contains(lastReply(r), "联系电话") {
		t.Fatalf("expected the phone question, got %q", lastReply(r))
	}
	r = env.send(t, "u1", "我的电话是 13953706688")
	if !strings.Contains(lastReply(r), "请核对") || !strings.Contains(lastReply(r), "任城区人民政府") {
		t.Fatalf("expected the summary, got %q", lastReply(r))
	}
	r = env.send(t, "u1", "确认")
	if !strings.Contains(lastReply(r), "20261127-0001") {
		t.Fatalf("expected the order number, got %q", lastReply(r))
	}
	tk, err := env.eng.Ticket("20261127-0001")
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status != ticket.Accepted || tk.Category != "SRHW" || tk.Department != "任城区人民政府" || tk.District != "任城区" || tk.Phone != "13953706688" {
		t.Errorf("order = %+v", tk)
	}
	// Friday 2026-11-27 + 5 working days = Friday 2026-12-04, end of day.
	if want := time.Date(2026, 12, 4, 18, 0, 0, 0, env.cfg.Location()); !tk.Due.Equal(want) {
		t.Errorf("due = %v, want %v", tk.Due, want)
	}
	// The citizen's status query lists it.
	r = env.send(t, "u1", "查询")
	if !strings.Contains(lastReply(r), "20261127-0001") || !strings.Contains(lastReply(r), "已受理") {
		t.Errorf("status reply = %q", lastReply(r))
	}
	r = env.send(t, "u1", "查询 20261127-0001")
	if !strings.Contains(lastReply(r), "任城区人民政府") {
		t.Errorf("status reply = %q", lastReply(r))
	}
	// Another citizen cannot read it.
	r = env.send(t, "u2", "查询 20261127-0001")
	if !strings.Contains(lastReply(r), "没有找到") {
		t.Errorf("foreign status reply = %q", lastReply(r))
	}
}

func TestDialogAsksForPlaceThenRoutesTerritorially(t *testing.T) {
	env := newEnv(t)
	r := env.send(t, "u1", "有烧烤摊占道经营，油烟很大 13953706688")
	if !strings.Contains(lastReply(r), "具体地点") {
		t.Fatalf("expected the place question, got %q", lastReply(r))
	}
	r = env.send(t, "u1", "兖州区金宇路")
	if !strings.Contains(lastReply(r), "兖州区人民政府") {
		t.Fatalf("expected routing to 兖州区, got %q", lastReply(r))
	}
	r = env.send(t, "u1", "修改")
	if !strings.Contains(lastReply(r), "修改或补充") {
		t.Fatalf("deny should ask what to change, got %q", lastReply(r))
	}
	r = env.send(t, "u1", "晚上十点以后最严重")
	if !strings.Contains(lastReply(r), "请核对") || !strings.Contains(lastReply(r), "兖州区人民政府") {
		t.Fatalf("amendment should lead back to the summary, got %q", lastReply(r))
	}
	env.send(t, "u1", "确认")
	tk, err := env.eng.Ticket("20261127-0001")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tk.Description, "晚上十点") || tk.Department != "兖州区人民政府" {
		t.Errorf("order = %+v", tk)
	}
}

func TestCommandsHumanCancelAndEmergency(t *testing.T) {
	env := newEnv(t)
	r := env.send(t, "u1", "人工")
	if !strings.Contains(lastReply(r), "人工") {
		t.Fatalf("human reply = %q", lastReply(r))
	}
	env.send(t, "u2", "任城区古槐路烧烤占道")
	r = env.send(t, "u2", "取消")
	if !strings.Contains(lastReply(r), "取消") {
		t.Fatalf("cancel reply = %q", lastReply(r))
	}
	r = env.send(t, "u2", "取消")
	if !strings.Contains(lastReply(r), "没有可以撤销") {
		t.Fatalf("second cancel reply = %q", lastReply(r))
	}
	env.advance(time.Second)
	r = env.send(t, "u3", "楼下着火了，好多烟")
	if lastReply(r) != "请立即拨打119！" {
		t.Fatalf("emergency reply = %q", lastReply(r))
	}
	q, err := env.eng.Queue(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 2 || q[0].UserID != "u3" || !q[0].Emergency || q[1].UserID != "u1" {
		t.Fatalf("queue order wrong: %+v", q)
	}
}

func TestAgentHoldsConversationAndBotIsSilent(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	env.send(t, "u1", "人工")
	id := inbound.ConversationID("webchat", "u1")
	if _, err := env.eng.Take(ctx, id, "wang"); err != nil {
		t.Fatal(err)
	}
	if _, err := env.eng.Take(ctx, id, "li"); !errors.Is(err, inbound.ErrHeld) {
		t.Fatalf("second agent took it: %v", err)
	}
	r := env.send(t, "u1", "任城区古槐路烧烤占道")
	if len(r.Replies) != 0 {
		t.Fatalf("bot replied while an agent holds the chat: %q", r.Texts())
	}
	if _, err := env.eng.Reply(ctx, id, "li", "hi"); !errors.Is(err, inbound.ErrNotHeld) {
		t.Fatalf("non-holder replied: %v", err)
	}
	if _, err := env.eng.Reply(ctx, id, "wang", "您好，马上为您处理"); err != nil {
		t.Fatal(err)
	}
	_, msgs, err := env.eng.Conversation(id, 0)
	if err != nil {
		t.Fatal(err)
	}
	last := msgs[len(msgs)-1]
	if last.Sender != "agent:wang" || last.Text != "您好，马上为您处理" || last.Status != "queued" {
		t.Fatalf("agent message = %+v", last)
	}
	if _, err := env.eng.Release(ctx, id, "wang"); err != nil {
		t.Fatal(err)
	}
	r = env.send(t, "u1", "你好")
	if len(r.Replies) == 0 {
		t.Fatal("bot silent after release")
	}
	if q, _ := env.eng.Queue(0); len(q) != 0 {
		t.Fatalf("queue not empty: %d", len(q))
	}
}

// TestAgentAuditsStateChangesOnly: the engine's audit entries of an
// agent's actions on a chat are its changes of state: taking it (坐席接入)
// and handing it back, not each reply in it (one reply gave 坐席接入
// again, beside the console's own 坐席回复).
// TestAgentActionsAuditedOnce: each action of an agent on a conversation
// is one audit entry, written by the engine whatever the surface (the
// console, the agents' API, the Telegram group): a take (not a repeated
// one, which changes nothing), each reply with its text masked, a
// transfer and a release, with the state and holder before and after.
func TestAgentActionsAuditedOnce(t *testing.T) {
	env := newEnv(t)
	// wang acts from the agents' API, li from the console: each entry
	// names the surface's actor (inbound.WithActor), the holder stays the
	// bare name.
	ctx := inbound.WithActor(context.Background(), "api:wang")
	env.send(t, "u1", "人工")
	id := inbound.ConversationID("webchat", "u1")
	for range 2 {
		if _, err := env.eng.Take(ctx, id, "wang"); err != nil {
			t.Fatal(err)
		}
	}
	for _, text := range []string{"您好，请讲", "请拨打13953706688联系我"} {
		if _, err := env.eng.Reply(ctx, id, "wang", text); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.eng.Transfer(ctx, id, "wang", "li"); err != nil {
		t.Fatal(err)
	}
	if _, err := env.eng.Release(inbound.WithActor(context.Background(), "desk:li"), id, "li"); err != nil {
		t.Fatal(err)
	}
	var log []store.AuditEntry
	if err := env.st.View(func(tx *store.Tx) error {
		var err error
		log, err = tx.AuditLog(100)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, en := range log {
		if en.Object != id {
			continue
		}
		got = append(got, en.Actor+" "+en.Action+" "+en.Before+" "+en.After)
	}
	slices.Sort(got)
	want := []string{
		`api:wang conversation.reply  {"text":"您好，请讲"}`,
		`api:wang conversation.reply  {"text":"请拨打139****6688联系我"}`,
		`api:wang conversation.take {"agent":"","state":"queued"} {"agent":"wang","state":"agent"}`,
		`api:wang conversation.transfer {"agent":"wang","state":"agent"} {"agent":"li","state":"agent"}`,
		`desk:li conversation.release {"agent":"li","state":"agent"} {"agent":"","state":"idle"}`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit entries of the chat:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestDuplicateMessageHandledOnce: a platform's retries are recognised,
// whether they carry a time of the platform's (WeChat's CreateTime: the
// dedupe key starts with it) or none (Twilio).
func TestDuplicateMessageHandledOnce(t *testing.T) {
	env := newEnv(t)
	for _, m := range []inbound.Message{
		{Channel: "wechat", UserID: "openid-1", ExternalID: "msg-42", ExternalTime: time.Unix(1795752100, 0), Text: "任城区古槐路烧烤占道"},
		{Channel: "wechat", UserID: "openid-2", ExternalID: "msg-43", Text: "任城区古槐路烧烤占道"},
	} {
		var replies int
		for i := 0; i < 3; i++ {
			res, err := env.eng.Handle(context.Background(), m)
			if err != nil {
				t.Fatal(err)
			}
			if i > 0 && !res.Duplicate {
				t.Fatalf("%s: delivery %d not recognised as duplicate", m.UserID, i+1)
			}
			replies += len(res.Replies)
		}
		_, msgs, err := env.eng.Conversation(inbound.ConversationID("wechat", m.UserID), 0)
		if err != nil {
			t.Fatal(err)
		}
		in := 0
		for _, m := range msgs {
			if m.Direction == domain.In {
				in++
			}
		}
		if in != 1 || replies != 1 || len(msgs) != 2 {
			t.Fatalf("%s: 3 deliveries gave %d inbound, %d replies, %d messages", m.UserID, in, replies, len(msgs))
		}
	}
}

// TestInputErrorsFromConfig: what the bot answers to a refused message
// is input_errors: the default as before, a city's words once set.
func TestInputErrorsFromConfig(t *testing.T) {
	env := newEnv(t)
	msg := func(m inbound.Message) string {
		_, err := env.eng.Handle(context.Background(), m)
		var ie *inbound.InputError
		if !errors.As(err, &ie) {
			t.Fatalf("err = %v, want an input error", err)
		}
		return ie.Msg
	}
	long := inbound.Message{Channel: "webchat", UserID: "u", Text: strings.Repeat("很", env.cfg.Bot.MaxTextLen+1)}
	want := fmt.Sprintf("消息过长：共 %d 字，最多 %d 字，请删减后再发送", env.cfg.Bot.MaxTextLen+1, env.cfg.Bot.MaxTextLen)
	if got := msg(long); got != want {
		t.Errorf("default: %q, want %q", got, want)
	}
	env.cfg.InputErrors.TooLong = "超过{{.Max}}字了"
	env.cfg.InputErrors.UnknownConversation = "找不到会话 {{.Conversation}}"
	if got := msg(long); got != fmt.Sprintf("超过%d字了", env.cfg.Bot.MaxTextLen) {
		t.Errorf("configured: %q", got)
	}
	if got := msg(inbound.Message{Channel: "webchat", UserID: "u", ConversationID: "webchat:nope", Text: "hi"}); got != "找不到会话 webchat:nope" {
		t.Errorf("unknown conversation: %q", got)
	}
}

func TestBadInputStoresNothing(t *testing.T) {
	env := newEnv(t)
	long := strings.Repeat("很", env.cfg.Bot.MaxTextLen+1)
	cases := []struct {
		name string
		m    inbound.Message
		code string
	}{
		{"empty", inbound.Message{Channel: "webchat", UserID: "u", Text: "   "}, "empty_text"},
		{"too long", inbound.Message{Channel: "webchat", UserID: "u", Text: long}, "too_long"},
		{"invalid utf8", inbound.Message{Channel: "webchat", UserID: "u", Text: "a\xffb"}, "invalid_utf8"},
		{"unknown conversation", inbound.Message{Channel: "webchat", UserID: "u", ConversationID: "webchat:nope", Text: "hi"}, "unknown_conversation"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := env.eng.Handle(context.Background(), tc.m)
			var ie *inbound.InputError
			if !errors.As(err, &ie) || ie.Code != tc.code {
				t.Fatalf("err = %v, want code %s", err, tc.code)
			}
		})
	}
	err := env.st.View(func(tx *store.Tx) error {
		if _, err := tx.Conversation("webchat:u"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a conversation was stored for rejected input")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestKnowledgeBaseAnswersConsultation(t *testing.T) {
	env := newEnv(t)
	r := env.send(t, "u1", "请问怎么提取公积金")
	if !strings.Contains(lastReply(r), "公积金中心") || !strings.Contains(lastReply(r), "没解决") {
		t.Fatalf("kb reply = %q", lastReply(r))
	}
	tk, err := env.eng.Ticket("20261127-0001")
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status != ticket.Answered {
		t.Fatalf("status = %s, want answered", tk.Status)
	}
	r = env.send(t, "u1", "没解决")
	if q, _ := env.eng.Queue(0); len(q) != 1 {
		t.Fatalf("not helpful did not reach a person: %q", r.Texts())
	}
}

func TestIdleDraftExpires(t *testing.T) {
	env := newEnv(t)
	env.send(t, "u1", "任城区古槐路烧烤占道")
	env.advance(31 * time.Minute)
	n, err := env.eng.ExpireDrafts(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("ExpireDrafts = %d, %v", n, err)
	}
	conv, msgs, err := env.eng.Conversation(inbound.ConversationID("webchat", "u1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if conv.Draft != nil || conv.State != domain.ConvIdle || !strings.Contains(msgs[len(msgs)-1].Text, "暂停") {
		t.Fatalf("draft not expired: %+v / %q", conv, msgs[len(msgs)-1].Text)
	}
}

func TestPhoneLinksCitizenAcrossChannels(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	if _, err := env.eng.Handle(ctx, inbound.Message{Channel: "sms", UserID: "+8613953706688", Phone: "13953706688", Text: "任城区古槐路烧烤占道"}); err != nil {
		t.Fatal(err)
	}
	// A web-chat user who types the number is not that person: the number
	// is kept as a contact, and the SMS citizen's orders stay private.
	env.send(t, "u1", "兖州区金宇路烧烤占道")
	env.send(t, "u1", "13953706688")
	env.send(t, "u1", "取消")
	r := env.send(t, "u1", "查询")
	if !strings.Contains(lastReply(r), "没有查到") {
		t.Fatalf("a typed number exposed someone's orders: %q", lastReply(r))
	}
	// A Telegram user who shares their own contact (the channel vouches
	// for it) is linked to the SMS citizen.
	if _, err := env.eng.Handle(ctx, inbound.Message{Channel: "telegram", UserID: "5001", Phone: "13953706688", Text: "你好"}); err != nil {
		t.Fatal(err)
	}
	var sms, web, tg *domain.Citizen
	err := env.st.View(func(tx *store.Tx) error {
		var err error
		if sms, err = tx.CitizenByIdentity("sms", "+8613953706688"); err != nil {
			return err
		}
		if web, err = tx.CitizenByIdentity("webchat", "u1"); err != nil {
			return err
		}
		tg, err = tx.CitizenByIdentity("telegram", "5001")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if web.ID == sms.ID || web.Contact != "13953706688" {
		t.Fatalf("typed number linked or lost: %+v", web)
	}
	if tg.ID != sms.ID {
		t.Fatalf("vouched number not linked: %+v / %+v", tg, sms)
	}
}

func TestRatingClosesOrReopens(t *testing.T) {
	for _, tc := range []struct {
		answer string
		want   ticket.Status
	}{{"1", ticket.Closed}, {"不满意", ticket.Reopened}} {
		t.Run(tc.answer, func(t *testing.T) {
			env := newEnv(t)
			env.send(t, "u1", "任城区古槐路烧烤占道 13953706688")
			env.send(t, "u1", "确认")
			walkTo(t, env, "20261127-0001", ticket.Dispatched, ticket.Signed, ticket.Replied, ticket.Reviewed)
			if err := env.eng.Notify("20261127-0001", "ask_rating"); err != nil {
				t.Fatal(err)
			}
			r := env.send(t, "u1", tc.answer)
			if !strings.Contains(lastReply(r), "感谢") {
				t.Fatalf("rating reply = %q", lastReply(r))
			}
			tk, _ := env.eng.Ticket("20261127-0001")
			if tk.Status != tc.want {
				t.Fatalf("status = %s, want %s", tk.Status, tc.want)
			}
		})
	}
}

// TestRatingKeepsTheCitizensWords: a citizen not satisfied who says why
// with the rating ("3 未解决，晚上还在摆") reopens the order, and the
// reopening in its history keeps their words, which the 重办 queue and the
// department handling it again read; a bare rating adds nothing.
func TestRatingKeepsTheCitizensWords(t *testing.T) {
	for _, tc := range []struct{ answer, note string }{
		{"3 未解决，晚上还在摆", "市民不满意，重新审核（市民留言：3 未解决，晚上还在摆）"},
		{"不满意，还是很吵", "市民不满意，重新审核（市民留言：不满意，还是很吵）"},
		{"3 未解决", "市民不满意，重新审核"},
	} {
		t.Run(tc.answer, func(t *testing.T) {
			env := newEnv(t)
			env.send(t, "u1", "任城区古槐路烧烤占道 13953706688")
			env.send(t, "u1", "确认")
			walkTo(t, env, "20261127-0001", ticket.Dispatched, ticket.Signed, ticket.Replied, ticket.Reviewed)
			if err := env.eng.Notify("20261127-0001", "ask_rating"); err != nil {
				t.Fatal(err)
			}
			env.send(t, "u1", tc.answer)
			tk, _ := env.eng.Ticket("20261127-0001")
			var note string
			for _, ev := range tk.Events {
				if ev.Action == "reopen" {
					note = ev.Note
				}
			}
			if tk.Status != ticket.Reopened || note != tc.note {
				t.Errorf("%s, reopened with %q; want reopened with %q", tk.Status, note, tc.note)
			}
		})
	}
}

// TestCitizenToldOfExtension: when the office grants the department's
// extension (workflow's KindExtended), the citizen, who was told the old
// deadline at the dispatch, is told the new one; they were told nothing
// and learnt it only by asking (查询).
func TestCitizenToldOfExtension(t *testing.T) {
	env := newEnv(t)
	env.send(t, "u1", "任城区古槐路烧烤占道 13953706688")
	env.send(t, "u1", "确认")
	const number = "20261127-0001"
	walkTo(t, env, number, ticket.Dispatched, ticket.Signed, ticket.ExtensionRequested, ticket.Signed)
	later := time.Date(2026, 12, 17, 18, 0, 0, 0, env.eng.cfg.Location())
	err := env.st.Update(func(tx *store.Tx) error {
		tk, err := tx.Ticket(number)
		if err != nil {
			return err
		}
		tk.Due = later
		return tx.PutTicket(tk)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.eng.Notify(number, "extended"); err != nil {
		t.Fatal(err)
	}
	_, msgs, err := env.eng.Conversation(inbound.ConversationID("webchat", "u1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	last := msgs[len(msgs)-1].Text
	if !strings.Contains(last, number) || !strings.Contains(last, "延期") || !strings.Contains(last, "2026年12月17日 18:00") {
		t.Errorf("the citizen is told %q; want the order, 延期 and the new deadline 2026年12月17日 18:00", last)
	}
}

// walkTo moves order number through states as the office would.
func walkTo(t *testing.T, env *testEnv, number string, states ...ticket.Status) {
	t.Helper()
	err := env.st.Update(func(tx *store.Tx) error {
		tk, err := tx.Ticket(number)
		if err != nil {
			return err
		}
		for _, s := range states {
			if err := tk.Transition(s, ticket.Event{At: env.clock(), Actor: "test"}); err != nil {
				return err
			}
		}
		return tx.PutTicket(tk)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestParseRating(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"1": ticket.Satisfied, "１": ticket.Satisfied, "满意": ticket.Satisfied, "非常满意": ticket.Satisfied,
		"2 未解决": ticket.BasicSatisfied, "基本满意": ticket.BasicSatisfied, "3，没解决": ticket.Unsatisfied,
		"不满意，还是很吵": ticket.Unsatisfied, "12号楼又漏水了": "", "你好": "", "2026年了还没修": "",
		// What a citizen adds after the number and the word on being
		// solved, or after a comma, is the reason, not a new problem.
		"3 未解决，晚上还在施工": ticket.Unsatisfied, "3，晚上还在施工": ticket.Unsatisfied, "2。基本修好了": ticket.BasicSatisfied,
		"1 已解决，谢谢": ticket.Satisfied, "3楼楼道灯不亮": "", "1、": ticket.Satisfied, "1 谢谢": ticket.Satisfied,
		// After a space only a courtesy, a word on being solved or a
		// comment on the handling (bot.rating_comment_words); anything
		// else is a new matter (TestRatingOrNewMatter).
		"3 楼道灯不亮": "", "2 我家楼下有人烧垃圾": "", "3 还有个事想反映一下": "", "1　麻烦了": ticket.Satisfied,
		"3 还是很吵": ticket.Unsatisfied, "1 处理得很快": ticket.Satisfied,
		// A numbered list of new problems.
		"1.楼道灯不亮 2.垃圾没人收": "", "1、楼道灯不亮": "",
		// A number after the comma: one number, or numbered new problems.
		"1,2号楼又停水了": "", "2，3号楼路灯不亮": "", "3,000元的罚款不合理": "", "1，二号楼电梯坏了": "",
	} {
		if got := parseRating(in, cfg.Bot.RatingCommentWords); got != want {
			t.Errorf("parseRating(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAgentRegistersTheDraft(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	env.send(t, "u1", "任城区古槐路烧烤占道")
	env.send(t, "u1", "人工")
	id := inbound.ConversationID("webchat", "u1")
	if _, err := env.eng.Register(ctx, id, "wang", "", ""); !errors.Is(err, inbound.ErrNotHeld) {
		t.Fatalf("registered without holding the chat: %v", err)
	}
	if _, err := env.eng.Take(ctx, id, "wang"); err != nil {
		t.Fatal(err)
	}
	tk, err := env.eng.Register(ctx, id, "wang", "烧烤摊占道经营", "")
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status != ticket.Accepted || tk.Title != "烧烤摊占道经营" || tk.Department != "任城区人民政府" || tk.Due.IsZero() {
		t.Fatalf("order %+v", tk)
	}
	conv, msgs, _ := env.eng.Conversation(id, 0)
	if conv.Draft != nil || !strings.Contains(msgs[len(msgs)-1].Text, tk.Number) {
		t.Fatalf("citizen not told the number: %q", msgs[len(msgs)-1].Text)
	}
	// Nothing to describe: refused.
	env.send(t, "u2", "人工")
	if _, err := env.eng.Take(ctx, inbound.ConversationID("webchat", "u2"), "wang"); err != nil {
		t.Fatal(err)
	}
	var ie *inbound.InputError
	if _, err := env.eng.Register(ctx, inbound.ConversationID("webchat", "u2"), "wang", "", ""); !errors.As(err, &ie) {
		t.Fatalf("empty registration: %v", err)
	}
}

func TestPhotoAndLocationBeforeTheWordsReachTheOrder(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	send := func(m inbound.Message) *inbound.Result {
		t.Helper()
		m.Channel, m.UserID = "wechat", "o1"
		r, err := env.eng.Handle(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	send(inbound.Message{ExternalID: "1", Media: []inbound.Media{{Kind: "image", ID: "MEDIA1", URL: "http://mmbiz.example/pic1"}}})
	send(inbound.Message{ExternalID: "2", Location: &ticket.Location{Label: "任城区古槐路88号", Lat: 35.41, Lng: 116.59}})
	send(inbound.Message{ExternalID: "3", Text: "有烧烤摊占道经营 13953706688"})
	send(inbound.Message{ExternalID: "4", Media: []inbound.Media{{Kind: "image", ID: "MEDIA2"}}})
	r := send(inbound.Message{ExternalID: "5", Text: "确认"})
	if !strings.Contains(lastReply(r), "20261127-0001") {
		t.Fatalf("not registered: %q", lastReply(r))
	}
	tk, err := env.eng.Ticket("20261127-0001")
	if err != nil {
		t.Fatal(err)
	}
	if len(tk.Attachments) != 2 || tk.Attachments[0] != "image:MEDIA1 http://mmbiz.example/pic1" || tk.Attachments[1] != "image:MEDIA2" {
		t.Errorf("attachments %q", tk.Attachments)
	}
	if tk.Location == nil || tk.Location.Lat != 35.41 || tk.Address != "任城区古槐路88号" {
		t.Errorf("place: %+v / %q", tk.Location, tk.Address)
	}
}

func TestWritingAgainUndoesOptOut(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	m := inbound.Message{Channel: "sms", UserID: "+8613953706688", Phone: "13953706688"}
	m.Event = "unsubscribe"
	if _, err := env.eng.Handle(ctx, m); err != nil {
		t.Fatal(err)
	}
	if !env.eng.OptedOut("sms", "+8613953706688") {
		t.Fatal("opt-out not recorded")
	}
	m.Event, m.Text = "", "你好"
	if _, err := env.eng.Handle(ctx, m); err != nil {
		t.Fatal(err)
	}
	if env.eng.OptedOut("sms", "+8613953706688") {
		t.Fatal("writing again did not undo the opt-out")
	}
}

func TestStrayWordsAreNotContent(t *testing.T) {
	env := newEnv(t)
	if r := env.send(t, "u1", "确认"); !strings.Contains(lastReply(r), "请简要描述") {
		t.Fatalf("a bare 确认 started something: %q", lastReply(r))
	}
	if r := env.send(t, "u1", "查询 abc"); !strings.Contains(lastReply(r), "没有找到工单abc") {
		t.Fatalf("malformed query: %q", lastReply(r))
	}
	if r := env.send(t, "u1", "查询 99999999-9999"); !strings.Contains(lastReply(r), "没有找到") {
		t.Fatalf("unknown number: %q", lastReply(r))
	}
	env.send(t, "u2", "有烧烤摊占道经营，油烟很大 13953706688")
	if r := env.send(t, "u2", "修改"); !strings.Contains(lastReply(r), "具体地点") {
		t.Fatalf("修改 taken as the place: %q", lastReply(r))
	}
	if q, _ := env.eng.Queue(0); len(q) != 0 {
		t.Fatalf("stray words went to the queue: %d", len(q))
	}
}

// TestWritingAgainAfterMaskingStartsANewConversation: a conversation
// idle past the personal-data retention moves to its masked id
// (store/pipl_rekey.go); when the citizen writes again from the same
// token, a new conversation begins under it and the replies go to it.
func TestWritingAgainAfterMaskingStartsANewConversation(t *testing.T) {
	env := newEnv(t)
	env.send(t, "u-returning", "你好")
	env.advance(4 * 365 * 24 * time.Hour)
	res, err := env.st.RunArchive(context.Background(), store.ArchiveOptions{MaskBefore: env.clock().AddDate(-3, 0, 0)})
	if err != nil || res.MaskedLive == 0 {
		t.Fatalf("masking: %+v %v", res, err)
	}
	id := inbound.ConversationID("webchat", "u-returning")
	convOf := func() (*domain.Conversation, []*domain.Message, error) {
		var c *domain.Conversation
		var msgs []*domain.Message
		err := env.st.View(func(tx *store.Tx) error {
			var err error
			if c, err = tx.Conversation(id); err != nil {
				return err
			}
			msgs, err = tx.Messages(id, 0, 0)
			return err
		})
		return c, msgs, err
	}
	if _, _, err := convOf(); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the idle conversation is still under the token: %v", err)
	}
	r := env.send(t, "u-returning", "我又来了")
	c, msgs, err := convOf()
	if err != nil || c.UserID != "u-returning" || msgs[0].Text != "我又来了" {
		t.Fatalf("after writing again: %+v %v", c, err)
	}
	var to []string
	err = env.st.View(func(tx *store.Tx) error {
		for _, rep := range r.Replies {
			e, err := tx.OutboxByKey(rep.Key)
			if err != nil {
				return err
			}
			to = append(to, e.To)
		}
		return nil
	})
	if err != nil || len(to) == 0 || to[len(to)-1] != "u-returning" {
		t.Fatalf("replies go to %v (%v)", to, err)
	}
}

// TestCommandsWithFillers: a command said politely or with punctuation
// around it (bot.command_fillers) is still the command, and a message
// that only starts like one is not.
func TestCommandsWithFillers(t *testing.T) {
	env := newEnv(t)
	for i, text := range []string{"我要找人工", "请转人工吧", "人工！", "麻烦你，转人工服务，谢谢"} {
		user := fmt.Sprintf("h%d", i)
		r := env.send(t, user, text)
		conv, _, err := env.eng.Conversation(inbound.ConversationID("webchat", user), 0)
		if err != nil {
			t.Fatal(err)
		}
		if conv.State != domain.ConvQueued {
			t.Errorf("%q: conversation %s, reply %q; want it handed to an agent", text, conv.State, lastReply(r))
		}
	}
	env.send(t, "c1", "任城区古槐路烧烤占道")
	if r := env.send(t, "c1", "我要取消。"); !strings.Contains(lastReply(r), "取消") {
		t.Errorf("我要取消: reply %q", lastReply(r))
	}
	for _, text := range []string{"我要找人工智能公司的地址", "请问人工湖的水怎么这么臭"} {
		if cmd, _ := env.eng.command(text); cmd != "" {
			t.Errorf("%q read as the command %s", text, cmd)
		}
	}
}

// A citizen who answers the place question with a phone number gives the
// phone, not the place: the number is kept as the contact and the place is
// asked for again.
func TestPlaceAnsweredWithAPhone(t *testing.T) {
	clf, err := modelClassifier()
	if err != nil {
		t.Fatal(err)
	}
	env := newEnvWith(t, clf)
	for i, phone := range []string{"13953706601", "我的电话是 139-5370-6601", "幺三九五三七零六六零幺"} {
		user := fmt.Sprintf("u%d", i+1)
		r := env.send(t, user, "超市一直卖过期的牛奶，孩子喝了拉肚子")
		if !strings.Contains(lastReply(r), "具体地点") {
			t.Fatalf("expected the place question, got %q", lastReply(r))
		}
		r = env.send(t, user, phone)
		if !strings.Contains(lastReply(r), "具体地点") {
			t.Fatalf("%q: expected the place question again, got %q", phone, lastReply(r))
		}
		r = env.send(t, user, "兖州区金宇路华联超市")
		if !strings.Contains(lastReply(r), "金宇路") || strings.Contains(lastReply(r), "【地点】"+phone) ||
			!strings.Contains(lastReply(r), "【联系电话】13953706601") {
			t.Errorf("%q: expected the street as the place and the number as the phone, got %q", phone, lastReply(r))
		}
	}
}

func TestOnlyAPhone(t *testing.T) {
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	words := cfg.Bot.PhoneWords
	for text, want := range map[string]bool{
		"13953706601":          true,
		"电话：0537-7212345":      true,
		"我的手机号是 139 5370 6601": true,
		"幺三九五三七零六六零幺":          true,
		"兖州区金宇路 13953706601":   false,
		"村东头老槐树那 13953706601":  false,
		"金宇路":                  false,
	} {
		if got := onlyAPhone(text, words); got != want {
			t.Errorf("onlyAPhone(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestCityPhoneWords: bot.phone_words and bot.decline_words are the
// city's: a number with a city's word around it (座机), sent where the
// place was asked for, is taken as the phone and the place is asked for
// again, and a city's way of declining (不愿透露) ends the phone question;
// with the default lists the same messages are a place and a bad number.
func TestCityPhoneWords(t *testing.T) {
	clf, err := modelClassifier()
	if err != nil {
		t.Fatal(err)
	}
	city := newEnvWith(t, clf, func(c *config.Config) {
		c.Bot.PhoneWords = append(c.Bot.PhoneWords, "座机")
		c.Bot.DeclineWords = []string{"不愿透露"}
	})
	plain := newEnvWith(t, clf)
	const problem, landline = "超市一直卖过期的牛奶，孩子喝了拉肚子", "座机 0537-7212345"
	for _, c := range []struct {
		env             *testEnv
		askedPlaceAgain bool
	}{{city, true}, {plain, false}} {
		if r := c.env.send(t, "u1", problem); !strings.Contains(lastReply(r), "具体地点") {
			t.Fatalf("expected the place question, got %q", lastReply(r))
		}
		r := c.env.send(t, "u1", landline)
		if got := strings.Contains(lastReply(r), "具体地点"); got != c.askedPlaceAgain {
			t.Errorf("%q where the place was asked for: %q, want the place asked again: %v", landline, lastReply(r), c.askedPlaceAgain)
		}
	}
	declined := func(env *testEnv) string {
		env.send(t, "u2", problem)
		r := env.send(t, "u2", "兖州区金宇路华联超市")
		if !strings.Contains(lastReply(r), "联系电话") {
			t.Fatalf("expected the phone question, got %q", lastReply(r))
		}
		return lastReply(env.send(t, "u2", "不愿透露"))
	}
	if r := declined(city); strings.Contains(r, "号码好像不太对") || !strings.Contains(r, "确认") {
		t.Errorf("a city's decline word: %q, want the summary", r)
	}
	if r := declined(plain); !strings.Contains(r, "号码好像不太对") {
		t.Errorf("a word the default does not list: %q, want the bad number reply", r)
	}
}

// TestAgentEventsSayWhoActed: an agent's take, answer and transfer publish
// the chat's holder and who acted, so that a console tells a chat handed
// over by a colleague (by another) from one its own user took or answered.
func TestAgentEventsSayWhoActed(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	env.send(t, "u1", "任城区古槐路烧烤占道")
	env.send(t, "u1", "人工")
	id := inbound.ConversationID("webchat", "u1")
	evs, cancel := env.eng.hub.Subscribe(func(ev events.Event) bool { return ev.Kind == events.Agent })
	defer cancel()
	next := func() events.Event {
		t.Helper()
		select {
		case ev := <-evs:
			return ev
		default:
			t.Fatal("no agent event published")
			return events.Event{}
		}
	}
	if _, err := env.eng.Take(ctx, id, "wang"); err != nil {
		t.Fatal(err)
	}
	if ev := next(); ev.Agent != "wang" || ev.By != "wang" {
		t.Errorf("take: agent %q by %q, want wang by wang", ev.Agent, ev.By)
	}
	if _, err := env.eng.Reply(ctx, id, "wang", "您好，请讲"); err != nil {
		t.Fatal(err)
	}
	if ev := next(); ev.Agent != "wang" || ev.By != "wang" {
		t.Errorf("reply: agent %q by %q, want wang by wang", ev.Agent, ev.By)
	}
	if _, err := env.eng.Transfer(ctx, id, "wang", "li"); err != nil {
		t.Fatal(err)
	}
	if ev := next(); ev.Agent != "li" || ev.By != "wang" {
		t.Errorf("transfer: agent %q by %q, want li by wang", ev.Agent, ev.By)
	}
}
