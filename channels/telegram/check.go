package telegram

import (
	"fmt"
	"regexp"

	"hotline/config"
)

// secretRE is what Telegram accepts as a webhook secret token.
var secretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// checkConfig checks channels.telegram for `hotline config check` and
// start-up (Descriptor.Check).
func checkConfig(c *config.Config, p *config.Checker) {
	tg := c.Channels.Telegram
	p.Path("channels.telegram.path", tg.Path)
	p.URL("channels.telegram.api_base_url", tg.APIBaseURL)
	if tg.Token != "" && !tg.Polling && tg.Secret == "" {
		p.Add("channels.telegram.token", config.MsgTelegramSecret)
	}
	p.Both("channels.telegram.secret", tg.Secret, "channels.telegram.token", tg.Token)
	if tg.Secret != "" && !secretRE.MatchString(tg.Secret) {
		p.Add("channels.telegram.secret", config.MsgTelegramSecretLen)
	}
	if len(tg.AgentIDs) > 0 && tg.AgentGroupID == 0 {
		p.Add("channels.telegram.agent_ids", config.MsgBoth, "channels.telegram.agent_ids", "channels.telegram.agent_group_id")
	}
	if tg.AgentGroupID > 0 {
		p.Add("channels.telegram.agent_group_id", config.MsgTelegramGroupID, tg.AgentGroupID)
	}
	if tg.AgentGroupID != 0 && tg.Token == "" {
		p.Add("channels.telegram.agent_group_id", config.MsgBoth, "channels.telegram.agent_group_id", "channels.telegram.token")
	}
	if tg.AgentGroupID != 0 && len(tg.AgentIDs) == 0 {
		p.Add("channels.telegram.agent_group_id", config.MsgTelegramAgents)
	}
	for i, id := range tg.AgentIDs {
		if id <= 0 {
			p.Add(fmt.Sprintf("channels.telegram.agent_ids[%d]", i), config.MsgTelegramUserID, id)
		}
	}
}
