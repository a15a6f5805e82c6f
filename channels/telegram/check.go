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
		p.Add("channels.telegram.token", "channels.telegram.token is set and polling is off, so channels.telegram.secret must be set too (Telegram sends it with every webhook call)")
	}
	p.Both("channels.telegram.secret", tg.Secret, "channels.telegram.token", tg.Token)
	if tg.Secret != "" && !secretRE.MatchString(tg.Secret) {
		p.Add("channels.telegram.secret", "must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -")
	}
	if len(tg.AgentIDs) > 0 && tg.AgentGroupID == 0 {
		p.Add("channels.telegram.agent_ids", "channels.telegram.agent_ids is set, so channels.telegram.agent_group_id must be set too")
	}
	if tg.AgentGroupID > 0 {
		p.Add("channels.telegram.agent_group_id", "%d is not a supergroup id; a forum supergroup's id is negative, such as -1001234567890", tg.AgentGroupID)
	}
	if tg.AgentGroupID != 0 && tg.Token == "" {
		p.Add("channels.telegram.agent_group_id", "channels.telegram.agent_group_id is set, so channels.telegram.token must be set too")
	}
	if tg.AgentGroupID != 0 && len(tg.AgentIDs) == 0 {
		p.Add("channels.telegram.agent_group_id", "channels.telegram.agent_group_id is set, so channels.telegram.agent_ids must list the Telegram user ids of the agents who may act in it")
	}
	for i, id := range tg.AgentIDs {
		if id <= 0 {
			p.Add(fmt.Sprintf("channels.telegram.agent_ids[%d]", i), "%d is not a Telegram user id (a positive number)", id)
		}
	}
}
