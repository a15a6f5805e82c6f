package notify

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"hotline/config"
	"hotline/domain"
)

// TestCheckConfigTakesTheNumberRule: a liaison's mobile passes `hotline
// config check` exactly when domain.Parse reads it as a mainland mobile,
// the number its SMS then goes to. Before, config had a rule of its own
// that passed 12012345678 (no mobile prefix: Parse reads a service code)
// and "+1 3905371234" (a number in the United States) as mobiles.
func TestCheckConfigTakesTheNumberRule(t *testing.T) {
	for _, tt := range []struct {
		mobile string
		ok     bool
	}{
		{"13953706688", true},
		{"139 5370 6688", true},
		{"+86 139-5370-6688", true},
		{"0086 13953706688", true},
		{"8613953706688", true},
		{"１３９５３７０６６８８", true},
		{"(139) 5370 6688", true},
		{"1390000", false},
		{"12012345678", false},
		{"+1 3905371234", false},
		{"0537-7212345", false},
		{"13953706688 转 2", false},
	} {
		cfg, err := config.Default()
		if err != nil {
			t.Fatal(err)
		}
		cfg.Channels.Kannel.SendURL = "http://127.0.0.1:13013/cgi-bin/sendsms"
		cfg.Channels.Kannel.Secret = "kannel-secret-0123456789"
		cfg.Channels.Kannel.Username = "gw"
		cfg.Departments[0].Liaisons = []config.Liaison{{Name: "张三", Mobile: tt.mobile}}
		err = cfg.Validate(CheckConfig)
		var probs config.Problems
		if err != nil && !errors.As(err, &probs) {
			t.Fatalf("%q: %v", tt.mobile, err)
		}
		refused := false
		for _, p := range probs {
			if p.Path == "departments[0].liaisons[0].mobile" && p.Msg == "「"+tt.mobile+"」不是手机号码，如 13953706688" {
				refused = true
			} else {
				t.Errorf("%q: another problem: %v", tt.mobile, p)
			}
		}
		n, perr := domain.Parse(tt.mobile)
		if parsed := perr == nil && n.Mobile(); refused == parsed || refused == tt.ok {
			t.Errorf("%q: refused %v, domain.Parse reads a mobile %v (%q), want accepted %v", tt.mobile, refused, parsed, n, tt.ok)
		}
	}
}

// TestCheckConfigNamesTheLine: the problem carries the line of the file,
// for the leaders' liaisons and own contacts as for a department's.
func TestCheckConfigNamesTheLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hotline.yaml")
	yaml := "notify:\n  leaders:\n    liaisons: [{name: 王, mobile: \"123\"}]\n"
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := config.Load(path, CheckConfig)
	var probs config.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("load: %v", err)
	}
	for _, p := range probs {
		if p.Path == "notify.leaders.liaisons[0].mobile" && p.Line == 3 && p.Msg == "「123」不是手机号码，如 13953706688" {
			return
		}
	}
	t.Errorf("no problem at notify.leaders.liaisons[0].mobile, line 3: %v", probs)
}

// TestCheckConfigLeaderContact: a leader's own mobile
// (notify.leaders.contacts) passes the same rule, with its line.
func TestCheckConfigLeaderContact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hotline.yaml")
	yaml := "notify:\n  sms: false\n  leaders:\n    contacts:\n      - {account: mayor, name: 张明, mobile: \"13953700001\"}\n      - {account: deputy, name: 李华, mobile: \"0537-7212345\"}\n"
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := config.Load(path, CheckConfig)
	var probs config.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("load: %v", err)
	}
	if len(probs) != 1 || probs[0].Path != "notify.leaders.contacts[1].mobile" || probs[0].Line != 6 || probs[0].Msg != "「0537-7212345」不是手机号码，如 13953706688" {
		t.Errorf("problems %v, want only notify.leaders.contacts[1].mobile at line 6", probs)
	}
}
