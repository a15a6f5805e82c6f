package config

import (
	"errors"
	"strings"
	"testing"
)

// A city's channel_labels replace the default's: the channels it names
// take its labels, the others their descriptors'; an empty label, or a
// list without phone and desk, is refused.
func TestChannelLabelsOverride(t *testing.T) {
	cfg, err := load(writeFile(t, "channel_labels:\n  wechat: 微信公众号\n  hotline_app: 爱山东APP\n  phone: 电话\n  desk: 坐席登记\n"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"wechat": "微信公众号", "sms": "x", "phone": "电话", "hotline_app": "爱山东APP"} {
		if got := cfg.ChannelLabel(name, "x"); got != want {
			t.Errorf("ChannelLabel(%s) = %q, want %q", name, got, want)
		}
	}
	if got := cfg.ChannelLabel("fax", "传真"); got != "传真" {
		t.Errorf("a channel the config leaves out takes its descriptor's label, got %q", got)
	}
	if got := cfg.ChannelLabel("fax", ""); got != "fax" {
		t.Errorf("a channel nobody names keeps its name, got %q", got)
	}

	_, err = load(writeFile(t, "channel_labels:\n  sms: \"\"\n"), noEnv)
	var probs Problems
	if !errors.As(err, &probs) || !strings.Contains(err.Error(), "channel_labels.sms（第 2 行）：不能为空") ||
		!strings.Contains(err.Error(), "缺少 phone：") || !strings.Contains(err.Error(), "缺少 desk：") {
		t.Errorf("an empty label, no phone, no desk: %v", err)
	}
}
