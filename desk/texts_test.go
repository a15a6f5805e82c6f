package desk

import (
	"testing"

	"hotline/config"
	"hotline/domain"
	"hotline/ticket"
)

// TestCitizenLabelFromConfig: a conversation's header names the citizen
// with desk.citizen_label and desk.anonymous, masked either way.
func TestCitizenLabelFromConfig(t *testing.T) {
	def, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	custom := def.Desk
	custom.CitizenLabel, custom.Anonymous = "来信人（{{.Who}}）", "未留名"
	withPhone := &domain.Citizen{Phones: []string{"13953706688"}}
	named := &ticket.Ticket{Name: "王芳"}
	for _, c := range []struct {
		d     config.Desk
		cit   *domain.Citizen
		draft *ticket.Ticket
		want  string
	}{
		{def.Desk, withPhone, nil, "市民 139****6688"},
		{def.Desk, nil, named, "市民 王**"},
		{def.Desk, nil, nil, "匿名市民"},
		{custom, withPhone, nil, "来信人（139****6688）"},
		{custom, nil, named, "来信人（王**）"},
		{custom, &domain.Citizen{}, &ticket.Ticket{}, "未留名"},
	} {
		if got := citizenLabel(c.d, c.cit, c.draft); got != c.want {
			t.Errorf("citizenLabel = %q, want %q", got, c.want)
		}
	}
}
