package wechat_test

import (
	"context"
	"testing"

	"hotline/config"
)

// TestTemplateStatusFromConfig: the template message's {{.Status}} is the
// city's label for the kind of message (channels.wechat.template_status).
func TestTemplateStatusFromConfig(t *testing.T) {
	e := newEnv(t, func(c *config.Config) {
		withTemplate(c)
		c.Channels.WeChat.TemplateStatus.Dispatched = "已转交承办单位"
		c.Channels.WeChat.TemplateStatus.Other = "热线消息"
	})
	o := outMessage(0, "")
	if err := e.ch.Send(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	o.ID, o.Kind = o.ID+"b", "reply"
	if err := e.ch.Send(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	m := e.api.templateCalls()
	if len(m) != 2 || m[0].Data["keyword2"].Value != "已转交承办单位" || m[1].Data["keyword2"].Value != "热线消息" {
		for _, x := range m {
			t.Logf("keyword2 %q", x.Data["keyword2"].Value)
		}
		t.Errorf("%d template messages, want 2 with the configured status labels", len(m))
	}
}
