package server

import "hotline/config"

// Secrets lists the credentials set in cfg: the logger removes each of
// them wherever it appears (logx.New), on top of the patterns logx.Redact
// knows (access tokens in URLs and the like).
func Secrets(cfg *config.Config) []string {
	ch := cfg.Channels
	var out []string
	for _, s := range []string{
		ch.WeChat.AppSecret, ch.WeChat.Token, ch.WeChat.EncodingAESKey,
		ch.Kannel.Password, ch.Kannel.Secret,
		ch.Twilio.AuthToken,
		ch.Telegram.Token, ch.Telegram.Secret,
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
