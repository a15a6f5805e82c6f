package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// A Check from another package reports through the same list as Validate's
// own checks: with the file's lines, sorted with the rest, and HTTP paths
// unique across checks.
func TestValidateRunsOtherPackagesChecks(t *testing.T) {
	file := filepath.Join(t.TempDir(), "city.yaml")
	yaml := "server:\n  log_format: xml\nchannels:\n  wechat:\n    path: /hook\n  telegram:\n    path: /hook\n"
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	wechat := func(c *Config, p *Checker) {
		p.Path("channels.wechat.path", c.Channels.WeChat.Path)
		p.Add("channels.wechat.app_id", MsgWeChatAESKey, 7)
	}
	telegram := func(c *Config, p *Checker) { p.Path("channels.telegram.path", c.Channels.Telegram.Path) }
	_, err := load(file, noEnv, wechat, telegram)
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("load = %v, want Problems", err)
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	want := []string{
		`server.log_format（第 2 行）：「xml」不是日志格式，请用 text 或 json`,
		`channels.telegram.path（第 7 行）：「/hook」已是 channels.wechat.path 的路径`,
		`channels.wechat.app_id：须为微信公众平台上显示的 43 个字符，而不是 7 个`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%q\nwant\n%q", got, want)
	}

	// RunChecks runs the checks alone.
	cfg := mustDefault(t)
	cfg.Server.LogFormat = "xml"
	if err := cfg.RunChecks(telegram); err != nil {
		t.Errorf("RunChecks(telegram) = %v, want nil", err)
	}
	if err := cfg.RunChecks(wechat); !errors.As(err, &probs) || len(probs) != 1 || probs[0].Path != "channels.wechat.app_id" {
		t.Errorf("RunChecks(wechat) = %v, want the one problem it adds", err)
	}
}

// desk.reveal_token equal to desk.token would let every agent's token see
// whole numbers: config check says so, where serve used to stop on desk's
// English.
func TestRevealTokenDiffersFromToken(t *testing.T) {
	file := filepath.Join(t.TempDir(), "city.yaml")
	yaml := "desk:\n  token: 0123456789abcdef0123\n  reveal_token: 0123456789abcdef0123\n"
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := load(file, noEnv)
	var probs Problems
	if !errors.As(err, &probs) || len(probs) != 1 ||
		probs[0].String() != "desk.reveal_token（第 3 行）：与 desk.token 相同：能看到完整号码的令牌须与坐席令牌不同" {
		t.Fatalf("load = %v", err)
	}
}
