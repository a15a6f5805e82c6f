package config

import (
	"strings"
	"testing"
)

// TestCallsAndNotifyChecks: config check names each wrong phone and notice
// setting with its line.
func TestCallsAndNotifyChecks(t *testing.T) {
	path := writeFile(t, `calls:
  secret: short
  max_skew: 2h
  workday_start: "19:00"
notify:
  kinds: [dispatch, gossip]
  text: "{{.Text"
  quiet_hours: "22:00"
  wecom:
    corp_id: ww123
  webhook:
    url: ftp://oa.example
`)
	probs := loadProblems(t, path, noEnv)
	want := map[string]int{
		"calls.secret": 2, "calls.max_skew": 3, "calls.workday_start": 4,
		"notify.kinds[1]": 6, "notify.text": 7, "notify.quiet_hours": 8,
		"notify.wecom.corp_id": 10, "notify.wecom.agent_id": 0, "notify.webhook.url": 12, "notify.webhook.secret": 0,
	}
	got := map[string]int{}
	for _, p := range probs {
		if strings.HasPrefix(p.Path, "calls.") || strings.HasPrefix(p.Path, "notify.") {
			got[p.Path] = p.Line
			if p.Msg == "" {
				t.Errorf("%s: no message", p.Path)
			}
		}
	}
	for path, line := range want {
		l, ok := got[path]
		if !ok {
			t.Errorf("no problem reported at %s (got %v)", path, probs)
		} else if line != 0 && l != line {
			t.Errorf("%s reported at line %d, want %d", path, l, line)
		}
	}
}

func TestLiaisonChecks(t *testing.T) {
	cfg := mustDefault(t)
	// liaisons[0]: a mobile and no SMS channel (whether "1390000" is a
	// mobile is notify's check, notify.CheckConfig, by domain.Parse).
	cfg.Departments[0].Liaisons = []Liaison{{Name: "张三", Mobile: "1390000"}, {Name: "", WeCom: "lisi"}, {Name: "王五"}}
	cfg.Departments[0].RobotKey = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"
	err := cfg.Validate()
	if err == nil {
		t.Fatal("bad liaisons accepted")
	}
	for _, want := range []string{"liaisons[0].mobile", "liaisons[1].name", "liaisons[1].wecom_user", "liaisons[2]", "wecom_robot_key"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("no problem at %s in:\n%v", want, err)
		}
	}
	cfg = mustDefault(t)
	cfg.Departments[0].Liaisons = []Liaison{{Name: "张三", Mobile: "139 0000 0001"}}
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "没有配置短信渠道") {
		t.Errorf("SMS liaison without an SMS channel: %v", err)
	}
	cfg.Channels.Kannel.SendURL = "http://127.0.0.1:13013/cgi-bin/sendsms"
	cfg.Channels.Kannel.Secret = "kannel-secret-0123456789"
	cfg.Channels.Kannel.Username = "gw"
	if err := cfg.Validate(); err != nil && strings.Contains(err.Error(), "liaisons") {
		t.Errorf("a good liaison refused: %v", err)
	}
}

func TestNotifyEnv(t *testing.T) {
	for _, name := range []string{"HOTLINE_CALLS_SECRET", "HOTLINE_NOTIFY_WECOM_CORP_SECRET", "HOTLINE_NOTIFY_WEBHOOK_SECRET"} {
		if _, ok := EnvPath(name); !ok {
			t.Errorf("%s overrides nothing", name)
		}
	}
	t.Setenv("HOTLINE_TEST_ROBOT", "k123")
	if got := (Department{RobotKey: "env:HOTLINE_TEST_ROBOT"}).Key(); got != "k123" {
		t.Errorf("env: robot key = %q", got)
	}
}
