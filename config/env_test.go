package config

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// envMap is a getenv backed by a map.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestEnvVars(t *testing.T) {
	vars := EnvVars()
	for _, want := range []string{
		"HOTLINE_SERVER_ADDR", "HOTLINE_SERVER_DATA_DIR", "HOTLINE_DESK_TOKEN",
		"HOTLINE_WECHAT_APP_ID", "HOTLINE_WECHAT_APP_SECRET", "HOTLINE_WECHAT_TOKEN", "HOTLINE_WECHAT_ENCODING_AES_KEY",
		"HOTLINE_TELEGRAM_TOKEN", "HOTLINE_TELEGRAM_SECRET", "HOTLINE_TWILIO_AUTH_TOKEN", "HOTLINE_KANNEL_PASSWORD",
		"HOTLINE_NLP_LLM_API_KEY", "HOTLINE_NLP_LLM_BASE_URL", "HOTLINE_TIME_LIMITS_FINISH_DAYS",
		"HOTLINE_BOT_DRAFT_TIMEOUT", "HOTLINE_OUTBOX_WORKERS", "HOTLINE_SMS_MAX_PARTS", "HOTLINE_NLP_KB_THRESHOLD",
	} {
		if !slices.Contains(vars, want) {
			t.Errorf("EnvVars lacks %s", want)
		}
	}
	seen := map[string]bool{}
	for _, v := range vars {
		if seen[v] {
			t.Errorf("%s listed twice", v)
		}
		seen[v] = true
		if !strings.HasPrefix(v, EnvPrefix) || strings.Contains(v, "CHANNELS_") || strings.ToUpper(v) != v {
			t.Errorf("badly named variable %s", v)
		}
	}
	for _, notScalar := range []string{"HOTLINE_DISTRICTS", "HOTLINE_BOT_HUMAN_COMMANDS", "HOTLINE_WECHAT_MENU_KEYS", "HOTLINE_TELEGRAM_AGENT_IDS"} {
		if seen[notScalar] {
			t.Errorf("%s is a list or mapping and must not be a variable", notScalar)
		}
	}
	paths := []struct{ name, path string }{
		{"HOTLINE_WECHAT_TOKEN", "channels.wechat.token"},
		{"HOTLINE_NLP_LLM_API_KEY", "nlp.llm.api_key"},
		{"HOTLINE_TIME_LIMITS_URGENT_HOURS", "time_limits.urgent_hours"},
	}
	for _, p := range paths {
		if got, ok := EnvPath(p.name); !ok || got != p.path {
			t.Errorf("EnvPath(%s) = %q, %v; want %q", p.name, got, ok, p.path)
		}
	}
	if _, ok := EnvPath("HOTLINE_NOPE"); ok {
		t.Error("EnvPath knows HOTLINE_NOPE")
	}
}

