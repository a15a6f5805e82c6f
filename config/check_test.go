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
		p.Add("channels.wechat.app_id", "a problem with no line")
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
		`server.log_format (line 2): "xml" is not a log format; use text or json`,
		`channels.telegram.path (line 7): "/hook" is already the path of channels.wechat.path`,
		`channels.wechat.app_id: a problem with no line`,
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
