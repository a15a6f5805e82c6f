package wechat

import (
	"maps"
	"slices"
	"time"

	"hotline/config"
)

// replyWindow is how long WeChat waits for the answer to a webhook call
// before it gives up on it (and retries).
const replyWindow = 5 * time.Second

// checkConfig checks channels.wechat for `hotline config check` and
// start-up (Descriptor.Check).
func checkConfig(c *config.Config, p *config.Checker) {
	w := c.Channels.WeChat
	p.Path("channels.wechat.path", w.Path)
	p.URL("channels.wechat.api_base_url", w.APIBaseURL)
	p.Both("channels.wechat.app_id", w.AppID, "channels.wechat.token", w.Token)
	p.Both("channels.wechat.app_id", w.AppID, "channels.wechat.app_secret", w.AppSecret)
	p.Both("channels.wechat.token", w.Token, "channels.wechat.app_id", w.AppID)
	p.Both("channels.wechat.app_secret", w.AppSecret, "channels.wechat.app_id", w.AppID)
	p.Both("channels.wechat.encoding_aes_key", w.EncodingAESKey, "channels.wechat.token", w.Token)
	if w.EncodingAESKey != "" && len(w.EncodingAESKey) != 43 {
		p.Add("channels.wechat.encoding_aes_key", config.MsgWeChatAESKey, len(w.EncodingAESKey))
	}
	if w.TemplateID != "" && len(w.TemplateFields) == 0 {
		p.Add("channels.wechat.template_id", config.MsgBoth, "channels.wechat.template_id", "channels.wechat.template_fields")
	}
	if p.Positive("channels.wechat.reply_budget", w.ReplyBudget) && w.ReplyBudget.D() >= replyWindow {
		p.Add("channels.wechat.reply_budget", config.MsgWeChatBudget, w.ReplyBudget)
	}
	for _, k := range slices.Sorted(maps.Keys(w.MenuKeys)) {
		p.NonEmpty("channels.wechat.menu_keys."+k, w.MenuKeys[k])
	}
	for _, k := range slices.Sorted(maps.Keys(w.TemplateFields)) {
		p.NonEmpty("channels.wechat.template_fields."+k, w.TemplateFields[k])
	}
}
