package notify

import (
	"fmt"

	"hotline/config"
	"hotline/domain"
)

// CheckConfig checks the liaisons' mobile numbers (notify.leaders' and each
// department's) and the leaders' own (notify.leaders.contacts) with the one rule of a phone number, domain.Parse: their
// SMS goes to the number it reads, so one it does not read as a mainland
// mobile is a problem of `hotline config check`, not a notice dropped or
// sent to a service code later. server.ConfigChecks runs it with the rest
// of the file's checks.
func CheckConfig(c *config.Config, p *config.Checker) {
	check := func(path string, list []config.Liaison) {
		for j, l := range list {
			if l.Mobile == "" {
				continue
			}
			if n, err := domain.Parse(l.Mobile); err != nil || !n.Mobile() {
				p.Add(fmt.Sprintf("%s.liaisons[%d].mobile", path, j), config.MsgNotMobile, l.Mobile)
			}
		}
	}
	check("notify.leaders", c.Notify.Leaders.Liaisons)
	for j, l := range c.Notify.Leaders.Contacts {
		if l.Mobile == "" {
			continue
		}
		if n, err := domain.Parse(l.Mobile); err != nil || !n.Mobile() {
			p.Add(fmt.Sprintf("notify.leaders.contacts[%d].mobile", j), config.MsgNotMobile, l.Mobile)
		}
	}
	for i, d := range c.Departments {
		check(fmt.Sprintf("departments[%d]", i), d.Liaisons)
	}
}
