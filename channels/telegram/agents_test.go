package telegram_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"hotline/config"
	"hotline/domain"
	"hotline/inbound"
	"hotline/store"
)

func withGroup(tc *config.Telegram) {
	tc.AgentGroupID = groupID
	tc.AgentIDs = []int64{42, 43}
}

// TestAgentsGroupFlow follows a Telegram citizen and a web-chat citizen
// through the agents' group: a topic per hand-off, the citizen's messages
// mirrored, /take, the agent's answer delivered on the citizen's own
// channel, a non-member refused, /release and /close.
func TestAgentsGroupFlow(t *testing.T) {
	e := newEnv(t, withGroup)
	e.run()

	// A Telegram citizen describes a problem, then asks for a person.
	e.update(privateText(1, 5001, 31, "任城区古槐路的路灯不亮了"))
	e.update(privateText(2, 5001, 32, "人工"))
	e.api.waitFor("createForumTopic", func(calls []apiCall) bool { return len(e.api.callsOf("createForumTopic")) == 1 })
	topic := e.api.callsOf("createForumTopic")[0].Params
	if topic["chat_id"] != group || topic["icon_color"] != "7322096" ||
		!strings.HasPrefix(topic["name"], "12345·Telegram·#") || !strings.Contains(topic["name"], "路灯不亮了") {
		t.Fatalf("createForumTopic params %v", topic)
	}
	const thread = "701"
	head := e.api.waitSent(group, thread, "转人工会话")
	// The draft's category by its name, not its code (SZSS).
	if !strings.Contains(head["text"], "渠道：Telegram") || !strings.Contains(head["text"], "/take") ||
		!strings.Contains(head["text"], "类别：市政设施\n") || strings.Contains(head["text"], "SZSS") {
		t.Errorf("topic header %q", head["text"])
	}
	e.api.waitSent(group, thread, "👤 市民：任城区古槐路的路灯不亮了")
	e.api.waitSent(group, thread, "👤 市民：人工")

	// Later messages are mirrored as they arrive.
	e.update(readUpdate(t, "photo.json"))
	e.api.waitSent(group, thread, "👤 市民：井盖丢了，很危险\n[图片]")

	// An agent must take the conversation before answering.
	e.update(topicText(101, 201, 701, 42, "alice", "您好，我们马上处理"))
	e.api.waitSent(group, thread, "请先发送 /take")
	if c := e.conversation(citizenConv); c.State != domain.ConvQueued {
		t.Fatalf("state %s after an answer without /take", c.State)
	}

	// Someone who is not an agent is refused.
	e.update(topicText(102, 202, 701, 99, "mallory", "/take"))
	e.api.waitSent(group, thread, "不在本热线的坐席名单中")
	if c := e.conversation(citizenConv); c.State != domain.ConvQueued || c.Agent != "" {
		t.Fatalf("a non-member changed the conversation: %s %q", c.State, c.Agent)
	}

	e.update(topicText(103, 203, 701, 42, "alice", "/take@hotline_bot"))
	e.api.waitSent(group, thread, "tg:alice 已接管")
	if c := e.conversation(citizenConv); c.State != domain.ConvAgent || c.Agent != "tg:alice" {
		t.Fatalf("after /take: %s %q", c.State, c.Agent)
	}
	e.update(topicText(104, 204, 701, 43, "", "/take"))
	e.api.waitSent(group, thread, "此会话已由坐席 tg:alice 接管")

	e.update(topicText(105, 205, 701, 42, "alice", "您好，路灯问题我们已记录，将转城管局处理。"))
	e.update(topicText(105, 205, 701, 42, "alice", "您好，路灯问题我们已记录，将转城管局处理。")) // redelivered
	e.deliver()
	var toCitizen []apiCall
	for _, c := range e.api.callsOf("sendMessage") {
		if c.Params["chat_id"] == "5001" && c.Params["text"] == "您好，路灯问题我们已记录，将转城管局处理。" {
			toCitizen = append(toCitizen, c)
		}
	}
	if len(toCitizen) != 1 || len(toCitizen[0].Params) != 2 {
		t.Fatalf("the agent's answer reached the citizen %d times: %s", len(toCitizen), describe(toCitizen))
	}
	msgs := e.messages(citizenConv)
	last := msgs[len(msgs)-1]
	if last.Sender != "agent:tg:alice" || last.Status != "sent" {
		t.Errorf("the answer is recorded as %+v", last)
	}
	// The agent's own words are not mirrored back into the topic.
	for _, c := range e.api.callsOf("sendMessage") {
		if c.Params["chat_id"] == group && strings.Contains(c.Params["text"], "将转城管局处理") {
			t.Errorf("the agent's answer was echoed into the topic: %v", c.Params)
		}
	}

	e.update(topicText(106, 206, 701, 42, "alice", "/release"))
	e.api.waitSent(group, thread, "已将会话交还机器人")
	if c := e.conversation(citizenConv); c.State == domain.ConvAgent {
		t.Fatal("still held after /release")
	}
	e.deliver()
	e.api.waitSent("5001", "", e.cfg.Replies.AgentLeft)

	e.update(topicText(107, 207, 701, 42, "alice", "/close"))
	e.api.waitSent(group, thread, "已结束此会话")
	closed := e.api.callsOf("closeForumTopic")
	if len(closed) != 1 || closed[0].Params["chat_id"] != group || closed[0].Params["message_thread_id"] != thread {
		t.Fatalf("closeForumTopic calls %s", describe(closed))
	}
	// Each action in the group is one audit entry under the group's own
	// name of the agent, tg:NAME (the console's are desk:NAME, the agents'
	// API's api:NAME); the redelivered answer is not a second one.
	var audited []string
	if err := e.st.View(func(tx *store.Tx) error {
		log, err := tx.AuditLog(100)
		for _, en := range log {
			if en.Object == citizenConv {
				audited = append(audited, en.Actor+" "+en.Action)
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(audited)
	if want := []string{"tg:alice conversation.close", "tg:alice conversation.release", "tg:alice conversation.reply", "tg:alice conversation.take"}; !slices.Equal(audited, want) {
		t.Errorf("audit entries of the group's actions: %q, want %q", audited, want)
	}

	// A web-chat citizen asks for a person: a second topic; the agent's
	// answer appears in the web-chat conversation.
	ctx := context.Background()
	tok := strings.Repeat("ab", 16)
	wconv := inbound.ConversationID("webchat", tok)
	if _, err := e.eng.Handle(ctx, inbound.Message{Channel: "webchat", UserID: tok, Event: "start"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.eng.Handle(ctx, inbound.Message{Channel: "webchat", UserID: tok, ConversationID: wconv, Text: "转人工"}); err != nil {
		t.Fatal(err)
	}
	e.api.waitFor("a second topic", func([]apiCall) bool { return len(e.api.callsOf("createForumTopic")) == 2 })
	if name := e.api.callsOf("createForumTopic")[1].Params["name"]; !strings.HasPrefix(name, "12345·网页·#") {
		t.Errorf("web-chat topic named %q", name)
	}
	e.api.waitSent(group, "702", "渠道：网页")
	e.update(topicText(108, 208, 702, 43, "", "/take"))
	e.api.waitSent(group, "702", "tg:43 已接管")
	e.update(topicText(109, 209, 702, 43, "", "请问具体在哪个路口？"))
	e.deliver()
	wm := e.messages(wconv)
	got := wm[len(wm)-1]
	if got.Sender != "agent:tg:43" || got.Text != "请问具体在哪个路口？" || got.Status != "sent" {
		t.Fatalf("web-chat conversation ends with %+v", got)
	}
	for _, c := range e.api.callsOf("sendMessage") {
		if c.Params["text"] == "请问具体在哪个路口？" {
			t.Errorf("a web-chat answer went through sendMessage: %v", c.Params)
		}
	}

	// The Telegram citizen asks for a person again: the same topic is
	// reopened and told.
	e.update(privateText(3, 5001, 33, "人工"))
	e.api.waitSent(group, thread, "市民再次请求人工服务")
	reopened := e.api.callsOf("reopenForumTopic")
	if len(reopened) != 1 || reopened[0].Params["message_thread_id"] != thread {
		t.Errorf("reopenForumTopic calls %s", describe(reopened))
	}
	if n := len(e.api.callsOf("createForumTopic")); n != 2 {
		t.Errorf("%d topics created, want 2", n)
	}
}

// TestTopicMappingSurvivesRestart checks that a new process finds the
// conversation of an existing topic in the store.
func TestTopicMappingSurvivesRestart(t *testing.T) {
	e := newEnv(t, withGroup)
	e.run()
	e.update(privateText(1, 5001, 11, "人工"))
	e.api.waitSent(group, "701", "转人工会话")

	// A restarted process: a new channel on the same store.
	e.ch = e.newChannel()
	e.update(topicText(101, 201, 701, 42, "alice", "/take"))
	e.api.waitSent(group, "701", "tg:alice 已接管")
	e.update(topicText(102, 202, 701, 42, "alice", "您好"))
	if c := e.conversation(citizenConv); c.State != domain.ConvAgent || c.Agent != "tg:alice" {
		t.Fatalf("after restart: %s %q", c.State, c.Agent)
	}
	msgs := e.messages(citizenConv)
	if last := msgs[len(msgs)-1]; last.Sender != "agent:tg:alice" || last.Text != "您好" {
		t.Fatalf("last message %+v", last)
	}
}

// TestQueuedBeforeStartGetsTopic checks that conversations that joined
// the queue while the channel was down get their topic when it starts.
func TestQueuedBeforeStartGetsTopic(t *testing.T) {
	e := newEnv(t, withGroup)
	e.update(privateText(1, 5001, 11, "人工"))
	if len(e.api.callsOf("createForumTopic")) != 0 {
		t.Fatal("a topic was created before Run")
	}
	e.run()
	e.api.waitSent(group, "701", "转人工会话")
}

func TestGroupMessagesOutsideTopics(t *testing.T) {
	e := newEnv(t, withGroup)
	e.run()
	// Plain talk in General is ignored; a command there is redirected.
	e.update(topicText(101, 201, 0, 42, "alice", "大家早上好"))
	e.update(topicText(102, 202, 0, 42, "alice", "/take"))
	p := e.api.waitSent(group, "", "请在市民会话对应的话题中发送此命令")
	if _, ok := p["message_thread_id"]; ok {
		t.Errorf("the answer in General carries a thread: %v", p)
	}
	if n := len(e.api.callsOf("sendMessage")); n != 1 {
		t.Errorf("%d messages posted, want 1: %s", n, describe(e.api.callsOf("sendMessage")))
	}
	if len(e.messages(inbound.ConversationID("telegram", group))) != 0 {
		t.Error("an agents' group message was handled as a citizen's")
	}
}

func TestEmergencyTopicIsRed(t *testing.T) {
	e := newEnv(t, withGroup)
	e.run()
	if _, err := e.eng.Handle(context.Background(), inbound.Message{Channel: "telegram", UserID: "5003", ExternalID: "5003:1",
		Text: "楼下着火了，有人被困"}); err != nil {
		t.Fatal(err)
	}
	conv := e.conversation("telegram:5003")
	if !conv.Emergency || conv.State != domain.ConvQueued {
		t.Fatalf("the conversation is not a queued emergency: %+v", conv)
	}
	e.api.waitFor("createForumTopic", func([]apiCall) bool { return len(e.api.callsOf("createForumTopic")) == 1 })
	p := e.api.callsOf("createForumTopic")[0].Params
	if p["icon_color"] != "16478047" || !strings.HasPrefix(p["name"], "🚨") {
		t.Fatalf("emergency topic %v", p)
	}
	// The header says why: the number, the words and the rule's name.
	e.api.waitSent(group, "701", "紧急：可能危及人身财产安全，请优先处理。\n应拨打 119（触发词语：“着火”；触发规则：危险事件词）\n")
}

// TestSetAsideInTopicHeader: a citizen whose message a rule flagged and
// the classifier's veto set aside asks for a person: the topic is not
// red, and its header says what was set aside, for the agent to check.
func TestSetAsideInTopicHeader(t *testing.T) {
	e := newEnv(t, withGroup)
	e.run()
	for i, text := range []string{"我家老人吃错了药 把降压药当成钙片吃了两片 问了医生说没大事 观察一下 想问问药店能不能把药分开放", "人工"} {
		if _, err := e.eng.Handle(context.Background(), inbound.Message{Channel: "telegram", UserID: "5004", ExternalID: "5004:" + string(rune('1'+i)),
			Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	conv := e.conversation("telegram:5004")
	if conv.Emergency || conv.State != domain.ConvQueued {
		t.Fatalf("want a queued conversation that is no emergency: %+v", conv)
	}
	e.api.waitFor("createForumTopic", func([]apiCall) bool { return len(e.api.callsOf("createForumTopic")) == 1 })
	if p := e.api.callsOf("createForumTopic")[0].Params; p["icon_color"] == "16478047" || strings.HasPrefix(p["name"], "🚨") {
		t.Errorf("a topic of a flag set aside is red: %v", p)
	}
	e.api.waitSent(group, "701", "疑似紧急情况（规则：中毒，拟拨 120；命中：把降压药当成钙片吃了）经判断多为非当前危险，请核实\n")
}