func TestApplyEnv(t *testing.T) {
	cfg := mustDefault(t)
	err := ApplyEnv(cfg, envMap(map[string]string{
		"HOTLINE_SERVER_ADDR":             "127.0.0.1:9000",
		"HOTLINE_DESK_TOKEN":              "desk-secret",
		"HOTLINE_WECHAT_APP_SECRET":       "wx-secret",
		"HOTLINE_WECHAT_TOKEN":            "wx-token",
		"HOTLINE_NLP_LLM_API_KEY":         "sk-1",
		"HOTLINE_NLP_LLM_BASE_URL":        "http://127.0.0.1:11434/v1",
		"HOTLINE_OUTBOX_WORKERS":          " 8 ",
		"HOTLINE_BOT_DRAFT_TIMEOUT":       "45m",
		"HOTLINE_TELEGRAM_POLLING":        "true",
		"HOTLINE_TELEGRAM_AGENT_GROUP_ID": "-1001234567890",
		"HOTLINE_NLP_KB_THRESHOLD":        "0.7",
		"HOTLINE_CALENDAR_NO_LIBRARY":     "1",
		"HOTLINE_SERVER_LOG_LEVEL":        "",
	}))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"addr", cfg.Server.Addr, "127.0.0.1:9000"},
		{"desk token", cfg.Desk.Token, "desk-secret"},
		{"wechat secret", cfg.Channels.WeChat.AppSecret, "wx-secret"},
		{"wechat token", cfg.Channels.WeChat.Token, "wx-token"},
		{"llm key", cfg.NLP.LLM.APIKey, "sk-1"},
		{"llm url", cfg.NLP.LLM.BaseURL, "http://127.0.0.1:11434/v1"},
		{"workers", cfg.Outbox.Workers, 8},
		{"draft timeout", cfg.Bot.DraftTimeout.D(), 45 * time.Minute},
		{"polling", cfg.Channels.Telegram.Polling, true},
		{"agent group", cfg.Channels.Telegram.AgentGroupID, int64(-1001234567890)},
		{"kb threshold", cfg.NLP.KB.Threshold, 0.7},
		{"no library", cfg.Calendar.NoLibrary, true},
		{"empty variable leaves the setting", cfg.Server.LogLevel, "info"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

func TestApplyEnvBadValues(t *testing.T) {
	cfg := mustDefault(t)
	err := ApplyEnv(cfg, envMap(map[string]string{
		"HOTLINE_OUTBOX_WORKERS":     "four",
		"HOTLINE_BOT_DEDUPE_TTL":     "48",
		"HOTLINE_TELEGRAM_POLLING":   "sometimes",
		"HOTLINE_BOT_MIN_CONFIDENCE": "high",
		"HOTLINE_SERVER_ADDR":        ":7000",
	}))
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("err = %v, want Problems", err)
	}
	want := map[string]string{
		"HOTLINE_OUTBOX_WORKERS":     "「four」不是整数（用于 outbox.workers）",
		"HOTLINE_BOT_DEDUPE_TTL":     "时长「48」没有单位，请加上，如 48s、48m 或 48h（用于 bot.dedupe_ttl）",
		"HOTLINE_TELEGRAM_POLLING":   "「sometimes」不是 true 或 false（用于 channels.telegram.polling）",
		"HOTLINE_BOT_MIN_CONFIDENCE": "「high」不是数字（用于 bot.min_confidence）",
	}
	if len(probs) != len(want) {
		t.Errorf("got %d problems, want %d: %v", len(probs), len(want), probs)
	}
	for _, p := range probs {
		if msg, ok := want[p.Path]; !ok || !strings.Contains(p.Msg, msg) || p.Line != 0 {
			t.Errorf("unexpected problem %s", p)
		}
	}
	if cfg.Outbox.Workers != 4 {
		t.Errorf("a bad value changed the setting to %d", cfg.Outbox.Workers)
	}
	if cfg.Server.Addr != ":7000" {
		t.Error("a good variable next to bad ones was not applied")
	}
}

func TestLoadEnvOverridesFile(t *testing.T) {
	path := writeFile(t, `server:
  log_format: xml
  addr: ":8081"
channels:
  wechat:
    app_id: wx1
`)
	getenv := envMap(map[string]string{
		"HOTLINE_SERVER_ADDR":       ":9999",
		"HOTLINE_WECHAT_APP_SECRET": "s",
		"HOTLINE_WECHAT_TOKEN":      "t",
		"HOTLINE_SERVER_LOG_FORMAT": "yaml",
		"HOTLINE_OUTBOX_WORKERS":    "x",
	})
	probs := loadProblems(t, path, getenv)
	want := []Problem{
		// The value came from the environment, so the file's line 2 is not
		// where to fix it.
		{"HOTLINE_OUTBOX_WORKERS", 0, "「x」不是整数（用于 outbox.workers）"},
		{"server.log_format", 0, "「yaml」不是日志格式，请用 text 或 json"},
	}
	if len(probs) != len(want) {
		t.Fatalf("got %v", probs)
	}
	for i, p := range probs {
		if p != want[i] {
			t.Errorf("problem %d = %+v, want %+v", i, p, want[i])
		}
	}

	cfg, err := load(path, envMap(map[string]string{"HOTLINE_SERVER_ADDR": ":9999", "HOTLINE_WECHAT_APP_SECRET": "s", "HOTLINE_WECHAT_TOKEN": "t", "HOTLINE_SERVER_LOG_FORMAT": "json"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Server.Addr != ":9999" || cfg.Channels.WeChat.AppID != "wx1" || cfg.Channels.WeChat.Token != "t" {
		t.Errorf("env over file: addr %q app_id %q token %q", cfg.Server.Addr, cfg.Channels.WeChat.AppID, cfg.Channels.WeChat.Token)
	}
}

func TestUnknownEnv(t *testing.T) {
	got := UnknownEnv([]string{"HOTLINE_DESK_TOKEN=x", "HOTLINE_DESK_TOKN=y", "HOTLINE_ADMIN_PASSWORD=z", "PATH=/bin", "HOTLINE_WECHAT_TOKEN="})
	if len(got) != 1 || got[0] != "HOTLINE_DESK_TOKN" {
		t.Fatalf("UnknownEnv = %v, want [HOTLINE_DESK_TOKN]", got)
	}
}
