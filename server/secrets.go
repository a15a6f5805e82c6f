package server

import (
	"hotline/channels"
	"hotline/config"
)

// Secrets lists the credentials set in cfg: the logger removes each of
// them wherever it appears (logx.New), on top of the patterns logx.Redact
// knows (access tokens in URLs and the like). The channels of list name
// their own (channels.Descriptor.Secrets).
func Secrets(cfg *config.Config, list []channels.Descriptor) []string {
	var out []string
	for _, d := range list {
		if d.Secrets == nil {
			continue
		}
		for _, s := range d.Secrets(cfg) {
			if s != "" {
				out = append(out, s)
			}
		}
	}
	for _, s := range []string{
		cfg.NLP.LLM.APIKey,
		cfg.Desk.Token, cfg.Desk.RevealToken,
		cfg.Calls.Secret, cfg.Notify.WeCom.CorpSecret, cfg.Notify.Webhook.Secret,
	} {
		if s != "" {
			out = append(out, s)
		}
	}
	for _, d := range cfg.Departments {
		if k := d.Key(); k != "" {
			out = append(out, k)
		}
	}
	return out
}
